"""Load test of the public timeline: gunicorn with the production settings on loopback, driven
by concurrent keep-alive clients with a mix of timeline requests.

Needs a filled benchmark database (see bench/timeline.py) and nothing else: the clients are
threads of this script using the standard library's http.client, so no wrk or locust to
install. Bounded twice: it stops after ``--duration`` seconds or ``--requests`` requests,
whichever comes first, then stops gunicorn.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/timeline_bench \\
        .venv/bin/python bench/loadtest.py --duration 30 --clients 8

Only ever binds and connects to 127.0.0.1. Not a test: nothing here asserts.
"""

import argparse
import http.client
import os
import random
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"
SEARCH_WORDS = ["himars", "summit", "air defence", "ammunition or drones", '"joint exercise"']


def production_environment(database_url: str, static_root: Path, settings_dir: Path) -> dict:
    """The production settings (DEBUG off, manifest static files) with a temporary STATIC_ROOT."""
    (settings_dir / "loadtest_settings.py").write_text(
        f"from timeline.settings import *  # noqa: F403\nSTATIC_ROOT = {str(static_root)!r}\n"
    )
    environ = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DEBUG", "DJANGO_SETTINGS_MODULE"}
    }
    environ.update(
        DATABASE_URL=database_url,
        SECRET_KEY="load-test-only-secret-key-not-for-production-0123456789abcdef",
        ALLOWED_HOSTS=HOST,
        SECURE_SSL_REDIRECT="0",
        LOG_LEVEL="WARNING",
        DJANGO_SETTINGS_MODULE="loadtest_settings",
        PYTHONPATH=os.pathsep.join([str(settings_dir), str(ROOT)]),
    )
    return environ


def start_gunicorn(environ: dict, port: int, workers: int, threads: int) -> subprocess.Popen:
    python = Path(sys.executable)
    subprocess.run(
        [python, ROOT / "manage.py", "collectstatic", "--noinput", "-v", "0"],
        env=environ,
        check=True,
        cwd=ROOT,
    )
    # gthread workers keep connections alive, as behind a proxy; sync workers would not.
    command = [
        *(python.parent / "gunicorn", "timeline.wsgi:application", "--bind", f"{HOST}:{port}"),
        *("--workers", str(workers), "--threads", str(threads), "--worker-class", "gthread"),
        *("--keep-alive", "30", "--log-level", "warning"),
    ]
    server = subprocess.Popen(command, env=environ, cwd=ROOT)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            connection = http.client.HTTPConnection(HOST, port, timeout=2)
            connection.request("GET", "/healthz")
            if connection.getresponse().status == 200:
                return server
        except OSError:
            pass
        time.sleep(0.3)
    server.terminate()
    raise SystemExit("gunicorn did not answer /healthz within 30 seconds")


def request_mix(database_url: str, seed: int) -> list[tuple[str, str, dict]]:
    """A shuffled pool of (kind, path, headers) drawn from the benchmark data."""
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("SECRET_KEY", "load-test-only-secret-key-not-for-production-0123")
    os.environ["DJANGO_SETTINGS_MODULE"] = "tests.settings"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from timeline.counting import with_event_counts
    from timeline.filters import Cursor
    from timeline.models import Actor, Event, Topic

    rng = random.Random(seed)
    htmx = {"HX-Request": "true", "HX-Target": "results"}
    more = {"HX-Request": "true", "HX-Target": "load-more"}
    public = Event.objects.public()
    actors = list(with_event_counts(public, Actor)[:6])
    topics = list(with_event_counts(public, Topic)[:4])
    total = public.count()
    ids = list(public.order_by("?").values_list("pk", flat=True)[:200])
    cursors = []
    for position in rng.sample(range(total), k=min(30, total)):
        event = public.chronological().only("date")[position]
        cursors.append(str(Cursor(event.date, event.pk)))
    pool = []
    for _ in range(40):
        actor, topic = rng.choice(actors).slug, rng.choice(topics).slug
        pool += [
            ("unfiltered page", "/", {}),
            ("unfiltered results (htmx)", "/", htmx),
            ("actor+topic (htmx)", f"/?actor={actor}&topic={topic}", htmx),
            ("actor page", f"/actors/{actor}/", {}),
            ("text search (htmx)", f"/?q={quote(rng.choice(SEARCH_WORDS))}", htmx),
            ("load more (htmx)", f"/?cursor={rng.choice(cursors)}", more),
            ("load more (htmx)", f"/?cursor={rng.choice(cursors)}", more),
            ("event permalink", f"/events/{rng.choice(ids)}/", {}),
        ]
    rng.shuffle(pool)
    return pool


class Results:
    def __init__(self):
        self.lock = threading.Lock()
        self.latencies: dict[str, list[float]] = defaultdict(list)
        self.errors: list[str] = []
        self.sent = 0

    def claim(self, limit: int) -> bool:
        with self.lock:
            if self.sent >= limit:
                return False
            self.sent += 1
            return True


def client(port: int, pool, results: Results, deadline: float, limit: int, seed: int) -> None:
    """One keep-alive connection sending requests until the deadline or the request limit."""
    rng = random.Random(seed)
    connection = http.client.HTTPConnection(HOST, port, timeout=30)
    while time.monotonic() < deadline and results.claim(limit):
        kind, path, headers = rng.choice(pool)
        started = time.perf_counter()
        try:
            connection.request("GET", path, headers=headers)
            response = connection.getresponse()
            response.read()
            status = response.status
        except (OSError, http.client.HTTPException) as error:
            connection.close()
            connection = http.client.HTTPConnection(HOST, port, timeout=30)
            status = f"{error.__class__.__name__}"
        elapsed = (time.perf_counter() - started) * 1000
        with results.lock:
            results.latencies[kind].append(elapsed)
            if status != 200:
                results.errors.append(f"{status} {path}")
    connection.close()


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(fraction * len(ordered)) - 1))]


def report(results: Results, elapsed: float) -> None:
    every = [value for values in results.latencies.values() for value in values]
    print(
        f"\n{len(every):,} requests in {elapsed:.1f} s: {len(every) / elapsed:.1f} requests/s, "
        f"p50 {statistics.median(every):.1f} ms, p95 {percentile(every, 0.95):.1f} ms, "
        f"p99 {percentile(every, 0.99):.1f} ms, errors {len(results.errors)}\n"
    )
    print(f"{'request':<28} {'count':>6} {'p50 ms':>8} {'p95 ms':>8}")
    for kind, values in sorted(results.latencies.items()):
        p50, p95 = statistics.median(values), percentile(values, 0.95)
        print(f"{kind:<28} {len(values):>6} {p50:>8.1f} {p95:>8.1f}")
    for error in results.errors[:10]:
        print(f"error: {error}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=float, default=30, help="Seconds of load at most.")
    parser.add_argument("--requests", type=int, default=20_000, help="Requests at most.")
    parser.add_argument("--clients", type=int, default=8, help="Concurrent connections.")
    parser.add_argument("--workers", type=int, default=3, help="gunicorn worker processes.")
    parser.add_argument("--threads", type=int, default=2, help="Threads per worker.")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--warmup", type=float, default=5, help="Unreported seconds first.")
    args = parser.parse_args()
    database_url = os.environ.get("DATABASE_URL", "")
    if not database_url.startswith("postgres"):
        raise SystemExit("Set DATABASE_URL to the PostgreSQL benchmark database.")

    pool = request_mix(database_url, seed=6)
    with tempfile.TemporaryDirectory(prefix="timeline-loadtest-") as folder:
        environ = production_environment(database_url, Path(folder) / "static", Path(folder))
        server = start_gunicorn(environ, args.port, args.workers, args.threads)
        try:
            print(
                f"gunicorn on {HOST}:{args.port}: {args.workers} workers × {args.threads} "
                f"threads; {args.clients} clients, {args.duration:.0f} s or "
                f"{args.requests:,} requests"
            )
            # Warm-up: each worker's connections, templates and count cache.
            run(args.port, pool, args.clients, args.warmup, args.requests)
            results, elapsed = run(args.port, pool, args.clients, args.duration, args.requests)
            report(results, elapsed)
        finally:
            server.terminate()
            server.wait(timeout=30)


def run(port: int, pool, clients: int, duration: float, limit: int) -> tuple[Results, float]:
    results = Results()
    deadline = time.monotonic() + duration
    threads = [
        threading.Thread(target=client, args=(port, pool, results, deadline, limit, n))
        for n in range(clients)
    ]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results, time.perf_counter() - started


if __name__ == "__main__":
    main()
