"""Sources in the admin: health at a glance, poll now, pause and resume, OPML in and out, adding
a web page finds its feed; what became of entries; the relevance rule; articles set aside as not
relevant kept out of the review queue with one click to send them to review."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.factories import ArticleFactory, EventFactory, TopicFactory
from tests.feed_pages import LITHUANIA, POLAND, article, feed
from tests.http_pages import Page, serve
from timeline.models import Article, Event, RelevanceRule, Source, SourceEntry, Status
from timeline.sources.models import EntryStatus
from timeline.sources.polling import claim

pytestmark = pytest.mark.django_db
SOURCES = reverse("admin:timeline_source_changelist")
QUEUE = reverse("admin:timeline_event_changelist")


@pytest.fixture(autouse=True)
def loopback_allowed(settings):
    settings.FETCH_ALLOW_HOSTS = ["127.0.0.1"]


def healthy(name: str, **fields) -> Source:
    now = timezone.now()
    state = {
        "last_polled_at": now - datetime.timedelta(minutes=3),
        "last_outcome": "ok",
        "next_poll_at": now + datetime.timedelta(minutes=27),
    }
    return Source.objects.create(
        url=f"https://{name.lower()}.example/rss", name=name, **{**state, **fields}
    )


def ingested_entries(source: Source, count: int, *, days_ago: int = 0) -> None:
    processed = timezone.now() - datetime.timedelta(days=days_ago)
    for _ in range(count):
        SourceEntry.objects.create(
            source=source,
            key=f"{source.pk}-{SourceEntry.objects.count()}",
            link="https://x.example/a",
            status=EntryStatus.INGESTED,
            processed_at=processed,
        )


def test_the_source_list_shows_each_sources_health_and_articles_at_a_glance(editor_client):
    ok = healthy("Reuters")
    ingested_entries(ok, 3)
    ingested_entries(ok, 2, days_ago=10)
    healthy("Paused", active=False)
    healthy(
        "Broken",
        last_outcome="failed",
        failing_since=datetime.datetime(2024, 5, 2, 7, 30, tzinfo=datetime.UTC),
        consecutive_failures=4,
        last_error="The feed is malformed: not well-formed (invalid token), line 4.",
    )
    Source.objects.create(url="https://new.example/rss", name="Brand new")
    response = editor_client.get(SOURCES)
    text = response.content.decode()
    rows = {source.name: source for source in response.context["cl"].result_list}
    assert (rows["Reuters"].articles_week, rows["Reuters"].articles_total) == (3, 5)
    assert 'class="health-ok">OK</span> <small>polled 3\xa0minutes ago' in text
    assert 'class="health-paused">Paused' in text
    assert (
        "Failing since 02 May 2024 07:30</strong> (4 failed poll(s)): The feed is malformed" in text
    )
    assert 'class="health-new">Not polled yet' in text
    assert text.count(">Poll now</button>") == 4
    assert ">Resume</button>" in text and ">Pause</button>" in text


def test_the_source_list_costs_the_same_queries_for_many_sources(editor_client):
    healthy("One")
    with CaptureQueriesContext(connection) as few:
        editor_client.get(SOURCES)
    for name in ["Two", "Three", "Four", "Five"]:
        ingested_entries(healthy(name), 2)
    with CaptureQueriesContext(connection) as many:
        editor_client.get(SOURCES)
    assert len(many) == len(few)


def test_poll_now_polls_the_source_and_says_what_it_found(editor_client):
    routes = {}
    with serve(routes) as base:
        routes.update(
            {
                "/rss.xml": feed("rss2.xml", base),
                "/news/poland": article(*POLAND),
                "/news/lithuania": article(*LITHUANIA),
            }
        )
        source = Source.objects.create(
            url=f"{base}/rss.xml",
            name="Wire",
            next_poll_at=timezone.now() + datetime.timedelta(hours=1),
        )
        url = reverse("admin:timeline_source_poll", args=[source.pk])
        assert editor_client.get(url).status_code == 405
        response = editor_client.post(url, follow=True)
    assert "“Wire” polled: OK; 2 new entries, 2 article(s) ingested" in response.content.decode()
    assert Article.objects.count() == 2


def test_poll_now_leaves_a_source_another_poller_holds(editor_client):
    source = healthy("Busy")
    claim(source.pk, due_only=False)
    response = editor_client.post(
        reverse("admin:timeline_source_poll", args=[source.pk]), follow=True
    )
    text = response.content.decode()
    assert "“Busy” is being polled, or queued for a worker, right now." in text
    assert "Being polled, or queued for a worker" in text


def test_pause_and_resume(editor_client):
    source = healthy("Reuters")
    editor_client.post(reverse("admin:timeline_source_pause", args=[source.pk]))
    source.refresh_from_db()
    assert not source.active
    editor_client.post(reverse("admin:timeline_source_resume", args=[source.pk]))
    source.refresh_from_db()
    assert source.active
    assert source.next_poll_at <= timezone.now()  # due at once


def test_the_source_list_exports_as_opml(editor_client):
    healthy("Reuters", site_url="https://reuters.example/", language="en")
    response = editor_client.get(reverse("admin:timeline_source_export"))
    assert response["Content-Type"] == "text/x-opml; charset=utf-8"
    assert 'filename="timeline-sources.opml"' in response["Content-Disposition"]
    assert (
        b'<outline type="rss" text="Reuters" title="Reuters" xmlUrl="https://reuters.example/rss" '
        b'htmlUrl="https://reuters.example/" language="en"/>'
    ) in response.content


OPML = b"""<?xml version="1.0" encoding="UTF-8"?>
<opml version="2.0"><head><title>My feeds</title></head><body>
  <outline text="Defence">
    <outline type="rss" text="NATO news" xmlUrl="https://nato.example/rss" htmlUrl="https://nato.example/"/>
    <outline type="rss" text="Reuters" xmlUrl="https://reuters.example/rss"/>
  </outline>
  <outline type="rss" text="Broken" xmlUrl="javascript:alert(1)"/>
</body></opml>"""


def test_an_opml_file_adds_the_feeds_not_yet_followed(editor_client):
    healthy("Reuters")
    upload = SimpleUploadedFile("feeds.opml", OPML, "text/x-opml")
    response = editor_client.post(
        reverse("admin:timeline_source_import"), {"file": upload}, follow=True
    )
    text = response.content.decode()
    assert (
        "1 source(s) added (due now), 1 already followed, 1 not a web address: javascript:alert(1)."
        in text
    )
    nato = Source.objects.get(url="https://nato.example/rss")
    assert (nato.name, nato.site_url) == ("NATO news", "https://nato.example/")
    assert Source.objects.count() == 2


def test_a_file_that_is_not_opml_is_refused(editor_client):
    for content, message in [(b"<html><body/></html>", "not OPML"), (b"<opml", "not well-formed")]:
        upload = SimpleUploadedFile("feeds.opml", content)
        response = editor_client.post(reverse("admin:timeline_source_import"), {"file": upload})
        assert message in response.content.decode()
    assert not Source.objects.exists()


def test_adding_a_web_page_as_a_source_follows_the_feed_it_names(editor_client):
    home = Page(
        b'<html><head><link rel="alternate" type="application/atom+xml" href="/mod/atom.xml">'
        b"</head><body><p>Ministry</p></body></html>"
    )
    routes = {}
    with serve(routes) as base:
        routes.update({"/": home, "/mod/atom.xml": feed("atom.xml", base)})
        response = editor_client.post(
            reverse("admin:timeline_source_add"),
            {
                "url": f"{base}/",
                "name": "",
                "outlet": "",
                "site_url": "",
                "language": "",
                "poll_interval": 30,
                "active": "on",
            },
        )
        refused = editor_client.post(
            reverse("admin:timeline_source_add"),
            {"url": f"{base}/nothing", "name": "", "poll_interval": 30, "active": "on"},
        )
    assert response.status_code == 302
    source = Source.objects.get()
    assert (source.url, source.name, source.site_url) == (
        f"{base}/mod/atom.xml",
        "Ministry of Defence: news",
        f"{base}/mod/",
    )
    assert "404" in refused.context["adminform"].form.errors["url"][0]


def test_entries_say_what_became_of_them_and_can_be_processed_again(editor_client):
    source = healthy("Wire", next_poll_at=timezone.now() + datetime.timedelta(hours=1))
    skipped = SourceEntry.objects.create(
        source=source,
        key="a",
        link="https://wire.example/uk/1",
        title="Новини",
        status=EntryStatus.SKIPPED,
        reason="Language not supported yet",
        language="uk",
    )
    listing = editor_client.get(reverse("admin:timeline_sourceentry_changelist")).content.decode()
    assert "Language not supported yet" in listing
    editor_client.post(
        reverse("admin:timeline_sourceentry_changelist"),
        {"action": "process_again", "_selected_action": [skipped.pk]},
    )
    skipped.refresh_from_db()
    source.refresh_from_db()
    assert (skipped.status, skipped.reason) == (EntryStatus.WAITING, "")
    assert source.next_poll_at <= timezone.now()


def test_editors_tune_the_one_relevance_rule(editor_client):
    topic = TopicFactory(name="Air defence", slug="air-defence")
    response = editor_client.get(reverse("admin:timeline_relevancerule_changelist"))
    rule = RelevanceRule.current()
    assert response["Location"] == reverse("admin:timeline_relevancerule_change", args=[rule.pk])
    editor_client.post(
        response["Location"],
        {"topics": [topic.pk], "min_actors": 2, "actor_kinds": ["state", "alliance"]},
    )
    rule.refresh_from_db()
    assert (list(rule.topics.all()), rule.min_actors, rule.actor_kinds) == (
        [topic],
        2,
        ["state", "alliance"],
    )


def set_aside_article():
    article = ArticleFactory(relevant=False, relevance_reason="No topic that counts.")
    event = EventFactory(status=Status.PENDING, mention__article=article)
    return article, event


def test_events_of_an_article_set_aside_are_out_of_the_queue_but_can_be_found(editor_client):
    _, event = set_aside_article()
    kept = EventFactory(status=Status.PENDING)
    queue = [e.pk for e in editor_client.get(QUEUE).context["cl"].result_list]
    aside = [
        e.pk for e in editor_client.get(QUEUE, {"status": "set-aside"}).context["cl"].result_list
    ]
    assert (queue, aside) == ([kept.pk], [event.pk])


def test_an_event_also_reported_by_a_relevant_article_stays_in_the_queue():
    article, event = set_aside_article()
    EventFactory(status=Status.PENDING, mention__article=article)
    relevant = ArticleFactory()
    event.mentions.create(article=relevant, sentence="Today X.", start=0, end=8)
    assert list(Event.objects.awaiting_review()) == [event]


def test_one_click_sends_an_article_set_aside_to_review(editor_client):
    article, event = set_aside_article()
    articles = editor_client.get(reverse("admin:timeline_article_changelist")).content.decode()
    send = reverse("admin:timeline_article_send_to_review", args=[article.pk])
    assert (
        "<strong>Not relevant</strong>: No topic that counts. "
        f'<button type="submit" class="button" formaction="{send}">Send to review</button>'
        in articles
    )
    response = editor_client.post(send, follow=True)
    assert (
        "1 article(s) sent to review: 1 pending event(s) now in the review queue."
        in response.content.decode()
    )
    article.refresh_from_db()
    assert (article.relevant, article.relevance_reason) == (True, "")
    assert article.history.first().history_change_reason == "Sent to review"
    assert [e.pk for e in editor_client.get(QUEUE).context["cl"].result_list] == [event.pk]


def test_on_the_articles_page_send_to_review_is_a_form_of_its_own(editor_client):
    article, _ = set_aside_article()
    page = editor_client.get(reverse("admin:timeline_article_change", args=[article.pk]))
    text = page.content.decode()
    send = reverse("admin:timeline_article_send_to_review", args=[article.pk])
    # Outside the article's form, so that Enter in a field saves rather than sends to review.
    assert '<button type="submit" class="button" form="send-to-review">Send to review' in text
    assert text.index('<form id="send-to-review" method="post" action="' + send) > text.index(
        "</form>"
    )


def test_confirm_pending_leaves_the_events_of_articles_set_aside():
    _, event = set_aside_article()
    call_command("confirm_pending", "--min-confidence", "0", stdout=None)
    event.refresh_from_db()
    assert event.status == Status.PENDING
