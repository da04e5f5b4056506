"""The admin is for editors: it loads for them and is refused to everyone else."""

import pytest
from django.urls import reverse

from tests.factories import EventFactory, make_user

pytestmark = pytest.mark.django_db

PAGES = [
    "admin:index",
    "admin:timeline_event_changelist",
    "admin:timeline_article_changelist",
    "admin:timeline_actor_changelist",
    "admin:timeline_topic_changelist",
]


@pytest.mark.parametrize("name", PAGES)
def test_admin_pages_load_for_an_editor(editor_client, name):
    EventFactory()
    response = editor_client.get(reverse(name))
    assert response.status_code == 200


@pytest.mark.parametrize("name", PAGES)
def test_admin_pages_send_anonymous_visitors_to_log_in(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_a_logged_in_user_outside_the_editors_group_cannot_see_events(client):
    client.force_login(make_user("reader", editor=False))
    assert client.get(reverse("admin:timeline_event_changelist")).status_code == 302


def test_the_editors_group_exists_with_review_permissions(editor):
    assert editor.has_perm("timeline.change_event")
    assert editor.has_perm("timeline.add_article")
    assert not editor.has_perm("timeline.delete_actor")
    assert not editor.has_perm("auth.change_user")


def test_starter_vocabulary_is_installed(editor_client):
    from timeline.models import Actor, Topic

    assert Actor.objects.get(slug="volodymyr-zelenskyy").aliases.filter(alias="Zelensky").exists()
    assert Topic.objects.get(slug="air-defence").keywords.exists()
    assert Actor.objects.filter(slug__in=["poland", "nato", "nato-ukraine-council"]).count() == 3


def test_the_health_check_reports_the_database(client):
    response = client.get(reverse("timeline:health"))
    assert response.json() == {"status": "ok", "database": "ok"}
