"""Fixtures shared by the integration tests: a store path, and a store holding one agreement."""

from __future__ import annotations

from pathlib import Path

import pytest

from mou_tracker import Agreement, JsonRepository


@pytest.fixture
def path(tmp_path: Path) -> Path:
    """Where the test's store lives (not created)."""
    return tmp_path / "store.json"


@pytest.fixture
def saved(path: Path, agreement: Agreement) -> Path:
    """A valid store holding the fixture agreement, at version 1."""
    JsonRepository(path).add(agreement)
    return path
