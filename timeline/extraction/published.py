"""Finds an article's publication date: the argument, HTML metadata, the text, or its address.

In the text, a publication date is a line of its own near the top ("14:41 01 Oct 2022", "Friday,
26 January 2024, 17:55", "Posted on September 25, 2025", "Ekaterina Girnyk15:25, 01/29/24") or a
wire dateline opening a paragraph ("WARSAW, May 14 (Reuters) -"). A dateline without a year gets one
only when the text makes it certain; otherwise the date stays unknown. Never falls back to today:
an unknown date stays unknown, so relative expressions get reviewed.
"""

import datetime
import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import urlsplit

from dateparser.date import DateDataParser

MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")

_MONTH = r"(?P<month>(?i:jan|feb|mar|apr|may|jun|jul|aug|sept?|oct|nov|dec)[a-z]{0,6})\.?"
_DAY = r"(?P<day>[0-3]?[0-9])(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)[0-9]{2})"
_TIME = (
    r"(?P<hour>[0-2]?[0-9])[:.](?P<minute>[0-5][0-9])(?::[0-5][0-9])?(?:\s*(?P<ampm>[ap]\.?m\.?))?"
)
_ZONE = r"(?:\s*(?:Z|UTC|GMT|[A-Z]{2,4}T|[+-][0-9]{2}:?[0-9]{2}))?"
_WEEKDAY = r"(?:(?P<weekday>(?i:mon|tue|wed|thu|fri|sat|sun)[a-z]{0,6})\.?,?\s+)"
_DATES = [
    rf"{_DAY}\s+{_MONTH},?\s+{_YEAR}",
    rf"{_MONTH}\s+{_DAY},?\s+{_YEAR}",
    rf"{_YEAR}-(?P<num_month>[01]?[0-9])-{_DAY}(?=$|[T\s,])",
    rf"{_DAY}\.(?P<num_month>[01]?[0-9])\.{_YEAR}",
    rf"{_YEAR}/(?P<num_month>[01]?[0-9])/{_DAY}",
    # Slashed dates are read only when unambiguous (see _numeric_parts): "24/02/2022",
    # "01/29/24".
    r"(?P<slash1>[0-3]?[0-9])/(?P<slash2>[0-3]?[0-9])/(?P<slash_year>(?:19|20)?[0-9]{2})",
]
# Labels that introduce the publication date; "updated" stamps count only when nothing better is
# there. Photo-agency "Issue date:" stamps are not publication dates and are not listed.
_LABEL = (
    r"(?i:(?P<label>posted|published|first\s+published|publication\s+date|updated|last\s+updated|"
    r"date|created|modified)(?:\s+on)?\s*:?\s*)"
)
# "By John Smith |", "Ekaterina Girnyk" glued to the time: a name of one to four capitalised words.
_NOT_A_WEEKDAY = r"(?!(?i:(?:mon|tues|wednes|thurs|fri|satur|sun)day|wed|thu|tue)\b)"
_NAME_WORD = rf"{_NOT_A_WEEKDAY}[A-Z][^\W\d_]*(?:['’.-][^\W\d_]+)*\.?"
_BYLINE = rf"(?:(?i:by):?\s+)?(?:{_NAME_WORD}(?:\s+{_NAME_WORD}){{0,3}}\s*[|,•·–-]?\s*)"
_LEAD = r"^[\s•·*|>–—-]*"
_TRAIL = r"[\s|•·]*$"


def _line_patterns() -> list[re.Pattern]:
    patterns = []
    for date in _DATES:
        for prefix in (f"{_LABEL}?", _BYLINE):
            patterns += [
                re.compile(rf"{_LEAD}{prefix}{_TIME}{_ZONE},?\s+{_WEEKDAY}?{date}{_TRAIL}"),
                re.compile(
                    rf"{_LEAD}{prefix}{_WEEKDAY}?{date}(?:[,\s]+(?:at\s+)?{_TIME}{_ZONE})?{_TRAIL}"
                ),
                re.compile(rf"{_LEAD}{prefix}{date}T{_TIME}{_ZONE}{_TRAIL}"),
            ]
    return patterns


_LINE_PATTERNS = _line_patterns()
_LABEL_ONLY = re.compile(rf"{_LEAD}{_LABEL}")
_MONTH_WORD = re.compile(r"(?i)\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]{0,6}\b")
_WEEKDAY_NAME = re.compile(r"(?i)\b(?:mon|tue|wed|thu|fri|sat|sun)[a-z]{0,6}\b")
_FOUR_DIGITS = re.compile(r"\b(?:19|20)[0-9]{2}\b")
# What a date line is made of: numbers, month and weekday names, "of", "at", am/pm, zones.
_DATE_LINE_WORD = re.compile(
    r"(?i)\b(?:[0-9]{1,4}(?:st|nd|rd|th)?|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)"
    r"[a-z]{0,6}|(?:mon|tue|wed|thu|fri|sat|sun)[a-z]{0,6}|of|at|the|[ap]\.?m\.?|utc|gmt|"
    r"[a-z]{2,4}t)\b|[,.:/|–—-]"
)
_STRICT_PARSER = DateDataParser(
    languages=["en"],
    settings={
        "REQUIRE_PARTS": ["day", "month", "year"],
        "RETURN_AS_TIMEZONE_AWARE": False,
        "PREFER_DATES_FROM": "past",
    },
)
_MAX_LINE = 90
_HEADER_LINES = 15
_AGENCY = r"(?:\([A-Z][\w.&' -]{1,25}\)\s*)?"
# "WARSAW, May 14 (Reuters) -", "FETESTI, Romania, April 17 (Reuters) –", "KYIV, Feb. 24, 2022 -".
_WIRE_DATELINE = re.compile(
    r"^[A-Z][A-Z.'’ -]{1,40}(?:,\s*[A-Z][\w.'’ -]{1,40}){0,2},\s+"
    rf"{_MONTH}\s+{_DAY}(?:,\s*{_YEAR})?\s*{_AGENCY}[-–—]+\s"
)
_WEEKDAY_WORD = re.compile(
    r"\b(?:on\s+)?(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b"
)
_FULL_DATE = re.compile(
    r"\b(?:(?P<day>[0-3]?[0-9])\s+(?P<month>[A-Z][a-z]{2,8})\.?|(?P<month2>[A-Z][a-z]{2,8})\.?\s+"
    r"(?P<day2>[0-3]?[0-9])),?\s+(?P<year>(?:19|20)[0-9]{2})\b"
)
_YEAR_WORD = re.compile(r"\b((?:19|20)[0-9]{2})\b(?![-/.][0-9])")
_URL_DATE = re.compile(
    r"(?<![0-9])(?P<year>(?:19|20)[0-9]{2})(?P<sep>[/_-])(?P<month>[01]?[0-9])(?P=sep)"
    r"(?P<day>[0-3]?[0-9])(?![0-9])"
    r"|/(?P<compact>(?:19|20)[0-9]{2}[01][0-9][0-3][0-9])(?:/|$)"
)


@dataclass(frozen=True)
class Found:
    """A publication date found in the text, and how sure the finding is."""

    when: datetime.datetime
    label: str = ""  # the label before it, lower case: "posted", "updated", …


def parse_dateline(line: str) -> datetime.datetime | None:
    """The date and time of a dateline-shaped line, or None when the line is something else."""
    found = _parse_line(line)
    return found.when if found else None


def _parse_line(line: str) -> Found | None:
    line = line.strip()
    if not line or len(line) > _MAX_LINE or not any(c.isdigit() for c in line):
        return None
    for pattern in _LINE_PATTERNS:
        match = pattern.match(line)
        if match:
            when = _match_datetime(match)
            if when is not None:
                label = " ".join((match.groupdict().get("label") or "").lower().split())
                return Found(when, label)
    return _unusual_date_line(line)


def _unusual_date_line(line: str) -> Found | None:
    """A line that is nothing but a date in a form our patterns don't know ("Mon 3rd of March,
    2023 at 10:15 GMT"): dateparser reads it, with day, month and year all required."""
    label = _LABEL_ONLY.match(line)
    rest = line[label.end() :] if label else line
    words = _DATE_LINE_WORD.findall(rest)
    if not _MONTH_WORD.search(rest) or not _FOUR_DIGITS.search(rest):
        return None
    if sum(len(word) for word in words) < len(rest.replace(" ", "")) * 0.9:
        return None  # other words besides date words: prose, not a date line
    when = _strict_date(rest)
    if when is None:
        return None
    weekday = _WEEKDAY_NAME.search(rest)
    if weekday and not WEEKDAYS[when.weekday()].startswith(weekday.group().lower()[:3]):
        return None  # the weekday contradicts the date: a misreading
    return Found(when, " ".join((label["label"] if label else "").lower().split()))


@functools.lru_cache(maxsize=256)
def _strict_date(text: str) -> datetime.datetime | None:
    found = _STRICT_PARSER.get_date_data(text).date_obj
    return found.replace(tzinfo=None) if found else None


def clear_caches() -> None:
    """Forget memoised readings (benchmarks measure the first reading of a line)."""
    _strict_date.cache_clear()


def _match_datetime(match: re.Match) -> datetime.datetime | None:
    parts = match.groupdict()
    day_month_year = _numeric_parts(parts) if parts.get("slash1") else _named_parts(parts)
    if day_month_year is None:
        return None
    day, month, year = day_month_year
    hour, minute = int(parts.get("hour") or 0), int(parts.get("minute") or 0)
    ampm = (parts.get("ampm") or "").replace(".", "").lower()
    if ampm == "pm" and hour < 12:
        hour += 12
    elif ampm == "am" and hour == 12:
        hour = 0
    try:
        when = datetime.datetime(year, month, day, hour, minute)
    except ValueError:
        return None
    weekday = parts.get("weekday")
    if weekday and not WEEKDAYS[when.weekday()].startswith(weekday.lower()[:3]):
        return None  # "Tuesday, 2 October 2019" was a Wednesday: a misreading, not a date
    return when


def _named_parts(parts: dict) -> tuple[int, int, int] | None:
    if parts.get("num_month"):
        month = int(parts["num_month"])
    else:
        month = MONTHS.get(parts["month"].lower()) or MONTHS.get(parts["month"].lower()[:3])
        if month is None or not _is_month_name(parts["month"]):
            return None
    return int(parts["day"]), month, int(parts["year"])


def _is_month_name(word: str) -> bool:
    word = word.lower()
    return any(name.startswith(word) or word == name for name in MONTHS if len(name) > 3) or (
        word in MONTHS
    )


def _numeric_parts(parts: dict) -> tuple[int, int, int] | None:
    """Slashed dates only where one reading is possible: a part above 12 is the day."""
    first, second = int(parts["slash1"]), int(parts["slash2"])
    year = int(parts["slash_year"])
    if year < 100:
        year += 2000 if year < 70 else 1900
    if first > 12 >= second:
        return first, second, year
    if second > 12 >= first:
        return second, first, year
    if first == second <= 12:
        return first, second, year
    return None


def header_date(lines: Iterable[str]) -> Found | None:
    """The publication date among the opening lines: a labelled "posted"/"published" stamp or a
    dateline line first, an "updated" stamp only when there is nothing else."""
    fallback = None
    for index, line in enumerate(lines):
        if index >= _HEADER_LINES:
            break
        found = _parse_line(line)
        if found is None:
            continue
        if "updated" not in found.label and "modified" not in found.label:
            return found
        fallback = fallback or found
    return fallback


def dateline_date(text: str) -> datetime.datetime | None:
    """The first dateline among the opening lines of a plain-text article."""
    found = header_date(line for line in text.splitlines() if line.strip())
    return found.when if found else None


def wire_dateline(paragraph: str) -> re.Match | None:
    """A wire dateline opening the paragraph ("WARSAW, May 14 (Reuters) -"), if any."""
    return _WIRE_DATELINE.match(paragraph)


def wire_dateline_date(lines: list[str]) -> datetime.datetime | None:
    """The date of a wire dateline in the opening lines. Without a year in the dateline, the year
    comes from the text only when it is certain: the weekday the story names for that day, or a
    full date of the same weeks."""
    for line in lines[: _HEADER_LINES * 2]:
        match = wire_dateline(line)
        if match is None or not _is_month_name(match["month"]):
            continue
        month = MONTHS.get(match["month"].lower()) or MONTHS.get(match["month"].lower()[:3])
        day = int(match["day"])
        if match["year"]:
            return _safe_datetime(int(match["year"]), month, day)
        year = _certain_year(month, day, line, "\n".join(lines))
        return _safe_datetime(year, month, day) if year else None
    return None


def _certain_year(month: int, day: int, lead: str, text: str) -> int | None:
    years = {int(y) for y in _YEAR_WORD.findall(text)}
    candidates = {year + offset for year in years for offset in (0, 1)}
    candidates = {year for year in candidates if _safe_datetime(year, month, day)}
    weekday = _WEEKDAY_WORD.search(lead)
    if weekday:
        index = WEEKDAYS.index(weekday.group(1).lower())
        matching = {y for y in candidates if datetime.date(y, month, day).weekday() == index}
        return matching.pop() if len(matching) == 1 else None
    near = set()
    for found in _FULL_DATE.finditer(text):
        named = found["month"] or found["month2"]
        number = MONTHS.get(named.lower()) or MONTHS.get(named.lower()[:3])
        other = _safe_datetime(int(found["year"]), number, int(found["day"] or found["day2"]))
        if number is None or other is None:
            continue
        for year in candidates:
            if 0 <= (datetime.datetime(year, month, day) - other).days <= 31:
                near.add(year)
    return near.pop() if len(near) == 1 else None


def _safe_datetime(year: int, month: int | None, day: int) -> datetime.datetime | None:
    if month is None:
        return None
    try:
        return datetime.datetime(year, month, day)
    except ValueError:
        return None


def url_date(url: str | None) -> datetime.datetime | None:
    """A date in the article's address: /2025/5/28/, /2023-07-07-…, /20250611/."""
    if not url:
        return None
    path = urlsplit(url).path
    for match in _URL_DATE.finditer(path):
        if match["compact"]:
            value = match["compact"]
            found = _safe_datetime(int(value[:4]), int(value[4:6]), int(value[6:]))
        else:
            found = _safe_datetime(int(match["year"]), int(match["month"]), int(match["day"]))
        if found is not None:
            return found
    return None


def as_datetime(value: datetime.date | datetime.datetime) -> datetime.datetime:
    if isinstance(value, datetime.datetime):
        return value
    return datetime.datetime(value.year, value.month, value.day)
