"""Polling sources against feeds and article pages served on loopback: new entries become
articles with the feed's time and outlet; unchanged feeds cost a 304; failures back off; bad
entries are recorded, retried and given up without holding up the rest."""

import datetime
import threading
import time

import pytest
from django.db import connection, connections
from django.utils import timezone

from tests.feed_pages import (
    BORDER_CROSSING,
    GERMANY,
    LITHUANIA,
    MARATHON,
    POLAND,
    ROMANIA,
    UKRAINIAN,
    article,
    feed,
    numbered_article,
    numbered_feed,
)
from tests.http_pages import Page, serve
from timeline.models import Article, Event, RelevanceRule, Source, SourceEntry
from timeline.sources.models import EntryStatus, HostPace, PollOutcome
from timeline.sources.pacing import wait_for_turn
from timeline.sources.polling import BUSY, claim, claim_due, poll

pytestmark = pytest.mark.django_db
UTC = datetime.UTC


@pytest.fixture(autouse=True)
def loopback_allowed(settings):
    settings.FETCH_ALLOW_HOSTS = ["127.0.0.1"]


def follow(url: str, **fields) -> Source:
    return Source.objects.create(
        url=url, **{"name": "Defence wire", "outlet": "Defence Wire", **fields}
    )


def poll_now(source: Source):
    token = claim(source.pk, due_only=False)
    assert token is not None
    report = poll(source.pk, token)
    source.refresh_from_db()
    return report


def wire_routes(base: str, **pages) -> dict[str, Page]:
    return {
        "/rss.xml": feed("rss2.xml", base, etag='"wire-v1"'),
        "/news/poland": article(*POLAND),
        "/news/lithuania": article(*LITHUANIA),
        **pages,
    }


def test_new_entries_become_articles_with_the_feeds_time_and_outlet():
    routes = {}
    with serve(routes) as base:
        routes.update(wire_routes(base))
        source = follow(f"{base}/rss.xml")
        report = poll_now(source)
    poland = Article.objects.get(title="Poland to host NATO air defence")
    assert (report.outcome, report.new_entries, report.ingested) == (PollOutcome.OK, 2, 2)
    assert poland.url == f"{base}/news/poland"  # without the feed's utm_ parameters
    assert poland.published == datetime.datetime(2023, 3, 14, 8, 30, tzinfo=UTC)
    assert (poland.published_source, poland.publisher) == ("feed", "Defence Wire")
    assert poland.relevant
    assert Event.objects.awaiting_review().filter(mentions__article=poland).exists()
    assert set(SourceEntry.objects.values_list("status", flat=True)) == {EntryStatus.INGESTED}
    assert (source.last_outcome, source.consecutive_failures, source.etag) == ("ok", 0, '"wire-v1"')
    expected_next = source.last_polled_at + datetime.timedelta(minutes=30)
    assert source.next_poll_at == expected_next
    assert routes["/rss.xml"].requests[0]["User-Agent"].startswith("defence-timeline/")


def test_an_unchanged_feed_costs_one_304_and_nothing_else():
    routes = {}
    with serve(routes) as base:
        routes.update(wire_routes(base))
        source = follow(f"{base}/rss.xml")
        poll_now(source)
        again = poll_now(source)
    assert (again.outcome, again.new_entries, again.ingested) == (PollOutcome.NOT_MODIFIED, 0, 0)
    assert routes["/rss.xml"].requests[1]["If-None-Match"] == '"wire-v1"'
    assert len(routes["/news/poland"].requests) == 1
    assert source.last_outcome == "not-modified"
    assert Article.objects.count() == 2


def test_an_atom_entry_without_a_publication_time_is_dated_by_its_update():
    routes = {}
    with serve(routes) as base:
        routes.update(
            {
                "/mod/atom.xml": feed("atom.xml", base),
                "/mod/romania": article(*ROMANIA),
                "/mod/germany": article(*GERMANY),
            }
        )
        report = poll_now(follow(f"{base}/mod/atom.xml", outlet=""))
    germany = Article.objects.get(url=f"{base}/mod/germany")
    assert report.ingested == 2
    assert germany.published == datetime.datetime(2023, 10, 2, 8, 0, tzinfo=UTC)
    # Without an outlet, the feed's site gives the publisher.
    assert germany.publisher == "127.0.0.1"
    assert Source.objects.get().site_url == f"{base}/mod/"


def test_relative_links_are_fetched_at_their_full_address():
    routes = {}
    with serve(routes) as base:
        routes.update(
            {
                "/feeds/all.xml": feed("relative-links.xml", base),
                "/news/poland": article(*POLAND),
                "/feeds/articles/germany.html": article(*GERMANY),
            }
        )
        report = poll_now(follow(f"{base}/feeds/all.xml"))
    assert report.ingested == 2
    assert set(Article.objects.values_list("url", flat=True)) == {
        f"{base}/news/poland",
        f"{base}/feeds/articles/germany.html",
    }


def test_a_malformed_feed_fails_the_source_with_the_reason_and_stores_nothing():
    routes = {}
    with serve(routes) as base:
        routes.update(wire_routes(base, **{"/rss.xml": feed("malformed.xml", base)}))
        source = follow(f"{base}/rss.xml")
        report = poll_now(source)
    assert report.outcome == PollOutcome.FAILED
    assert source.last_error == "The feed is malformed: not well-formed (invalid token), line 4."
    assert source.failing_since == source.last_polled_at
    assert not SourceEntry.objects.exists()
    assert not Article.objects.exists()


def test_failures_back_off_exponentially_up_to_a_day_and_success_resets_them():
    routes = {"/rss.xml": Page(b"down", "text/plain", status=500)}
    with serve(routes) as base:
        source = follow(f"{base}/rss.xml", poll_interval=60)
        delays = []
        for _ in range(6):
            report = poll_now(source)
            delays.append(source.next_poll_at - source.last_polled_at)
        first_failure = source.failing_since
        routes.update(wire_routes(base))
        poll_now(source)
    hours = [delay / datetime.timedelta(hours=1) for delay in delays]
    assert hours == [2, 4, 8, 16, 24, 24]
    assert "500" in report.error
    assert first_failure < source.last_polled_at
    assert (source.consecutive_failures, source.failing_since, source.last_error) == (0, None, "")


@pytest.mark.parametrize(
    ("page", "message"),
    [
        (Page(b"oops", "text/plain", status=500), "answered “500 Internal Server Error”"),
        (Page(b"<rss/>", "application/rss+xml", delay=1.0), "did not answer within 0.3 s"),
    ],
    ids=["server-error", "slow"],
)
def test_a_feed_that_cannot_be_fetched_fails_the_source(settings, page, message):
    settings.FETCH_TIMEOUT_SECONDS = 0.3
    with serve({"/rss.xml": page}) as base:
        source = follow(f"{base}/rss.xml")
        report = poll_now(source)
    assert report.outcome == PollOutcome.FAILED
    assert message in source.last_error
    assert source.consecutive_failures == 1


def test_a_feed_of_200_entries_is_recorded_at_once_and_ingested_a_share_per_poll(settings):
    settings.SOURCE_ENTRIES_PER_POLL = 50
    routes = {}
    with serve(routes) as base:
        routes["/rss.xml"] = numbered_feed(base, 200)
        routes.update({f"/steps/{n}": numbered_article(n) for n in range(200)})
        source = follow(f"{base}/rss.xml")
        first = poll_now(source)
        assert source.next_poll_at == source.last_polled_at  # more waiting: due again at once
        second = poll_now(source)
    assert (first.new_entries, first.ingested, first.waiting) == (200, 50, 150)
    assert (second.new_entries, second.ingested, second.waiting) == (0, 50, 100)
    assert SourceEntry.objects.count() == 200
    assert Article.objects.count() == 100
    # Oldest first: the queue fills in the order things happened.
    assert set(Article.objects.values_list("title", flat=True)) == {
        f"Poland and NATO: step {n}" for n in range(100)
    }


def test_an_entry_redirecting_to_a_private_address_fails_alone_and_is_retried_then_given_up(
    settings,
):
    settings.SOURCE_ENTRY_ATTEMPTS = 2
    routes = {}
    with serve(routes) as base:
        port = base.rsplit(":", 1)[1]
        redirect = Page(status=302, headers={"Location": f"http://127.0.0.2:{port}/admin"})
        routes.update(wire_routes(base, **{"/news/poland": redirect}))
        source = follow(f"{base}/rss.xml")
        first = poll_now(source)
        entry = SourceEntry.objects.get(title="Poland to host NATO air defence")
        assert (first.ingested, first.failed) == (1, 1)
        assert entry.status == EntryStatus.FAILED
        assert "private or local address (127.0.0.2)" in entry.reason
        assert entry.retry_at > timezone.now()
        SourceEntry.objects.filter(pk=entry.pk).update(retry_at=timezone.now())
        poll_now(source)
    entry.refresh_from_db()
    assert (entry.status, entry.attempts, entry.retry_at) == (EntryStatus.GIVEN_UP, 2, None)
    assert len(redirect.requests) == 2
    assert Article.objects.get().title == "Lithuania to train Ukrainian soldiers"


def test_one_article_reached_by_several_links_is_stored_once():
    routes = {}
    with serve(routes) as base:
        routes.update(wire_routes(base))
        routes["/other.xml"] = Page(
            routes["/rss.xml"].body.replace(b"utm_source=rss", b"utm_source=other"),
            "application/rss+xml",
        )
        poll_now(follow(f"{base}/rss.xml"))
        again = poll_now(follow(f"{base}/other.xml", name="Other"))
    assert (again.new_entries, again.ingested, again.duplicates) == (2, 0, 2)
    assert Article.objects.count() == 2
    assert len(routes["/news/poland"].requests) == 1
    duplicate = SourceEntry.objects.get(source__name="Other", title__startswith="Poland")
    assert duplicate.article.url == f"{base}/news/poland"


def test_a_page_naming_a_known_canonical_address_or_known_text_is_a_duplicate():
    routes = {}
    with serve(routes) as base:
        canonical = f'<link rel="canonical" href="{base}/news/poland">'
        routes.update(
            wire_routes(
                base,
                # The same story under an AMP address that names the original as canonical…
                **{"/news/lithuania": article(*POLAND, head=canonical)},
            )
        )
        poll_now(follow(f"{base}/rss.xml"))
        # …and the same text at an address of its own.
        routes["/copy.xml"] = Page(
            routes["/rss.xml"].body.replace(b"/news/poland?", b"/copies/poland?"),
            "application/rss+xml",
        )
        routes["/copies/poland"] = article(*POLAND)
        again = poll_now(follow(f"{base}/copy.xml", name="Copies"))
    assert Article.objects.count() == 1
    assert SourceEntry.objects.filter(status=EntryStatus.DUPLICATE).count() == 3
    assert again.duplicates == 2
    reasons = set(SourceEntry.objects.exclude(reason="").values_list("reason", flat=True))
    assert reasons == {
        "The same article (by its address) is already stored.",
        "The same article (by its text) is already stored.",
    }


def test_an_article_that_fails_the_relevance_rule_is_stored_but_set_aside():
    rule = RelevanceRule.current()
    rule.min_actors = 3
    rule.save()
    routes = {}
    with serve(routes) as base:
        routes.update(
            wire_routes(
                base,
                **{
                    "/news/poland": article(*BORDER_CROSSING),
                    "/news/lithuania": article(*MARATHON),
                },
            )
        )
        report = poll_now(follow(f"{base}/rss.xml"))
    crossing = Article.objects.get(title="Poland and Hungary open a border crossing")
    marathon = Article.objects.get(title="City marathon draws a record crowd")
    assert (report.ingested, report.set_aside) == (0, 2)
    assert not crossing.relevant
    assert crossing.relevance_reason == (
        "Its events have no topic and name 2 actor(s) that count (at least 3 needed)."
    )
    assert marathon.relevance_reason == "No events were found in it."
    assert Event.objects.pending().filter(mentions__article=crossing).exists()
    assert not Event.objects.awaiting_review().exists()
    assert crossing.history.first().history_change_reason == "Set aside as not relevant"


def test_entries_in_a_language_not_supported_are_recorded_and_skipped():
    routes = {}
    with serve(routes) as base:
        declared = feed("ukrainian.xml", base)
        undeclared = Page(
            declared.body.replace(b"<language>uk</language>", b""), declared.content_type
        )
        routes.update(
            {"/uk.xml": declared, "/unsaid.xml": undeclared, "/uk/systems": article(*UKRAINIAN)}
        )
        by_feed = poll_now(follow(f"{base}/uk.xml"))
        assert routes["/uk/systems"].requests == []  # the feed said so: not even fetched
        by_text = poll_now(follow(f"{base}/unsaid.xml", name="Unsaid"))
    assert (by_feed.skipped, by_text.skipped) == (1, 1)
    assert len(routes["/uk/systems"].requests) == 1
    assert not Article.objects.exists()
    assert set(SourceEntry.objects.values_list("status", "reason", "language")) == {
        (EntryStatus.SKIPPED, "Language not supported yet", "uk")
    }


def test_a_source_has_one_poller_at_a_time():
    with serve({}) as base:
        source = follow(f"{base}/rss.xml")
        token = claim(source.pk)
        assert token is not None
        assert claim(source.pk) is None
        assert claim(source.pk, due_only=False) is None
        assert claim_due() == []
        stale = poll(source.pk, "not-the-token")
    assert stale.outcome == BUSY
    source.refresh_from_db()
    assert source.last_polled_at is None


def test_only_active_due_and_unclaimed_sources_are_claimed():
    now = timezone.now()
    due = follow("https://a.example/rss")
    follow("https://b.example/rss", active=False)
    follow("https://c.example/rss", next_poll_at=now + datetime.timedelta(minutes=5))
    follow("https://d.example/rss", claimed_until=now + datetime.timedelta(minutes=5))
    follow("https://e.example/rss", claimed_until=now - datetime.timedelta(minutes=5))
    claimed = [pk for pk, _ in claim_due()]
    assert claimed == [due.pk, Source.objects.get(url="https://e.example/rss").pk]


@pytest.mark.django_db(transaction=True)
def test_two_pollers_at_once_never_claim_the_same_source():
    if connection.vendor != "postgresql":
        pytest.skip("concurrency is tested on PostgreSQL")
    Source.objects.bulk_create(
        Source(url=f"https://outlet{n}.example/rss", name=f"Outlet {n}") for n in range(40)
    )
    start = threading.Barrier(2)
    claimed: list[list[int]] = [[], []]

    def poller(index: int) -> None:
        try:
            start.wait()
            claimed[index] = [pk for pk, _ in claim_due()]
        finally:
            connections.close_all()

    threads = [threading.Thread(target=poller, args=(n,)) for n in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not set(claimed[0]) & set(claimed[1])
    assert len(claimed[0]) + len(claimed[1]) == 40


def test_requests_to_one_host_are_paced(settings):
    settings.SOURCE_HOST_DELAY_SECONDS = 0.2
    started = time.monotonic()
    for _ in range(3):
        wait_for_turn("https://mod.example/feed")
    wait_for_turn("https://other.example/feed")
    assert time.monotonic() - started >= 0.4
    assert set(HostPace.objects.values_list("host", flat=True)) == {"mod.example", "other.example"}
