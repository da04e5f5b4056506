"""Names the vocabulary lacks that act in an event: candidate actors for an editor to accept.

A candidate is a run of capitalised words ("Boris Pistorius", "Kosiniak-Kamysz", "Nammo") that no
actor of the vocabulary covers, which is not a sentence's ordinary first word, a month, a title,
or a place after "in"/"at", and which acts: the subject right before an event verb ("Nammo
signed", "Pistorius, the defence minister, said"), the agent after one ("announced by Boris
Pistorius", "met with Kosiniak-Kamysz"), or a name behind a title ("Defence Minister Boris
Pistorius").
"""

import bisect
import re

_NAME = re.compile(
    r"(?<![\w'’-])(?:[A-Z][\w'’.-]*[\w]|[A-Z])(?:\s+(?:(?:de|van|von|der|den|al|bin|da|di|la|le)\s+)?"
    r"(?:[A-Z][\w'’-]*[\w]|[A-Z]\.))*"
)
_COMMON = frozenset(
    re.findall(
        r"\S+",
        """
    a an the this that these those it its he she they we i you his her their our my in on at by
    for from to of with and or but as after before since during while when where which who what
    how why if then there here also however meanwhile moreover previously earlier later still
    yet so thus today yesterday tomorrow now last next this according under over about between
    among against into through without within across some many most more several other such all
    both each every no not one two three four five six seven eight nine ten first second third
    mr mrs ms dr sir lord lady president minister prime secretary general chancellor premier
    defence defense foreign deputy head chief spokesperson spokesman spokeswoman ambassador
    commander director chairman chair speaker leader king queen senator sen rep representative
    state states department ministry government parliament council committee army navy air force
    forces military armed republic kingdom union federation office agency news read photo video
    january february march april may june july august september october november december
    monday tuesday wednesday thursday friday saturday sunday
        """,
    )
)
_PLACE_BEFORE = re.compile(r"(?:\b(?:in|at|near|from|to|into|outside|inside|across|via)\s+)$")
_AGENT_BEFORE = re.compile(r"\b(?:by|with|and)\s+(?:the\s+)?$")
_TITLE_BEFORE = re.compile(
    r"\b(?i:president|minister|secretary|chancellor|premier|ambassador|general|admiral|ceo|"
    r"chief|spokes(?:person|man|woman)|commander|director|chair(?:man|woman)?|senator|speaker)"
    r"\s+$"
)
_SUBJECT_GAP = re.compile(
    r"^(?:\s*,[^,;:.]{0,60},)?\s*(?:(?:has|have|had|will|is|are|was|were|also|"
    r"jointly|officially|reportedly)\s+)*$"
)
_NEAR = 40
_NAMES_BEFORE = re.compile(r"(?:[A-Z][\w'’-]*[^\S\n]+){1,2}$")
_NAMES_AFTER = re.compile(r"(?:[^\S\n]+[A-Z][\w'’-]*(?![\w'’-])){1,2}")


def candidate_names(
    body: str,
    start: int,
    end: int,
    matches,
    matcher,
    verb_spans: list[tuple[int, int]],
    memo: dict | None = None,
) -> list[str]:
    """Acting capitalised names in body[start:end] that the vocabulary does not know; `matches`
    are the actor matches inside that span. `memo`, one per article, keeps what was learnt about
    a word from the whole body: a long article repeats its names."""
    memo = {} if memo is None else memo
    taken = sorted((match.start, match.end) for match in matches)
    taken_starts = [span[0] for span in taken]
    verb_spans = sorted(verb_spans)
    verb_starts = [span[0] for span in verb_spans]
    found: list[str] = []
    for name in _NAME.finditer(body, start, end):
        words = name.group().split()
        while words and words[0].lower().strip(".") in _COMMON:
            words.pop(0)
        if not words:
            continue
        text = " ".join(words)
        name_start = name.end() - len(name.group()) + name.group().find(words[0])
        if _covered(taken, taken_starts, name_start, name.end()):
            continue
        if _PLACE_BEFORE.search(body, max(start, name_start - 12), name_start):
            continue
        if len(text) < 3:
            continue
        if any(word.lower().strip(".") in _COMMON for word in words[-1:]):
            continue
        if matcher is not None and matcher.knows(text):
            continue
        if any(char.isdigit() for char in text):
            continue  # "F16s", "K2": equipment, not who acts
        if len(words) == 1 and _remembered(memo, _common_noun, body, text):
            continue
        if not _acts(body, start, name_start, name.end(), verb_spans, verb_starts):
            continue
        if len(words) == 1:
            text = _remembered(memo, _full_name, body, text)
            if matcher is not None and matcher.knows(text):
                continue
        if text not in found:
            found.append(text)
    return found


def _remembered(memo: dict, function, body: str, word: str):
    key = (function.__name__, word)
    if key not in memo:
        memo[key] = function(body, word)
    return memo[key]


def _common_noun(body: str, word: str) -> bool:
    """ "Relations date back…", "Our Summit will…": a capitalised word the article also writes
    in lower case is an ordinary noun."""
    return re.search(rf"(?<![\w-]){re.escape(word.lower())}(?![\w-])", body) is not None


def _full_name(body: str, surname: str) -> str:
    """A surname alone ("Ryder added") stands for the full name the article gave first
    ("Patrick Ryder", "Ahn Gyu-back")."""
    for found in re.finditer(rf"(?<![\w'’-]){re.escape(surname)}(?![\w'’-])", body):
        before = _NAMES_BEFORE.search(body, max(0, found.start() - 60), found.start())
        after = _NAMES_AFTER.match(body, found.end())
        for words in (
            (before.group().split() if before else []) + [surname],
            [surname] + (after.group().split() if after else []),
        ):
            while words and words[0].lower().strip(".") in _COMMON:
                words.pop(0)
            if len(words) >= 2 and not any(w.lower().strip(".") in _COMMON for w in words):
                return " ".join(words)
    return surname


def _covered(taken, taken_starts, start: int, end: int) -> bool:
    """Whether an actor match overlaps [start, end): the spans do not overlap each other much, so
    only the few that start before `end` and near it need a look."""
    index = bisect.bisect_left(taken_starts, end)
    return any(taken[i][1] > start for i in range(max(0, index - 3), index))


def _acts(body: str, start: int, name_start: int, name_end: int, verb_spans, verb_starts) -> bool:
    if _TITLE_BEFORE.search(body, max(start, name_start - 30), name_start):
        return True
    low = bisect.bisect_left(verb_starts, name_start - _NEAR * 3)
    high = bisect.bisect_right(verb_starts, name_end + _NEAR * 2)
    for verb_start, verb_end in verb_spans[low:high]:
        if 0 <= verb_start - name_end <= _NEAR * 2 and _SUBJECT_GAP.match(
            body[name_end:verb_start]
        ):
            return True
        if 0 <= name_start - verb_end <= _NEAR and _AGENT_BEFORE.search(
            body, max(verb_end, name_start - 12), name_start
        ):
            return True
    return False
