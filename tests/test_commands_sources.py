"""``add_source`` and ``poll_sources``: following feeds from the command line, and polling them
once, for ever (``--loop``), one now (``--source``), in threads (``--jobs``) or through the
database task queue for ``db_worker``."""

import os
import signal
import threading
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test import override_settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from tests.feed_pages import LITHUANIA, POLAND, article, feed, numbered_article
from tests.http_pages import Page, serve
from tests.test_admin_ingest import DATABASE_TASKS, run_queued_tasks
from timeline.models import Article, Source

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def loopback_allowed(settings):
    settings.FETCH_ALLOW_HOSTS = ["127.0.0.1"]


def run(*args, **options) -> str:
    out = StringIO()
    call_command(*args, stdout=out, stderr=out, **options)
    return out.getvalue()


def wire(base: str) -> dict[str, Page]:
    return {
        "/rss.xml": feed("rss2.xml", base),
        "/news/poland": article(*POLAND),
        "/news/lithuania": article(*LITHUANIA),
    }


def test_add_source_follows_a_feed_named_after_its_title_and_due_at_once():
    routes = {}
    with serve(routes) as base:
        routes.update(wire(base))
        output = run("add_source", f"{base}/rss.xml", "--interval", "15")
    source = Source.objects.get()
    assert (source.url, source.name, source.poll_interval) == (
        f"{base}/rss.xml",
        "Defence News Wire",
        15,
    )
    assert source.site_url == f"{base}/"
    assert source.next_poll_at <= timezone.now()
    assert f"Source {source.pk} “Defence News Wire” added" in output


def test_add_source_finds_the_feed_a_web_page_names():
    home = Page(
        b'<html><head><title>Wire</title><link rel="alternate" type="application/rss+xml" '
        b'href="/rss.xml"></head><body><p>Latest news</p></body></html>'
    )
    routes = {}
    with serve(routes) as base:
        routes.update({**wire(base), "/": home})
        run("add_source", f"{base}/", "--name", "Wire", "--outlet", "Reuters")
    source = Source.objects.get()
    assert (source.url, source.name, source.outlet) == (f"{base}/rss.xml", "Wire", "Reuters")


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["/plain"], "a web page that names no RSS or Atom feed"),
        (["/rss.xml", "--interval", "2"], "greater than or equal to 5"),
        (["/missing"], "404"),
    ],
    ids=["page-without-feed", "interval-too-short", "missing"],
)
def test_add_source_refuses_what_cannot_be_polled(arguments, message):
    routes = {}
    with serve(routes) as base:
        routes.update({**wire(base), "/plain": Page(b"<html><body><p>Hi</p></body></html>")})
        path, *options = arguments
        with pytest.raises(CommandError, match=message):
            run("add_source", base + path, *options)
    assert not Source.objects.exists()


def test_add_source_refuses_a_feed_already_followed():
    routes = {}
    with serve(routes) as base:
        routes.update(wire(base))
        run("add_source", f"{base}/rss.xml")
        with pytest.raises(CommandError, match="already a source"):
            run("add_source", f"{base}/rss.xml")
    assert Source.objects.count() == 1


def test_poll_sources_polls_the_due_sources_once_and_exits():
    routes = {}
    with serve(routes) as base:
        routes.update(wire(base))
        due = Source.objects.create(url=f"{base}/rss.xml", name="Wire")
        later = Source.objects.create(
            url=f"{base}/later.xml",
            name="Later",
            next_poll_at=timezone.now() + timezone.timedelta(minutes=10),
        )
        output = run("poll_sources")
        assert run("poll_sources") == "No source is due.\n"
    assert "Wire: OK; 2 new entries, 2 article(s) ingested" in output
    assert "Later" not in output
    later.refresh_from_db()
    assert later.last_polled_at is None
    assert Article.objects.count() == 2
    due.refresh_from_db()
    assert due.last_outcome == "ok"


def test_poll_sources_can_poll_one_source_now_even_paused():
    routes = {}
    with serve(routes) as base:
        routes.update(wire(base))
        source = Source.objects.create(url=f"{base}/rss.xml", name="Wire", active=False)
        output = run("poll_sources", "--source", str(source.pk))
        with pytest.raises(CommandError, match="There is no source 999"):
            run("poll_sources", "--source", "999")
    assert "Wire: OK; 2 new entries" in output


def test_a_failing_source_is_reported_on_stderr():
    with serve({}) as base:
        Source.objects.create(url=f"{base}/rss.xml", name="Gone")
        err = StringIO()
        call_command("poll_sources", stdout=StringIO(), stderr=err)
    assert "Gone: failed: The site answered “404 Not Found”" in err.getvalue()


@pytest.mark.django_db(transaction=True)
def test_poll_sources_polls_several_sources_at_once_with_jobs():
    if connection.vendor != "postgresql":
        pytest.skip("parallel writers are tested on PostgreSQL (SQLite's test database locks)")
    routes = {}
    with serve(routes) as base:
        for n in range(6):
            routes[f"/feed{n}.xml"] = Page(
                f'<?xml version="1.0"?><rss version="2.0"><channel><title>F{n}</title>'
                f"<item><title>S{n}</title><link>{base}/steps/{n}</link></item>"
                "</channel></rss>".encode(),
                "application/rss+xml",
            )
            routes[f"/steps/{n}"] = numbered_article(n)
            Source.objects.create(url=f"{base}/feed{n}.xml", name=f"Feed {n}")
        output = run("poll_sources", "--jobs", "3")
    # (Relevance is beside the point here: an earlier transactional test may have flushed the
    # vocabulary.)
    assert output.count(": OK; 1 new entry, ") == 6
    assert Article.objects.count() == 6


@override_settings(TASKS=DATABASE_TASKS)
def test_with_the_database_backend_polls_are_queued_for_db_worker():
    routes = {}
    with serve(routes) as base:
        routes.update(wire(base))
        source = Source.objects.create(url=f"{base}/rss.xml", name="Wire")
        output = run("poll_sources")
        assert output == "1 due source(s) queued for the workers (db_worker).\n"
        # Claimed when queued: another poller does not queue it a second time.
        assert run("poll_sources") == "No source is due.\n"
        assert routes["/rss.xml"].requests == []
        run_queued_tasks()
    assert DBTaskResult.objects.get().return_value["ingested"] == 2
    source.refresh_from_db()
    assert (source.last_outcome, source.claim_token) == ("ok", "")


def test_poll_sources_loop_keeps_polling_until_stopped():
    routes = {}
    with serve(routes) as base:
        routes.update(wire(base))
        Source.objects.create(url=f"{base}/rss.xml", name="Wire", poll_interval=5)
        previous = signal.getsignal(signal.SIGTERM)
        timer = threading.Timer(0.5, os.kill, (os.getpid(), signal.SIGTERM))
        timer.start()
        try:
            output = run("poll_sources", "--loop", "--tick", "0.05")
        finally:
            timer.cancel()
    # Polled once, then not again before its interval, and stopped cleanly on SIGTERM, leaving
    # the signal as it found it.
    assert output.count("Wire: OK") == 1
    assert len(routes["/rss.xml"].requests) == 1
    assert signal.getsignal(signal.SIGTERM) is previous
