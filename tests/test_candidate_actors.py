"""Names the extractor saw acting that the vocabulary lacks: stored with the proposal, accepted by
an editor in one step, then tagged."""

import datetime

import pytest
from django.urls import reverse

from tests.factories import EventFactory
from timeline.ingestion import ingest
from timeline.models import Actor, Event, Status

pytestmark = pytest.mark.django_db

ARTICLE = (
    "Finland signs a drone deal\n\n"
    "Defence Minister Jarno Virtanen signed a deal with Ukraine on drones on Monday.\n\n"
    "Finland will deliver the first drones by June, the ministry said."
)


def test_ingested_proposals_keep_candidate_actors_and_target_dates():
    outcome = ingest(ARTICLE, published=datetime.date(2024, 4, 17))
    events = Event.objects.filter(mentions__article=outcome.article).distinct()
    signed = events.get(mentions__sentence__contains="signed a deal")
    assert signed.candidate_actors == ["Jarno Virtanen"]
    deliver = events.get(mentions__sentence__contains="deliver the first drones")
    assert (deliver.target_date, deliver.target_precision) == (datetime.date(2024, 6, 1), "month")
    assert deliver.target_display == "June 2024"


def test_an_editor_accepts_a_candidate_in_one_step(editor_client):
    event = EventFactory(status=Status.PENDING, candidate_actors=["Jarno Virtanen", "Nordic Arms"])
    page = editor_client.get(reverse("admin:timeline_event_change", args=[event.pk]))
    assert "Add “Jarno Virtanen” as an actor" in page.content.decode()
    add = reverse("admin:timeline_actor_add") + f"?name=Jarno+Virtanen&candidate_of={event.pk}"
    form = editor_client.get(add)
    assert form.context["adminform"].form.initial["name"] == "Jarno Virtanen"
    response = editor_client.post(
        add,
        {
            "name": "Jarno Virtanen",
            "slug": "jarno-virtanen",
            "kind": "person",
            "description": "",
            "aliases-TOTAL_FORMS": "1",
            "aliases-INITIAL_FORMS": "0",
            "aliases-0-alias": "Virtanen",
            "offices-TOTAL_FORMS": "0",
            "offices-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:timeline_event_change", args=[event.pk])
    event.refresh_from_db()
    actor = Actor.objects.get(slug="jarno-virtanen")
    assert actor in event.actors.all()
    assert event.candidate_actors == ["Nordic Arms"]
    assert list(actor.aliases.values_list("alias", flat=True)) == ["Virtanen"]


def test_a_new_actor_is_found_everywhere_on_re_extraction():
    outcome = ingest(ARTICLE, published=datetime.date(2024, 4, 17))
    actor = Actor.objects.create(name="Jarno Virtanen", slug="jarno-virtanen", kind="person")
    from timeline.ingestion import reextract

    reextract(outcome.article)
    signed = Event.objects.get(
        mentions__article=outcome.article, mentions__sentence__contains="signed a deal"
    )
    assert actor in signed.actors.all()
    assert signed.candidate_actors == []
