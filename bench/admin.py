"""Server time of the editors' event list (the admin's review queue) through Django's full
stack, on the synthetic timeline of bench/timeline.py.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/timeline_bench_admin \\
        .venv/bin/python bench/admin.py [--events 100000] [--repeat 20] [--refill]

The data (confirmed events plus 10 % pending or rejected, 200 actors, 20 topics, about two
mentions each) is filled once and kept between runs, as bench/timeline.py does.
"""

import argparse
import importlib.util
import statistics
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# bench/timeline.py shares its name with the app's package: load it by path.
_spec = importlib.util.spec_from_file_location("bench_timeline", ROOT / "bench" / "timeline.py")
bench_timeline = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(bench_timeline)

LIST = "/admin/timeline/event/"


def scenarios() -> dict[str, str]:
    from timeline.models import Actor, Article

    actor = Actor.objects.order_by("pk").values_list("pk", flat=True).first()
    article = Article.objects.order_by("-pk").values_list("pk", flat=True).first()
    return {
        "review queue (pending), page 1": LIST,
        "all statuses, page 1": f"{LIST}?status=all",
        "all statuses, page 200": f"{LIST}?status=all&p=200",
        "confirmed, one actor": f"{LIST}?status=confirmed&actor={actor}",
        "one article": f"{LIST}?status=all&article={article}",
        "search 'himars'": f"{LIST}?status=all&q=himars",
    }


class QueryCounter(list):
    def __call__(self, execute, sql, params, many, context):
        self.append(sql)
        return execute(sql, params, many, context)


def measure(repeat: int) -> list[tuple[str, float, float, int]]:
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client

    user, _ = get_user_model().objects.get_or_create(
        username="bench-admin", defaults={"is_staff": True, "is_superuser": True}
    )
    client = Client()
    client.force_login(user)
    rows = []
    for name, url in scenarios().items():
        # Counted by a wrapper: the request's start empties Django's own query log.
        queries = QueryCounter()
        with connection.execute_wrapper(queries):
            response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        timings = []
        for _ in range(repeat):
            started = time.perf_counter()
            client.get(url)
            timings.append((time.perf_counter() - started) * 1000)
        timings.sort()
        p95 = timings[min(len(timings) - 1, int(len(timings) * 0.95))]
        rows.append((name, statistics.median(timings), p95, len(queries)))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=20, help="Timed requests per scenario.")
    parser.add_argument("--refill", action="store_true", help="Rebuild the data.")
    args = parser.parse_args()

    bench_timeline.setup_django()
    from django.db import connection

    from timeline.models import Event

    if args.refill or Event.objects.public().count() != args.events:
        print(f"Filling {connection.vendor} with {args.events:,} confirmed events…")
        bench_timeline.fill(args.events, 200, 20, 2)
    print(
        f"\n{connection.vendor}: {Event.objects.count():,} events "
        f"({Event.objects.awaiting_review().count():,} awaiting review); "
        f"{args.repeat} timed requests each\n"
    )
    print(f"{'admin event list':<34} {'median ms':>10} {'p95 ms':>8} {'queries':>8}")
    for name, median, p95, queries in measure(args.repeat):
        print(f"{name:<34} {median:>10.1f} {p95:>8.1f} {queries:>8}")


if __name__ == "__main__":
    main()
