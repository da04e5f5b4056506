"""One resolver per kind of expression: from a grammar rule's match and the publication date to a
value, a period and its precision."""

import datetime
import re

from ..published import MONTHS
from ..types import Precision
from .tense import future_context
from .values import (
    COARSER,
    SEASON_MONTH,
    SEASONS,
    UNIT_PRECISION,
    UNKNOWN,
    VAGUE_COUNTS,
    WEEKDAYS,
    Resolved,
    at,
    count_of,
    modifier_of,
    relative,
    season_of,
    shift,
    shift_back,
    span,
    unresolved,
    valid_day,
    year_of_month,
)

_ORDINALS = {
    "first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4,
    "last": 4, "final": 4, "latter": 2,
}  # fmt: skip
_STALE_PLAN = datetime.timedelta(days=14)


def _month_number(name: str) -> int:
    return MONTHS[name.rstrip(".").lower()]


def calendar_date(match: re.Match, reference: datetime.date | None) -> Resolved | None:
    month = _month_number(match["month"])
    day = int(re.match(r"[0-9]+", match["day"]).group())
    if not valid_day(month, day, match["year"]):
        return None
    if match["year"] is not None:
        return at(datetime.date(int(match["year"]), month, day), Precision.DAY)
    if reference is None:
        return unresolved(f"XXXX-{month:02d}-{day:02d}", Precision.DAY)
    found = _year_less_day(month, day, reference, future=future_context(match))
    return Resolved(found.isoformat(), Precision.DAY, found, needs_reference=True)


def weekday_date(match: re.Match, reference: datetime.date | None) -> Resolved | None:
    """ "Tuesday, March 5": one date; without a year, the weekday picks it among the years
    around publication (else the tense does, as for any year-less date)."""
    month = _month_number(match["month"] or match["month2"])
    day = int(re.match(r"[0-9]+", match["day"] or match["day2"]).group())
    weekday = WEEKDAYS.index(match["weekday"])
    if not valid_day(month, day, match["year"]):
        return None
    if match["year"] is not None:
        found = datetime.date(int(match["year"]), month, day)
        return at(found, Precision.DAY) if found.weekday() == weekday else None
    if reference is None:
        return unresolved(f"XXXX-{month:02d}-{day:02d}", Precision.DAY)
    nearby = [
        datetime.date(year, month, day)
        for year in (reference.year - 1, reference.year, reference.year + 1)
        if valid_day(month, day, str(year))
    ]
    fitting = [d for d in nearby if d.weekday() == weekday]
    if fitting:
        found = min(fitting, key=lambda d: abs((d - reference).days))
    else:
        found = _year_less_day(month, day, reference, future=future_context(match))
    return Resolved(found.isoformat(), Precision.DAY, found, needs_reference=True)


def day_range(match: re.Match, reference: datetime.date | None) -> Resolved | None:
    """ "11 and 12 July", "9–11 July 2023", "July 9-11"."""
    month = _month_number(match["month"])
    first, last = int(match["day"]), int(match["day2"])
    if last <= first or not valid_day(month, last, match["year"]):
        return None
    if match["year"] is not None:
        year = int(match["year"])
    elif reference is None:
        return unresolved(
            f"XXXX-{month:02d}-{first:02d}", Precision.DAY, end_value=f"XXXX-{month:02d}-{last:02d}"
        )
    else:
        year = _year_less_day(month, first, reference, future=future_context(match)).year
    start, end = datetime.date(year, month, first), datetime.date(year, month, last)
    return Resolved(
        start.isoformat(),
        Precision.DAY,
        start,
        needs_reference=match["year"] is None,
        end_value=end.isoformat(),
        date_end=end,
    )


def _year_less_day(
    month: int, day: int, reference: datetime.date, *, future: bool
) -> datetime.date:
    """The most recent such day not after publication, or in plans the first one not before it.

    Computed rather than asked of dateparser, which agrees in the past but in plans skips the
    publication day itself ("will meet on October 1", published 1 October, is that day). A plan
    dated a few days before publication is that day, not next year's: copy written ahead of
    publication ("will be discussed on April 17", published 18 April).
    """
    if future and valid_day(month, day, str(reference.year)):
        recent = datetime.date(reference.year, month, day)
        if datetime.timedelta(0) < reference - recent <= _STALE_PLAN:
            return recent
    step = 1 if future else -1
    year = reference.year
    while True:  # a valid day: at worst 29 February, found within eight years
        if valid_day(month, day, str(year)):
            found = datetime.date(year, month, day)
            if (found >= reference) if future else (found <= reference):
                return found
        year += step


def numeric_date(match: re.Match, reference: datetime.date | None) -> Resolved | None:
    try:
        day = datetime.date(int(match["year"]), int(match["num_month"]), int(match["day"]))
    except ValueError:
        return None
    return at(day, Precision.DAY)


def slashed_date(match: re.Match, reference: datetime.date | None) -> Resolved | None:
    """ "24/02/2022" or "02/24/2022": read only when one part is above 12 and says which is the
    day; "03/04/2022" is March or April depending on the country, and is left alone."""
    first, second = int(match["first"]), int(match["second"])
    if first > 12 >= second:
        day, month = first, second
    elif second > 12 >= first:
        day, month = second, first
    else:
        return None
    try:
        return at(datetime.date(int(match["year"]), month, day), Precision.DAY)
    except ValueError:
        return None


def month_year(match: re.Match, reference: datetime.date | None) -> Resolved | None:
    return at(
        datetime.date(int(match["year"]), _month_number(match["month"]), 1),
        Precision.MONTH,
        modifier=modifier_of(match["mod"]),
    )


def month_alone(match: re.Match, reference: datetime.date | None) -> Resolved | None:
    month = MONTHS[match["month"].lower()]
    modifier = modifier_of(match["mod"])
    if reference is None:
        return unresolved(f"XXXX-{month:02d}", Precision.MONTH, modifier=modifier)
    relation = (match["rel"] or "").lower() or ("future" if future_context(match) else "")
    year = year_of_month(month, relation, reference)
    return relative(datetime.date(year, month, 1), Precision.MONTH, modifier=modifier)


def month_range(match: re.Match, reference: datetime.date | None) -> Resolved | None:
    """ "from March to May 2022", "between January and March": the missing year comes from the
    other end, else from the publication date as for a bare month."""
    parts = match.groupdict()
    first, last = (MONTHS[parts[name].lower()] for name in ("month", "month2"))
    year, year2 = (int(parts[name]) if parts.get(name) else None for name in ("year", "year2"))
    if year is None and year2 is not None:
        year = year2 - (first > last)
    if year is None and reference is not None:
        relation = "future" if future_context(match) else ""
        year = year_of_month(first, relation, reference)
    if year is None:
        return unresolved(f"XXXX-{first:02d}", Precision.MONTH, end_value=f"XXXX-{last:02d}")
    if year2 is None:
        year2 = year + (last < first)
    start, end = datetime.date(year, first, 1), datetime.date(year2, last, 1)
    if end <= start:
        return None
    return Resolved(
        f"{start:%Y-%m}",
        Precision.MONTH,
        start,
        needs_reference=not (parts.get("year") or parts.get("year2")),
        end_value=f"{end:%Y-%m}",
        date_end=end,
    )


_ORDINAL_SUFFIX = {1: "st", 2: "nd", 3: "rd", 21: "st", 22: "nd", 23: "rd", 31: "st"}


def ordinal_day(match: re.Match, reference: datetime.date | None) -> Resolved | None:
    """ "On the 15th": a day of the publication month, or of the month before when the 15th is
    still to come (the month after when the sentence talks about plans)."""
    day = int(match["day"])
    if match["suffix"].lower() != _ORDINAL_SUFFIX.get(day, "th"):
        return None
    if reference is None:
        return unresolved(f"XXXX-XX-{day:02d}", Precision.DAY)
    future = future_context(match)
    months = reference.year * 12 + reference.month - 1
    step = 1 if future else -1
    while True:  # every month has days 1-28; a 31st is found within two months
        year, month = divmod(months, 12)
        if valid_day(month + 1, day, str(year)):
            found = datetime.date(year, month + 1, day)
            if (found >= reference) if future else (found <= reference):
                return Resolved(found.isoformat(), Precision.DAY, found, needs_reference=True)
        months += step


def year(match: re.Match, reference: datetime.date | None) -> Resolved | None:
    return at(
        datetime.date(int(match["year"]), 1, 1),
        Precision.YEAR,
        modifier=modifier_of(match.groupdict().get("mod")),
    )


def year_range(match: re.Match, reference: datetime.date | None) -> Resolved | None:
    first = int(match["year"])
    if match.groupdict().get("short"):
        # "1957–58", "2023/24": the second year shares the first one's century.
        last = first // 100 * 100 + int(match["short"])
        if last <= first:
            last += 100
        if last - first > 10:
            return None
    else:
        last = int(match["year2"])
    if last <= first:
        return None
    return Resolved(
        f"{first:04d}",
        Precision.YEAR,
        datetime.date(first, 1, 1),
        end_value=f"{last:04d}",
        date_end=datetime.date(last, 1, 1),
    )


def decade(match: re.Match, reference: datetime.date | None) -> Resolved | None:
    year = int(match["decade"])
    return at(datetime.date(year, 1, 1), Precision.DECADE, modifier=modifier_of(match["mod"]))


_ORDINAL_WORDS = {
    "eighteenth": 18, "nineteenth": 19, "twentieth": 20, "twenty-first": 21, "twenty first": 21,
}  # fmt: skip


def century(match: re.Match, reference: datetime.date | None) -> Resolved | None:
    """ "the 20th century" is the 1900s, TIMEX value "19"."""
    text = match["ordinal"].lower()
    number = _ORDINAL_WORDS.get(text) or int(re.match(r"[0-9]+", text).group())
    if not 1 <= number <= 22:
        return None
    return at(
        datetime.date((number - 1) * 100 or 1, 1, 1),
        Precision.CENTURY,
        modifier=modifier_of(match["mod"]),
    )


def season_year(match: re.Match, reference: datetime.date | None) -> Resolved | None:
    code = SEASONS[match["season"].lower()]
    year = int(match["year"])
    return Resolved(
        f"{year:04d}-{code}",
        Precision.SEASON,
        datetime.date(year, SEASON_MONTH[code], 1),
        modifier=modifier_of(match["mod"]),
    )


def season_of_year(match: re.Match, reference: datetime.date | None) -> Resolved | None:
    """ "the spring of last year", "the winter of this year" (its December)."""
    code = SEASONS[match["season"].lower()]
    if reference is None:
        return unresolved(f"XXXX-{code}", Precision.SEASON)
    year = reference.year + {"last": -1, "next": 1}.get(match["yrel"].lower(), 0)
    return Resolved(
        f"{year:04d}-{code}",
        Precision.SEASON,
        datetime.date(year, SEASON_MONTH[code], 1),
        needs_reference=True,
        modifier=modifier_of(match["mod"]),
    )


def season_relative(match: re.Match, reference: datetime.date | None) -> Resolved | None:
    """ "last winter", "this coming winter", "in the summer": a bare season is the current one, or
    the last one (in plans: the next one)."""
    code = SEASONS[match["season"].lower()]
    if reference is None:
        return unresolved(f"XXXX-{code}", Precision.SEASON)
    current = season_of(reference)[1]
    start = datetime.date(current.year, SEASON_MONTH[code], 1)
    relation = " ".join((match["rel"] or "").lower().split())
    if not relation:
        relation = "this" if start == current else "coming" if future_context(match) else "last"
    if relation in ("last", "previous", "past") and start >= current:
        start = start.replace(year=start.year - 1)
    elif (relation == "next" and start <= current) or (
        relation in ("coming", "this coming") and start < current
    ):
        start = start.replace(year=start.year + 1)
    elif relation == "this":
        # The season of this calendar year: "this spring" in February is the coming one; only
        # winter runs across the new year ("this winter" in February is the one under way).
        year = reference.year - 1 if code == "WI" and reference.month < 3 else reference.year
        start = datetime.date(year, SEASON_MONTH[code], 1)
    return Resolved(f"{start.year:04d}-{code}", Precision.SEASON, start, needs_reference=True)


def relative_unit(match: re.Match, reference: datetime.date | None) -> Resolved | None:
    relation = (match["rel"] or "").lower()
    modifier = modifier_of(match["mod"])
    if relation in ("the", "") and modifier is None:
        return None  # "the year" alone is no date; "the end of the year" is this one's end
    unit = match["unit"].lower().removesuffix("s")
    precision = UNIT_PRECISION[unit]
    if reference is None:
        return unresolved(UNKNOWN[precision], precision, modifier=modifier)
    step = {"last": -1, "previous": -1, "this": 0, "the": 0, "": 0, "next": 1, "coming": 1}[
        relation
    ]
    return relative(shift(reference, unit, step), precision, modifier=modifier)


def year_end(match: re.Match, reference: datetime.date | None) -> Resolved | None:
    if reference is None:
        return unresolved("XXXX", Precision.YEAR, modifier="late")
    return relative(reference, Precision.YEAR, modifier="late")


def ago(match: re.Match, reference: datetime.date | None) -> Resolved | None:
    """ "11 months ago"; a vague count ("a few days ago") is known only to the next unit up."""
    unit = match["unit"].lower()
    count = " ".join(match["count"].lower().split())
    precision = UNIT_PRECISION[unit]
    if count in VAGUE_COUNTS:
        precision = COARSER.get(precision, precision)
    if reference is None:
        return unresolved(UNKNOWN[precision], precision)
    return relative(shift_back(reference, unit, count_of(count)), precision)


def from_now(match: re.Match, reference: datetime.date | None) -> Resolved | None:
    """ "two weeks from now", "three days hence": counted forward from publication."""
    unit = match["unit"].lower()
    precision = UNIT_PRECISION[unit]
    if reference is None:
        return unresolved(UNKNOWN[precision], precision)
    return relative(shift(reference, unit, count_of(match["count"])), precision)


def past_period(match: re.Match, reference: datetime.date | None) -> Resolved | None:
    """ "over the past two weeks": from two weeks before publication to publication; "the past
    year" (no count) is the current one, as news uses it."""
    unit = match["unit"].lower()
    precision = UNIT_PRECISION[unit]
    if reference is None:
        return unresolved(UNKNOWN[precision], precision)
    if not match["count"]:
        return relative(reference, precision)
    amount = count_of(match["count"])
    return span(shift_back(reference, unit, amount), reference, precision)


def coming_period(match: re.Match, reference: datetime.date | None) -> Resolved | None:
    """ "within days", "in the coming weeks", "within two weeks", "in the next two to three
    months", "in a few weeks": from publication to the end of the span, at the unit's precision;
    "days" and "weeks" without a count read as about a week and a month."""
    unit = match["unit"].lower().removesuffix("s")
    if reference is None:
        return unresolved(UNKNOWN[UNIT_PRECISION[unit]], UNIT_PRECISION[unit])
    first_count = match["count"]
    last_count = match["count2"] or first_count
    if last_count is None:
        unit, amount = {"day": ("week", 1), "week": ("month", 1), "month": ("month", 3)}.get(
            unit, (unit, 2)
        )
        start = reference
    else:
        amount = count_of(last_count)
        start = shift(reference, unit, count_of(first_count)) if match["count2"] else reference
    precision = UNIT_PRECISION[unit]
    return span(start, shift(reference, unit, amount), precision)


def quarter(match: re.Match, reference: datetime.date | None) -> Resolved | None:
    """ "Q3 2023", "the third quarter of 2023", "the first quarter of next year", "last quarter",
    "the third quarter" (the last one before publication, or the next in plans)."""
    parts = match.groupdict()
    relation = (parts.get("rel") or "").lower()
    if parts.get("q"):
        quarter = int(parts["q"])
    elif parts.get("ordinal"):
        quarter = _ORDINALS[parts["ordinal"].lower()]
    else:
        quarter = None
    year = int(parts["year"]) if parts.get("year") else None
    if year is None and parts.get("yrel"):
        if reference is None:
            return unresolved(f"XXXX-Q{quarter}", Precision.QUARTER)
        year = reference.year + {"last": -1, "next": 1}.get(parts["yrel"].lower(), 0)
    if year is not None and quarter is not None:
        return at(datetime.date(year, 3 * quarter - 2, 1), Precision.QUARTER)
    if reference is None:
        return unresolved(f"XXXX-Q{quarter or 'X'}", Precision.QUARTER)
    current = (reference.month - 1) // 3 + 1
    if quarter is None:  # "this quarter", "last quarter", "next quarter"
        step = {"last": -1, "previous": -1, "next": 1, "coming": 1}.get(relation, 0)
        return relative(shift(reference, "month", 3 * step), Precision.QUARTER)
    year = reference.year
    if future_context(match):
        year += quarter < current
    else:
        year -= quarter > current
    return relative(datetime.date(year, 3 * quarter - 2, 1), Precision.QUARTER)


def half(match: re.Match, reference: datetime.date | None) -> Resolved | None:
    """ "the second half of the year": July to December, as a month range (TIMEX "2024-H2")."""
    parts = match.groupdict()
    half = int(parts["h"]) if parts.get("h") else (1 if parts["ordinal"].lower() == "first" else 2)
    if parts.get("year"):
        year, relative = int(parts["year"]), False
    elif reference is None:
        return unresolved(f"XXXX-H{half}", Precision.MONTH)
    else:
        year = reference.year + {"last": -1, "next": 1}.get((parts.get("yrel") or "").lower(), 0)
        relative = True
    start, end = datetime.date(year, 6 * half - 5, 1), datetime.date(year, 6 * half, 1)
    return Resolved(f"{year}-H{half}", Precision.MONTH, start, relative, None, f"{end:%Y-%m}", end)


def fiscal_year(match: re.Match, reference: datetime.date | None) -> Resolved | None:
    """ "fiscal year 2024", "FY2024", "FY24", "this fiscal year": labelled by the year it is named
    after (its months differ by country)."""
    parts = match.groupdict()
    if parts.get("year"):
        year = int(parts["year"])
        if year < 100:
            year += 2000
    elif reference is None:
        return unresolved("FYXXXX", Precision.YEAR)
    else:
        year = reference.year + {"last": -1, "previous": -1, "next": 1}.get(parts["rel"].lower(), 0)
    resolved = Resolved(
        f"FY{year}", Precision.YEAR, datetime.date(year, 1, 1), not parts.get("year")
    )
    return resolved


_DEICTIC_DAYS = {
    "today": 0,
    "tonight": 0,
    "now": 0,
    "currently": 0,
    "presently": 0,
    "at present": 0,
    "at the moment": 0,
    "this morning": 0,
    "this afternoon": 0,
    "this evening": 0,
    "yesterday": -1,
    "last night": -1,
    "the day before yesterday": -2,
    "tomorrow": 1,
    "the day after tomorrow": 2,
}


def deictic(match: re.Match, reference: datetime.date | None) -> Resolved | None:
    offset = _DEICTIC_DAYS[re.sub(r"\s+", " ", match["core"].lower())]
    if reference is None:
        return unresolved("XXXX-XX-XX", Precision.DAY)
    return relative(reference + datetime.timedelta(days=offset), Precision.DAY)


def weekday(match: re.Match, reference: datetime.date | None) -> Resolved | None:
    weekday = WEEKDAYS.index(match["weekday"])
    if reference is None:
        return unresolved(f"XXXX-WXX-{weekday + 1}", Precision.DAY)
    relation = (match["rel"] or "").lower()
    back = (reference.weekday() - weekday) % 7
    if relation == "last" and back == 0:
        back = 7
    if relation == "next" or (not relation and back and future_context(match)):
        back = -((weekday - reference.weekday()) % 7 or 7)
    if relation == "this":
        back = reference.weekday() - weekday
    day = reference - datetime.timedelta(days=back)
    return Resolved(day.isoformat(), Precision.DAY, day, needs_reference=True)


def weekend(match: re.Match, reference: datetime.date | None) -> Resolved | None:
    """ "this past weekend", "last weekend", "next weekend", "over the weekend": a Saturday-to-
    Sunday range."""
    if reference is None:
        return unresolved("XXXX-WXX-WE", Precision.DAY)
    relation = " ".join((match["rel"] or "").lower().split())
    ahead = relation in ("next", "coming", "this coming") or (
        relation in ("this", "the") and future_context(match)
    )
    if ahead:
        saturday = reference + datetime.timedelta(days=(5 - reference.weekday()) % 7)
    else:
        saturday = reference - datetime.timedelta(days=(reference.weekday() - 5) % 7)
    sunday = saturday + datetime.timedelta(days=1)
    return Resolved(
        saturday.isoformat(), Precision.DAY, saturday, True, None, sunday.isoformat(), sunday
    )


class Rebound:
    """A match seen through one renamed group: rules with two spellings of the year ("Q3 2023",
    "the third quarter of 2023") share one resolver that reads `year`."""

    def __init__(self, match: re.Match, **groups: str | None):
        self._match = match
        self._groups = groups

    def __getitem__(self, name: str):
        return self._groups[name] if name in self._groups else self._match[name]

    def groupdict(self) -> dict:
        return {**self._match.groupdict(), **self._groups}

    def __getattr__(self, name: str):
        return getattr(self._match, name)
