"""TIMEX3-style values and the periods they name, and the arithmetic of relative dates.

A value is truncated to its precision ("2021-11" for November 2021, "2023-Q3", "199X"); without a
reference date a relative expression keeps a partial one ("XXXX-07-15").
"""

import datetime
import re
from collections.abc import Callable
from dataclasses import dataclass

from ..types import Precision

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
SEASONS = {"spring": "SP", "summer": "SU", "autumn": "FA", "fall": "FA", "winter": "WI"}
SEASON_MONTH = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}
NUMBERS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "a couple of": 2, "few": 3,
    "a few": 3, "several": 3,
}  # fmt: skip
VAGUE_COUNTS = frozenset({"few", "a few", "several", "a couple of"})
COARSER = {Precision.DAY: Precision.WEEK, Precision.WEEK: Precision.MONTH}
UNIT_PRECISION = {
    "day": Precision.DAY,
    "week": Precision.WEEK,
    "month": Precision.MONTH,
    "year": Precision.YEAR,
    "decade": Precision.DECADE,
}


@dataclass(frozen=True)
class Resolved:
    value: str
    precision: Precision
    date: datetime.date | None = None
    needs_reference: bool = False
    modifier: str | None = None
    end_value: str | None = None
    date_end: datetime.date | None = None


Resolver = Callable[[re.Match, datetime.date | None], Resolved | None]


def period_value(day: datetime.date, precision: Precision) -> tuple[str, datetime.date]:
    """The TIMEX value of the period of `precision` containing `day`, and the period's first day."""
    if precision is Precision.DAY:
        return day.isoformat(), day
    if precision is Precision.WEEK:
        year, week, weekday = day.isocalendar()
        return f"{year}-W{week:02d}", day - datetime.timedelta(days=weekday - 1)
    if precision is Precision.MONTH:
        return f"{day:%Y-%m}", day.replace(day=1)
    if precision is Precision.SEASON:
        return season_of(day)
    if precision is Precision.QUARTER:
        quarter = (day.month - 1) // 3 + 1
        return f"{day.year:04d}-Q{quarter}", datetime.date(day.year, 3 * quarter - 2, 1)
    if precision is Precision.DECADE:
        return f"{day.year // 10:03d}X", datetime.date(day.year // 10 * 10, 1, 1)
    if precision is Precision.CENTURY:
        return f"{day.year // 100:02d}", datetime.date(day.year // 100 * 100, 1, 1)
    return f"{day.year:04d}", datetime.date(day.year, 1, 1)


def season_of(day: datetime.date) -> tuple[str, datetime.date]:
    # Meteorological seasons; winter belongs to the year of its December.
    code = ("WI", "WI", "SP", "SP", "SP", "SU", "SU", "SU", "FA", "FA", "FA", "WI")[day.month - 1]
    year = day.year - 1 if day.month < 3 else day.year
    return f"{year}-{code}", datetime.date(year, SEASON_MONTH[code], 1)


UNKNOWN = {
    Precision.DAY: "XXXX-XX-XX",
    Precision.WEEK: "XXXX-WXX",
    Precision.MONTH: "XXXX-XX",
    Precision.SEASON: "XXXX-XX",
    Precision.QUARTER: "XXXX-QX",
    Precision.YEAR: "XXXX",
    Precision.DECADE: "XXXX",
    Precision.CENTURY: "XX",
}


def at(day: datetime.date | None, precision: Precision, **extra) -> Resolved | None:
    if day is None:
        return None
    value, first = period_value(day, precision)
    return Resolved(value, precision, first, **extra)


def relative(day: datetime.date, precision: Precision, **extra) -> Resolved:
    """A period found by counting from the publication date."""
    value, first = period_value(day, precision)
    return Resolved(value, precision, first, needs_reference=True, **extra)


def span(
    first: datetime.date, last: datetime.date, precision: Precision, relative: bool = True
) -> Resolved:
    """A range of periods from the one holding `first` to the one holding `last`."""
    value, start = period_value(first, precision)
    end_value, end = period_value(last, precision)
    if end <= start:
        return Resolved(value, precision, start, needs_reference=relative)
    return Resolved(value, precision, start, relative, None, end_value, end)


def unresolved(value: str, precision: Precision, **extra) -> Resolved:
    return Resolved(value, precision, None, needs_reference=True, **extra)


def modifier_of(text: str | None) -> str | None:
    if not text:
        return None
    text = text.lower()
    if "end" in text:
        return "late"
    if "beginning" in text or "start" in text:
        return "early"
    return "mid" if "middle" in text else text


def count_of(text: str) -> int:
    text = " ".join(text.lower().split())
    return int(text) if text.isdigit() else NUMBERS[text]


def valid_day(month: int, day: int, year: str | None) -> bool:
    try:
        datetime.date(int(year) if year else 2000, month, day)  # 2000 is a leap year
    except ValueError:
        return False
    return True


def year_of_month(month: int, relation: str, reference: datetime.date) -> int:
    """News convention: a bare month is the most recent one not after publication."""
    if relation == "next":
        return reference.year + (month <= reference.month)
    if relation == "future":
        return reference.year + (month < reference.month)
    if relation == "this":
        return reference.year
    if relation == "last":
        return reference.year - (month >= reference.month)
    return reference.year - (month > reference.month)


def shift(day: datetime.date, unit: str, amount: int) -> datetime.date:
    if unit == "day":
        return day + datetime.timedelta(days=amount)
    if unit == "week":
        return day + datetime.timedelta(weeks=amount)
    if unit == "month":
        months = day.year * 12 + day.month - 1 + amount
        return datetime.date(months // 12, months % 12 + 1, 1)
    return datetime.date(day.year + amount * (10 if unit == "decade" else 1), 1, 1)


def shift_back(day: datetime.date, unit: str, amount: int) -> datetime.date:
    if unit in ("day", "week"):
        return shift(day, unit, -amount)
    if unit == "month":
        return shift(day, "month", -amount)
    return datetime.date(day.year - amount * (10 if unit == "decade" else 1), 1, 1)
