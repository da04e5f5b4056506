"""``manage.py ingest PATH…``: store articles and the events proposed from them."""

import sys
import time
from collections import Counter

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError, connections, transaction

from timeline.bulk import (
    Source,
    SourceError,
    article_paths,
    extract_all,
    parse_published,
    sources_from_path,
)
from timeline.extraction import ExtractionResult
from timeline.ingestion import IngestOutcome, extraction_vocabulary
from timeline.storing import Submission, first_line, store_articles


class Command(BaseCommand):
    help = (
        "Ingest articles: .txt or .html files, folders of them, or JSON Lines files with "
        "url, published and content fields. Each article is cleaned, its events found and "
        "stored for review. Known articles are skipped, so an interrupted run can simply be "
        "started again."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", help="Article files, folders or .jsonl files.")
        parser.add_argument(
            "--published", help="Publication date, YYYY-MM-DD or YYYY-MM-DDTHH:MM (one file)."
        )
        parser.add_argument("--url", default="", help="The article's original URL (one file).")
        parser.add_argument("--publisher", default="", help="The outlet that published it.")
        parser.add_argument(
            "--jobs", type=int, default=1, help="Extraction worker processes (default 1)."
        )
        parser.add_argument(
            "--batch-size", type=int, default=50, help="Articles written per transaction."
        )

    def handle(self, *args, paths, published, url, publisher, jobs, batch_size, **options):
        self.verbosity = options["verbosity"]
        try:
            files = article_paths(paths)
            published_at = parse_published(published)
        except SourceError as error:
            raise CommandError(str(error)) from error
        if (url or published_at) and len(files) > 1:
            raise CommandError("--url and --published describe one article: name a single file.")
        if jobs < 1 or batch_size < 1:
            raise CommandError("--jobs and --batch-size are at least 1.")

        sources, failures = self.read_sources(files, url, published_at, publisher)
        tally = Counter(failed=len(failures))
        for message in failures:
            self.fail(message)
        actors, topics = extraction_vocabulary()
        if jobs > 1:
            release_connections()
        started = time.monotonic()
        batch: list = []
        results = extract_all(sources, actors, topics, jobs=jobs)
        try:
            for done, item in enumerate(results, start=1):
                batch.append(item)
                if len(batch) >= batch_size or done == len(sources):
                    self.store_batch(batch, tally)
                    batch = []
                    self.progress(done, len(sources), started)
        finally:
            # Even when interrupted: what was committed so far is worth knowing.
            self.summarise(tally, started)
        if tally["failed"]:
            total = len(sources) + len(failures)
            raise CommandError(f"{tally['failed']} of {total} article(s) could not be ingested.")

    def read_sources(self, files, url, published, publisher) -> tuple[list[Source], list[str]]:
        sources, failures = [], []
        for path in files:
            try:
                for item in sources_from_path(path):
                    if isinstance(item, SourceError):
                        failures.append(str(item))
                    elif url or published or publisher:
                        sources.append(
                            Source(
                                item.label,
                                item.content,
                                item.content_type,
                                url=url or item.url,
                                published=published or item.published,
                                publisher=publisher or item.publisher,
                            )
                        )
                    else:
                        sources.append(item)
            except SourceError as error:
                failures.append(str(error))
        return sources, failures

    def store_batch(self, batch, tally: Counter) -> None:
        """One transaction per batch, written in a few queries whatever its size
        (timeline.storing): an article that cannot be stored is counted as failed with its
        reason and the others go in. Nothing is reported as stored before the batch commits."""
        submissions = [
            Submission(result, source.content, url=source.url, publisher=source.publisher)
            for source, result in batch
            if isinstance(result, ExtractionResult)
        ]
        try:
            with transaction.atomic():
                stored = iter(store_articles(submissions))
        except DatabaseError as error:
            stored = iter(
                [f"its batch could not be committed ({first_line(error)})"] * len(submissions)
            )
        for source, result in batch:
            # An extraction error is its own reason; the stored come back in the batch's order.
            outcome = next(stored) if isinstance(result, ExtractionResult) else str(result)
            if isinstance(outcome, str):
                tally["failed"] += 1
                self.fail(f"{source.label}: not ingested: {outcome}")
            else:
                tally["new" if outcome.created else "duplicate"] += 1
                tally["events"] += outcome.events.added
                self.report(source, outcome)

    def fail(self, message: str) -> None:
        self.stderr.write(self.style.ERROR(message))

    def report(self, source: Source, outcome: IngestOutcome) -> None:
        if self.verbosity < 1:
            return
        article = outcome.article
        if not outcome.created:
            self.stdout.write(f"{source.label}: already ingested as article {article.pk}.")
            return
        published = article.published.isoformat() if article.published else "unknown"
        self.stdout.write(
            self.style.SUCCESS(
                f"{source.label}: article {article.pk} “{article}”, published {published}, "
                f"{outcome.events.added} event(s) proposed for review."
            )
        )

    def progress(self, done: int, total: int, started: float) -> None:
        if not sys.stderr.isatty() or total < 2:
            return
        rate = done / max(time.monotonic() - started, 1e-9)
        self.stderr.write(f"\r{done}/{total} articles, {rate:.1f}/s", ending="")
        if done == total:
            self.stderr.write("")

    def summarise(self, tally: Counter, started: float) -> None:
        elapsed = time.monotonic() - started
        self.stdout.write(
            f"Done in {elapsed:.1f} s: {tally['new']} new, {tally['duplicate']} duplicate, "
            f"{tally['failed']} failed; {tally['events']} event(s) proposed."
        )


def release_connections() -> None:
    """Close this process's database connections before extraction workers are forked from it
    (bulk.extract_all): a child must not share them. The first write opens a new one. A
    connection inside a transaction (a caller's, such as a test's) is left open: the workers
    never use it and end without closing it."""
    for connection in connections.all(initialized_only=True):
        if not connection.in_atomic_block:
            connection.close()
