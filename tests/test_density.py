"""The density strip: bins wide enough to see and click, an axis with years, at least a year."""

import datetime

from timeline.density import MAX_BINS, density_strip
from timeline.filters import TimelineFilter


def months(*pairs: tuple[int, int, int]) -> dict[datetime.date, int]:
    return {datetime.date(year, month, 1): count for year, month, count in pairs}


def test_a_wide_range_is_binned_by_year_with_every_year_labelled_or_every_few():
    strip = density_strip(months((1990, 3, 2), (2030, 11, 5), (2022, 10, 7)), TimelineFilter())
    assert strip.unit == "year"
    assert len(strip.bins) == 41 <= MAX_BINS
    assert strip.bins[0].period == "1990" and strip.bins[-1].period == "2030"
    assert [b.count for b in strip.bins if b.count] == [2, 7, 5]
    ticks = [b.tick for b in strip.bins if b.tick]
    assert ticks == ["1990", "1995", "2000", "2005", "2010", "2015", "2020", "2025", "2030"]
    bar = next(b for b in strip.bins if b.count == 7)
    assert bar.label == "2022: 7 events"
    assert bar.url == "/?from=2022&to=2022"
    assert "Events per year from 1990 to 2030" in strip.summary


def test_a_decade_is_binned_by_quarter_and_its_bars_link_to_their_months():
    strip = density_strip(months((2015, 2, 1), (2024, 12, 3)), TimelineFilter())
    assert strip.unit == "quarter"
    assert len(strip.bins) == 40
    first = strip.bins[0]
    assert first.period == "January–March 2015"
    assert first.url == "/?from=2015-01&to=2015-03"
    assert [b.tick for b in strip.bins[:5]] == ["2015", "", "", "", "2016"]


def test_one_month_is_a_bar_within_its_year_not_a_solid_block():
    strip = density_strip(months((2022, 10, 4)), TimelineFilter())
    assert strip.unit == "month"
    assert len(strip.bins) == 12
    assert [b.count for b in strip.bins] == [0] * 9 + [4, 0, 0]
    assert [b.tick for b in strip.bins][:3] == ["2022", "Feb", "Mar"]
    assert strip.bins[9].url == "/?from=2022-10&to=2022-10"
    assert strip.bins[0].url == ""  # an empty month is no link
    assert strip.first_day == datetime.date(2022, 1, 1)
    assert strip.last_day == datetime.date(2022, 12, 31)


def test_no_events_no_strip():
    assert density_strip({}, TimelineFilter()) is None
