"""Development-time tools (not part of the package): ``python -m tools.gen_prechecked``."""
