"""``python -m mou_tracker``: the same command line as ``mou-tracker``."""

from mou_tracker.cli import main

if __name__ == "__main__":
    main()
