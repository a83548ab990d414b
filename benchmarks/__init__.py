"""Benchmarks for mou-tracker at treaty-series scale (``make bench``); not part of the package.

- :mod:`benchmarks.generate`: seeded synthetic agreements and engagements (domain objects);
- :mod:`benchmarks.cache`: the files built once per size and reused (``benchmarks/.cache/``);
- :mod:`benchmarks.tasks`: one measurement, run in a fresh process (``python -m benchmarks.tasks``);
- :mod:`benchmarks.run`: runs every figure and prints the table of ratios against baselines.

orjson and TinyDB (the ``bench`` extra) are imported here only, never by the library.
"""
