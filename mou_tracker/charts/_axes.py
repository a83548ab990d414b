"""Small drawing helpers shared by the charts (matplotlib is imported only when they run)."""

from __future__ import annotations

import datetime as dt
import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = ["date_axis", "integer_ticks", "num", "stacked"]

_EPOCH = dt.date(1970, 1, 1).toordinal()


def num(day: dt.date, shift: int = 0) -> float:
    """A day as a matplotlib date number (days since 1970-01-01, the default epoch), plus
    ``shift`` days."""
    return float(day.toordinal() - _EPOCH + shift)


def date_axis(ax: Axes) -> None:
    """Date ticks along ``ax``'s x axis, labelled concisely."""
    dates: Any = importlib.import_module("matplotlib.dates")
    locator = dates.AutoDateLocator(minticks=3, maxticks=10)
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(dates.ConciseDateFormatter(locator))


def integer_ticks(ax: Axes) -> None:
    """Whole numbers only along ``ax``'s y axis (counts)."""
    ticker: Any = importlib.import_module("matplotlib.ticker")
    ax.yaxis.set_major_locator(ticker.MaxNLocator(integer=True))


def stacked(ax: Axes, heights: list[int], bottom: list[int], **style: Any) -> list[int]:
    """One layer of a stacked bar chart at x = 0, 1, ...: only the bars above zero are drawn
    (an empty bar is no mark). Returns the bottom of the next layer."""
    xs = [x for x, h in enumerate(heights) if h]
    if xs:
        ax.bar(xs, [heights[x] for x in xs], bottom=[bottom[x] for x in xs], **style)
    return [b + h for b, h in zip(bottom, heights, strict=True)]
