"""Reliability harnesses (issue #6): crash, fault injection, concurrency, fuzzing, security;
and the PostgreSQL repository against a real server (issue #12).

Each harness module exposes ``figures(profile) -> list[Figure]``; the ``test_*`` modules run the
fast profile inside ``make test`` and ``python -m reliability`` (``make reliability``) runs the
full profile and prints one table. Every harness has a negative control: the same harness run
against a deliberately broken variant must fail, proving it can see the bug it looks for.
"""
