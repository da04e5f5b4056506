"""Finds an article's publication date: the argument, HTML metadata, or a dateline in the text.

Never falls back to today: an unknown date stays unknown, so relative expressions get reviewed.
"""

import datetime
import re

import htmldate

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

_MONTH = r"(?P<month>[A-Za-z]{3,9})\.?"
_TIME = r"(?P<hour>[0-2]?[0-9]):(?P<minute>[0-5][0-9])"
# Datelines as news sites print them: "14:41 01 Oct 2022", "01 Oct 2022, 14:41", "October 1, 2022
# 14:41",
# "01.10.2022 14:41". A dateline is a line of its own, which keeps dates quoted in prose out.
_DATELINE_PATTERNS = [
    re.compile(rf"^{_TIME},?\s+(?P<day>[0-3]?[0-9])\s+{_MONTH},?\s+(?P<year>[12][0-9]{{3}})$"),
    re.compile(rf"^(?P<day>[0-3]?[0-9])\s+{_MONTH},?\s+(?P<year>[12][0-9]{{3}})(?:,?\s+{_TIME})?$"),
    re.compile(rf"^{_MONTH}\s+(?P<day>[0-3]?[0-9]),?\s+(?P<year>[12][0-9]{{3}})(?:,?\s+{_TIME})?$"),
    re.compile(
        rf"^(?P<day>[0-3]?[0-9])\.(?P<num_month>[01]?[0-9])\.(?P<year>[12][0-9]{{3}})(?:,?\s+{_TIME})?$"
    ),
]
_HEADER_LINES = 15


def parse_dateline(line: str) -> datetime.datetime | None:
    """The date and time of a dateline-shaped line, or None when the line is something else."""
    line = line.strip()
    if len(line) > 40:
        return None
    for pattern in _DATELINE_PATTERNS:
        match = pattern.match(line)
        if match:
            return _dateline_datetime(match)
    return None


def _dateline_datetime(match: re.Match) -> datetime.datetime | None:
    parts = match.groupdict()
    month = (
        int(parts["num_month"]) if parts.get("num_month") else MONTHS.get(parts["month"].lower())
    )
    if month is None:
        return None
    try:
        return datetime.datetime(
            int(parts["year"]),
            month,
            int(parts["day"]),
            int(parts["hour"] or 0),
            int(parts["minute"] or 0),
        )
    except ValueError:
        return None


def dateline_date(text: str) -> datetime.datetime | None:
    """The first dateline among the opening lines of a plain-text article."""
    lines = [line for line in text.splitlines() if line.strip()]
    for line in lines[:_HEADER_LINES]:
        found = parse_dateline(line)
        if found:
            return found
    return None


def html_meta_date(html: str, url: str | None = None) -> datetime.datetime | None:
    """The date from HTML metadata; extensive search is off so body text can't leak in."""
    try:
        found = htmldate.find_date(
            html,
            extensive_search=False,
            original_date=True,
            outputformat="%Y-%m-%dT%H:%M:%S",
            url=url,
        )
    except (ValueError, TypeError):
        return None
    return datetime.datetime.fromisoformat(found) if found else None


def as_datetime(value: datetime.date | datetime.datetime) -> datetime.datetime:
    if isinstance(value, datetime.datetime):
        return value
    return datetime.datetime(value.year, value.month, value.day)
