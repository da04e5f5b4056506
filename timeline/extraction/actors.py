"""Finds actors of the curated vocabulary in the article body: aliases, titles, and quoted speakers.

Aliases are matched in one pass over the body's words, longest alias first, through a dictionary
of word sequences: linear in the length of the text however many thousand aliases there are.
Acronyms match case-sensitively ("US" is not "us"); other aliases keep their first letter's case
("Polish", not "polish"). Aliases starting with "the" ("the Alliance") count only when the actor is
named otherwise in the same article. A state's name that is part of a newspaper's ("The Washington
Post") or that qualifies the press ("British news agency Reuters") is not the state acting.

Titles point to people: "Germany's defence minister" is whoever held that office on the
publication day; "the President" is the president named earlier in the article; "his Latvian
counterpart" holds the same post in Latvia.
"""

import bisect
import datetime
import re
from collections.abc import Iterable
from dataclasses import dataclass

from .patterns import trie_pattern
from .types import ActorEntry, Role

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
# Role phrases of the offices in the vocabulary, lower case, longest first.
_ROLE_PHRASES = {
    Role.HEAD_OF_STATE: ("president", "head of state", "king", "queen", "monarch"),
    Role.HEAD_OF_GOVERNMENT: (
        "prime minister", "premier", "chancellor", "head of government", "pm", "taoiseach",
    ),
    Role.DEFENCE_MINISTER: (
        "defence minister", "defense minister", "minister of defence", "minister of defense",
        "minister of national defence", "minister of national defense", "minister for defence",
        "defence secretary", "defense secretary", "secretary of defense", "secretary of defence",
        "secretary of state for defence", "defence chief", "defense chief", "pentagon chief",
    ),
    Role.FOREIGN_MINISTER: (
        "foreign minister", "minister of foreign affairs", "minister for foreign affairs",
        "foreign secretary", "secretary of state", "fm", "foreign affairs minister",
        "top diplomat", "chief diplomat",
    ),
    Role.SECRETARY_GENERAL: ("secretary general", "secretary-general", "chief", "head", "leader"),
    Role.HIGH_REPRESENTATIVE: ("high representative", "foreign policy chief", "top diplomat"),
}  # fmt: skip
_ROLE_PATTERN = "|".join(
    sorted(
        {
            re.escape(p).replace(r"\ ", r"\s+").replace(r"\-", "[-\\s]")
            for v in _ROLE_PHRASES.values()
            for p in v
        },
        key=len,
        reverse=True,
    )
)
# After an actor ("Germany's defence minister", "Dutch Prime Minister", "NATO chief"), or before
# one ("the President of Ukraine", "Minister of Defense of the Netherlands").
_ROLE_AFTER = re.compile(rf"(?:['’]s)?\s+(?P<role>(?i:{_ROLE_PATTERN}))\b(?!['’-])")
_ROLE_BEFORE = re.compile(rf"\b(?P<role>(?i:{_ROLE_PATTERN}))\s+of\s+(?:the\s+)?$")
# Titles that name one state's office by themselves (the spelling tells: British "Defence
# Secretary", American "Defense Secretary").
_NATIONAL_TITLES = {
    "defence secretary": (Role.DEFENCE_MINISTER, "united-kingdom"),
    "foreign secretary": (Role.FOREIGN_MINISTER, "united-kingdom"),
    "defense secretary": (Role.DEFENCE_MINISTER, "united-states"),
    "secretary of defense": (Role.DEFENCE_MINISTER, "united-states"),
    "secretary of state": (Role.FOREIGN_MINISTER, "united-states"),
    "pentagon chief": (Role.DEFENCE_MINISTER, "united-states"),
}
_NATIONAL_TITLE = re.compile(
    r"\b(?P<title>(?:Defence|Defense|Foreign)\s+Secretary|Secretary\s+of\s+(?:Defense|State)|"
    r"Pentagon\s+[Cc]hief)\b(?!\s+(?:of\b|for\b))"
)
_RECEIVES = re.compile(
    r"\b(?:to|for|help(?:ing|s|ed)?|support(?:ing|s|ed)?|suppl(?:y|ying|ies|ied)|"
    r"provid(?:e|ing|es|ed)|arm(?:ing|s|ed)?)\s+(?:the\s+)?$"
)
_NAME_GAP = re.compile(r"[\s,]*")
_COUNTERPART = re.compile(r"\s+(?:counterpart|colleague|opposite\s+number)\b", re.IGNORECASE)
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
_TOKEN = re.compile(r"\w+|[^\w\s]")
_DASHES = str.maketrans({"–": "-", "—": "-", "‐": "-", "‑": "-", "’": "'", "‘": "'"})
# Newspapers named after a place: "The Washington Post", "Kyiv Independent", "The Moscow Times".
_MEDIA_NAMES = frozenset(
    [
        "post",
        "times",
        "independent",
        "herald",
        "journal",
        "telegraph",
        "tribune",
        "gazette",
        "pravda",
        "observer",
        "examiner",
        "insider",
        "daily",
        "chronicle",
        "standard",
    ]
)
# The press, qualified by a nationality: "British news agency Reuters", "Russian state media".
_PRESS = re.compile(
    r"\s+(?:[a-z-]+\s+){0,2}?(?:news\s+agency|agency|newspaper|paper|daily|outlet|media|"
    r"broadcaster|magazine|tv|television|channel|website|publication|tabloid|journalists?|"
    r"reporters?|columnist|press|news\s+site)\b"
)
_STATE_KINDS = frozenset({"state"})
_NAME_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv"})
_WORD_BEFORE = re.compile(r"([\w.'’-]+)[^\S\n]+$")
# Words that may stand right before a surname without being another name.
_SURNAME_TITLES = frozenset(
    re.findall(
        r"\S+",
        "mr mrs ms miss dr sir dame lord lady president minister secretary chancellor premier "
        "general gen admiral adm colonel col commander senator sen rep representative speaker "
        "ambassador chairman chairwoman chair leader chief director spokesman spokeswoman "
        "spokesperson prime deputy foreign defence defense state the a and of by with but as "
        "when while after before said says told",
    )
)
_NEXT_WORD = re.compile(r"[^\S\n]+(\w+)")


@dataclass(frozen=True)
class ActorMatch:
    slug: str
    start: int
    end: int
    via: str  # "alias" | "title" | "office" | "speaker"


@dataclass(frozen=True)
class _Alias:
    text: str
    slug: str
    case: str  # "exact" (acronyms) | "first" (first letter's case kept) | "any"


class ActorMatcher:
    """Compiles the vocabulary once; `find` is called per article."""

    def __init__(self, actors: Iterable[ActorEntry]):
        self._entries: dict[str, ActorEntry] = {}
        self._aliases: dict[tuple[str, ...], list[_Alias]] = {}
        self._prefixes: set[tuple[str, ...]] = set()
        self._contextual: set[tuple[str, ...]] = set()
        self._holders: dict[tuple[Role, str], list[tuple[str, object]]] = {}
        for actor in actors:
            self._entries[actor.slug] = actor
            for alias in sorted({actor.name, *actor.aliases}):
                self._add_alias(alias, actor.slug)
            for office in actor.offices:
                self._holders.setdefault((Role(office.role), office.of), []).append(
                    (actor.slug, office)
                )
        self._starts = _prefilter(self._aliases) if self._aliases else None
        self._offices_of = {of for _, of in self._holders}
        self._starts_lower = (
            re.compile(self._starts.pattern.replace("(?i:", "(?:")) if self._starts else None
        )

    def _add_alias(self, alias: str, slug: str) -> None:
        alias = " ".join(alias.split())
        if not alias:
            return
        tokens = _tokens(alias)
        key = tuple(token.lower() for token in tokens)
        if sum(char.isupper() for char in alias) >= 2 and " " not in alias:
            case = "exact"  # acronyms: "US", "NATO", "U.S."
        elif alias[0].isupper():
            case = "first"
        else:
            case = "any"
        self._aliases.setdefault(key, []).append(_Alias(" ".join(tokens), slug, case))
        for length in range(1, len(key) + 1):
            self._prefixes.add(key[:length])
        if key[0] == "the":
            self._contextual.add(key)

    def kind(self, slug: str) -> str:
        entry = self._entries.get(slug)
        return entry.kind if entry else ""

    def name(self, slug: str) -> str:
        entry = self._entries.get(slug)
        return entry.name if entry else slug

    def knows(self, text: str) -> bool:
        """Whether `text` is a name of the vocabulary (any case): for unknown-name candidates."""
        return tuple(token.lower() for token in _tokens(text)) in self._aliases

    def find(
        self, body: str, paragraphs: list[tuple[int, int]], on: datetime.date | None = None
    ) -> list[ActorMatch]:
        """Actor matches in body order: aliases, titles bound to people, quoted speakers.

        `on` is the publication day, against which titles find who held the office.
        """
        matches = self._alias_matches(body)
        matches += self._office_titles(body, matches, on)
        matches += self._titles(body, matches)
        matches += self._national_titles(body, matches, on)
        matches += self._surnames(body, matches)
        matches.sort(key=lambda match: match.start)
        matches += self._speakers(body, paragraphs, matches)
        return sorted(matches, key=lambda match: match.start)

    def implied(self, slugs: Iterable[str], on: datetime.date | None = None) -> list[str]:
        """Actors an event involves through those named: the state a body belongs to (the
        Pentagon's acts are the United States'), and the state or organisation whose office a
        named person held on the day."""
        named = list(dict.fromkeys(slugs))
        found: list[str] = []
        for slug in named:
            entry = self._entries.get(slug)
            if entry is None:
                continue
            parent = entry.part_of
            while parent and parent not in named and parent not in found:
                found.append(parent)
                parent_entry = self._entries.get(parent)
                parent = parent_entry.part_of if parent_entry else None
            if on is not None:
                for office in entry.offices:
                    if office.held_on(on) and office.of not in named and office.of not in found:
                        found.append(office.of)
        return found

    def _alias_matches(self, body: str) -> list[ActorMatch]:
        """One scan of the body for where an alias may start (a prefix tree of them all, any
        case), then the words there checked against the dictionary with each alias's case."""
        if self._starts is None:
            return []
        found: list[tuple[int, int, str, tuple[str, ...]]] = []
        position = 0
        lowered_body = body.lower()
        # Case-sensitive on lower case is the faster scan, where lower-casing keeps offsets.
        scanned, starts = (
            (lowered_body, self._starts_lower)
            if len(lowered_body) == len(body)
            else (body, self._starts)
        )
        while True:
            hit = starts.search(scanned, position)
            if hit is None:
                break
            accepted = self._accepted(body, hit.start(), hit.end())
            if accepted is None:
                position = hit.start() + 1
                continue
            end, slug, key = accepted
            if not self._is_press(body, slug, end):
                found.append((hit.start(), end, slug, key))
            position = end
        named = {slug for _, _, slug, key in found if key not in self._contextual}
        named |= {parent for slug in named for parent in self._ancestors(slug)}
        return [
            ActorMatch(slug, start, end, "alias")
            for start, end, slug, key in found
            if slug in named or (key in self._contextual and self._ancestors(slug) & named)
        ]

    def _ancestors(self, slug: str) -> set[str]:
        """The bodies and states an actor is part of: "the Senate" counts in an article that
        names the United States or its Congress."""
        found: set[str] = set()
        entry = self._entries.get(slug)
        while entry is not None and entry.part_of and entry.part_of not in found:
            found.add(entry.part_of)
            entry = self._entries.get(entry.part_of)
        return found

    def _accepted(self, body: str, start: int, end: int) -> tuple[int, str, tuple] | None:
        """The alias the scan found at `start`, if its case fits; else the longest one there
        that does ("US" is an alias, "us" is not): (end, slug, key)."""
        key = tuple(token.translate(_DASHES).lower() for token in _TOKEN.findall(body, start, end))
        text = body[start:end]
        for alias in self._aliases.get(key, ()):
            if _case_fits(text, alias):
                return end, alias.slug, key
        limit = min(len(body), end + 40)
        newline = body.find("\n", end, limit)
        tokens = list(_TOKEN.finditer(body, start, limit if newline < 0 else newline))
        lowered = [token.group().translate(_DASHES).lower() for token in tokens]
        match = self._longest_at(body, tokens, lowered, 0) if tokens else None
        if match is None:
            return None
        end_index, slug, key = match
        return tokens[end_index - 1].end(), slug, key

    def _longest_at(self, body, tokens, lowered, index):
        """The longest alias starting at token `index`: (end index, slug, key) or None."""
        best = None
        length = 1
        while index + length <= len(tokens):
            key = tuple(lowered[index : index + length])
            if key not in self._prefixes:
                break
            if (
                length > 1
                and "\n"
                in body[tokens[index + length - 2].end() : tokens[index + length - 1].start()]
            ):
                break  # an alias never runs across lines
            for alias in self._aliases.get(key, ()):
                text = body[tokens[index].start() : tokens[index + length - 1].end()]
                if _case_fits(text, alias):
                    best = (index + length, alias.slug, key)
                    break
            length += 1
        return best

    def _is_press(self, body: str, slug: str, end: int) -> bool:
        if self.kind(slug) not in _STATE_KINDS:
            return False
        if body.startswith("$", end):
            return True  # "US$6.5 billion": a currency, not the state
        following = _NEXT_WORD.match(body, end)
        if following and following.group(1).lower() in _MEDIA_NAMES:
            return following.group(1)[0].isupper()
        return bool(_PRESS.match(body, end))

    def _office_titles(
        self, body: str, matches: list[ActorMatch], on: datetime.date | None
    ) -> list[ActorMatch]:
        """ "Germany's defence minister", "the Dutch prime minister", "NATO chief", "President
        of Ukraine", "his Latvian counterpart": the person holding that office on the day."""
        if on is None or not self._holders:
            return []
        found = []
        last_role: Role | None = None
        last_end = -1
        people = {m.start for m in matches if self.kind(m.slug) == "person"}
        for match in matches:
            if match.slug not in self._offices_of:
                continue  # nobody holds an office of this actor: no title points through it
            role_match = _ROLE_AFTER.match(body, match.end)
            role = _role(role_match["role"]) if role_match else None
            span_end = role_match.end() if role_match else match.end
            span_start = match.start
            if role is None and body.endswith((" of ", " of the "), 0, match.start):
                before = _ROLE_BEFORE.search(body, max(0, match.start - 40), match.start)
                role = _role(before["role"]) if before else None
                span_start = before.start() if before else match.start
            if role is None and last_role is not None and match.start - last_end < 120:
                counterpart = _COUNTERPART.match(body, match.end)
                if counterpart:
                    role, span_end = last_role, counterpart.end()
            if role is None:
                continue
            # "his Latvian counterpart" holds the post just named, whoever holds it.
            last_role, last_end = role, span_end
            if self._named_after(body, span_end, people):
                continue
            holder = self._holder(role, match.slug, on)
            if holder is not None:
                found.append(ActorMatch(holder, span_start, span_end, "office"))
        return found

    @staticmethod
    def _named_after(body: str, position: int, people: set[int]) -> bool:
        """ "Ukrainian Foreign Minister Pavlo Klimkin": the title names the person after it."""
        gap = _NAME_GAP.match(body, position)
        return (gap.end() if gap else position) in people

    def _holder(self, role: Role, of: str, on: datetime.date) -> str | None:
        holders = {slug for slug, office in self._holders.get((role, of), ()) if office.held_on(on)}
        if role is Role.SECRETARY_GENERAL and not holders:
            # "NATO chief", "EU's top diplomat": the organisation's head, whatever the post's name.
            for other in (Role.HIGH_REPRESENTATIVE, Role.HEAD_OF_STATE):
                holders |= {s for s, o in self._holders.get((other, of), ()) if o.held_on(on)}
                if holders:
                    break
        return holders.pop() if len(holders) == 1 else None

    def _titles(self, body: str, matches: list[ActorMatch]) -> list[ActorMatch]:
        """A title right before a person's name stands for that person later in the article."""
        bindings: dict[str, list[tuple[int, str]]] = {}
        for match in matches:
            if self.kind(match.slug) == "person":
                title = _TITLE_BEFORE_NAME.search(body, max(0, match.start - 80), match.start)
                if title:
                    bindings.setdefault(_title_key(title["title"]), []).append(
                        (match.start, match.slug)
                    )
        for bound in bindings.values():
            bound.sort()
        taken = sorted((match.start, match.end) for match in matches)
        starts = [start for start, _ in taken]
        resolved = []
        for anaphor in _TITLE_ANAPHOR.finditer(body):
            if _overlaps(taken, starts, anaphor.start(), anaphor.end()):
                continue
            slug = _bound_person(bindings.get(_title_key(anaphor["title"]), []), anaphor.start())
            if slug:
                resolved.append(ActorMatch(slug, anaphor.start(), anaphor.end(), "title"))
        return resolved

    def _surnames(self, body: str, matches: list[ActorMatch]) -> list[ActorMatch]:
        """After a person is named in full, news calls them by surname ("Secretary Austin",
        "Austin said"): each later capitalised surname is that person, unless two people named
        share it or another first name comes before it ("Hunter Biden")."""
        first_named: dict[str, tuple[int, str]] = {}
        for match in matches:
            if match.via != "alias" or self.kind(match.slug) != "person":
                continue
            surname = _surname(self._entries[match.slug].name)
            if surname is None:
                continue
            earlier = first_named.get(surname)
            if earlier is None:
                first_named[surname] = (match.end, match.slug)
            elif earlier[1] != match.slug:
                first_named[surname] = (0, "")  # two people share it: say nothing
        taken = sorted((match.start, match.end) for match in matches)
        starts = [start for start, _ in taken]
        found = []
        for surname, (after, slug) in first_named.items():
            if not slug:
                continue
            for word in re.finditer(rf"(?<![\w'’-]){re.escape(surname)}(?![\w-])", body[after:]):
                start, end = after + word.start(), after + word.end()
                if _overlaps(taken, starts, start, end):
                    continue
                before = _WORD_BEFORE.search(body, max(0, start - 30), start)
                if before and before.group(1)[0].isupper() and not _is_title(before.group(1)):
                    continue  # "Hunter Biden", "Fort Austin": another name
                found.append(ActorMatch(slug, start, end, "surname"))
        return found

    def _national_titles(
        self, body: str, matches: list[ActorMatch], on: datetime.date | None
    ) -> list[ActorMatch]:
        """Titles only one state uses, without a state or a name: "the Defence Secretary" is
        Britain's (the US says "Defense Secretary"), "the Secretary of State" America's."""
        if on is None or not self._holders:
            return []
        taken = sorted((match.start, match.end) for match in matches)
        starts = [start for start, _ in taken]
        people = {m.start for m in matches if self.kind(m.slug) == "person"}
        found = []
        for title in _NATIONAL_TITLE.finditer(body):
            if _overlaps(taken, starts, title.start(), title.end()):
                continue
            if self._named_after(body, title.end(), people):
                continue
            phrase = " ".join(title["title"].lower().split())
            role, state = _NATIONAL_TITLES[phrase]
            holder = self._holder(role, state, on)
            if holder is not None:
                found.append(ActorMatch(holder, title.start("title"), title.end(), "office"))
        return found

    def focus(self, body: str, matches: list[ActorMatch]) -> str | None:
        """The state an article's aid, weapons and training go to: the one most often named
        after "to", "for", "help" or "support" (twice at least, and more often than any other);
        else the state it names most (three times at least, half as often again as any other)."""
        received: dict[str, int] = {}
        named: dict[str, int] = {}
        for match in matches:
            if self.kind(match.slug) not in _STATE_KINDS:
                continue
            named[match.slug] = named.get(match.slug, 0) + 1
            if _RECEIVES.search(body, max(0, match.start - 24), match.start):
                received[match.slug] = received.get(match.slug, 0) + 1
        ranked = sorted(received.items(), key=lambda item: item[1], reverse=True)
        if ranked and ranked[0][1] >= 2 and (len(ranked) == 1 or ranked[0][1] > ranked[1][1]):
            return ranked[0][0]
        ranked = sorted(named.items(), key=lambda item: item[1], reverse=True)
        if not ranked or ranked[0][1] < 3:
            return None
        if len(ranked) > 1 and ranked[0][1] < 1.5 * ranked[1][1]:
            return None
        return ranked[0][0]

    def _speakers(
        self, body: str, paragraphs: list[tuple[int, int]], matches: list[ActorMatch]
    ) -> list[ActorMatch]:
        """First-person words inside a quote belong to the person the paragraph quotes."""
        starts = [match.start for match in matches]
        found = []
        for start, end in paragraphs:
            inside = matches[bisect.bisect_left(starts, start) : bisect.bisect_left(starts, end)]
            speaker = self._speaker(body, inside)
            if speaker is None:
                continue
            for quote in _QUOTE.finditer(body, start, end):
                for word in _FIRST_PERSON.finditer(body, quote.start(), quote.end()):
                    found.append(ActorMatch(speaker, word.start(), word.end(), "speaker"))
        return found

    def _speaker(self, body: str, matches: list[ActorMatch]) -> str | None:
        for match in matches:
            if self.kind(match.slug) != "person":
                continue
            if _VERB_AFTER.match(body, match.end) or _VERB_BEFORE.search(
                body, max(0, match.start - 30), match.start
            ):
                return match.slug
        return None


def _prefilter(aliases: dict[tuple[str, ...], list]) -> re.Pattern:
    """Where an alias may start: every alias's words in a prefix tree, any case, with any or no
    space between words on one line (the dictionary lookup decides)."""
    words = ["\x01".join(key) for key in aliases]
    pieces = {"\x01": r"[^\S\n]*", "-": "[-–—‐‑]", "'": "['’‘]"}
    return re.compile(rf"(?<!\w)(?i:{trie_pattern(words, pieces)})(?!\w)")


def _tokens(text: str) -> list[str]:
    return [token.translate(_DASHES) for token in _TOKEN.findall(text)]


def _case_fits(text: str, alias: _Alias) -> bool:
    words = " ".join(token.translate(_DASHES) for token in _TOKEN.findall(text))
    if alias.text[:4].lower() == "the " and len(alias.text) > 4:
        # "the Alliance", "the Senate": any "the", then the name's own case ("the house" is not
        # the House of Representatives).
        rest = _Alias(alias.text[4:], alias.slug, "first" if alias.text[4].isupper() else "any")
        return words[:4].lower() == "the " and _case_fits(words[4:], rest)
    if alias.case == "exact":
        return words == alias.text
    if alias.case == "first":
        return words[0] == alias.text[0] and words.lower() == alias.text.lower()
    return words.lower() == alias.text.lower()


def _role(phrase: str) -> Role | None:
    phrase = " ".join(phrase.lower().replace("-", " ").split())
    for role, phrases in _ROLE_PHRASES.items():
        if phrase in {" ".join(p.replace("-", " ").split()) for p in phrases}:
            return role
    return None


def _overlaps(taken: list[tuple[int, int]], starts: list[int], start: int, end: int) -> bool:
    index = bisect.bisect_left(starts, end)
    return index > 0 and taken[index - 1][1] > start


def _bound_person(bindings: list[tuple[int, str]], position: int) -> str | None:
    index = bisect.bisect_left(bindings, (position, ""))
    return bindings[index - 1][1] if index else None


def _surname(name: str) -> str | None:
    words = [w for w in name.split() if w.lower().strip(".,") not in _NAME_SUFFIXES]
    if len(words) < 2 or not words[-1][:1].isupper() or len(words[-1]) < 3:
        return None
    return words[-1]


def _is_title(word: str) -> bool:
    return word.lower().strip(".") in _SURNAME_TITLES


def _title_key(title: str) -> str:
    return _TITLE_SEPARATORS.sub(" ", title.lower())
