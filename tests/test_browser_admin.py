"""An editor's morning in a real browser: add an article, confirm two events, reject one, and
see the confirmed ones on the public timeline."""

import pytest
from playwright.sync_api import expect

from tests.conftest import ARTICLES, log_in_to_admin
from tests.factories import make_user
from timeline.models import Event, Status

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CONFIRM = ["Today we have a large arsenal", "11 months ago, when I asked"]
REJECT = "Ukraine’s cooperation with NATO in defense already deeper"


def log_in(page, base_url: str) -> None:
    make_user("morning-editor")
    log_in_to_admin(page, base_url, "morning-editor")
    expect(page.locator("#site-name")).to_contain_text("Defence-cooperation timeline")


def test_an_editor_ingests_reviews_and_publishes(live_server, page, artifacts_dir, migrated_data):
    base = live_server.url
    log_in(page, base)

    page.goto(f"{base}/admin/timeline/article/add/")
    article_text = (ARTICLES / "reznikov-nato-integration-2022-10-01.txt").read_text()
    page.fill("#id_text", article_text)
    page.click("text=Add article and find its events")
    expect(page.locator(".messagelist")).to_contain_text("3 event(s) proposed for review")
    expect(page.locator("mark", has_text="11 months ago")).to_be_visible()

    page.click("text=all its events in a list")
    for quote in CONFIRM:
        row = page.locator("#result_list tbody tr", has_text=quote)
        row.locator("input.action-select").check()
    page.select_option("select[name=action]", "confirm_selected")
    page.click("button[name=index]")
    expect(page.locator(".messagelist")).to_contain_text("2 event(s) confirmed")

    page.locator("#result_list td.field-title", has_text=REJECT).locator("a").click()
    page.fill("#id_rejection_reason", "The headline sums up the article; not an event.")
    page.click("input[name=_reject]")
    expect(page.locator(".messagelist")).to_be_visible()
    page.screenshot(path=artifacts_dir / "admin-review-queue.png", full_page=True)

    assert Event.objects.filter(status=Status.CONFIRMED).count() == 2
    rejected = Event.objects.get(status=Status.REJECTED)
    assert rejected.rejection_reason.startswith("The headline")
    assert rejected.reviewed_by.username == "morning-editor"

    page.goto(f"{base}/")
    for event in Event.objects.filter(status=Status.CONFIRMED):
        expect(page.locator(f'a[href="{event.get_absolute_url()}"]').first).to_be_visible()
    # The rejected event's title is the article's headline, which the public page shows as the
    # source of the others; its own link must be absent.
    expect(page.locator(f'a[href="{rejected.get_absolute_url()}"]')).to_have_count(0)
