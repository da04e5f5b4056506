"""The timeline in Debian's Chromium: htmx filtering, history, paging, no-JS, accessibility."""

import datetime

import pytest

from tests.factories import ActorFactory, EventFactory, TopicFactory

# serialized_rollback restores the starter vocabulary and groups the flush would remove.
pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def timeline(settings):
    """Twelve events: eight with Poland, four with Ukraine; pages of five."""
    settings.TIMELINE_PAGE_SIZE = 5
    poland = ActorFactory(name="Poland", slug="poland")
    ukraine = ActorFactory(name="Ukraine", slug="ukraine")
    nato = ActorFactory(name="NATO", slug="nato")
    air = TopicFactory(name="Air defence", slug="air-defence")
    for index in range(12):
        actor = poland if index % 3 else ukraine
        EventFactory(
            title=f"{actor.name} event {index}",
            date=datetime.date(2022, 1 + index, 10),
            actors=[actor, nato],
            topics=[air] if index % 2 else [],
            mention__sentence=f"Today {actor.name} agreed step {index} with NATO.",
        )


def event_titles(page) -> list[str]:
    return page.locator(".event-title").all_inner_texts()


def test_picking_an_actor_filters_in_place_and_back_restores(live_server, page, timeline):
    page.goto(live_server.url + "/")
    assert len(event_titles(page)) == 5
    page.evaluate("window.notReloaded = true")

    with page.expect_response(lambda r: "actor=ukraine" in r.url):
        page.get_by_role("checkbox", name="Ukraine").check()
    page.wait_for_url("**/?actor=ukraine")
    page.wait_for_function("document.querySelectorAll('.event-title').length === 4")
    assert all(title.startswith("Ukraine") for title in event_titles(page))
    assert page.evaluate("window.notReloaded") is True
    assert "4 events found" in page.locator("#announcer").inner_text()

    page.go_back()
    page.wait_for_url(live_server.url + "/")
    page.wait_for_function("document.querySelectorAll('.event-title').length === 5")
    assert not page.get_by_role("checkbox", name="Ukraine").is_checked()
    assert page.evaluate("window.notReloaded") is True


def test_typing_a_search_updates_results_after_a_pause(live_server, page, timeline):
    page.goto(live_server.url + "/")
    page.evaluate("window.notReloaded = true")
    page.get_by_label("Search titles and quotes").press_sequentially("step 7", delay=20)
    page.wait_for_url("**/?q=step+7")
    page.wait_for_function("document.querySelectorAll('.event-title').length === 1")
    assert event_titles(page) == ["Poland event 7"]
    assert page.evaluate("window.notReloaded") is True


def test_load_more_appends_the_next_page(live_server, page, timeline):
    page.goto(live_server.url + "/?actor=poland")
    page.evaluate("window.notReloaded = true")
    assert len(event_titles(page)) == 5
    page.get_by_role("link", name="Load more events").click()
    page.wait_for_function("document.querySelectorAll('.event-title').length === 8")
    assert page.get_by_role("link", name="Load more events").count() == 0
    assert page.evaluate("window.notReloaded") is True
    assert page.url == live_server.url + "/?actor=poland"
    titles = event_titles(page)
    assert len(set(titles)) == 8


def test_timeline_works_without_javascript(live_server, chromium, timeline):
    context = chromium.new_context(java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(live_server.url + "/")
        page.get_by_role("checkbox", name="Ukraine").check()
        page.get_by_role("button", name="Show events").click()
        page.wait_for_url("**/?*actor=ukraine*")
        assert len(event_titles(page)) == 4
        page.goto(live_server.url + "/?actor=poland")
        page.get_by_role("link", name="Load more events").click()
        page.wait_for_url("**cursor=*")
        assert len(event_titles(page)) == 3
    finally:
        context.close()


def serious_violations(page) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    return [
        f"{violation['id']}: {violation['help']}"
        for violation in results.response["violations"]
        if violation["impact"] in ("serious", "critical")
    ]


@pytest.mark.parametrize(("name", "width"), [("desktop", 1280), ("phone", 390)])
def test_no_serious_accessibility_violations_and_screenshots(
    live_server, chromium, timeline, artifacts_dir, name, width
):
    for scheme in ("light", "dark"):
        context = chromium.new_context(
            viewport={"width": width, "height": 900}, color_scheme=scheme
        )
        page = context.new_page()
        try:
            page.goto(live_server.url + "/?topic=air-defence")
            assert serious_violations(page) == []
            shot = artifacts_dir / f"timeline-{name}-{scheme}.png"
            page.screenshot(path=shot, full_page=name == "phone")
            assert page.evaluate("document.documentElement.scrollWidth") <= width
            page.goto(live_server.url + page.locator(".event-title a").first.get_attribute("href"))
            page.wait_for_selector("h1#event-title")
            assert serious_violations(page) == []
        finally:
            context.close()
