"""Vocabularies in the admin: a new alias re-tags the pending events it names."""

import pytest
from django.urls import reverse

from timeline.ingestion import ingest
from timeline.models import Actor, ActorAlias, Event, Status

pytestmark = pytest.mark.django_db


def test_a_new_alias_re_tags_untouched_pending_events_only(editor_client, reznikov_article):
    article = ingest(reznikov_article).article
    reviewed = Event.objects.filter(mentions__article=article).order_by("pk").first()
    reviewed.review(Status.CONFIRMED, None)
    reviewed.save()
    actor = Actor.objects.create(name="Western partners", slug="western-partners", kind="other")
    ActorAlias.objects.create(actor=actor, alias="Western weapons")

    response = editor_client.post(
        reverse("admin:timeline_actor_changelist"),
        {"action": "retag_pending_events", "_selected_action": [actor.pk]},
        follow=True,
    )

    assert "Re-tagged the pending events of 1 article(s)" in response.content.decode()
    assert Event.objects.filter(actors=actor, status=Status.PENDING).exists()
    assert Event.objects.filter(pk=reviewed.pk, status=Status.CONFIRMED).exists()


def test_aliases_and_keywords_are_edited_inline(editor_client):
    actor = Actor.objects.get(slug="nato")
    page = editor_client.get(reverse("admin:timeline_actor_change", args=[actor.pk]))
    assert 'name="aliases-0-alias"' in page.content.decode()
