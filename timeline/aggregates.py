"""Counts over the current filters (actor and topic facets, events per month).

Without actor, topic or text filters (the home page, a period of whole months) they are sums of
the tallies the database keeps (``timeline.tallies``): milliseconds at a million events, always
current, nothing cached. An actor's or topic's total is one such sum too, and so are, for a
filter by one actor and one topic (either or both), the events per month and the counts of the
other kind's facets (an actor's topics, a topic's actors: the (actor, topic) tally).

What the tallies do not hold (how many events an actor shares with another actor, a topic
with another topic; two actors or topics chosen; a text search; a period cut inside a month)
is counted from the matching events, and the result cached under its filters, with the
data version it was computed at: the highest audit-trail ids of events, actors and topics, read
in one cheap query. Every save or delete through the ORM writes an audit row, so a change makes
every cached count stale at once, whatever the cache backend. A stale count is still served
while exactly one request recomputes it (a lock in the cache), so that readers arriving after
an editor's decision never all count at once; an entry older than ``TIMELINE_CACHE_SECONDS``
is stale too, which bounds how long a write that bypasses the ORM (``update()``, raw SQL) goes
unseen. Ingestion stores new events pending, without an audit row: nothing public changed.

A text search over a common word can match most of the timeline; its counts are taken over the
newest ``SEARCH_SAMPLE`` matches only, and the page says "more than" that many.

The cache is the ``TIMELINE_CACHE`` alias of ``CACHES`` (default: ``"default"``, Django's
per-process local memory unless ``CACHE_URL`` names a Redis).
"""

import datetime
import hashlib
import time
import uuid
from dataclasses import dataclass, replace

from django.conf import settings
from django.core.cache import caches
from django.db import connection, models

from . import counting
from .counting import count_by, per_month
from .filters import TimelineFilter
from .models import Actor, Event, Topic

DEFAULT_TIMEOUT = 300
# A text search's counts read at most this many of its newest matches.
SEARCH_SAMPLE = 2000
# Cached counts are kept this long, to be served (stale) while they are recomputed.
KEEP_SECONDS = 24 * 3600
# How long one request may hold the right to recompute an entry before another may take it.
LOCK_SECONDS = 30
# How long a request waits for another's first computation of an entry, checking every POLL.
WAIT_SECONDS = 10
POLL_SECONDS = 0.05


# Facets list the commonest actors and topics; the chosen ones are always shown too.
FACET_SIZE = 12


@dataclass
class Facet:
    kind: str
    slug: str
    name: str
    count: int
    selected: bool


def facets(kind: str, model, counts: dict[int, int], chosen, size: int = FACET_SIZE):
    """Checkbox data for the commonest ``size`` actors or topics plus every chosen one."""
    commonest = sorted(counts, key=counts.__getitem__, reverse=True)[:size]
    chosen_ids = {row.pk for row in chosen}
    rows = model.objects.filter(pk__in={*commonest, *chosen_ids}).only("name", "slug")
    result = [
        Facet(kind, row.slug, row.name, counts.get(row.pk, 0), row.pk in chosen_ids) for row in rows
    ]
    return sorted(result, key=lambda facet: (-facet.count, facet.name))


@dataclass(frozen=True)
class Summary:
    """What the results region shows besides the page itself."""

    per_month: dict[datetime.date, int]
    actor_facets: list[Facet]
    topic_facets: list[Facet]
    # True when the counts are of the newest SEARCH_SAMPLE matches, not all of them.
    capped: bool = False

    @property
    def total(self) -> int:
        # Every listed event is dated, so the months add up to the total: no COUNT query.
        return sum(self.per_month.values())


def data_version() -> str:
    """Changes whenever an event, actor or topic is saved or deleted through the ORM."""
    quote = connection.ops.quote_name
    tables = [
        ("history_id", Event.history.model),
        ("history_id", Actor.history.model),
        ("history_id", Topic.history.model),
    ]
    maxima = ", ".join(
        f"(SELECT MAX({quote(column)}) FROM {quote(model._meta.db_table)})"
        for column, model in tables
    )
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {maxima}")
        return ".".join(str(value) for value in cursor.fetchone())


def cache_key(filters: TimelineFilter, kind: str = "summary") -> str:
    """The filters that change the counts (not the order, not the cursor)."""
    parts = [
        ",".join(str(actor.pk) for actor in filters.actors),
        ",".join(str(topic.pk) for topic in filters.topics),
        str(filters.start or ""),
        str(filters.end or ""),
        filters.q,
    ]
    digest = hashlib.sha256("\x1f".join(parts).encode()).hexdigest()
    return f"timeline:{kind}:{digest}"


def from_tallies(filters: TimelineFilter) -> bool:
    """True when the tallies answer these filters: no actor, topic or text, whole months."""
    return not (filters.actors or filters.topics or filters.q) and counting.whole_months(
        filters.start, filters.end
    )


def tallied_summary(filters: TimelineFilter) -> Summary:
    months, actors, topics = counting.tallied(filters.start, filters.end, FACET_SIZE)
    return Summary(
        per_month=months,
        actor_facets=[Facet("actor", slug, name, count, False) for slug, name, count in actors],
        topic_facets=[Facet("topic", slug, name, count, False) for slug, name, count in topics],
    )


def counted_summary(filters: TimelineFilter) -> Summary:
    """The counts of the events matching ``filters``: from the tallies what they hold, the rest
    counted (and cached by the caller)."""
    if filters.rarest is not None and not filters.q:
        matching = filters.matching_links()
    else:
        matching = filters.without_cursor().apply(Event.objects.public())
    if filters.q:
        # The newest matches, one more than the sample to tell whether there are more.
        newest = matching.values("pk")[: SEARCH_SAMPLE + 1]
        matching = Event.objects.filter(pk__in=models.Subquery(newest))
    start, end = filters.start, filters.end
    tallied = tallied_subjects(filters)
    subjects = [*filters.actors, *filters.topics]
    months = counting.tallied_months(subjects, start, end) if tallied else per_month(matching)
    # With one topic chosen, its actors' counts are sums of the (actor, topic) tally, and the
    # other way round; how many events two actors (or two topics) share is counted.
    if tallied and filters.topics and not filters.actors:
        actor_counts = counting.tallied_with(filters.topics[0], start, end)
    else:
        actor_counts = count_by(matching, "actors")
    if tallied and filters.actors and not filters.topics:
        topic_counts = counting.tallied_with(filters.actors[0], start, end)
    else:
        topic_counts = count_by(matching, "topics")
    result = Summary(
        per_month=months,
        actor_facets=facets("actor", Actor, actor_counts, filters.actors),
        topic_facets=facets("topic", Topic, topic_counts, filters.topics),
    )
    if filters.q and result.total > SEARCH_SAMPLE:
        result = replace(result, capped=True)
    return result


def tallied_subjects(filters: TimelineFilter) -> bool:
    """True when the tallies hold the events of these filters' actors and topics (at most one
    of each), with no text and a period of whole months."""
    return (
        not filters.q
        and counting.whole_months(filters.start, filters.end)
        and counting.tallied_subjects(filters.actors, filters.topics)
    )


@dataclass(frozen=True)
class Entry:
    value: object
    version: str
    computed_at: float


def cached(key: str, compute):
    """``compute()``'s value for ``key``: from the cache while the data has not changed, else
    recomputed by exactly one request at a time while the others serve the stale value."""
    cache = caches[getattr(settings, "TIMELINE_CACHE", "default")]
    version = data_version()
    max_age = getattr(settings, "TIMELINE_CACHE_SECONDS", DEFAULT_TIMEOUT)
    entry = cache.get(key)
    if entry is not None and entry.version == version and time.time() - entry.computed_at < max_age:
        return entry.value
    lock, token = f"{key}:lock", uuid.uuid4().hex
    if not cache.add(lock, token, LOCK_SECONDS):
        if entry is not None:
            return entry.value  # another request is recomputing it: the stale value meanwhile
        entry = wait_for(cache, key)
        if entry is not None:
            return entry.value
    try:
        value = compute()
        cache.set(key, Entry(value, version, time.time()), KEEP_SECONDS)
    finally:
        if cache.get(lock) == token:
            cache.delete(lock)
    return value


def wait_for(cache, key: str) -> Entry | None:
    """The entry another request is computing for the first time, once it is there."""
    deadline = time.monotonic() + WAIT_SECONDS
    while time.monotonic() < deadline:
        time.sleep(POLL_SECONDS)
        entry = cache.get(key)
        if entry is not None:
            return entry
    return None


def summary(filters: TimelineFilter) -> Summary:
    """The counts for these filters: from the tallies when they answer, else cached."""
    if from_tallies(filters):
        return tallied_summary(filters)
    return cached(cache_key(filters), lambda: counted_summary(filters))


def total(filters: TimelineFilter) -> int:
    """How many events match these filters (an actor's or topic's page)."""
    if tallied_subjects(filters):
        subjects = [*filters.actors, *filters.topics]
        return counting.tallied_total(subjects, filters.start, filters.end)
    return cached(
        cache_key(filters, kind="total"),
        lambda: filters.without_cursor().apply(Event.objects.public()).count(),
    )
