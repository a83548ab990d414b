"""A store full of hostile texts for the dashboard's tests (unit and browser).

The security harness's markup and formula texts (:mod:`reliability._security_data`) plus
payloads that would log to the console or set ``window.pwned`` if they ever ran, planted in
every field the page shows: agreement titles, places and notes, commitment texts,
engagement titles and area labels. Its commitments fall due in June 2025: as of
:data:`AS_OF` every one is overdue, so the page lists them all.
"""

from __future__ import annotations

import random

import pendulum
from reliability._security_data import PER_UNIT, formula_texts, markup_texts, plant

from mou_tracker import InMemoryRepository

__all__ = ["AS_OF", "PAYLOADS", "hostile_store", "promises"]

AS_OF = pendulum.Date(2025, 7, 1)
PAYLOADS = (
    "<script>window.pwned = 1; console.log('pwned')</script>",
    "<img src=x onerror=\"window.pwned = 2; console.log('pwned')\">",
    '"><svg onload="window.pwned = 3; console.log(\'pwned\')">',
    '\'><iframe srcdoc="<script>parent.pwned = 4</script>"></iframe>',
    "</textarea></style></script><script>window.pwned = 5</script>",
)


def hostile_store() -> tuple[InMemoryRepository, list[str]]:
    """The store and the texts planted in it (the same every time)."""
    rng = random.Random(13)  # noqa: S311 (reproducible test data, not a secret)
    texts = [*PAYLOADS, *markup_texts(rng, 30), *formula_texts(rng, 15)]
    repo = InMemoryRepository()
    plant(repo, texts, [*PAYLOADS[:3], *markup_texts(rng, 2)])
    return repo, texts


def promises(texts: list[str]) -> list[str]:
    """The planted texts that became commitment texts (the fourth of each group)."""
    return texts[3::PER_UNIT]
