"""The admin's event list at scale: filters whose choices are not computed from the events, and
no count of every event on every page. (Its speed at 100k events is measured in bench/admin.py.)
"""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import ActorFactory, EventFactory, TopicFactory
from timeline.models import ActorAlias, Status

pytestmark = pytest.mark.django_db

EVENTS = reverse("admin:timeline_event_changelist")


def listed(client, **params) -> list[str]:
    response = client.get(EVENTS, {"status": "all", **params})
    assert response.status_code == 200
    return sorted(event.title for event in response.context["cl"].result_list)


def test_the_actor_filter_takes_a_name_an_alias_or_a_slug(editor_client):
    freedonia = ActorFactory(name="Freedonia", slug="freedonia")
    ActorAlias.objects.create(actor=freedonia, alias="Fredonian Republic")
    EventFactory(title="Freedonian", actors=[freedonia])
    EventFactory(title="Other", actors=[ActorFactory(name="Sylvania", slug="sylvania")])
    for value in ["freedonia", "FREEDONIA", "fredonian republic", "Freedon"]:
        assert listed(editor_client, actor=value) == ["Freedonian"], value
    assert listed(editor_client, actor="nobody") == []


def test_the_actor_filter_form_keeps_the_other_filters(editor_client):
    topic = TopicFactory(name="Air defence")
    page = editor_client.get(EVENTS, {"status": "confirmed", "topic": topic.pk}).content.decode()
    assert '<input type="hidden" name="status" value="confirmed">' in page
    assert f'<input type="hidden" name="topic" value="{topic.pk}">' in page
    assert 'name="actor"' in page


def test_topics_and_years_filter_the_list(editor_client):
    air = TopicFactory(name="Air defence")
    EventFactory(title="Patriots", topics=[air], date=datetime.date(2022, 10, 1))
    EventFactory(title="Tanks", date=datetime.date(2015, 3, 1))
    assert listed(editor_client, topic=air.pk) == ["Patriots"]
    assert listed(editor_client, year="2022") == ["Patriots"]
    earlier = datetime.date.today().year - 9
    assert listed(editor_client, year="earlier") == (["Tanks"] if earlier > 2015 else [])


def test_the_list_never_counts_every_event_nor_lists_filter_choices_from_them(editor_client):
    actor = ActorFactory()
    for _ in range(3):
        EventFactory(status=Status.PENDING, actors=[actor])
    with CaptureQueriesContext(connection) as queries:
        page = editor_client.get(EVENTS, {"actor": actor.slug})
    counts = [q["sql"] for q in queries if "COUNT(" in q["sql"].upper()]
    assert len(counts) == 1  # the filtered list's own count, for its pages
    assert "total)" not in page.content.decode()  # no "(N total)" beside it
    assert not any("DISTINCT" in q["sql"] and "actor_id" in q["sql"] for q in queries)


def test_searching_finds_titles_quotes_and_actors_by_name(editor_client):
    freedonia = ActorFactory(name="Freedonia", slug="freedonia")
    EventFactory(title="Tanks delivered", mention__sentence="Today the HIMARS arrived.")
    EventFactory(title="Talks held", actors=[freedonia])
    EventFactory(title="Parade")
    assert listed(editor_client, q="tanks") == ["Tanks delivered"]
    assert listed(editor_client, q="himars") == ["Tanks delivered"]
    assert listed(editor_client, q="Freedonia") == ["Talks held"]
