"""Expressions dated from a date named before them, not from publication.

"They met on 3 March. The next day, Poland sent the launchers": "the next day" is 4 March. The
anchor is the nearest earlier expression in the same paragraph that is at least as precise as the
unit ("a month later" can follow a day or a month, "the next day" only a day). Without one, the
expression says nothing certain and is left out; a grammar reading of the same words ("the
previous year", against publication) stays.
"""

import bisect
import datetime
import re
from collections.abc import Callable
from dataclasses import replace

from ..types import Precision, TemporalExpression
from .values import NUMBERS, UNIT_PRECISION, period_value, shift

_COUNT = r"(?:an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|[1-9][0-9]?)"
_UNIT = r"(?:day|week|month|year)"
ANCHORED = re.compile(
    rf"(?<![\w-])(?i:"
    rf"the\s+(?P<order>following|next|previous|preceding)\s+(?P<unit>{_UNIT})"
    rf"|(?P<count>{_COUNT})\s+(?P<units>{_UNIT})s?\s+(?P<direction>later|earlier|afterwards?)"
    rf"|(?:(?:later|earlier)\s+)?(?:that|the\s+same|that\s+same)\s+(?P<same>{_UNIT})"
    rf")(?![\w-])"
)
_RANK = {precision: rank for rank, precision in enumerate(Precision)}
_PARAGRAPH_BREAK = re.compile(r"\n[^\S\n]*\n")
_REACH = 600  # characters back to look for the anchor


def with_anchored(
    text: str, expressions: list[TemporalExpression], cue_at: Callable[[int], str]
) -> list[TemporalExpression]:
    """`expressions` (in order) with the anchored ones added; an anchored reading replaces a
    grammar reading of the same words. `cue_at(start)` is the preposition before a start."""
    found = []
    starts = [expression.start for expression in expressions]
    for match in ANCHORED.finditer(text):
        anchored = _anchor(text, expressions, starts, match)
        if anchored is not None:
            found.append(replace(anchored, cue=cue_at(anchored.start)))
    if not found:
        return expressions
    found_starts = [e.start for e in found]  # in order, and never overlapping each other
    kept = [e for e in expressions if not _overlaps(found, found_starts, e)]
    return sorted(kept + found, key=lambda e: e.start)


def _overlaps(found: list[TemporalExpression], starts: list[int], e: TemporalExpression) -> bool:
    index = bisect.bisect_left(starts, e.end)
    return index > 0 and found[index - 1].end > e.start


def _anchor(
    text: str, expressions: list[TemporalExpression], starts: list[int], match: re.Match
) -> TemporalExpression | None:
    unit = (match["unit"] or match["units"] or match["same"]).lower()
    if match["order"]:
        amount = 1 if match["order"].lower() in ("following", "next") else -1
    elif match["count"]:
        amount = NUMBERS.get(match["count"].lower()) or int(match["count"])
        amount = -amount if match["direction"].lower() == "earlier" else amount
    else:
        amount = 0
    precision = UNIT_PRECISION[unit]
    index = bisect.bisect_left(starts, match.start())
    for earlier in reversed(expressions[max(0, index - 3) : index]):
        if earlier.end > match.start():
            continue  # the grammar's own reading of these words
        if match.start() - earlier.end > _REACH:
            return None
        if _PARAGRAPH_BREAK.search(text, earlier.end, match.start()):
            return None
        if earlier.date is None or _RANK[earlier.precision] > _RANK[precision]:
            continue
        return _dated(match, earlier, _shifted(earlier.date, unit, amount), precision)
    return None


def _shifted(day: datetime.date, unit: str, amount: int) -> datetime.date:
    if unit == "year":
        return day.replace(year=day.year + amount, month=1, day=1)
    return shift(day, unit, amount)


def _dated(
    match: re.Match, anchor: TemporalExpression, day: datetime.date, precision: Precision
) -> TemporalExpression:
    value, start = period_value(day, precision)
    return TemporalExpression(
        text=match.group(),
        start=match.start(),
        end=match.end(),
        value=value,
        precision=precision,
        date=start,
        needs_reference=anchor.needs_reference,
    )
