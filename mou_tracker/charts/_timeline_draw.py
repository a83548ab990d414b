"""Drawing a :class:`~mou_tracker.charts.timeline.TimelineData` (see :func:`timeline`)."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from mou_tracker.charts._axes import date_axis, num
from mou_tracker.charts._backend import figure
from mou_tracker.charts._style import STATE_COLOURS, STATUS_COLOURS
from mou_tracker.reports.cells import shorten

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    from mou_tracker.charts.timeline import TimelineData

__all__ = ["draw_timeline"]

_LABEL = 42


def draw_timeline(data: TimelineData, title: str) -> Figure:
    rows = len(data.agreements) + len(data.commitments) + (1 if data.engagements else 0)
    height = 1.9 + 0.28 * max(rows, 3)

    def paint(fig: Figure) -> None:
        ax = fig.add_subplot()
        labels: list[str] = []
        handles: dict[str, Any] = {}
        if data.engagements:
            _engagements(ax, data, len(labels), handles)
            labels.append("Engagements")
        for bar in data.agreements:
            y = len(labels)
            labels.append(shorten(bar.title, _LABEL))
            colour = STATUS_COLOURS[bar.status]
            split = bar.end if bar.in_force is None else min(bar.in_force, bar.end)
            ax.barh(
                y,
                max(num(split) - num(bar.start), 1),
                left=num(bar.start),
                height=0.6,
                color=colour,
                alpha=0.45,
                hatch="//",
                edgecolor=colour,
                linewidth=0,
            )
            if bar.in_force is not None and bar.in_force <= bar.end:
                ax.barh(
                    y,
                    max(num(bar.end) - num(bar.in_force), 1),
                    left=num(bar.in_force),
                    height=0.6,
                    color=colour,
                )
            handles.setdefault(f"agreement {bar.status}".replace("_", " "), _patch(colour))
            if split > bar.start:
                handles.setdefault(
                    "signed, not yet in force", _patch("white", "#555555", "-", "//")
                )
        for window in data.commitments:
            y = len(labels)
            labels.append(shorten(f"{window.commitment_id}: {window.text}", _LABEL))
            _window(ax, y, window, data, handles)
        ax.axvline(num(data.as_of), color="black", linestyle=":", linewidth=1.2)
        handles[f"as of {data.as_of.isoformat()}"] = _line("black", ":")
        ax.set_yticks(range(len(labels)), labels)
        ax.set_ylim(max(len(labels), 1) - 0.5, -0.5)  # an empty chart keeps a height
        date_axis(ax)
        ax.set_xlabel("Date (a date known to the month or quarter spans it)")
        ax.set_title(title, loc="left", fontsize=10)
        ax.grid(axis="x", color="#dddddd", linewidth=0.6)
        ax.set_axisbelow(True)
        if not labels:
            ax.text(0.5, 0.5, "nothing to draw", transform=ax.transAxes, ha="center")
        fig.legend(
            list(handles.values()),
            list(handles),
            loc="outside lower center",
            ncols=3,
            frameon=False,
            fontsize=8,
        )

    return figure(10.0, height, paint)


def _engagements(ax: Axes, data: TimelineData, y: int, handles: dict[str, Any]) -> None:
    for mark in data.engagements:
        middle = (num(mark.earliest) + num(mark.latest, 1)) / 2
        if mark.latest > mark.earliest:
            ax.hlines(y, num(mark.earliest), num(mark.latest, 1), color="#6a3d9a", linewidth=2)
        face = "#6a3d9a" if mark.held else "white"
        ax.plot([middle], [y], marker="D", markersize=6, color="#6a3d9a", markerfacecolor=face)
    if any(m.held for m in data.engagements):
        handles["engagement held"] = _marker("#6a3d9a")
    if not all(m.held for m in data.engagements):
        handles["engagement not yet held"] = _marker("white")


def _window(ax: Axes, y: int, window: Any, data: TimelineData, handles: dict[str, Any]) -> None:
    colour = STATE_COLOURS[window.state]
    key = f"commitment {window.state}"
    if window.earliest is None or window.latest is None:
        ax.text(num(data.as_of), y, "  date not set", va="center", color="#555555", fontsize=8)
        handles.setdefault(key, _patch(colour))
        return
    start, end = num(window.earliest), num(window.latest, 1)
    ax.barh(y, end - start, left=start, height=0.5, color=colour)
    ax.plot([end], [y], marker="|", markersize=9, color=colour)
    handles.setdefault(key, _patch(colour))
    if window.first_earliest is not None and window.first_latest is not None:
        first, last = num(window.first_earliest), num(window.first_latest, 1)
        ax.barh(
            y,
            last - first,
            left=first,
            height=0.5,
            fill=False,
            edgecolor=colour,
            linestyle="--",
            linewidth=1,
        )
        ax.annotate(
            "",
            xy=(start, y),
            xytext=(last, y),
            arrowprops={"arrowstyle": "->", "color": colour, "linewidth": 1},
        )
        times = "once" if window.slips == 1 else f"{window.slips} times"
        ax.text(end, y, f"  slipped {times}", va="center", fontsize=8, color="#333333")
        handles.setdefault("first due date (slipped)", _patch("white", colour, "--"))


def _patch(face: str, edge: str | None = None, style: str = "-", hatch: str | None = None) -> Any:
    patches: Any = importlib.import_module("matplotlib.patches")
    return patches.Patch(facecolor=face, edgecolor=edge or face, linestyle=style, hatch=hatch)


def _line(colour: str, style: str) -> Any:
    lines: Any = importlib.import_module("matplotlib.lines")
    return lines.Line2D([], [], color=colour, linestyle=style)


def _marker(face: str) -> Any:
    lines: Any = importlib.import_module("matplotlib.lines")
    return lines.Line2D([], [], color="#6a3d9a", marker="D", linestyle="", markerfacecolor=face)
