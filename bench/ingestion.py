"""End-to-end ingestion throughput: articles per second through ``manage.py ingest`` into a
real database, with one and two extraction workers.

    .venv/bin/python bench/ingestion.py [--articles 400] [--database-url postgres://…]

By default it uses (and creates) the PostgreSQL database ``timeline_bench_ingest`` on
127.0.0.1:5432; pass ``--database-url sqlite:////tmp/bench.sqlite3`` for SQLite. The corpus is the
sample articles, each copy made unique by a paragraph of its own and moved to a year of its own
(so that copies are not all reports of the same events), written as JSON Lines.
"""

import argparse
import io
import json
import os
import random
import re
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "timeline" / "data" / "sample_articles"

EXTRA_SENTENCES = [
    "On {day} March, Poland's defence minister met his Ukrainian counterpart in Rzeszow.",
    "Two weeks ago, Romania announced it would send a Patriot battery to Ukraine.",
    "In 2023, Slovakia delivered MiG-29 fighter jets to the Ukrainian Air Force.",
    "Last month, NATO allies agreed on a new package of air defence systems.",
    "Zelensky said on Monday that the coalition would help shoot down drones.",
    "Hungary blocked the EU's sanctions package on {day} February, diplomats said.",
]


def make_corpus(count: int, folder: Path) -> Path:
    samples = sorted(SAMPLES.glob("*.txt"))
    rng = random.Random(7)
    path = folder / "corpus.jsonl"
    with path.open("w", encoding="utf-8") as out:
        for number in range(count):
            sample = samples[number % len(samples)]
            extra = " ".join(
                s.format(day=rng.randint(1, 28)) for s in rng.sample(EXTRA_SENTENCES, 3)
            )
            # Each round of copies happens a year earlier than the one before: the copies report
            # events of their own, as a real feed's articles do, rather than each the same six
            # (which the duplicate check at ingest would compare with every other copy).
            years_back = number // len(samples)
            text = shift_years(sample.read_text(encoding="utf-8"), years_back)
            # Inside the article, before the footers the cleaner cuts away.
            cut = text.index("\n\n", len(text) // 3)
            content = f"{text[:cut]}\n\n{extra} (Report {number}.){text[cut:]}"
            published = "2022-10-01T14:41" if "reznikov" in sample.name else "2024-07-20"
            record = {"content": content, "published": shift_years(published, years_back)}
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    return path


def shift_years(text: str, years: int) -> str:
    return re.sub(r"\b(?:19|20)\d\d\b", lambda m: str(int(m.group()) - years), text)


def prepare_database(url: str) -> None:
    if url.startswith("postgres"):
        import psycopg

        name = url.rsplit("/", 1)[1]
        admin_url = url.rsplit("/", 1)[0] + "/postgres"
        with psycopg.connect(admin_url, autocommit=True) as connection:
            exists = connection.execute(
                "SELECT 1 FROM pg_database WHERE datname = %s", [name]
            ).fetchone()
            if not exists:
                connection.execute(f'CREATE DATABASE "{name}"')


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=400)
    parser.add_argument(
        "--database-url", default="postgres://postgres@127.0.0.1:5432/timeline_bench_ingest"
    )
    options = parser.parse_args()

    prepare_database(options.database_url)
    os.environ["DATABASE_URL"] = options.database_url
    os.environ.setdefault("SECRET_KEY", "benchmark-only-secret-key-0123456789-abcdefghijklmnop")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "timeline.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    from timeline.models import Article, Event

    call_command("migrate", verbosity=0)
    engine = "PostgreSQL" if options.database_url.startswith("postgres") else "SQLite"
    print(f"Ingestion into {engine}: {options.articles} articles (JSON Lines), 2 cores")
    with tempfile.TemporaryDirectory() as folder:
        corpus = make_corpus(options.articles, Path(folder))
        for jobs in (1, 2):
            Article.objects.all().delete()
            Event.objects.all().delete()
            started = time.perf_counter()
            call_command("ingest", str(corpus), jobs=jobs, verbosity=0, stdout=io.StringIO())
            elapsed = time.perf_counter() - started
            events = Event.objects.count()
            print(
                f"  --jobs {jobs}: {options.articles / elapsed:7.1f} articles/s "
                f"({elapsed:.1f} s, {events} events stored)"
            )


if __name__ == "__main__":
    main()
