"""Probes an attacker or a busy newsroom would try: guessed passwords, control characters in
editors' text and in query strings, admin pages that used to fail, security headers, and pages
that must not exist publicly."""

import logging
from urllib.parse import urlencode

import pytest
from axes.models import AccessAttempt
from django.contrib import admin
from django.contrib.admin.models import DELETION, LogEntry
from django.urls import reverse

from tests.factories import PASSWORD, ActorFactory, EventFactory, change_data, make_user
from timeline.admin.display import ReadOnlyMentionInline
from timeline.admin.forms import WithoutControlCharacters
from timeline.models import Mention, Status

pytestmark = pytest.mark.django_db
LOGIN = reverse("admin:login")


def log_in(client, username: str, password: str, **extra):
    return client.post(LOGIN, {"username": username, "password": password, **extra})


# Item 7: logins cannot be guessed.


def test_repeated_wrong_passwords_lock_the_account_even_for_the_right_one(client, caplog):
    make_user("editor")
    for _ in range(4):
        assert log_in(client, "editor", "guess").status_code == 200  # the form again
    with caplog.at_level(logging.WARNING, logger="axes"):
        assert log_in(client, "editor", "guess").status_code == 429  # the fifth locks
    locked = log_in(client, "editor", PASSWORD)
    assert locked.status_code == 429
    assert "Sign-in locked" in locked.content.decode()
    assert "_auth_user_id" not in client.session
    assert any("Locking out" in record.getMessage() for record in caplog.records)


def test_an_administrator_lifts_a_lockout_in_the_admin_and_it_is_logged(client):
    make_user("editor")
    for _ in range(5):
        log_in(client, "editor", "guess")
    admin_client = client.__class__()
    admin_client.force_login(make_user("root", superuser=True))
    attempts = AccessAttempt.objects.filter(username="editor")
    response = admin_client.post(
        reverse("admin:axes_accessattempt_changelist"),
        {
            "action": "delete_selected",
            "_selected_action": list(attempts.values_list("pk", flat=True)),
            "post": "yes",
        },
    )
    assert response.status_code == 302
    assert not attempts.exists()
    assert LogEntry.objects.filter(action_flag=DELETION, user__username="root").exists()
    assert log_in(client, "editor", PASSWORD).status_code == 302  # in again


def test_a_login_whose_next_address_is_refused_lands_on_the_admin(client):
    make_user("editor")
    response = log_in(client, "editor", PASSWORD, next="https://evil.example/")
    assert response["Location"] == reverse("admin:index")


# Item 8: editors' text cannot break public pages.


def admin_forms():
    """Every form class the timeline's admin saves objects with, inlines included."""
    for model, model_admin in admin.site._registry.items():
        if model._meta.app_label != "timeline":
            continue
        yield model.__name__, model_admin.form
        for inline in model_admin.inlines:
            if not issubclass(inline, ReadOnlyMentionInline):  # evidence is never edited there
                yield f"{model.__name__} inline {inline.model.__name__}", inline.form


@pytest.mark.parametrize(("name", "form"), list(admin_forms()), ids=lambda value: str(value))
def test_every_admin_form_strips_control_characters(name, form):
    assert issubclass(form, WithoutControlCharacters), name


def test_a_vertical_tab_typed_into_a_title_is_stripped_and_the_feed_still_works(
    editor_client, client
):
    event = EventFactory(status=Status.PENDING, title="Old")
    data = change_data(event, title="Patriots\x0bfor Poland\x01", _confirm="1")
    editor_client.post(reverse("admin:timeline_event_change", args=[event.pk]), data)
    event.refresh_from_db()
    assert (event.title, event.status) == ("Patriots for Poland", Status.CONFIRMED)
    assert client.get("/feed.atom").status_code == 200


def test_the_feed_survives_control_characters_already_stored(client):
    EventFactory(title="Bad\x0btitle", mention__sentence="Today a \x1f quote.")
    response = client.get("/feed.atom")
    assert response.status_code == 200
    assert "Bad title" in response.content.decode()


@pytest.mark.parametrize("url", ["/actors/?q=%00", "/?q=%00", "/?q=NATO%00", "/export.csv?q=%00"])
def test_a_nul_in_a_public_query_parameter_is_cleaned_not_a_server_error(client, url):
    ActorFactory(name="Poland", slug="poland")
    EventFactory(title="Still shown")
    assert client.get(url).status_code == 200


# Item 9: admin pages that used to be 500s.


def test_the_mention_pages_open_for_editors(editor_client):
    event = EventFactory()
    mention = Mention.objects.get(event=event)
    assert editor_client.get(reverse("admin:timeline_mention_add")).status_code == 200
    change = reverse("admin:timeline_mention_change", args=[mention.pk])
    assert editor_client.get(change).status_code == 200


@pytest.mark.parametrize(
    "filters",
    ["actors__id__exact=abc", "date__gte=notadate", "date__year=x", "o=zz", "%ZZ=1", "q=%00"],
)
def test_confirm_and_next_with_a_malformed_list_filter_goes_on_with_the_queue(
    editor_client, filters
):
    current = EventFactory(status=Status.PENDING)
    following = EventFactory(status=Status.PENDING)
    url = reverse("admin:timeline_event_change", args=[current.pk])
    data = change_data(current, _confirm_next="1")
    response = editor_client.post(f"{url}?{urlencode({'_changelist_filters': filters})}", data)
    assert response.status_code == 302
    assert reverse("admin:timeline_event_change", args=[following.pk]) in response["Location"]


# Item 10: security headers.


@pytest.mark.parametrize("url", ["/", "/admin/login/"])
def test_pages_send_a_content_security_policy_without_inline_scripts(client, url):
    response = client.get(url)
    policy = response["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";") if part.strip())
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'"
    assert "<script>" not in response.content.decode()


def test_pages_send_the_other_security_headers(client):
    response = client.get("/")
    assert "camera=()" in response["Permissions-Policy"]
    assert "geolocation=()" in response["Permissions-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


# Item 11: no public page for an actor without confirmed events.


def test_an_actor_without_confirmed_events_has_no_public_page(client):
    hidden = ActorFactory(name="Hidden", slug="hidden")
    EventFactory(status=Status.PENDING, actors=[hidden])
    EventFactory(status=Status.REJECTED, actors=[hidden])
    assert client.get("/actors/hidden/").status_code == 404
    shown = ActorFactory(name="Shown", slug="shown")
    EventFactory(actors=[shown])
    EventFactory(actors=[shown])
    assert client.get("/actors/shown/").status_code == 200
