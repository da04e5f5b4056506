"""Builds candidate events from sentences with a time and an actor or topic, and merges duplicates.

Confidence is a sum of evidence, clamped to 0..1: base 0.2; an explicit time word +0.3 (an implicit
publication-day date +0.1); precision day +0.15, week +0.12, month +0.1, season +0.08, year +0.06,
decade +0.03; any actor +0.15, a second one +0.05; any topic +0.1; each further mention +0.05 (at
most +0.1); a date still needed -0.2.

The lead (headline and first paragraph) reports the article's main event even without a time word:
it is dated to the publication day with `implicit_date`; with no publication date it keeps the
partial value "XXXX-XX-XX", no date, and `needs_date`. So is a sentence with no time word whose
subject is an actor acting in the past tense ("The President instructed diplomats…"): news reports
it as done by publication. Reporting verbs ("said", "noted") don't count: they introduce quotes.
"""

import datetime
import re
from dataclasses import dataclass, field

from .actors import ActorMatch
from .sentences import Sentence
from .topics import TopicMatcher
from .types import ExtractedEvent, Mention, Precision, TemporalExpression

_PRECISION_WEIGHT = {
    Precision.DAY: 0.15,
    Precision.WEEK: 0.12,
    Precision.MONTH: 0.1,
    Precision.SEASON: 0.08,
    Precision.YEAR: 0.06,
    Precision.DECADE: 0.03,
}
_TITLE_LENGTH = 140
_REPORTING_VERBS = frozenset(
    [
        "said",
        "noted",
        "stressed",
        "emphasized",
        "emphasised",
        "added",
        "stated",
        "reported",
        "explained",
        "remarked",
        "believed",
        "claimed",
        "recalled",
        "underlined",
        "underscored",
        "insisted",
        "mentioned",
        "commented",
        "replied",
        "answered",
        "discussed",
    ]
)
_ACTION_VERB = re.compile(
    r"\s+(?:has\s+|have\s+)?(?P<verb>[a-z]{2,}ed|held|met|signed|made|took|gave|sent|won|lost|struck|"
    r"shot|hit|began|led|sought|brought|left|became|chose|fought|paid|sold|bought|built|froze|broke)\b"
)
_SUBJECT_WITHIN = 60  # characters from the sentence start


@dataclass
class Article:
    """What the event builder needs to know about one cleaned article."""

    body: str
    sentences: list[Sentence]
    expressions: list[TemporalExpression]
    actors: list[ActorMatch]
    topics: TopicMatcher
    published: datetime.date | None


@dataclass
class _Candidate:
    title: str
    expression: TemporalExpression
    implicit: bool
    actors: list[str]
    topics: list[str]
    mentions: list[Mention] = field(default_factory=list)

    @property
    def key(self) -> tuple:
        identity = (self.expression.value, self.expression.end_value, self.expression.precision)
        if self.actors:
            return (*identity, frozenset(self.actors))
        return (*identity, frozenset(), frozenset(self.topics))


def build_events(article: Article) -> list[ExtractedEvent]:
    candidates = [
        *_lead_candidates(article),
        *_sentence_candidates(article),
        *_action_candidates(article),
    ]
    return [_event(candidate) for candidate in _merged(candidates)]


def _sentence_candidates(article: Article) -> list[_Candidate]:
    candidates = []
    for sentence in article.sentences:
        expressions = [
            e for e in article.expressions if sentence.start <= e.start and e.end <= sentence.end
        ]
        if not expressions:
            continue
        actors = _actors_between(article.actors, sentence.start, sentence.end)
        topics = article.topics.find(article.body, sentence.start, sentence.end)
        if not (actors or topics):
            continue
        text = article.body[sentence.start : sentence.end]
        for expression in expressions:
            mention = Mention(
                text,
                sentence.start,
                sentence.end,
                expression.text,
                expression.start,
                expression.end,
            )
            candidates.append(
                _Candidate(_summary(text), expression, False, actors, topics, [mention])
            )
    return candidates


def _lead_candidates(article: Article) -> list[_Candidate]:
    """The headline and first paragraph, dated to the publication day."""
    lead = [sentence for sentence in article.sentences if sentence.paragraph <= 1]
    if not lead:
        return []
    start, end = lead[0].start, lead[-1].end
    actors = _actors_between(article.actors, start, end)
    topics = article.topics.find(article.body, start, end)
    if not (actors or topics):
        return []
    headline = [sentence for sentence in lead if sentence.paragraph == lead[0].paragraph]
    first_paragraph = [sentence for sentence in lead if sentence.paragraph != lead[0].paragraph]
    mentions = [_implicit_mention(article.body, s) for s in [*headline, *first_paragraph[:1]]]
    title = article.body[headline[0].start : headline[-1].end]
    expression = _publication_day(article.published)
    return [_Candidate(_summary(title), expression, True, actors, topics, mentions)]


def _action_candidates(article: Article) -> list[_Candidate]:
    """Undated sentences where an actor did something: dated to the publication day, implicitly."""
    dated = {(e.start, e.end) for e in article.expressions}
    candidates = []
    for sentence in article.sentences:
        if sentence.paragraph <= 1 or any(
            sentence.start <= start and end <= sentence.end for start, end in dated
        ):
            continue
        if not _has_acting_subject(article, sentence):
            continue
        text = article.body[sentence.start : sentence.end]
        actors = _actors_between(article.actors, sentence.start, sentence.end)
        topics = article.topics.find(article.body, sentence.start, sentence.end)
        mention = _implicit_mention(article.body, sentence)
        expression = _publication_day(article.published)
        candidates.append(_Candidate(_summary(text), expression, True, actors, topics, [mention]))
    return candidates


def _has_acting_subject(article: Article, sentence: Sentence) -> bool:
    for match in article.actors:
        if match.via == "speaker" or not sentence.start <= match.start < sentence.end:
            continue
        if match.start - sentence.start > _SUBJECT_WITHIN:
            return False
        verb = _ACTION_VERB.match(article.body, match.end)
        if verb and verb["verb"] not in _REPORTING_VERBS:
            return True
    return False


def _publication_day(published: datetime.date | None) -> TemporalExpression:
    if published is None:
        return TemporalExpression("", 0, 0, "XXXX-XX-XX", Precision.DAY, needs_reference=True)
    return TemporalExpression("", 0, 0, published.isoformat(), Precision.DAY, date=published)


def _implicit_mention(body: str, sentence: Sentence) -> Mention:
    return Mention(body[sentence.start : sentence.end], sentence.start, sentence.end)


def _actors_between(matches: list[ActorMatch], start: int, end: int) -> list[str]:
    slugs = []
    for match in matches:
        if start <= match.start < end and match.slug not in slugs:
            slugs.append(match.slug)
    return slugs


def _summary(sentence: str) -> str:
    text = sentence.strip().strip('"“”«» ')
    if len(text) <= _TITLE_LENGTH:
        return text
    cut = text.rfind(" ", 0, _TITLE_LENGTH - 1)
    return text[: cut if cut > 0 else _TITLE_LENGTH - 1].rstrip(",;:") + "…"


def _merged(candidates: list[_Candidate]) -> list[_Candidate]:
    """Candidates with the same period and the same actors report the same thing."""
    merged: dict[tuple, _Candidate] = {}
    for candidate in candidates:
        existing = merged.get(candidate.key)
        if existing is None:
            merged[candidate.key] = candidate
            continue
        existing.implicit = existing.implicit and candidate.implicit
        existing.topics += [topic for topic in candidate.topics if topic not in existing.topics]
        existing.mentions += [m for m in candidate.mentions if m not in existing.mentions]
    return sorted(merged.values(), key=lambda candidate: candidate.mentions[0].start)


def _event(candidate: _Candidate) -> ExtractedEvent:
    expression = candidate.expression
    return ExtractedEvent(
        title=candidate.title,
        date=expression.date,
        date_end=expression.date_end,
        precision=expression.precision,
        value=expression.value,
        implicit_date=candidate.implicit,
        needs_date=expression.date is None,
        actors=list(candidate.actors),
        topics=list(candidate.topics),
        confidence=_confidence(candidate),
        mentions=list(candidate.mentions),
    )


def _confidence(candidate: _Candidate) -> float:
    score = 0.2 + (0.1 if candidate.implicit else 0.3)
    score += _PRECISION_WEIGHT[candidate.expression.precision]
    score += (0.15 if candidate.actors else 0) + (0.05 if len(candidate.actors) > 1 else 0)
    score += 0.1 if candidate.topics else 0
    score += min(0.1, 0.05 * (len(candidate.mentions) - 1))
    score -= 0.2 if candidate.expression.date is None else 0
    return round(min(1.0, max(0.0, score)), 2)
