"""Storing many extracted articles at once: the ingest command's batches.

One insert per table for the whole batch (articles and their history, events, actor and topic
links, mentions) instead of a dozen queries per article, with the same rules as storing one
article (timeline.ingestion.store_article): invalid text is refused before anything is written,
and an article already known (same text or URL) is reported as such, not stored twice. When the
database refuses the batch's inserts, the batch is stored again one article at a time, so that
only the article at fault fails.
"""

from dataclasses import dataclass, replace
from functools import cached_property

from django.db import DatabaseError, transaction
from django.db.models import Q

from .duplicates import suggest_for_events
from .extraction import ExtractionResult
from .ingestion import (
    INSERT_BATCH,
    ExtractionSummary,
    IngestError,
    IngestOutcome,
    check_storable,
    create_events_of,
    new_article,
    readable,
    store_article,
)
from .models import Article, Event, content_hash


@dataclass(frozen=True)
class Submission:
    """An extracted article to store, with what its source says about it."""

    result: ExtractionResult
    raw: str
    url: str = ""
    publisher: str = ""

    @cached_property
    def body_hash(self) -> str:
        return content_hash(self.result.body)

    @property
    def keys(self) -> list[tuple[str, str]]:
        """What makes two articles the same one: the cleaned text, and the URL when there is
        one."""
        keys = [("hash", self.body_hash)]
        if self.url:
            keys.append(("url", self.url))
        return keys


def store_articles(submissions: list[Submission]) -> list[IngestOutcome | str]:
    """Store the articles that are new, in the caller's transaction; for each submission, in
    order, what happened to it (IngestOutcome) or why it was not stored (a message).

    The same article twice in one batch is stored once; the second is reported as known.
    """
    outcomes: list[IngestOutcome | str | None] = [None] * len(submissions)
    checked: list[tuple[int, Submission]] = []
    for index, submission in enumerate(submissions):
        try:
            raw = readable(submission.raw)
            check_storable(
                submission.result, raw=raw, url=submission.url, publisher=submission.publisher
            )
        except IngestError as error:
            outcomes[index] = str(error)
        else:
            checked.append((index, replace(submission, raw=raw)))

    known = known_articles([submission for _, submission in checked])
    new: list[tuple[int, Submission]] = []
    repeats: list[tuple[int, int]] = []  # (index, index of the same article earlier in the batch)
    first_in_batch: dict[tuple[str, str], int] = {}
    for index, submission in checked:
        existing = next((known[key] for key in submission.keys if key in known), None)
        earlier = next((first_in_batch[k] for k in submission.keys if k in first_in_batch), None)
        if existing is not None:
            outcomes[index] = IngestOutcome(existing, created=False, events=ExtractionSummary())
        elif earlier is not None:
            repeats.append((index, earlier))
        else:
            new.append((index, submission))
            for key in submission.keys:
                first_in_batch[key] = index

    for (index, _), outcome in zip(new, insert_new(new), strict=True):
        outcomes[index] = outcome
    for index, earlier in repeats:
        first = outcomes[earlier]
        outcomes[index] = (
            IngestOutcome(first.article, created=False, events=ExtractionSummary())
            if isinstance(first, IngestOutcome)
            else store_alone(submissions[index])
        )
    return outcomes


def known_articles(submissions: list[Submission]) -> dict[tuple[str, str], Article]:
    """The stored articles with the text or URL of any submission, in one query, by key; the
    oldest first when two match, as find_existing chooses."""
    hashes = [s.body_hash for s in submissions]
    urls = [s.url for s in submissions if s.url]
    if not hashes:
        return {}
    match = Q(content_hash__in=hashes) | Q(url__in=urls) if urls else Q(content_hash__in=hashes)
    known: dict[tuple[str, str], Article] = {}
    for article in Article.objects.filter(match).defer("raw_content", "body").order_by("id"):
        known.setdefault(("hash", article.content_hash), article)
        if article.url:
            known.setdefault(("url", article.url), article)
    return known


def insert_new(new: list[tuple[int, Submission]]) -> list[IngestOutcome | str]:
    """Insert the batch's new articles together; if the database refuses (a value it will not
    hold, or another run that stored one of them meanwhile), one at a time instead."""
    if not new:
        return []
    submissions = [submission for _, submission in new]
    try:
        with transaction.atomic():
            return insert_together(submissions)
    except DatabaseError:
        return [store_alone(submission) for submission in submissions]


def insert_together(submissions: list[Submission]) -> list[IngestOutcome]:
    articles = [
        new_article(s.result, raw=s.raw, url=s.url, publisher=s.publisher, body_hash=s.body_hash)
        for s in submissions
    ]
    Article.objects.bulk_create(articles, batch_size=INSERT_BATCH)
    # bulk_create skips save(), which writes the audit trail's first record.
    Article.history.bulk_history_create(articles, batch_size=INSERT_BATCH)
    created = create_events_of(
        [(a, s.result.events, s.result.version) for a, s in zip(articles, submissions, strict=True)]
    )
    # Duplicates across articles, for the whole batch in one pass: each new event is compared
    # with the events of lower ids (earlier articles of the batch included), as
    # suggest_duplicates(article) does when articles are stored one by one.
    suggest_for_events(Event.objects.filter(pk__in=[e.pk for events in created for e in events]))
    return [
        IngestOutcome(article, created=True, events=ExtractionSummary(added=len(events)))
        for article, events in zip(articles, created, strict=True)
    ]


def store_alone(submission: Submission) -> IngestOutcome | str:
    """Store one article in its own savepoint; the reason it failed, if it did."""
    try:
        with transaction.atomic():
            return store_article(
                submission.result,
                raw=submission.raw,
                url=submission.url,
                publisher=submission.publisher,
            )
    except IngestError as error:
        return str(error)
    except DatabaseError as error:
        return f"the database refused it ({first_line(error)})"


def first_line(error: Exception) -> str:
    return str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
