"""Benchmark of the public timeline: server time per request on a realistic synthetic load.

Fills a database with 100,000 confirmed events (plus pending and rejected ones), 200 actors,
20 topics and several mentions per event, then times requests through Django's full stack
(middleware, views, templates) with the test client and reports median, p95 and queries.

    .venv/bin/python bench/timeline.py                       # SQLite, bench/timeline.sqlite3
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/timeline_bench \
        .venv/bin/python bench/timeline.py
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/timeline_bench_1m \
        .venv/bin/python bench/timeline.py --events 1000000      # about 3 minutes to fill

The data is kept between runs; ``--refill`` rebuilds it. Timings are of warm requests (counts
cached) unless a scenario says otherwise: "right after a confirm" has an editor's decision
before each request, "common-word search, cold" empties the cache before each; ``--cold``
empties it before every request of every scenario. "SQL ms" is the time spent waiting for the
database. Last, ``--burst`` readers (6), each a process with its own connection, ask for the
home page at the same moment right after a confirmation, sharing the cache when
``--cache-url`` names a Redis (as gunicorn's workers do):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/timeline_bench \
        .venv/bin/python bench/timeline.py --burst-only --cache-url redis://127.0.0.1:6379/13

Not a test: nothing here asserts.
"""

import argparse
import contextlib
import datetime
import multiprocessing
import os
import random
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
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


ARTICLE_COLUMNS = [
    "id",
    "title",
    "url",
    "publisher",
    "published",
    "published_source",
    "language",
    "relevant",
    "relevance_reason",
    "raw_content",
    "body",
    "content_hash",
    "extractor_version",
    "created_at",
    "updated_at",
]
EVENT_COLUMNS = [
    "id",
    "title",
    "date",
    "precision",
    "period_end",
    "timex",
    "implicit_date",
    "target_precision",
    "candidate_actors",
    "status",
    "rejection_reason",
    "confidence",
    "extractor_version",
    "quote_text",
    "queue_published",
    "queue_article",
    "queue_offset",
    "created_at",
    "updated_at",
]
LINK_COPIES = ["date", "period_end", "status"]
ACTOR_LINK_COLUMNS = ["event_id", "actor_id", *LINK_COPIES]
TOPIC_LINK_COLUMNS = ["event_id", "topic_id", *LINK_COPIES]
MENTION_COLUMNS = [
    "id",
    "event_id",
    "article_id",
    "sentence",
    "start",
    "end",
    "expression",
    "expression_start",
    "expression_end",
    "created_at",
]


class RowWriter:
    """Writes plain rows to a table: COPY on PostgreSQL (a million events in minutes, not
    hours), executemany elsewhere."""

    def __init__(self, connection):
        self.connection = connection

    def write(self, table: str, columns: list[str], rows: list[tuple]) -> None:
        quote = self.connection.ops.quote_name
        names = ", ".join(quote(column) for column in columns)
        if self.connection.vendor == "postgresql":
            raw = self.connection.connection
            with (
                raw.cursor() as cursor,
                cursor.copy(f"COPY {quote(table)} ({names}) FROM STDIN") as copy,
            ):
                for row in rows:
                    copy.write_row(row)
            return
        marks = ", ".join(["%s"] * len(columns))
        with self.connection.cursor() as cursor:
            cursor.executemany(f"INSERT INTO {quote(table)} ({names}) VALUES ({marks})", rows)


def empty_tables(connection, tables: list[str]) -> None:
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"TRUNCATE {', '.join(quote(t) for t in tables)} CASCADE")
        else:
            for table in tables:
                cursor.execute(f"DELETE FROM {quote(table)}")


def event_day(rng: random.Random, first_day: datetime.date, span: int):
    from timeline.periods import Precision

    precision = rng.choices([Precision.DAY, Precision.MONTH, Precision.YEAR], [85, 12, 3])[0]
    day = first_day + datetime.timedelta(days=rng.randrange(span))
    if precision == Precision.MONTH:
        day = day.replace(day=1)
    elif precision == Precision.YEAR:
        day = day.replace(month=1, day=1)
    return day, precision


def fill(events: int, actors: int, topics: int, mentions: int, seed: int = 4) -> None:
    """Load the synthetic timeline as plain rows with explicit ids (no save(), no signals, so
    the derived fields, period_end and quote_text, are set here), in committed batches."""
    from django.core.management.color import no_style
    from django.db import connection, transaction

    from timeline import tallies
    from timeline.models import (
        Actor,
        ActorAlias,
        Article,
        Event,
        EventMerge,
        Mention,
        Status,
        Topic,
        TopicKeyword,
        content_hash,
    )
    from timeline.periods import last_day

    rng = random.Random(seed)
    links = [Event.actors.through, Event.topics.through]
    models = [Actor, Topic, Article, Event, Mention, *links]
    dependents = [EventMerge, ActorAlias, TopicKeyword]
    empty_tables(connection, [m._meta.db_table for m in [*dependents, *reversed(models)]])
    actor_rows = Actor.objects.bulk_create(
        [Actor(name=f"Bench actor {n}", slug=f"bench-actor-{n}") for n in range(actors)]
    )
    topic_rows = Topic.objects.bulk_create(
        [Topic(name=f"Bench topic {n}", slug=f"bench-topic-{n}") for n in range(topics)]
    )
    actor_ids = [row.pk for row in actor_rows]
    topic_ids = [row.pk for row in topic_rows]
    # A few actors and topics are far more common than the rest, as in real news.
    actor_weights = [1 / (rank + 1) for rank in range(actors)]
    topic_weights = [1 / (rank + 1) for rank in range(topics)]
    first_day = datetime.date(2014, 1, 1)
    span = (datetime.date(2025, 12, 31) - first_day).days
    now = datetime.datetime(2025, 12, 31, tzinfo=datetime.UTC)
    published = datetime.datetime(2024, 1, 1, tzinfo=datetime.UTC)
    total = int(events * 1.1)  # ten per cent pending or rejected
    writer = RowWriter(connection)
    batch = 20_000
    mention_id = 0
    started = time.perf_counter()
    for offset in range(0, total, batch):
        size = min(batch, total - offset)
        articles = []
        for n in range(offset, offset + size, mentions * 2):
            body = f"Bench article {n}. " + sentence(rng, n)
            publisher = rng.choice(["UNN", "Reuters", "PAP", "AP", "Ukrinform"])
            url = f"https://news.example.org/{n}"
            articles.append(
                (
                    n + 1,
                    f"Bench article {n}",
                    url,
                    publisher,
                    published,
                    "",
                    "en",
                    True,
                    "",
                    body,
                    body,
                    content_hash(body),
                    "",
                    now,
                    now,
                )
            )
        event_rows, mention_rows, actor_links, topic_links = [], [], [], []
        for n in range(offset, offset + size):
            pk = n + 1
            day, precision = event_day(rng, first_day, span)
            status = (
                Status.CONFIRMED if n < events else rng.choice([Status.PENDING, Status.REJECTED])
            )
            quotes, quoted_articles = [], []
            for m in range(rng.randint(1, mentions * 2 - 1)):
                text = sentence(rng, pk * 7 + m)
                expression_end = text.index(" March") + 6
                mention_id += 1
                article = rng.choice(articles)[0]
                mention_rows.append(
                    (
                        mention_id,
                        pk,
                        article,
                        text,
                        0,
                        len(text),
                        text[:expression_end],
                        0,
                        expression_end,
                        now,
                    )
                )
                quotes.append(text)
                quoted_articles.append(article)
            title = " ".join(rng.choices(WORDS, k=6)).capitalize()
            event_rows.append(
                (
                    pk,
                    title,
                    day,
                    str(precision),
                    last_day(day, precision),
                    "",
                    False,
                    "",
                    "[]",
                    str(status),
                    "",
                    0.8,
                    "",
                    "\n".join(quotes),
                    published,  # the review queue's keys (EventQuerySet.refresh_queue_keys)
                    min(quoted_articles),
                    0,
                    now,
                    now,
                )
            )
            copies = (day, last_day(day, precision), str(status))
            for actor in set(rng.choices(actor_ids, actor_weights, k=rng.randint(1, 4))):
                actor_links.append((pk, actor, *copies))
            for topic in set(rng.choices(topic_ids, topic_weights, k=rng.randint(1, 2))):
                topic_links.append((pk, topic, *copies))
        with transaction.atomic(), triggers_off(connection):
            writer.write(
                Article._meta.db_table,
                ARTICLE_COLUMNS,
                articles,
            )
            writer.write(
                Event._meta.db_table,
                EVENT_COLUMNS,
                event_rows,
            )
            writer.write(Event.actors.through._meta.db_table, ACTOR_LINK_COLUMNS, actor_links)
            writer.write(Event.topics.through._meta.db_table, TOPIC_LINK_COLUMNS, topic_links)
            writer.write(
                Mention._meta.db_table,
                MENTION_COLUMNS,
                mention_rows,
            )
        done = offset + size
        print(f"  {done:>9,} events ({time.perf_counter() - started:.0f} s)", flush=True)
    with connection.cursor() as cursor:
        for statement in connection.ops.sequence_reset_sql(no_style(), models):
            cursor.execute(statement)
    tallies.rebuild()
    analyse()


@contextlib.contextmanager
def triggers_off(connection):
    """PostgreSQL: no triggers while the rows are copied in (the links carry their copies of
    the event's date and status already, and the tallies are recounted once at the end), so
    that a million events still load in minutes. Needs a superuser, as the bench runs."""
    if connection.vendor != "postgresql":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL session_replication_role = replica")
    yield


def analyse() -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # Set the visibility map too, so that index-only scans skip the heap.
            cursor.execute("VACUUM ANALYZE")
        else:
            cursor.execute("ANALYZE")


def deep_cursor(position: int) -> str:
    """The cursor of the event at ``position`` in the unfiltered, newest-first timeline."""
    from timeline.filters import Cursor
    from timeline.models import Event

    event = Event.objects.public().chronological()[position]
    return str(Cursor(event.date, event.pk))


COMMON_WORD = "missile"  # in about half the sentences: a search that matches most events


@dataclass
class Scenario:
    url: str
    headers: dict = field(default_factory=dict)
    # Run before each timed request, untimed: what happened just before the reader came.
    prepare: Callable[[], None] | None = None
    cold: bool = False  # empty the count cache before each request


def reconfirm(event_id: int) -> Callable[[], None]:
    """An editor's decision as the admin saves it: the event goes back to pending and is
    confirmed again, so that each timed request comes right after a confirmation."""
    from timeline.models import REVIEW_FIELDS, Event, Status

    def decide() -> None:
        event = Event.objects.get(pk=event_id)
        for status in (Status.PENDING, Status.CONFIRMED):
            event.review(status, None)
            event.save(update_fields=REVIEW_FIELDS)

    return decide


def long_tail_actor(share: float = 0.003):
    """The actor whose confirmed events are closest to ``share`` of all (2–4k at a million)."""
    from timeline.counting import with_event_counts
    from timeline.models import Actor, Event

    public = Event.objects.public().count()
    rows = with_event_counts(Event.objects.public(), Actor)
    return min(rows, key=lambda row: abs(row.event_count - share * public))


def scenarios() -> dict[str, Scenario]:
    from timeline.counting import with_event_counts
    from timeline.models import Actor, Event, Topic

    # A common actor and topic pair, the kind of filter people actually choose.
    actor = with_event_counts(Event.objects.public(), Actor)[0]
    topic = with_event_counts(Event.objects.public().for_actors([actor.slug]), Topic)[1]
    assert Actor.objects.filter(pk=actor.pk).exists() and Topic.objects.filter(pk=topic.pk)
    rare = long_tail_actor()
    confirmed = Event.objects.public().order_by("-date", "-id").values_list("pk", flat=True)[0]
    htmx = {"HTTP_HX_REQUEST": "true", "HTTP_HX_TARGET": "results"}
    more = {"HTTP_HX_REQUEST": "true", "HTTP_HX_TARGET": "load-more"}
    public = Event.objects.public().count()
    return {
        "unfiltered page": Scenario("/"),
        "actor+topic filter (htmx)": Scenario(f"/?actor={actor.slug}&topic={topic.slug}", htmx),
        "text search (htmx)": Scenario(f"/?q={RARE_WORD}", htmx),
        "load more halfway (htmx)": Scenario(f"/?cursor={deep_cursor(public // 2)}", more),
        "event permalink": Scenario(Event.objects.public().first().get_absolute_url()),
        # The chart's first request spans the whole timeline: capped at 500 events.
        "chart, whole span": Scenario("/chart.json?start=1990-01-01&end=2030-12-31"),
        "chart, one year, actor": Scenario(
            f"/chart.json?actor={actor.slug}&start=2022-01-01&end=2022-12-31"
        ),
        "right after a confirm": Scenario("/", prepare=reconfirm(confirmed)),
        "actor+topic after a confirm": Scenario(
            f"/?actor={actor.slug}&topic={topic.slug}", htmx, prepare=reconfirm(confirmed)
        ),
        "commonest actor after a confirm": Scenario(
            f"/?actor={actor.slug}", htmx, prepare=reconfirm(confirmed)
        ),
        "a topic after a confirm": Scenario(
            f"/?topic={topic.slug}", htmx, prepare=reconfirm(confirmed)
        ),
        f"long-tail actor ({rare.event_count:,})": Scenario(rare.get_absolute_url()),
        "rare+common actors (htmx)": Scenario(f"/?actor={rare.slug}&actor={actor.slug}", htmx),
        "common-word search, cold": Scenario(f"/?q={COMMON_WORD}", htmx, cold=True),
    }


class QueryCounter:
    """Counts the SQL statements a request runs (DEBUG stays off, as in production), and the
    time spent waiting for them: on a machine shared with other work, the part of a request's
    time that is the database's."""

    def __init__(self):
        self.count = 0
        self.seconds = 0.0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.seconds += time.perf_counter() - started


def percentile(timings: list[float], fraction: float) -> float:
    timings = sorted(timings)
    return timings[min(len(timings) - 1, round(fraction * len(timings)) - 1)]


def measure(
    repeat: int, cold: bool = False, only: str = ""
) -> list[tuple[str, float, float, float, int]]:
    """Median and p95 ms and queries per scenario; ``cold`` empties the cache before each
    request, so that facet counts and density are computed every time."""
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client

    client = Client()
    results = []
    for name, scenario in scenarios().items():
        if only not in name:
            continue
        url, headers = scenario.url, scenario.headers
        counter = QueryCounter()
        with connection.execute_wrapper(counter):
            response = client.get(url, **headers)
        assert response.status_code == 200, (name, response.status_code)
        for _ in range(2):
            client.get(url, **headers)
        timings, database = [], []
        for _ in range(repeat):
            if scenario.prepare:
                scenario.prepare()
            if cold or scenario.cold:
                cache.clear()
            sql = QueryCounter()
            started = time.perf_counter()
            with connection.execute_wrapper(sql):
                client.get(url, **headers)
            timings.append((time.perf_counter() - started) * 1000)
            database.append(sql.seconds * 1000)
        median, p95 = statistics.median(timings), percentile(timings, 0.95)
        results.append((name, median, p95, statistics.median(database), counter.count))
    return results


def read_home_page(start, waits) -> None:
    """One reader of the burst, in a process of its own (as a gunicorn worker is)."""
    from django.db import connection, connections
    from django.test import Client

    client = Client()
    sql = QueryCounter()
    start.wait()
    began = time.perf_counter()
    with connection.execute_wrapper(sql):
        client.get("/")
    waits.put(((time.perf_counter() - began) * 1000, sql.seconds * 1000))
    connections.close_all()


def burst_after_confirm(readers: int, rounds: int) -> list[tuple[float, float]]:
    """``readers`` processes, each with its own database connection, ask for the home page at
    the same moment right after a confirmation; returns each round's slowest wait and slowest
    time waiting for the database (ms). They share the cache only when ``--cache-url`` names a
    Redis, as gunicorn's workers would."""
    from django.db import connections

    decide = scenarios()["right after a confirm"].prepare
    forking = multiprocessing.get_context("fork")
    worst = []
    for _ in range(rounds):
        decide()
        connections.close_all()  # each process opens its own
        start, waits = forking.Barrier(readers), forking.Queue()
        processes = [
            forking.Process(target=read_home_page, args=(start, waits)) for _ in range(readers)
        ]
        for process in processes:
            process.start()
        for process in processes:
            process.join()
        results = [waits.get() for _ in processes]
        worst.append((max(wait for wait, _ in results), max(sql for _, sql in results)))
    return worst


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--actors", type=int, default=200)
    parser.add_argument("--topics", type=int, default=20)
    parser.add_argument("--mentions", type=int, default=2, help="Average mentions per event.")
    parser.add_argument("--repeat", type=int, default=40, help="Timed requests per scenario.")
    parser.add_argument("--refill", action="store_true", help="Rebuild the data.")
    parser.add_argument(
        "--cold", action="store_true", help="Empty the count cache before every request."
    )
    parser.add_argument(
        "--burst",
        type=int,
        default=6,
        metavar="READERS",
        help="Readers asking for the home page at once right after a confirm (0: skip).",
    )
    parser.add_argument(
        "--cache-url",
        help="A Redis for the cache (redis://127.0.0.1:6379/13), shared by the burst's readers.",
    )
    parser.add_argument(
        "--burst-only", action="store_true", help="Time the burst after a confirm only."
    )
    parser.add_argument(
        "--only", default="", metavar="TEXT", help="Time the scenarios whose name has TEXT."
    )
    args = parser.parse_args()
    if args.cache_url:
        os.environ["CACHE_URL"] = args.cache_url

    setup_django()
    from django.db import connection

    from timeline.models import Event

    if args.refill or Event.objects.public().count() != args.events:
        print(f"Filling {connection.vendor} with {args.events:,} confirmed events…")
        fill(args.events, args.actors, args.topics, args.mentions)
    print(
        f"\n{connection.vendor}: {Event.objects.public().count():,} confirmed events, "
        f"{Event.objects.count():,} in all; {args.repeat} timed requests each"
        f"{', count cache emptied before each' if args.cold else ''}\n"
    )
    print(f"{'request':<34} {'median ms':>10} {'p95 ms':>8} {'SQL ms':>8} {'queries':>8}")
    for name, median, p95, sql, queries in (
        [] if args.burst_only else measure(args.repeat, args.cold, args.only)
    ):
        print(f"{name:<34} {median:>10.1f} {p95:>8.1f} {sql:>8.1f} {queries:>8}")
    if args.burst:
        rounds = burst_after_confirm(args.burst, rounds=max(3, args.repeat // 4))
        waits, database = [wait for wait, _ in rounds], [sql for _, sql in rounds]
        print(
            f"\n{args.burst} readers at once right after a confirm, slowest wait per round: "
            f"median {statistics.median(waits):.0f} ms, worst {max(waits):.0f} ms; "
            f"slowest SQL time per round: median {statistics.median(database):.0f} ms"
        )


if __name__ == "__main__":
    main()
