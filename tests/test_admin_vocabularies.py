"""Vocabularies in the admin: a new alias re-tags the pending events it names."""

import datetime

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


def actor_form(actor: Actor, **fields) -> dict:
    """The actor change form as the admin page posts it, with no alias rows."""
    return {
        "name": actor.name,
        "slug": actor.slug,
        "kind": actor.kind,
        "part_of": actor.part_of_id or "",
        "description": actor.description,
        "aliases-TOTAL_FORMS": "0",
        "aliases-INITIAL_FORMS": "0",
        "offices-TOTAL_FORMS": "0",
        "offices-INITIAL_FORMS": "0",
        **fields,
    }


def test_the_actor_page_shows_offices_held_and_part_of(editor_client):
    actor = Actor.objects.get(slug="boris-pistorius")
    page = editor_client.get(reverse("admin:timeline_actor_change", args=[actor.pk])).content
    assert b"Offices held" in page
    assert b'name="offices-0-role"' in page
    assert b'name="part_of"' in page


def test_an_editor_adds_an_office_and_a_parent_body_on_the_actor_page(editor_client):
    germany = Actor.objects.get(slug="germany")
    actor = Actor.objects.create(name="Siemtje Möller", slug="siemtje-moller", kind="person")
    body = Actor.objects.create(name="Bundesrat", slug="bundesrat", kind="agency")

    response = editor_client.post(
        reverse("admin:timeline_actor_change", args=[actor.pk]),
        actor_form(
            actor,
            **{
                "offices-TOTAL_FORMS": "1",
                "offices-0-role": "defence-minister",
                "offices-0-of": germany.pk,
                "offices-0-start": "2025-05-06",
                "offices-0-end": "",
            },
        ),
    )
    assert response.status_code == 302
    office = actor.offices.get()
    assert (office.role, office.of, office.start, office.end) == (
        "defence-minister",
        germany,
        datetime.date(2025, 5, 6),
        None,
    )

    editor_client.post(
        reverse("admin:timeline_actor_change", args=[body.pk]), actor_form(body, part_of=germany.pk)
    )
    body.refresh_from_db()
    assert body.part_of == germany


def test_an_office_that_ends_before_it_starts_is_refused_and_nothing_is_saved(editor_client):
    actor = Actor.objects.create(name="Nobody Minister", slug="nobody-minister", kind="person")
    response = editor_client.post(
        reverse("admin:timeline_actor_change", args=[actor.pk]),
        actor_form(
            actor,
            description="changed",
            **{
                "offices-TOTAL_FORMS": "1",
                "offices-0-role": "foreign-minister",
                "offices-0-of": Actor.objects.get(slug="france").pk,
                "offices-0-start": "2024-05-01",
                "offices-0-end": "2023-05-01",
            },
        ),
    )
    assert response.status_code == 200
    assert "An office cannot end before it starts." in response.content.decode()
    actor.refresh_from_db()
    assert actor.description == "" and not actor.offices.exists()


def test_the_actor_list_filters_companies(editor_client):
    page = editor_client.get(reverse("admin:timeline_actor_changelist"), {"kind": "company"})
    content = page.content.decode()
    assert "Rheinmetall" in content
    assert "Boris Pistorius" not in content
