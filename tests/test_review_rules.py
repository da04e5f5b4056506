"""The review rules as the model states them, whoever calls them: the admin, the queue, commands.

An undated event is never confirmed, an editor's correction is recorded as such, the queue has
one order per editor's choice, and every decision is written in words in the history.
"""

import datetime

import pytest
from django.core.management import call_command
from django.urls import reverse

from tests.factories import ActorFactory, ArticleFactory, EventFactory
from timeline.models import QUEUE_KEYS, Event, QueueOrder, ReviewRefused, Status

pytestmark = pytest.mark.django_db


def pending(**kwargs) -> Event:
    return EventFactory(status=Status.PENDING, **kwargs)


def published(year: int, body: str = "") -> ArticleFactory:
    when = datetime.datetime(year, 1, 1, tzinfo=datetime.UTC)
    return ArticleFactory(published=when, **({"body": body} if body else {}))


def test_the_model_refuses_to_confirm_an_undated_event(editor):
    event = pending(date=None)
    with pytest.raises(ReviewRefused, match="Give the event a date"):
        event.review(Status.CONFIRMED, editor)
    event.review(Status.REJECTED, editor, "  No date to be had  ")
    assert (event.status, event.rejection_reason) == (Status.REJECTED, "No date to be had")


def test_marking_an_edit_names_only_the_fields_that_make_an_event_an_editors(editor):
    event = pending()
    assert event.mark_edited(editor, ["rejection_reason"]) == []
    assert event.edited_at is None
    assert event.mark_edited(editor, ["title", "date", "loaded_version"]) == [
        "edited_by",
        "edited_at",
    ]
    assert event.edited_by == editor
    assert event._change_reason == "Edited: date, title"


def test_the_history_says_what_each_decision_was(editor):
    confirmed, rejected, corrected = pending(), pending(), pending()
    confirmed.review(Status.CONFIRMED, editor)
    confirmed.save()
    rejected.review(Status.REJECTED, editor, "Not an event")
    rejected.save()
    corrected.title = "Better"
    corrected.mark_edited(editor, ["title"])
    corrected.review(Status.CONFIRMED, editor)
    corrected.save()
    reasons = {
        event.pk: Event.history.filter(id=event.pk).latest("history_id").history_change_reason
        for event in (confirmed, rejected, corrected)
    }
    assert reasons == {
        confirmed.pk: "Confirmed",
        rejected.pk: "Rejected: Not an event",
        corrected.pk: "Confirmed with edits: title",
    }


def test_no_history_record_lacks_a_reason(editor_client):
    event = pending()
    event.actors.add(ActorFactory())  # a change no code named
    history = editor_client.get(reverse("admin:timeline_event_history", args=[event.pk]))
    assert set(
        Event.history.filter(id=event.pk).values_list("history_change_reason", flat=True)
    ) <= {
        "Created",
        "Changed",
    }
    assert "None" not in history.content.decode()


def test_the_queue_orders_an_editor_can_choose():
    old, new = published(2020, "Headline\n\nToday A went. Today B went."), published(2023)
    late_in_old = pending(confidence=0.9, mention__article=old, mention__sentence="Today B went.")
    early_in_old = pending(confidence=0.3, mention__article=old, mention__sentence="Today A went.")
    in_new = pending(confidence=0.5, mention__article=new, mention__sentence="Today C went.")
    undated = pending(date=None, confidence=0.7, mention__article=new)
    EventFactory(status=Status.CONFIRMED, mention__article=old)

    def ids(order):
        return list(Event.objects.review_queue(order).values_list("pk", flat=True))

    assert ids(QueueOrder.ARTICLE)[:2] == [early_in_old.pk, late_in_old.pk]
    assert set(ids(QueueOrder.ARTICLE)[2:]) == {in_new.pk, undated.pk}
    assert ids(QueueOrder.NEWEST)[2:] == [early_in_old.pk, late_in_old.pk]
    assert ids(QueueOrder.CONFIDENCE) == [early_in_old.pk, in_new.pk, undated.pk, late_in_old.pk]
    assert ids(QueueOrder.NEEDS_DATE)[0] == undated.pk


@pytest.mark.parametrize("order", QueueOrder.values)
def test_the_queue_steps_forwards_and_backwards_from_any_event(order):
    articles = [published(2020), published(2021), ArticleFactory(published=None)]
    for n in range(9):
        pending(
            confidence=(n % 3) / 3,
            date=None if n % 4 == 0 else datetime.date(2022, 10, 1),
            mention__article=articles[n % 3],
            mention__sentence=f"Today event {n} happened.",
        )
    queue = Event.objects.review_queue(order)
    everything = list(queue)
    for position, event in enumerate(everything):
        values = {key: getattr(event, key) for key, _ in QUEUE_KEYS[QueueOrder(order)]}
        following = list(queue.beyond(order, values).values_list("pk", flat=True))
        before = list(queue.beyond(order, values, backwards=True).values_list("pk", flat=True))
        assert following == [e.pk for e in everything[position + 1 :]]
        assert before == [e.pk for e in reversed(everything[:position])]


def test_confirm_pending_goes_through_the_models_rule_and_says_so_in_the_history():
    dated, undated = pending(confidence=0.9), pending(confidence=0.9, date=None)
    call_command("confirm_pending", "--min-confidence", "0.8")
    dated.refresh_from_db()
    undated.refresh_from_db()
    assert (dated.status, undated.status) == (Status.CONFIRMED, Status.PENDING)
    record = Event.history.filter(id=dated.pk).latest("history_id")
    assert record.history_change_reason == "Confirmed in bulk (confirm_pending)"


def test_confirming_on_the_change_form_says_confirmed_not_changed(editor_client):
    from tests.test_admin_review import change_data

    event = pending(title="Poland signs")
    url = reverse("admin:timeline_event_change", args=[event.pk])
    response = editor_client.post(url, change_data(event, _confirm="1"), follow=True)
    text = response.content.decode()
    assert "Confirmed: “Poland signs”." in text
    assert "was changed successfully" not in text


def test_the_queue_follows_an_articles_publication_date_and_merges(editor):
    from timeline.ingestion import redate_events
    from timeline.merging import merge_events, undo_merge

    old, new = published(2020), published(2023)
    in_old, in_new = pending(mention__article=old), pending(mention__article=new)
    assert list(Event.objects.review_queue().values_list("pk", flat=True)) == [in_old.pk, in_new.pk]
    old.published = datetime.datetime(2024, 1, 1, tzinfo=datetime.UTC)
    old.save()
    redate_events(old)
    assert list(Event.objects.review_queue().values_list("pk", flat=True)) == [in_new.pk, in_old.pk]
    merge = merge_events(in_old, [in_new], editor)
    assert Event.objects.get(pk=in_old.pk).queue_published == new.published
    undo_merge(merge, editor)
    assert Event.objects.get(pk=in_old.pk).queue_published == old.published
