"""Benchmarks for mou-tracker at treaty-series scale (``make bench``); not part of the package.

- :mod:`benchmarks.generate`: seeded synthetic agreements and engagements (domain objects);
- :mod:`benchmarks.cache`: the files built once per size and reused (``benchmarks/.cache/``);
- :mod:`benchmarks.tasks`, :mod:`benchmarks.pgtasks`, :mod:`benchmarks.dashtasks`: one
  measurement each, run in a fresh process (``python -m benchmarks.tasks``);
- :mod:`benchmarks.harness`: running tasks, scratch copies, repeats within a budget;
- :mod:`benchmarks.measure`: every series at one size (JSON store, floor, PostgreSQL);
- :mod:`benchmarks.once`: the figures measured once (CLI start, the GGO dashboard);
- :mod:`benchmarks.postgres`: the bench's own durable throwaway PostgreSQL server;
- :mod:`benchmarks.figures`, :mod:`benchmarks.table`: targets, verdicts and the table;
- :mod:`benchmarks.run`: runs everything and prints the table (``build/bench/results.md``);
- :mod:`benchmarks.floor`: the floor of opening into attrs objects, alone.

orjson and TinyDB (the ``bench`` extra) are imported here only, never by the library.
"""
