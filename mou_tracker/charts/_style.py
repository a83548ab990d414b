"""Colours, hatches and the limits of what a chart draws.

Colours are taken so that they print and stay apart in greyscale: each status has a colour of
its own lightness, and stacked bars add a hatch per group.
"""

from __future__ import annotations

from mou_tracker.domain import AgreementStatus
from mou_tracker.domain.due_status import DueState
from mou_tracker.errors import ValidationError

__all__ = [
    "MAX_BARS",
    "MAX_COLUMNS",
    "MAX_MARKERS",
    "MAX_PAIRS",
    "STATE_COLOURS",
    "STATUS_COLOURS",
    "group_style",
    "too_many",
]

MAX_BARS = 60
"""A timeline draws at most this many rows (agreements and open commitments)."""
MAX_MARKERS = 200
"""A timeline draws at most this many engagements."""
MAX_PAIRS = 40
"""A matrix shows at most this many pairs and this many areas (the largest ones)."""
MAX_COLUMNS = 40
"""A bar chart over time shows at most this many columns (it groups months into quarters,
years, or longer periods beyond)."""

STATUS_COLOURS: dict[AgreementStatus, str] = {
    AgreementStatus.IN_FORCE: "#1b5e20",
    AgreementStatus.PROVISIONALLY_APPLIED: "#66bb6a",
    AgreementStatus.SIGNED: "#1f78b4",
    AgreementStatus.SUSPENDED: "#e6a100",
    AgreementStatus.EXPIRED: "#9e9e9e",
    AgreementStatus.TERMINATED: "#424242",
    AgreementStatus.SUPERSEDED: "#cfcfcf",
    AgreementStatus.PLANNED: "#c6dbef",
    AgreementStatus.UNDER_NEGOTIATION: "#6baed6",
}
STATE_COLOURS: dict[DueState, str] = {
    DueState.OVERDUE: "#b2182b",
    DueState.LATE: "#ef8a62",
    DueState.LAPSED: "#67001f",
    DueState.DUE: "#2166ac",
    DueState.NOT_SET: "#bababa",
}
_PALETTE = (
    "#1f78b4",
    "#a6cee3",
    "#33a02c",
    "#b2df8a",
    "#e31a1c",
    "#fb9a99",
    "#ff7f00",
    "#fdbf6f",
    "#6a3d9a",
    "#cab2d6",
    "#b15928",
    "#ffff99",
)
_HATCHES = ("", "//", "--", "xx", "\\\\", "++", "||", "///", "-\\\\", "|/", "x-", "+/")
"""Line hatches only: dotted ones make SVG files many times larger."""


def group_style(index: int) -> tuple[str, str]:
    """The colour and hatch of the ``index``-th group of a stacked bar chart."""
    return _PALETTE[index % len(_PALETTE)], _HATCHES[index % len(_HATCHES)]


def too_many(count: int, what: str, limit: int, narrow: str) -> ValidationError:
    """The error of a chart that would draw more than a reader can see."""
    return ValidationError(
        f"{count:,} {what}: more than the {limit} a chart can show; narrow it with {narrow}",
        field="filters",
    )
