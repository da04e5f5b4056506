"""``manage.py poll_sources``: poll the sources that are due, once or (``--loop``) for ever."""

import signal
import threading
from concurrent.futures import ThreadPoolExecutor

from django.core.management.base import BaseCommand, CommandError
from django.db import connections
from django_tasks import TaskResultStatus

from timeline.models import Source
from timeline.sources.polling import PollReport, claim, claim_due, poll
from timeline.tasks import failure_message, poll_source

STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)


class Command(BaseCommand):
    help = (
        "Poll every source that is due, each as its own background task, and exit; with "
        "--loop, keep polling (run it beside db_worker, under a process supervisor). With "
        "TASKS_BACKEND=database the polls are queued for db_worker; otherwise they run here, "
        "--jobs at a time."
    )

    def add_arguments(self, parser):
        parser.add_argument("--loop", action="store_true", help="Keep polling until stopped.")
        parser.add_argument(
            "--tick",
            type=float,
            default=30,
            help="With --loop: seconds between two looks for due sources (default 30).",
        )
        parser.add_argument("--source", type=int, help="Poll this source now, due or not.")
        parser.add_argument(
            "--jobs",
            type=int,
            default=1,
            help="Sources polled at once in this process when tasks run here (default 1; "
            "more wants PostgreSQL).",
        )

    def handle(self, *args, loop, tick, source, jobs, **options):
        self.verbosity = options["verbosity"]
        if jobs < 1 or tick <= 0:
            raise CommandError("--jobs and --tick must be positive.")
        if source is not None:
            return self.poll_one(source)
        if not loop:
            self.poll_round(jobs, quiet=False)
            return None
        # A supervisor stops the poller with SIGTERM: it ends the round it is in, then exits.
        stop = threading.Event()
        previous = {sig: signal.signal(sig, lambda *_: stop.set()) for sig in STOP_SIGNALS}
        try:
            while not stop.is_set():
                self.poll_round(jobs, quiet=True)
                stop.wait(tick)
        finally:
            for sig, handler in previous.items():
                signal.signal(sig, handler)
        return None

    def poll_one(self, source_id: int) -> None:
        source = Source.objects.filter(pk=source_id).first()
        if source is None:
            raise CommandError(f"There is no source {source_id}.")
        token = claim(source_id, due_only=False)
        if token is None:
            raise CommandError(f"“{source}” is being polled by another poller right now.")
        self.report(source, poll(source_id, token))

    def poll_round(self, jobs: int, *, quiet: bool) -> None:
        claims = claim_due()
        if not claims:
            if not quiet and self.verbosity:
                self.stdout.write("No source is due.")
            return
        if jobs == 1:
            results = [enqueue(claimed) for claimed in claims]
        else:
            with ThreadPoolExecutor(jobs) as pool:
                results = list(pool.map(enqueue, claims))
        names = dict(
            Source.objects.filter(pk__in=[pk for pk, _ in claims]).values_list("pk", "name")
        )
        queued = 0
        for (pk, _), result in zip(claims, results, strict=True):
            if result.status == TaskResultStatus.SUCCESSFUL:
                self.report(names.get(pk, pk), PollReport(**result.return_value))
            elif result.status == TaskResultStatus.FAILED:
                self.stderr.write(
                    self.style.ERROR(f"{names.get(pk, pk)}: {failure_message(result)}")
                )
            else:
                queued += 1
        if queued and self.verbosity:
            self.stdout.write(f"{queued} due source(s) queued for the workers (db_worker).")

    def report(self, source, report: PollReport) -> None:
        if report.outcome == "failed":
            self.stderr.write(self.style.ERROR(f"{source}: {report.summary()}"))
        elif self.verbosity:
            self.stdout.write(f"{source}: {report.summary()}")


def enqueue(claimed: tuple[int, str]):
    """Enqueue one poll; with the immediate backend it runs here, in this thread, which then
    closes its database connection (each thread has its own)."""
    try:
        return poll_source.enqueue(*claimed)
    finally:
        if threading.current_thread() is not threading.main_thread():
            connections.close_all()
