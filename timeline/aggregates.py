"""Counts over the current filters (actor and topic facets, events per month), cached.

Counting reads every matching event: hundreds of milliseconds at a million events, for a
result that only changes when public events do. Each result is cached under its filters and a
data version read in one cheap query (three index look-ups): the highest audit-trail ids of
events, actors and topics. Every save or delete through the ORM (edits, confirmations,
rejections, merges, deletions, changes of actors and topics, renames) writes an audit row and
raises one of them, so every process sees a change on its next request, whatever cache backend
it has. Ingestion stores new events pending, without an audit row: a newsroom feeding articles
all day does not empty the readers' cache, since nothing public changed.

Staleness: writes that bypass the ORM's save() and delete() (``QuerySet.update()``, raw SQL)
write no audit row; their effect on the counts shows when the entry expires, after
``TIMELINE_CACHE_SECONDS`` (default 300). The cache is the ``TIMELINE_CACHE`` alias of
``CACHES`` (default: ``"default"``, Django's per-process local memory unless configured).
"""

import datetime
import hashlib
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import caches
from django.db import connection

from .counting import count_by, per_month
from .filters import TimelineFilter
from .models import Actor, Event, Topic

DEFAULT_TIMEOUT = 300


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


def cache_key(filters: TimelineFilter, version: str, kind: str = "summary") -> str:
    """The filters that change the counts (not the order, not the cursor) and the version."""
    parts = [
        ",".join(str(actor.pk) for actor in filters.actors),
        ",".join(str(topic.pk) for topic in filters.topics),
        str(filters.start or ""),
        str(filters.end or ""),
        filters.q,
        version,
    ]
    digest = hashlib.sha256("\x1f".join(parts).encode()).hexdigest()
    return f"timeline:{kind}:{digest}"


def compute_summary(filters: TimelineFilter) -> Summary:
    matching = filters.without_cursor().apply(Event.objects.public())
    return Summary(
        per_month=per_month(matching),
        actor_facets=facets("actor", Actor, count_by(matching, "actors"), filters.actors),
        topic_facets=facets("topic", Topic, count_by(matching, "topics"), filters.topics),
    )


def summary(filters: TimelineFilter) -> Summary:
    """The counts for these filters, from the cache when the data has not changed since."""
    cache = caches[getattr(settings, "TIMELINE_CACHE", "default")]
    key = cache_key(filters, data_version())
    found = cache.get(key)
    if found is None:
        found = compute_summary(filters)
        cache.set(key, found, getattr(settings, "TIMELINE_CACHE_SECONDS", DEFAULT_TIMEOUT))
    return found


def total(filters: TimelineFilter) -> int:
    """How many events match these filters (an actor's or topic's page), cached likewise."""
    cache = caches[getattr(settings, "TIMELINE_CACHE", "default")]
    key = cache_key(filters, data_version(), kind="total")
    found = cache.get(key)
    if found is None:
        found = filters.without_cursor().apply(Event.objects.public()).count()
        cache.set(key, found, getattr(settings, "TIMELINE_CACHE_SECONDS", DEFAULT_TIMEOUT))
    return found
