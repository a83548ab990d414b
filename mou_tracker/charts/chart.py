"""What a chart function returns: the figure, the data it plotted, and words for both."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path
from typing import TYPE_CHECKING, Generic, TypeVar
from xml.sax.saxutils import escape, quoteattr

import attrs
import pendulum

from mou_tracker.charts._backend import FORMATS, prefix_ids, render
from mou_tracker.errors import ValidationError
from mou_tracker.storage.atomic import atomic_write

if TYPE_CHECKING:
    from matplotlib.figure import Figure

__all__ = ["Chart", "format_of"]

D = TypeVar("D")

_PROLOG = '<?xml version="1.0" encoding="utf-8" standalone="no"?>\n'
_ROOT = re.compile(r"<svg\b[^>]*>")


@attrs.frozen(kw_only=True)
class Chart(Generic[D]):
    """A drawn chart: ``figure`` (a matplotlib ``Figure``) and ``data``, exactly what it
    plotted (typed rows: test the data, not the pixels).

    ``title`` and ``description`` say what it shows in words (the alternative text of the
    picture: an SVG carries them as ``<title>`` and ``<desc>``); ``notes`` say how it counts.
    """

    kind: str
    """``timeline``, ``matrix``, ``deadlines`` or ``by-year``."""
    title: str
    description: str
    as_of: pendulum.Date
    data: D
    figure: Figure = attrs.field(repr=False, eq=False)
    notes: tuple[str, ...] = ()
    _rendered: dict[str, bytes] = attrs.field(factory=dict, init=False, eq=False, repr=False)

    @property
    def id_prefix(self) -> str:
        """The default prefix of the SVG's ids: the kind and a digest of the title and the
        description, so several charts can share one HTML page."""
        words = f"{self.title}\n{self.description}".encode()
        return f"{self.kind}-{hashlib.sha256(words).hexdigest()[:8]}-"

    def svg(self, *, id_prefix: str | None = None) -> str:
        """The chart as an SVG document without the XML prolog, to inline in HTML: its root
        ``<svg>`` opens with ``<title>`` and ``<desc>`` (the title and the description,
        escaped) and ``role="img"``; every id starts with ``id_prefix`` (by default
        :attr:`id_prefix`). The same chart gives the same text."""
        prefix = self.id_prefix if id_prefix is None else id_prefix
        if not re.fullmatch(r"[A-Za-z][A-Za-z0-9_.-]*", prefix):
            raise ValidationError(
                f"an id prefix is a letter then letters, digits, '-', '_' or '.', got {prefix!r}",
                field="id_prefix",
            )
        text = self._render("svg").decode("utf-8")
        text = prefix_ids(text[text.index("<svg") :], prefix)
        root = _ROOT.search(text)
        if root is None:  # pragma: no cover - matplotlib always writes one
            raise ValidationError("matplotlib wrote an SVG without a root element")
        opening = root.group(0)[:-1] + (
            f' role="img" aria-labelledby={quoteattr(prefix + "title " + prefix + "desc")}>'
        )
        heading = (
            f'\n <title id="{prefix}title">{escape(self.title)}</title>'
            f'\n <desc id="{prefix}desc">{escape(self.description)}</desc>'
        )
        return text[: root.start()] + opening + heading + text[root.end() :]

    def to_bytes(self, fmt: str) -> bytes:
        """The chart as ``svg`` (with the XML prolog), ``png`` or ``pdf`` bytes."""
        if fmt == "svg":
            return (_PROLOG + self.svg()).encode("utf-8")
        return self._render(fmt)

    def _render(self, fmt: str) -> bytes:
        """The figure's bytes in ``fmt``, drawn once. The SVG is always drawn first: a layout
        drawn again may move by a fraction of a point, so the same data gives the same bytes
        only in the same order of drawing."""
        if "svg" not in self._rendered:
            self._rendered["svg"] = render(self.figure, "svg", salt="mou-tracker")
        if fmt not in self._rendered:
            self._rendered[fmt] = render(self.figure, fmt, salt="mou-tracker")
        return self._rendered[fmt]

    def save(self, path: Path | str) -> Path:
        """Write the chart to ``path`` as SVG, PNG or PDF, chosen by its suffix (atomically:
        a crash leaves the previous file or the new one). Returns the path."""
        target = Path(path)
        atomic_write(target, self.to_bytes(format_of(target)))
        return target


def format_of(path: Path) -> str:
    """The format a chart is saved in at ``path``: its suffix, ``svg``, ``png`` or ``pdf``
    (any case); another suffix is a :class:`ValidationError`."""
    fmt = path.suffix.lower().lstrip(".")
    if fmt not in FORMATS:
        raise ValidationError(
            f"{path}: cannot tell the format from the suffix {path.suffix!r}: "
            f"name the file .svg, .png or .pdf",
            field="path",
        )
    return fmt
