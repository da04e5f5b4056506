"""Duplicates caught when they arrive: each new proposal is compared, at ingest, with the
confirmed and pending events of nearby dates reported by other articles, and a likely pair is
stored as a DuplicateSuggestion until an editor merges it or marks it "not a duplicate".

A pair is suggested when the two events' periods overlap (a day's report may be a day off: an
outlet in another time zone), their precisions are close (a day and its month, not a day and its
decade), they share an actor, they come from different articles (one article's retellings are
the extractor's to merge), and they tell the same act in words alike (``timeline.similarity``).
Only the earlier id of a pair is compared with the later, so each pair is weighed once, at the
ingest of the later.

Public API, for the review queue and the admin:

- ``suggest_duplicates(article) -> int``: the ingest hook, one call per stored article (after its
  events are written, in the same transaction); returns how many suggestions it found.
- ``suggest_for_events(events) -> int``: the same for any events (the ``suggest_duplicates``
  command's backfill).
- ``best_suggestion(event) -> Suggested | None``: the event's most likely open duplicate, with the
  other event's id, outlet and dates; ``str()`` of it reads "probably the same as #123 (Reuters,
  14 May 2024)".
- ``open_suggestions()``: the open suggestions, most alike first (the Possible duplicates page).
- ``merge_into(event, original, user) -> EventMerge``: ``event`` becomes a further source of
  ``original`` (``merging.merge_events``: locked, recorded, undoable); MergeConflict when either
  is gone.
- ``mark_not_duplicate(event, other, user) -> NotDuplicate``: the pair, in either order, is never
  suggested again; MergeConflict when either is gone.
"""

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils.formats import date_format

from . import similarity
from .merging import PRECISION_RANK, MergeConflict, merge_events
from .models import (
    Actor,
    ActorAlias,
    Article,
    DuplicateSuggestion,
    Event,
    EventMerge,
    Mention,
    NotDuplicate,
    Status,
)
from .periods import Precision

# Coarser than a quarter ("in 2022") says too little of when to tell two acts apart, and would
# compare a proposal with thousands of events.
COMPARED_PRECISIONS = [
    Precision.DAY,
    Precision.WEEK,
    Precision.MONTH,
    Precision.SEASON,
    Precision.QUARTER,
]
LONGEST_COMPARED_PERIOD = datetime.timedelta(days=92)
MAX_PRECISION_GAP = 2
# Days either side of a report's period: "on Tuesday" in Kyiv may be Monday in Washington.
SLACK_DAYS = {Precision.DAY: 1, Precision.WEEK: 1}
IN_PLAY = [Status.PENDING, Status.CONFIRMED]
# A story every outlet ran would otherwise bring the tenth report nine suggestions: the editor
# needs the likeliest few, and the page must not fill with every pair of one story.
SUGGESTIONS_PER_EVENT = 3


@dataclass(frozen=True)
class Reading:
    """An event as the comparison reads it."""

    pk: int
    status: str
    date: datetime.date
    period_end: datetime.date
    precision: str
    actor_ids: frozenset[int]
    article_ids: frozenset[int]
    words: str
    # The period with its slack either side, and the precision's rank: computed once, compared
    # with hundreds of candidates.
    start: datetime.date = field(init=False)
    end: datetime.date = field(init=False)
    rank: int = field(init=False)

    def __post_init__(self):
        slack = datetime.timedelta(days=SLACK_DAYS.get(self.precision, 0))
        object.__setattr__(self, "start", self.date - slack)
        object.__setattr__(self, "end", self.period_end + slack)
        object.__setattr__(self, "rank", PRECISION_RANK[self.precision])

    @property
    def window(self) -> tuple[datetime.date, datetime.date]:
        return self.start, self.end

    def may_retell(self, other: "Reading") -> bool:
        """Dates, precisions, actors and sources that allow ``other`` to be the same event."""
        return (
            other.date <= self.end
            and other.period_end >= self.start
            and abs(self.rank - other.rank) <= MAX_PRECISION_GAP
            and bool(self.actor_ids & other.actor_ids)
            and not self.article_ids & other.article_ids
        )


def suggest_duplicates(article: Article) -> int:
    """Compare the events of a newly stored (or re-extracted) article with those already known."""
    return suggest_for_events(Event.objects.filter(mentions__article=article))


def suggest_for_events(events) -> int:
    """Store a suggestion for each likely duplicate of these events (a queryset) among the
    events with lower ids; returns how many were found."""
    # By id rather than through the caller's joins (an article's mentions), which repeat rows.
    news = read_events(comparable(Event.objects.filter(pk__in=events.values("pk"))))
    if not news:
        return 0
    candidates = read_events(nearby_candidates(news.values()))
    known = decided_pairs(news.keys())
    found = []
    for new in sorted(news.values(), key=lambda reading: reading.pk):
        earlier = [
            other
            for other in candidates.values()
            if other.pk < new.pk
            and frozenset((new.pk, other.pk)) not in known
            and new.may_retell(other)
        ]
        scores = similarity.similar(new.words, [other.words for other in earlier])
        best = sorted(scores.items(), key=lambda item: (-item[1], -earlier[item[0]].pk))
        found += [suggestion(new, earlier[i], score) for i, score in best[:SUGGESTIONS_PER_EVENT]]
    name_shared_actors(found)
    stored = DuplicateSuggestion.objects.bulk_create(found, ignore_conflicts=True)
    return len(stored)


def name_shared_actors(found: list[DuplicateSuggestion]) -> None:
    """The shared actors by name, as they were called when the pair was found."""
    ids = {pk for item in found for pk in item.reasons["shared_actors"]}
    names = dict(Actor.objects.filter(pk__in=ids).values_list("pk", "name"))
    for item in found:
        item.reasons["shared_actors"] = sorted(names[pk] for pk in item.reasons["shared_actors"])


def comparable(events):
    """Those of ``events`` that are compared: dated closely enough, not rejected."""
    return events.filter(status__in=IN_PLAY, date__isnull=False, precision__in=COMPARED_PRECISIONS)


def nearby_candidates(news: Iterable[Reading]):
    """Events in play whose periods come near those of ``news`` and that share an actor with
    one of them: the date index narrows it to a few days' events, the link table to the actors."""
    news = list(news)
    nearby = Q()
    for start, end in merged_windows(reading.window for reading in news):
        # A compared period is at most a quarter long, so its start bounds the index scan.
        nearby |= Q(date__gte=start - LONGEST_COMPARED_PERIOD, date__lte=end, period_end__gte=start)
    actors = {actor for reading in news for actor in reading.actor_ids}
    shares_actor = Event.actors.through.objects.filter(event_id=OuterRef("pk"), actor_id__in=actors)
    earlier = Event.objects.filter(nearby, pk__lt=max(reading.pk for reading in news))
    return comparable(earlier).filter(Exists(shares_actor))


def merged_windows(windows) -> list[tuple[datetime.date, datetime.date]]:
    merged: list[list[datetime.date]] = []
    for start, end in sorted(windows):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return [(start, end) for start, end in merged]


def read_events(events) -> dict[int, Reading]:
    """The events' dates, actors, articles and act words, in five queries however many."""
    rows = list(
        events.order_by().values_list(
            "pk", "status", "date", "period_end", "precision", "title", "quote_text"
        )
    )
    if not rows:
        return {}
    ids = [row[0] for row in rows]
    actors, articles = defaultdict(set), defaultdict(set)
    for event_id, actor_id in Event.actors.through.objects.filter(event_id__in=ids).values_list(
        "event_id", "actor_id"
    ):
        actors[event_id].add(actor_id)
    for event_id, article_id in (
        Mention.objects.filter(event_id__in=ids)
        .order_by()
        .values_list("event_id", "article_id")
        .distinct()
    ):
        articles[event_id].add(article_id)
    names = ActorNames({actor for linked in actors.values() for actor in linked})
    readings = {}
    for pk, status, date, period_end, precision, title, quotes in rows:
        linked = frozenset(actors[pk])
        readings[pk] = Reading(
            pk=pk,
            status=status,
            date=date,
            period_end=period_end,
            precision=precision,
            actor_ids=linked,
            article_ids=frozenset(articles[pk]),
            words=similarity.act_words(f"{title}\n{quotes}", names.of(linked)),
        )
    return readings


class ActorNames:
    """Every name an actor goes by (name and aliases), gathered per set of actors: the words
    the act is told with are what is left once they are taken out."""

    def __init__(self, actor_ids: set[int]):
        self.names = defaultdict(list)
        for pk, name in Actor.objects.filter(pk__in=actor_ids).values_list("pk", "name"):
            self.names[pk].append(name)
        for pk, alias in ActorAlias.objects.filter(actor_id__in=actor_ids).values_list(
            "actor_id", "alias"
        ):
            self.names[pk].append(alias)
        self.cache: dict[frozenset[int], similarity.Names] = {}

    def of(self, actor_ids: frozenset[int]) -> similarity.Names:
        if actor_ids not in self.cache:
            names = [name for pk in actor_ids for name in self.names[pk]]
            self.cache[actor_ids] = similarity.Names(names)
        return self.cache[actor_ids]


def decided_pairs(new_ids: Iterable[int]) -> set[frozenset[int]]:
    """The pairs of these events already suggested or marked as not duplicates."""
    news = list(new_ids)
    suggested = DuplicateSuggestion.objects.filter(
        Q(event__in=news) | Q(original__in=news)
    ).values_list("event_id", "original_id")
    dismissed = NotDuplicate.objects.filter(Q(first__in=news) | Q(second__in=news)).values_list(
        "first_id", "second_id"
    )
    return {frozenset(pair) for pair in [*suggested, *dismissed]}


def suggestion(new: Reading, earlier: Reading, score: float) -> DuplicateSuggestion:
    """The pair with the confirmed one as the original (the queue shows the pending one), else
    the earlier one."""
    if new.status == Status.CONFIRMED and earlier.status != Status.CONFIRMED:
        event, original = earlier, new
    else:
        event, original = new, earlier
    return DuplicateSuggestion(
        event_id=event.pk,
        original_id=original.pk,
        score=score,
        reasons={
            "shared_actors": sorted(new.actor_ids & earlier.actor_ids),
            "days_apart": days_apart(new, earlier),
            "wording": score,
        },
    )


def days_apart(one: Reading, other: Reading) -> int:
    """0 when the periods overlap, else the days between them."""
    if one.date <= other.period_end and other.date <= one.period_end:
        return 0
    return min(abs((one.date - other.period_end).days), abs((other.date - one.period_end).days))


# Reading suggestions.


def open_suggestions():
    """Suggestions neither of whose events has been rejected, most alike first.

    Written as two NOT EXISTS, not as joins: counting them then reads the rejected events'
    ids from the status index (an anti-join) instead of every event in play.
    """
    rejected = Event.objects.filter(status=Status.REJECTED)
    return DuplicateSuggestion.objects.filter(
        ~Exists(rejected.filter(pk=OuterRef("event_id"))),
        ~Exists(rejected.filter(pk=OuterRef("original_id"))),
    ).order_by("-score", "-id")


def involving(event: Event):
    return open_suggestions().filter(Q(event=event) | Q(original=event))


@dataclass(frozen=True)
class Suggested:
    """One open suggestion as the event's reviewer sees it: the other event of the pair."""

    suggestion_id: int
    other: Event
    outlet: str
    published: datetime.datetime | None
    score: float

    def __str__(self) -> str:
        source = ", ".join(
            [self.outlet or "unknown outlet"]
            + ([date_format(self.published, "j M Y")] if self.published else [])
        )
        return f"probably the same as #{self.other.pk} ({source})"


def best_suggestion(event: Event) -> Suggested | None:
    """The most alike open suggestion involving ``event``, from the event's side."""
    found = involving(event).select_related("event", "original").first()
    if found is None:
        return None
    other = found.original if found.event_id == event.pk else found.event
    source = first_source(other)
    return Suggested(
        suggestion_id=found.pk,
        other=other,
        outlet=source.publisher if source else "",
        published=source.published if source else None,
        score=found.score,
    )


def first_source(event: Event) -> Article | None:
    """The earliest article reporting the event."""
    return (
        Article.objects.filter(mentions__event=event)
        .order_by("published", "pk")
        .only("publisher", "published")
        .first()
    )


# Deciding on suggestions.


def merge_into(event: Event, original: Event, user) -> EventMerge:
    """Make ``event`` a further source of ``original``: its quotes, actors and topics move there
    and it is deleted, with the merge recorded for undo (its suggestions go with it)."""
    if event.pk == original.pk:
        raise ValueError("An event cannot be merged into itself.")
    return merge_events(original, [event], user)


@transaction.atomic
def mark_not_duplicate(event: Event, other: Event, user) -> NotDuplicate:
    """Remember that the two events are different happenings and drop the pair's suggestion."""
    first, second = NotDuplicate.ordered(event.pk, other.pk)
    if first == second:
        raise ValueError("Choose two different events.")
    # Locked in id order, as merges lock: a merge of either waits for this, or this for it.
    present = set(
        Event.objects.select_for_update()
        .filter(pk__in=[first, second])
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    gone = [pk for pk in (first, second) if pk not in present]
    if gone:
        raise MergeConflict(
            f"Event #{gone[0]} no longer exists (another editor has just merged it into another "
            "event): nothing was marked."
        )
    record, _ = NotDuplicate.objects.get_or_create(
        first_id=first, second_id=second, defaults={"marked_by": user}
    )
    DuplicateSuggestion.objects.filter(
        Q(event_id=first, original_id=second) | Q(event_id=second, original_id=first)
    ).delete()
    return record
