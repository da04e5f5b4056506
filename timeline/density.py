"""The density strip: how many events each month, quarter or year holds under the current
filters, drawn as a row of bars, each a link to the timeline narrowed to its period.

Bins are as long as they must be for the strip to hold at most ``MAX_BINS`` of them, so that a
bar stays wide enough to see and to click (at least 8 px; the strip scrolls on a phone before
bars get thinner), and the strip spans at least a year, so that a single month is a bar among
empty ones rather than a solid block. The axis is labelled with years (or months).
"""

import datetime
from dataclasses import dataclass, replace

from django.urls import reverse

from .filters import TimelineFilter
from .periods import add_months

HEIGHT = 48
# Below this a bar with events would look like an empty one.
MIN_HEIGHT = 3
MAX_BINS = 48
MIN_MONTHS = 12
# Bin lengths in months: a month, a quarter, a year, then several years.
BIN_MONTHS = (1, 3, 12, 24, 60, 120, 600)


@dataclass(frozen=True)
class Bin:
    start: datetime.date
    months: int
    count: int
    height: float
    url: str
    tick: str

    @property
    def end(self) -> datetime.date:
        """First day of the bin's last month."""
        return add_months(self.start, self.months - 1)

    @property
    def period(self) -> str:
        if self.months == 1:
            return f"{self.start:%B %Y}"
        if self.months < 12:
            return f"{self.start:%B}–{self.end:%B %Y}"
        if self.months == 12:
            return str(self.start.year)
        return f"{self.start.year}–{self.end.year}"

    @property
    def label(self) -> str:
        noun = "event" if self.count == 1 else "events"
        return f"{self.period}: {self.count} {noun}"

    @property
    def y(self) -> float:
        return HEIGHT - self.height


@dataclass(frozen=True)
class DensityStrip:
    bins: list[Bin]
    months_per_bin: int
    peak: int
    height: int = HEIGHT

    @property
    def unit(self) -> str:
        return {1: "month", 3: "quarter", 12: "year"}.get(
            self.months_per_bin, f"{self.months_per_bin // 12}-year period"
        )

    @property
    def first_day(self) -> datetime.date:
        return self.bins[0].start

    @property
    def last_day(self) -> datetime.date:
        return add_months(self.bins[-1].end, 1) - datetime.timedelta(days=1)

    @property
    def span(self) -> tuple[str, str]:
        """The first and last period the strip covers, in words."""
        first, last = self.bins[0].start, self.bins[-1].end
        if self.months_per_bin < 12:
            return f"{first:%B %Y}", f"{last:%B %Y}"
        return str(first.year), str(last.year)

    @property
    def summary(self) -> str:
        first, last = self.span
        busiest = "event" if self.peak == 1 else "events"
        return (
            f"Events per {self.unit} from {first} to {last}; "
            f"the busiest {self.unit} has {self.peak} {busiest}."
        )


def month_index(day: datetime.date) -> int:
    return day.year * 12 + day.month - 1


def from_index(index: int) -> datetime.date:
    return datetime.date(index // 12, index % 12 + 1, 1)


def bin_length(first: int, last: int) -> int:
    """The shortest bin (in months) that covers months ``first``..``last`` in ``MAX_BINS``."""
    for months in BIN_MONTHS:
        if (last // months) - (first // months) + 1 <= MAX_BINS:
            return months
    return BIN_MONTHS[-1]


def period_url(filters: TimelineFilter, start: datetime.date, months: int, base: str) -> str:
    """The timeline with the same filters, narrowed to the bin's months."""
    end = add_months(start, months - 1)
    if months % 12 == 0:
        first, last = str(start.year), str(end.year)
    else:
        first, last = f"{start:%Y-%m}", f"{end:%Y-%m}"
    narrowed = replace(filters, start_text=first, end_text=last, cursor=None, through=None)
    return base + narrowed.querystring()


def tick(start: datetime.date, months: int, index: int, count: int) -> str:
    """The axis label under a bin: every year (or every few), and months within one year."""
    if months == 1 and count <= MIN_MONTHS:
        return f"{start:%b}" if start.month != 1 else str(start.year)
    if months < 12:
        # The first bin is labelled too, unless the next January's label would touch it.
        room = (13 - start.month) // months >= 3
        return str(start.year) if start.month == 1 or (index == 0 and room) else ""
    years_per_bin = months // 12
    # Labels about every sixth bin at most, on round years.
    step = next(s for s in (1, 2, 5, 10, 20, 50, 100, 500) if count / (s / years_per_bin) <= 12)
    return str(start.year) if start.year % step == 0 or (index == 0 and step == 1) else ""


def density_strip(
    per_month: dict[datetime.date, int], filters: TimelineFilter
) -> DensityStrip | None:
    """Bars for every bin between the first and last with events; None when there are none."""
    if not per_month:
        return None
    first, last = month_index(min(per_month)), month_index(max(per_month))
    if last - first + 1 < MIN_MONTHS:
        # Short spans are shown within their calendar years.
        first, last = first - first % 12, last - last % 12 + 11
    months = bin_length(first, last)
    counts: dict[int, int] = {}
    for month, count in per_month.items():
        key = month_index(month) // months
        counts[key] = counts.get(key, 0) + count
    peak = max(counts.values())
    base = reverse("timeline:index")  # once, not once per bar
    keys = range(first // months, last // months + 1)
    bins = []
    for index, key in enumerate(keys):
        start = from_index(key * months)
        count = counts.get(key, 0)
        bins.append(
            Bin(
                start=start,
                months=months,
                count=count,
                height=max(MIN_HEIGHT, HEIGHT * count / peak) if count else 0,
                url=period_url(filters, start, months, base) if count else "",
                tick=tick(start, months, index, len(keys)),
            )
        )
    return DensityStrip(bins=bins, months_per_bin=months, peak=peak)
