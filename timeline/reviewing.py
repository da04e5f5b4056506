"""Working through the review queue: which events an editor asked to see, where one event sits
among them, and what the editor did this session (tallied, and the last action kept to undo).

The rules themselves (who may confirm what, the queue's orders) are the model's; this module
holds the editor's position in the queue, which lives in the URL and the session.
"""

import datetime
from dataclasses import dataclass, fields, replace

from django.db import transaction
from django.db.models import Exists, Min, OuterRef, Prefetch, Q
from django.utils import timezone
from django.utils.http import urlencode

from .merging import MergeConflict, restore, snapshot, undo_merge
from .models import (
    QUEUE_KEYS,
    Actor,
    Event,
    EventMerge,
    Mention,
    QueueOrder,
    Topic,
    review_summary,
)

# Reasons editors give most often, offered as one keystroke each; free text adds to them.
REJECTION_REASONS = [
    "Not an event: comment, background or analysis",
    "Not about defence cooperation",
    "Duplicate of another event",
    "Misread: the sentence says something else",
    "Too vague to place on the timeline",
]
# The queue counts its events up to this many: beyond, "1,000+" says enough, and counting a
# common actor's pending events exactly would cost more than the rest of the page.
COUNT_CAP = 1000
# A pause longer than this starts a new session's tally ("N confirmed in T minutes").
SESSION_GAP = datetime.timedelta(minutes=30)
SESSION_KEY = "review_queue"
# The actions the session's tally counts ("Queue empty — N confirmed, M rejected…").
COUNTED = ("confirmed", "rejected", "merged")


@dataclass(frozen=True)
class QueueView:
    """What the editor asked to see: an order and filters, all of them in the URL."""

    order: str = QueueOrder.ARTICLE
    article: int | None = None
    outlet: str = ""
    actor: str = ""
    topic: str = ""

    @classmethod
    def from_query(cls, query) -> "QueueView":
        """Read the query string leniently: a value that makes no sense is ignored, never a 500."""
        order = query.get("order", "")
        article = query.get("article", "")
        return cls(
            order=order if order in QueueOrder.values else QueueOrder.ARTICLE,
            article=int(article) if article.isdigit() and len(article) < 12 else None,
            outlet=query.get("outlet", "").strip()[:200],
            actor=query.get("actor", "").strip()[:200],
            topic=query.get("topic", "").strip()[:200],
        )

    def events(self):
        """The queue as filtered, in its order.

        Each filter is a correlated EXISTS, not an ``id IN (…)`` set: the queue is read in its
        index's order and stops at the first match, where a set would first gather every event
        of a common actor or outlet (hundreds of thousands at a million events).
        """
        queue = Event.objects.review_queue(self.order)
        mentions = Mention.objects.filter(event=OuterRef("pk"))
        if self.article is not None:
            queue = queue.filter(Exists(mentions.filter(article_id=self.article)))
        if self.outlet:
            queue = queue.filter(Exists(mentions.filter(article__publisher=self.outlet)))
        if self.actor:
            actor = Actor.objects.filter(Q(slug=self.actor) | Q(name__iexact=self.actor)).first()
            links = Event.actors.through.objects.filter(event=OuterRef("pk"), actor=actor)
            queue = queue.filter(Exists(links)) if actor else queue.none()
        if self.topic:
            links = Event.topics.through.objects.filter(
                event=OuterRef("pk"), topic__slug=self.topic
            )
            queue = queue.filter(Exists(links))
        return queue

    def query(self, **extra) -> str:
        """This view's query string (defaults left out), with ``extra`` parameters."""
        params = {
            field.name: getattr(self, field.name)
            for field in fields(self)
            if getattr(self, field.name) not in (None, "", field.default)
        }
        params.update({key: value for key, value in extra.items() if value is not None})
        return urlencode(params)

    @property
    def prefix(self) -> str:
        """This view's query string ready for one more parameter: "order=newest&" or ""."""
        query = self.query()
        return f"{query}&" if query else ""

    def without(self, name: str) -> "QueueView":
        return replace(self, **{name: None if name == "article" else ""})

    def active_filters(self) -> list[tuple[str, str]]:
        """(parameter, value) of each filter in use, for the chips that remove them."""
        return [
            (name, str(getattr(self, name)))
            for name in ("article", "outlet", "actor", "topic")
            if getattr(self, name) not in (None, "")
        ]


def queue_keys(event: Event, order: str) -> dict:
    """The values of ``event``'s queue keys in ``order`` (its annotations and fields)."""
    return {key: getattr(event, key) for key, _ in QUEUE_KEYS[QueueOrder(order)]}


def with_evidence(queryset):
    """What the queue shows of an event, in a fixed number of queries."""
    return queryset.prefetch_related(
        Prefetch("actors", queryset=Actor.objects.only("name", "slug", "kind")),
        Prefetch("topics", queryset=Topic.objects.only("name", "slug")),
        Prefetch(
            "mentions",
            queryset=Mention.objects.select_related("article").order_by("article_id", "start"),
        ),
    )


@dataclass
class Position:
    """One event of the queue and its neighbours in the editor's order."""

    event: Event | None
    previous_id: int | None
    next_id: int | None
    remaining: int

    @property
    def remaining_display(self) -> str:
        """How many events wait: "12", or "1,000+" past what is worth counting exactly."""
        if self.remaining > COUNT_CAP:
            return f"{COUNT_CAP:,}+"
        return f"{self.remaining:,}"


def locate(view: QueueView, event_id: int | None) -> Position:
    """The event to show (``event_id``, else the first of the queue) and its neighbours.

    An event that has left the queue (confirmed meanwhile, filtered out) is still shown when
    asked for by id, so that a link or an undo lands where it points.
    """
    queue = view.events()
    event = None
    if event_id is not None:
        event = with_evidence(Event.objects.with_queue_keys(view.order)).filter(pk=event_id).first()
    if event is None:
        event = with_evidence(queue).first()
    if event is None:
        return Position(None, None, None, 0)
    keys = queue_keys(event, view.order)
    following = queue.beyond(view.order, keys).exclude(pk=event.pk)
    preceding = queue.beyond(view.order, keys, backwards=True).exclude(pk=event.pk)
    return Position(
        event=event,
        previous_id=preceding.values_list("pk", flat=True).first(),
        next_id=following.values_list("pk", flat=True).first(),
        remaining=queue.order_by()[: COUNT_CAP + 1].count(),
    )


def next_after(view: QueueView, event: Event) -> int | None:
    """The event to show once the editor has dealt with ``event``: the next in the queue, or,
    at its end, the first still waiting (one skipped earlier), or None when it is empty."""
    keyed = Event.objects.with_queue_keys(view.order).filter(pk=event.pk).first()
    queue = view.events().exclude(pk=event.pk)
    if keyed is not None:
        following = queue.beyond(view.order, queue_keys(keyed, view.order))
        next_id = following.values_list("pk", flat=True).first()
        if next_id is not None:
            return next_id
    return queue.values_list("pk", flat=True).first()


def article_events(event: Event) -> list[Event]:
    """Every event of the article the event's first quote comes from, in the article's order,
    for the editor to see the neighbourhood (and the event's own place in it)."""
    mentions = list(event.mentions.all())
    if not mentions:
        return []
    article_id = mentions[0].article_id
    return list(
        Event.objects.filter(mentions__article_id=article_id)
        .annotate(offset=Min("mentions__start"))
        .only("title", "status", "date", "date_end", "precision", "timex")
        .order_by("offset", "id")
    )


class ReviewRun:
    """The editor's session at the queue: counts of what was decided, since when, and the last
    action, kept so that ``u`` undoes it. Stored in the session, one per editor and browser."""

    def __init__(self, session):
        self.session = session
        self.data = session.get(SESSION_KEY) or {}
        last = self.data.get("last_action_at")
        if last and timezone.now() - datetime.datetime.fromisoformat(last) > SESSION_GAP:
            self.data = {}

    @property
    def confirmed(self) -> int:
        return self.data.get("confirmed", 0)

    @property
    def rejected(self) -> int:
        return self.data.get("rejected", 0)

    @property
    def merged(self) -> int:
        return self.data.get("merged", 0)

    @property
    def undoable(self) -> dict | None:
        return self.data.get("undo")

    def minutes(self) -> int:
        started = self.data.get("started_at")
        last = self.data.get("last_action_at")
        if not started or not last:
            return 0
        span = datetime.datetime.fromisoformat(last) - datetime.datetime.fromisoformat(started)
        return round(span.total_seconds() / 60)

    def record(self, action: str, event: Event, before: dict | None = None, **extra) -> None:
        """Count the action and keep what undoing it needs (the event as it was)."""
        now = timezone.now().isoformat()
        self.data.setdefault("started_at", now)
        self.data["last_action_at"] = now
        if action in COUNTED:
            self.data[action] = self.data.get(action, 0) + 1
        self.data["undo"] = {
            "action": action,
            "event": event.pk,
            "title": event.title,
            "version": event.version,
            "before": before,
            **extra,
        }
        self.save()

    def record_bulk(self, confirmed: int) -> None:
        """Count a confirmation in bulk (not undoable from the queue: each is in the history)."""
        now = timezone.now().isoformat()
        self.data.setdefault("started_at", now)
        self.data["last_action_at"] = now
        self.data["confirmed"] = self.data.get("confirmed", 0) + confirmed
        self.save()

    def forget_undo(self, action: str) -> None:
        if action in COUNTED:
            self.data[action] = max(0, self.data.get(action, 0) - 1)
        self.data.pop("undo", None)
        self.save()

    def save(self) -> None:
        self.session[SESSION_KEY] = self.data
        self.session.modified = True


class UndoRefused(ValueError):
    """The action cannot be undone any more; the message says why, for the editor."""


@transaction.atomic
def undo_decision(last: dict, user) -> Event:
    """Put the event back as it was before the editor's decision, if nobody changed it since."""
    event = Event.objects.select_for_update().filter(pk=last["event"]).first()
    if event is None:
        raise UndoRefused(f"Event #{last['event']} no longer exists: it was merged meanwhile.")
    if event.version != last["version"]:
        raise UndoRefused(
            f"“{event.title}” was changed again since it was {last['action']}: nothing was "
            "undone. Open it to see the change."
        )
    restore(event, last["before"], reason=f"Undone: {review_summary(event.status)}")
    return event


def undo_queue_merge(last: dict, user) -> Event:
    """Undo the merge the editor made from the queue: the event is its own again."""
    merge = EventMerge.objects.filter(pk=last.get("merge")).first()
    if merge is None:
        raise MergeConflict("That merge is no longer recorded: nothing was undone.")
    undo_merge(merge, user)
    return Event.objects.get(pk=last["event"])


def before_decision(event: Event) -> dict:
    """What undoing a decision on the event puts back: its fields, actors and topics (read from
    prefetched rows when the caller prefetched them: see ``locked_for_review``)."""
    return {
        **snapshot(event, with_relations=False),
        "actors": sorted(actor.pk for actor in event.actors.all()),
        "topics": sorted(topic.pk for topic in event.topics.all()),
    }


def locked_for_review(event_id: int) -> Event | None:
    """The event, locked until the transaction ends, with its actors and topics prefetched (the
    form and the undo snapshot read them)."""
    return (
        Event.objects.select_for_update()
        .prefetch_related("actors", "topics")
        .filter(pk=event_id)
        .first()
    )
