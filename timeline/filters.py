"""What a reader of the public site asked to see: the filters of the timeline, its order and
the keyset cursor of "Load more". One value drives the page, the chart, the exports and the feed;
``forms.TimelineFilterForm`` builds it from a query string.
"""

import datetime
import math
from dataclasses import dataclass, field, replace
from urllib.parse import urlencode

from django.db import models

from .models import Actor, ActorLink, EventQuerySet, Status, Topic, TopicLink
from .periods import describe_span

# Keyset ids must fit a 64-bit column; anything larger would make the database driver raise.
MAX_ID = 2**63 - 1


class Sort(models.TextChoices):
    NEWEST = "newest", "Newest first"
    OLDEST = "oldest", "Oldest first"


class View(models.TextChoices):
    LIST = "list", "List"
    CHART = "chart", "Chart"


@dataclass(frozen=True)
class Cursor:
    """Where a page ends: the date and id of its last event."""

    date: datetime.date
    pk: int

    def __str__(self) -> str:
        return f"{self.date.isoformat()}.{self.pk}"

    @classmethod
    def parse(cls, text: str) -> "Cursor":
        invalid = "That “Load more” link is not valid; showing the first page."
        day, _, pk = text.strip().partition(".")
        try:
            cursor = cls(datetime.date.fromisoformat(day), int(pk))
        except ValueError:
            raise ValueError(invalid) from None
        if not 0 < cursor.pk <= MAX_ID:
            raise ValueError(invalid)
        return cursor


@dataclass(frozen=True)
class TimelineFilter:
    """What the reader asked to see; the same value drives the page, the exports and the feed."""

    actors: tuple[Actor, ...] = ()
    topics: tuple[Topic, ...] = ()
    start: datetime.date | None = None
    end: datetime.date | None = None
    start_text: str = ""
    end_text: str = ""
    q: str = ""
    sort: str = Sort.NEWEST
    view: str = View.LIST
    # The page starts after ``cursor`` ("Load more" without JavaScript), or at the beginning and
    # runs through ``through`` (the address htmx keeps after "Load more", so Back restores it).
    cursor: Cursor | None = None
    through: Cursor | None = None
    problems: tuple[str, ...] = field(default=(), compare=False)

    @property
    def newest_first(self) -> bool:
        return self.sort != Sort.OLDEST

    @property
    def is_chart(self) -> bool:
        return self.view == View.CHART

    @property
    def is_filtered(self) -> bool:
        return bool(self.actors or self.topics or self.start or self.end or self.q)

    @property
    def active_count(self) -> int:
        """How many filters narrow the events, as the "Filters (N active)" button says."""
        values = [*self.actors, *self.topics, self.start_text, self.end_text, self.q]
        return sum(1 for value in values if value)

    @property
    def actor_slugs(self) -> list[str]:
        return [actor.slug for actor in self.actors]

    @property
    def topic_slugs(self) -> list[str]:
        return [topic.slug for topic in self.topics]

    @property
    def rarest(self) -> Actor | Topic | None:
        """The chosen actor or topic with the fewest public events (as ``public_events`` says,
        when the form counted them), from whose link rows the events are read."""
        subjects = [*self.actors, *self.topics]
        if not subjects:
            return None
        return min(subjects, key=lambda subject: getattr(subject, "public_events", math.inf))

    def apply(self, events: EventQuerySet) -> EventQuerySet:
        """These filters on ``events`` (public events), in timeline order from the cursor on.

        With actors or topics chosen, the events come in order from the rarest one's link
        rows, and each of the others is a check on the few found there.
        """
        rarest = self.rarest
        if rarest is not None:
            events = events.along(rarest)
        events = (
            events.for_actors([actor for actor in self.actors if actor is not rarest])
            .for_topics([topic for topic in self.topics if topic is not rarest])
            .search(self.q)
            .chronological(self.newest_first)
        )
        if self.start or self.end:
            events = events.in_period(self.start, self.end)
        if self.cursor:
            events = events.after(self.cursor.date, self.cursor.pk, self.newest_first)
        return events

    def matching_links(self) -> models.QuerySet:
        """For counting without a text search: the rarest chosen subject's confirmed link rows
        of the matching events, one per event, with its date, from the link tables alone (the
        copies of date and status spare reading a million events)."""
        rarest = self.rarest
        model, field = (ActorLink, "actor") if isinstance(rarest, Actor) else (TopicLink, "topic")
        rows = model.objects.filter(**{field: rarest}, status=Status.CONFIRMED, date__isnull=False)
        for actor in self.actors:
            if actor is not rarest:
                rows = rows.filter(
                    event_id__in=ActorLink.objects.filter(actor=actor).values("event")
                )
        for topic in self.topics:
            if topic is not rarest:
                rows = rows.filter(
                    event_id__in=TopicLink.objects.filter(topic=topic).values("event")
                )
        if self.start is not None:
            rows = rows.filter(period_end__gte=self.start)
        if self.end is not None:
            rows = rows.filter(date__lte=self.end)
        return rows

    def params(self) -> list[tuple[str, str]]:
        """The query-string pairs that reproduce these filters (the cursor excepted)."""
        pairs = [("actor", slug) for slug in self.actor_slugs]
        pairs += [("topic", slug) for slug in self.topic_slugs]
        pairs += [("from", self.start_text), ("to", self.end_text), ("q", self.q)]
        if self.sort != Sort.NEWEST:
            pairs.append(("sort", self.sort))
        if self.view != View.LIST:
            pairs.append(("view", self.view))
        return [(key, value) for key, value in pairs if value]

    def querystring(self, **extra: str) -> str:
        """``?actor=…&topic=…`` for these filters (and ``extra`` pairs), or ``""`` when none."""
        params = self.params() + [(key, value) for key, value in extra.items() if value]
        return f"?{urlencode(params)}" if params else ""

    def without_cursor(self) -> "TimelineFilter":
        return replace(self, cursor=None, through=None)

    @property
    def without_filters(self) -> "TimelineFilter":
        """No filters, in the same view: where "Clear all filters" leads."""
        return TimelineFilter(view=self.view)

    def with_view(self, view: str) -> "TimelineFilter":
        return replace(self, view=view, cursor=None, through=None)

    def description(self) -> str:
        """The filters in words, for page titles and feed titles: "Poland · from October 2022"."""
        parts = [actor.name for actor in self.actors] + [topic.name for topic in self.topics]
        if self.start_text or self.end_text:
            parts.append(describe_span(self.start_text, self.end_text))
        if self.q:
            parts.append(f"“{self.q}”")
        return " · ".join(parts)
