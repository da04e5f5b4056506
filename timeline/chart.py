"""The chart view's data: the events of the window the chart shows, in one lane per actor.

The chart asks for its visible window only (``Window``), and gets at most ``LIMIT`` events of
it, so a request reads the same few rows through the date index whether the timeline holds a
thousand events or a million. Lanes are the chosen actors, or else the commonest actors of the
filter (from the cached facet counts); events with none of them go in a last lane.
"""

import contextlib
import datetime
from dataclasses import dataclass

from django.db import connection, transaction
from django.urls import reverse

from . import aggregates
from .filters import TimelineFilter
from .models import Actor, Event
from .periods import Precision

LIMIT = 500
MAX_LANES = 6
OTHER_LANE = "other"
# Windows beyond these years are a client error, not a query worth running.
FIRST_YEAR, LAST_YEAR = 1, 9999


@dataclass(frozen=True)
class Window:
    """The days the chart shows, both included."""

    start: datetime.date
    end: datetime.date

    @classmethod
    def parse(cls, start: str, end: str) -> "Window":
        try:
            window = cls(datetime.date.fromisoformat(start), datetime.date.fromisoformat(end))
        except ValueError:
            raise ValueError("The chart's window is start=YYYY-MM-DD&end=YYYY-MM-DD.") from None
        if window.end < window.start:
            raise ValueError("The chart's window ends before it starts.")
        return window


@dataclass(frozen=True)
class Lane:
    key: str
    name: str
    actor_id: int | None = None


def lanes(filters: TimelineFilter) -> list[Lane]:
    """One lane per chosen actor, or per commonest actor of the filter; then "Other"."""
    if filters.actors:
        actors = list(filters.actors)
    else:
        commonest = [facet.slug for facet in aggregates.summary(filters).actor_facets[:MAX_LANES]]
        found = {a.slug: a for a in Actor.objects.filter(slug__in=commonest).only("name", "slug")}
        actors = [found[slug] for slug in commonest if slug in found]
    result = [Lane(actor.slug, actor.name, actor.pk) for actor in actors]
    return [*result, Lane(OTHER_LANE, "Other actors" if result else "Events")]


def chart_item(event: Event, lane: str, url: str) -> dict:
    """An event as vis-timeline draws it: a point for a day, a bar over a longer period."""
    item = {
        "id": f"{event.pk}-{lane}",
        "group": lane,
        "start": event.date.isoformat(),
        "title": event.title,
        "date": event.date_display,
        "url": url,
    }
    if event.date_end or event.precision != Precision.DAY:
        # vis-timeline ends a range at the start of its end: the day after the period's last.
        item["end"] = (event.period_end + datetime.timedelta(days=1)).isoformat()
        item["type"] = "range"
    else:
        item["type"] = "point"
    return item


@contextlib.contextmanager
def serial_plan():
    """On PostgreSQL, no parallel workers for the queries run inside. A window of a chosen
    actor's events is read along its link rows and fetched by id, stopping at ``LIMIT``: the
    planner, costing the whole walk (a third of a million events), starts two workers, whose
    start-up on a busy machine cost more than the few hundred rows they share out (at a million
    events, 4 ms serial against 11–20 ms with workers on a quiet machine, 128 ms loaded)."""
    if connection.vendor != "postgresql":
        yield
        return
    # SET LOCAL lasts until the end of the transaction: this one, or the request's if it has
    # one (no savepoint: nothing here to roll back on its own).
    with transaction.atomic(savepoint=False), connection.cursor() as cursor:
        cursor.execute("SET LOCAL max_parallel_workers_per_gather = 0")
        yield


def window_data(filters: TimelineFilter, window: Window) -> dict:
    """The lanes, and the events of ``window`` within ``filters`` (at most ``LIMIT``)."""
    chosen = lanes(filters)
    with serial_plan() if filters.rarest is not None else contextlib.nullcontext():
        events = list(
            filters.without_cursor()
            .apply(Event.objects.public())
            .in_period(window.start, window.end)
            .only("title", "date", "date_end", "precision", "period_end")[: LIMIT + 1]
        )
    truncated = len(events) > LIMIT
    events = events[:LIMIT]
    by_actor = {lane.actor_id: lane.key for lane in chosen if lane.actor_id}
    in_lanes: dict[int, list[str]] = {}
    links = Event.actors.through.objects.filter(
        event_id__in=[event.pk for event in events], actor_id__in=list(by_actor)
    ).values_list("event_id", "actor_id")
    for event_id, actor_id in links:
        in_lanes.setdefault(event_id, []).append(by_actor[actor_id])
    # One reverse() for all: a window holds hundreds of events.
    url = reverse("timeline:event", args=[0]).removesuffix("0/")
    items = [
        chart_item(event, lane, f"{url}{event.pk}/")
        for event in events
        for lane in sorted(in_lanes.get(event.pk, [OTHER_LANE]))
    ]
    return {
        "lanes": [{"id": lane.key, "content": lane.name} for lane in chosen],
        "items": items,
        "truncated": truncated,
        "limit": LIMIT,
    }
