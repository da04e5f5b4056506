"""Merging duplicate events (and actors), and undoing a merge.

Two articles often report the same meeting; the timeline should show it once, with both sources.
Finding such pairs is ``timeline.duplicates``'s; merging them is here: the events are locked,
the merge is recorded in EventMerge, and it can be undone.
"""

import datetime

from django.db import transaction
from django.utils import timezone

from .models import Actor, ActorAlias, ActorOffice, Event, EventMerge, Mention, Status, Topic
from .periods import Precision

PRECISION_RANK = {precision: rank for rank, precision in enumerate(Precision.values)}
SNAPSHOT_FIELDS = [
    "title",
    "date",
    "date_end",
    "precision",
    "timex",
    "implicit_date",
    "status",
    "reviewed_by_id",
    "reviewed_at",
    "rejection_reason",
    "edited_by_id",
    "edited_at",
    "confidence",
    "extractor_version",
]


def best_dated(events: list[Event]) -> Event:
    """The event whose date to keep: a date an editor checked beats a machine's, then the finest
    precision, then an explicit time word over the publication day, then confidence."""
    dated = [event for event in events if event.date is not None] or events
    return min(
        dated,
        key=lambda e: (
            e.edited_at is None and e.reviewed_at is None,
            PRECISION_RANK.get(e.precision, len(PRECISION_RANK)),
            e.implicit_date,
            -e.confidence,
        ),
    )


def snapshot(event: Event, with_relations: bool = True) -> dict:
    """The event's fields (as JSON) and, ``with_relations``, its actors, topics and mentions."""
    values = {field: getattr(event, field) for field in SNAPSHOT_FIELDS}
    for key, value in values.items():
        if isinstance(value, datetime.date | datetime.datetime):
            values[key] = value.isoformat()
    if not with_relations:
        return {"id": event.pk, "fields": values}
    return {
        "id": event.pk,
        "fields": values,
        "actors": sorted(event.actors.values_list("pk", flat=True)),
        "topics": sorted(event.topics.values_list("pk", flat=True)),
        "mentions": sorted(event.mentions.values_list("pk", flat=True)),
    }


class MergeConflict(ValueError):
    """Another editor merged (or undid) first: the message says what changed, for the editor."""


def locked_events(kept: Event, others: list[Event]) -> tuple[Event, list[Event]]:
    """The events as they are now, locked until the transaction ends, or MergeConflict when one
    of them is gone (another editor merged it away since this editor chose).

    Rows are locked in primary-key order, so two merges sharing events wait for each other
    instead of deadlocking, and the one that waited sees what the first did.
    """
    other_ids = sorted({other.pk for other in others} - {kept.pk})
    if not other_ids:
        raise ValueError("Choose at least two events to merge.")
    ids = [kept.pk, *other_ids]
    current = {
        event.pk: event
        for event in Event.objects.select_for_update().filter(pk__in=ids).order_by("pk")
    }
    gone = [pk for pk in ids if pk not in current]
    if gone:
        names = ", ".join(f"#{pk}" for pk in gone)
        raise MergeConflict(
            f"Nothing was merged: event {names} no longer exists (another editor has just merged "
            "it into another event). Reload the page and choose again."
        )
    return current[kept.pk], [current[pk] for pk in other_ids]


@transaction.atomic
def merge_events(kept: Event, others: list[Event], user) -> EventMerge:
    """Fold ``others`` into ``kept``: their mentions, actors and topics move to it, it takes the
    best date, and they are deleted; the EventMerge returned holds what is needed to undo it.

    Works on the events as they are once locked, not as the caller loaded them; raises
    MergeConflict when one of them has been merged away meanwhile.
    """
    kept, others = locked_events(kept, others)
    record = EventMerge.objects.create(
        kept=kept,
        kept_title=kept.title,
        merged_ids=[other.pk for other in others],
        snapshot={"kept": snapshot(kept), "merged": [snapshot(other) for other in others]},
        merged_by=user,
    )
    take_best_date(kept, others)
    take_review(kept, others)
    Mention.objects.filter(event__in=others).update(event=kept)
    kept.actors.add(*{actor for other in others for actor in other.actors.all()})
    kept.topics.add(*{topic for other in others for topic in other.topics.all()})
    kept.edited_by = user
    kept.edited_at = timezone.now()
    kept._change_reason = f"Merged {', '.join(f'#{o.pk}' for o in others)} into this event"
    kept.save(force_update=True)  # never re-create a row that is gone
    for other in others:
        other._change_reason = f"Merged into #{kept.pk}"
        other.delete()
    # Moving mentions with update() sends no signals: search's copy of the quotes and the
    # queue's keys follow here.
    Event.objects.filter(pk=kept.pk).refresh_quote_text()
    Event.objects.filter(pk=kept.pk).refresh_queue_keys()
    return record


def take_best_date(kept: Event, others: list[Event]) -> None:
    best = best_dated([kept, *others])
    for field in ["date", "date_end", "precision", "timex", "implicit_date"]:
        setattr(kept, field, getattr(best, field))


def take_review(kept: Event, others: list[Event]) -> None:
    """A confirmed duplicate stays confirmed once merged: the timeline must not lose it."""
    if kept.status == Status.CONFIRMED:
        return
    confirmed = next((o for o in others if o.status == Status.CONFIRMED), None)
    if confirmed is not None:
        kept.status = Status.CONFIRMED
        kept.reviewed_by_id = confirmed.reviewed_by_id
        kept.reviewed_at = confirmed.reviewed_at
        kept.rejection_reason = ""


@transaction.atomic
def undo_merge(merge: EventMerge, user) -> Event | None:
    """Bring the merged events back with their own mentions, and restore the kept event."""
    merge = EventMerge.objects.select_for_update().get(pk=merge.pk)
    if merge.undone:
        raise MergeConflict("This merge has already been undone.")
    for item in merge.snapshot["merged"]:
        event = restore(Event(pk=item["id"]), item)
        Mention.objects.filter(pk__in=item["mentions"]).update(event=event)
    kept = Event.objects.filter(pk=merge.kept_id).first()
    if kept is not None:
        restore(kept, merge.snapshot["kept"])
    restored = [item["id"] for item in merge.snapshot["merged"]]
    Event.objects.filter(pk__in=[*restored, merge.kept_id]).refresh_quote_text()
    Event.objects.filter(pk__in=[*restored, merge.kept_id]).refresh_queue_keys()
    merge.undone_by = user
    merge.undone_at = timezone.now()
    merge.save(update_fields=["undone_by", "undone_at"])
    return kept


def restore(event: Event, item: dict, reason: str = "Restored by undoing a merge") -> Event:
    """Put the event back as ``item`` (a ``snapshot``) holds it, with ``reason`` in its history."""
    for field in SNAPSHOT_FIELDS:
        value = item["fields"][field]
        model_field = Event._meta.get_field(field.removesuffix("_id"))
        setattr(event, field, model_field.to_python(value) if value is not None else None)
    event._change_reason = reason
    event.save()
    event.actors.set(current_actor_ids(item["actors"]))
    event.topics.set(Topic.objects.filter(pk__in=item["topics"]).values_list("pk", flat=True))
    return event


def current_actor_ids(ids: list[int]) -> list[int]:
    """The actors a snapshot's ids stand for now: an actor merged into another since is that
    one (its name lives on as an alias there); one deleted outright is left out."""
    existing = set(Actor.objects.filter(pk__in=ids).values_list("pk", flat=True))
    found = [pk for pk in ids if pk in existing]
    for pk in ids:
        if pk in existing:
            continue
        name = (
            Actor.history.filter(id=pk).order_by("-history_date").values_list("name", flat=True)
        ).first()
        heir = ActorAlias.objects.filter(alias=name).values_list("actor_id", flat=True).first()
        if heir is not None and heir not in found:
            found.append(heir)
    return found


@transaction.atomic
def merge_actors(target: Actor, others: list[Actor]) -> int:
    """Fold ``others`` into ``target``: their events, their aliases and their names (kept as
    aliases, so the extractor still recognises them) move to it; returns how many event
    tags moved."""
    others = [other for other in others if other.pk != target.pk]
    through = Event.actors.through
    event_ids = set(through.objects.filter(actor__in=others).values_list("event_id", flat=True))
    already = set(target.events.values_list("pk", flat=True))
    through.objects.bulk_create(
        through(event_id=event_id, actor_id=target.pk) for event_id in event_ids - already
    )
    ActorAlias.objects.filter(actor__in=others).update(actor=target)
    # Offices held and bodies belonging follow the actor; what was part of a merged actor is
    # part of the one kept.
    ActorOffice.objects.filter(actor__in=others).update(actor=target)
    ActorOffice.objects.filter(of__in=others).update(of=target)
    Actor.objects.filter(part_of__in=others).exclude(pk=target.pk).update(part_of=target)
    merged = {other.pk for other in others}
    inherited = next(
        (o.part_of_id for o in others if o.part_of_id not in {None, target.pk, *merged}), None
    )
    if target.part_of_id in merged or (target.part_of_id is None and inherited):
        target.part_of_id = inherited
        target.save(update_fields=["part_of"])
    taken = set(ActorAlias.objects.values_list("alias", flat=True)) | {target.name}
    ActorAlias.objects.bulk_create(
        ActorAlias(actor=target, alias=other.name) for other in others if other.name not in taken
    )
    for other in others:
        other._change_reason = f"Merged into {target.name}"
        other.delete()
    return len(event_ids)
