"""Reads an article sentence by sentence for the event builder.

A `Reading` is one sentence with what the builder needs from it: its time expressions, the actors
named in it (or carried over from the sentence before in its paragraph), its event verbs and its
topics, and whether it is a heading, a quote or part of the lead. Headings and captions, verbs
inside quotes, and participles that mention a noun in passing ("the tanks delivered last year")
are set aside here, so that `events` only decides what a sentence proposes.
"""

import bisect
import datetime
import re
from dataclasses import dataclass, field

from .actors import ActorMatch, ActorMatcher
from .predicates import Verb, VerbForms, verbs_in
from .sentences import Sentence
from .topics import TopicMatcher
from .types import TemporalExpression

_HEADING_WORDS = 20


_DATELINE_PLACE = re.compile(
    r"[A-Z][A-Z .'’-]{2,40}(?:,\s*[A-Z][\w .'’-]{1,40}){0,2}"
    r"(?:,\s*[A-Z][a-z]{2,8}\.?\s+[0-9]{1,2}(?:,\s*[0-9]{4})?)?\s*(?:\([^)]{1,30}\)\s*)?[—–-]{1,2}\s"
)


_LAST_WORD = re.compile(r"([A-Za-z]+)\W*$")


_NOT_NOUNS = frozenset(
    re.findall(
        r"\S+",
        "who which that it he she they we also then and or but had has have was were is are be "
        "been being already just still now not never",
    )
)


_NOUN_REACH = 40  # characters before a participle where the noun it follows ends
_AGENT_WITHIN = 48  # characters after a participle where its actor is named ("by the minister")


_FINITE_BEFORE = re.compile(r"\b(?:is|are|was|were|will|would|has|have|had|be|been)\b")


_PRONOUN_SUBJECT = re.compile(
    r"(?:They|It|He|She|This|These|That)\b(?!\s+(?:is|are|was|were)\s+not\b)"
)


_QUOTE_SPAN = re.compile(r"“[^“”]*(?:”|$)|\"[^\"\n]*(?:\"|$)|„[^“”]*(?:[“”]|$)", re.MULTILINE)


_TERMINAL = re.compile(r"[.!?…\"”’»)]\s*$")


@dataclass
class Article:
    """What the event builder needs to know about one cleaned article."""

    body: str
    sentences: list[Sentence]
    expressions: list[TemporalExpression]
    actors: list[ActorMatch]
    topics: TopicMatcher
    published: datetime.date | None
    matcher: ActorMatcher | None = None
    has_headline: bool = False
    truncated: bool = False
    focus: str | None = None  # the state the article is about (see ActorMatcher.focus)
    memo: dict = field(default_factory=dict, repr=False)  # per-article lookups (see names)


@dataclass
class Reading:
    """One sentence as the builder reads it."""

    sentence: Sentence
    expressions: list[TemporalExpression]
    matches: list[ActorMatch]
    verbs: list[Verb]
    actors: list[str]
    topics: list[str]
    quoted: bool
    paragraph_topics: list[str] = field(default_factory=list)
    headline: bool = False
    carried: bool = False  # actors taken from the sentence before
    lead: bool = False  # the headline or the first two paragraphs of the body

    @property
    def acts(self) -> list[Verb]:
        return [verb for verb in self.verbs if not verb.statement]


def readings(article: Article) -> list[Reading]:
    body = article.body
    topics = article.topics.index(body)
    forms = VerbForms(body)
    expressions = article.expressions
    expression_starts = [e.start for e in expressions]
    matches = [m for m in article.actors]
    match_starts = [m.start for m in matches]
    quotes = [m.span() for m in _QUOTE_SPAN.finditer(body)]
    quote_starts = [start for start, _ in quotes]
    paragraph_sizes: dict[int, int] = {}
    for sentence in article.sentences:
        paragraph_sizes[sentence.paragraph] = paragraph_sizes.get(sentence.paragraph, 0) + 1
    first_paragraph = article.sentences[0].paragraph if article.sentences else 0
    body_start = first_paragraph + (1 if article.has_headline else 0)
    readings: list[Reading] = []
    previous: Reading | None = None
    last = len(article.sentences) - 1
    paragraph_spans = paragraph_extents(article.sentences)
    paragraph_topics: dict[int, list[str]] = {}
    for index, sentence in enumerate(article.sentences):
        is_headline = article.has_headline and sentence.paragraph == first_paragraph
        text = body[sentence.start : sentence.end]
        if not is_headline and _is_heading(text, paragraph_sizes[sentence.paragraph]):
            previous = None
            continue
        if article.truncated and index == last:
            continue
        inside = expressions[
            bisect.bisect_left(expression_starts, sentence.start) : bisect.bisect_left(
                expression_starts, sentence.end
            )
        ]
        inside = [e for e in inside if e.end <= sentence.end]
        sentence_matches = matches[
            bisect.bisect_left(match_starts, sentence.start) : bisect.bisect_left(
                match_starts, sentence.end
            )
        ]
        dateline = _DATELINE_PLACE.match(body, sentence.start)
        if dateline:
            # "WARSAW, Poland —": where the story was filed, not who acted.
            sentence_matches = [m for m in sentence_matches if m.start >= dateline.end()]
        actors = list(dict.fromkeys(m.slug for m in sentence_matches))
        quoted = _is_quoted(body, sentence, quotes, quote_starts)
        verbs = verbs_in(body, sentence.start, sentence.end, headline=is_headline, forms=forms)
        finite = _FINITE_BEFORE.search(body, sentence.start, sentence.end)
        if finite is not None:
            verbs = [v for v in verbs if not _in_passing(body, finite.start(), v, sentence_matches)]
        if not quoted:
            # What a speaker says inside quotation marks is not what the sentence reports.
            verbs = [v for v in verbs if not inside_quotes(quotes, quote_starts, v.start)]
            inside = [e for e in inside if not inside_quotes(quotes, quote_starts, e.start)]
        reading = Reading(
            sentence=sentence,
            expressions=inside,
            matches=sentence_matches,
            verbs=verbs,
            actors=actors,
            topics=topics.between(sentence.start, sentence.end),
            quoted=quoted,
            headline=is_headline,
            lead=is_headline or sentence.paragraph < body_start + 2,
        )
        start, end = paragraph_spans[sentence.paragraph]
        if sentence.paragraph not in paragraph_topics:
            paragraph_topics[sentence.paragraph] = topics.between(start, end)
        reading.paragraph_topics = paragraph_topics[sentence.paragraph]
        if (
            not reading.actors
            and previous is not None
            and previous.sentence.paragraph == sentence.paragraph
            and previous.actors
            and reading.acts
        ):
            reading.actors = list(previous.actors)
            reading.carried = True
        elif (
            previous is not None
            and previous.actors
            and _PRONOUN_SUBJECT.match(body, sentence.start)
        ):
            # "They have also promised…", "This was stated by…": the sentence before's actors.
            reading.actors += [a for a in previous.actors if a not in reading.actors]
        readings.append(reading)
        previous = reading
    return readings


def paragraph_extents(sentences: list[Sentence]) -> dict[int, tuple[int, int]]:
    """Each paragraph's span, from its first sentence's start to its last one's end."""
    extents: dict[int, tuple[int, int]] = {}
    for sentence in sentences:
        start = extents.get(sentence.paragraph, (sentence.start, 0))[0]
        extents[sentence.paragraph] = (start, sentence.end)
    return extents


def _is_heading(text: str, sentences_in_paragraph: int) -> bool:
    """A short paragraph of one line without a full stop is a heading or a link, not a report."""
    return (
        sentences_in_paragraph == 1
        and not _TERMINAL.search(text)
        and len(text.split()) <= _HEADING_WORDS
    )


def _is_quoted(body: str, sentence: Sentence, quotes, quote_starts) -> bool:
    return inside_quotes(quotes, quote_starts, sentence.start) or body[sentence.start] in '"“„«'


def inside_quotes(quotes: list[tuple[int, int]], quote_starts: list[int], position: int) -> bool:
    index = bisect.bisect_right(quote_starts, position) - 1
    return index >= 0 and quotes[index][0] <= position < quotes[index][1]


def _in_passing(body: str, finite: int, verb: Verb, matches: list[ActorMatch]) -> bool:
    """ "…against the brutal Russian invasion launched in February 2022": a participle after a
    noun, in a sentence whose own verb came before (`finite`, where its first auxiliary is),
    mentions that noun in passing; it is not what the sentence reports, unless its actor is named
    with it ("the package announced by Prime Minister Rishi Sunak in January")."""
    if verb.tense != "past":
        return False
    # The word before the participle is close by: a bounded look keeps long sentences linear.
    window = max(finite, verb.start - _NOUN_REACH)
    noun = _LAST_WORD.search(body, window, verb.start)
    if noun is None or not noun.group(1).islower() or noun.group(1) in _NOT_NOUNS:
        return False
    if noun.group(1).endswith("ly"):
        return False  # an adverb: "was officially approved"
    if finite >= noun.start():
        return False
    return not any(verb.end <= m.start < verb.end + _AGENT_WITHIN for m in matches)
