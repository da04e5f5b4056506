"""Load test of the public timeline: gunicorn with the production settings on loopback, driven
by concurrent keep-alive clients with a mix of timeline requests.

Needs a filled benchmark database (see bench/timeline.py) and nothing else: the clients are
threads of this script using the standard library's http.client, so no wrk or locust to
install. Bounded twice: it stops after ``--duration`` seconds or ``--requests`` requests,
whichever comes first, then stops gunicorn.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/timeline_bench \\
        .venv/bin/python bench/loadtest.py --duration 30 --clients 8

``--scenario mixed`` is a newsroom's day: ``--clients`` readers, one editor adding articles in
the admin and confirming their events, one client downloading full exports one after another,
and a probe of /healthz twice a second (whose worst time is the figure that matters).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/timeline_bench_50k \\
        .venv/bin/python bench/loadtest.py --scenario mixed --duration 120 --clients 6

Only ever binds and connects to 127.0.0.1. Not a test: nothing here asserts.
"""

import argparse
import http.client
import os
import random
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from pathlib import Path
from urllib.parse import quote, urlencode

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"
SEARCH_WORDS = ["himars", "summit", "air defence", "ammunition or drones", '"joint exercise"']
EDITOR = ("loadtest-editor", "load-test-only-password-0123")
DOWNLOADS = ["/export.csv", "/export.json", "/export.timelinejs.json"]


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


def start_gunicorn(
    environ: dict, port: int, workers: int, threads: int, timeout: int = 30, nice: int = 0
) -> subprocess.Popen:
    python = Path(sys.executable)
    subprocess.run(
        [python, ROOT / "manage.py", "collectstatic", "--noinput", "-v", "0"],
        env=environ,
        check=True,
        cwd=ROOT,
    )
    # gthread workers keep connections alive, as behind a proxy; sync workers would not.
    command = [
        *(["nice", "-n", str(nice)] if nice else []),
        *(python.parent / "gunicorn", "timeline.wsgi:application", "--bind", f"{HOST}:{port}"),
        *("--workers", str(workers), "--threads", str(threads), "--worker-class", "gthread"),
        *("--timeout", str(timeout), "--graceful-timeout", str(timeout)),
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


def create_editor() -> None:
    """The account the mixed scenario's editor logs in with (a superuser: it only needs the
    Editors' rights, but the benchmark database may have been flushed of the group)."""
    from axes.models import AccessAttempt
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import PBKDF2PasswordHasher

    user, _ = get_user_model().objects.get_or_create(username=EDITOR[0])
    user.is_staff = user.is_superuser = True
    # Hashed as production checks it (the test settings this script loads use a fast hasher).
    hasher = PBKDF2PasswordHasher()
    user.password = hasher.encode(EDITOR[1], hasher.salt())
    user.save()
    AccessAttempt.objects.filter(username=EDITOR[0]).delete()


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


def get(connection: http.client.HTTPConnection, path: str, headers: dict | None = None):
    """GET on a keep-alive connection: (the connection to use next, the status). A broken
    connection is replaced by a fresh one and the status is the error's name."""
    try:
        connection.request("GET", path, headers=headers or {})
        response = connection.getresponse()
        response.read()
        return connection, response.status
    except (OSError, http.client.HTTPException) as error:
        connection.close()
        fresh = http.client.HTTPConnection(
            connection.host, connection.port, timeout=connection.timeout
        )
        return fresh, error.__class__.__name__


def client(
    port: int, pool, results: Results, deadline: float, limit: int, seed: int, think: float = 0
) -> None:
    """One keep-alive connection sending requests until the deadline or the request limit,
    pausing ``think`` seconds on average (exponentially distributed) between them."""
    rng = random.Random(seed)
    connection = http.client.HTTPConnection(HOST, port, timeout=30)
    while time.monotonic() < deadline and results.claim(limit):
        kind, path, headers = rng.choice(pool)
        started = time.perf_counter()
        connection, status = get(connection, path, headers)
        elapsed = (time.perf_counter() - started) * 1000
        with results.lock:
            results.latencies[kind].append(elapsed)
            if status != 200:
                results.errors.append(f"{status} {path}")
        if think:
            time.sleep(rng.expovariate(1 / think))
    connection.close()


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(fraction * len(ordered)) - 1))]


def print_latencies(results: Results, width: int, with_max: bool = False) -> None:
    """One row per kind of request, then the first errors."""
    last = f" {'max ms':>8}" if with_max else ""
    print(f"{'request':<{width}} {'count':>6} {'p50 ms':>8} {'p95 ms':>8}{last}")
    for kind, values in sorted(results.latencies.items()):
        p50, p95 = statistics.median(values), percentile(values, 0.95)
        last = f" {max(values):>8.1f}" if with_max else ""
        print(f"{kind:<{width}} {len(values):>6} {p50:>8.1f} {p95:>8.1f}{last}")
    for error in results.errors[:10]:
        print(f"error: {error}")


def report(results: Results, elapsed: float) -> None:
    every = [value for values in results.latencies.values() for value in values]
    print(
        f"\n{len(every):,} requests in {elapsed:.1f} s: {len(every) / elapsed:.1f} requests/s, "
        f"p50 {statistics.median(every):.1f} ms, p95 {percentile(every, 0.95):.1f} ms, "
        f"p99 {percentile(every, 0.99):.1f} ms, errors {len(results.errors)}\n"
    )
    print_latencies(results, width=28)


class Browser:
    """One keep-alive connection with cookies and CSRF, as an editor's browser."""

    def __init__(self, port: int):
        self.port = port
        self.cookies: dict[str, str] = {}
        self.connection = http.client.HTTPConnection(HOST, port, timeout=60)

    def request(self, method: str, path: str, form: dict | None = None) -> tuple[int, str, str]:
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        body = None
        if form is not None:
            form = {**form, "csrfmiddlewaretoken": self.cookies.get("csrftoken", "")}
            body = urlencode(form, doseq=True)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            self.connection.request(method, path, body=body, headers=headers)
            response = self.connection.getresponse()
            text = response.read().decode("utf-8", "replace")
        except (OSError, http.client.HTTPException):
            self.connection.close()
            self.connection = http.client.HTTPConnection(HOST, self.port, timeout=60)
            raise
        for header in response.headers.get_all("Set-Cookie") or []:
            name, _, value = header.split(";", 1)[0].partition("=")
            self.cookies[name.strip()] = value.strip()
        return response.status, response.headers.get("Location", ""), text


def editor(port: int, results: Results, deadline: float, pause: float) -> None:
    """Log in, then add an article (pasted text) and confirm the events found in it, again and
    again, with a reading pause between rounds."""
    browser = Browser(port)
    timed(results, "editor: log in", browser, "GET", "/admin/login/", None, 200)
    credentials = {"username": EDITOR[0], "password": EDITOR[1], "next": "/admin/"}
    timed(results, "editor: log in", browser, "POST", "/admin/login/", credentials, 302)
    run = int(time.time())
    number = 0
    while time.monotonic() < deadline:
        number += 1
        text = (
            f"Allies agree on air defence, load test {run}-{number}\n\n"
            # Named as bench/timeline.py names its actors, so that events are found to confirm.
            f"On 1 October 2022 Bench actor 1 and Bench actor 2 agreed to build joint air "
            f"defence (round {number} of run {run}). In November 2022 Bench actor 3 delivered "
            "the first batteries to Bench actor 1.\n"
        )
        add_url = "/admin/timeline/article/add/"
        added = timed(results, "editor: add article", browser, "POST", add_url, {"text": text}, 302)
        if added is not None:
            page = timed(results, "editor: article page", browser, "GET", added[1], None, 200)
            html = page[2] if page is not None else ""
            events = sorted(set(re.findall(r"/admin/timeline/event/(\d+)/change/", html)))
            if events:
                form = {"action": "confirm_selected", "_selected_action": events, "index": "0"}
                queue = "/admin/timeline/event/"
                timed(results, "editor: confirm events", browser, "POST", queue, form, 302)
        time.sleep(pause)


def timed(results: Results, kind: str, browser: Browser, method, path, form, expected: int):
    """One request of the editor, timed and checked; its (status, location, text) or None."""
    started = time.perf_counter()
    try:
        outcome = browser.request(method, path, form)
        status = outcome[0]
    except (OSError, http.client.HTTPException) as error:
        outcome, status = None, error.__class__.__name__
    with results.lock:
        results.latencies[kind].append((time.perf_counter() - started) * 1000)
        if status != expected:
            results.errors.append(f"{status} {kind}")
            return None
    return outcome


def read_all(response) -> int:
    size = 0
    while block := response.read(65536):
        size += len(block)
    return size


def downloader(port: int, results: Results, deadline: float, sizes: list, first: int) -> None:
    """Full exports one after another, each read to its end; a 429 is waited out as a
    well-behaved client would (and counted apart, not as an error)."""
    connection = http.client.HTTPConnection(HOST, port, timeout=120)
    turn = first
    while time.monotonic() < deadline:
        path = DOWNLOADS[turn % len(DOWNLOADS)]
        turn += 1
        started = time.perf_counter()
        try:
            connection.request("GET", path)
            response = connection.getresponse()
            size = read_all(response)
            status = response.status
        except (OSError, http.client.HTTPException) as error:
            connection.close()
            connection = http.client.HTTPConnection(HOST, port, timeout=120)
            status, size = error.__class__.__name__, 0
        elapsed = (time.perf_counter() - started) * 1000
        with results.lock:
            if status == 429:
                results.latencies["download refused (429)"].append(elapsed)
            else:
                results.latencies[f"full download {path}"].append(elapsed)
                sizes.append(size)
                if status != 200:
                    results.errors.append(f"{status} {path}")
        if status == 429:
            time.sleep(float(response.headers.get("Retry-After", "5")))
    connection.close()


def health_probe(port: int, results: Results, deadline: float, interval: float) -> None:
    """/healthz on its own connection, as a load balancer asks it."""
    connection = http.client.HTTPConnection(HOST, port, timeout=30)
    while time.monotonic() < deadline:
        started = time.perf_counter()
        connection, status = get(connection, "/healthz")
        with results.lock:
            results.latencies["/healthz probe"].append((time.perf_counter() - started) * 1000)
            if status != 200:
                results.errors.append(f"{status} /healthz")
        time.sleep(interval)
    connection.close()


def run_mixed(
    port: int, pool, args: argparse.Namespace, duration: float
) -> tuple[Results, float, list]:
    results, sizes = Results(), []
    deadline = time.monotonic() + duration
    threads = [
        threading.Thread(target=client, args=(port, pool, results, deadline, 10**9, n, args.think))
        for n in range(args.clients)
    ]
    threads += [
        threading.Thread(target=editor, args=(port, results, deadline, 2.0))
        for _ in range(args.editors)
    ]
    threads += [
        threading.Thread(
            target=downloader, args=(args.export_port or port, results, deadline, sizes, n)
        )
        for n in range(args.downloaders)
    ]
    threads.append(threading.Thread(target=health_probe, args=(port, results, deadline, 0.5)))
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results, time.perf_counter() - started, sizes


def report_mixed(results: Results, elapsed: float, sizes: list, pool, readers: int) -> None:
    reader_kinds = {kind for kind, *_ in pool}
    reads = [v for kind in reader_kinds for v in results.latencies.get(kind, [])]
    health = results.latencies["/healthz probe"]
    print(
        f"\n{elapsed:.0f} s, {readers} readers: {len(reads):,} reader requests "
        f"({len(reads) / elapsed:.1f}/s), reader p50 {statistics.median(reads):.0f} ms, "
        f"p95 {percentile(reads, 0.95):.0f} ms, p99 {percentile(reads, 0.99):.0f} ms; "
        f"/healthz p50 {statistics.median(health):.1f} ms, max {max(health):.1f} ms; "
        f"{len(sizes)} full downloads ({sum(sizes) / 1e6:.0f} MB); errors {len(results.errors)}\n"
    )
    print_latencies(results, width=40, with_max=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=float, default=30, help="Seconds of load at most.")
    parser.add_argument("--requests", type=int, default=20_000, help="Requests at most.")
    parser.add_argument("--clients", type=int, default=8, help="Concurrent connections.")
    parser.add_argument("--workers", type=int, default=3, help="gunicorn worker processes.")
    parser.add_argument("--threads", type=int, default=2, help="Threads per worker.")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--warmup", type=float, default=5, help="Unreported seconds first.")
    parser.add_argument(
        "--scenario", choices=["readers", "mixed"], default="readers", help="See the docstring."
    )
    parser.add_argument("--timeout", type=int, default=30, help="gunicorn's --timeout.")
    parser.add_argument("--editors", type=int, default=1, help="Mixed scenario: editors.")
    parser.add_argument(
        "--separate-exports",
        action="store_true",
        help="Mixed scenario: serve downloads from a gunicorn of their own (1 worker × 4 "
        "threads, nice 10, on --port + 1), as a proxy would route /export.* to it.",
    )
    parser.add_argument(
        "--downloaders", type=int, default=1, help="Mixed scenario: clients downloading exports."
    )
    parser.add_argument(
        "--think",
        type=float,
        default=0,
        help="Mixed scenario: each reader's mean pause between requests, in seconds.",
    )
    args = parser.parse_args()
    database_url = os.environ.get("DATABASE_URL", "")
    if not database_url.startswith("postgres"):
        raise SystemExit("Set DATABASE_URL to the PostgreSQL benchmark database.")

    pool = request_mix(database_url, seed=6)
    if args.scenario == "mixed":
        create_editor()
    with tempfile.TemporaryDirectory(prefix="timeline-loadtest-") as folder:
        environ = production_environment(database_url, Path(folder) / "static", Path(folder))
        server = start_gunicorn(environ, args.port, args.workers, args.threads, args.timeout)
        exports_server = None
        args.export_port = None
        if args.scenario == "mixed" and args.separate_exports:
            args.export_port = args.port + 1
            exports_server = start_gunicorn(environ, args.export_port, 1, 4, args.timeout, nice=10)
        try:
            if args.scenario == "mixed":
                print(
                    f"gunicorn on {HOST}:{args.port}: {args.workers} workers × {args.threads} "
                    f"threads (gthread), --timeout {args.timeout}; {args.clients} readers "
                    f"(think {args.think:g} s), {args.editors} editor(s), {args.downloaders} "
                    "downloader(s)"
                    + (
                        f" on their own gunicorn (:{args.export_port}, nice 10)"
                        if args.export_port
                        else ""
                    )
                    + ", /healthz probe; "
                    f"{args.duration:.0f} s"
                )
                run(args.port, pool, args.clients, args.warmup, args.requests)
                results, elapsed, sizes = run_mixed(args.port, pool, args, args.duration)
                report_mixed(results, elapsed, sizes, pool, args.clients)
                return
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
            for process in (server, exports_server):
                if process is not None:
                    process.terminate()
                    process.wait(timeout=30)


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
