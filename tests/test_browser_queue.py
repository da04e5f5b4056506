"""An editor clears an article's 20 proposals in the review queue with the keyboard alone, in a
real browser at 1280×800: nothing needs a scroll, and the keystrokes are counted."""

import datetime
import json

import pytest
from playwright.sync_api import expect

from tests.conftest import log_in_to_admin
from tests.factories import ActorFactory, ArticleFactory, EventFactory, make_user
from timeline.models import DuplicateSuggestion, Event, Status

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

VIEWPORT = {"width": 1280, "height": 800}
# The 20 proposals of the article in its order, and what the editor does with each.
PLAN = (
    ["confirm"] * 3
    + ["reject:1", "date", "merge", "confirm", "confirm", "reject:2"]
    + ["confirm", "merge", "date", "confirm", "reject:5", "confirm"]
    + ["merge", "confirm", "date", "reject:3", "reject:1"]
)
assert len(PLAN) == 20


class Keyboard:
    """The page's keyboard, counting every key the editor presses."""

    def __init__(self, page):
        self.page = page
        self.count = 0

    def press(self, key: str) -> None:
        self.page.keyboard.press(key)
        self.count += 1

    def type(self, text: str) -> None:
        self.page.keyboard.type(text)
        self.count += len(text)


@pytest.fixture
def article_under_review(migrated_data):
    poland, usa = (ActorFactory(name=name, slug=name.lower()) for name in ("Poland", "USA"))
    original = EventFactory(
        title="Poland buys Patriot batteries from the United States",
        date=datetime.date(2024, 5, 14),
        actors=[poland, usa],
        mention__sentence="On 14 May Poland signed for four Patriot batteries.",
        mention__expression="On 14 May",
    )
    sentences = [f"On {n + 1} May the allies took step {n} of the plan." for n in range(20)]
    article = ArticleFactory(
        title="Allies take twenty steps",
        publisher="Defence Daily",
        published=datetime.datetime(2024, 5, 28, tzinfo=datetime.UTC),
        body="Allies take twenty steps\n\n" + " ".join(sentences),
    )
    events = []
    for n, (sentence, action) in enumerate(zip(sentences, PLAN, strict=True)):
        event = EventFactory(
            status=Status.PENDING,
            title=f"Step {n}: the allies act",
            date=None if action == "date" else datetime.date(2024, 5, n + 1),
            actors=[poland, usa],
            confidence=0.9,
            mention__article=article,
            mention__sentence=sentence,
            mention__expression=f"On {n + 1} May",
        )
        if action == "merge":
            DuplicateSuggestion.objects.create(
                event=event, original=original, score=91, reasons={"shared_actors": ["Poland"]}
            )
        events.append(event)
    return original, events


def no_scroll_needed(page) -> None:
    """The event, its quote and every action are on the first screen, and the page has not
    scrolled to show them."""
    assert page.evaluate("window.scrollY") == 0
    for selector in (".review-quote", "#review-form button.default", "[data-key=s]"):
        box = page.locator(selector).first.bounding_box()
        assert box is not None and box["y"] + box["height"] <= VIEWPORT["height"], selector


def showing(page, event: Event) -> None:
    expect(page.locator(".review-meta").first).to_contain_text(f"#{event.pk} ·")
    no_scroll_needed(page)


def test_an_editor_clears_an_article_with_the_keyboard_alone(
    live_server, chromium, article_under_review, artifacts_dir
):
    original, events = article_under_review
    make_user("reviewer")
    context = chromium.new_context(viewport=VIEWPORT, bypass_csp=True)
    page = context.new_page()
    page.set_default_timeout(10_000)
    try:
        log_in_to_admin(page, live_server.url, "reviewer")
        page.goto(f"{live_server.url}/admin/timeline/event/queue/")
        keys = Keyboard(page)
        spent: dict[str, list[int]] = {}

        def act(kind: str, presses) -> None:
            before = keys.count
            presses()
            spent.setdefault(kind, []).append(keys.count - before)

        for position, (event, action) in enumerate(zip(events, PLAN, strict=True)):
            showing(page, event)
            if position == 1:
                # Skip the second event, then undo: back to it, still pending.
                act("skip", lambda: keys.press("s"))
                showing(page, events[2])
                act("undo", lambda: keys.press("u"))
                showing(page, event)
            if position == PLAN.index("merge"):
                page.screenshot(path=artifacts_dir / "review-queue.png")
            if action == "confirm":
                act("confirm", lambda: keys.press("c"))
            elif action == "date":
                expect(page.locator(".review-date")).to_have_text("Needs a date")
                day = f"2024-05-{position + 1:02d}"
                act("date", lambda day=day: (keys.press("d"), keys.type(day), keys.press("Enter")))
            elif action == "merge":
                expect(page.locator(".review-duplicate")).to_contain_text(
                    f"Probably the same as #{original.pk} (UNN, 1 Oct 2022)"
                )
                act("merge", lambda: keys.press("m"))
            else:
                reason = action.split(":")[1]
                before = keys.count
                keys.press("r")
                choice = page.locator(f"input[data-reason='{reason}']")
                expect(choice).to_be_visible()
                box = choice.bounding_box()
                assert box["y"] + box["height"] <= VIEWPORT["height"]
                no_scroll_needed(page)
                keys.press(reason)
                spent.setdefault("reject", []).append(keys.count - before)
            if position + 1 < len(events):
                expect(page.locator(".review-meta").first).not_to_contain_text(f"#{event.pk} ·")

        expect(page.locator(".review-empty h2")).to_contain_text(
            "Queue empty — 12 confirmed, 5 rejected, 3 merged in"
        )
        page.screenshot(path=artifacts_dir / "review-queue-empty.png")
    finally:
        context.close()

    statuses = dict(Event.objects.values_list("pk", "status"))
    plan = dict(zip((event.pk for event in events), PLAN, strict=True))
    assert [pk for pk, action in plan.items() if action in ("confirm", "date")] == sorted(
        pk for pk, status in statuses.items() if status == Status.CONFIRMED and pk != original.pk
    )
    assert sum(status == Status.REJECTED for status in statuses.values()) == 5
    assert not any(pk in statuses for pk, action in plan.items() if action == "merge")
    dated = [event.pk for event, action in zip(events, PLAN, strict=True) if action == "date"]
    assert sorted(Event.objects.filter(pk__in=dated).values_list("date", flat=True)) == [
        datetime.date(2024, 5, n) for n in (5, 12, 18)
    ]
    rejected = Event.objects.get(pk=events[3].pk)
    assert rejected.rejection_reason == "Not an event: comment, background or analysis"
    assert original.mentions.count() == 4  # its own quote and the three merged reports

    confirmed = spent["confirm"] + spent["date"]
    record = {
        "keystrokes_per_plain_confirm": sum(spent["confirm"]) / len(spent["confirm"]),
        "keystrokes_per_confirmed_event": sum(confirmed) / len(confirmed),
        "keystrokes_per_confirmed_event_with_date_fix": sum(spent["date"]) / len(spent["date"]),
        "keystrokes_per_rejection": sum(spent["reject"]) / len(spent["reject"]),
        "keystrokes_per_merge": sum(spent["merge"]) / len(spent["merge"]),
        "keystrokes_in_all": keys.count,
    }
    (artifacts_dir / "review-queue-keystrokes.json").write_text(json.dumps(record, indent=2))
    assert record["keystrokes_per_plain_confirm"] <= 1.5

    public = page_text(chromium, f"{live_server.url}/")
    for event in events:
        title = f"Step {events.index(event)}: the allies act"
        assert (title in public) == (plan[event.pk] in ("confirm", "date")), title
    assert original.title in public


def page_text(chromium, url: str) -> str:
    context = chromium.new_context(viewport=VIEWPORT)
    try:
        page = context.new_page()
        page.goto(url)
        return page.locator("main").inner_text()
    finally:
        context.close()


# Widgets of the stock admin that the queue reuses and whose markup is not the queue's own:
# select2 (the actor and topic pickers).
STOCK_WIDGETS = [".select2-container"]


def accessibility_violations(page) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, context={"exclude": [[selector] for selector in STOCK_WIDGETS]})
    return [
        f"{violation['id']} ({violation['impact']}): {violation['help']} "
        f"{[node['target'] for node in violation['nodes']][:3]}"
        for violation in results.response["violations"]
    ]


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_queue_page_has_no_accessibility_violations_of_its_own(
    live_server, chromium, article_under_review, scheme
):
    make_user("reviewer")
    context = chromium.new_context(viewport=VIEWPORT, color_scheme=scheme)
    page = context.new_page()
    try:
        log_in_to_admin(page, live_server.url, "reviewer")
        with_duplicate = article_under_review[1][5]
        page.goto(f"{live_server.url}/admin/timeline/event/queue/?event={with_duplicate.pk}")
        page.keyboard.press("r")  # the reasons panel and the list of keys open too
        page.keyboard.press("?")
        expect(page.locator("#keys-help dl")).to_be_visible()
        assert accessibility_violations(page) == []
    finally:
        context.close()


def test_the_queue_works_without_javascript(live_server, chromium, article_under_review):
    _, events = article_under_review
    make_user("reviewer")
    context = chromium.new_context(viewport=VIEWPORT, java_script_enabled=False)
    page = context.new_page()
    try:
        log_in_to_admin(page, live_server.url, "reviewer")
        page.goto(f"{live_server.url}/admin/timeline/event/queue/")
        page.get_by_role("button", name="Confirm c").click()
        expect(page.locator(".messagelist")).to_contain_text("Confirmed: “Step 0: the allies act”.")
        page.locator("#reject-panel summary").click()  # a details element: no script needed
        page.get_by_label("Not about defence cooperation").check()
        page.get_by_role("button", name="Reject", exact=True).click()
        expect(page.locator(".messagelist")).to_contain_text("Rejected: Not about defence")
        page.get_by_role("button", name="Skip s").click()
        page.get_by_role("link", name="Previous k").click()
        expect(page.locator(".review-meta").first).to_contain_text(f"#{events[2].pk} ·")
    finally:
        context.close()
    statuses = dict(
        Event.objects.filter(pk__in=[e.pk for e in events[:3]]).values_list("pk", "status")
    )
    assert [statuses[e.pk] for e in events[:3]] == [
        Status.CONFIRMED,
        Status.REJECTED,
        Status.PENDING,
    ]
