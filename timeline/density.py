"""The density strip: how many events each month holds under the current filters, drawn as
bars of an inline SVG whose every month links to the timeline filtered to that month."""

import datetime
from dataclasses import dataclass, replace

from django.urls import reverse

from .forms import TimelineFilter
from .periods import add_months

BAR_WIDTH = 10
BAR_GAP = 2
HEIGHT = 48
MIN_BAR = 3
# A strip wider than this many months would be a blur of hairlines; a data error (an event in
# year 1) should not draw thousands of bars.
MAX_MONTHS = 600


@dataclass(frozen=True)
class MonthBar:
    month: datetime.date
    count: int
    x: int
    y: float
    height: float
    url: str

    @property
    def label(self) -> str:
        noun = "event" if self.count == 1 else "events"
        return f"{self.month:%B %Y}: {self.count} {noun}"


@dataclass(frozen=True)
class DensityStrip:
    bars: list[MonthBar]
    first: datetime.date
    last: datetime.date
    peak: int
    width: int
    height: int = HEIGHT

    @property
    def summary(self) -> str:
        busiest = "event" if self.peak == 1 else "events"
        return (
            f"Events per month from {self.first:%B %Y} to {self.last:%B %Y}; "
            f"the busiest month has {self.peak} {busiest}."
        )


def month_url(filters: TimelineFilter, month: datetime.date, base: str | None = None) -> str:
    """The timeline with the same filters, narrowed to one month."""
    text = f"{month:%Y-%m}"
    narrowed = replace(filters, start_text=text, end_text=text, cursor=None)
    return (base or reverse("timeline:index")) + narrowed.querystring()


def density_strip(
    per_month: dict[datetime.date, int], filters: TimelineFilter
) -> DensityStrip | None:
    """Bars for every month between the first and last with events; None when there are none."""
    if not per_month:
        return None
    first, last = min(per_month), max(per_month)
    months = []
    month = first
    while month <= last and len(months) < MAX_MONTHS:
        months.append(month)
        month = add_months(month, 1)
    peak = max(per_month.values())
    base = reverse("timeline:index")  # once, not once per bar: a strip has hundreds
    bars = []
    for index, month in enumerate(months):
        count = per_month.get(month, 0)
        if not count:
            continue
        height = max(MIN_BAR, HEIGHT * count / peak)
        bars.append(
            MonthBar(
                month=month,
                count=count,
                x=index * (BAR_WIDTH + BAR_GAP),
                y=HEIGHT - height,
                height=height,
                url=month_url(filters, month, base),
            )
        )
    width = len(months) * (BAR_WIDTH + BAR_GAP) - BAR_GAP
    return DensityStrip(bars=bars, first=first, last=months[-1], peak=peak, width=width)
