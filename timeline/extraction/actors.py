"""Finds actors of the curated vocabulary in the article body: aliases, titles, and quoted speakers.

Acronyms match case-sensitively ("US" is not "us"); other aliases keep their first letter's case
("Polish", not "polish"). Aliases starting with "the" ("the Alliance") count only when the actor is
named otherwise in the same article.
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass

from .types import ActorEntry

_TITLES = (
    r"President|Vice[- ]President|Prime\s+Minister|Minister|Secretary[- ]General|Secretary|"
    r"Chancellor|Premier|Spokes(?:person|man|woman)|Ambassador|Envoy|Commander-in-Chief|"
    r"Commander|Chief|Head|General|Governor|Mayor|Speaker|Director|Chair(?:man|woman)?|King|Queen"
)
# "President of Ukraine Volodymyr Zelenskyy", "Ukrainian Defense Minister Oleksii Reznikov".
_TITLE_BEFORE_NAME = re.compile(
    rf"\b(?P<title>(?i:{_TITLES}))(?:\s+of\s+(?:the\s+)?[A-Z][\w’'-]*(?:\s+[A-Z][\w’'-]*){{0,3}})?"
    r"\s*,?\s+$"
)
# "the President", "The minister", "the Defense Minister" (not "the President of Poland", a new
# person).
_TITLE_ANAPHOR = re.compile(
    rf"\b(?i:the)\s+(?:[A-Z][\w-]*\s+)??(?P<title>(?i:{_TITLES}))\b(?!\s+(?:of\b|[A-Z]))"
)
_SPEECH_VERBS = (
    r"said|says|noted|stressed|emphasi[sz]ed|added|stated|told|wrote|explained|announced|declared|"
    r"insisted|recalled|underlined|underscored|believes|remarked|reported"
)
_VERB_AFTER = re.compile(rf"\s*,?\s*(?:{_SPEECH_VERBS})\b")
_VERB_BEFORE = re.compile(rf"\b(?:{_SPEECH_VERBS}|(?i:according\s+to))\s+$")
_QUOTE = re.compile(r"“[^“”]*”|\"[^\"]*\"")
_SPACES = re.compile(r"\s+")
_TITLE_SEPARATORS = re.compile(r"[\s-]+")
_FIRST_PERSON = re.compile(r"(?<!\w)(?:I|we|We|me|my|My|us|our|Our)(?!\w)")


@dataclass(frozen=True)
class ActorMatch:
    slug: str
    start: int
    end: int
    via: str  # "alias" | "title" | "speaker"


class ActorMatcher:
    """Compiles the vocabulary once; `find` is called per article."""

    def __init__(self, actors: Iterable[ActorEntry]):
        self._slugs: dict[str, str] = {}
        self._contextual: set[str] = set()
        self._people: set[str] = set()
        alternatives = []
        for actor in actors:
            if actor.kind == "person":
                self._people.add(actor.slug)
            for alias in sorted({actor.name, *actor.aliases}):
                if alias.strip():
                    self._slugs[_key(alias)] = actor.slug
                    alternatives.append(alias)
                    if alias.lower().startswith("the "):
                        self._contextual.add(_key(alias))
        self._pattern = _vocabulary_pattern(alternatives) if alternatives else None

    def find(self, body: str, paragraphs: list[tuple[int, int]]) -> list[ActorMatch]:
        """Actor matches in body order: aliases, titles bound to people, quoted speakers."""
        matches = self._aliases(body)
        matches += self._titles(body, matches)
        matches.sort(key=lambda match: match.start)
        matches += self._speakers(body, paragraphs, matches)
        return sorted(matches, key=lambda match: match.start)

    def _aliases(self, body: str) -> list[ActorMatch]:
        if self._pattern is None:
            return []
        found = [(match, self._slug(match.group())) for match in self._pattern.finditer(body)]
        named = {slug for match, slug in found if _key(match.group()) not in self._contextual}
        return [
            ActorMatch(slug, match.start(), match.end(), "alias")
            for match, slug in found
            if slug in named
        ]

    def _slug(self, text: str) -> str:
        slug = self._slugs.get(text.lower())
        return slug if slug is not None else self._slugs[_key(text)]

    def _titles(self, body: str, matches: list[ActorMatch]) -> list[ActorMatch]:
        """A title right before a person's name stands for that person later in the article."""
        bindings = []
        for match in matches:
            if match.slug in self._people:
                title = _TITLE_BEFORE_NAME.search(body, max(0, match.start - 80), match.start)
                if title:
                    bindings.append((match.start, _title_key(title["title"]), match.slug))
        taken = [(match.start, match.end) for match in matches]
        resolved = []
        for anaphor in _TITLE_ANAPHOR.finditer(body):
            if any(start < anaphor.end() and anaphor.start() < end for start, end in taken):
                continue
            slug = _bound_person(bindings, anaphor.start(), _title_key(anaphor["title"]))
            if slug:
                resolved.append(ActorMatch(slug, anaphor.start(), anaphor.end(), "title"))
        return resolved

    def _speakers(
        self, body: str, paragraphs: list[tuple[int, int]], matches: list[ActorMatch]
    ) -> list[ActorMatch]:
        """First-person words inside a quote belong to the person the paragraph quotes."""
        found = []
        for start, end in paragraphs:
            speaker = self._speaker(body, [m for m in matches if start <= m.start < end])
            if speaker is None:
                continue
            for quote in _QUOTE.finditer(body, start, end):
                for word in _FIRST_PERSON.finditer(body, quote.start(), quote.end()):
                    found.append(ActorMatch(speaker, word.start(), word.end(), "speaker"))
        return found

    def _speaker(self, body: str, matches: list[ActorMatch]) -> str | None:
        for match in matches:
            if match.slug not in self._people:
                continue
            if _VERB_AFTER.match(body, match.end) or _VERB_BEFORE.search(
                body, max(0, match.start - 30), match.start
            ):
                return match.slug
        return None


def _vocabulary_pattern(aliases: list[str]) -> re.Pattern:
    """One regex for all aliases, longest first, grouped by first letter: re tries a flat
    alternation's members one by one at every word start, a group at most once."""
    groups: dict[str, list[str]] = {}
    for alias in sorted(aliases, key=len, reverse=True):
        groups.setdefault(alias[0].lower(), []).append(_alias_pattern(alias))
    body = "|".join(f"(?:{'|'.join(group)})" for group in groups.values())
    # The lookahead on possible first letters lets the regex skip most positions cheaply.
    first = re.escape("".join(sorted({c for a in aliases for c in (a[0], a[0].swapcase())})))
    return re.compile(rf"(?<!\w)(?=[{first}])(?:{body})(?!\w)")


def _bound_person(bindings: list[tuple[int, str, str]], position: int, title: str) -> str | None:
    slug = None
    for bound_at, bound_title, bound_slug in bindings:
        if bound_at < position and bound_title == title:
            slug = bound_slug
    return slug


def _title_key(title: str) -> str:
    return _TITLE_SEPARATORS.sub(" ", title.lower())


def _key(alias: str) -> str:
    return _SPACES.sub(" ", alias.replace("–", "-")).lower()


def _alias_pattern(alias: str) -> str:
    alias = " ".join(alias.split())
    if sum(char.isupper() for char in alias) >= 2 and " " not in alias:
        return _literal(alias)  # acronyms: exact case
    if alias[0].isupper():
        return f"{re.escape(alias[0])}(?i:{_literal(alias[1:])})"
    return f"(?i:{_literal(alias)})"


def _literal(text: str) -> str:
    """Escape an alias, letting any space run and either dash style match."""
    return "".join(
        r"\s+" if char == " " else "[-–]" if char in "-–" else re.escape(char) for char in text
    )
