"""Polling a source: claim it, fetch its feed conditionally, record its new entries, and ingest
them through the same path as every other article.

A poller first *claims* a source (a conditional update of ``claim_token``, atomic on every
database), so two pollers never fetch the same source at once; the claim is a lease that runs out
if its worker dies. One entry failing is recorded with its reason and retried at later polls, a
bounded number of times, without holding up the rest of the feed.
"""

import datetime
import logging
import uuid
from dataclasses import asdict, dataclass

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from timeline.extraction import ActorEntry, ExtractionResult, TopicEntry
from timeline.fetching import FetchedPage, FetchError, fetch_article, fetch_feed
from timeline.ingestion import (
    IngestError,
    extraction_vocabulary,
    find_existing,
    run_extraction,
    store_article,
)
from timeline.models import Article, PublishedSource, content_hash

from .addresses import canonical_link, canonical_url
from .feeds import FeedError, ParsedFeed, parse_feed
from .language import UNSUPPORTED_REASON, detect, is_supported
from .models import CLAIM_LEASE, EntryStatus, PollOutcome, Source, SourceEntry, unclaimed
from .pacing import wait_for_turn
from .relevance import RelevanceCriteria, current_criteria, why_not_relevant

logger = logging.getLogger(__name__)

MAX_BACKOFF = datetime.timedelta(days=1)
# A failed entry is tried again at the first poll after this (doubling with each attempt).
ENTRY_RETRY_DELAY = datetime.timedelta(minutes=15)
BUSY = "busy"


@dataclass
class PollReport:
    """What one poll of a source did, for the command's output and the task's result."""

    source_id: int
    outcome: str  # a PollOutcome, or "busy" when another poller holds the source
    error: str = ""
    new_entries: int = 0
    ingested: int = 0
    set_aside: int = 0
    duplicates: int = 0
    skipped: int = 0
    failed: int = 0
    waiting: int = 0

    def as_dict(self) -> dict:
        return asdict(self)

    def summary(self) -> str:
        if self.outcome == BUSY:
            return "skipped: another poller is polling it."
        if self.outcome == PollOutcome.FAILED:
            return f"failed: {self.error}"
        feed = "unchanged" if self.outcome == PollOutcome.NOT_MODIFIED else "OK"
        parts = [
            f"{self.new_entries} new entr{'y' if self.new_entries == 1 else 'ies'}",
            f"{self.ingested} article(s) ingested",
            f"{self.set_aside} set aside as not relevant",
            f"{self.duplicates} already known",
            f"{self.skipped} skipped",
            f"{self.failed} failed",
        ]
        if self.waiting:
            parts.append(f"{self.waiting} left for the next poll")
        return f"{feed}; " + ", ".join(parts) + "."


# Claims.


def claim(source_id: int, *, due_only: bool = True) -> str | None:
    """Take the source for one poll: a token to poll it with, or None when another poller holds
    it (or, with ``due_only``, when it is paused or not due)."""
    now = timezone.now()
    token = uuid.uuid4().hex
    sources = Source.objects.filter(unclaimed(now), pk=source_id)
    if due_only:
        sources = sources.filter(active=True, next_poll_at__lte=now)
    taken = sources.update(claimed_until=now + CLAIM_LEASE, claim_token=token)
    return token if taken else None


def claim_due() -> list[tuple[int, str]]:
    """Claim every source that is due; (id, token) for each one this poller got."""
    due = Source.objects.due().order_by("next_poll_at").values_list("pk", flat=True)
    claimed = ((pk, claim(pk)) for pk in due)
    return [(pk, token) for pk, token in claimed if token]


# Polling.


def poll(source_id: int, token: str) -> PollReport:
    """Poll a source claimed with ``token``: fetch its feed, record and ingest its entries, and
    schedule its next poll (backing off while it fails)."""
    now = timezone.now()
    renewed = Source.objects.filter(pk=source_id, claim_token=token).update(
        claimed_until=now + CLAIM_LEASE
    )
    if not renewed:
        return PollReport(source_id, BUSY)
    source = Source.objects.get(pk=source_id)
    report = PollReport(source_id, PollOutcome.OK)
    page = None
    try:
        page, feed = fetch_and_parse(source)
        if page.not_modified:
            report.outcome = PollOutcome.NOT_MODIFIED
        else:
            report.new_entries = record_entries(source, feed)
        process_entries(source, report)
    except (FetchError, FeedError) as error:
        report.outcome, report.error = PollOutcome.FAILED, str(error)
    except Exception as error:
        logger.exception("Polling source %s (%s) failed", source.pk, source.url)
        report.outcome, report.error = PollOutcome.FAILED, unexpected(error)
    finally:
        finish(source, token, report, page)
    return report


def fetch_and_parse(source: Source) -> tuple[FetchedPage, ParsedFeed | None]:
    wait_for_turn(source.url)
    page = fetch_feed(source.url, etag=source.etag, last_modified=source.last_modified)
    if page.not_modified:
        return page, None
    return page, parse_feed(page.content, page.url, page.headers)


def record_entries(source: Source, feed: ParsedFeed) -> int:
    """Record the feed's entries this source has not seen; how many were new."""
    keys = [entry.key for entry in feed.entries]
    known = set(source.entries.filter(key__in=keys).values_list("key", flat=True))
    new = [
        SourceEntry(
            source=source,
            key=entry.key,
            link=entry.link[:2000],
            title=entry.title,
            published=entry.published,
            # What the editor set for the source, else what the entry or its feed declares.
            language=(source.language or entry.language or feed.language)[:16],
        )
        for entry in feed.entries
        if entry.key not in known
    ]
    SourceEntry.objects.bulk_create(new, ignore_conflicts=True)
    if feed.site_url and not source.site_url:
        Source.objects.filter(pk=source.pk).update(site_url=feed.site_url[:2000])
        source.site_url = feed.site_url[:2000]
    return len(new)


def finish(source: Source, token: str, report: PollReport, page: FetchedPage | None) -> None:
    """Store the poll's outcome and next time, and release the claim (if still ours)."""
    now = timezone.now()
    interval = datetime.timedelta(minutes=source.poll_interval)
    if report.outcome == PollOutcome.FAILED:
        failures = source.consecutive_failures + 1
        state = {
            "consecutive_failures": failures,
            "failing_since": source.failing_since or now,
            "last_error": report.error,
            "next_poll_at": now + min(interval * 2 ** min(failures, 10), MAX_BACKOFF),
        }
    else:
        state = {
            "consecutive_failures": 0,
            "failing_since": None,
            "last_error": "",
            # Entries beyond one poll's share are taken at once, by the next poll.
            "next_poll_at": now if report.waiting else now + interval,
        }
    if page is not None and page.headers is not None:
        state["etag"] = page.headers.get("ETag", source.etag)[:500]
        state["last_modified"] = page.headers.get("Last-Modified", source.last_modified)[:100]
    Source.objects.filter(pk=source.pk, claim_token=token).update(
        last_polled_at=now,
        last_outcome=report.outcome,
        claimed_until=None,
        claim_token="",
        **state,
    )


def unexpected(error: Exception) -> str:
    return (
        f"An unexpected error ({type(error).__name__}) stopped it; the details are in the "
        "poller's log."
    )


# Entries.


@dataclass(frozen=True)
class EntryContext:
    """What every entry of one poll is extracted and judged with, loaded once per poll."""

    publisher: str
    criteria: RelevanceCriteria
    vocabulary: tuple[list[ActorEntry], list[TopicEntry]]


def process_entries(source: Source, report: PollReport) -> None:
    """Ingest this poll's share of the source's waiting entries and of its failed ones that are
    due for another try."""
    limit = settings.SOURCE_ENTRIES_PER_POLL
    entries = list(source.entries.to_process()[: limit + 1])
    if not entries:
        return
    context = EntryContext(source.publisher, current_criteria(), extraction_vocabulary())
    counters = {
        EntryStatus.DUPLICATE: "duplicates",
        EntryStatus.SKIPPED: "skipped",
        EntryStatus.FAILED: "failed",
        EntryStatus.GIVEN_UP: "failed",
    }
    for entry in entries[:limit]:
        process_entry(entry, context)
        if entry.status == EntryStatus.INGESTED:
            field = "ingested" if entry.article.relevant else "set_aside"
        else:
            field = counters[entry.status]
        setattr(report, field, getattr(report, field) + 1)
    if len(entries) > limit:
        report.waiting = source.entries.to_process().count()


def process_entry(entry: SourceEntry, context: EntryContext) -> None:
    """Ingest one entry and record what became of it; a failure is recorded, never raised."""
    try:
        ingest_entry(entry, context)
    except (FetchError, IngestError) as error:
        record_failure(entry, str(error))
    except Exception as error:
        logger.exception("Entry %s (%s) failed", entry.pk, entry.link)
        record_failure(entry, unexpected(error))
    else:
        entry.processed_at = timezone.now()
        entry.retry_at = None
        entry.save()


def record_failure(entry: SourceEntry, reason: str) -> None:
    entry.attempts += 1
    entry.reason = reason
    entry.processed_at = timezone.now()
    if entry.attempts >= settings.SOURCE_ENTRY_ATTEMPTS:
        entry.status, entry.retry_at = EntryStatus.GIVEN_UP, None
    else:
        entry.status = EntryStatus.FAILED
        entry.retry_at = entry.processed_at + ENTRY_RETRY_DELAY * 2 ** (entry.attempts - 1)
    entry.save()


def ingest_entry(entry: SourceEntry, context: EntryContext) -> None:
    """Fetch, extract and store the entry's article, setting the entry's status (unsaved)."""
    if not is_supported(entry.language):
        return skip(entry, UNSUPPORTED_REASON)
    known = known_article(canonical_url(entry.link))
    if known is not None:
        return mark_duplicate(entry, known)
    wait_for_turn(entry.link)
    page = fetch_article(entry.link)
    url = canonical_url(canonical_link(page.content, page.url) or page.url)
    known = known_article(url)
    if known is not None:
        return mark_duplicate(entry, known)
    result = run_extraction(
        page.content,
        published=entry.published,
        url=url,
        content_type=page.content_type,
        vocabulary=context.vocabulary,
    )
    if not entry.language:
        entry.language = detect(result.body)
        if not is_supported(entry.language):
            return skip(entry, UNSUPPORTED_REASON)
    if entry.published is not None:
        result.published_source = PublishedSource.FEED
    reason = why_not_relevant(result, context.criteria, context.vocabulary[0])
    article, created = store(result, page, url, context.publisher, reason)
    entry.article = article
    entry.status = EntryStatus.INGESTED if created else EntryStatus.DUPLICATE
    entry.reason = "" if created else "The same article (by its text) is already stored."
    return None


def store(
    result: ExtractionResult, page: FetchedPage, url: str, publisher: str, reason: str
) -> tuple[Article, bool]:
    """Store the article (set aside when ``reason`` says it is not relevant), unless known."""
    try:
        with transaction.atomic():
            outcome = store_article(result, raw=page.content, url=url, publisher=publisher)
            if outcome.created and reason:
                article = outcome.article
                article.relevant, article.relevance_reason = False, reason[:300]
                article._change_reason = "Set aside as not relevant"
                article.save(update_fields=["relevant", "relevance_reason", "updated_at"])
    except IntegrityError:
        # Another poller stored the same article (same address or text) a moment ago.
        existing = find_existing(content_hash(result.body), url)
        if existing is None:
            raise
        return existing, False
    return outcome.article, outcome.created


def known_article(url: str) -> Article | None:
    return Article.objects.filter(url=url).first() if url else None


def skip(entry: SourceEntry, reason: str) -> None:
    entry.status, entry.reason = EntryStatus.SKIPPED, reason


def mark_duplicate(entry: SourceEntry, article: Article) -> None:
    entry.status, entry.article = EntryStatus.DUPLICATE, article
    entry.reason = "The same article (by its address) is already stored."
