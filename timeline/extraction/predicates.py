"""What a sentence says happened: its event verbs, their tense, and whether they are asserted.

A sentence reports an event when it has an act ("signed", "will deliver", "has approved", "is
being prepared", "announced by the prime minister") or a dated statement ("said Monday"). It does
not when its verbs are generic present ("Japan manufactures Patriot missiles"), modal ("could
prompt"), negated ("has not provided"), or used as adjectives ("the proposed sale"). Headlines
report past events in the present tense ("US approves sale") and plans with "to" ("U.S. to buy").

A small hand-made lexicon: no tagger model is available offline, and these verbs are what
defence-cooperation news is made of.
"""

import bisect
import re
from dataclasses import dataclass

from .patterns import trie_pattern

# Verbs of acts, by lemma. Regular forms are derived; irregular ones are listed below.
_ACTS = """
accede accelerate accept acquire adopt agree allocate amend annex announce appoint approve arm
arrive ask assist attack attend authorise authorize award back ban begin block boost bring build
buy call capture chair choose clear clinch close co-chair co-host co-lead co-produce commission
commit complete conclude condemn confirm consider contract convene cooperate coordinate create
cut decide declare deepen deliver demand depart deploy destroy disburse discuss dismiss dispatch
donate double earmark ease elect enact end endorse equip establish expand expedite expel export
extend field finalise finalize finance fly form found free fund give grant halt hand help hold
host impose inaugurate increase ink instruct intensify intercept introduce invade invest invite
issue join kill launch lead leave lend liberate lift meet mobilise mobilize modernise modernize
negotiate nominate notify open order organise organize participate partner pass phone pick
pledge prepare present procure produce prolong promise propose provide purchase raise ramp
ratify reach receive recruit reinforce reject release renew repair replace request resign resume
retaliate return roll rotate sanction seal seize select sell send ship shoot sign speak
spearhead speed sponsor start station step strengthen strike submit summon supply support
suspend talk test tighten train transfer travel unlock unveil upgrade veto visit vote vow
welcome win withdraw
"""
# Verbs that report speech: a statement is an event when it is dated ("said Monday").
_STATEMENTS = """
add answer assure claim comment emphasise emphasize explain express highlight insist mention
note post recall remark reply report reiterate say state stress tell thank tweet underline
underscore urge warn write
"""
_IRREGULAR = {
    "begin": ("began", "begun"),
    "bring": ("brought", "brought"),
    "build": ("built", "built"),
    "buy": ("bought", "bought"),
    "choose": ("chose", "chosen"),
    "cut": ("cut", "cut"),
    "give": ("gave", "given"),
    "hold": ("held", "held"),
    "lead": ("led", "led"),
    "co-lead": ("co-led", "co-led"),
    "leave": ("left", "left"),
    "lend": ("lent", "lent"),
    "meet": ("met", "met"),
    "say": ("said", "said"),
    "sell": ("sold", "sold"),
    "send": ("sent", "sent"),
    "shoot": ("shot", "shot"),
    "speak": ("spoke", "spoken"),
    "strike": ("struck", "struck"),
    "tell": ("told", "told"),
    "win": ("won", "won"),
    "withdraw": ("withdrew", "withdrawn"),
    "fly": ("flew", "flown"),
    "speed": ("sped", "sped"),
    "write": ("wrote", "written"),
    "freeze": ("froze", "frozen"),
}
# Infinitives after these are plans ("is set to bolster", "aims to kick off", "U.S. to buy").
_PLAN_HEADS = re.compile(
    r"(?i:\b(?:will|shall|would|(?:is|are|was|were)\s+(?:set|slated|scheduled|due|expected|"
    r"poised|going|planning|preparing)|plans?|planned|aims?|aimed|intends?|intended|agreed|"
    r"decided|pledged|promised|vowed|committed|expects?|expected|(?:is|are|was|were))"
    r"\s+(?:also\s+|now\s+|soon\s+)?(?:to\s+)?$)"
)
_AUXILIARY = {
    "will": "future", "shall": "future", "'ll": "future", "would": "future",
    "has": "perfect", "have": "perfect", "had": "perfect", "having": "perfect",
    "is": "be", "are": "be", "was": "be", "were": "be", "be": "be", "been": "be",
    "being": "be", "am": "be", "'s": "be", "'re": "be",
    "did": "past", "does": "present", "do": "present",
    "could": "modal", "might": "modal", "may": "modal", "should": "modal", "must": "modal",
    "can": "modal", "cannot": "modal", "couldn't": "modal", "wouldn't": "future-negated",
}  # fmt: skip
# Tenses of what is still to happen: "will visit", "plans to buy".
PLAN_TENSES = frozenset({"future", "plan"})
_NEGATIONS = frozenset({"not", "n't", "never", "no", "neither", "nor", "hardly"})
_DETERMINERS = frozenset(
    {"the", "a", "an", "its", "their", "his", "her", "our", "this", "that", "these", "those",
     "any", "each", "every", "newly", "already", "previously", "recently", "jointly"}
)  # fmt: skip
# Verbs that double their last consonant before -ed and -ing (stress on the last syllable).
# Nouns that name a happening: they stand for an act where a sentence has no act verb.
_EVENT_NOUNS = frozenset(
    {"signing", "summit", "conference", "meeting", "talks", "visit", "ceremony", "ministerial",
     "handover", "inauguration"}
)  # fmt: skip
# Speech reported at a happening: "said during a press conference following the summit".
_AT_EVENT = re.compile(
    r"\b(?:during|at|after|following|on\s+the\s+sidelines\s+of|ahead\s+of|before)\s+(?:the|a|an|"
    r"its|their|his|her)\b[^,.;]{0,60}$"
)
_EVENT_NOUN = re.compile(rf"(?i)\b(?:{'|'.join(sorted(_EVENT_NOUNS))})\b")
_COPULA = re.compile(r"\b(will\s+be|would\s+be|was|were|took\s+place)\b")
_DOUBLING = frozenset(
    {"ban", "ship", "commit", "submit", "transfer", "equip", "control", "patrol", "admit", "plan",
     "begin", "cut", "step", "expel", "win", "travel"}
)  # fmt: skip
_AMOUNTS = frozenset({"million", "billion", "trillion", "thousand", "hundred"})
_ADVERB = re.compile(r"[a-z]+ly$")
_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")


@dataclass(frozen=True)
class Verb:
    """One event or statement verb in a sentence."""

    start: int
    end: int
    lemma: str
    statement: bool  # a verb of speech rather than an act
    tense: str  # "past" | "perfect" | "future" | "progressive" | "present" | "plan"


def _inflections() -> dict[str, tuple[str, str, bool]]:
    """Every form of every lexicon verb → (lemma, form, statement): form is "base", "s", "past"
    or "ing"."""
    table: dict[str, tuple[str, str, bool]] = {}
    for lemmas, statement in ((_ACTS, False), (_STATEMENTS, True)):
        for lemma in lemmas.split():
            forms = {"base": lemma, "s": _third_person(lemma), "ing": _gerund(lemma)}
            past, participle = _IRREGULAR.get(lemma, (_past(lemma), _past(lemma)))
            for form, word in (*forms.items(), ("past", past), ("past", participle)):
                table.setdefault(word, (lemma, form, statement))
            if lemma.endswith("el"):  # American spelling: traveled, traveling
                table.setdefault(lemma + "ed", (lemma, "past", statement))
                table.setdefault(lemma + "ing", (lemma, "ing", statement))
    return table


def _third_person(lemma: str) -> str:
    if lemma.endswith(("s", "sh", "ch", "x", "z", "o")):
        return lemma + "es"
    if lemma.endswith("y") and lemma[-2] not in "aeiou":
        return lemma[:-1] + "ies"
    return lemma + "s"


def _past(lemma: str) -> str:
    if lemma.endswith("e"):
        return lemma + "d"
    if lemma.endswith("y") and lemma[-2] not in "aeiou":
        return lemma[:-1] + "ied"
    if _doubles(lemma):
        return lemma + lemma[-1] + "ed"
    return lemma + "ed"


def _gerund(lemma: str) -> str:
    if lemma.endswith("ie"):
        return lemma[:-2] + "ying"
    if lemma.endswith("e") and not lemma.endswith(("ee", "ye", "oe")):
        return lemma[:-1] + "ing"
    if _doubles(lemma):
        return lemma + lemma[-1] + "ing"
    return lemma + "ing"


def _doubles(lemma: str) -> bool:
    # Verbs that double their last consonant: ban → banned, ship → shipped, commit → committed.
    return lemma in _DOUBLING


_FORMS = _inflections()
# Light verbs that are acts only with their particle: "took place", "kicked off", "set up".
_PHRASAL_VERBS = {
    "take": (
        ("take", "base"),
        ("takes", "s"),
        ("took", "past"),
        ("taken", "past"),
        ("taking", "ing"),
    ),
    "kick": (("kick", "base"), ("kicks", "s"), ("kicked", "past"), ("kicking", "ing")),
    "carry": (("carry", "base"), ("carries", "s"), ("carried", "past"), ("carrying", "ing")),
    "roll": (("roll", "base"), ("rolls", "s"), ("rolled", "past"), ("rolling", "ing")),
    "set": (("set", "past"), ("sets", "s"), ("setting", "ing")),
}
_PARTICLES = {
    "take": ("place", "part"),
    "kick": ("off",),
    "carry": ("out",),
    "roll": ("out",),
    "set": ("up",),
}
# Appeals are words, not acts ("called on allies to send jets"; "called Macron" is a call): an
# event only when dated, like any statement, but dated even without an act beside them.
_APPEALS = {"call": ("on", "upon", "for")}
# "Called" that names or describes: a quote or a complement after a few words.
_CALLED_SOMETHING = re.compile(
    r"\s+(?:(?!(?:to|on|in|at|for|with|about|after|before|and)\b)[\w'’.-]+\s+){0,4}[\"“‘«]"
    r"|\s+(?:it|this|that|them|him|her|themselves|himself|herself)\s+(?:an?|the)\b"
)
APPEALS = frozenset({"urge", "call on", "call upon", "call for"})
_PHRASAL_VERBS["call"] = (("call", "base"), ("calls", "s"), ("called", "past"), ("calling", "ing"))
_PHRASAL = {
    (form, particle): (f"{lemma} {particle}", kind, lemma in _APPEALS)
    for lemma, forms in _PHRASAL_VERBS.items()
    for particle in (*_PARTICLES.get(lemma, ()), *_APPEALS.get(lemma, ()))
    for form, kind in forms
}  # fmt: skip


def _form_pattern() -> re.Pattern:
    words = sorted(set(_FORMS) | {form for form, _ in _PHRASAL})
    particles = "|".join(sorted({particle for _, particle in _PHRASAL}))
    return re.compile(
        rf"(?<![\w'’-])(?P<form>(?i:{trie_pattern(words)}))(?![\w'’-])"
        rf"(?:\s+(?P<particle>(?i:{particles}))\b)?"
    )


_FORM_PATTERN = _form_pattern()
_FORM_PATTERN_LOWER = re.compile(_FORM_PATTERN.pattern.replace("(?i:", "(?:"))
_LOOK_BACK = 48  # characters: four words before a verb are enough to find its auxiliaries


class VerbForms:
    """Where the lexicon's word forms occur in one text, found in one scan: sentences then take
    their share without scanning again."""

    def __init__(self, text: str):
        lowered = text.lower()
        if len(lowered) == len(text):  # case-sensitive on lower case is the faster scan
            matches = list(_FORM_PATTERN_LOWER.finditer(lowered))
        else:
            matches = list(_FORM_PATTERN.finditer(text))
        self._starts = [match.start() for match in matches]
        self._matches = matches

    def between(self, start: int, end: int) -> list[re.Match]:
        first = bisect.bisect_left(self._starts, start)
        last = bisect.bisect_left(self._starts, end, first)
        return [m for m in self._matches[first:last] if m.end("form") <= end]


def verbs_in(
    text: str,
    start: int,
    end: int,
    *,
    headline: bool = False,
    forms: VerbForms | None = None,
) -> list[Verb]:
    """The asserted event and statement verbs of text[start:end], in order; `forms` are the
    text's word forms when already found.

    Without an act verb, a named happening stands for one: "The highlight of the visit would be
    the signing of the agreement", "…said during a press conference following the summit".
    """
    found = _verbs(text, start, end, headline, forms or VerbForms(text[:end]))
    if not any(not verb.statement for verb in found) and _EVENT_NOUN.search(text, start, end):
        words = [(m.start(), m.end(), m.group()) for m in _WORD.finditer(text, start, end)]
        found = sorted(found + _event_nouns(text, words, found), key=lambda verb: verb.start)
    return found


def _event_nouns(text: str, words, verbs: list[Verb]) -> list[Verb]:
    """Named happenings ("the signing", "a press conference") in a sentence that says when they
    were or will be ("would be the signing") or reports speech made at them ("said during a press
    conference"): they take that tense."""
    if not words:
        return []
    copula = _COPULA.search(text, words[0][0], words[-1][1])
    speech = next((verb.tense for verb in verbs if verb.statement), None)
    if copula is None and speech is None:
        return []
    if copula is not None:
        tense = "future" if copula.group(1).lower().startswith(("will", "would")) else "past"
    else:
        tense = speech
    return [
        Verb(start, end, word.lower(), False, tense)
        for start, end, word in words
        if word.lower() in _EVENT_NOUNS
        and (copula is not None or _AT_EVENT.search(text, words[0][0], start))
    ]


def _verbs(text: str, start: int, end: int, headline: bool, forms: VerbForms) -> list[Verb]:
    """The lexicon's word forms in the span, each with its tense from the few words before."""
    found = []
    first_word = _WORD.search(text, start, end)
    sentence_start = first_word.start() if first_word else start
    for match in forms.between(start, end):
        word = text[match.start("form") : match.end("form")]
        entry = _FORMS.get(word.lower().replace("’", "'"))
        particle = (match.group("particle") or "").lower() if match.end() <= end else ""
        if (word.lower(), particle) in _PHRASAL:
            entry = _PHRASAL[(word.lower(), particle)]
        if entry is None:
            continue
        if word[0].isupper() and match.start() != sentence_start and not headline:
            continue  # "Rheinmetall Supply" or a name: capitalised mid-sentence is no verb here
        lemma, form, statement = entry
        if lemma == "call" and _CALLED_SOMETHING.match(text, match.end("form"), end):
            statement = True  # "called the deal 'a milestone'", "called it a historic day"
        before = _WORD.findall(text, max(start, match.start() - _LOOK_BACK), match.start())[-4:]
        tense = _tense(text, before, form, headline, match.start())
        if tense is not None:
            found.append(Verb(match.start(), match.end("form"), lemma, statement, tense))
    return found


def _tense(text, before_words, form, headline, word_start) -> str | None:
    """The verb's tense, or None when it is not asserted: modal, negated, an adjective or
    generic present."""
    before = [w.lower().replace("’", "'") for w in before_words]
    auxiliaries = []
    stop = ""
    for word in reversed(before):
        if word in _NEGATIONS:
            return None
        if word in _AUXILIARY:
            auxiliaries.append(_AUXILIARY[word])
            continue
        if _ADVERB.fullmatch(word) or word in ("also", "now", "soon", "already", "just", "still"):
            continue
        stop = word
        break
    if stop == "to" and (not auxiliaries or auxiliaries[-1] == "be"):
        # An infinitive ("to deliver", "to be discussed"): a plan when a plan governs it.
        head = text[max(0, word_start - 80) : word_start]
        head = head[: head.lower().rfind("to ")].rstrip() + " "
        return "plan" if _PLAN_HEADS.search(head) or headline else None
    if auxiliaries:
        first = auxiliaries[-1]
        if first in ("modal", "future-negated"):
            return None
        if first == "future":
            return "future"
        if first == "perfect":
            return "perfect"
        if first == "be":
            return "progressive" if form == "ing" else ("past" if form == "past" else None)
        return "past" if first == "past" else None
    if form == "past":
        if before and before[-1] in _DETERMINERS:
            return None  # "the proposed sale", "newly formed"
        if before and (before[-1].isdigit() or before[-1] in _AMOUNTS):
            return None  # "9 trillion won": a currency after an amount, not a verb
        return "past"
    if headline and form in ("s", "base"):
        return "present"
    return None
