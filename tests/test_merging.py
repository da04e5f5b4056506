"""Merging duplicate events with all their sources, and undoing it (suggestions are
tests/test_duplicates.py's)."""

import datetime
import itertools

import pytest
from django.urls import reverse

from tests.factories import ActorFactory, ArticleFactory, EventFactory, TopicFactory, make_user
from timeline.merging import (
    MergeConflict,
    merge_actors,
    merge_events,
    undo_merge,
)
from timeline.models import (
    Actor,
    ActorAlias,
    ActorOffice,
    DuplicateSuggestion,
    Event,
    EventMerge,
    Mention,
    Status,
)

pytestmark = pytest.mark.django_db
HEADLINES = itertools.count()


@pytest.fixture
def nato():
    return ActorFactory(name="Alliance X", slug="alliance-x")


def reported(title, sentence, *, actors, **kwargs) -> Event:
    headline = f"Headline {next(HEADLINES)}"
    return EventFactory(
        title=title,
        actors=actors,
        mention__article=ArticleFactory(body=f"{headline}\n\n{sentence}"),
        mention__sentence=sentence,
        **kwargs,
    )


def test_merging_moves_mentions_tags_and_keeps_the_best_date(nato, editor):
    topic = TopicFactory()
    kept = reported(
        "In October",
        "In October Alliance X met Ukraine.",
        actors=[nato],
        date=datetime.date(2022, 10, 1),
        precision="month",
        status=Status.PENDING,
    )
    other = reported(
        "On 12 October",
        "On 12 October Alliance X met Ukraine.",
        actors=[nato, ActorFactory()],
        topics=[topic],
        date=datetime.date(2022, 10, 12),
    )
    other_mention, other_pk = other.mentions.get(), other.pk

    merge = merge_events(kept, [other], editor)

    kept.refresh_from_db()
    assert not Event.objects.filter(pk=other_pk).exists()
    assert Mention.objects.get(pk=other_mention.pk).event == kept
    assert kept.mentions.count() == 2
    assert (kept.date, kept.precision) == (datetime.date(2022, 10, 12), "day")
    assert kept.actors.count() == 2 and list(kept.topics.all()) == [topic]
    assert kept.status == Status.CONFIRMED  # a confirmed duplicate is not lost
    assert kept.edited_by == editor
    assert (merge.merged_by, merge.merged_ids) == (editor, [other_pk])


def test_a_merge_can_be_undone(nato, editor):
    kept = reported("A", "Today Alliance X met Ukraine.", actors=[nato], status=Status.PENDING)
    other = reported("B", "Today Alliance X met Ukraine in Kyiv.", actors=[nato])
    mention, other_pk = other.mentions.get(), other.pk
    merge = merge_events(kept, [other], editor)

    undo_merge(merge, editor)

    restored = Event.objects.get(pk=other_pk)
    assert restored.title == "B" and restored.status == Status.CONFIRMED
    assert Mention.objects.get(pk=mention.pk).event == restored
    kept.refresh_from_db()
    assert kept.status == Status.PENDING and kept.edited_by is None
    assert kept.mentions.count() == 1
    assert EventMerge.objects.get().undone_by == editor


def test_editors_merge_and_undo_from_the_admin(editor_client, nato):
    kept = reported("A", "Today Alliance X met Ukraine.", actors=[nato])
    other = reported("B", "Today Alliance X met with Ukraine.", actors=[nato])
    url = reverse("admin:timeline_event_changelist") + "?status=all"
    selection = {"action": "merge_selected", "_selected_action": [kept.pk, other.pk]}
    editor_client.post(url, {**selection, "apply": "yes", "keep": kept.pk})
    assert kept.mentions.count() == 2
    history = editor_client.get(reverse("admin:timeline_event_history", args=[kept.pk]))
    assert f"Merged #{other.pk} into this event" in history.content.decode()

    editor_client.post(
        reverse("admin:timeline_eventmerge_changelist"),
        {"action": "undo_selected", "_selected_action": [EventMerge.objects.get().pk]},
    )
    assert Event.objects.filter(pk=other.pk).exists()


def test_the_merge_action_asks_which_event_to_keep(editor_client, nato):
    first = reported("A", "Today Alliance X met Ukraine.", actors=[nato])
    second = reported("B", "Today Alliance X met Ukraine again.", actors=[nato])
    url = reverse("admin:timeline_event_changelist") + "?status=all"
    selection = {"action": "merge_selected", "_selected_action": [first.pk, second.pk]}
    ask = editor_client.post(url, selection)
    page = ask.content.decode()
    assert "Choose the event to keep" in page
    for event in (first, second):  # the selection is carried to the confirming post
        assert f'name="_selected_action" value="{event.pk}"' in page
    editor_client.post(url, {**selection, "apply": "yes", "keep": second.pk})
    assert list(Event.objects.values_list("pk", flat=True)) == [second.pk]


def test_merging_actors_moves_their_events_and_keeps_the_name_as_alias():
    target = ActorFactory(name="Volodymyr Z", slug="volodymyr-z")
    duplicate = ActorFactory(name="V. Z", slug="v-z")
    ActorAlias.objects.create(actor=duplicate, alias="President Z")
    event = EventFactory(actors=[duplicate])
    both = EventFactory(actors=[duplicate, target])

    merge_actors(target, [duplicate])

    assert not Actor.objects.filter(pk=duplicate.pk).exists()
    assert list(event.actors.all()) == [target]
    assert list(both.actors.all()) == [target]
    assert set(target.aliases.values_list("alias", flat=True)) == {"V. Z", "President Z"}


def test_merging_actors_keeps_the_offices_and_bodies_of_the_merged_ones():
    state = ActorFactory(name="State X", slug="state-x", kind="state")
    twin = ActorFactory(name="State X (duplicate)", slug="state-x-2", kind="state")
    person = ActorFactory(name="Minister Y", slug="minister-y", kind="person")
    ministry = ActorFactory(name="Ministry Z", slug="ministry-z", kind="agency", part_of=twin)
    office = ActorOffice.objects.create(
        actor=person, role="defence-minister", of=twin, start=datetime.date(2020, 1, 1)
    )

    merge_actors(state, [twin])

    office.refresh_from_db()
    ministry.refresh_from_db()
    assert office.of == state
    assert ministry.part_of == state


def test_only_superusers_merge_actors(editor_client, client):
    target, duplicate = ActorFactory(), ActorFactory()
    url = reverse("admin:timeline_actor_changelist")
    data = {
        "action": "merge_selected",
        "_selected_action": [target.pk, duplicate.pk],
        "apply": "yes",
        "keep": target.pk,
    }
    editor_client.post(url, data)
    assert Actor.objects.filter(pk=duplicate.pk).exists()
    client.force_login(make_user("root", editor=False, superuser=True))
    client.post(url, data)
    assert not Actor.objects.filter(pk=duplicate.pk).exists()


def test_merging_an_event_another_editor_merged_away_is_refused_clearly(editor_client, nato):
    x = reported("X", "Today Alliance X met Ukraine.", actors=[nato])
    k = reported("K", "Today Alliance X met with Ukraine.", actors=[nato])
    y = reported("Y", "Today Alliance X and Ukraine met.", actors=[ActorFactory()])
    suggestion = DuplicateSuggestion.objects.create(event=x, original=k, score=80)
    page = editor_client.get(reverse("admin:timeline_event_merge_suggestion", args=[suggestion.pk]))
    assert page.status_code == 200  # editor 1 is asked to confirm merging X into K ...
    merge_events(y, [k], make_user("alice"))  # ... while editor 2 merges K into Y
    response = editor_client.post(
        reverse("admin:timeline_event_merge_suggestion", args=[suggestion.pk]),
        {"keep": k.pk},
        follow=True,
    )
    assert response.status_code == 200
    assert "That suggestion is no longer open" in response.content.decode()
    assert not Event.objects.filter(pk=k.pk).exists()  # K does not come back
    assert Event.objects.get(pk=x.pk).mentions.count() == 1
    assert EventMerge.objects.count() == 1


def test_the_same_merge_twice_is_recorded_once(editor, nato):
    kept = reported("A", "Today Alliance X met Ukraine.", actors=[nato])
    other = reported("B", "Today Alliance X met with Ukraine.", actors=[nato])
    stale_other = Event.objects.get(pk=other.pk)
    merge_events(kept, [other], editor)
    with pytest.raises(MergeConflict, match="no longer exists"):
        merge_events(kept, [stale_other], editor)
    assert EventMerge.objects.count() == 1


def test_undoing_an_event_merge_after_an_actor_was_merged_away_tags_the_actor_it_became(
    nato, editor
):
    kept = reported("A", "Today Alliance X met Ukraine.", actors=[nato])
    twin = ActorFactory(name="Alliance X (twin)", slug="alliance-x-twin")
    gone = ActorFactory(name="Deleted body", slug="deleted-body")
    topic = TopicFactory()
    other = reported("B", "Today Alliance X met Ukraine in Kyiv.", actors=[twin, gone])
    other.topics.set([topic])
    other_pk = other.pk
    merge = merge_events(kept, [other], editor)
    merge_actors(nato, [twin])
    gone.delete()
    topic.delete()

    undo_merge(merge, editor)

    restored = Event.objects.get(pk=other_pk)
    assert list(restored.actors.all()) == [nato]
    assert not restored.topics.exists()
