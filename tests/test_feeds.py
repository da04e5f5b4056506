"""The Atom feed of the current filter."""

import datetime
import io
import xml.etree.ElementTree as ET

import pytest

from tests.factories import ActorFactory, EventFactory, TopicFactory
from timeline.models import Event, Status

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"


def entries(response) -> list[ET.Element]:
    return ET.fromstring(response.content).findall(f"{ATOM}entry")


@pytest.fixture
def poland_air_defence():
    poland = ActorFactory(name="Poland", slug="poland")
    topic = TopicFactory(name="Air defence", slug="air-defence")
    EventFactory(title="Patriots for Poland", actors=[poland], topics=[topic])
    EventFactory(title="Poland, other topic", actors=[poland])
    EventFactory(title="Pending secret", status=Status.PENDING, actors=[poland], topics=[topic])
    EventFactory(title="Rejected secret", status=Status.REJECTED, actors=[poland], topics=[topic])
    return poland, topic


def test_feed_follows_the_current_filter(client, poland_air_defence):
    response = client.get("/feed.atom?actor=poland&topic=air-defence")
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)
    assert "Poland" in feed.find(f"{ATOM}title").text
    titles = [entry.find(f"{ATOM}title").text for entry in entries(response)]
    assert titles == ["1 October 2022: Patriots for Poland"]
    link = entries(response)[0].find(f"{ATOM}link").get("href")
    assert link.startswith("http://testserver/events/")


def test_feed_never_includes_pending_or_rejected_events(client, poland_air_defence):
    text = client.get("/feed.atom").content.decode()
    assert "secret" not in text
    assert len(entries(client.get("/feed.atom"))) == 2


def test_feed_summary_escapes_untrusted_quotes(client):
    EventFactory(mention__sentence="Today <script>alert(1)</script> it happened.")
    [entry] = entries(client.get("/feed.atom"))
    summary = entry.find(f"{ATOM}summary").text
    # Readers treat the summary as HTML: the quote must arrive escaped inside it.
    assert "<script>" not in summary
    assert "&lt;script&gt;" in summary
    assert "<mark>Today</mark>" in summary


def test_feed_with_invalid_filters_still_works(client, poland_air_defence):
    response = client.get("/feed.atom?from=notadate&actor=nobody")
    assert response.status_code == 200
    assert len(entries(response)) == 2


def test_timeline_page_advertises_the_feed_of_its_filter(client, poland_air_defence):
    html = client.get("/?actor=poland").content.decode()
    assert 'type="application/atom+xml"' in html
    assert 'href="/feed.atom?actor=poland"' in html


def test_entries_are_published_when_confirmed_and_updated_when_last_changed(client):
    confirmed = datetime.datetime(2024, 7, 20, 9, 0, tzinfo=datetime.UTC)
    changed = datetime.datetime(2024, 7, 22, 9, 0, tzinfo=datetime.UTC)
    early = EventFactory(title="Confirmed, later edited", reviewed_at=confirmed)
    Event.objects.filter(pk=early.pk).update(updated_at=changed)
    # A bulk confirmation that left updated_at behind the confirmation time.
    late = EventFactory(title="Confirmed in bulk", reviewed_at=changed)
    Event.objects.filter(pk=late.pk).update(updated_at=confirmed)
    times = {
        entry.find(f"{ATOM}title").text.split(": ", 1)[1]: (
            entry.find(f"{ATOM}published").text,
            entry.find(f"{ATOM}updated").text,
        )
        for entry in entries(client.get("/feed.atom"))
    }
    assert times["Confirmed, later edited"] == (
        "2024-07-20T09:00:00+00:00",
        "2024-07-22T09:00:00+00:00",
    )
    assert times["Confirmed in bulk"] == ("2024-07-22T09:00:00+00:00", "2024-07-22T09:00:00+00:00")


def test_confirm_pending_records_the_change_time(db):
    from django.core.management import call_command

    event = EventFactory(status=Status.PENDING, confidence=0.95)
    Event.objects.filter(pk=event.pk).update(
        updated_at=datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC)
    )
    call_command("confirm_pending", "--min-confidence", "0.9", stdout=io.StringIO())
    event.refresh_from_db()
    assert event.status == Status.CONFIRMED
    assert event.updated_at == event.reviewed_at
