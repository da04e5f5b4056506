"""The public event tallies and the link tables' copies of date and status stay right on every
path that changes an event: review, edit, merge and undo, re-dating, deletion, bulk writes."""

import datetime
import random

import pytest
from django.core.management import call_command
from django.db import connection
from django.urls import reverse

from tests.factories import (
    ActorFactory,
    ArticleFactory,
    EventFactory,
    TopicFactory,
    change_data,
)
from timeline import tallies
from timeline.candidates import accept_candidate
from timeline.ingestion import ingest, redate_events
from timeline.merging import merge_actors, merge_events, undo_merge
from timeline.models import Actor, ActorLink, Event, Status, Topic, TopicLink
from timeline.periods import Precision

pytestmark = pytest.mark.django_db

QUEUE = reverse("admin:timeline_event_changelist")
OCTOBER = datetime.date(2022, 10, 1)
MONTHS = "timeline_tally_month"
ACTORS = "timeline_tally_actor_month"
TOPICS = "timeline_tally_topic_month"
PAIRS = "timeline_tally_actor_topic_month"


def wrong_copies() -> list:
    """Link rows whose date, period end or status is not their event's."""
    events = {
        pk: (date, period_end, status)
        for pk, date, period_end, status in Event.objects.values_list(
            "pk", "date", "period_end", "status"
        )
    }
    rows = [
        *ActorLink.objects.values_list("event_id", "date", "period_end", "status"),
        *TopicLink.objects.values_list("event_id", "date", "period_end", "status"),
    ]
    return [row for row in rows if events[row[0]] != tuple(row[1:])]


def assert_right() -> None:
    assert tallies.differences() == {}
    assert wrong_copies() == []


def month(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


def public_in(table: str, *key) -> int:
    return tallies.current()[table].get(key, 0)


@pytest.fixture
def poland():
    return ActorFactory(name="Poland", slug="poland")


@pytest.fixture
def air_defence():
    return TopicFactory(name="Air defence", slug="air-defence")


def pending(**kwargs) -> Event:
    return EventFactory(status=Status.PENDING, **kwargs)


# Review


def test_confirming_in_the_admin_counts_the_event_and_copies_its_status(
    editor_client, poland, air_defence
):
    event = pending(actors=[poland], topics=[air_defence])
    assert public_in(ACTORS, poland.pk, OCTOBER, OCTOBER) == 0
    url = reverse("admin:timeline_event_change", args=[event.pk])
    editor_client.post(url, change_data(event, _confirm="Confirm"))
    assert public_in(MONTHS, OCTOBER, OCTOBER) == 1
    assert public_in(ACTORS, poland.pk, OCTOBER, OCTOBER) == 1
    assert public_in(TOPICS, air_defence.pk, OCTOBER, OCTOBER) == 1
    assert set(ActorLink.objects.values_list("status", flat=True)) == {Status.CONFIRMED}
    assert_right()


def test_rejecting_a_confirmed_event_uncounts_it(editor_client, poland):
    event = EventFactory(actors=[poland])
    assert public_in(ACTORS, poland.pk, OCTOBER, OCTOBER) == 1
    url = reverse("admin:timeline_event_change", args=[event.pk])
    editor_client.post(url, change_data(event, _reject="Reject", rejection_reason="Opinion."))
    assert Event.objects.get().status == Status.REJECTED
    assert public_in(ACTORS, poland.pk, OCTOBER, OCTOBER) == 0
    assert_right()


def test_bulk_confirm_and_reject_actions_keep_the_tallies(editor_client, poland):
    events = [pending(actors=[poland]) for _ in range(3)]
    ids = [event.pk for event in events]
    editor_client.post(QUEUE, {"action": "confirm_selected", "_selected_action": ids[:2]})
    assert public_in(ACTORS, poland.pk, OCTOBER, OCTOBER) == 2
    rejection = {"action": "reject_selected", "_selected_action": ids[2:], "apply": "yes"}
    editor_client.post(QUEUE, {**rejection, "reason": "Opinion."})
    assert Event.objects.get(pk=ids[2]).status == Status.REJECTED
    assert public_in(ACTORS, poland.pk, OCTOBER, OCTOBER) == 2
    assert_right()


def test_confirm_pending_command_counts_what_it_confirms_in_bulk(poland):
    for _ in range(2):
        pending(actors=[poland], confidence=0.95)
    call_command("confirm_pending", "--min-confidence", "0.9", verbosity=0)
    assert public_in(ACTORS, poland.pk, OCTOBER, OCTOBER) == 2
    assert_right()


# Edits


def test_editing_the_date_moves_the_event_to_its_new_month(editor_client, poland):
    event = EventFactory(actors=[poland])
    url = reverse("admin:timeline_event_change", args=[event.pk])
    editor_client.post(url, change_data(event, date="2021-03-15"))
    march = datetime.date(2021, 3, 1)
    assert public_in(ACTORS, poland.pk, OCTOBER, OCTOBER) == 0
    assert public_in(ACTORS, poland.pk, march, march) == 1
    assert ActorLink.objects.get().date == datetime.date(2021, 3, 15)
    assert_right()


def test_a_coarser_precision_counts_the_event_in_every_month_it_spans(editor_client):
    event = EventFactory()
    url = reverse("admin:timeline_event_change", args=[event.pk])
    editor_client.post(url, change_data(event, date="2022-01-01", precision=Precision.YEAR))
    assert public_in(MONTHS, datetime.date(2022, 1, 1), datetime.date(2022, 12, 1)) == 1
    assert_right()


def test_editing_actors_and_topics_moves_the_counts(editor_client, poland, air_defence):
    ukraine = ActorFactory(name="Ukraine", slug="ukraine")
    event = EventFactory(actors=[poland], topics=[air_defence])
    assert public_in(PAIRS, poland.pk, air_defence.pk, OCTOBER, OCTOBER) == 1
    url = reverse("admin:timeline_event_change", args=[event.pk])
    editor_client.post(url, change_data(event, actors=[ukraine.pk], topics=[]))
    assert public_in(PAIRS, poland.pk, air_defence.pk, OCTOBER, OCTOBER) == 0
    assert public_in(ACTORS, poland.pk, OCTOBER, OCTOBER) == 0
    assert public_in(ACTORS, ukraine.pk, OCTOBER, OCTOBER) == 1
    assert public_in(TOPICS, air_defence.pk, OCTOBER, OCTOBER) == 0
    assert ActorLink.objects.get().status == Status.CONFIRMED
    assert_right()


def test_accepting_a_candidate_actor_counts_the_event_for_it(poland):
    event = EventFactory(candidate_actors=["Poland"])
    accept_candidate(event, poland)
    assert public_in(ACTORS, poland.pk, OCTOBER, OCTOBER) == 1
    assert_right()


# Merges


def test_merging_and_undoing_keep_the_tallies(editor, poland, air_defence):
    ukraine = ActorFactory(name="Ukraine", slug="ukraine")
    kept = pending(actors=[poland])
    other = EventFactory(actors=[ukraine], topics=[air_defence])
    merge = merge_events(kept, [other], editor)
    # The confirmed duplicate's status and the best date go to the kept event.
    assert public_in(ACTORS, poland.pk, OCTOBER, OCTOBER) == 1
    assert public_in(ACTORS, ukraine.pk, OCTOBER, OCTOBER) == 1
    assert_right()
    undo_merge(merge, editor)
    assert public_in(ACTORS, poland.pk, OCTOBER, OCTOBER) == 0
    assert public_in(ACTORS, ukraine.pk, OCTOBER, OCTOBER) == 1
    assert public_in(MONTHS, OCTOBER, OCTOBER) == 1
    assert_right()


def test_merging_actors_moves_their_counts_to_the_one_kept(poland):
    twin = ActorFactory(name="Republic of Poland", slug="republic-of-poland")
    EventFactory(actors=[twin])
    EventFactory(actors=[poland, twin])
    merge_actors(poland, [twin])
    assert public_in(ACTORS, poland.pk, OCTOBER, OCTOBER) == 2
    assert public_in(ACTORS, twin.pk, OCTOBER, OCTOBER) == 0
    assert_right()


# Re-dating, deleting, writes behind the ORM's back


def test_redating_an_articles_events_moves_their_copies(poland):
    article = ArticleFactory(body="Headline\n\nYesterday Poland met Ukraine.")
    event = pending(
        actors=[poland],
        mention__article=article,
        mention__sentence="Yesterday Poland met Ukraine.",
        mention__expression="Yesterday",
    )
    article.published = datetime.datetime(2023, 5, 10, tzinfo=datetime.UTC)
    article.save()
    assert redate_events(article) == 1
    assert Event.objects.get(pk=event.pk).date == datetime.date(2023, 5, 9)
    assert ActorLink.objects.get().date == datetime.date(2023, 5, 9)
    assert_right()


def test_deleting_events_actors_and_topics_uncounts_them(editor_client, poland, air_defence):
    events = [EventFactory(actors=[poland], topics=[air_defence]) for _ in range(3)]
    events[0].delete()
    Event.objects.filter(pk=events[1].pk).delete()
    assert public_in(ACTORS, poland.pk, OCTOBER, OCTOBER) == 1
    Topic.objects.filter(pk=air_defence.pk).delete()
    Actor.objects.get(pk=poland.pk).delete()
    assert public_in(ACTORS, poland.pk, OCTOBER, OCTOBER) == 0
    assert public_in(TOPICS, air_defence.pk, OCTOBER, OCTOBER) == 0
    assert public_in(MONTHS, OCTOBER, OCTOBER) == 1
    assert_right()


def test_queryset_update_and_bulk_created_links_are_counted(poland, air_defence):
    event = pending()
    Event.actors.through.objects.bulk_create([Event.actors.through(event=event, actor=poland)])
    Event.objects.filter(pk=event.pk).update(status=Status.CONFIRMED)
    assert public_in(ACTORS, poland.pk, OCTOBER, OCTOBER) == 1
    Event.objects.filter(pk=event.pk).update(
        date=datetime.date(2020, 2, 2), period_end=datetime.date(2020, 2, 2)
    )
    assert public_in(ACTORS, poland.pk, datetime.date(2020, 2, 1), datetime.date(2020, 2, 1)) == 1
    assert_right()


def test_an_actor_and_a_topic_count_together_only_on_the_same_public_event(poland, air_defence):
    ukraine = ActorFactory(name="Ukraine", slug="ukraine")
    naval = TopicFactory(name="Naval", slug="naval")
    event = pending(actors=[poland, ukraine], topics=[air_defence])
    EventFactory(actors=[poland], topics=[naval], date=datetime.date(2021, 3, 3))
    assert public_in(PAIRS, poland.pk, air_defence.pk, OCTOBER, OCTOBER) == 0
    Event.objects.filter(pk=event.pk).update(status=Status.CONFIRMED)
    assert public_in(PAIRS, poland.pk, air_defence.pk, OCTOBER, OCTOBER) == 1
    assert public_in(PAIRS, ukraine.pk, air_defence.pk, OCTOBER, OCTOBER) == 1
    # A topic link retagged behind the ORM's back, then one moved to another event.
    Event.topics.through.objects.filter(event=event).update(topic=naval)
    assert public_in(PAIRS, poland.pk, air_defence.pk, OCTOBER, OCTOBER) == 0
    assert public_in(PAIRS, ukraine.pk, naval.pk, OCTOBER, OCTOBER) == 1
    other = EventFactory(actors=[ukraine], date=datetime.date(2020, 5, 5))
    Event.topics.through.objects.filter(event=event).update(event=other)
    assert public_in(PAIRS, ukraine.pk, naval.pk, OCTOBER, OCTOBER) == 0
    may = datetime.date(2020, 5, 1)
    assert public_in(PAIRS, ukraine.pk, naval.pk, may, may) == 1
    assert_right()


def test_a_link_moved_to_another_event_takes_that_events_date_and_status(poland):
    confirmed = EventFactory(date=datetime.date(2021, 1, 5))
    draft = pending(actors=[poland])
    Event.actors.through.objects.filter(event=draft).update(event=confirmed)
    assert ActorLink.objects.get().status == Status.CONFIRMED
    assert public_in(ACTORS, poland.pk, datetime.date(2021, 1, 1), datetime.date(2021, 1, 1)) == 1
    assert_right()


def test_ingested_events_are_pending_and_uncounted_with_their_dates_copied(reznikov_article):
    ingest(reznikov_article)
    assert ActorLink.objects.exists()
    assert tallies.current()[ACTORS] == {}
    assert_right()


def test_rebuild_repairs_tallies_changed_behind_the_triggers_back(poland):
    EventFactory(actors=[poland])
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {ACTORS} SET count = 40")
        cursor.execute("UPDATE timeline_event_actors SET status = 'rejected'")
    assert tallies.differences() != {} or wrong_copies() != []
    call_command("rebuild_tallies", verbosity=0)
    assert_right()


def test_rebuild_check_reports_differences(poland, capsys):
    EventFactory(actors=[poland])
    call_command("rebuild_tallies", "--check")
    assert "equal a recount" in capsys.readouterr().out
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {MONTHS}")
    with pytest.raises(SystemExit):
        call_command("rebuild_tallies", "--check")


# Whatever the sequence of operations, the tallies equal a recount.


@pytest.mark.parametrize("seed", range(4))
def test_tallies_equal_a_recount_after_random_operations(seed, editor):
    rng = random.Random(seed)
    actors = [ActorFactory() for _ in range(5)]
    topics = [TopicFactory() for _ in range(3)]
    days = [datetime.date(2022, month, day) for month in (1, 2, 10) for day in (1, 15, 28)]
    events = [
        EventFactory(
            date=rng.choice(days),
            status=rng.choice(list(Status)),
            actors=rng.sample(actors, rng.randint(0, 3)),
            topics=rng.sample(topics, rng.randint(0, 2)),
        )
        for _ in range(12)
    ]
    merges = []

    def alive() -> list[Event]:
        return list(Event.objects.all())

    def review(event):
        event.review(rng.choice([Status.CONFIRMED, Status.REJECTED, Status.PENDING]), editor)
        event.save()

    def redate(event):
        event.date = rng.choice(days)
        event.precision = rng.choice([Precision.DAY, Precision.MONTH, Precision.YEAR])
        event.save()

    def retag(event):
        event.actors.set(rng.sample(actors, rng.randint(0, 3)))
        event.topics.add(rng.choice(topics))

    def untag(event):
        event.actors.clear()

    def merge(event):
        others = [e for e in alive() if e.pk != event.pk]
        if others:
            merges.append(merge_events(event, rng.sample(others, 1), editor))

    def undo(event):
        if merges:
            undo_merge(merges.pop(), editor)

    def delete(event):
        event.delete()

    def bulk(event):
        Event.objects.filter(pk=event.pk).update(status=Status.CONFIRMED)

    def retopic(event):
        event.topics.set(rng.sample(topics, rng.randint(0, 3)))

    def move_links(event):
        # Links rewritten behind the ORM's back: one event's topics go to another event, or
        # one topic's links become another's.
        links = Event.topics.through.objects
        if rng.random() < 0.5:
            others = [e for e in alive() if not e.topics.exists()]
            if others:
                links.filter(event=event).update(event=rng.choice(others))
        else:
            source, target = rng.sample(topics, 2)
            links.filter(event=event, topic=source).exclude(event__topics=target).update(
                topic=target
            )

    def merge_two_actors(event):
        if len(actors) > 3:
            kept, other = rng.sample(actors, 2)
            merge_actors(kept, [other])
            actors.remove(other)
            # An event merge's undo would restore links to the actor merged away.
            merges.clear()

    operations = [
        review,
        redate,
        retag,
        untag,
        merge,
        undo,
        delete,
        bulk,
        retopic,
        move_links,
        merge_two_actors,
    ]
    for _ in range(50):
        current = alive()
        if not current:
            break
        rng.choice(operations)(rng.choice(current))
    assert events
    assert_right()


# serialized_rollback: restore the migrations' data (vocabulary, Editors group) for later tests.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_flushing_the_database_empties_the_tallies():
    EventFactory(actors=[ActorFactory()], topics=[TopicFactory()])
    call_command("flush", interactive=False, verbosity=0)
    assert tallies.current() == {MONTHS: {}, ACTORS: {}, TOPICS: {}, PAIRS: {}}
    assert_right()


def test_migrate_reinstalls_a_missing_trigger_and_recounts(poland):
    EventFactory(actors=[poland])
    with connection.cursor() as cursor:
        cursor.execute(
            "DROP TRIGGER timeline_event_actors_tallied"
            + (" ON timeline_event_actors" if connection.vendor == "postgresql" else "")
        )
    EventFactory(actors=[poland])  # not counted: the trigger is gone
    assert tallies.differences() != {}
    assert tallies.install_triggers() is True
    assert_right()
    assert tallies.install_triggers() is False


def test_migrate_leaves_the_triggers_installed_and_the_tallies_right(poland):
    """On SQLite the triggers are dropped while migrations run (they would stop a table
    rebuild) and come back after, recounted."""
    EventFactory(actors=[poland])
    call_command("migrate", verbosity=0)
    assert set(tallies.installed_triggers(connection)) >= set(
        tallies.postgresql_triggers()
        if connection.vendor == "postgresql"
        else tallies.sqlite_triggers()
    )
    EventFactory(actors=[poland])
    assert public_in(ACTORS, poland.pk, OCTOBER, OCTOBER) == 2
    assert_right()
