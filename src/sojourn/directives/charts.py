"""The oversight dashboard's charts as geometry: what each SVG draws, in the units of its
viewBox, from the dozen rows the dashboard's queries return (`directives.selectors`). Nothing
here reads the database."""

from __future__ import annotations

import datetime
import math
from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.translation import gettext as _

# What the charts plot ------------------------------------------------------------------------


@dataclass(frozen=True)
class TierMonth:
    month: datetime.date
    counts: dict[str, int]  # tier -> trips

    @property
    def total(self) -> int:
        return sum(self.counts.values())


@dataclass(frozen=True)
class RateMonth:
    month: datetime.date
    submitted: int
    on_time: int

    @property
    def late(self) -> int:
        return self.submitted - self.on_time

    @property
    def rate(self) -> int | None:
        """Percent reported on time; None for a month without submissions."""
        return round(100 * self.on_time / self.submitted) if self.submitted else None


@dataclass(frozen=True)
class NamedCount:
    key: str
    name: str
    count: int


# The charts ----------------------------------------------------------------------
# Geometry in the units of each SVG's viewBox (640 wide); the SVG scales to its container.

WIDTH = 480
PATTERNS = 6  # hatchings the template defines; further tiers reuse them, with their own labels


@dataclass(frozen=True)
class Tick:
    value: int
    label: str
    at: float  # y on a vertical axis, x on a horizontal one


@dataclass(frozen=True)
class Frame:
    """The plot area inside the SVG, and where the axis texts go."""

    height: int
    top: float
    bottom: float
    left: float
    right: float
    ticks: list[Tick]

    @property
    def width(self) -> int:
        return WIDTH

    @property
    def mid_x(self) -> float:
        return (self.left + self.right) / 2

    @property
    def mid_y(self) -> float:
        return (self.top + self.bottom) / 2

    @property
    def tick_label_x(self) -> float:
        return self.left - 6

    @property
    def month_y(self) -> float:
        return self.bottom + 16

    @property
    def year_y(self) -> float:
        return self.bottom + 30

    @property
    def x_title_y(self) -> float:
        return self.height - 4


def _nice_step(largest: int, intervals: int) -> int:
    """A round step (1, 2 or 5 times a power of ten) so that `intervals` steps reach `largest`."""
    raw = max(largest, 1) / intervals
    power = 10 ** math.floor(math.log10(raw))
    step: float = next(f * power for f in (1, 2, 5, 10) if f * power >= raw)
    return max(1, math.ceil(step))


def _ticks(top: int, step: int, start: float, end: float, suffix: str = "") -> list[Tick]:
    """Ticks from 0 to `top`, 0 placed at `start` and `top` at `end`."""
    return [
        Tick(value, f"{value}{suffix}", start + (end - start) * value / top)
        for value in range(0, top + 1, step)
    ]


@dataclass(frozen=True)
class MonthSlot:
    month: datetime.date
    x: float  # left edge of the bar
    width: float
    centre: float
    show_year: bool


def _month_slots(months: Sequence[datetime.date], left: float, right: float) -> list[MonthSlot]:
    slot = (right - left) / len(months)
    width = slot * 0.64
    return [
        MonthSlot(
            month=month,
            x=left + i * slot + (slot - width) / 2,
            width=width,
            centre=left + i * slot + slot / 2,
            show_year=i == 0 or month.month == 1,
        )
        for i, month in enumerate(months)
    ]


@dataclass(frozen=True)
class Series:
    index: int  # which hatching draws it
    key: str
    label: str
    total: int


@dataclass(frozen=True)
class Segment:
    series: Series
    count: int
    y: float
    height: float

    @property
    def label_y(self) -> float:
        return self.y + self.height / 2 + 4

    @property
    def fits_label(self) -> bool:
        """Tall enough to carry its number inside."""
        return self.height >= 16


@dataclass(frozen=True)
class StackedBar:
    slot: MonthSlot
    row: TierMonth
    segments: list[Segment]
    top: float
    cells: list[int]  # the month's count for each series, in the legend's order

    @property
    def total_y(self) -> float:
        return self.top - 6


@dataclass(frozen=True)
class StackedChart(Frame):
    bars: list[StackedBar]
    series: list[Series]

    @property
    def empty(self) -> bool:
        return not self.series


def stacked_chart(rows: Sequence[TierMonth]) -> StackedChart:
    top, bottom, left, right = 28.0, 244.0, 52.0, WIDTH - 12.0
    totals: dict[str, int] = {}
    for row in rows:
        for tier, n in row.counts.items():
            totals[tier] = totals.get(tier, 0) + n
    ordered = sorted(totals, key=lambda tier: (-totals[tier], tier == "", tier))
    series = {
        tier: Series(i % PATTERNS, tier, tier or _("no tier"), totals[tier])
        for i, tier in enumerate(ordered)
    }
    step = _nice_step(max((row.total for row in rows), default=0), 4)
    scale = (bottom - top) / (4 * step)
    bars = []
    for slot, row in zip(_month_slots([r.month for r in rows], left, right), rows, strict=True):
        y = bottom
        segments = []
        for tier in ordered:
            count = row.counts.get(tier, 0)
            if count:
                y -= count * scale
                segments.append(Segment(series[tier], count, y, count * scale))
        cells = [row.counts.get(tier, 0) for tier in ordered]
        bars.append(StackedBar(slot, row, segments, y, cells))
    ticks = _ticks(4 * step, step, bottom, top)
    return StackedChart(300, top, bottom, left, right, ticks, bars, list(series.values()))


@dataclass(frozen=True)
class RatePoint:
    slot: MonthSlot
    row: RateMonth
    y: float | None  # None: nothing was submitted that month

    @property
    def label_y(self) -> float:
        return (self.y or 0) - 10


@dataclass(frozen=True)
class LineChart(Frame):
    points: list[RatePoint]
    lines: list[str]  # polyline point lists, broken at a month without data

    @property
    def empty(self) -> bool:
        return all(point.y is None for point in self.points)

    @property
    def no_data_y(self) -> float:
        return self.bottom - 6


def rate_chart(rows: Sequence[RateMonth]) -> LineChart:
    top, bottom, left, right = 28.0, 224.0, 52.0, WIDTH - 12.0
    points = []
    for slot, row in zip(_month_slots([r.month for r in rows], left, right), rows, strict=True):
        y = None if row.rate is None else bottom - (bottom - top) * row.rate / 100
        points.append(RatePoint(slot, row, y))
    lines: list[str] = []
    run: list[str] = []
    for point in [*points, None]:
        if point is not None and point.y is not None:
            run.append(f"{point.slot.centre:.1f},{point.y:.1f}")
            continue
        if len(run) > 1:
            lines.append(" ".join(run))
        run = []
    ticks = _ticks(100, 25, bottom, top, "%")
    return LineChart(280, top, bottom, left, right, ticks, points, lines)


@dataclass(frozen=True)
class HBar:
    item: NamedCount
    y: float  # top of the row: the name sits on it, the bar below
    x: float
    width: float

    @property
    def name_y(self) -> float:
        return self.y + 13

    @property
    def bar_y(self) -> float:
        return self.y + 18

    @property
    def value_x(self) -> float:
        return self.x + self.width + 6

    @property
    def value_y(self) -> float:
        return self.y + 30


@dataclass(frozen=True)
class HBarChart(Frame):
    bars: list[HBar]
    hidden: int  # items left out of the chart (zero, or beyond the limit); the table has them

    @property
    def empty(self) -> bool:
        return not self.bars

    @property
    def tick_label_y(self) -> float:
        return self.bottom + 16

    @property
    def category_title_y(self) -> float:
        return self.top - 8


def hbar_chart(items: Sequence[NamedCount], limit: int = 15) -> HBarChart:
    """Horizontal bars, each named directly above itself, for the first non-zero items."""
    non_zero = [item for item in items if item.count > 0]
    shown = non_zero[:limit]
    row_height, top, left, right = 40, 24.0, 8.0, WIDTH - 48.0
    bottom = top + row_height * len(shown)
    step = _nice_step(max((item.count for item in shown), default=0), 4)
    scale = (right - left) / (4 * step)
    bars = [
        HBar(item, top + i * row_height, left, item.count * scale) for i, item in enumerate(shown)
    ]
    ticks = _ticks(4 * step, step, left, right)
    return HBarChart(
        int(bottom) + 46, top, bottom, left, right, ticks, bars, len(items) - len(shown)
    )
