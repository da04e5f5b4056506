"""Duplicate suggestions at scale: what catching duplicates at ingest adds to each article, what
the backfill costs, and the server time of the Possible duplicates page.

    .venv/bin/python bench/duplicates.py [--events 100000] [--articles 100] \
        [--database-url postgres://postgres@127.0.0.1:5432/timeline_bench_dups]

Fills the database with the timeline benchmark's synthetic events (bench/timeline.py: dates over
2014–2025, 1–4 actors each, few actors common, as in real news), tagged with actors of the
starter vocabulary, then:

1. ``manage.py suggest_duplicates`` over all of them (the backfill);
2. the Possible duplicates page, first, middle and last page, through Django's full stack;
3. ingests ``--articles`` copies of the sample articles (bench/ingestion.py's corpus: each
   copy retells the same stories, the worst case for suggestions), or the ``.txt`` articles of
   ``--corpus`` (such as news-dev, real articles of 30 outlets), timing the ingest hook inside
   each ``store_article``.

Not a test: nothing here asserts.
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

# The actors the synthetic events' commonest tags become, most common first.
COMMON_ACTORS = ["ukraine", "russia", "united-states", "nato", "poland", "germany", "france"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--articles", type=int, default=100)
    parser.add_argument(
        "--corpus",
        type=Path,
        help="A folder of .txt articles to ingest instead of copies of the samples (their "
        "publication dates as the extractor finds them).",
    )
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument(
        "--keep", action="store_true", help="Use the events already there (no fill, no backfill)."
    )
    parser.add_argument(
        "--retold", type=float, default=0.03, help="Share of events retelling an earlier one."
    )
    parser.add_argument(
        "--database-url", default="postgres://postgres@127.0.0.1:5432/timeline_bench_dups"
    )
    options = parser.parse_args()
    os.environ["DATABASE_URL"] = options.database_url
    from bench.timeline import fill, setup_django

    setup_django()
    if not options.keep:
        print(f"Filling {options.events:,} confirmed events (+10 % pending or rejected)…")
        fill(options.events, actors=200, topics=20, mentions=2)
        tag_with_starter_actors()
        reword(options.retold)
        backfill()
    page(options.repeat)
    if options.articles:
        ingest(options.articles, options.corpus)


def tag_with_starter_actors() -> None:
    """The starter vocabulary back (the fill empties the actor table), and the synthetic
    events' actors swapped for its actors, commonest for commonest."""
    import importlib

    from django.apps import apps
    from django.db import connection

    from bench.timeline import analyse
    from timeline.models import Actor, Event

    install = importlib.import_module("timeline.migrations.0002_starter_vocabulary")
    bench_actors = list(Actor.objects.order_by("pk").values_list("pk", flat=True))
    install.install_starter_vocabulary(apps, None)
    starter = Actor.objects.exclude(pk__in=bench_actors)
    common = list(starter.filter(slug__in=COMMON_ACTORS).values_list("slug", "pk"))
    ordered = [dict(common)[slug] for slug in COMMON_ACTORS if slug in dict(common)]
    ordered += list(
        starter.exclude(pk__in=ordered).order_by("kind", "pk").values_list("pk", flat=True)
    )
    table = Event.actors.through._meta.db_table
    with connection.cursor() as cursor:
        for bench_actor, real in zip(bench_actors, ordered, strict=False):
            cursor.execute(
                f"UPDATE {table} SET actor_id = %s WHERE actor_id = %s", [real, bench_actor]
            )
    Actor.objects.filter(pk__in=bench_actors).delete()
    analyse()


def reword(retold: float, seed: int = 9) -> None:
    """Words of their own for the synthetic events (the fill's 27-word sentences are all
    alike), drawn Zipf-like from 20,000 made-up words; a share ``retold`` of them retell an
    earlier event of their day instead: its words with two changed, and its actors."""
    import itertools
    import random
    from collections import defaultdict

    from django.db import connection, transaction

    from bench.timeline import analyse
    from timeline.models import Event

    rng = random.Random(seed)
    letters = "abcdefghijklmnopqrstuvwxyz"
    pool = sorted({"".join(rng.choices(letters, k=rng.randint(4, 9))) for _ in range(20_000)})
    # Flatter than Zipf: unrelated texts then score 30–46 (median 36), as unrelated reports do.
    weights = list(itertools.accumulate(1 / (rank + 1) ** 0.7 for rank in range(len(pool))))
    texts, by_date, copies = {}, defaultdict(list), []
    for pk, date in Event.objects.order_by("pk").values_list("pk", "date"):
        earlier = by_date[date]
        if earlier and rng.random() < retold:
            source = rng.choice(earlier)
            words = list(texts[source])
            for position in rng.sample(range(len(words)), 2):
                words[position] = rng.choices(pool, cum_weights=weights)[0]
            copies.append((pk, source))
        else:
            words = rng.choices(pool, cum_weights=weights, k=10)
        texts[pk] = words
        earlier.append(pk)
    links = Event.actors.through._meta.db_table
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("CREATE TEMP TABLE reworded (id bigint, title text, quote text)")
        with cursor.copy("COPY reworded FROM STDIN") as copy:
            for pk, words in texts.items():
                copy.write_row((pk, " ".join(words[:6]).capitalize(), " ".join(words) + "."))
        cursor.execute(
            "UPDATE timeline_event e SET title = r.title, quote_text = r.quote "
            "FROM reworded r WHERE r.id = e.id"
        )
        cursor.execute("CREATE TEMP TABLE retold (id bigint, source bigint)")
        with cursor.copy("COPY retold FROM STDIN") as copy:
            for row in copies:
                copy.write_row(row)
        cursor.execute(
            f"INSERT INTO {links} (event_id, actor_id) SELECT r.id, l.actor_id FROM retold r "
            f"JOIN {links} l ON l.event_id = r.source ON CONFLICT DO NOTHING"
        )
    analyse()
    print(f"Reworded {len(texts):,} events, {len(copies):,} of them retelling an earlier one")


def backfill() -> None:
    from django.core.management import call_command

    from bench.timeline import analyse
    from timeline.models import DuplicateSuggestion

    started = time.perf_counter()
    call_command("suggest_duplicates")
    elapsed = time.perf_counter() - started
    analyse()
    print(f"Backfill: {elapsed:.1f} s, {DuplicateSuggestion.objects.count():,} suggestions stored")


def page(repeat: int) -> None:
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from timeline.duplicates import open_suggestions

    User = get_user_model()
    user = User.objects.filter(username="bench").first() or User.objects.create_superuser(
        "bench", password="bench-only-password"
    )
    client = Client()
    client.force_login(user)
    url = reverse("admin:timeline_event_duplicates")
    pages = max(1, -(-open_suggestions().count() // 25))
    print(f"Possible duplicates page ({pages:,} pages of 25), median / p95 of {repeat} requests:")
    for label, number in [("first", 1), ("middle", pages // 2 or 1), ("last", pages)]:
        timings = []
        for _ in range(repeat):
            started = time.perf_counter()
            with CaptureQueriesContext(connection) as queries:
                response = client.get(url, {"p": number})
            timings.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, response.status_code
        timings.sort()
        p95 = timings[min(len(timings) - 1, int(len(timings) * 0.95))]
        print(
            f"  {label:>6} page (p={number}): {statistics.median(timings):6.1f} / {p95:6.1f} ms, "
            f"{len(queries.captured_queries)} queries"
        )


def ingest(count: int, corpus: Path | None) -> None:
    import json

    from bench.ingestion import make_corpus
    from timeline import ingestion
    from timeline.bulk import parse_published
    from timeline.models import Article, DuplicateSuggestion, Event

    hook_times: list[float] = []
    hook = ingestion.suggest_duplicates

    def timed_hook(article):
        started = time.perf_counter()
        try:
            return hook(article)
        finally:
            hook_times.append(time.perf_counter() - started)

    # A run with --keep starts from the synthetic events alone: articles ingested by an earlier
    # run would be recognised as known and skip the hook.
    earlier = Article.objects.exclude(title__startswith="Bench article")
    Event.objects.filter(mentions__article__in=earlier).delete()
    earlier.delete()
    ingestion.suggest_duplicates = timed_hook
    vocabulary = ingestion.extraction_vocabulary()
    before = DuplicateSuggestion.objects.count()
    if corpus is not None:
        paths = sorted(corpus.glob("*.txt"))[:count]
        records = [{"content": p.read_text(encoding="utf-8"), "published": None} for p in paths]
    else:
        with tempfile.TemporaryDirectory() as folder:
            lines = make_corpus(count, Path(folder)).read_text(encoding="utf-8").splitlines()
        records = [json.loads(line) for line in lines]
    store_times = []
    for record in records:
        result = ingestion.run_extraction(
            record["content"], published=parse_published(record["published"]), vocabulary=vocabulary
        )
        started = time.perf_counter()
        ingestion.store_article(result, raw=record["content"])
        store_times.append(time.perf_counter() - started)
    ingestion.suggest_duplicates = hook
    found = DuplicateSuggestion.objects.count() - before

    def ms(values: list[float]) -> str:
        return (
            f"mean {statistics.mean(values) * 1000:.1f} ms, median "
            f"{statistics.median(values) * 1000:.1f}, max {max(values) * 1000:.1f}"
        )

    print(f"Ingest of {len(records)} articles ({found:,} suggestions):")
    print(f"  store_article per article: {ms(store_times)}")
    print(f"  of which the duplicate hook: {ms(hook_times)}")


if __name__ == "__main__":
    main()
