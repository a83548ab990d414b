"""Signatures and entries into force per year, by status or kind: the shape of a whole
dataset (an import of thousands of agreements over a century)."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import TYPE_CHECKING, Literal, Unpack

import attrs

from mou_tracker.charts._axes import integer_ticks, stacked
from mou_tracker.charts._backend import figure
from mou_tracker.charts._periods import year_periods
from mou_tracker.charts._style import STATUS_COLOURS, group_style
from mou_tracker.charts.chart import Chart
from mou_tracker.domain import AgreementStatus
from mou_tracker.domain.filters import Filters
from mou_tracker.errors import ValidationError
from mou_tracker.reports.scope import select
from mou_tracker.storage.repository import Repository

if TYPE_CHECKING:
    from matplotlib.figure import Figure

__all__ = ["EVENTS", "YearCount", "by_year"]

SIGNED = "signed"
IN_FORCE = "entered into force"
EVENTS = (SIGNED, IN_FORCE)


@attrs.frozen(kw_only=True)
class YearCount:
    """``count`` agreements of ``group`` (a status as of the day, or a kind) whose ``event``
    (signed, entered into force) fell in the years ``first_year`` to ``last_year``."""

    period: str
    """"2025", or "1900–1904" when years are grouped."""
    first_year: int
    last_year: int
    event: str
    group: str
    count: int


def by_year(
    repo: Repository,
    *,
    as_of: dt.date,
    by: Literal["status", "kind"] = "status",
    **filters: Unpack[Filters],
) -> Chart[tuple[YearCount, ...]]:
    """Agreements signed, and entered into force, per year up to ``as_of``, stacked by
    ``by``: their status as of the day, or their kind.

    An event counts in the year of the first day its date may be, once it surely happened by
    ``as_of``; agreements with no status yet are left out (as in the reports). Years are
    grouped five, ten... at a time when there would be more than 40 columns (a century of
    agreements is 26 columns of five years). ``data`` holds a row for every period, event
    and group with a count above zero. Filters as in the reports (``area`` keeps the
    agreements covering it).
    """
    if by not in ("status", "kind"):
        raise ValidationError(f"by must be 'status' or 'kind', got {by!r}", field="by")
    scope = select(repo, as_of=as_of, **filters)
    ordinal = scope.as_of.toordinal()
    events: Counter[tuple[str, str, int]] = Counter()
    for agreement, status in scope.agreements:
        if scope.area is not None and scope.area not in agreement.areas:
            continue
        group = str(status) if by == "status" else str(agreement.kind)
        for event, date in ((SIGNED, agreement.signed_on), (IN_FORCE, agreement.in_force_on)):
            if date is not None and date.latest_ordinal <= ordinal:
                events[(event, group, date.year)] += 1
    years = [year for _, _, year in events]
    spans = year_periods(min(years), max(years)) if years else []
    groups = _ordered({group for _, group, _ in events}, by)
    rows = []
    for label, low, high in spans:
        for event in EVENTS:
            for group in groups:
                count = sum(events[(event, group, y)] for y in range(low, high + 1))
                if count:
                    rows.append(
                        YearCount(
                            period=label,
                            first_year=low,
                            last_year=high,
                            event=event,
                            group=group,
                            count=count,
                        )
                    )
    data = tuple(rows)
    title = (
        f"Agreements signed and entered into force per year, by {by}{scope.describe(repo)}, "
        f"as of {scope.as_of.day} {scope.as_of:%b %Y}"
    )
    return Chart(
        kind="by-year",
        title=title,
        description=_describe(data, by),
        as_of=scope.as_of,
        data=data,
        figure=_draw(data, [s[0] for s in spans], groups, by, title),
        notes=("An event counts in the year of the first day its date may be.",),
    )


def _ordered(groups: set[str], by: str) -> list[str]:
    if by == "status":
        return [str(s) for s in AgreementStatus if str(s) in groups]
    return sorted(groups)


def _describe(data: tuple[YearCount, ...], by: str) -> str:
    if not data:
        return "No agreement signed or entered into force: the chart is empty."
    signed = sum(r.count for r in data if r.event == SIGNED)
    in_force = sum(r.count for r in data if r.event == IN_FORCE)
    per: Counter[str] = Counter()
    for row in data:
        if row.event == SIGNED:
            per[row.period] += row.count
    peak, most = max(per.items(), key=lambda item: (item[1], item[0])) if per else ("", 0)
    groups = Counter[str]()
    for row in data:
        if row.event == SIGNED:
            groups[row.group.replace("_", " ")] += row.count
    split = ", ".join(f"{n} {g}" for g, n in groups.most_common())
    return (
        f"{signed} signatures from {data[0].first_year} to {data[-1].last_year} ({split}, by "
        f"{by}), the most ({most}) in {peak}; {in_force} entries into force."
    )


def _draw(
    data: tuple[YearCount, ...], periods: list[str], groups: list[str], by: str, title: str
) -> Figure:
    width = min(max(9.0, 4.5 + 0.22 * len(periods)), 14.0)

    def paint(fig: Figure) -> None:
        axes = fig.subplots(2, 1, sharex=True)
        xs = range(len(periods))
        labelled: set[str] = set()
        for ax, event in zip(axes, EVENTS, strict=True):
            bottom = [0] * len(periods)
            for index, group in enumerate(groups):
                counts = {r.period: r.count for r in data if r.event == event and r.group == group}
                heights = [counts.get(p, 0) for p in periods]
                colour, hatch = group_style(index)
                if by == "status":
                    colour = STATUS_COLOURS[AgreementStatus(group)]
                label = None
                if any(heights) and group not in labelled:
                    label = group.replace("_", " ")
                    labelled.add(group)
                bottom = stacked(
                    ax,
                    heights,
                    bottom,
                    color=colour,
                    hatch=hatch,
                    label=label,
                    edgecolor="white",
                    linewidth=0.4,
                )
            ax.set_ylabel(f"Agreements {event}", fontsize=8)
            integer_ticks(ax)
        step = max(1, len(periods) // 20)
        shown = [i for i in xs if i % step == 0]
        axes[1].set_xticks(
            shown, [periods[i] for i in shown], rotation=60, ha="right", rotation_mode="anchor"
        )
        axes[1].set_xlabel("Year" if all("–" not in p for p in periods) else "Years")
        axes[1].set_xlim(-0.5, max(len(periods), 10) - 0.5)
        fig.suptitle(title, x=0.01, ha="left", fontsize=10)
        if data:
            fig.legend(loc="outside right upper", frameon=False, fontsize=8, title=by.title())

    return figure(width, 5.0, paint)
