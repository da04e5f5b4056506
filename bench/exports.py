"""Benchmark of the downloads: time, size, queries and peak Python memory of a full CSV, JSON and
TimelineJS export, and of a sixth of it, through Django's full stack (test client, streamed body
read to the end).

Needs the database filled by bench/timeline.py (100,000 confirmed events by default):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/timeline_bench .venv/bin/python bench/exports.py

Peak memory is traced (tracemalloc) in a second, untimed pass: constant memory means the full
export peaks no higher than the small one. Not a test: nothing here asserts.
"""

import argparse
import os
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(os.environ.get("BENCH_ROOT", Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(ROOT))
os.environ.setdefault("SECRET_KEY", "benchmark-only-secret-key-not-for-production-0123456789")
os.environ.setdefault("LOG_LEVEL", "WARNING")
os.environ.setdefault("EXPORT_RATE_LIMIT", "10000/m")
os.environ["DJANGO_SETTINGS_MODULE"] = "tests.settings"

DOWNLOADS = ["/export.csv", "/export.json", "/export.timelinejs.json"]


def stream(client, url: str) -> tuple[int, int]:
    """Bytes of the body and status, reading the stream to its end as a client would."""
    response = client.get(url)
    size = sum(len(chunk) for chunk in response.streaming_content)
    response.close()
    return size, response.status_code


def measure(client, url: str) -> dict:
    from django.db import connection

    queries = []

    def count(execute, sql, params, many, context):
        queries.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        started = time.perf_counter()
        size, status = stream(client, url)
        elapsed = time.perf_counter() - started
    tracemalloc.start()
    stream(client, url)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return {
        "status": status,
        "seconds": elapsed,
        "megabytes": size / 1e6,
        "queries": len(queries),
        "peak_mib": peak / 2**20,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--small", default="from=2024", help="Query string of the small export.")
    args = parser.parse_args()
    if not os.environ.get("DATABASE_URL"):
        raise SystemExit("Set DATABASE_URL to the database bench/timeline.py filled.")
    import django

    django.setup()
    from django.test import Client

    from timeline.models import Event

    client = Client()
    total = Event.objects.public().count()
    print(f"{total:,} confirmed events; code from {ROOT}\n")
    print(f"{'download':<38} {'s':>6} {'MB':>7} {'queries':>8} {'peak MiB':>9}")
    for url in DOWNLOADS:
        for label, query in [("all", ""), (args.small, f"?{args.small}")]:
            figures = measure(client, url + query)
            name = f"{url} ({label})"
            print(
                f"{name:<38} {figures['seconds']:>6.1f} {figures['megabytes']:>7.1f} "
                f"{figures['queries']:>8} {figures['peak_mib']:>9.1f}"
                + ("" if figures["status"] == 200 else f"  status {figures['status']}")
            )


if __name__ == "__main__":
    main()
