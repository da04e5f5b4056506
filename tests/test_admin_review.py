"""The review queue: what it shows, in which order, and how editors confirm, reject and edit."""

import datetime
from urllib.parse import urlencode

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import (
    ActorFactory,
    ArticleFactory,
    EventFactory,
    TopicFactory,
    change_data,
    make_user,
)
from timeline.models import Event, Status

pytestmark = pytest.mark.django_db
QUEUE = reverse("admin:timeline_event_changelist")


def pending(**kwargs) -> Event:
    return EventFactory(status=Status.PENDING, **kwargs)


def change_url(event: Event) -> str:
    return reverse("admin:timeline_event_change", args=[event.pk])


def queue_ids(response) -> list[int]:
    return [event.pk for event in response.context["cl"].result_list]


def test_the_queue_opens_on_pending_events_oldest_article_first(editor_client):
    new = ArticleFactory(published=datetime.datetime(2023, 5, 1, tzinfo=datetime.UTC))
    old = ArticleFactory(published=datetime.datetime(2021, 5, 1, tzinfo=datetime.UTC))
    later = pending(mention__article=new, mention__sentence="Today Poland met NATO.")
    earlier = pending(mention__article=old, mention__sentence="Today Ukraine met NATO.")
    EventFactory(status=Status.CONFIRMED)
    response = editor_client.get(QUEUE)
    assert queue_ids(response) == [earlier.pk, later.pk]
    assert queue_ids(editor_client.get(QUEUE, {"status": "all"})) != [earlier.pk, later.pk]


def test_the_queue_shows_date_precision_quote_and_source(editor_client):
    nato = ActorFactory(name="Alliance X", slug="alliance-x")
    topic = TopicFactory(name="Sky shield", slug="sky-shield")
    pending(
        title="Stingers asked for",
        date=datetime.date(2021, 11, 1),
        precision="month",
        actors=[nato],
        topics=[topic],
        mention__sentence="11 months ago, when I asked for <b>Stingers</b>, it was impossible.",
        mention__expression="11 months ago",
    )
    pending(title="Undated", date=None)
    text = editor_client.get(QUEUE).content.decode()
    assert "November 2021" in text
    assert "needs a date" in text
    assert "<mark>11 months ago</mark>, when I asked for &lt;b&gt;Stingers&lt;/b&gt;" in text
    assert "Alliance X" in text and "Sky shield" in text
    assert "UNN" in text  # the source article's publisher


def test_the_queue_runs_a_constant_number_of_queries(editor_client):
    actor, topic = ActorFactory(), TopicFactory()
    pending(actors=[actor], topics=[topic])
    editor_client.get(QUEUE)
    with CaptureQueriesContext(connection) as few:
        editor_client.get(QUEUE)
    for _ in range(8):
        pending(actors=[actor, ActorFactory()], topics=[topic])
    with CaptureQueriesContext(connection) as many:
        editor_client.get(QUEUE)
    assert len(many) == len(few)


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"needs_date": "yes"}, ["Undated"]),
        ({"confidence": "low"}, ["Undated"]),
        ({"confidence": "high"}, ["Dated"]),
        ({"implicit_date__exact": "1"}, ["Dated"]),
        ({"publisher": "Kyiv Independent"}, ["Undated"]),
    ],
)
def test_filters_narrow_the_queue(editor_client, params, expected):
    kyiv = ArticleFactory(publisher="Kyiv Independent")
    pending(title="Dated", confidence=0.9, implicit_date=True)
    pending(title="Undated", date=None, confidence=0.3, mention__article=kyiv)
    response = editor_client.get(QUEUE, params)
    assert [event.title for event in response.context["cl"].result_list] == expected


def test_the_article_filter_shows_that_articles_events(editor_client):
    article = ArticleFactory()
    mine = pending(mention__article=article, mention__sentence="Today Ukraine met NATO.")
    pending()
    response = editor_client.get(QUEUE, {"article": article.pk, "status": "all"})
    assert queue_ids(response) == [mine.pk]


def test_confirming_in_bulk_records_who_and_when(editor_client, editor):
    first, second = pending(), pending()
    undated = pending(date=None)
    response = editor_client.post(
        QUEUE,
        {"action": "confirm_selected", "_selected_action": [first.pk, second.pk, undated.pk]},
        follow=True,
    )
    assert "2 event(s) confirmed" in response.content.decode()
    assert "1 event(s) need a date" in response.content.decode()
    first.refresh_from_db()
    assert first.status == Status.CONFIRMED
    assert first.reviewed_by == editor
    assert first.reviewed_at is not None
    assert Event.objects.get(pk=undated.pk).status == Status.PENDING


def test_rejecting_asks_for_an_optional_reason_then_records_it(editor_client, editor):
    event = pending()
    ask = editor_client.post(QUEUE, {"action": "reject_selected", "_selected_action": [event.pk]})
    assert ask.status_code == 200
    assert "Reason (optional)" in ask.content.decode()
    assert Event.objects.get(pk=event.pk).status == Status.PENDING
    editor_client.post(
        QUEUE,
        {
            "action": "reject_selected",
            "_selected_action": [event.pk],
            "apply": "yes",
            "reason": "Opinion, not an event.",
        },
    )
    event.refresh_from_db()
    assert event.status == Status.REJECTED
    assert event.rejection_reason == "Opinion, not an event."
    assert event.reviewed_by == editor


def test_confirm_and_next_opens_the_next_pending_event(editor_client, editor):
    older = ArticleFactory(published=datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC))
    current = pending(mention__article=older, mention__sentence="Today Ukraine met NATO.")
    following = pending()
    response = editor_client.post(change_url(current), change_data(current, _confirm_next="1"))
    assert response["Location"] == change_url(following)
    current.refresh_from_db()
    assert (current.status, current.reviewed_by) == (Status.CONFIRMED, editor)
    assert current.edited_at is None  # a decision is not an edit


def test_confirm_and_next_stays_within_the_editors_filters(editor_client):
    poland = ActorFactory(name="Poland", slug="poland")
    older = ArticleFactory(published=datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC))
    current = pending(actors=[poland], mention__article=older, mention__sentence="Today A.")
    pending(mention__article=older, mention__sentence="Today B.")  # first in queue, not Poland
    following = pending(actors=[poland])
    filters = urlencode({"_changelist_filters": "actor=Poland"})
    response = editor_client.post(
        f"{change_url(current)}?{filters}", change_data(current, _confirm_next="1")
    )
    assert response["Location"] == f"{change_url(following)}?{filters}"


def test_the_last_event_of_the_queue_returns_to_the_list(editor_client):
    event = pending()
    response = editor_client.post(change_url(event), change_data(event, _reject_next="1"))
    assert response["Location"] == QUEUE
    assert Event.objects.get(pk=event.pk).status == Status.REJECTED


def test_an_event_without_a_date_cannot_be_confirmed(editor_client):
    event = pending(date=None)
    response = editor_client.post(change_url(event), change_data(event, _confirm="1"))
    assert response.status_code == 200
    assert "Give the event a date" in response.content.decode()
    assert Event.objects.get(pk=event.pk).status == Status.PENDING


def test_editing_an_event_records_who_and_when_and_keeps_it_pending(editor_client, editor):
    event = pending()
    actor = ActorFactory()
    editor_client.post(
        change_url(event),
        change_data(event, title="Corrected title", date="2022-09-30", actors=[actor.pk]),
    )
    event.refresh_from_db()
    assert event.title == "Corrected title"
    assert event.date == datetime.date(2022, 9, 30)
    assert list(event.actors.all()) == [actor]
    assert (event.edited_by, event.status) == (editor, Status.PENDING)


def test_review_decisions_and_edits_appear_in_the_history(editor_client, editor):
    event = pending()
    editor_client.post(change_url(event), change_data(event, title="Edited"))
    event.refresh_from_db()
    editor_client.post(change_url(event), change_data(event, title="Edited", _confirm="1"))
    history = editor_client.get(reverse("admin:timeline_event_history", args=[event.pk]))
    text = history.content.decode()
    assert history.status_code == 200
    assert "Confirmed" in text and "Edited" in text
    records = Event.history.filter(id=event.pk)
    assert {record.history_user for record in records if record.history_type == "~"} == {editor}


def test_actor_and_topic_autocomplete_answers_editors(editor_client):
    ActorFactory(name="Poland Armed Forces", slug="polish-forces")
    response = editor_client.get(
        reverse("admin:autocomplete"),
        {
            "term": "Poland Armed",
            "app_label": "timeline",
            "model_name": "event",
            "field_name": "actors",
        },
    )
    assert response.status_code == 200
    assert "Poland Armed Forces" in response.content.decode()


def test_a_user_without_rights_cannot_review(client):
    event = pending()
    client.force_login(make_user("visitor", editor=False))
    response = client.post(QUEUE, {"action": "confirm_selected", "_selected_action": [event.pk]})
    assert response.status_code in {302, 403}
    assert client.get(change_url(event)).status_code in {302, 403}
    assert Event.objects.get(pk=event.pk).status == Status.PENDING


def test_a_form_opened_before_another_editors_change_is_refused_with_who_and_when(
    editor_client, editor
):
    event = pending(title="Patriots for Poland")
    stale = change_data(event, _confirm="1")  # editor 2 opened the form here
    other = make_user("alice")
    colleague = editor_client.__class__()
    colleague.force_login(other)
    colleague.post(change_url(event), change_data(event, title="Patriot batteries for Poland"))
    response = editor_client.post(change_url(event), stale)
    assert response.status_code == 200
    text = response.content.decode()
    assert "This event was changed by alice at" in text
    assert "Reload the page" in text
    event.refresh_from_db()
    assert (event.title, event.status) == ("Patriot batteries for Poland", Status.PENDING)


def test_a_bulk_decision_writes_the_review_fields_only(editor_client, editor):
    event = pending(title="Old title")
    # Another editor's correction lands between loading the list and applying the action.
    Event.objects.filter(pk=event.pk).update(title="Corrected title")
    editor_client.post(QUEUE, {"action": "confirm_selected", "_selected_action": [event.pk]})
    event.refresh_from_db()
    assert (event.title, event.status, event.reviewed_by) == (
        "Corrected title",
        Status.CONFIRMED,
        editor,
    )
    assert event.history.first().title == "Corrected title"


def test_every_saved_change_moves_the_version_on(editor_client):
    event = pending()
    before = event.version
    editor_client.post(change_url(event), change_data(event, title="Edited"))
    event.refresh_from_db()
    assert event.version == before + 1
