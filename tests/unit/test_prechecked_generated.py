"""The generated module (``mou_tracker/storage/_prechecked_generated.py``): current, guarded
by its layouts, and built the same way for kinds of fields the model does not use (yet)."""

from __future__ import annotations

import enum
import importlib.util
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import attrs
import pytest
from test_prechecked import _agree

from mou_tracker import Agreement, JsonRepository
from mou_tracker.storage import _prechecked_generated, document, prechecked
from mou_tracker.storage.prechecked import _describe, builders, layout
from tools.gen_prechecked import TARGET, generate


def test_the_checked_in_module_is_what_the_generator_writes_from_the_model_now() -> None:
    assert generate() == TARGET.read_text("utf-8"), "stale: run make generated"


def test_every_generated_class_has_the_layout_it_was_generated_from() -> None:
    assert builders(_prechecked_generated) is _prechecked_generated.BUILDERS
    assert set(_prechecked_generated.LAYOUTS) == set(_prechecked_generated.BUILDERS)


def test_the_layouts_are_the_same_in_a_process_with_another_hash_seed() -> None:
    code = (
        "from mou_tracker.storage import _prechecked_generated as g\n"
        "from mou_tracker.storage.prechecked import layout\n"
        "print([layout(c) for c in g.LAYOUTS])\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        env={"PYTHONHASHSEED": "12345"},
        capture_output=True,
        text=True,
        check=True,
    )
    assert done.stdout.strip() == str(list(_prechecked_generated.LAYOUTS.values()))


@pytest.fixture
def stale(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The generated module as if the model had changed since (Agreement's layout differs)."""
    layouts = {**_prechecked_generated.LAYOUTS, Agreement: "0" * 16}
    monkeypatch.setattr(_prechecked_generated, "LAYOUTS", layouts)
    prechecked._generated.cache_clear()
    prechecked._prechecked.cache_clear()
    yield
    prechecked._generated.cache_clear()
    prechecked._prechecked.cache_clear()


@pytest.mark.usefixtures("stale")
def test_a_stale_generated_module_is_not_used_and_records_still_open_through_the_converter(
    tmp_path: Path, agreement: Agreement
) -> None:
    JsonRepository(tmp_path / "store.json").add(agreement)
    assert prechecked.prechecked(Agreement) is not _prechecked_generated._agreement
    assert JsonRepository(tmp_path / "store.json").get(agreement.id) == agreement


class _Colour(enum.Enum):
    RED = "red"


@attrs.frozen
class _Wrapped:
    inner: Any


@pytest.mark.parametrize(
    ("value", "described"),
    [
        (_Colour, "test_prechecked_generated._Colour[\"'red'\"]"),
        (tuple[int, ...], "builtins.tuple[builtins.int, Ellipsis]"),
        (_Wrapped(inner=(1, [2])), "test_prechecked_generated._Wrapped([1, [2]])"),
        (frozenset({"b", "a"}), "{'a', 'b'}"),
        (object(), "<object object>"),
        (_Wrapped(_Wrapped(_Wrapped(_Wrapped(_Wrapped(1))))), "...)))))"),
    ],
)
def test_a_layout_describes_values_without_addresses_or_set_order(
    value: Any, described: str
) -> None:
    assert _describe(value).endswith(described)


def test_a_layout_changes_when_a_validator_does() -> None:
    def layouts(validator: Any) -> str:
        return layout(attrs.make_class("Thing", {"x": attrs.field(validator=validator)}))

    assert layouts(attrs.validators.instance_of(int)) == layouts(attrs.validators.instance_of(int))
    assert layouts(attrs.validators.instance_of(int)) != layouts(attrs.validators.instance_of(str))


# -- classes the model does not have (yet): every kind of field the generator knows --------------


def _needs_instance(instance: Any, _attribute: Any, value: Any) -> None:
    if value != instance.count:
        raise ValueError("needs the count")


@attrs.frozen(kw_only=True)
class Gadget:
    count: int
    flag: bool | None = None
    label: str = attrs.field(default=" x ", converter=str.strip)
    tags: tuple[str, ...] = attrs.field(factory=tuple, converter=tuple)
    same: int = attrs.field(default=0, validator=_needs_instance)
    sizes: frozenset[int] = attrs.field(factory=frozenset)


@attrs.frozen(kw_only=True)
class Early:
    name: str

    def __attrs_pre_init__(self) -> None:
        pass


@pytest.mark.parametrize(
    ("raw", "valid"),
    [
        ({"count": 0}, True),
        ({"count": 2, "same": 2, "flag": True, "label": " y ", "tags": ["a", "b"]}, True),
        ({"count": 0, "sizes": [3, 1]}, True),
        ({"count": 0, "sizes": [1, 1]}, False),
        ({"count": 0, "sizes": [1, "1"]}, False),
        ({"count": 2}, False),
        ({"count": 2**53}, False),
        ({"count": 1, "same": 1, "flag": 1}, False),
        ({"count": 1, "same": 1, "tags": ["a", 1]}, False),
        ({"count": 1, "same": 1, "extra": None}, False),
        ([], False),
    ],
)
def test_the_fast_path_agrees_on_fields_the_model_does_not_use(
    raw: Any, valid: bool, gadgets: ModuleType
) -> None:
    assert builders(gadgets) is gadgets.BUILDERS
    assert _agree(raw, Gadget, gadgets.BUILDERS[Gadget]) is valid


def test_a_class_with_a_pre_init_goes_through_the_converter(gadgets: ModuleType) -> None:
    assert gadgets.BUILDERS[Early]({"name": "x"}) == Early(name="x")
    assert prechecked.prechecked(Early)({"name": "x"}) == Early(name="x")


@attrs.frozen(kw_only=True, slots=False)
class Loose:
    name: str


def test_a_class_without_slots_is_built_the_same(gadgets: ModuleType) -> None:
    assert _agree({"name": "x"}, Loose, gadgets.BUILDERS[Loose])
    assert not _agree({"name": 1}, Loose, gadgets.BUILDERS[Loose])


@pytest.fixture(scope="module")
def gadgets(tmp_path_factory: pytest.TempPathFactory) -> ModuleType:
    """The module the generator writes for the classes above, imported."""
    path = tmp_path_factory.mktemp("generated") / "gadgets_generated.py"
    path.write_text(generate((Gadget, Early, Loose)), "utf-8")
    spec = importlib.util.spec_from_file_location("gadgets_generated", path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_a_record_the_fast_path_refuses_but_the_converter_accepts_still_opens(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, agreement: Agreement
) -> None:
    JsonRepository(tmp_path / "store.json").add(agreement)

    def refuse(_raw: Any) -> Any:
        raise prechecked.Refused

    monkeypatch.setattr(document, "prechecked", lambda _cls: refuse)
    assert JsonRepository(tmp_path / "store.json").get(agreement.id) == agreement
