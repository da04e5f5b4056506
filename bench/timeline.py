"""Benchmark of the public timeline: server time per request on a realistic synthetic load.

Fills a database with 100,000 confirmed events (plus pending and rejected ones), 200 actors,
20 topics and several mentions per event, then times requests through Django's full stack
(middleware, views, templates) with the test client and reports median, p95 and queries.

    .venv/bin/python bench/timeline.py                       # SQLite, bench/timeline.sqlite3
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/timeline_bench \
        .venv/bin/python bench/timeline.py

The data is kept between runs; ``--refill`` rebuilds it. Not a test: nothing here asserts.
"""

import argparse
import datetime
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DATABASE_URL", f"sqlite:///{ROOT / 'bench' / 'timeline.sqlite3'}")
os.environ.setdefault("SECRET_KEY", "benchmark-only-secret-key-not-for-production-0123456789")
os.environ.setdefault("ALLOWED_HOSTS", "testserver")
os.environ.setdefault("SECURE_SSL_REDIRECT", "0")
os.environ.setdefault("LOG_LEVEL", "WARNING")
# Production settings with plain static files (no collectstatic manifest needed here).
os.environ["DJANGO_SETTINGS_MODULE"] = "tests.settings"

WORDS = [
    "minister",
    "defence",
    "alliance",
    "agreed",
    "delivery",
    "air",
    "missile",
    "systems",
    "brigade",
    "training",
    "joint",
    "exercise",
    "summit",
    "border",
    "cooperation",
    "partners",
    "support",
    "package",
    "ammunition",
    "artillery",
    "drones",
    "radar",
    "frontier",
    "battalion",
    "agreement",
    "signed",
    "talks",
]
RARE_WORD = "himars"  # about one sentence in a hundred: a selective search


def create_postgres_database(url: str) -> None:
    """Create the benchmark database on the server if it does not exist yet."""
    import dj_database_url
    import psycopg
    from psycopg import sql

    config = dj_database_url.parse(url)
    admin = psycopg.connect(
        host=config["HOST"],
        port=config["PORT"] or 5432,
        user=config["USER"],
        password=config["PASSWORD"] or None,
        dbname="postgres",
        autocommit=True,
    )
    with admin:
        exists = admin.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [config["NAME"]]
        ).fetchone()
        if not exists:
            admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(config["NAME"])))


def setup_django() -> None:
    url = os.environ["DATABASE_URL"]
    if url.startswith("postgres"):
        create_postgres_database(url)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def sentence(rng: random.Random, index: int) -> str:
    words = rng.choices(WORDS, k=14)
    if index % 100 == 0:
        words[5] = RARE_WORD
    return f"On {rng.randint(1, 28)} March " + " ".join(words) + "."


def fill(events: int, actors: int, topics: int, mentions: int, seed: int = 4) -> None:
    """Bulk-load the synthetic timeline (bypassing save(), so derived fields are set here)."""
    from django.db import transaction

    from timeline.models import Actor, Article, Event, Mention, Status, Topic, content_hash
    from timeline.periods import Precision

    rng = random.Random(seed)
    Event.objects.all().delete()
    Article.objects.all().delete()
    actor_rows = Actor.objects.bulk_create(
        [Actor(name=f"Bench actor {n}", slug=f"bench-actor-{n}") for n in range(actors)]
    )
    topic_rows = Topic.objects.bulk_create(
        [Topic(name=f"Bench topic {n}", slug=f"bench-topic-{n}") for n in range(topics)]
    )
    # A few actors and topics are far more common than the rest, as in real news.
    actor_weights = [1 / (rank + 1) for rank in range(actors)]
    topic_weights = [1 / (rank + 1) for rank in range(topics)]
    first_day = datetime.date(2014, 1, 1)
    span = (datetime.date(2025, 12, 31) - first_day).days
    total = int(events * 1.1)  # ten per cent pending or rejected
    batch = 5000
    started = time.perf_counter()
    for offset in range(0, total, batch):
        with transaction.atomic():
            size = min(batch, total - offset)
            articles = []
            for n in range(offset, offset + size, mentions * 2):
                body = f"Bench article {n}. " + sentence(rng, n)
                articles.append(
                    Article(
                        title=f"Bench article {n}",
                        url=f"https://news.example.org/{n}",
                        publisher=rng.choice(["UNN", "Reuters", "PAP", "AP", "Ukrinform"]),
                        published=datetime.datetime(2024, 1, 1, tzinfo=datetime.UTC),
                        raw_content=body,
                        body=body,
                        content_hash=content_hash(body),
                    )
                )
            articles = Article.objects.bulk_create(articles)
            new_events = []
            for n in range(offset, offset + size):
                precision = rng.choices(
                    [Precision.DAY, Precision.MONTH, Precision.YEAR], [85, 12, 3]
                )[0]
                day = first_day + datetime.timedelta(days=rng.randrange(span))
                if precision == Precision.MONTH:
                    day = day.replace(day=1)
                elif precision == Precision.YEAR:
                    day = day.replace(month=1, day=1)
                status = Status.CONFIRMED
                if n >= events:
                    status = rng.choice([Status.PENDING, Status.REJECTED])
                event = Event(
                    title=" ".join(rng.choices(WORDS, k=6)).capitalize(),
                    date=day,
                    precision=precision,
                    status=status,
                    confidence=0.8,
                )
                event.period_end = event.compute_period_end()
                new_events.append(event)
            new_events = Event.objects.bulk_create(new_events)
            actor_links, topic_links, new_mentions = [], [], []
            for event in new_events:
                chosen = set(rng.choices(actor_rows, actor_weights, k=rng.randint(1, 4)))
                actor_links += [
                    Event.actors.through(event_id=event.pk, actor_id=a.pk) for a in chosen
                ]
                chosen = set(rng.choices(topic_rows, topic_weights, k=rng.randint(1, 2)))
                topic_links += [
                    Event.topics.through(event_id=event.pk, topic_id=t.pk) for t in chosen
                ]
                for m in range(rng.randint(1, mentions * 2 - 1)):
                    text = sentence(rng, event.pk * 7 + m)
                    new_mentions.append(
                        Mention(
                            event=event,
                            article=rng.choice(articles),
                            sentence=text,
                            start=0,
                            end=len(text),
                            expression=text[: text.index(" March") + 6],
                            expression_start=0,
                            expression_end=text.index(" March") + 6,
                        )
                    )
            Event.actors.through.objects.bulk_create(actor_links)
            Event.topics.through.objects.bulk_create(topic_links)
            Mention.objects.bulk_create(new_mentions)
        print(f"  {offset + size:>7} events ({time.perf_counter() - started:.0f} s)", flush=True)
    analyse()


def analyse() -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def deep_cursor(position: int) -> str:
    """The cursor of the event at ``position`` in the unfiltered, newest-first timeline."""
    from timeline.forms import Cursor
    from timeline.models import Event

    event = Event.objects.public().chronological()[position]
    return str(Cursor(event.date, event.pk))


def scenarios() -> dict[str, tuple[str, dict]]:
    from timeline.models import Actor, Event, Topic

    # A common actor and topic pair, the kind of filter people actually choose.
    actor = Event.objects.public().actor_counts()[0]
    topic = Event.objects.public().for_actors([actor.slug]).topic_counts()[1]
    assert Actor.objects.filter(pk=actor.pk).exists() and Topic.objects.filter(pk=topic.pk)
    htmx = {"HTTP_HX_REQUEST": "true"}
    return {
        "unfiltered page": ("/", {}),
        "actor+topic filter (htmx)": (f"/?actor={actor.slug}&topic={topic.slug}", htmx),
        "text search (htmx)": (f"/?q={RARE_WORD}", htmx),
        "load more at 50,000 (htmx)": (f"/?cursor={deep_cursor(50_000)}", htmx),
        "event permalink": (Event.objects.public().first().get_absolute_url(), {}),
    }


class QueryCounter:
    """Counts the SQL statements a request runs (DEBUG stays off, as in production)."""

    def __init__(self):
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


def measure(repeat: int) -> list[tuple[str, float, float, int]]:
    from django.db import connection
    from django.test import Client

    client = Client()
    results = []
    for name, (url, headers) in scenarios().items():
        counter = QueryCounter()
        with connection.execute_wrapper(counter):
            response = client.get(url, **headers)
        assert response.status_code == 200, (name, response.status_code)
        for _ in range(2):
            client.get(url, **headers)
        timings = []
        for _ in range(repeat):
            started = time.perf_counter()
            client.get(url, **headers)
            timings.append((time.perf_counter() - started) * 1000)
        timings.sort()
        p95 = timings[min(len(timings) - 1, round(0.95 * len(timings)) - 1)]
        results.append((name, statistics.median(timings), p95, counter.count))
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--actors", type=int, default=200)
    parser.add_argument("--topics", type=int, default=20)
    parser.add_argument("--mentions", type=int, default=2, help="Average mentions per event.")
    parser.add_argument("--repeat", type=int, default=40, help="Timed requests per scenario.")
    parser.add_argument("--refill", action="store_true", help="Rebuild the data.")
    args = parser.parse_args()

    setup_django()
    from django.db import connection

    from timeline.models import Event

    if args.refill or Event.objects.public().count() != args.events:
        print(f"Filling {connection.vendor} with {args.events:,} confirmed events…")
        fill(args.events, args.actors, args.topics, args.mentions)
    print(
        f"\n{connection.vendor}: {Event.objects.public().count():,} confirmed events, "
        f"{Event.objects.count():,} in all; {args.repeat} timed requests each\n"
    )
    print(f"{'request':<30} {'median ms':>10} {'p95 ms':>8} {'queries':>8}")
    for name, median, p95, queries in measure(args.repeat):
        print(f"{name:<30} {median:>10.1f} {p95:>8.1f} {queries:>8}")


if __name__ == "__main__":
    main()
