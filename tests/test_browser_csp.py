"""The Content-Security-Policy in a real browser: no page of the public site or of the editors'
admin does anything the policy blocks (an inline script or style, a foreign source)."""

import pytest
from django.urls import reverse

from tests.conftest import log_in_to_admin
from tests.factories import ActorFactory, EventFactory, make_user
from timeline.models import Mention, Status

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def violations_while_visiting(page, base: str, paths: list[str]) -> list[str]:
    blocked: list[str] = []
    page.on(
        "console",
        lambda message: (
            blocked.append(f"{page.url}: {message.text}")
            if "Content Security Policy" in message.text
            else None
        ),
    )
    for path in paths:
        page.goto(base + path)
        page.wait_for_load_state("networkidle")
    return blocked


def test_public_pages_and_admin_pages_break_no_rule_of_the_policy(live_server, page, migrated_data):
    poland = ActorFactory(name="Poland", slug="poland")
    event = EventFactory(actors=[poland])
    pending = EventFactory(status=Status.PENDING, actors=[poland])
    make_user("csp-editor")
    base = live_server.url
    log_in_to_admin(page, base, "csp-editor")
    paths = [
        "/",
        "/?actor=poland",
        event.get_absolute_url(),
        "/actors/poland/",
        "/actors/?q=pol",
        "/admin/",
        reverse("admin:timeline_event_changelist"),
        reverse("admin:timeline_event_change", args=[pending.pk]),
        reverse("admin:timeline_event_duplicates"),
        reverse("admin:timeline_article_add"),
        reverse("admin:timeline_actor_change", args=[poland.pk]),
        reverse("admin:timeline_mention_change", args=[Mention.objects.first().pk]),
    ]
    assert violations_while_visiting(page, base, paths) == []
    # The admin's own scripts still run: the date widget's calendar link is added by JavaScript.
    page.goto(base + reverse("admin:timeline_event_change", args=[pending.pk]))
    assert page.locator(".datetimeshortcuts").count() >= 1
