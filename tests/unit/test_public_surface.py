"""The public surface matches the docs: what the docs and examples import is public, and what
is private stays private."""

from __future__ import annotations

import importlib
import re
from pathlib import Path

import pytest

import mou_tracker
import mou_tracker.reports
import mou_tracker.storage

ROOT = Path(__file__).resolve().parents[2]
PAGES = sorted(
    [ROOT / "README.md", *(ROOT / "docs").glob("*.md"), *(ROOT / "examples").glob("*.py")]
)
_IMPORT = re.compile(r"from (mou_tracker[\w.]*) import (?:\(([^)]*)\)|([\w, ]+))")


def _imports() -> list[tuple[str, str, str]]:
    found = []
    for page in PAGES:
        for module, grouped, inline in _IMPORT.findall(page.read_text(encoding="utf-8")):
            for name in re.split(r"[,\s.]+", grouped or inline):
                if name:
                    found.append((page.name, module, name))
    return found


@pytest.mark.parametrize(("page", "module", "name"), _imports())
def test_every_name_the_docs_and_examples_import_is_public(
    page: str, module: str, name: str
) -> None:
    assert not any(part.startswith("_") for part in module.split(".")), f"{page}: {module}"
    assert name in importlib.import_module(module).__all__, f"{page} imports {name} from {module}"


def test_the_converter_stays_private() -> None:
    assert not hasattr(mou_tracker.storage, "make_converter")
    assert "make_converter" not in mou_tracker.storage.__all__


def test_no_report_function_hides_a_submodule_of_the_same_name() -> None:
    for name in mou_tracker.reports.__all__:
        with pytest.raises(ModuleNotFoundError):
            importlib.import_module(f"mou_tracker.reports.{name}")


def test_the_services_the_docs_use_are_exported_from_the_package() -> None:
    assert {"move_engagement", "reschedule_deadline", "due_status", "DueResolver"} <= set(
        mou_tracker.__all__
    )
