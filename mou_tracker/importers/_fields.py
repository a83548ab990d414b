"""Validators and converters of the mapping's fields (each failure is a :class:`MappingError`)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import TypeVar

import attrs

from mou_tracker.domain import AgreementKind, AgreementStatus, CooperationArea, Country
from mou_tracker.domain.vocabulary import validate_side
from mou_tracker.errors import UnknownCountryError, ValidationError
from mou_tracker.importers.errors import MappingError
from mou_tracker.importers.policies import DERIVE, SKIP, fold_value

E = TypeVar("E", AgreementKind, AgreementStatus)


def text(_instance: object, attribute: attrs.Attribute[str], value: object) -> None:
    if not isinstance(value, str) or not value.strip():
        raise MappingError(f"{attribute.name} must be a non-empty text", field=attribute.name)


def optional_text(instance: object, attribute: attrs.Attribute[str | None], value: object) -> None:
    if value is not None:
        text(instance, attribute, value)  # type: ignore[arg-type]


def text_set(value: Iterable[str]) -> frozenset[str]:
    if isinstance(value, str):
        return frozenset({value})
    return frozenset(value)


def area_list(value: Iterable[CooperationArea]) -> tuple[CooperationArea, ...]:
    return tuple(value)


def texts(value: Iterable[str]) -> tuple[str, ...]:
    if isinstance(value, str):
        return (value,)
    return tuple(value)


def enum_value(cls: type[E], value: E | str, *, where: str) -> E:
    try:
        return cls(value)
    except ValueError:
        choices = ", ".join(member.value for member in cls)
        raise MappingError(
            f"{where}: {value!r} is not one of {choices}", field=where.split(" ")[0]
        ) from None


def kind_map(value: Mapping[str, AgreementKind | str]) -> dict[str, AgreementKind]:
    return {
        fold_value(key): enum_value(AgreementKind, kind, where=f"kind.map {key!r}")
        for key, kind in value.items()
    }


def status_map(
    value: Mapping[str, AgreementStatus | str | None],
) -> dict[str, AgreementStatus | None]:
    return {
        fold_value(key): None
        if status is None or status == DERIVE
        else enum_value(AgreementStatus, status, where=f"status.map {key!r}")
        for key, status in value.items()
    }


def ended_map(value: Mapping[str, AgreementStatus | str]) -> dict[str, AgreementStatus]:
    """Cell -> an ended status (``expired``, ``terminated`` or ``superseded``)."""
    result = {}
    for key, word in value.items():
        status = enum_value(AgreementStatus, word, where=f"status.detail.map {key!r}")
        if not status.is_ended:
            ended = ", ".join(s.value for s in AgreementStatus if s.is_ended)
            raise MappingError(
                f"status.detail.map {key!r}: {status.value!r} is not an ended status ({ended})",
                field="status.detail.map",
            )
        result[fold_value(key)] = status
    return result


def area_map(value: Mapping[str, str]) -> dict[str, str]:
    result = {}
    for key, code in value.items():
        if code != SKIP:
            try:
                CooperationArea(code=code, label=code)
            except ValidationError as exc:
                raise MappingError(f"areas.map {key!r}: {exc}", field="areas.map") from None
        result[fold_value(key)] = code
    return result


_DIRECTIVE = re.compile(r"%(.)")
_ALLOWED_DIRECTIVES = frozenset("YmdbB%")


def date_format(_instance: object, _attribute: object, value: object) -> None:
    """``iso`` or a ``strptime`` format of calendar fields with a four-digit year (``%Y``)."""
    if value == "iso":
        return
    if not isinstance(value, str):
        raise MappingError(f"a date format must be a text, got {value!r}", field="format")
    directives = set(_DIRECTIVE.findall(value))
    if "y" in directives:
        raise MappingError(
            f"date format {value!r}: two-digit years (%y) are ambiguous; use %Y", field="format"
        )
    if "Y" not in directives or not directives <= _ALLOWED_DIRECTIVES:
        raise MappingError(
            f"date format {value!r}: use 'iso' or a strptime format made of %Y, %m, %d, %b "
            "and %B (for example '%m/%d/%Y' or '%d/%m/%Y')",
            field="format",
        )
    if "d" in directives and not directives & {"m", "b", "B"}:
        raise MappingError(f"date format {value!r}: a day needs a month", field="format")


def date_formats(instance: object, _attribute: object, value: tuple[str, ...]) -> None:
    """Each of a date column's ``formats`` is a format; they replace its ``format``."""
    for fmt in value:
        date_format(instance, None, fmt)
    if value and getattr(instance, "format", "iso") != "iso":
        raise MappingError("give a date column format or formats, not both", field="formats")


def party_names(instance: object, _attribute: object, value: tuple[str, ...]) -> None:
    """``parties.names``: one name column per code column of ``parties.columns``."""
    columns = getattr(instance, "columns", ())
    if value and not columns:
        raise MappingError(
            "parties.names only applies to parties.columns (a name column beside each code column)",
            field="parties.names",
        )
    if value and len(value) != len(columns):
        raise MappingError(
            "parties.names needs one name column per code column in parties.columns "
            f"({len(columns)}), in the same order",
            field="parties.names",
        )


def _texts(value: Iterable[str]) -> tuple[str, ...]:
    if isinstance(value, str):
        raise MappingError(
            f"expected a list of countries, got the text {value!r}", field="country_map"
        )
    return tuple(value)


@attrs.frozen(kw_only=True)
class CountrySide:
    """A ``country_map`` target for a name that stands for several countries taking one side:
    ``{ side = "BLEU", countries = ["BE", "LU"] }`` (see :attr:`Party.side
    <mou_tracker.domain.Party.side>`). The countries are codes or names."""

    side: str
    countries: tuple[str, ...] = attrs.field(converter=_texts)


CountryTarget = str | CountrySide
"""What a ``country_map`` entry maps a name to: ``"skip"``, a country, or a side."""


def country_map(_instance: object, _attribute: object, value: Mapping[str, CountryTarget]) -> None:
    """Every target is ``"skip"``, a country or a side of countries."""
    for key, target in value.items():
        country_target(key, target)


def country_target(key: str, target: CountryTarget) -> str | CountrySide | None:
    """The alpha-2 code the ``country_map`` entry ``key`` maps to, None for ``"skip"``, or the
    side with its countries as alpha-2 codes (:class:`MappingError` when ``target`` is none of
    these)."""
    if isinstance(target, CountrySide):
        return _side_target(key, target)
    if target == SKIP:
        return None
    try:
        return Country.parse(target).code
    except (UnknownCountryError, TypeError):
        raise MappingError(
            f"country_map {key!r}: {target!r} is not a country; give an ISO code, "
            f"a country name, {SKIP!r} or a side ({{ side = ..., countries = [...] }})",
            field="country_map",
        ) from None


def _side_target(key: str, target: CountrySide) -> CountrySide:
    try:
        validate_side(target.side)
    except ValidationError as exc:
        raise MappingError(f"country_map {key!r}: {exc}", field="country_map") from None
    codes: list[str] = []
    for name in target.countries:
        code = country_target(key, name) if name != SKIP else None
        if code is None or not isinstance(code, str):
            raise MappingError(
                f"country_map {key!r}: {name!r} is not a country of side {target.side!r}",
                field="country_map",
            )
        if code in codes:
            raise MappingError(
                f"country_map {key!r}: {code} is listed twice in side {target.side!r}",
                field="country_map",
            )
        codes.append(code)
    if not codes:
        raise MappingError(
            f"country_map {key!r}: side {target.side!r} lists no countries", field="country_map"
        )
    return CountrySide(side=target.side, countries=tuple(codes))
