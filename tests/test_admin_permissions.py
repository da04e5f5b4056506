"""Who may do what: anonymous visitors see the public site only, editors ingest and review,
superusers alone delete vocabularies and manage users."""

import pytest
from django.urls import reverse

from tests.factories import ActorFactory, EventFactory, TopicFactory, make_user
from timeline.models import Actor, Topic

pytestmark = pytest.mark.django_db

EDITOR_PAGES = [
    ("admin:timeline_event_changelist", ()),
    ("admin:timeline_event_duplicates", ()),
    ("admin:timeline_article_add", ()),
    ("admin:timeline_eventmerge_changelist", ()),
    ("admin:timeline_actor_add", ()),
    ("admin:timeline_topic_add", ()),
]
SUPERUSER_PAGES = [
    ("admin:auth_user_changelist", ()),
    ("admin:auth_group_changelist", ()),
]


@pytest.fixture
def users(db):
    return {
        "anonymous": None,
        "reader": make_user("reader", editor=False),
        "editor": make_user("editor"),
        "superuser": make_user("root", editor=False, superuser=True),
    }


def status_for(client, users, who: str, name: str, args=()) -> int:
    if users[who] is not None:
        client.force_login(users[who])
    return client.get(reverse(name, args=args)).status_code


@pytest.mark.parametrize("name", [name for name, _ in EDITOR_PAGES])
@pytest.mark.parametrize(
    ("who", "allowed"),
    [("anonymous", False), ("reader", False), ("editor", True), ("superuser", True)],
)
def test_editor_pages(client, users, name, who, allowed):
    code = status_for(client, users, who, name)
    assert (code == 200) is allowed
    if not allowed:
        assert code in {302, 403}


@pytest.mark.parametrize("name", [name for name, _ in SUPERUSER_PAGES])
@pytest.mark.parametrize(
    ("who", "allowed"), [("anonymous", False), ("editor", False), ("superuser", True)]
)
def test_only_superusers_manage_users(client, users, name, who, allowed):
    code = status_for(client, users, who, name)
    assert (code == 200) is allowed


@pytest.mark.parametrize(("factory", "model"), [(ActorFactory, Actor), (TopicFactory, Topic)])
@pytest.mark.parametrize(("who", "allowed"), [("editor", False), ("superuser", True)])
def test_only_superusers_delete_actors_and_topics(client, users, factory, model, who, allowed):
    item = factory()
    client.force_login(users[who])
    name = f"admin:timeline_{model._meta.model_name}_delete"
    client.post(reverse(name, args=[item.pk]), {"post": "yes"})
    assert model.objects.filter(pk=item.pk).exists() is not allowed


def test_editors_do_not_see_the_delete_action_for_actors(client, users):
    ActorFactory()
    client.force_login(users["editor"])
    response = client.get(reverse("admin:timeline_actor_changelist"))
    actions = [value for value, _ in response.context["action_form"].fields["action"].choices]
    assert "delete_selected" not in actions
    assert "merge_selected" not in actions
    assert "retag_pending_events" in actions


def test_editors_can_edit_actors_and_their_aliases(client, users):
    actor = ActorFactory()
    client.force_login(users["editor"])
    assert client.get(reverse("admin:timeline_actor_change", args=[actor.pk])).status_code == 200


def test_anonymous_visitors_reach_the_public_site_but_not_the_admin(client):
    EventFactory()
    assert client.get(reverse("timeline:health")).status_code == 200
    response = client.get(reverse("admin:timeline_event_changelist"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))
