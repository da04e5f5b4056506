"""Finds temporal expressions in text and normalises them against the publication date.

One scan for trigger words (month names, weekdays, years, relative words) marks windows of text;
only the grammar rules a window's triggers can start run there. Calendar arithmetic we can do
exactly ourselves (year-less dates, "on the 15th", bare months, "last week", "11 months ago").
Values are TIMEX3-style and truncated to their precision; without
a reference date, relative and year-less expressions keep a partial value ("XXXX-07-15").

A year-less date looks back from publication in a statement about the past and forward in one
about plans ("will be signed on 24 June"): the nearest tense marker decides. Two expressions joined
as a range ("late March or early April", "from 9 June to 20 June") become one.

Holidays are not resolved: "May Day" and "New Year's" are not dates, nor is "May" inside them.
"""

import bisect
import datetime
import re
from collections.abc import Callable
from dataclasses import dataclass, replace

from .published import MONTHS
from .types import Precision, TemporalExpression

_MONTH_FULL = (
    "January|February|March|April|May|June|July|August|September|October|November|December"
)
_MONTH_ABBREVIATIONS = (
    "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sept", "Sep", "Oct", "Nov", "Dec",
)  # fmt: skip
_MONTH_ABBR = rf"(?:{'|'.join(_MONTH_ABBREVIATIONS)})\.?"
# Month and weekday names are matched capitalised only: that alone rules out "may", "march" (the
# verb).
_MONTH = rf"(?:{_MONTH_FULL}|{_MONTH_ABBR})"
_DAY = r"(?:3[01]|[12][0-9]|0?[1-9])(?:st|nd|rd|th)?(?![0-9])"
_YEAR = r"(?:1[0-9]{3}|20[0-9]{2})(?![0-9])"
_RECENT_YEAR = r"(?:19[0-9]{2}|20[0-9]{2})(?![0-9])"
_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_MODIFIER = r"(?i:early|mid|late|the\s+(?:end|beginning|start|middle)\s+of)"
_SEASONS = {"spring": "SP", "summer": "SU", "autumn": "FA", "fall": "FA", "winter": "WI"}
_SEASON_MONTH = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}
_CUE = r"(?i:in|since|by|until|till|from|during|through|throughout|before|after|of|on)"
_NUMBERS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "a couple of": 2, "few": 3,
    "a few": 3, "several": 3,
}  # fmt: skip
_ORDINALS = {
    "first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4,
    "last": 4, "final": 4, "latter": 2,
}  # fmt: skip
_VAGUE_COUNTS = frozenset({"few", "a few", "several", "a couple of"})
_COARSER = {Precision.DAY: Precision.WEEK, Precision.WEEK: Precision.MONTH}
_UNIT_PRECISION = {
    "day": Precision.DAY,
    "week": Precision.WEEK,
    "month": Precision.MONTH,
    "year": Precision.YEAR,
    "decade": Precision.DECADE,
}
_B = r"(?<![\w-])"  # a word start that is not inside a hyphenated word
_TENSE_WINDOW = 90
_STALE_PLAN = datetime.timedelta(days=14)
# Markers of a statement about plans; the nearest tense marker to an expression decides which way
# a year-less date looks.
_FUTURE_CUE = re.compile(
    r"\b(?:(?:will|shall|would)(?:\s+(?:not|also|then|soon|now))?"
    r"(?:\s+(?:be|have(?:\s+been)?))?(?:\s+[a-z]+)?|going\s+to|expects?|expected|anticipates?|"
    r"to\s+arrive|plans?\s+to|planned|planning|hopes?\s+to|intends?\s+to|aims?\s+to|(?:is|are)\s+to|set\s+to|slated|scheduled|"
    r"due\s+(?:to|in|on|for|by)|upcoming|postponed|to\s+run|to\s+last|to\s+be\s+held|"
    r"to\s+take\s+place|to\s+begin|to\s+start|to\s+open|forthcoming|next)\b",
    re.IGNORECASE,
)
_PAST_CUE = re.compile(
    r"\b(?:was|were|had|did|been|ago|earlier|previously|said|told|[a-z]{2,}ed|met|held|made|"
    r"took|gave|sent|signed|began|led|spoke|wrote|came|went|sold|bought|built|won|lost)\b"
)
# A time phrase that opens its clause: "In March, …", "…, and on Friday the ministers will…".
_CLAUSE_OPENER = re.compile(r"(?:^|[,;:]\s+(?:and\s+|but\s+)?)\s*(?:[A-Za-z]+\s+){0,2}$")
_SENTENCE_EDGE = re.compile(r"[.!?]\s+(?=[A-Z\"“])")
_RANGE_JOIN = re.compile(r"\s*(?:-|–|—|to|until|till|through|and|or)\s*", re.IGNORECASE)
_RANGE_END_CUE = re.compile(r"\b(?:through|until|till|to)\s*$", re.IGNORECASE)
_CUE_BEFORE = re.compile(
    r"(?i:\b(?P<cue>by|until|till|since|from|in|on|at|during|before|after|through|throughout|"
    r"between|deadline\s+of|of|for|no\s+later\s+than|not\s+later\s+than|as\s+of|starting|"
    r"beginning)"
    r"\s+(?:the\s+)?$)"
)


# What a cue counts as: "a deadline of Thursday" sets a deadline like "by Thursday".
_CUE_NAMES = {
    "deadline of": "by",
    **{
        cue: cue
        for cue in (
            "by", "until", "till", "since", "from", "in", "on", "at", "during", "before", "after",
            "through", "throughout", "between", "of", "for", "as of", "starting", "beginning",
            "no later than", "not later than",
        )
    },
}  # fmt: skip


@dataclass(frozen=True)
class _Resolved:
    value: str
    precision: Precision
    date: datetime.date | None = None
    needs_reference: bool = False
    modifier: str | None = None
    end_value: str | None = None
    date_end: datetime.date | None = None


_Resolver = Callable[[re.Match, datetime.date | None], _Resolved | None]


def find_temporal_expressions(
    text: str, reference: datetime.date | datetime.datetime | None
) -> list[TemporalExpression]:
    """Every temporal expression in `text`, in order; the longest wins where candidates overlap,
    and two joined as a range ("9 to 11 July", "late March or early April") count as one."""
    if isinstance(reference, datetime.datetime):
        reference = reference.date()
    candidates = []
    for window_start, window_end, kinds in _windows(text):
        for rule in _GRAMMAR:
            if rule.kinds.isdisjoint(kinds):
                continue
            for match in rule.pattern.finditer(text, window_start, window_end):
                resolved = rule.resolve(match, reference)
                if resolved is not None:
                    candidates.append((*match.span("core"), resolved))
    chosen = _longest_non_overlapping(candidates)
    expressions = [_expression(text, start, end, resolved) for start, end, resolved in chosen]
    return _joined_ranges(text, expressions)


def _windows(text: str) -> list[tuple[int, int, set[str]]]:
    """Stretches of text around trigger words, with the kinds of trigger each holds: a grammar rule
    runs only in windows holding a trigger it needs (a weekday rule needs a weekday name)."""
    windows: list[tuple[int, int, set[str]]] = []
    for trigger in _TRIGGER.finditer(text):
        start = max(0, trigger.start() - _WINDOW_MARGIN)
        end = min(len(text), trigger.end() + _WINDOW_MARGIN)
        if windows and start <= windows[-1][1]:
            windows[-1] = (windows[-1][0], end, windows[-1][2])
            windows[-1][2].add(_trigger_kind(trigger))
        else:
            windows.append((start, end, {_trigger_kind(trigger)}))
    return [(*_widened(text, start, end), kinds) for start, end, kinds in windows]


def _widened(text: str, start: int, end: int) -> tuple[int, int]:
    """Move window edges to spaces so that no match starts or ends inside a cut word."""
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    while end < len(text) and not text[end].isspace():
        end += 1
    return start, end


def _longest_non_overlapping(candidates: list) -> list:
    """Longest first; a candidate is kept if it overlaps none kept so far. The kept spans stay in
    a sorted list, so each check looks at two neighbours: O(n log n) however long the text."""
    starts: list[int] = []
    kept: list = []
    for candidate in sorted(candidates, key=lambda c: (c[0] - c[1], c[0])):
        start, end = candidate[0], candidate[1]
        index = bisect.bisect_left(starts, start)
        if index < len(kept) and kept[index][0] < end:
            continue
        if index > 0 and kept[index - 1][1] > start:
            continue
        starts.insert(index, start)
        kept.insert(index, candidate)
    return kept


def _expression(text: str, start: int, end: int, resolved: _Resolved) -> TemporalExpression:
    cue = _CUE_BEFORE.search(text, max(0, start - 24), start)
    return TemporalExpression(
        text=text[start:end],
        start=start,
        end=end,
        value=resolved.value,
        precision=resolved.precision,
        end_value=resolved.end_value,
        date=resolved.date,
        date_end=resolved.date_end,
        needs_reference=resolved.needs_reference,
        modifier=resolved.modifier,
        cue=_CUE_NAMES.get(" ".join(cue["cue"].lower().split()), "") if cue else "",
    )


def _joined_ranges(text: str, expressions: list[TemporalExpression]) -> list[TemporalExpression]:
    """Join neighbours that make one range: "late March or early April", "9 June to 20 June",
    "began on 9 June and will run through 20 June". "In 2014 and 2022" stays two dates: "and"
    and "or" join only consecutive periods, or after "between"."""
    joined: list[TemporalExpression] = []
    for expression in expressions:
        previous = joined[-1] if joined else None
        if previous is not None and _is_range(text, previous, expression):
            joined[-1] = _range(text, previous, expression)
        else:
            joined.append(expression)
    return joined


def _is_range(text: str, first: TemporalExpression, second: TemporalExpression) -> bool:
    if first.precision is not second.precision or first.end_value or second.end_value:
        return False
    if first.date is None or second.date is None or second.date <= first.date:
        return False
    between = text[first.end : second.start]
    if _RANGE_JOIN.fullmatch(between):
        word = between.strip().lower()
        if word in ("and", "or"):
            return first.cue == "between" or _consecutive(first, second)
        return True
    # "began on 9 June and will run through 20 June": an end cue inside the same sentence.
    return (
        second.cue in ("through", "until", "till")
        and len(between) <= 60
        and not _SENTENCE_EDGE.search(between)
        and bool(_RANGE_END_CUE.search(between))
        and first.cue in ("on", "from", "in", "starting", "beginning", "")
    )


def _consecutive(first: TemporalExpression, second: TemporalExpression) -> bool:
    a, b = first.date, second.date
    match first.precision:
        case Precision.DAY:
            return (b - a).days == 1
        case Precision.WEEK:
            return (b - a).days == 7
        case Precision.MONTH:
            return (b.year * 12 + b.month) - (a.year * 12 + a.month) == 1
        case Precision.SEASON | Precision.QUARTER:
            return (b.year * 12 + b.month) - (a.year * 12 + a.month) == 3
        case Precision.YEAR:
            return b.year - a.year == 1
    return False


def _range(text: str, first: TemporalExpression, second: TemporalExpression) -> TemporalExpression:
    return replace(
        first,
        text=text[first.start : second.end],
        end=second.end,
        end_value=second.value,
        date_end=second.date,
        needs_reference=first.needs_reference or second.needs_reference,
    )


# Values and periods.


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
        return _season_of(day)
    if precision is Precision.QUARTER:
        quarter = (day.month - 1) // 3 + 1
        return f"{day.year:04d}-Q{quarter}", datetime.date(day.year, 3 * quarter - 2, 1)
    if precision is Precision.DECADE:
        return f"{day.year // 10:03d}X", datetime.date(day.year // 10 * 10, 1, 1)
    if precision is Precision.CENTURY:
        return f"{day.year // 100:02d}", datetime.date(day.year // 100 * 100, 1, 1)
    return f"{day.year:04d}", datetime.date(day.year, 1, 1)


def _season_of(day: datetime.date) -> tuple[str, datetime.date]:
    # Meteorological seasons; winter belongs to the year of its December.
    code = ("WI", "WI", "SP", "SP", "SP", "SU", "SU", "SU", "FA", "FA", "FA", "WI")[day.month - 1]
    year = day.year - 1 if day.month < 3 else day.year
    return f"{year}-{code}", datetime.date(year, _SEASON_MONTH[code], 1)


_UNKNOWN = {
    Precision.DAY: "XXXX-XX-XX",
    Precision.WEEK: "XXXX-WXX",
    Precision.MONTH: "XXXX-XX",
    Precision.SEASON: "XXXX-XX",
    Precision.QUARTER: "XXXX-QX",
    Precision.YEAR: "XXXX",
    Precision.DECADE: "XXXX",
    Precision.CENTURY: "XX",
}


def _at(day: datetime.date | None, precision: Precision, **extra) -> _Resolved | None:
    if day is None:
        return None
    value, first = period_value(day, precision)
    return _Resolved(value, precision, first, **extra)


def _relative(day: datetime.date, precision: Precision, **extra) -> _Resolved:
    """A period found by counting from the publication date."""
    value, first = period_value(day, precision)
    return _Resolved(value, precision, first, needs_reference=True, **extra)


def _span(
    first: datetime.date, last: datetime.date, precision: Precision, relative: bool = True
) -> _Resolved:
    """A range of periods from the one holding `first` to the one holding `last`."""
    value, start = period_value(first, precision)
    end_value, end = period_value(last, precision)
    if end <= start:
        return _Resolved(value, precision, start, needs_reference=relative)
    return _Resolved(value, precision, start, relative, None, end_value, end)


def _unresolved(value: str, precision: Precision, **extra) -> _Resolved:
    return _Resolved(value, precision, None, needs_reference=True, **extra)


def _modifier(text: str | None) -> str | None:
    if not text:
        return None
    text = text.lower()
    if "end" in text:
        return "late"
    if "beginning" in text or "start" in text:
        return "early"
    return "mid" if "middle" in text else text


def _count(text: str) -> int:
    text = " ".join(text.lower().split())
    return int(text) if text.isdigit() else _NUMBERS[text]


# Which way a year-less date looks: the tense of the statement around it.


def _direction(match: re.Match) -> int:
    """+1 when the statement around the expression is about plans, else -1 (news reports what
    happened: a bare "on Friday" is the Friday before publication).

    The verb a time phrase belongs to usually comes before it ("announced by the prime minister
    in January and will increase…"): the nearest marker before it decides, unless the phrase
    opens its clause ("In March, the summit will…"), where the nearest marker on either side does.
    """
    text, start, end = match.string, match.start("core"), match.end("core")
    left = max(0, start - _TENSE_WINDOW)
    edges = list(_SENTENCE_EDGE.finditer(text, left, start))
    left = edges[-1].end() if edges else left
    right_edge = _SENTENCE_EDGE.search(text, end, min(len(text), end + _TENSE_WINDOW))
    right = right_edge.start() if right_edge else min(len(text), end + _TENSE_WINDOW)
    before, after = [], []
    future_spans = []
    for found in _FUTURE_CUE.finditer(text, left, right):
        if found.end() <= start:
            before.append((start - found.end(), 1))
            future_spans.append(found.span())
        elif found.start() >= end:
            after.append((found.start() - end, 1))
            future_spans.append(found.span())
    for found in _PAST_CUE.finditer(text, left, right):
        if any(a < found.end() and found.start() < b for a, b in future_spans):
            continue
        if found.end() <= start:
            before.append((start - found.end(), -1))
        elif found.start() >= end:
            after.append((found.start() - end, -1))
    opens_clause = not text[left:start].strip(' \t\n"“‘(') or bool(
        _CLAUSE_OPENER.search(text, left, start)
    )
    if before and not opens_clause:
        return min(before)[1]
    markers = before + after
    return min(markers)[1] if markers else -1


def _future_context(match: re.Match) -> bool:
    return _direction(match) > 0


# Resolvers, one per kind of expression.


def _month_number(name: str) -> int:
    return MONTHS[name.rstrip(".").lower()]


def _calendar_date(match: re.Match, reference: datetime.date | None) -> _Resolved | None:
    month = _month_number(match["month"])
    day = int(re.match(r"[0-9]+", match["day"]).group())
    if not _valid_day(month, day, match["year"]):
        return None
    if match["year"] is not None:
        return _at(datetime.date(int(match["year"]), month, day), Precision.DAY)
    if reference is None:
        return _unresolved(f"XXXX-{month:02d}-{day:02d}", Precision.DAY)
    found = _year_less_day(month, day, reference, future=_future_context(match))
    return _Resolved(found.isoformat(), Precision.DAY, found, needs_reference=True)


def _weekday_date(match: re.Match, reference: datetime.date | None) -> _Resolved | None:
    """ "Tuesday, March 5": one date; without a year, the weekday picks it among the years
    around publication (else the tense does, as for any year-less date)."""
    month = _month_number(match["month"] or match["month2"])
    day = int(re.match(r"[0-9]+", match["day"] or match["day2"]).group())
    weekday = _WEEKDAYS.index(match["weekday"])
    if not _valid_day(month, day, match["year"]):
        return None
    if match["year"] is not None:
        found = datetime.date(int(match["year"]), month, day)
        return _at(found, Precision.DAY) if found.weekday() == weekday else None
    if reference is None:
        return _unresolved(f"XXXX-{month:02d}-{day:02d}", Precision.DAY)
    nearby = [
        datetime.date(year, month, day)
        for year in (reference.year - 1, reference.year, reference.year + 1)
        if _valid_day(month, day, str(year))
    ]
    fitting = [d for d in nearby if d.weekday() == weekday]
    if fitting:
        found = min(fitting, key=lambda d: abs((d - reference).days))
    else:
        found = _year_less_day(month, day, reference, future=_future_context(match))
    return _Resolved(found.isoformat(), Precision.DAY, found, needs_reference=True)


def _day_range(match: re.Match, reference: datetime.date | None) -> _Resolved | None:
    """ "11 and 12 July", "9–11 July 2023", "July 9-11"."""
    month = _month_number(match["month"])
    first, last = int(match["day"]), int(match["day2"])
    if last <= first or not _valid_day(month, last, match["year"]):
        return None
    if match["year"] is not None:
        year = int(match["year"])
    elif reference is None:
        return _unresolved(
            f"XXXX-{month:02d}-{first:02d}", Precision.DAY, end_value=f"XXXX-{month:02d}-{last:02d}"
        )
    else:
        year = _year_less_day(month, first, reference, future=_future_context(match)).year
    start, end = datetime.date(year, month, first), datetime.date(year, month, last)
    return _Resolved(
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
    if future and _valid_day(month, day, str(reference.year)):
        recent = datetime.date(reference.year, month, day)
        if datetime.timedelta(0) < reference - recent <= _STALE_PLAN:
            return recent
    step = 1 if future else -1
    year = reference.year
    while True:  # a valid day: at worst 29 February, found within eight years
        if _valid_day(month, day, str(year)):
            found = datetime.date(year, month, day)
            if (found >= reference) if future else (found <= reference):
                return found
        year += step


def _valid_day(month: int, day: int, year: str | None) -> bool:
    try:
        datetime.date(int(year) if year else 2000, month, day)  # 2000 is a leap year
    except ValueError:
        return False
    return True


def _numeric_date(match: re.Match, reference: datetime.date | None) -> _Resolved | None:
    try:
        day = datetime.date(int(match["year"]), int(match["num_month"]), int(match["day"]))
    except ValueError:
        return None
    return _at(day, Precision.DAY)


def _slashed_date(match: re.Match, reference: datetime.date | None) -> _Resolved | None:
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
        return _at(datetime.date(int(match["year"]), month, day), Precision.DAY)
    except ValueError:
        return None


def _month_year(match: re.Match, reference: datetime.date | None) -> _Resolved | None:
    return _at(
        datetime.date(int(match["year"]), _month_number(match["month"]), 1),
        Precision.MONTH,
        modifier=_modifier(match["mod"]),
    )


def _month_alone(match: re.Match, reference: datetime.date | None) -> _Resolved | None:
    month = MONTHS[match["month"].lower()]
    modifier = _modifier(match["mod"])
    if reference is None:
        return _unresolved(f"XXXX-{month:02d}", Precision.MONTH, modifier=modifier)
    relation = (match["rel"] or "").lower() or ("future" if _future_context(match) else "")
    year = _year_of_month(month, relation, reference)
    return _relative(datetime.date(year, month, 1), Precision.MONTH, modifier=modifier)


def _year_of_month(month: int, relation: str, reference: datetime.date) -> int:
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


def _month_range(match: re.Match, reference: datetime.date | None) -> _Resolved | None:
    """ "from March to May 2022", "between January and March": the missing year comes from the
    other end, else from the publication date as for a bare month."""
    parts = match.groupdict()
    first, last = (MONTHS[parts[name].lower()] for name in ("month", "month2"))
    year, year2 = (int(parts[name]) if parts.get(name) else None for name in ("year", "year2"))
    if year is None and year2 is not None:
        year = year2 - (first > last)
    if year is None and reference is not None:
        relation = "future" if _future_context(match) else ""
        year = _year_of_month(first, relation, reference)
    if year is None:
        return _unresolved(f"XXXX-{first:02d}", Precision.MONTH, end_value=f"XXXX-{last:02d}")
    if year2 is None:
        year2 = year + (last < first)
    start, end = datetime.date(year, first, 1), datetime.date(year2, last, 1)
    if end <= start:
        return None
    return _Resolved(
        f"{start:%Y-%m}",
        Precision.MONTH,
        start,
        needs_reference=not (parts.get("year") or parts.get("year2")),
        end_value=f"{end:%Y-%m}",
        date_end=end,
    )


_ORDINAL_SUFFIX = {1: "st", 2: "nd", 3: "rd", 21: "st", 22: "nd", 23: "rd", 31: "st"}


def _ordinal_day(match: re.Match, reference: datetime.date | None) -> _Resolved | None:
    """ "On the 15th": a day of the publication month, or of the month before when the 15th is
    still to come (the month after when the sentence talks about plans)."""
    day = int(match["day"])
    if match["suffix"].lower() != _ORDINAL_SUFFIX.get(day, "th"):
        return None
    if reference is None:
        return _unresolved(f"XXXX-XX-{day:02d}", Precision.DAY)
    future = _future_context(match)
    months = reference.year * 12 + reference.month - 1
    step = 1 if future else -1
    while True:  # every month has days 1-28; a 31st is found within two months
        year, month = divmod(months, 12)
        if _valid_day(month + 1, day, str(year)):
            found = datetime.date(year, month + 1, day)
            if (found >= reference) if future else (found <= reference):
                return _Resolved(found.isoformat(), Precision.DAY, found, needs_reference=True)
        months += step


def _year(match: re.Match, reference: datetime.date | None) -> _Resolved | None:
    return _at(
        datetime.date(int(match["year"]), 1, 1),
        Precision.YEAR,
        modifier=_modifier(match.groupdict().get("mod")),
    )


def _year_range(match: re.Match, reference: datetime.date | None) -> _Resolved | None:
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
    return _Resolved(
        f"{first:04d}",
        Precision.YEAR,
        datetime.date(first, 1, 1),
        end_value=f"{last:04d}",
        date_end=datetime.date(last, 1, 1),
    )


def _decade(match: re.Match, reference: datetime.date | None) -> _Resolved | None:
    year = int(match["decade"])
    return _at(datetime.date(year, 1, 1), Precision.DECADE, modifier=_modifier(match["mod"]))


_ORDINAL_WORDS = {
    "eighteenth": 18, "nineteenth": 19, "twentieth": 20, "twenty-first": 21, "twenty first": 21,
}  # fmt: skip


def _century(match: re.Match, reference: datetime.date | None) -> _Resolved | None:
    """ "the 20th century" is the 1900s, TIMEX value "19"."""
    text = match["ordinal"].lower()
    number = _ORDINAL_WORDS.get(text) or int(re.match(r"[0-9]+", text).group())
    if not 1 <= number <= 22:
        return None
    return _at(
        datetime.date((number - 1) * 100 or 1, 1, 1),
        Precision.CENTURY,
        modifier=_modifier(match["mod"]),
    )


def _season_year(match: re.Match, reference: datetime.date | None) -> _Resolved | None:
    code = _SEASONS[match["season"].lower()]
    year = int(match["year"])
    return _Resolved(
        f"{year:04d}-{code}",
        Precision.SEASON,
        datetime.date(year, _SEASON_MONTH[code], 1),
        modifier=_modifier(match["mod"]),
    )


def _season_relative(match: re.Match, reference: datetime.date | None) -> _Resolved | None:
    """ "last winter", "this coming winter", "in the summer": a bare season is the current one, or
    the last one (in plans: the next one)."""
    code = _SEASONS[match["season"].lower()]
    if reference is None:
        return _unresolved(f"XXXX-{code}", Precision.SEASON)
    current = _season_of(reference)[1]
    start = datetime.date(current.year, _SEASON_MONTH[code], 1)
    relation = " ".join((match["rel"] or "").lower().split())
    if not relation:
        relation = "this" if start == current else "coming" if _future_context(match) else "last"
    if relation in ("last", "previous", "past") and start >= current:
        start = start.replace(year=start.year - 1)
    elif (relation == "next" and start <= current) or (
        relation in ("coming", "this coming") and start < current
    ):
        start = start.replace(year=start.year + 1)
    elif relation == "this" and start > current and code == "WI":
        start = start.replace(year=start.year - 1)
    return _Resolved(f"{start.year:04d}-{code}", Precision.SEASON, start, needs_reference=True)


def _relative_unit(match: re.Match, reference: datetime.date | None) -> _Resolved | None:
    relation = (match["rel"] or "").lower()
    modifier = _modifier(match["mod"])
    if relation in ("the", "") and modifier is None:
        return None  # "the year" alone is no date; "the end of the year" is this one's end
    unit = match["unit"].lower().removesuffix("s")
    precision = _UNIT_PRECISION[unit]
    if reference is None:
        return _unresolved(_UNKNOWN[precision], precision, modifier=modifier)
    step = {"last": -1, "previous": -1, "this": 0, "the": 0, "": 0, "next": 1, "coming": 1}[
        relation
    ]
    return _relative(_shift(reference, unit, step), precision, modifier=modifier)


def _year_end(match: re.Match, reference: datetime.date | None) -> _Resolved | None:
    if reference is None:
        return _unresolved("XXXX", Precision.YEAR, modifier="late")
    return _relative(reference, Precision.YEAR, modifier="late")


def _shift(day: datetime.date, unit: str, amount: int) -> datetime.date:
    if unit == "day":
        return day + datetime.timedelta(days=amount)
    if unit == "week":
        return day + datetime.timedelta(weeks=amount)
    if unit == "month":
        months = day.year * 12 + day.month - 1 + amount
        return datetime.date(months // 12, months % 12 + 1, 1)
    return datetime.date(day.year + amount * (10 if unit == "decade" else 1), 1, 1)


def _ago(match: re.Match, reference: datetime.date | None) -> _Resolved | None:
    """ "11 months ago"; a vague count ("a few days ago") is known only to the next unit up."""
    unit = match["unit"].lower()
    count = " ".join(match["count"].lower().split())
    precision = _UNIT_PRECISION[unit]
    if count in _VAGUE_COUNTS:
        precision = _COARSER.get(precision, precision)
    if reference is None:
        return _unresolved(_UNKNOWN[precision], precision)
    return _relative(_shift_back(reference, unit, _count(count)), precision)


def _past_period(match: re.Match, reference: datetime.date | None) -> _Resolved | None:
    """ "over the past two weeks": from two weeks before publication to publication; "the past
    year" (no count) is the current one, as news uses it."""
    unit = match["unit"].lower()
    precision = _UNIT_PRECISION[unit]
    if reference is None:
        return _unresolved(_UNKNOWN[precision], precision)
    if not match["count"]:
        return _relative(reference, precision)
    amount = _count(match["count"])
    return _span(_shift_back(reference, unit, amount), reference, precision)


def _shift_back(day: datetime.date, unit: str, amount: int) -> datetime.date:
    if unit in ("day", "week"):
        return _shift(day, unit, -amount)
    if unit == "month":
        return _shift(day, "month", -amount)
    return datetime.date(day.year - amount * (10 if unit == "decade" else 1), 1, 1)


def _coming_period(match: re.Match, reference: datetime.date | None) -> _Resolved | None:
    """ "within days", "in the coming weeks", "within two weeks", "in the next two to three
    months", "in a few weeks": from publication to the end of the span, at the unit's precision;
    "days" and "weeks" without a count read as about a week and a month."""
    unit = match["unit"].lower().removesuffix("s")
    if reference is None:
        return _unresolved(_UNKNOWN[_UNIT_PRECISION[unit]], _UNIT_PRECISION[unit])
    first_count = match["count"]
    last_count = match["count2"] or first_count
    if last_count is None:
        unit, amount = {"day": ("week", 1), "week": ("month", 1), "month": ("month", 3)}.get(
            unit, (unit, 2)
        )
        start = reference
    else:
        amount = _count(last_count)
        start = _shift(reference, unit, _count(first_count)) if match["count2"] else reference
    precision = _UNIT_PRECISION[unit]
    return _span(start, _shift(reference, unit, amount), precision)


def _quarter(match: re.Match, reference: datetime.date | None) -> _Resolved | None:
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
            return _unresolved(f"XXXX-Q{quarter}", Precision.QUARTER)
        year = reference.year + {"last": -1, "next": 1}.get(parts["yrel"].lower(), 0)
    if year is not None and quarter is not None:
        return _at(datetime.date(year, 3 * quarter - 2, 1), Precision.QUARTER)
    if reference is None:
        return _unresolved(f"XXXX-Q{quarter or 'X'}", Precision.QUARTER)
    current = (reference.month - 1) // 3 + 1
    if quarter is None:  # "this quarter", "last quarter", "next quarter"
        step = {"last": -1, "previous": -1, "next": 1, "coming": 1}.get(relation, 0)
        return _relative(_shift(reference, "month", 3 * step), Precision.QUARTER)
    year = reference.year
    if _future_context(match):
        year += quarter < current
    else:
        year -= quarter > current
    return _relative(datetime.date(year, 3 * quarter - 2, 1), Precision.QUARTER)


def _half(match: re.Match, reference: datetime.date | None) -> _Resolved | None:
    """ "the second half of the year": July to December, as a month range (TIMEX "2024-H2")."""
    parts = match.groupdict()
    half = int(parts["h"]) if parts.get("h") else (1 if parts["ordinal"].lower() == "first" else 2)
    if parts.get("year"):
        year, relative = int(parts["year"]), False
    elif reference is None:
        return _unresolved(f"XXXX-H{half}", Precision.MONTH)
    else:
        year = reference.year + {"last": -1, "next": 1}.get((parts.get("yrel") or "").lower(), 0)
        relative = True
    start, end = datetime.date(year, 6 * half - 5, 1), datetime.date(year, 6 * half, 1)
    return _Resolved(f"{year}-H{half}", Precision.MONTH, start, relative, None, f"{end:%Y-%m}", end)


def _fiscal_year(match: re.Match, reference: datetime.date | None) -> _Resolved | None:
    """ "fiscal year 2024", "FY2024", "FY24", "this fiscal year": labelled by the year it is named
    after (its months differ by country)."""
    parts = match.groupdict()
    if parts.get("year"):
        year = int(parts["year"])
        if year < 100:
            year += 2000
    elif reference is None:
        return _unresolved("FYXXXX", Precision.YEAR)
    else:
        year = reference.year + {"last": -1, "previous": -1, "next": 1}.get(parts["rel"].lower(), 0)
    resolved = _Resolved(
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


def _deictic(match: re.Match, reference: datetime.date | None) -> _Resolved | None:
    offset = _DEICTIC_DAYS[re.sub(r"\s+", " ", match["core"].lower())]
    if reference is None:
        return _unresolved("XXXX-XX-XX", Precision.DAY)
    return _relative(reference + datetime.timedelta(days=offset), Precision.DAY)


def _weekday(match: re.Match, reference: datetime.date | None) -> _Resolved | None:
    weekday = _WEEKDAYS.index(match["weekday"])
    if reference is None:
        return _unresolved(f"XXXX-WXX-{weekday + 1}", Precision.DAY)
    relation = (match["rel"] or "").lower()
    back = (reference.weekday() - weekday) % 7
    if relation == "last" and back == 0:
        back = 7
    if relation == "next" or (not relation and back and _future_context(match)):
        back = -((weekday - reference.weekday()) % 7 or 7)
    if relation == "this":
        back = reference.weekday() - weekday
    day = reference - datetime.timedelta(days=back)
    return _Resolved(day.isoformat(), Precision.DAY, day, needs_reference=True)


def _weekend(match: re.Match, reference: datetime.date | None) -> _Resolved | None:
    """ "this past weekend", "last weekend", "next weekend": a Saturday-to-Sunday range."""
    if reference is None:
        return _unresolved("XXXX-WXX-WE", Precision.DAY)
    relation = " ".join((match["rel"] or "").lower().split())
    ahead = relation in ("next", "coming", "this coming") or (
        relation == "this" and _future_context(match)
    )
    if ahead:
        saturday = reference + datetime.timedelta(days=(5 - reference.weekday()) % 7)
    else:
        saturday = reference - datetime.timedelta(days=(reference.weekday() - 5) % 7)
    sunday = saturday + datetime.timedelta(days=1)
    return _Resolved(
        saturday.isoformat(), Precision.DAY, saturday, True, None, sunday.isoformat(), sunday
    )


@dataclass(frozen=True)
class _Rule:
    """A grammar rule: its pattern, its resolver and the trigger kinds it cannot match without."""

    pattern: re.Pattern
    resolve: _Resolver
    kinds: frozenset[str]


def _rule(pattern: str, resolve: _Resolver, *kinds: str) -> _Rule:
    return _Rule(re.compile(pattern.replace("<B>", _B)), resolve, frozenset(kinds))


_NUMBER_WORDS = "|".join(sorted(_NUMBERS, key=len, reverse=True)).replace(" ", r"\s+")
_WEEKDAY = "|".join(_WEEKDAYS)
_SEASON = "|".join(_SEASONS)
_COUNT = rf"(?:[0-9]{{1,3}}|(?i:{_NUMBER_WORDS}))"
# A cued year must not be a count: "in 2000 soldiers" is not a year.
_NOT_A_COUNT = r"(?!\s+(?!was\b|has\b|is\b|as\b|its\b|this\b|thus\b)[a-z]+s\b)(?![.,][0-9])"
# A bare month is no date in names: "May Day" (a holiday, like "New Year's", which we don't
# resolve), "the March of the Living"; "March of 2022" is a month-year.
_NOT_A_NAME = r"(?!\s+(?:Day\b|of\b))"
# After "on the 15th", words that make the ordinal a rank, not a day of the month.
_RANK_NOUNS = (
    r"century|centuries|anniversary|floor|day|days|week|month|year|time|times|round|place|row|"
    r"minute|hour|session|birthday|brigade|battalion|regiment|division|army|corps|package|summit|"
    r"meeting|congress|convocation|edition|consecutive|straight|largest|biggest|most|attempt|wave|"
    r"quarter|half"
)

_MONTH_QUALIFIER = rf"(?:<B>(?P<mod>{_MODIFIER})[\s-]+|<B>(?P<rel>(?i:last|this|next))\s+)"
_YEAR_QUALIFIER = rf"<B>(?P<mod>{_MODIFIER})[\s-]+"
_CUED_YEAR = rf"(?P<year>{_RECENT_YEAR})(?!['’]?s\b){_NOT_A_COUNT}"
_DAY_JOIN = r"\s*(?:[-–—]|(?i:and|to|until|till|through))\s*"

_WINDOW_MARGIN = 40  # longer than any expression's text before or after its trigger word


def _trie_pattern(words: list[str]) -> str:
    """An alternation of `words` as a prefix tree: re tries a flat alternation's words one by one
    at every position, which made finding triggers the costliest step of the whole engine."""
    tree: dict = {}
    for word in words:
        node = tree
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def branch(node: dict) -> str:
        children = [re.escape(char) + branch(child) for char, child in sorted(node.items()) if char]
        if not children:
            return ""
        group = f"(?:{'|'.join(children)})"
        return f"{group}?" if "" in node else group

    return branch(tree)


def _any_case(*words: str) -> list[str]:
    return [variant for word in words for variant in {word, word.capitalize(), word.upper()}]


# Trigger words and the kind of rule each can start (see _Rule.kinds). Month and weekday names
# count capitalised only, like in the rules.
_TRIGGER_WORDS = {
    **dict.fromkeys([*_MONTH_FULL.split("|"), *_MONTH_ABBREVIATIONS], "month"),
    **dict.fromkeys(_WEEKDAYS, "weekday"),
    **dict.fromkeys(_any_case(*_SEASONS), "season"),
    **dict.fromkeys(
        _any_case("week", "weeks", "month", "months", "year", "years", "day", "days", "weekend"),
        "unit",
    ),
    **dict.fromkeys(_any_case("ago"), "ago"),
    **dict.fromkeys(_any_case("quarter", "Q1", "Q2", "Q3", "Q4"), "quarter"),
    **dict.fromkeys(_any_case("half", "H1", "H2"), "half"),
    **dict.fromkeys(_any_case("fiscal", "FY"), "fiscal"),
    **dict.fromkeys(_any_case("century"), "century"),
    **dict.fromkeys(
        _any_case(
            "today", "tonight", "now", "yesterday", "tomorrow", "night", "morning", "afternoon",
            "evening", "currently", "presently", "present", "moment",
        ),
        "deictic",
    ),
}  # fmt: skip
# Triggers may be found where no expression is ("2022" inside "120223"): they only widen the
# search. The digit lookahead first keeps the scan fast.
_TRIGGER = re.compile(
    r"(?=[0-9])(?:(?P<year>[12][0-9]{3}(?![0-9]))"
    r"|(?P<ordinal>(?:3[01]|[12][0-9]|0?[1-9])(?:st|nd|rd|th)\b))"
    rf"|\b(?P<word>{_trie_pattern(sorted(_TRIGGER_WORDS))})\b"
    r"|(?P<fiscal>\bFY[0-9]{2,4}\b)"
)


def _trigger_kind(trigger: re.Match) -> str:
    return _TRIGGER_WORDS[trigger["word"]] if trigger.lastgroup == "word" else trigger.lastgroup


_GRAMMAR: list[_Rule] = [
    _rule(
        rf"(?P<core><B>(?i:between)\s+(?P<year>{_YEAR})\s+(?i:and)\s+(?P<year2>{_YEAR}))",
        _year_range,
        "year",
    ),
    _rule(
        rf"(?P<core>(?:<B>(?i:from)\s+)?<B>(?P<year>{_YEAR})"
        rf"(?:\s*[-–—]\s*|\s+(?i:to|until|till|through)\s+)(?P<year2>{_YEAR}))",
        _year_range,
        "year",
    ),
    _rule(
        rf"(?P<core>(?:<B>(?i:from)\s+)?<B>(?P<year>{_RECENT_YEAR})\s*[-–—/]\s*"
        r"(?P<short>[0-9]{2}))(?![0-9.,%-])",
        _year_range,
        "year",
    ),
    _rule(
        rf"(?P<core><B>(?i:from|between)\s+(?P<month>{_MONTH_FULL})(?:\s+(?P<year>{_YEAR}))?"
        rf"\s+(?i:to|until|till|through|and)\s+(?P<month2>{_MONTH_FULL})"
        rf"(?:,?\s+(?P<year2>{_YEAR}))?)\b",
        _month_range,
        "month",
    ),
    _rule(
        rf"(?P<core><B>(?P<month>{_MONTH_FULL})\s*[-–—]\s*(?P<month2>{_MONTH_FULL}),?\s+"
        rf"(?P<year2>{_YEAR}))",
        _month_range,
        "month",
    ),
    _rule(
        rf"(?P<core><B>(?P<day>{_DAY}){_DAY_JOIN}(?P<day2>{_DAY})\s+(?:(?i:of)\s+)?"
        rf"(?P<month>{_MONTH})(?:,?\s+(?P<year>{_YEAR}))?)\b",
        _day_range,
        "month",
    ),
    _rule(
        rf"(?P<core><B>(?P<month>{_MONTH})\s+(?P<day>{_DAY}){_DAY_JOIN}(?P<day2>{_DAY})"
        rf"(?:,?\s+(?P<year>{_YEAR}))?)(?!\s*{_MONTH})",
        _day_range,
        "month",
    ),
    _rule(
        rf"(?P<core><B>(?P<weekday>{_WEEKDAY}),?\s+(?:(?i:the)\s+)?(?:(?P<day>{_DAY})"
        rf"(?:\s+(?i:of))?\s+(?P<month>{_MONTH})|(?P<month2>{_MONTH})\s+(?P<day2>{_DAY}))"
        rf"(?:,?\s+(?P<year>{_YEAR}))?)",
        _weekday_date,
        "weekday",
    ),
    _rule(
        rf"(?P<core><B>(?P<day>{_DAY})(?:(?<=st|nd|rd|th)\s+(?i:of))?\s+(?P<month>{_MONTH})"
        rf"(?:,?\s+(?P<year>{_YEAR}))?)\b",
        _calendar_date,
        "month",
    ),
    _rule(
        rf"(?P<core><B>(?P<month>{_MONTH})\s+(?P<day>{_DAY})(?:,?\s+(?P<year>{_YEAR}))?)",
        _calendar_date,
        "month",
    ),
    _rule(
        r"(?P<core><B>(?P<year>[12][0-9]{3})-(?P<num_month>[01][0-9])-(?P<day>[0-3][0-9]))\b",
        _numeric_date,
        "year",
    ),
    _rule(
        r"(?P<core><B>(?P<day>[0-3]?[0-9])\.(?P<num_month>[01]?[0-9])\.(?P<year>[12][0-9]{3}))\b",
        _numeric_date,
        "year",
    ),
    _rule(
        r"(?P<core><B>(?P<first>[0-3]?[0-9])/(?P<second>[0-3]?[0-9])/(?P<year>[12][0-9]{3}))\b",
        _slashed_date,
        "year",
    ),
    _rule(
        rf"(?P<core><B>(?:(?P<mod>{_MODIFIER})[\s-]+)?(?P<month>{_MONTH})\s+(?:of\s+)?"
        rf"(?P<year>{_YEAR}))",
        _month_year,
        "month",
    ),
    # A bare month needs a cue ("in March") or a qualifier ("early March"): "May I" is no date.
    _rule(
        rf"<B>{_CUE}\s+(?P<core>{_MONTH_QUALIFIER}?(?P<month>{_MONTH_FULL})\b)(?!\s+[0-9])"
        rf"{_NOT_A_NAME}",
        _month_alone,
        "month",
    ),
    _rule(
        rf"(?P<core>{_MONTH_QUALIFIER}(?P<month>{_MONTH_FULL})\b)(?!\s+[0-9]){_NOT_A_NAME}",
        _month_alone,
        "month",
    ),
    _rule(
        rf"(?:<B>{_CUE}|<B>(?i:the\s+year))\s+(?P<core>(?:{_YEAR_QUALIFIER})?{_CUED_YEAR})",
        _year,
        "year",
    ),
    _rule(rf"(?P<core>{_YEAR_QUALIFIER}{_CUED_YEAR})", _year, "year"),
    # A year used as an adjective, where it cannot be a quantity: "a 2010 raid", "the 1997
    # Charter", "Ukraine's 2024 budget" (not "the 2000 soldiers").
    _rule(
        r"(?:<B>(?i:a|an|the|its|their|his|her|our|this|that)|['’]s)\s+"
        rf"(?P<core>(?P<year>{_RECENT_YEAR}))(?=\s+(?:[A-Z]|[a-z]+(?<!s)\b))(?!\s+(?i:to|and|or)\b)",
        _year,
        "year",
    ),
    # "(1991)": a year in brackets after what happened in it.
    _rule(rf"\((?P<core>(?P<year>{_RECENT_YEAR}))\)", _year, "year"),
    _rule(
        rf"(?P<core><B>(?:(?i:the)\s+)?(?:(?P<mod>{_MODIFIER})[\s-]+)?"
        r"(?P<decade>1[0-9]{2}0|20[0-9]0)['’]?s)\b",
        _decade,
        "year",
    ),
    _rule(
        rf"(?P<core><B>(?:(?i:the)\s+)?(?:(?P<mod>{_MODIFIER})[\s-]+)?"
        r"(?P<ordinal>[12]?[0-9](?:st|nd|rd|th)|(?i:eighteenth|nineteenth|twentieth|"
        r"twenty[\s-]first))[\s-]+(?i:century))\b",
        _century,
        "century",
    ),
    _rule(
        rf"(?P<core><B>(?:(?i:the)\s+)?(?:(?P<mod>{_MODIFIER})[\s-]+)?"
        rf"(?P<season>(?i:{_SEASON}))\s+(?:(?i:of)\s+)?(?P<year>{_YEAR}))",
        _season_year,
        "season",
    ),
    _rule(
        rf"(?P<core><B>(?P<rel>(?i:last|this\s+coming|this|next|previous|past|coming))\s+"
        rf"(?P<season>(?i:{_SEASON})))\b",
        _season_relative,
        "season",
    ),
    _rule(
        rf"<B>(?i:in|during|over|by|until|through|throughout|before|after)\s+(?P<core>(?i:the\s+)?"
        rf"(?P<rel>)(?P<season>(?i:{_SEASON})))\b(?!\s+(?:(?i:of)\s+)?[0-9])(?![\w-])",
        _season_relative,
        "season",
    ),
    # "last week", "earlier this year", "the end of the year", "early next month"; not "this
    # week-long exercise" nor "the end of the year 2022" (a cued year).
    _rule(
        rf"(?P<core><B>(?:(?P<mod>{_MODIFIER})[\s-]+)?(?:(?i:earlier|later)\s+)?"
        r"(?:(?P<rel>(?i:last|this|next|previous|coming|the))\s+)?(?P<unit>(?i:week|month|year)))"
        r"(?![\w-])(?!\s+[0-9])",
        _relative_unit,
        "unit",
    ),
    _rule(r"(?P<core><B>(?i:year[\s-]end))\b", _year_end, "unit"),
    _rule(
        rf"(?P<core><B>(?P<count>{_COUNT})\s+"
        r"(?P<unit>(?i:day|week|month|year|decade))s?\s+(?i:ago))\b",
        _ago,
        "ago",
    ),
    _rule(
        r"<B>(?i:over|in|during|for|throughout)\s+(?P<core>(?i:the\s+)(?i:past|last|previous)\s+"
        rf"(?:(?P<count>{_COUNT})\s+)?(?P<unit>(?i:day|week|month|year|decade))s?)\b",
        _past_period,
        "unit",
    ),
    _rule(
        rf"(?P<core><B>(?:(?i:within)|(?i:in|over)\s+(?i:the)\s+(?i:coming|next)|"
        rf"(?i:in)(?:\s+(?i:no\s+more\s+than))?(?=\s+(?:{_COUNT})\s))\s+"
        rf"(?:(?P<count>{_COUNT})(?:\s+(?i:to|or)\s+(?P<count2>{_COUNT}))?\s+)?"
        r"(?P<unit>(?i:days?|weeks?|months?|years?)))\b",
        _coming_period,
        "unit",
    ),
    _rule(
        rf"(?P<core><B>(?:Q(?P<q>[1-4])\s*(?P<year>{_YEAR})|(?:(?i:the)\s+)?"
        r"(?P<ordinal>(?i:first|second|third|fourth|last|final|1st|2nd|3rd|4th))\s+(?i:quarter)"
        rf"(?:\s+(?i:of)\s+(?:(?P<year2>{_YEAR})|(?i:the|this)\s+year|"
        r"(?P<yrel>(?i:last|next|this))\s+year))?))\b",
        lambda m, r: _quarter(_Rebound(m, year=m["year"] or m["year2"]), r),
        "quarter",
    ),
    _rule(
        r"(?P<core><B>(?P<rel>(?i:this|last|next|previous|coming|the\s+current))\s+(?i:quarter))\b",
        _quarter,
        "quarter",
    ),
    _rule(
        rf"(?P<core><B>(?:H(?P<h>[12])\s*(?P<year>{_YEAR})|(?:(?i:the)\s+)?"
        r"(?P<ordinal>(?i:first|second|latter))\s+(?i:half)"
        rf"(?:\s+(?i:of)\s+(?:(?P<year2>{_YEAR})|(?i:the|this)\s+year|"
        r"(?P<yrel>(?i:last|next|this))\s+year))?))\b(?!\s+of\s+(?:[A-Z]|[a-z]+\s+[a-z]))",
        lambda m, r: _half(_Rebound(m, year=m["year"] or m["year2"]), r),
        "half",
    ),
    _rule(
        rf"(?P<core><B>(?:(?i:fiscal)\s+(?:(?i:year)\s+)?(?P<year>{_YEAR})|"
        r"FY\s?(?P<year2>[0-9]{4}|[0-9]{2})(?![0-9])|"
        r"(?P<rel>(?i:this|next|last|previous|the\s+current))\s+(?i:fiscal)\s+(?i:year)))",
        lambda m, r: _fiscal_year(_Rebound(m, year=m["year"] or m["year2"]), r),
        "fiscal",
    ),
    _rule(
        r"(?P<core><B>(?i:today|tonight|now|currently|presently|at\s+present|at\s+the\s+moment(?!\s+(?:when|that|of|where|it)\b)|"
        r"yesterday|tomorrow|the\s+day\s+before\s+yesterday|the\s+day\s+after\s+tomorrow|"
        r"this\s+(?:morning|afternoon|evening)|last\s+night))\b",
        _deictic,
        "deictic",
    ),
    _rule(
        r"(?P<core><B>(?P<rel>(?i:this\s+past|this\s+coming|last|next|this|coming))\s+"
        r"(?i:weekend))\b",
        _weekend,
        "unit",
    ),
    _rule(
        rf"(?P<core>(?:<B>(?P<rel>(?i:last|next|this))\s+)?<B>(?P<weekday>{_WEEKDAY}))\b",
        _weekday,
        "weekday",
    ),
    # "on the 15th" (of the publication month); not "on the 15th anniversary", "the 47th Brigade".
    _rule(
        r"<B>(?i:on|by|until|till|since|from|before|after)\s+(?P<core>(?i:the)\s+"
        r"(?P<day>3[01]|[12][0-9]|0?[1-9])(?P<suffix>st|nd|rd|th))(?![\w-])"
        rf"(?=\s*(?:[,.;:!?)]|$)|\s+(?!of\b|(?:{_RANK_NOUNS})\b)[a-z])",
        _ordinal_day,
        "ordinal",
    ),
]


class _Rebound:
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
