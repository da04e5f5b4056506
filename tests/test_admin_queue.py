"""The review queue page: one pending event at a time, with every action a plain form (so it works
without JavaScript) that leads to the next event, and htmx getting only the part that changes."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import (
    ActorFactory,
    ArticleFactory,
    EventFactory,
    TopicFactory,
    make_user,
    queue_form,
)
from timeline.ingestion import ingest
from timeline.models import Actor, Event, Status

pytestmark = pytest.mark.django_db
QUEUE = reverse("admin:timeline_event_queue")
BULK = reverse("admin:timeline_event_queue_confirm_article")
SENTENCES = [f"Today step {n} was taken." for n in range(6)]


def article(year: int = 2022, publisher: str = "UNN", n: int = 6):
    body = f"Headline {year} {publisher}\n\n" + " ".join(SENTENCES[:n])
    when = datetime.datetime(year, 10, 1, tzinfo=datetime.UTC)
    return ArticleFactory(body=body, published=when, publisher=publisher, title=f"Story {year}")


def proposals(source, n: int = 3, **kwargs) -> list[Event]:
    return [
        EventFactory(
            status=Status.PENDING,
            title=f"Step {i}",
            mention__article=source,
            mention__sentence=SENTENCES[i],
            **kwargs,
        )
        for i in range(n)
    ]


def shown(response) -> Event | None:
    return response.context["event"]


def test_the_admin_home_leads_to_the_queue_with_its_pending_count(editor_client):
    proposals(article(), 3)
    EventFactory(status=Status.CONFIRMED)
    text = editor_client.get(reverse("admin:index")).content.decode()
    assert f'href="{QUEUE}"' in text
    assert "3 events waiting for review" in text


def test_each_article_leads_to_its_events_in_the_queue(editor_client):
    source = article()
    proposals(source, 2)
    page = reverse("admin:timeline_article_change", args=[source.pk])
    text = editor_client.get(page).content.decode()
    assert f'href="{QUEUE}?article={source.pk}"' in text


def test_the_queue_shows_one_event_with_everything_needed_to_decide(editor_client):
    source = article(publisher="Reuters")
    nato = ActorFactory(name="Alliance X", slug="alliance-x")
    first, second, third = proposals(source, 3, actors=[nato], precision="month")
    response = editor_client.get(QUEUE)
    text = response.content.decode()
    assert shown(response) == first
    assert "<mark>Today</mark> step 0 was taken." in text
    assert "October 2022" in text and "known to the month" in text
    assert ">\nStep 0</textarea>" in text  # the headline, editable
    assert "Alliance X" in text
    assert "Story 2022" in text and "Reuters" in text and "1 Oct 2022" in text
    # The article's other events, to move between them.
    assert f"event={second.pk}" in text and f"event={third.pk}" in text
    for key in "crsuj":
        assert f'aria-keyshortcuts="{key}"' in text
    assert "<kbd>c</kbd>" in text


def test_confirming_records_the_decision_and_opens_the_next_event(editor_client, editor):
    first, second, _ = proposals(article(), 3)
    response = editor_client.post(QUEUE, queue_form(first))
    assert response.status_code == 303
    assert response["Location"] == f"{QUEUE}?event={second.pk}"
    first.refresh_from_db()
    assert (first.status, first.reviewed_by, first.edited_at) == (Status.CONFIRMED, editor, None)
    page = editor_client.get(response["Location"])
    assert "Confirmed: “Step 0”." in page.content.decode()
    assert Event.history.filter(id=first.pk).latest("history_id").history_change_reason == (
        "Confirmed"
    )


def test_confirming_with_edits_records_them_as_an_editors(editor_client, editor):
    first, *_ = proposals(article(), 2)
    topic = TopicFactory()
    editor_client.post(QUEUE, queue_form(first, title="Poland and Ukraine sign", topics=[topic.pk]))
    first.refresh_from_db()
    assert (first.title, first.status, first.edited_by) == (
        "Poland and Ukraine sign",
        Status.CONFIRMED,
        editor,
    )
    assert list(first.topics.all()) == [topic]
    reason = Event.history.filter(id=first.pk).latest("history_id").history_change_reason
    assert reason == "Confirmed with edits: title, topics"


def test_an_undated_event_is_confirmed_only_once_given_a_date(editor_client):
    (undated,) = proposals(article(), 1, date=None)
    refused = editor_client.post(QUEUE, queue_form(undated))
    assert refused.status_code == 200
    assert "Give the event a date before confirming it." in refused.content.decode()
    assert Event.objects.get(pk=undated.pk).status == Status.PENDING
    editor_client.post(QUEUE, queue_form(undated, date="2022-09-30"))
    undated.refresh_from_db()
    assert (undated.status, undated.date) == (Status.CONFIRMED, datetime.date(2022, 9, 30))


def test_edits_can_be_saved_without_deciding(editor_client):
    first, _ = proposals(article(), 2)
    response = editor_client.post(QUEUE, queue_form(first, title="Better", save="1"))
    assert response["Location"] == f"{QUEUE}?event={first.pk}"
    first.refresh_from_db()
    assert (first.title, first.status) == ("Better", Status.PENDING)
    assert first.edited_at is not None


def test_rejecting_takes_a_common_reason_and_the_editors_words(editor_client):
    first, second, _ = proposals(article(), 3)
    data = {"event": first.pk, "action": "reject", "version": first.version, "reason": "2"}
    response = editor_client.post(QUEUE, {**data, "note": "a football match"})
    assert response["Location"] == f"{QUEUE}?event={second.pk}"
    first.refresh_from_db()
    assert first.status == Status.REJECTED
    assert first.rejection_reason == "Not about defence cooperation: a football match"
    page = editor_client.get(response["Location"]).content.decode()
    assert "Rejected: Not about defence cooperation: a football match" in page


def test_a_rejection_needs_a_reason(editor_client):
    first, _ = proposals(article(), 2)
    data = {"event": first.pk, "action": "reject", "version": first.version, "note": "  "}
    response = editor_client.post(QUEUE, data)
    assert response.status_code == 200
    assert "Choose a reason or write one." in response.content.decode()
    assert Event.objects.get(pk=first.pk).status == Status.PENDING


def test_skipping_leaves_the_event_pending_and_undo_comes_back_to_it(editor_client):
    first, second, _ = proposals(article(), 3)
    response = editor_client.post(QUEUE, {"event": first.pk, "action": "skip"})
    assert response["Location"] == f"{QUEUE}?event={second.pk}"
    assert Event.objects.get(pk=first.pk).status == Status.PENDING
    response = editor_client.post(QUEUE, {"event": second.pk, "action": "undo"})
    assert response["Location"] == f"{QUEUE}?event={first.pk}"


def test_at_the_end_of_the_queue_skipped_events_come_round_again(editor_client):
    first, second = proposals(article(), 2)
    editor_client.post(QUEUE, {"event": first.pk, "action": "skip"})
    response = editor_client.post(QUEUE, queue_form(second))
    assert response["Location"] == f"{QUEUE}?event={first.pk}"


def test_undo_puts_a_decision_and_its_edits_back(editor_client):
    first, *_ = proposals(article(), 2)
    editor_client.post(QUEUE, queue_form(first, title="Rewritten"))
    response = editor_client.post(QUEUE, {"event": first.pk, "action": "undo"})
    assert response["Location"] == f"{QUEUE}?event={first.pk}"
    first.refresh_from_db()
    assert (first.status, first.title, first.reviewed_at, first.edited_at) == (
        Status.PENDING,
        "Step 0",
        None,
        None,
    )
    reason = Event.history.filter(id=first.pk).latest("history_id").history_change_reason
    assert reason == "Undone: Confirmed"
    again = editor_client.post(QUEUE, {"event": first.pk, "action": "undo"}, follow=True)
    assert "Nothing to undo." in again.content.decode()


def test_undo_refuses_when_another_editor_changed_the_event_since(editor_client):
    first, *_ = proposals(article(), 2)
    editor_client.post(QUEUE, queue_form(first))
    first.refresh_from_db()
    first.title = "A colleague's correction"
    first.save()
    response = editor_client.post(QUEUE, {"event": first.pk, "action": "undo"}, follow=True)
    assert "was changed again since it was confirmed" in response.content.decode()
    first.refresh_from_db()
    assert (first.status, first.title) == (Status.CONFIRMED, "A colleague's correction")


def test_an_action_on_a_page_older_than_a_colleagues_change_is_refused(editor_client):
    first, *_ = proposals(article(), 2)
    stale = queue_form(first, title="Mine")
    other = Event.objects.get(pk=first.pk)
    other.title = "Theirs"
    other._change_reason = "Edited"
    other.save()
    response = editor_client.post(QUEUE, stale)
    assert response.status_code == 200
    assert "after you opened it" in response.content.decode()
    first.refresh_from_db()
    assert (first.title, first.status) == ("Theirs", Status.PENDING)
    reject = {"event": first.pk, "action": "reject", "version": stale["version"], "reason": "1"}
    editor_client.post(QUEUE, reject)
    assert Event.objects.get(pk=first.pk).status == Status.PENDING


def test_an_empty_queue_sums_up_the_session(editor_client):
    first, second, third = proposals(article(), 3)
    editor_client.post(QUEUE, queue_form(first))
    editor_client.post(QUEUE, queue_form(second))
    response = editor_client.post(
        QUEUE, {"event": third.pk, "action": "reject", "version": third.version, "reason": "1"}
    )
    assert response["Location"] == QUEUE
    text = editor_client.get(QUEUE).content.decode()
    assert "Queue empty — 2 confirmed, 1 rejected in 0 minutes" in text


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"order": "newest"}, "new"),
        ({"order": "confidence"}, "unsure"),
        ({"order": "needs-date"}, "undated"),
        ({"outlet": "Reuters"}, "new"),
        ({"actor": "poland"}, "unsure"),
        ({"actor": "Poland"}, "unsure"),
        ({"topic": "air-defence"}, "undated"),
    ],
)
def test_orders_and_filters_choose_the_first_event(editor_client, params, expected):
    poland = ActorFactory(name="Poland", slug="poland")
    air = TopicFactory(name="Air defence", slug="air-defence")
    old, new = article(2020), article(2023, publisher="Reuters")
    EventFactory(status=Status.PENDING, title="plain", mention__article=old)
    EventFactory(status=Status.PENDING, title="new", mention__article=new)
    EventFactory(status=Status.PENDING, title="unsure", confidence=0.1, actors=[poland])
    EventFactory(status=Status.PENDING, title="undated", date=None, topics=[air])
    assert shown(editor_client.get(QUEUE)).title == "plain"
    assert shown(editor_client.get(QUEUE, params)).title == expected


def test_actions_keep_the_editors_order_and_filters(editor_client):
    old, new = article(2020), article(2023)
    (in_old,) = proposals(old, 1)
    in_new = proposals(new, 2)
    response = editor_client.post(f"{QUEUE}?order=newest&article={new.pk}", queue_form(in_new[0]))
    assert response["Location"] == f"{QUEUE}?order=newest&article={new.pk}&event={in_new[1].pk}"
    assert Event.objects.get(pk=in_old.pk).status == Status.PENDING


def test_junk_in_the_address_or_the_form_never_breaks_the_page(editor_client):
    proposals(article(), 1)
    for params in ({"order": "sideways", "article": "x"}, {"event": "99999999"}, {"article": "9"}):
        assert editor_client.get(QUEUE, params).status_code == 200
    response = editor_client.post(QUEUE, {"action": "explode", "event": "1"}, follow=True)
    assert "That action is not one the queue knows." in response.content.decode()
    assert (
        editor_client.post(QUEUE, {"action": "confirm", "event": "999", "version": "1"}).status_code
        == 200
    )


def test_htmx_gets_the_review_part_only_with_the_address_to_show(editor_client):
    _, second = proposals(article(), 2)
    url = f"{QUEUE}?event={second.pk}"
    response = editor_client.get(url, headers={"HX-Request": "true"})
    text = response.content.decode()
    assert text.lstrip().startswith('<div id="review"')
    assert "<html" not in text
    assert response["HX-Push-Url"] == url
    assert "HX-Request" in response["Vary"]  # a cache never serves the part as the page


def test_the_queue_runs_a_constant_number_of_queries(editor_client):
    actors, topic = [ActorFactory() for _ in range(3)], TopicFactory()

    def measured(method, *args):
        with CaptureQueriesContext(connection) as queries:
            getattr(editor_client, method)(*args)
        # The session is read from the cache or the database depending on what came before.
        return len([q for q in queries if "django_session" not in q["sql"]])

    small = proposals(article(2020, n=3), 3, actors=actors[:1], topics=[topic])
    editor_client.post(QUEUE, queue_form(small[2]))  # the admin's log knows the content type
    few = measured("get", f"{QUEUE}?event={small[0].pk}")
    confirm_few = measured("post", QUEUE, queue_form(small[0]))
    large = proposals(article(2021, n=6), 6, actors=actors, topics=[topic])
    for event in large:
        EventFactory(status=Status.PENDING, mention__article=event.mentions.get().article)
    many = measured("get", f"{QUEUE}?event={large[0].pk}")
    confirm_many = measured("post", QUEUE, queue_form(large[0]))
    assert many == few <= 16
    # The decision, its history (fields, actors, topics), the admin's log, the next event.
    assert confirm_many == confirm_few <= 28


def test_confirming_the_rest_of_an_article_shows_what_it_will_do_first(editor_client, editor):
    source = article()
    sure, unsure, undated = proposals(source, 3)
    Event.objects.filter(pk=unsure.pk).update(confidence=0.5)
    Event.objects.filter(pk=undated.pk).update(date=None, confidence=0.95)
    other_article = proposals(article(2021), 1)[0]
    params = {"article": source.pk, "min_confidence": "0.8"}
    preview = editor_client.get(BULK, params).content.decode()
    assert "1 event will be confirmed" in preview
    assert "Step 0" in preview and "needs a date" in preview and "confidence 0.50" in preview
    assert Event.objects.get(pk=sure.pk).status == Status.PENDING  # a preview changes nothing
    response = editor_client.post(BULK, {**params, "confirm": "1"})
    assert response["Location"] == f"{QUEUE}?article={source.pk}"
    statuses = dict(Event.objects.values_list("pk", "status"))
    assert statuses[sure.pk] == Status.CONFIRMED
    assert {statuses[unsure.pk], statuses[undated.pk], statuses[other_article.pk]} == {
        Status.PENDING
    }
    assert Event.objects.get(pk=sure.pk).reviewed_by == editor


def test_a_candidate_actor_is_added_from_the_queue_and_found_in_other_articles(editor_client):
    text = (
        "Finland signs a drone deal\n\n"
        "Defence Minister Jarno Virtanen signed a deal with Ukraine on drones on Monday."
    )
    first = ingest(text, published=datetime.date(2024, 4, 17)).article
    second = ingest(text.replace("Monday", "Tuesday"), published=datetime.date(2024, 4, 18))
    event = Event.objects.get(mentions__article=first, candidate_actors=["Jarno Virtanen"])
    response = editor_client.post(
        QUEUE,
        {
            "event": event.pk,
            "version": event.version,
            "action": "add_actor",
            "candidate": "candidate0",
            "candidate0-name": "Jarno Virtanen",
            "candidate0-kind": "person",
            "candidate0-aliases": "Virtanen, J. Virtanen",
        },
    )
    assert response["Location"] == f"{QUEUE}?event={event.pk}"
    actor = Actor.objects.get(name="Jarno Virtanen")
    assert actor.kind == "person"
    assert sorted(actor.aliases.values_list("alias", flat=True)) == ["J. Virtanen", "Virtanen"]
    event.refresh_from_db()
    assert actor in event.actors.all() and event.candidate_actors == []
    assert event.edited_at is not None  # kept as it is by the re-tagging
    # The background task (run at once here) re-tagged the other article's proposal.
    others = Event.objects.filter(mentions__article=second.article, actors=actor)
    assert others.exists()


def test_people_without_review_rights_cannot_use_the_queue(client):
    client.force_login(make_user("reader", editor=False))
    assert client.get(QUEUE).status_code in (302, 403)


# Duplicates found at ingest, in the queue.


@pytest.fixture
def duplicate(editor):
    from tests.test_duplicates import AP, REUTERS, ingested

    original = ingested(REUTERS, "Reuters")
    original.review(Status.CONFIRMED, editor)
    original.save()
    retold = ingested(AP, "AP", published=datetime.date(2024, 5, 15))
    return retold, original


def test_the_queue_says_which_event_a_proposal_probably_repeats(editor_client, duplicate):
    retold, original = duplicate
    text = editor_client.get(QUEUE, {"event": retold.pk}).content.decode()
    assert f"Probably the same as #{original.pk} (Reuters, 14 May 2024)" in text
    assert 'aria-keyshortcuts="m"' in text and 'aria-keyshortcuts="n"' in text


def test_merging_from_the_queue_makes_the_proposal_a_further_source_and_can_be_undone(
    editor_client, duplicate
):
    retold, original = duplicate
    merge = {"event": retold.pk, "version": retold.version, "other": original.pk}
    quotes = original.mentions.count()
    response = editor_client.post(QUEUE, {**merge, "action": "merge"}, follow=True)
    assert f"Merged into #{original.pk}" in response.content.decode()
    assert not Event.objects.filter(pk=retold.pk).exists()
    assert original.mentions.count() > quotes
    response = editor_client.post(QUEUE, {"event": "", "action": "undo"})
    assert response["Location"] == f"{QUEUE}?event={retold.pk}"
    assert Event.objects.get(pk=retold.pk).status == Status.PENDING
    assert original.mentions.count() == quotes


def test_not_a_duplicate_is_remembered_from_the_queue(editor_client, duplicate):
    retold, original = duplicate
    data = {"event": retold.pk, "version": retold.version, "other": original.pk}
    response = editor_client.post(QUEUE, {**data, "action": "not_duplicate"}, follow=True)
    text = response.content.decode()
    assert f"Not a duplicate of #{original.pk}: remembered" in text
    assert "Probably the same as" not in text
    stale = editor_client.post(QUEUE, {**data, "action": "merge"})
    assert "That suggestion is no longer open" in stale.content.decode()
    assert Event.objects.filter(pk=retold.pk).exists()


def test_a_long_queue_is_counted_up_to_a_thousand(editor_client, monkeypatch):
    monkeypatch.setattr("timeline.reviewing.COUNT_CAP", 2)
    proposals(article(), 3)
    assert "2+ waiting" in editor_client.get(QUEUE).content.decode()
    monkeypatch.setattr("timeline.reviewing.COUNT_CAP", 3)
    assert "3 waiting" in editor_client.get(QUEUE).content.decode()
