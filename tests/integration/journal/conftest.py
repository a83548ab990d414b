"""Journal tests run with every save after the first going to the journal."""

from __future__ import annotations

import pytest

import mou_tracker.storage.jsonfile as jsonfile


@pytest.fixture(autouse=True)
def always_journal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(jsonfile, "SMALL_SNAPSHOT_BYTES", 0)
