"""Finds temporal expressions in text and normalises them against the publication date.

One scan for trigger words (month names, weekdays, years, relative words) marks windows of text;
only the grammar rules a window's triggers can start run there. Calendar arithmetic we can do
exactly ourselves (year-less dates, "on the 15th", bare months, "last week"); dateparser
normalises "N units ago" offsets. Values are TIMEX3-style and truncated to their precision; without
a reference date, relative and year-less expressions keep a partial value ("XXXX-07-15").

Holidays are not resolved: "May Day" and "New Year's" are not dates, nor is "May" inside them.
"""

import datetime
import functools
import re
from collections.abc import Callable
from dataclasses import dataclass

from dateparser.date import DateDataParser

from .published import MONTHS
from .types import Precision, TemporalExpression

_MONTH_FULL = (
    "January|February|March|April|May|June|July|August|September|October|November|December"
)
_MONTH_ABBREVIATIONS = (
    "Jan",
    "Feb",
    "Mar",
    "Apr",
    "Jun",
    "Jul",
    "Aug",
    "Sept",
    "Sep",
    "Oct",
    "Nov",
    "Dec",
)
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
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
}  # fmt: skip
_UNIT_PRECISION = {
    "day": Precision.DAY,
    "week": Precision.WEEK,
    "month": Precision.MONTH,
    "year": Precision.YEAR,
    "decade": Precision.DECADE,
}
_B = r"(?<![\w-])"  # a word start that is not inside a hyphenated word
_FUTURE_WINDOW = 80
_FUTURE_CUE = re.compile(
    r"\b(?:will|shall|expects?|expected\s+to|plans?\s+to|planned\s+for|hopes?\s+to|intends?\s+to|"
    r"is\s+to|are\s+to|going\s+to|scheduled|due\s+to|upcoming)\b",
    re.IGNORECASE,
)


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
    """Every temporal expression in `text`, in order; the longest wins where candidates overlap."""
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
    return [_expression(text, start, end, resolved) for start, end, resolved in chosen]


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
    chosen: list = []
    for candidate in sorted(candidates, key=lambda c: (c[0] - c[1], c[0])):
        if all(candidate[1] <= other[0] or candidate[0] >= other[1] for other in chosen):
            chosen.append(candidate)
    return sorted(chosen, key=lambda c: c[0])


def _expression(text: str, start: int, end: int, resolved: _Resolved) -> TemporalExpression:
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
    if precision is Precision.DECADE:
        return f"{day.year // 10:03d}X", datetime.date(day.year // 10 * 10, 1, 1)
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
    Precision.YEAR: "XXXX",
    Precision.DECADE: "XXXX",
}


def _at(day: datetime.date | None, precision: Precision, **extra) -> _Resolved | None:
    if day is None:
        return None
    value, first = period_value(day, precision)
    return _Resolved(value, precision, first, **extra)


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


# dateparser: settings are fixed per parser instance, so keep one per reference date.


@functools.lru_cache(maxsize=64)
def _parser(reference: datetime.date | None, prefer: str = "past") -> DateDataParser:
    settings = {"PREFER_DATES_FROM": prefer, "RETURN_AS_TIMEZONE_AWARE": False}
    if reference is not None:
        settings["RELATIVE_BASE"] = datetime.datetime(
            reference.year, reference.month, reference.day
        )
    return DateDataParser(languages=["en"], settings=settings)


@functools.lru_cache(maxsize=4096)
def _dateparser_date(
    text: str, reference: datetime.date | None, prefer: str = "past"
) -> datetime.date | None:
    """Normalise a span we already know is a date; memoised because each call costs ~0.5 ms."""
    found = _parser(reference, prefer).get_date_data(text).date_obj
    return found.date() if found else None


# Resolvers, one per kind of expression.


def _calendar_date(match: re.Match, reference: datetime.date | None) -> _Resolved | None:
    month = MONTHS[match["month"].rstrip(".").lower()]
    day = int(re.match(r"[0-9]+", match["day"]).group())
    if not _valid_day(month, day, match["year"]):
        return None
    if match["year"] is not None:
        return _at(datetime.date(int(match["year"]), month, day), Precision.DAY)
    if reference is None:
        return _unresolved(f"XXXX-{month:02d}-{day:02d}", Precision.DAY)
    found = _year_less_day(month, day, reference, future=_future_context(match))
    return _Resolved(found.isoformat(), Precision.DAY, found, needs_reference=True)


def _year_less_day(
    month: int, day: int, reference: datetime.date, *, future: bool
) -> datetime.date:
    """The most recent such day not after publication, or in plans the first one not before it.

    Computed rather than asked of dateparser, which agrees in the past but in plans skips the
    publication day itself ("will meet on October 1", published 1 October, is that day).
    """
    step = 1 if future else -1
    year = reference.year
    while True:  # a valid day: at worst 29 February, found within eight years
        if _valid_day(month, day, str(year)):
            found = datetime.date(year, month, day)
            if (found >= reference) if future else (found <= reference):
                return found
        year += step


def _future_context(match: re.Match) -> bool:
    """Year-less dates are past by news convention, unless the sentence talks about plans."""
    start = match.start("core")
    before = match.string[max(0, start - _FUTURE_WINDOW) : start]
    sentence = re.split(r"[.!?]\s", before)[-1]
    return bool(_FUTURE_CUE.search(sentence))


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


def _month_year(match: re.Match, reference: datetime.date | None) -> _Resolved | None:
    month = MONTHS[match["month"].rstrip(".").lower()]
    return _at(
        datetime.date(int(match["year"]), month, 1),
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
    resolved = _at(datetime.date(year, month, 1), Precision.MONTH, modifier=modifier)
    return _Resolved(resolved.value, resolved.precision, resolved.date, True, modifier)


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
        modifier=_modifier(match["mod"]),
    )


def _year_range(match: re.Match, reference: datetime.date | None) -> _Resolved | None:
    first, last = int(match["year"]), int(match["year2"])
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
    code = _SEASONS[match["season"].lower()]
    if reference is None:
        return _unresolved(f"XXXX-{code}", Precision.SEASON)
    current = _season_of(reference)[1]
    start = datetime.date(current.year, _SEASON_MONTH[code], 1)
    relation = match["rel"].lower()
    if relation in ("last", "previous", "past") and start >= current:
        start = start.replace(year=start.year - 1)
    elif relation in ("next", "coming") and start <= current:
        start = start.replace(year=start.year + 1)
    elif relation == "this" and start > current and code == "WI":
        start = start.replace(year=start.year - 1)
    return _Resolved(f"{start.year:04d}-{code}", Precision.SEASON, start, needs_reference=True)


def _relative_unit(match: re.Match, reference: datetime.date | None) -> _Resolved | None:
    relation = match["rel"].lower()
    modifier = _modifier(match["mod"])
    if relation == "the" and modifier is None:
        return None  # "the year" alone is no date; "the end of the year" is this one's end
    precision = _UNIT_PRECISION[match["unit"].lower()]
    if reference is None:
        return _unresolved(_UNKNOWN[precision], precision, modifier=modifier)
    step = {"last": -1, "previous": -1, "this": 0, "the": 0, "next": 1, "coming": 1}[relation]
    resolved = _at(_shift(reference, match["unit"].lower(), step), precision)
    return _Resolved(resolved.value, precision, resolved.date, True, modifier)


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
    unit = match["unit"].lower()
    precision = _UNIT_PRECISION[unit]
    count = match["count"].lower()
    amount = int(count) if count.isdigit() else _NUMBERS[count]
    if reference is None:
        return _unresolved(_UNKNOWN[precision], precision)
    if unit == "decade":
        day = _shift(reference, unit, -amount)
    else:
        day = _dateparser_date(f"{amount} {unit}s ago", reference)
    resolved = _at(day, precision)
    return resolved and _Resolved(resolved.value, precision, resolved.date, needs_reference=True)


_DEICTIC_DAYS = {
    "today": 0,
    "tonight": 0,
    "now": 0,
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
    resolved = _at(reference + datetime.timedelta(days=offset), Precision.DAY)
    return _Resolved(resolved.value, Precision.DAY, resolved.date, needs_reference=True)


def _weekday(match: re.Match, reference: datetime.date | None) -> _Resolved | None:
    weekday = _WEEKDAYS.index(match["weekday"])
    if reference is None:
        return _unresolved(f"XXXX-WXX-{weekday + 1}", Precision.DAY)
    relation = (match["rel"] or "").lower()
    back = (reference.weekday() - weekday) % 7
    if relation == "last" and back == 0:
        back = 7
    if relation == "next":
        back = -((weekday - reference.weekday()) % 7 or 7)
    if relation == "this":
        back = reference.weekday() - weekday
    day = reference - datetime.timedelta(days=back)
    return _Resolved(day.isoformat(), Precision.DAY, day, needs_reference=True)


@dataclass(frozen=True)
class _Rule:
    """A grammar rule: its pattern, its resolver and the trigger kinds it cannot match without."""

    pattern: re.Pattern
    resolve: _Resolver
    kinds: frozenset[str]


def _rule(pattern: str, resolve: _Resolver, *kinds: str) -> _Rule:
    return _Rule(re.compile(pattern.replace("<B>", _B)), resolve, frozenset(kinds))


_NUMBER_WORDS = "|".join(_NUMBERS)
_WEEKDAY = "|".join(_WEEKDAYS)
_SEASON = "|".join(_SEASONS)
# A cued year must not be a count: "in 2000 soldiers" is not a year.
_NOT_A_COUNT = r"(?!\s+(?!was\b|has\b|is\b|as\b|its\b|this\b|thus\b)[a-z]+s\b)(?![.,][0-9])"
# A bare month is no date in names: "May Day" (a holiday, like "New Year's", which we don't
# resolve), "the March of the Living"; "March of 2022" is a month-year.
_NOT_A_NAME = r"(?!\s+(?:Day\b|of\b))"
# After "on the 15th", words that make the ordinal a rank, not a day of the month.
_RANK_NOUNS = (
    r"century|centuries|anniversary|floor|day|days|week|month|year|time|times|round|place|row|"
    r"minute|hour|session|birthday|brigade|battalion|regiment|division|army|corps|package|summit|"
    r"meeting|congress|convocation|edition|consecutive|straight|largest|biggest|most|attempt|wave"
)

_MONTH_QUALIFIER = rf"(?:<B>(?P<mod>{_MODIFIER})[\s-]+|<B>(?P<rel>(?i:last|this|next))\s+)"
_YEAR_QUALIFIER = rf"<B>(?P<mod>{_MODIFIER})[\s-]+"
_CUED_YEAR = rf"(?P<year>{_RECENT_YEAR})(?!['’]?s\b){_NOT_A_COUNT}"

_WINDOW_MARGIN = 32  # longer than any expression's text before or after its trigger word


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
    **dict.fromkeys(_any_case("week", "month", "year"), "unit"),
    **dict.fromkeys(_any_case("ago"), "ago"),
    **dict.fromkeys(
        _any_case(
            "today", "tonight", "now", "yesterday", "tomorrow", "night", "morning", "afternoon",
            "evening",
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
    _rule(
        rf"(?P<core><B>(?:(?i:the)\s+)?(?:(?P<mod>{_MODIFIER})[\s-]+)?"
        r"(?P<decade>1[0-9]{2}0|20[0-9]0)['’]?s)\b",
        _decade,
        "year",
    ),
    _rule(
        rf"(?P<core><B>(?:(?i:the)\s+)?(?:(?P<mod>{_MODIFIER})[\s-]+)?"
        rf"(?P<season>(?i:{_SEASON}))\s+(?:(?i:of)\s+)?(?P<year>{_YEAR}))",
        _season_year,
        "season",
    ),
    _rule(
        rf"(?P<core><B>(?P<rel>(?i:last|this|next|previous|past|coming))\s+"
        rf"(?P<season>(?i:{_SEASON})))\b",
        _season_relative,
        "season",
    ),
    # "last week", "earlier this year", "the end of the year", "early next month"; not "this
    # week-long exercise" nor "the end of the year 2022" (a cued year).
    _rule(
        rf"(?P<core><B>(?:(?P<mod>{_MODIFIER})[\s-]+)?(?:(?i:earlier|later)\s+)?"
        r"(?P<rel>(?i:last|this|next|previous|coming|the))\s+(?P<unit>(?i:week|month|year)))"
        r"(?![\w-])(?!\s+[0-9])",
        _relative_unit,
        "unit",
    ),
    _rule(
        rf"(?P<core><B>(?P<count>[0-9]{{1,3}}|(?i:{_NUMBER_WORDS}))\s+"
        r"(?P<unit>(?i:day|week|month|year|decade))s?\s+(?i:ago))\b",
        _ago,
        "ago",
    ),
    _rule(
        r"(?P<core><B>(?i:today|tonight|now|yesterday|tomorrow|the\s+day\s+before\s+yesterday|"
        r"the\s+day\s+after\s+tomorrow|this\s+(?:morning|afternoon|evening)|last\s+night))\b",
        _deictic,
        "deictic",
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
