"""Dates at their real precision: the last day a period covers, and how to write it for people.

A "November 2021" event is stored as 2021-11-01 with month precision; these helpers keep it
from ever being shown or filtered as "1 November 2021".
"""

import calendar
import datetime

from django.db import models

SEASON_NAMES = {3: "Spring", 6: "Summer", 9: "Autumn", 12: "Winter"}


class Precision(models.TextChoices):
    DAY = "day", "Day"
    WEEK = "week", "Week"
    MONTH = "month", "Month"
    SEASON = "season", "Season"
    QUARTER = "quarter", "Quarter"
    YEAR = "year", "Year"
    DECADE = "decade", "Decade"
    CENTURY = "century", "Century"


def add_months(day: datetime.date, months: int) -> datetime.date:
    index = day.year * 12 + (day.month - 1) + months
    return datetime.date(index // 12, index % 12 + 1, 1)


def last_day(start: datetime.date, precision: str) -> datetime.date:
    """The last day of the period that begins on ``start``."""
    match precision:
        case Precision.DAY:
            return start
        case Precision.WEEK:
            return start + datetime.timedelta(days=6)
        case Precision.MONTH:
            return start.replace(day=calendar.monthrange(start.year, start.month)[1])
        case Precision.SEASON | Precision.QUARTER:
            return add_months(start, 3) - datetime.timedelta(days=1)
        case Precision.YEAR:
            return datetime.date(start.year, 12, 31)
        case Precision.DECADE:
            return datetime.date(start.year - start.year % 10 + 9, 12, 31)
        case Precision.CENTURY:
            return datetime.date(start.year - start.year % 100 + 99, 12, 31)
    raise ValueError(f"Unknown precision: {precision!r}")


def format_date(day: datetime.date, precision: str) -> str:
    """One date written at its precision: "1 October 2022", "November 2021", "2024"."""
    match precision:
        case Precision.DAY:
            return f"{day.day} {day:%B %Y}"
        case Precision.WEEK:
            year, week, _ = day.isocalendar()
            return f"Week {week}, {year}"
        case Precision.MONTH:
            return f"{day:%B %Y}"
        case Precision.SEASON:
            return f"{SEASON_NAMES.get(day.month, day.strftime('%B'))} {day.year}"
        case Precision.QUARTER:
            return f"Q{(day.month - 1) // 3 + 1} {day.year}"
        case Precision.YEAR:
            return str(day.year)
        case Precision.DECADE:
            return f"{day.year - day.year % 10}s"
        case Precision.CENTURY:
            return f"{_ordinal(day.year // 100 + 1)} century"
    raise ValueError(f"Unknown precision: {precision!r}")


def _ordinal(number: int) -> str:
    suffix = (
        "th" if 10 <= number % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    )
    return f"{number}{suffix}"


def format_period(start: datetime.date | None, end: datetime.date | None, precision: str) -> str:
    """A date or a range at its precision; "Date unknown" when there is no date yet."""
    if start is None:
        return "Date unknown"
    first = format_date(start, precision)
    if end is None or end == start:
        return first
    return f"{first} – {format_date(end, precision)}"


def parse_period(text: str) -> tuple[datetime.date, datetime.date]:
    """A filter bound written as ``2022``, ``2022-10`` or ``2022-10-01`` → its first and last day.

    Raises ValueError with a message fit for people on anything else.
    """
    value = text.strip()
    parts = value.split("-")
    try:
        if len(parts) == 1 and len(parts[0]) == 4:
            first = datetime.date(int(parts[0]), 1, 1)
            return first, last_day(first, Precision.YEAR)
        if len(parts) == 2 and len(parts[0]) == 4:
            first = datetime.date(int(parts[0]), int(parts[1]), 1)
            return first, last_day(first, Precision.MONTH)
        if len(parts) == 3 and len(parts[0]) == 4:
            day = datetime.date.fromisoformat(value)
            return day, day
    except ValueError:
        pass
    raise ValueError(f"“{value}” is not a date: use YYYY, YYYY-MM or YYYY-MM-DD.")


def describe_bound(text: str) -> str:
    """A valid filter bound in words: "2022", "October 2022", "1 October 2022"."""
    first, last = parse_period(text)
    if first == last:
        return format_date(first, Precision.DAY)
    if first.month == last.month:
        return format_date(first, Precision.MONTH)
    return format_date(first, Precision.YEAR)


def describe_span(start_text: str, end_text: str) -> str:
    """A period filter in words: "October 2022", "2022 to 2024", "from 2024", "until May 2022"."""
    if start_text and end_text:
        if start_text == end_text:
            return describe_bound(start_text)
        return f"{describe_bound(start_text)} to {describe_bound(end_text)}"
    if start_text:
        return f"from {describe_bound(start_text)}"
    return f"until {describe_bound(end_text)}"
