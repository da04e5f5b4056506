"""Proposals, and how retellings of one happening become one event.

A news article tells its story more than once: the headline, the lead sentence and later
paragraphs report the same signing or visit. A `Proposal` is one event in the making; the
functions here merge a headline into the lead that reports the same thing (`with_headline`), and
proposals on the same date with actors and words in common into one (`merged`), keeping every
sentence as a mention.
"""

import functools
import re
from dataclasses import dataclass, field

from .actors import ActorMatcher
from .headlines import headline
from .predicates import PLAN_TENSES
from .reading import Article, Reading
from .types import Mention, TemporalExpression

_REFERS_BACK = re.compile(
    r"\bthe\s+(?:signing\s+)?(?:ceremony|signing|talks|meeting|visit|summit)\b"
)


_CONTENT_WORD = re.compile(r"[A-Za-z][A-Za-z-]{3,}")


_SUFFIX = re.compile(r"(?:ations?|ation|ing|ed|es|s|ly|ion|er|ers)$")


_STOPWORDS = frozenset(
    re.findall(
        r"\S+",
        "that this with from have been were will would also said says their they there which "
        "about after before over into than more most some such when what other only just very "
        "already according while where these those being could should told",
    )
)


@dataclass
class Proposal:
    expression: TemporalExpression
    implicit: bool  # dated to the publication day without a time word
    contextual: bool  # dated by a time word earlier in the paragraph
    actors: list[str]
    topics: list[str]
    mentions: list[Mention]
    title: str = ""
    act: bool = True
    quoted: bool = False
    target: TemporalExpression | None = None
    readings: list[Reading] = field(default_factory=list)  # the sentences that report it
    words: frozenset[str] = frozenset()
    lead: bool = False  # reported in the headline or the first two paragraphs of the body
    paragraph: int = 0
    continues: "Proposal | None" = None  # the event an undated sentence goes on about


def with_headline(
    article: Article,
    candidates: list[Proposal],
    reading: Reading,
    own: Proposal | None,
) -> list[Proposal]:
    """The headline reports what the lead sentence reports: one event with both mentions, under
    the headline; a headline that reports something else is an event of its own."""
    body = article.body
    sentence = reading.sentence
    text = body[sentence.start : sentence.end]
    words = content_words(text)
    actors = set(reading.actors)
    if article.matcher is not None:
        # "Pentagon chief to lead…" is about the United States the lead names.
        actors |= set(article.matcher.implied(reading.actors, article.published))
    body_paragraphs = sorted(
        {s.paragraph for s in article.sentences if s.paragraph != sentence.paragraph}
    )[:2]
    lead = next(
        (
            c
            for c in candidates
            if c.paragraph in body_paragraphs and _similar(words, c.words, actors, set(c.actors))
        ),
        None,
    )
    if lead is None and _announces(article, reading, own):
        # "U.S. to buy Patriot missiles from Japan": a headline announcing what is to come
        # reports the body's first similar event still to come, wherever the body dates it.
        lead = next(
            (
                c
                for c in candidates
                if still_to_come(article, c) and _similar(words, c.words, actors, set(c.actors))
            ),
            None,
        )
    if lead is not None:
        lead.mentions.append(Mention(text, sentence.start, sentence.end))
        lead.title = headline(text)
        lead.actors += [a for a in reading.actors if a not in lead.actors]
        if article.matcher is not None:
            lead.actors += [
                a
                for a in article.matcher.implied(lead.actors, article.published)
                if a not in lead.actors
            ]
        lead.topics += [t for t in reading.topics if t not in lead.topics]
        lead.words = lead.words | words
        return candidates
    if own is None:
        return candidates
    return [own, *candidates]


def _announces(article: Article, reading: Reading, own: Proposal | None) -> bool:
    return (
        own is not None
        and own.implicit
        and bool(reading.acts)
        and all(verb.tense in PLAN_TENSES for verb in reading.acts)
    )


def still_to_come(article: Article, proposal: Proposal) -> bool:
    """Dated after the article was published: announced, not yet reported."""
    date = proposal.expression.date
    return article.published is not None and date is not None and date > article.published


def merged(candidates: list[Proposal], matcher: ActorMatcher | None = None) -> list[Proposal]:
    """Two proposals on the same date with actors and words in common report one happening."""
    kept: list[Proposal] = []
    by_date: dict[tuple, list[Proposal]] = {}
    kept_ids = set()
    story: Proposal | None = None  # the article's own story, told in its opening
    for candidate in candidates:
        if candidate.continues is not None and id(candidate.continues) in kept_ids:
            _absorb(candidate.continues, candidate)
            continue
        if story is not None and _elaborates(candidate, story, matcher):
            _absorb(story, candidate)
            continue
        if story is None and candidate.lead:
            story = candidate
        key = _date_key(candidate.expression)
        group = by_date.setdefault(key, [])
        same = next(
            (other for other in group[-20:] if _same_happening(candidate, other)),
            None,
        )
        if same is None:
            group.append(candidate)
            kept.append(candidate)
            kept_ids.add(id(candidate))
            continue
        _absorb(same, candidate)
    return sorted(kept, key=lambda candidate: candidate.mentions[0].start)


def _absorb(kept: Proposal, other: Proposal) -> None:
    if (kept.quoted or kept.implicit) and not (other.quoted or other.implicit):
        kept.mentions, other.mentions = other.mentions, kept.mentions
        # The better-dated sentence leads; a headline given as title stays.
        kept.title = other.title or kept.title
        kept.quoted, kept.implicit = other.quoted, other.implicit
        kept.expression = other.expression
    seen = {(m.start, m.date_start) for m in kept.mentions}
    kept.mentions += [m for m in other.mentions if (m.start, m.date_start) not in seen]
    kept.actors += [a for a in other.actors if a not in kept.actors]
    kept.topics += [t for t in other.topics if t not in kept.topics]
    kept.readings += other.readings
    kept.words = kept.words | other.words


def _elaborates(candidate: Proposal, story: Proposal, matcher: ActorMatcher | None) -> bool:
    """An undated sentence about the same parties and subject as the article's opening story
    tells more of it ("Of the tanks, 110 will be made by Hyundai Rotem…", "The two ministers
    attended the signing ceremony" after the contract is reported)."""
    if not candidate.implicit or candidate.lead or not set(candidate.topics) & set(story.topics):
        return False
    detail = all(
        verb.tense in PLAN_TENSES for reading in candidate.readings for verb in reading.acts
    ) or any(_REFERS_BACK.search(m.sentence) for m in candidate.mentions)
    if not detail:
        return False  # an act of its own ("the agreement signed by…"), not a detail
    # New people may appear (who attended, who spoke); no new state, body or company.
    parties = {a for a in candidate.actors if matcher is None or matcher.kind(a) != "person"}
    return bool(parties) and parties <= set(story.actors)


def _same_happening(candidate: Proposal, other: Proposal) -> bool:
    """Same date; actors in common; and words in common, the more so the further the two are
    from the article's opening, where one story is told in several sentences."""
    if not set(candidate.actors) & set(other.actors):
        return False
    shared = len(candidate.words & other.words)
    ratio = shared / max(1, min(len(candidate.words), len(other.words)))
    opening = candidate.lead and other.lead
    if candidate.implicit and other.implicit:
        close = opening or candidate.paragraph == other.paragraph
        return (close and shared >= 2) or (shared >= 3 and ratio >= 0.5)
    quote, report = (candidate, other) if candidate.quoted else (other, candidate)
    if quote.quoted and not report.quoted and not (report.implicit or report.contextual):
        # Words a speaker is quoted with, on the day of an event the article reports with its
        # own date, comment on that event: evidence, not another event.
        return True
    if any(c.quoted or c.implicit or c.contextual for c in (candidate, other)):
        return shared >= 2 and ratio >= (0.25 if opening else 0.4)
    return shared >= 3 and ratio >= 0.4


def _date_key(expression: TemporalExpression) -> tuple:
    return (expression.value, expression.end_value, expression.precision)


def _similar(words: frozenset, other_words: frozenset, actors: set, other_actors: set) -> bool:
    shared = len(words & other_words)
    return (
        bool(actors & other_actors)
        and shared >= 2
        and shared / max(1, min(len(words), len(other_words))) >= 0.25
    )


def content_words(text: str) -> frozenset[str]:
    return frozenset(filter(None, map(_stem, _CONTENT_WORD.findall(text))))


@functools.lru_cache(maxsize=8192)
def _stem(word: str) -> str:
    word = word.lower()
    return "" if word in _STOPWORDS else _SUFFIX.sub("", word)
