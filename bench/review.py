"""Benchmark of the review queue: server time per editor action on the timeline benchmark's data.

Uses the data of ``bench/timeline.py`` (a million confirmed events, plus about 55,000 pending and
as many rejected, in articles of several events each) and times, through Django's full stack
with the test client and a logged-in editor, what the queue does for each action: the POST
that records it and the GET (htmx) that shows the next event, in each order and with filters.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/timeline_bench_1m \\
        .venv/bin/python bench/review.py --events 1000000

The data is filled by ``bench/timeline.py``'s code when missing (about 3 minutes at a million);
the actions use up some of the pending events (confirmed, rejected), so results drift slowly
from run to run; ``--refill`` starts again. Not a test: nothing here asserts.
"""

import argparse
import importlib.util
import statistics
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
# bench/timeline.py shares its name with the app's package: loaded under another name.
_spec = importlib.util.spec_from_file_location("bench_timeline", BENCH / "timeline.py")
bench_timeline = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(bench_timeline)

QUEUE = "/admin/timeline/event/queue/"
HTMX = {"HTTP_HX_REQUEST": "true", "HTTP_HX_TARGET": "review"}


def editor_client():
    from django.contrib.auth import get_user_model
    from django.test import Client

    from tests.factories import make_user

    user = get_user_model().objects.filter(username="bench-editor").first()
    client = Client()
    client.force_login(user or make_user("bench-editor"))
    return client


def timed(client, method: str, url: str, data=None, headers=None) -> tuple[float, int, object]:
    from django.db import connection

    counter = bench_timeline.QueryCounter()
    with connection.execute_wrapper(counter):
        started = time.perf_counter()
        if method == "post":
            response = client.post(url, data, **(headers or {}))
        else:
            response = client.get(url, **(headers or {}))
        elapsed = (time.perf_counter() - started) * 1000
    assert response.status_code in (200, 303), (url, response.status_code)
    return elapsed, counter.count, response


def first_pending(query: str = ""):
    from timeline.models import Event
    from timeline.reviewing import QueueView

    view = QueueView.from_query(dict(pair.split("=") for pair in query.split("&") if pair))
    return Event.objects.filter(pk=view.events().values_list("pk", flat=True)[:1]).first()


def action(client, kind: str, query: str = "") -> tuple[float, int, float, int]:
    """One action on the first event of the queue as filtered: the POST, then the next event
    as htmx asks for it (the redirect's target). Returns ms and queries of each."""
    from tests.factories import queue_form

    event = first_pending(query)
    url = f"{QUEUE}?{query}" if query else QUEUE
    data = {"confirm": queue_form(event)}.get(kind) or {
        "event": event.pk,
        "version": event.version,
        "action": kind,
        "reason": "1",
    }
    post_ms, post_queries, response = timed(client, "post", url, data, HTMX)
    get_ms, get_queries, _ = timed(client, "get", response["Location"], headers=HTMX)
    return post_ms, post_queries, get_ms, get_queries


def report(name: str, rows: list[tuple]) -> None:
    post = [row[0] for row in rows]
    get = [row[2] for row in rows]
    total = [row[0] + row[2] for row in rows]
    print(
        f"{name:<38} {statistics.median(post):>8.1f} {statistics.median(get):>8.1f} "
        f"{statistics.median(total):>8.1f} {bench_timeline.percentile(total, 0.95):>8.1f} "
        f"{rows[0][1]:>5}+{rows[0][3]:<3}"
    )


def page(client, name: str, url: str, repeat: int, headers=None) -> None:
    timed(client, "get", url, headers=headers)
    rows = [timed(client, "get", url, headers=headers) for _ in range(repeat)]
    times = [row[0] for row in rows]
    print(
        f"{name:<38} {'':>8} {statistics.median(times):>8.1f} {statistics.median(times):>8.1f} "
        f"{bench_timeline.percentile(times, 0.95):>8.1f} {rows[0][1]:>9}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=20, help="Timed actions per scenario.")
    parser.add_argument("--refill", action="store_true", help="Rebuild the data.")
    args = parser.parse_args()

    bench_timeline.setup_django()
    from django.db import connection

    from timeline.models import Actor, Event

    if args.refill or Event.objects.public().count() < args.events * 0.99:
        print(f"Filling {connection.vendor} with {args.events:,} confirmed events…")
        bench_timeline.fill(args.events, 200, 20, 2)
    client = editor_client()
    pending = Event.objects.awaiting_review().count()
    print(
        f"\n{connection.vendor}: {Event.objects.count():,} events, {pending:,} waiting for "
        f"review; {args.repeat} actions each (server time, ms; queries POST+GET)\n"
    )
    print(f"{'':<38} {'POST':>8} {'GET':>8} {'action':>8} {'p95':>8} {'queries':>9}")
    page(client, "admin home (pending count)", "/admin/", args.repeat)
    page(client, "queue page, first event", QUEUE, args.repeat)
    actor = Actor.objects.order_by("pk").first()
    outlet = "Reuters"
    scenarios = {
        "confirm, by article": ("confirm", ""),
        "reject with a reason, by article": ("reject", ""),
        "skip, by article": ("skip", ""),
        "confirm, newest first": ("confirm", "order=newest"),
        "confirm, lowest confidence first": ("confirm", "order=confidence"),
        "confirm, needs a date first": ("confirm", "order=needs-date"),
        f"confirm, actor filter ({actor.slug})": ("confirm", f"actor={actor.slug}"),
        f"confirm, outlet filter ({outlet})": ("confirm", f"outlet={outlet}"),
    }
    for name, (kind, query) in scenarios.items():
        action(client, kind, query)  # warm
        report(name, [action(client, kind, query) for _ in range(args.repeat)])


if __name__ == "__main__":
    main()
