"""Which way a year-less date looks: back from publication in a report, forward in a plan."""

import re

_TENSE_WINDOW = 90
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
SENTENCE_EDGE = re.compile(r"[.!?]\s+(?=[A-Z\"“])")


def direction(match: re.Match) -> int:
    """+1 when the statement around the expression is about plans, else -1 (news reports what
    happened: a bare "on Friday" is the Friday before publication).

    The verb a time phrase belongs to usually comes before it ("announced by the prime minister
    in January and will increase…"): the nearest marker before it decides, unless the phrase
    opens its clause ("In March, the summit will…"), where the nearest marker on either side does.
    """
    text, start, end = match.string, match.start("core"), match.end("core")
    left = max(0, start - _TENSE_WINDOW)
    edges = list(SENTENCE_EDGE.finditer(text, left, start))
    left = edges[-1].end() if edges else left
    right_edge = SENTENCE_EDGE.search(text, end, min(len(text), end + _TENSE_WINDOW))
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


def future_context(match: re.Match) -> bool:
    return direction(match) > 0
