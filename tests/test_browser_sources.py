"""Sources in a real browser: the row buttons of the admin's lists (Poll now, Pause, Send to
review) post to their own views from inside the list's form, which only a browser shows."""

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from tests.conftest import log_in_to_admin
from tests.factories import ArticleFactory, EventFactory
from tests.feed_pages import LITHUANIA, POLAND, article, feed
from tests.http_pages import serve
from timeline.models import Source, Status

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(page, base_url: str) -> None:
    get_user_model().objects.create_superuser("chief", "chief@example.org", "a long passphrase")
    log_in_to_admin(page, base_url, "chief", "a long passphrase")


def test_poll_now_and_pause_from_the_source_list(live_server, page, settings, artifacts_dir):
    settings.FETCH_ALLOW_HOSTS = ["127.0.0.1"]
    log_in(page, live_server.url)
    routes = {}
    with serve(routes) as base:
        routes.update(
            {
                "/rss.xml": feed("rss2.xml", base),
                "/news/poland": article(*POLAND),
                "/news/lithuania": article(*LITHUANIA),
            }
        )
        Source.objects.create(url=f"{base}/rss.xml", name="Defence wire")
        page.goto(f"{live_server.url}/admin/timeline/source/")
        expect(page.locator("td.field-health")).to_contain_text("Not polled yet")
        page.click("#result_list button:has-text('Poll now')")
        expect(page.locator(".messagelist")).to_contain_text(
            "“Defence wire” polled: OK; 2 new entries"
        )
        expect(page.locator("td.field-health")).to_contain_text("OK")
    page.click("#result_list button:has-text('Pause')")
    expect(page.locator(".messagelist")).to_contain_text("Paused: “Defence wire”.")
    expect(page.locator("td.field-health")).to_contain_text("Paused")
    page.screenshot(path=artifacts_dir / "admin-sources.png", full_page=True)
    assert not Source.objects.get().active


def test_one_click_sends_an_article_set_aside_to_review(live_server, page):
    log_in(page, live_server.url)
    aside = ArticleFactory(
        title="Poland beat Hungary", relevant=False, relevance_reason="No topic."
    )
    EventFactory(title="The match", status=Status.PENDING, mention__article=aside)
    page.goto(f"{live_server.url}/admin/timeline/event/")
    expect(page.locator("#result_list")).to_have_count(0)  # the queue is empty
    page.goto(f"{live_server.url}/admin/timeline/article/")
    page.click("#result_list button:has-text('Send to review')")
    expect(page.locator(".messagelist")).to_contain_text("1 article(s) sent to review")
    page.goto(f"{live_server.url}/admin/timeline/event/")
    expect(page.locator("#result_list")).to_contain_text("The match")
