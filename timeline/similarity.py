"""How alike two reports of an act are worded, once who acted and when are set aside.

Plain Python (rapidfuzz), no Django. Two events that share actors and a date are the same
happening only if they tell the same act: "Poland signed a contract for Patriot batteries" and
"Warsaw signs Patriot deal" are; "Poland and the US held talks on air defence" that day is not.
Actor names and time words are what such pairs have in common, so they are removed before
comparing (``act_words``); attribution ("said", "the defence minister") goes too. Words are cut
to their first five letters, a crude stem that lets "signs" meet "signed" and "deliveries" meet
"delivered". The score is the mean of rapidfuzz's token-set ratio (forgives one report telling
more) and token-sort ratio (penalises it where the extra words are the act itself).

``THRESHOLD`` was chosen on tests/fixtures/duplicate_pairs.json (retellings by different
outlets, different acts of the same actors on the same day, unrelated acts of the same day);
tests/test_similarity.py prints the figures and keeps them true.
"""

import re
from collections.abc import Iterable, Sequence

from rapidfuzz import fuzz, process

# On the pairs file, retellings score 61–80 (one, with no act word in common, 19); different
# acts of the same actors on the same day 20–54 (one, two Leopard stories of that day, 66);
# unrelated acts of one day at most 38.
THRESHOLD = 58.0
STEM_LENGTH = 5

# Grammar, attribution and office words: shared by any two reports, telling nothing of the act.
_STOP_WORDS = """
    a an the of on in at to for with and or but by from as is are was were be been being will
    would shall should can could may might has have had having its it this that these those their
    his her he she they we our them which who whom whose than also more most new up out over
    into about after before during while since there here not no so such per via together
    first formally began begin begins including includes another further additional all some
    said says say saying told tells according announced announces announcing confirmed confirms
    statement added adding reported reports reportedly official officials spokesperson
    spokesman spokeswoman minister ministers ministry secretary president prime chancellor
    government head chief deputy foreign defence defense s
"""
_TIME_WORDS = """
    monday tuesday wednesday thursday friday saturday sunday january february march april may
    june july august september october november december jan feb mar apr jun jul aug sep sept
    oct nov dec today yesterday tomorrow tonight morning afternoon evening night day days week
    weeks weekend month months year years ago last next earlier later this past coming
"""
STOP_WORDS = frozenset(_STOP_WORDS.split())
TIME_WORDS = frozenset(_TIME_WORDS.split())
WORD = re.compile(r"[\w$€£]+")


class Names:
    """Names to take out of a text, matched word by word (case and a possessive "'s" aside):
    cheaper than a regular expression of hundreds of aliases, which would be compiled anew for
    every set of actors."""

    def __init__(self, names: Iterable[str]):
        self.by_first: dict[str, list[tuple[str, ...]]] = {}
        for name in {name.strip() for name in names}:
            words = tuple(WORD.findall(name.casefold()))
            if words:
                self.by_first.setdefault(words[0], []).append(words)
        for sequences in self.by_first.values():
            sequences.sort(key=len, reverse=True)  # "United States Army" before "United States"

    def remove(self, words: list[str]) -> list[str]:
        kept, position = [], 0
        while position < len(words):
            match = next(
                (
                    len(name)
                    for name in self.by_first.get(words[position], ())
                    if tuple(words[position : position + len(name)]) == name
                ),
                0,
            )
            if match:
                position += match
                if position < len(words) and words[position] == "s":
                    position += 1  # "Poland's"
            else:
                kept.append(words[position])
                position += 1
        return kept


def act_words(text: str, names: Names | None = None) -> str:
    """The words of ``text`` that tell what was done: without the actors' names (``names``),
    time words, day numbers, grammar and attribution; each cut to a stem."""
    words = WORD.findall(text.casefold().replace("’", "'"))
    if names is not None:
        words = names.remove(words)
    kept = []
    for word in words:
        if word in STOP_WORDS or word in TIME_WORDS:
            continue
        if word.isdigit() and (int(word) <= 31 or 1900 <= int(word) <= 2100):
            continue  # days of the month and years belong to the date, compared apart
        kept.append(word[:STEM_LENGTH])
    return " ".join(kept)


def similar(query: str, choices: Sequence[str], threshold: float = THRESHOLD) -> dict[int, float]:
    """Index → score (0–100) of the ``choices`` worded like ``query`` at least ``threshold``.

    Both ratios run over all choices in rapidfuzz's compiled loop. The token-set ratio is never
    below the token-sort one, so it alone reaching the threshold is the first filter.
    """
    if not query or not choices:
        return {}
    loose = process.extract(
        query, choices, scorer=fuzz.token_set_ratio, score_cutoff=threshold, limit=None
    )
    if not loose:
        return {}
    kept = [index for _, _, index in loose]
    strict = process.extract(
        query, [choices[i] for i in kept], scorer=fuzz.token_sort_ratio, limit=None
    )
    sort_scores = {kept[position]: score for _, score, position in strict}
    scores = {}
    for _, set_score, index in loose:
        score = (set_score + sort_scores[index]) / 2
        if score >= threshold:
            scores[index] = round(score, 1)
    return scores


def score(one: str, other: str) -> float:
    """The score of one pair of ``act_words``, for explanations and tests."""
    return round((fuzz.token_set_ratio(one, other) + fuzz.token_sort_ratio(one, other)) / 2, 1)
