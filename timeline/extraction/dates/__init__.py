"""Finds temporal expressions in text and normalises them against the publication date.

One scan for trigger words (month names, weekdays, years, relative words) marks windows of text;
only the grammar rules a window's triggers can start run there (`grammar`), and each match is
resolved by its rule's resolver (`resolvers`) into a TIMEX3-style value at its precision
(`values`). Calendar arithmetic is done exactly here (year-less dates, "on the 15th", bare months,
"last week", "11 months ago"). A year-less date looks back from publication in a report and
forward in a plan: the nearest tense marker decides (`tense`). The longest expression wins where
candidates overlap, and two joined as a range ("late March or early April", "from 9 June to 20
June") become one.
"""

import bisect
import datetime
import re
from dataclasses import replace

from ..types import Precision, TemporalExpression
from .anchored import with_anchored
from .grammar import GRAMMAR, TRIGGER, WINDOW_MARGIN, trigger_kind
from .tense import SENTENCE_EDGE
from .values import Resolved, period_value

__all__ = ["find_temporal_expressions", "period_value"]

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


def find_temporal_expressions(
    text: str, reference: datetime.date | datetime.datetime | None
) -> list[TemporalExpression]:
    """Every temporal expression in `text`, in order; the longest wins where candidates overlap,
    and two joined as a range ("9 to 11 July", "late March or early April") count as one."""
    if isinstance(reference, datetime.datetime):
        reference = reference.date()
    candidates = []
    for window_start, window_end, kinds in _windows(text):
        for rule in GRAMMAR:
            if rule.kinds.isdisjoint(kinds):
                continue
            for match in rule.pattern.finditer(text, window_start, window_end):
                resolved = rule.resolve(match, reference)
                if resolved is not None:
                    candidates.append((*match.span("core"), resolved))
    chosen = _longest_non_overlapping(candidates)
    expressions = [_expression(text, start, end, resolved) for start, end, resolved in chosen]
    return with_anchored(text, _joined_ranges(text, expressions), lambda at: _cue(text, at))


def _windows(text: str) -> list[tuple[int, int, set[str]]]:
    """Stretches of text around trigger words, with the kinds of trigger each holds: a grammar rule
    runs only in windows holding a trigger it needs (a weekday rule needs a weekday name)."""
    windows: list[tuple[int, int, set[str]]] = []
    for trigger in TRIGGER.finditer(text):
        start = max(0, trigger.start() - WINDOW_MARGIN)
        end = min(len(text), trigger.end() + WINDOW_MARGIN)
        if windows and start <= windows[-1][1]:
            windows[-1] = (windows[-1][0], end, windows[-1][2])
            windows[-1][2].add(trigger_kind(trigger))
        else:
            windows.append((start, end, {trigger_kind(trigger)}))
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


def _cue(text: str, start: int) -> str:
    cue = _CUE_BEFORE.search(text, max(0, start - 24), start)
    return _CUE_NAMES.get(" ".join(cue["cue"].lower().split()), "") if cue else ""


def _expression(text: str, start: int, end: int, resolved: Resolved) -> TemporalExpression:
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
        cue=_cue(text, start),
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
        and not SENTENCE_EDGE.search(between)
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
