"""Concise editor-style headlines for proposed events, cut from the sentence that reports them.

"On July 15, Zelenskyy reported that the issue of Poland shooting down Russian missiles … is
being considered, UNN reports." becomes "Zelenskyy reported that the issue of Poland shooting
down Russian missiles …" — no leading time phrase, no trailing attribution, no quotation marks,
at most 110 characters, cut where a clause ends rather than mid-phrase. The quote keeps the whole
sentence; the headline is what an editor reads first and may rewrite.
"""

import re

LIMIT = 110
_MIN_CUT = 40  # a cut never leaves less
_MIN_REST = 20  # nor does removing the attribution
_QUOTES = str.maketrans("", "", '"“”«»„')
_LEADING_QUOTE = re.compile(r"^[\s'‘’]+")
_CONNECTIVE = (
    r"(?:previously|earlier|meanwhile|however|moreover|also|in\s+addition|separately|later|"
    r"additionally|furthermore|still|now|then|today|yesterday|back|recently|finally)"
)
_TIME_WORD = (
    r"(?:[0-9]{1,4}|January|February|March|April|May|June|July|August|September|October|"
    r"November|December|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|week|month|"
    r"year|spring|summer|autumn|fall|winter|ago)"
)
# "On October 12, ", "Previously, on August 29, ", "Back in 2008, ", "Last week, ", "Today, ".
_LEADING_TIME = re.compile(
    rf"^(?:(?i:{_CONNECTIVE})\s*,?\s*)?(?:"
    r"(?i:on|in|at|by|during|since|from|until|back\s+in|as\s+of)\s+(?:the\s+)?[^,;:]{0,30}?"
    rf"(?<![A-Za-z]){_TIME_WORD}\b[^,;:]{{0,12}}?"
    r"|(?i:last|this|next|earlier\s+this|later\s+this|early|late|mid)[\s-]+[^,;:]{0,20}?"
    rf"{_TIME_WORD}\b"
    r"|(?i:today|yesterday|tonight|now|currently)"
    rf"|{_TIME_WORD}\s+[0-9]{{1,2}}(?:,\s+[0-9]{{4}})?|[0-9]{{1,2}}\s+{_TIME_WORD}(?:\s+[0-9]{{4}})?"
    r"),\s+"
)
_LEADING_CONNECTIVE = re.compile(rf"^(?i:{_CONNECTIVE}),\s+")
_ACCORDING = re.compile(r"^(?i:according\s+to)\s+[^,]{2,80},\s+")
# ", Ukrainian Foreign Minister Pavlo Klimkin said Monday." / ", UNN reports."
_TRAILING_ATTRIBUTION = re.compile(
    r",?\s+(?:(?:the|a|an)\s+)?[^,;:]{0,90}?\s(?:said|says|told\s+[^,.]{1,40}|announced|reported|"
    r"reports|noted|added|stated|wrote|stressed|emphasi[sz]ed|explained|according\s+to\s+[^,.]+)"
    r"(?:\s+(?:in|on|at|during|after|late|early|last)?\s*[^,.;]{0,40})?[.!?]?$"
)
_TAIL = 160
_REPORTING = re.compile(
    r"\b(?:said|says|told|announced|reported|reports|noted|added|stated|wrote|stressed|"
    r"emphasi[sz]ed|explained|according)\b"
)
_TRAILING_ACCORDING = re.compile(r",\s+(?i:according\s+to)\s+[^,]{2,80}[.!?]?$")
_BOUNDARIES = re.compile(
    r"(?:,\s+(?=which\b|who\b|where\b|as\b|after\b|while\b|but\b|and\s+(?:the|it|they|he|she)\b|"
    r"sending\b|bringing\b|making\b|marking\b|adding\b|including\b|with\b|in\s+a\b|to\s+)|"
    r"\s+(?=(?:as|after|while|because|although|though|amid|despite|following|before|since)\s)|"
    r";\s+|\s+[–—-]\s+|:\s+|,\s+)"
)
# Stripped with str.rstrip: a "[…]+$" pattern retries from every character of a long run.
_TRAILING_PUNCTUATION = " \t\n,;:.!?–—-"


def headline(sentence: str, limit: int = LIMIT) -> str:
    """A headline for the event `sentence` reports, at most `limit` characters."""
    text = " ".join(sentence.translate(_QUOTES).split())
    text = _LEADING_QUOTE.sub("", text)
    text = _without_attribution(text)
    text = _without_leading_phrases(text)
    text = text.rstrip(_TRAILING_PUNCTUATION)
    text = _cut(text, limit)
    return text[:1].upper() + text[1:] if text else ""


def _without_attribution(text: str) -> str:
    # The attribution closes the sentence: look at its tail only, and only if a reporting word
    # is there at all.
    cut = max(0, len(text) - _TAIL)
    tail = text[cut:]
    if not _REPORTING.search(tail):
        return text
    for pattern in (_TRAILING_ACCORDING, _TRAILING_ATTRIBUTION):
        shorter = text[:cut] + pattern.sub("", tail)
        if len(shorter) >= _MIN_REST and shorter != text:
            return shorter
    return text


def _without_leading_phrases(text: str) -> str:
    for pattern in (_ACCORDING, _LEADING_TIME, _LEADING_CONNECTIVE):
        shorter = pattern.sub("", text, count=1)
        if len(shorter) >= _MIN_CUT and shorter != text:
            text = shorter
    return text


def _cut(text: str, limit: int) -> str:
    """Cut at the last clause boundary that fits; else at a word, with an ellipsis."""
    if len(text) <= limit:
        return text
    fitting = [
        match.start()
        for match in _BOUNDARIES.finditer(text, 0, limit + 1)
        if match.start() >= _MIN_CUT
    ]
    if fitting:
        return text[: fitting[-1]].rstrip(_TRAILING_PUNCTUATION)
    cut = text.rfind(" ", 0, limit - 1)
    return text[: cut if cut > 0 else limit - 1].rstrip(_TRAILING_PUNCTUATION) + "…"
