"""Reading the parties of a row: one column per party, a free-text list, or a joined table.

Lists are split on the mapping's separators outside parentheses; a leading "and" is dropped
("Peru, and Chile"). ``Name (gloss)`` is read as ``Name`` when the gloss names no other country
("United Arab Emirates (UAE)"); ``Group (A; B; C)`` is a grouping with its members, rejected or
expanded to ``A, B, C`` as the mapping's ``member_lists`` says.

>>> from mou_tracker.importers.countries import CountryResolver
>>> read = PartyReader(CountryResolver(), separators=(",",), split_words=True)
>>> found = read.list_cell("Bolivia, Colombia and Ecuador, Tchad")
>>> found.codes, found.notes
(('BO', 'CO', 'EC', 'TD'), ("read 'Colombia and Ecuador' as CO, EC",))
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import attrs

from mou_tracker.domain import Country
from mou_tracker.importers._fields import CountrySide
from mou_tracker.importers.countries import CountryResolver, Resolution
from mou_tracker.importers.policies import MemberLists
from mou_tracker.importers.problems import CellError

__all__ = ["PartiesRead", "PartyReader"]

_CONJUNCTION = re.compile(r"^(?:and|&)\s+", re.IGNORECASE)
_WORD_BREAK = re.compile(r"\s+and\s+|\s+", re.IGNORECASE)


@attrs.frozen
class PartiesRead:
    """The countries found in order (each once), the names skipped by the mapping, notes for the
    report, and the problems (each a reason, a category and the text at fault)."""

    codes: tuple[str, ...] = ()
    skipped: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    problems: tuple[tuple[str | None, str, str, str], ...] = ()
    """(column or None for the list's own column, text at fault, reason, category)."""
    sides: tuple[tuple[str, str], ...] = ()
    """(code, side) for the countries a ``country_map`` side put on a named side."""

    def side_of(self, code: str) -> str | None:
        return dict(self.sides).get(code)

    def side_count(self) -> int:
        """How many sides the countries make (a country with no named side is its own)."""
        named = dict(self.sides)
        return len({named.get(code, (code,)) for code in self.codes})


@attrs.define
class _Found:
    codes: list[str] = attrs.Factory(list)
    skipped: list[str] = attrs.Factory(list)
    notes: list[str] = attrs.Factory(list)
    problems: list[tuple[str | None, str, str, str]] = attrs.Factory(list)
    sides: dict[str, str] = attrs.Factory(dict)

    def add(self, text: str, resolution: Resolution, where: str | None = None) -> None:
        if resolution.side is not None:
            self.side(text, resolution.side, where)
        elif resolution.code is not None:
            if resolution.code not in self.codes:
                self.codes.append(resolution.code)
            if resolution.note:
                self.notes.append(resolution.note)
        elif resolution.skipped:
            if text.strip() not in self.skipped:
                self.skipped.append(text.strip())
        else:
            self.problem(
                text, resolution.problem or "unknown", resolution.category or "unknown", where
            )

    def side(self, text: str, side: CountrySide, where: str | None) -> None:
        """The side's countries, on the side (a country also listed on its own takes it)."""
        for code in side.countries:
            other = self.sides.get(code)
            if other is not None and other != side.side:
                self.problem(
                    text,
                    f"{code} is on two sides ({other!r} and {side.side!r})",
                    "conflicting-sides",
                    where,
                )
                return
        self.notes.append(
            f"read {text.strip()!r} as the side {side.side!r}: {', '.join(side.countries)}"
        )
        for code in side.countries:
            self.sides[code] = side.side
            if code not in self.codes:
                self.codes.append(code)

    def problem(self, text: str, reason: str, category: str, where: str | None = None) -> None:
        self.problems.append((where, text.strip(), reason, category))

    def frozen(self) -> PartiesRead:
        return PartiesRead(
            tuple(self.codes),
            tuple(self.skipped),
            tuple(self.notes),
            tuple(self.problems),
            tuple(self.sides.items()),
        )


class PartyReader:
    """Reads party names with one resolver, by one mapping's list rules."""

    def __init__(
        self,
        resolver: CountryResolver,
        *,
        separators: tuple[str, ...] = (",", ";"),
        split_words: bool = False,
        member_lists: MemberLists = MemberLists.REJECT,
    ) -> None:
        self.resolver = resolver
        self.separators = separators
        self.split_words = split_words
        self.member_lists = member_lists

    def names(self, names: Iterable[str]) -> PartiesRead:
        """One name per cell (party columns); blank cells are left out."""
        return self.table_names(((0, name) for name in names), column=None)

    def columns(self, cells: Iterable[tuple[str, str]]) -> PartiesRead:
        """One name per (column, cell), one column per party: a problem names its own column;
        blank cells are left out."""
        found = _Found()
        for column, name in cells:
            if name.strip():
                found.add(name, self.resolver.resolve(name), column)
        return found.frozen()

    def table_names(self, rows: Iterable[tuple[int, str]], *, column: str | None) -> PartiesRead:
        """One name per row of a parties table: (row number in its file, cell); a problem names
        ``column`` and the row (row 0: no row, the column of the main file)."""
        found = _Found()
        for number, name in rows:
            if name.strip():
                where = f"{column} (parties file row {number})" if number and column else column
                found.add(name, self.resolver.resolve(name), where)
        return found.frozen()

    def cross_check(
        self, pairs: Iterable[tuple[str, str, str, str]]
    ) -> list[tuple[str, str, str, str]]:
        """For each party, (code column, code cell, name column, name cell): a
        ``code-name-mismatch`` for a code and a name that resolve to different countries, a
        ``note`` for a name that resolves to no country. Each is (column, value, reason,
        category); a blank, skipped or unknown code is left to :meth:`names`.

        >>> read = PartyReader(CountryResolver())
        >>> read.cross_check([("ISO-Party2", "NG", "Party2", "Niger")])[0][2]
        "ISO-Party2 'NG' is Nigeria but Party2 'Niger' is Niger"
        """
        said = []
        for code_column, code_text, name_column, name_text in pairs:
            code = self.resolver.resolve(code_text).code if code_text.strip() else None
            if code is None or not name_text.strip():
                continue
            name = self.resolver.resolve(name_text)
            if name.code is not None and name.code != code:
                said.append(
                    (
                        code_column,
                        code_text.strip(),
                        f"{code_column} {code_text.strip()!r} is {Country.of(code).name} but "
                        f"{name_column} {name_text.strip()!r} is {Country.of(name.code).name}",
                        "code-name-mismatch",
                    )
                )
            elif name.code is None and not name.skipped:
                said.append(
                    (
                        name_column,
                        name_text.strip(),
                        f"{name_column} {name_text.strip()!r} is not checked against "
                        f"{code_column} {code_text.strip()!r}: {name.problem}",
                        "note",
                    )
                )
        return said

    def list_cell(self, text: str) -> PartiesRead:
        """A free-text list of countries."""
        found = _Found()
        try:
            tokens = _split(text, self.separators)
        except CellError as exc:
            found.problem(text, exc.reason, exc.category)
            return found.frozen()
        for token in tokens:
            self._token(token, found)
        return found.frozen()

    def _token(self, token: str, found: _Found) -> None:
        token = _CONJUNCTION.sub("", token.strip()).strip()
        if not token.strip(" ."):
            return
        if "(" not in token:
            self._name(token, found)
            return
        whole = self.resolver.resolve(token)
        if whole.found:
            found.add(token, whole)
            return
        outer, inner, rest = _parenthesis(token)
        members = _split(inner, self.separators)
        if len([m for m in members if m.strip()]) >= 2:
            if self.member_lists is MemberLists.EXPAND:
                found.notes.append(f"read {outer.strip()!r} as its listed members")
                for member in members:
                    self._token(member, found)
            else:
                found.problem(
                    token,
                    f"the grouping {outer.strip()!r} is listed with its members; the mapping "
                    "rejects member lists (member_lists = 'expand' takes the members)",
                    "member-list",
                )
        else:
            self._glossed(outer, inner, token, found)
        if rest.strip():
            if _CONJUNCTION.match(rest.strip()):
                self._token(rest, found)
            else:
                found.problem(
                    token, f"cannot read {token!r} as a list of countries", "unreadable-list"
                )

    def _glossed(self, outer: str, inner: str, token: str, found: _Found) -> None:
        """``Name (gloss)``: the name, when the gloss does not name another country."""
        name = self.resolver.resolve(outer)
        gloss = self.resolver.resolve(inner)
        if name.code is not None and gloss.code not in (None, name.code):
            found.problem(
                token, f"the text {token!r} names two different countries", "ambiguous-country"
            )
            return
        if not name.found and gloss.code is not None:
            name = gloss
        found.add(outer if name is not gloss else inner, name)

    def _name(self, text: str, found: _Found) -> None:
        resolution = self.resolver.resolve(text)
        if not resolution.found and self.split_words:
            parts = self._words(text.strip())
            if parts:
                found.notes.append(f"read {text.strip()!r} as {', '.join(parts)}")
                for code in parts:
                    found.add(code, self.resolver.resolve(code))
                return
        found.add(text, resolution)

    def _words(self, text: str, depth: int = 0) -> list[str] | None:
        """``text`` as several country names (split at "and" or spaces), each one a country."""
        if depth > 8:
            return None
        for match in _WORD_BREAK.finditer(text):
            head = self.resolver.resolve(text[: match.start()])
            if head.code is None:
                continue
            tail_text = text[match.end() :]
            tail = self.resolver.resolve(tail_text)
            if tail.code is not None:
                return [head.code, tail.code]
            more = self._words(tail_text, depth + 1)
            if more:
                return [head.code, *more]
        return None


def _split(text: str, separators: tuple[str, ...]) -> list[str]:
    """``text`` cut at every separator outside parentheses."""
    parts, depth, start, index = [], 0, 0, 0
    while index < len(text):
        char = text[index]
        if char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
            if depth < 0:
                raise CellError(f"unbalanced parentheses in {text!r}", "unreadable-list")
        elif depth == 0:
            separator = next((s for s in separators if text.startswith(s, index)), None)
            if separator is not None:
                parts.append(text[start:index])
                index += len(separator)
                start = index
                continue
        index += 1
    if depth != 0:
        raise CellError(f"unbalanced parentheses in {text!r}", "unreadable-list")
    parts.append(text[start:])
    return parts


def _parenthesis(token: str) -> tuple[str, str, str]:
    """``outer (inner) rest`` around the first balanced parenthesis of ``token``."""
    opening = token.index("(")
    depth = 0
    for index in range(opening, len(token)):
        depth += {"(": 1, ")": -1}.get(token[index], 0)
        if depth == 0:
            return token[:opening], token[opening + 1 : index], token[index + 1 :]
    raise CellError(f"unbalanced parentheses in {token!r}", "unreadable-list")  # pragma: no cover
