"""The public surface matches the docs: what the docs and examples import is public, and what
is private stays private."""

from __future__ import annotations

import ast
import importlib
import importlib.util
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


def _type_checking_imports() -> dict[str, str]:
    """Name -> module, as the package's ``if TYPE_CHECKING:`` block imports them."""
    tree = ast.parse((ROOT / "mou_tracker" / "__init__.py").read_text(encoding="utf-8"))
    block = next(
        node
        for node in tree.body
        if isinstance(node, ast.If) and ast.unparse(node.test) == "TYPE_CHECKING"
    )
    return {
        alias.name: node.module or ""
        for node in block.body
        if isinstance(node, ast.ImportFrom)
        for alias in node.names
    }


def test_type_checkers_see_every_name_the_package_imports_on_first_use() -> None:
    assert _type_checking_imports() == mou_tracker._LAZY


def test_every_public_name_of_the_package_is_the_object_its_module_defines() -> None:
    for name in mou_tracker.__all__:
        if name == "PostgresRepository" and importlib.util.find_spec("psycopg") is None:
            continue
        value = getattr(mou_tracker, name)
        module = mou_tracker._LAZY.get(name, "mou_tracker.errors")
        if name != "__version__":
            assert value is getattr(importlib.import_module(module), name), name
        assert name in dir(mou_tracker)


def test_a_name_the_package_does_not_have_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="has no attribute 'Nonexistent'"):
        mou_tracker.Nonexistent  # noqa: B018
