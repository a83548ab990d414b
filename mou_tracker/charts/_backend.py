"""matplotlib, imported only when a chart is drawn, and the bytes of a figure.

Nothing global changes: a figure is a :class:`matplotlib.figure.Figure` made directly (no
pyplot, no GUI backend, no ``matplotlib.use``), and it is written through the Agg, SVG and PDF
canvases with the settings that make the output the same bytes for the same data (``svg.hashsalt``,
no dates in the metadata), inside :func:`matplotlib.rc_context` for the time of one save.
"""

from __future__ import annotations

import importlib
import io
import re
import warnings
from collections.abc import Callable
from types import ModuleType
from typing import TYPE_CHECKING, Any

from mou_tracker import __version__
from mou_tracker.errors import MouTrackerError, ValidationError

if TYPE_CHECKING:
    from matplotlib.figure import Figure

__all__ = ["FORMATS", "figure", "matplotlib", "prefix_ids", "render"]

FORMATS = ("svg", "png", "pdf")
"""The file formats a chart is saved as, named by the file's suffix."""

_INSTALL = "pip install 'mou-tracker[charts]'"
_CREATOR = f"mou-tracker {__version__}"
_METADATA: dict[str, dict[str, Any]] = {
    "svg": {"Creator": _CREATOR, "Date": None, "Format": None, "Type": None},
    "png": {"Software": _CREATOR},
    "pdf": {"Creator": _CREATOR, "Producer": _CREATOR, "CreationDate": None, "ModDate": None},
}
_STYLE = {
    "svg.fonttype": "none",  # text stays text: searchable, accessible, and no font is embedded
    "font.family": ["DejaVu Sans"],  # shipped with matplotlib: the layout needs no system font
    "font.size": 9.0,
    "pdf.fonttype": 42,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "figure.dpi": 100.0,
    "savefig.dpi": 150.0,
    "savefig.bbox": None,
}


def matplotlib() -> ModuleType:
    """The ``matplotlib`` module, or a :class:`MouTrackerError` saying how to install it."""
    try:
        return importlib.import_module("matplotlib")
    except ImportError:
        raise MouTrackerError(f"charts need matplotlib: {_INSTALL}") from None


def figure(width: float, height: float, paint: Callable[[Figure], None]) -> Figure:
    """A new figure of ``width`` x ``height`` inches, attached to no window, drawn by
    ``paint`` under the charts' style."""
    matplotlib()
    module = importlib.import_module("matplotlib.figure")
    with _settings(""):
        made: Figure = module.Figure(figsize=(width, height), layout="constrained")
        paint(made)
    return made


def render(fig: Figure, fmt: str, *, salt: str) -> bytes:
    """The figure as SVG, PNG or PDF bytes: the same figure gives the same bytes (``salt``
    seeds the SVG's ids)."""
    if fmt not in FORMATS:
        raise ValidationError(
            f"cannot save a chart as {fmt!r}: use one of {', '.join(FORMATS)}", field="format"
        )
    out = io.BytesIO()
    with _settings(salt), warnings.catch_warnings():
        # Stored text may hold characters the bundled font lacks (control characters, rare
        # scripts): they are drawn as an empty box, which is no reason to fail the chart.
        warnings.filterwarnings("ignore", r"Glyph \d+ .* missing from font", UserWarning)
        fig.savefig(out, format=fmt, metadata=_METADATA[fmt])
    return out.getvalue()


def _settings(salt: str) -> Any:
    return matplotlib().rc_context({**_STYLE, "svg.hashsalt": salt or None})


_ID = re.compile(r'(\bid="|url\(#|href="#)([^")]+)')


def prefix_ids(svg: str, prefix: str) -> str:
    """Every id of an SVG document, and every reference to one, with ``prefix`` in front."""
    return _ID.sub(lambda m: f"{m.group(1)}{prefix}{m.group(2)}", svg)
