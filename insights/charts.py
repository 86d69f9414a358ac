"""Chart geometry for server-rendered SVG: the templates draw what these compute.

Charts are drawn in a 360-unit-wide viewBox, about a phone's width, so their text
stays readable at 390 px; the page caps their width on large screens. Coordinates
are written out here, as the SVG attributes take them, so a template prints each
without a filter (the weekly chart alone has 78 columns).
"""

import math
from dataclasses import dataclass

from django.utils.text import Truncator

from .figures import CompanyResponse, FunnelStep, WeekActivity

WIDTH = 360
# Series colours; each has at least 4.5:1 contrast on white (WCAG 1.4.11 asks 3:1).
SERIES = (
    ("applications", "Applications", "#0b5ed7"),
    ("interviews", "Interviews", "#a33a00"),
    ("letters", "Letters sent", "#146c43"),
)
BAR_HEIGHT = 14


@dataclass(frozen=True)
class Bar:
    """A horizontal bar: its label above it, its value text after it."""

    label: str
    text: str
    label_y: str
    y: str
    width: str
    text_x: str
    text_y: str
    height: str = str(BAR_HEIGHT)
    colour: str = SERIES[0][2]


@dataclass(frozen=True)
class Column:
    """One series' column of one week."""

    x: str
    y: str
    width: str
    height: str
    colour: str


@dataclass(frozen=True)
class Tick:
    position: float
    text: str


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    bars: list[Bar | Column]
    ticks: list[Tick]
    baseline: float = 0
    top: int = 0


# The first companies of the table's page drawn (the slowest ones on its first page);
# the table beside the chart lists every company of the page.
MAX_COMPANIES = 12
LABEL_ROW = 18
ROW_GAP = 10
MAX_LABEL = 40


def horizontal_bars(rows: list[tuple[str, float, str]]) -> Chart:
    """One labelled bar per row: the label above the bar, its value text after it."""
    top = max((value for _, value, _ in rows), default=0) or 1
    room = WIDTH - 76  # the value text after the longest bar ("12.5 days")
    bars = []
    for index, (label, value, text) in enumerate(rows):
        y = index * (LABEL_ROW + BAR_HEIGHT + ROW_GAP) + LABEL_ROW
        width = max(room * value / top, 1 if value else 0)
        bars.append(
            Bar(
                label=Truncator(label).chars(MAX_LABEL),
                text=text,
                label_y=str(y - 5),
                y=str(y),
                width=f"{width:.1f}",
                text_x=f"{width + 6:.1f}",
                text_y=str(y + 11),
            )
        )
    height = len(rows) * (LABEL_ROW + BAR_HEIGHT + ROW_GAP)
    return Chart(width=WIDTH, height=max(height, 1), bars=bars, ticks=[])


PLOT_TOP = 12
PLOT_HEIGHT = 150
AXIS_LEFT = 28
# Date labels under the weekly chart: five fit at phone width.
MAX_TICKS = 5
# Room for the last date label, centred under the last week.
RIGHT_PAD = 18


def weekly_columns(weeks: list[WeekActivity]) -> Chart:
    """Three columns per week side by side; a date under some of the weeks."""
    top = max((getattr(week, key) for week in weeks for key, _, _ in SERIES), default=0)
    top = max(top, 1)
    slot = (WIDTH - AXIS_LEFT - RIGHT_PAD) / max(len(weeks), 1)
    column = slot * 0.8 / len(SERIES)
    baseline = PLOT_TOP + PLOT_HEIGHT
    columns = []
    for index, week in enumerate(weeks):
        for offset, (key, _, colour) in enumerate(SERIES):
            height = PLOT_HEIGHT * getattr(week, key) / top
            columns.append(
                Column(
                    x=f"{AXIS_LEFT + index * slot + slot * 0.1 + offset * column:.2f}",
                    y=f"{baseline - height:.2f}",
                    width=f"{column:.2f}",
                    height=f"{height:.2f}",
                    colour=colour,
                )
            )
    every = max(math.ceil(len(weeks) / MAX_TICKS), 1)
    ticks = [
        Tick(AXIS_LEFT + index * slot + slot / 2, f"{week.start.day} {week.start:%b}")
        for index, week in enumerate(weeks)
        if index % every == 0
    ]
    return Chart(
        width=WIDTH,
        height=baseline + 22,
        bars=columns,
        ticks=ticks,
        baseline=baseline,
        top=top,
    )


def funnel_chart(steps: list[FunnelStep]) -> Chart:
    return horizontal_bars(
        [(step.label, step.count, str(step.count)) for step in steps]
    )


def response_chart(responses: list[CompanyResponse]) -> Chart:
    return horizontal_bars(
        [
            (r.company, r.median_days, f"{r.median_days:.1f} days")
            for r in responses[:MAX_COMPANIES]
        ]
    )
