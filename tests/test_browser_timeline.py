"""The timeline in Debian's Chromium: htmx filtering, links, history, paging, focus, the chart,
phones, no-JS, accessibility."""

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
    poland = ActorFactory(name="Poland", slug="poland", description="A NATO member.")
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
    assert page.url.startswith(live_server.url + "/?actor=poland&through=")
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


def expect_one_page(page, heading: str) -> None:
    """A whole page, not a page nested inside another: one <main>, one header, its <h1>."""
    page.wait_for_function(
        "h => document.querySelector('h1') && document.querySelector('h1').textContent.includes(h)",
        arg=heading,
    )
    assert page.locator("main").count() == 1
    assert page.locator(".site-header").count() == 1
    assert page.locator("h1").count() == 1


@pytest.mark.parametrize(
    ("link", "heading", "address"),
    [
        (".event-title a", "event 11", "/events/"),
        (".permalink", "event 11", "/events/"),
        (".chip-actor", "Defence cooperation", "actor="),
        (".chip-topic", "Defence cooperation", "topic="),
        ("text=All actors", "Actors", "/actors/"),
        ("text=All topics", "Topics", "/topics/"),
    ],
)
def test_each_kind_of_link_in_the_results_opens_its_page_alone(
    live_server, page, timeline, link, heading, address
):
    page.goto(live_server.url + "/")
    page.locator(link).first.click()
    page.wait_for_url(f"**{address}**")
    expect_one_page(page, heading)


def test_links_on_an_actor_page_open_their_page_alone(live_server, page, timeline):
    page.goto(live_server.url + "/actors/poland/")
    expect_one_page(page, "Poland")
    page.locator(".chip-topic").first.click()
    page.wait_for_url("**topic=air-defence**")
    expect_one_page(page, "Defence cooperation")


def test_back_after_load_more_restores_the_events_and_the_scroll_position(
    live_server, page, timeline
):
    page.goto(live_server.url + "/")
    page.get_by_role("link", name="Load more events").click()
    page.wait_for_function("document.querySelectorAll('.event-title').length === 10")
    ninth = page.locator(".event-title a").nth(8)
    ninth.scroll_into_view_if_needed()
    page.evaluate("window.scrollBy(0, 40)")
    scrolled = page.evaluate("window.scrollY")
    assert scrolled > 500
    title = ninth.inner_text()
    ninth.click()
    expect_one_page(page, title)

    page.go_back()
    page.wait_for_function("document.querySelectorAll('.event-title').length === 10")
    page.wait_for_function(f"Math.abs(window.scrollY - {scrolled}) < 5")
    assert page.get_by_role("link", name="Load more events").count() == 1


def test_load_more_moves_focus_to_the_first_new_event(live_server, page, timeline):
    page.goto(live_server.url + "/")
    page.get_by_role("link", name="Load more events").focus()
    page.keyboard.press("Enter")
    page.wait_for_function("document.querySelectorAll('.event-title').length === 10")
    page.wait_for_function("document.activeElement.closest('.event') !== null")
    assert page.evaluate("document.activeElement.textContent") == event_titles(page)[5]


def test_ticking_a_facet_keeps_keyboard_focus_on_it(live_server, page, timeline):
    page.goto(live_server.url + "/")
    checkbox = page.get_by_role("checkbox", name="Ukraine")
    checkbox.focus()
    page.keyboard.press("Space")
    page.wait_for_url("**/?actor=ukraine")
    page.wait_for_function("document.querySelectorAll('.event-title').length === 4")
    assert page.evaluate("document.activeElement.id") == "facet-actor-ukraine"
    assert page.evaluate("document.activeElement.checked") is True
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('.facets') !== null")


def test_filtering_updates_the_page_title_and_the_feed_link(live_server, page, timeline):
    page.goto(live_server.url + "/")
    assert page.title().startswith("Timeline ·")
    page.get_by_role("checkbox", name="Ukraine").check()
    page.wait_for_url("**/?actor=ukraine")
    page.wait_for_function("document.title.startsWith('Ukraine')")
    page.get_by_role("textbox", name="From").fill("2022-03")
    page.get_by_role("textbox", name="From").press("Enter")
    page.wait_for_function("document.title.startsWith('Ukraine · from March 2022 ·')")
    feed = page.locator("head link[type='application/atom+xml']")
    assert feed.count() == 1
    assert feed.get_attribute("href") == "/feed.atom?actor=ukraine&from=2022-03"


def test_an_invalid_date_stays_in_its_field_to_be_corrected(live_server, chromium, timeline):
    for javascript in (True, False):
        context = chromium.new_context(java_script_enabled=javascript)
        page = context.new_page()
        try:
            page.goto(live_server.url + "/")
            page.get_by_role("textbox", name="From").fill("2022-13")
            page.get_by_role("textbox", name="From").press("Enter")
            page.wait_for_selector(".problems")
            assert "“2022-13” is not a date" in page.locator(".problems").inner_text()
            assert page.get_by_role("textbox", name="From").input_value() == "2022-13"
            assert len(event_titles(page)) == 5
            page.goto(live_server.url + "/?to=banana")
            assert page.get_by_role("textbox", name="To").input_value() == "banana"
            assert page.get_by_role("textbox", name="To").get_attribute("aria-invalid") == "true"
        finally:
            context.close()


def test_chart_view_draws_the_events_in_lanes_and_opens_one(live_server, page, timeline):
    page.goto(live_server.url + "/?actor=poland")
    page.get_by_role("link", name="Chart").click()
    page.wait_for_url("**view=chart**")
    page.wait_for_selector(".vis-timeline")
    page.wait_for_function("document.querySelectorAll('#chart .chart-item').length === 8")
    lanes = page.locator(".vis-labelset .vis-label").all_inner_texts()
    assert [lane.strip() for lane in lanes] == ["Poland"]
    assert "8 events in this period." in page.locator(".chart-status").inner_text()
    assert page.locator("#event-list").count() == 0
    # vis-timeline is loaded on the chart view only.
    assert page.evaluate("typeof window.vis") == "object"
    page.locator(".chart-item", has_text="event 11").click()
    expect_one_page(page, "Poland event 11")

    page.goto(live_server.url + "/")
    assert page.evaluate("typeof window.vis") == "undefined"


def test_chart_view_without_javascript_shows_the_list(live_server, chromium, timeline):
    context = chromium.new_context(java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(live_server.url + "/?view=chart&actor=ukraine")
        assert len(event_titles(page)) == 4
        assert page.locator("#chart").is_hidden()
    finally:
        context.close()


def test_on_a_phone_the_results_come_first_and_the_filters_open_on_demand(
    live_server, chromium, timeline
):
    context = chromium.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    try:
        page.goto(live_server.url + "/?actor=poland&topic=air-defence")
        toggle = page.locator(".filter-toggle")
        assert toggle.inner_text() == "Filters (2 active)"
        assert page.get_by_label("Search titles and quotes").is_hidden()
        first_screen = 844
        assert page.locator("#results-heading").bounding_box()["y"] < first_screen / 2
        assert page.locator(".active-filters").bounding_box()["y"] < first_screen
        assert page.locator(".event").first.bounding_box()["y"] < first_screen
        assert page.evaluate("document.documentElement.scrollWidth") <= 390

        toggle.click()
        page.get_by_role("checkbox", name="NATO").check()
        page.wait_for_url("**actor=nato**")
        page.wait_for_function(
            "document.querySelector('.filter-toggle').textContent === 'Filters (3 active)'"
        )
        assert page.get_by_label("Search titles and quotes").is_visible()
    finally:
        context.close()


def test_the_filters_are_a_sidebar_on_a_wide_screen(live_server, page, timeline):
    page.goto(live_server.url + "/")
    assert page.locator(".filter-toggle").is_hidden()
    search = page.get_by_label("Search titles and quotes").bounding_box()
    heading = page.locator("#results-heading").bounding_box()
    assert search["x"] < heading["x"]


def accessibility_violations(page) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    return [
        f"{violation['id']} ({violation['impact']}): {violation['help']} "
        f"{[node['target'] for node in violation['nodes']][:3]}"
        for violation in results.response["violations"]
    ]


@pytest.mark.parametrize(("name", "width"), [("desktop", 1280), ("phone", 390)])
def test_no_accessibility_violations_on_any_public_page(
    live_server, chromium, timeline, artifacts_dir, name, width
):
    pages = {
        "home": "/",
        "event": None,
        "filtered": "/?topic=air-defence&from=2022-03",
        "chart": "/?view=chart&topic=air-defence",
        "actor": "/actors/poland/",
        "topic": "/topics/air-defence/",
        "actors": "/actors/",
        "topics": "/topics/",
    }
    for scheme in ("light", "dark"):
        context = chromium.new_context(
            viewport={"width": width, "height": 900}, color_scheme=scheme
        )
        page = context.new_page()
        try:
            for label, path in pages.items():
                if path is None:
                    path = page.locator(".event-title a").first.get_attribute("href")
                page.goto(live_server.url + path)
                if label == "chart":
                    page.wait_for_selector("#chart .chart-item")
                assert accessibility_violations(page) == [], f"{label} ({scheme})"
                assert page.evaluate("document.documentElement.scrollWidth") <= width, label
                if label in ("filtered", "chart"):
                    shot = artifacts_dir / f"timeline-{label}-{name}-{scheme}.png"
                    page.screenshot(path=shot, full_page=name == "phone")
        finally:
            context.close()
