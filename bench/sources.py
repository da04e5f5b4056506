"""Polling throughput: 50 sources × 20 entries served on loopback, polled by ``poll_sources``.

    .venv/bin/python bench/sources.py [--sources 50] [--entries 20] [--database-url postgres://…]

Prints, for ``poll_sources --jobs 1/2/4`` (polls in threads of one process, the immediate task
backend) and for two ``db_worker`` processes fed by ``poll_sources`` (the database task backend,
as in production): entries ingested per second in a round where every entry is new, and the time
of the next round, where every feed answers "304 Not Modified".

Uses (and creates) the PostgreSQL database ``timeline_bench_sources`` on 127.0.0.1:5432. The
feeds and pages are served from 127.0.0.1 (allowed through ``FETCH_ALLOW_HOSTS``), all one host,
so the per-host delay is set to 0: it measures our costs, not politeness.
"""

import argparse
import io
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SAMPLES = ROOT / "timeline" / "data" / "sample_articles"
WORKERS = 2
DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
SETTINGS = {
    "FETCH_ALLOW_HOSTS": "127.0.0.1",
    "SOURCE_HOST_DELAY_SECONDS": "0",
    "SOURCE_ENTRIES_PER_POLL": "50",
    "SECRET_KEY": "benchmark-only-secret-key-0123456789-abcdefghijklmnop",
    "DJANGO_SETTINGS_MODULE": "timeline.settings",
    "LOG_LEVEL": "WARNING",
}


def article_page(number: int, samples: list[str]) -> bytes:
    text = samples[number % len(samples)]
    paragraphs = [p for p in text.split("\n\n") if p.strip()][:12]
    unique = (
        f"On {number % 28 + 1} March 2024, Poland's defence minister met his Ukrainian "
        f"counterpart in Rzeszow to discuss air defence (report {number})."
    )
    body = "".join(f"<p>{p}</p>" for p in [*paragraphs[:3], unique, *paragraphs[3:]])
    return (
        f"<!doctype html><html><head><title>Report {number}</title></head><body><article>"
        f"<h1>Report {number}</h1>{body}</article></body></html>"
    ).encode()


def feed_xml(base: str, source: int, entries: int) -> bytes:
    items = "".join(
        f"<item><title>Report {source}-{n}</title><link>{base}/a/{source}/{n}</link>"
        f"<guid>r-{source}-{n}</guid><pubDate>Wed, 20 Mar 2024 {n:02d}:00:00 GMT</pubDate></item>"
        for n in range(entries)
    )
    return (
        f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        f"<title>Outlet {source}</title><link>{base}/</link>{items}</channel></rss>"
    ).encode()


def routes_for(base: str, sources: int, entries: int, run: int) -> dict:
    """Fresh feeds and pages for one run (``run`` makes every article new, and every ETag)."""
    from tests.http_pages import Page

    samples = [p.read_text(encoding="utf-8") for p in sorted(SAMPLES.glob("*.txt"))]
    routes = {}
    for source in range(sources):
        routes[f"/feeds/{source}.xml"] = Page(
            feed_xml(base, source, entries), "application/rss+xml", etag=f'"{run}-{source}"'
        )
        for n in range(entries):
            number = (run * sources + source) * entries + n
            routes[f"/a/{source}/{n}"] = Page(article_page(number, samples))
    return routes


def prepare_database(url: str) -> None:
    import psycopg

    name = url.rsplit("/", 1)[1]
    with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as connection:
        if not connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [name]
        ).fetchone():
            connection.execute(f'CREATE DATABASE "{name}"')


def reset(base: str, sources: int) -> None:
    from django_tasks_db.models import DBTaskResult

    from timeline.models import Article, Event, HostPace, Source

    Event.objects.all().delete()
    Article.objects.all().delete()
    Source.objects.all().delete()
    HostPace.objects.all().delete()
    DBTaskResult.objects.all().delete()
    Source.objects.bulk_create(
        Source(url=f"{base}/feeds/{n}.xml", name=f"Outlet {n}") for n in range(sources)
    )


def make_all_due() -> None:
    from django.utils import timezone

    from timeline.models import Source

    Source.objects.update(next_poll_at=timezone.now())


def round_in_process(jobs: int) -> float:
    from django.core.management import call_command

    started = time.perf_counter()
    call_command("poll_sources", jobs=jobs, stdout=io.StringIO(), stderr=io.StringIO())
    return time.perf_counter() - started


def round_with_workers(sources: int) -> float:
    """Queue a round with ``poll_sources`` and wait until the workers have run every poll."""
    from django.core.management import call_command
    from django.test import override_settings
    from django_tasks_db.models import DBTaskResult

    DBTaskResult.objects.all().delete()
    started = time.perf_counter()
    with override_settings(TASKS=DATABASE_TASKS):
        call_command("poll_sources", verbosity=0)
    deadline = time.monotonic() + 600
    while DBTaskResult.objects.filter(finished_at__isnull=False).count() < sources:
        if time.monotonic() > deadline:
            raise RuntimeError("the workers did not finish within 10 minutes")
        time.sleep(0.05)
    return time.perf_counter() - started


def outcome_counts() -> str:
    from django.db.models import Count

    from timeline.models import Source

    counts = Source.objects.values_list("last_outcome").annotate(n=Count("id"))
    return ", ".join(f"{n} {outcome or 'never'}" for outcome, n in sorted(counts))


def report(label: str, entries: int, first: float, second: float) -> None:
    from timeline.models import Article, SourceEntry

    ingested = SourceEntry.objects.filter(status="ingested").count()
    print(
        f"  {label:<24} new round: {ingested}/{entries} ingested in {first:5.1f} s = "
        f"{ingested / first:5.1f} entries/s;  304 round: {second * 1000:6.0f} ms "
        f"({outcome_counts()}); {Article.objects.count()} articles"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sources", type=int, default=50)
    parser.add_argument("--entries", type=int, default=20)
    parser.add_argument(
        "--database-url", default="postgres://postgres@127.0.0.1:5432/timeline_bench_sources"
    )
    options = parser.parse_args()
    prepare_database(options.database_url)
    os.environ.update(SETTINGS, DATABASE_URL=options.database_url)
    import django

    django.setup()
    from django.core.management import call_command

    from tests.http_pages import serve

    call_command("migrate", verbosity=0)
    total = options.sources * options.entries
    print(
        f"Polling {options.sources} sources × {options.entries} entries on loopback into "
        "PostgreSQL, 2 cores"
    )
    routes: dict = {}
    with serve(routes) as base:
        for run, jobs in enumerate([1, 2, 4]):
            routes.clear()
            routes.update(routes_for(base, options.sources, options.entries, run))
            reset(base, options.sources)
            first = round_in_process(jobs)
            make_all_due()
            report(f"poll_sources --jobs {jobs}", total, first, round_in_process(jobs))
        routes.clear()
        routes.update(routes_for(base, options.sources, options.entries, 3))
        reset(base, options.sources)
        env = {**os.environ, "TASKS_BACKEND": "database"}
        command = [sys.executable, "manage.py", "db_worker", "--interval", "0.05", "-v", "0"]
        workers = [
            subprocess.Popen(
                [*command, "--no-startup-delay"], cwd=ROOT, env=env, stdout=subprocess.DEVNULL
            )
            for _ in range(WORKERS)
        ]
        try:
            first = round_with_workers(options.sources)
            make_all_due()
            report(f"{WORKERS} × db_worker", total, first, round_with_workers(options.sources))
        finally:
            for worker in workers:
                worker.terminate()
            for worker in workers:
                worker.wait(timeout=30)


if __name__ == "__main__":
    main()
