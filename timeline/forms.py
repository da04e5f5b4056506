"""The timeline's filters, read from the query string so that every view is a shareable URL.

Invalid values never fail the page: each one is dropped with a message saying why, and the
rest of the filters still apply.
"""

import datetime
import re
from dataclasses import dataclass, field, replace
from urllib.parse import urlencode

from django import forms
from django.db import models
from django.utils.functional import cached_property

from .models import Actor, EventQuerySet, Topic
from .periods import parse_period

SLUG = re.compile(r"^[-\w]+$")
MAX_SLUGS = 10
# Keyset ids must fit a 64-bit column; anything larger would make the database driver raise.
MAX_ID = 2**63 - 1


class Sort(models.TextChoices):
    NEWEST = "newest", "Newest first"
    OLDEST = "oldest", "Oldest first"


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
    cursor: Cursor | None = None
    problems: tuple[str, ...] = field(default=(), compare=False)

    @property
    def newest_first(self) -> bool:
        return self.sort != Sort.OLDEST

    @property
    def is_filtered(self) -> bool:
        return bool(self.actors or self.topics or self.start or self.end or self.q)

    @property
    def actor_slugs(self) -> list[str]:
        return [actor.slug for actor in self.actors]

    @property
    def topic_slugs(self) -> list[str]:
        return [topic.slug for topic in self.topics]

    def apply(self, events: EventQuerySet) -> EventQuerySet:
        """These filters on ``events``, in timeline order from the cursor on."""
        events = (
            events.for_actors(self.actors)
            .for_topics(self.topics)
            .search(self.q)
            .chronological(self.newest_first)
        )
        if self.start or self.end:
            events = events.in_period(self.start, self.end)
        if self.cursor:
            events = events.after(self.cursor.date, self.cursor.pk, self.newest_first)
        return events

    def params(self) -> list[tuple[str, str]]:
        """The query-string pairs that reproduce these filters (the cursor excepted)."""
        pairs = [("actor", slug) for slug in self.actor_slugs]
        pairs += [("topic", slug) for slug in self.topic_slugs]
        pairs += [("from", self.start_text), ("to", self.end_text), ("q", self.q)]
        if self.sort != Sort.NEWEST:
            pairs.append(("sort", self.sort))
        return [(key, value) for key, value in pairs if value]

    def querystring(self) -> str:
        """``?actor=…&topic=…`` for these filters, or ``""`` when there are none."""
        params = self.params()
        return f"?{urlencode(params)}" if params else ""

    def without_cursor(self) -> "TimelineFilter":
        return replace(self, cursor=None)

    def description(self) -> str:
        """The filters in words, for page titles and feed titles."""
        parts = [actor.name for actor in self.actors] + [topic.name for topic in self.topics]
        if self.start_text or self.end_text:
            parts.append(f"{self.start_text or '…'} to {self.end_text or '…'}")
        if self.q:
            parts.append(f"“{self.q}”")
        return " · ".join(parts)


class SlugListField(forms.Field):
    """Several ``?actor=a&actor=b`` values: well-formed slugs, deduplicated, in order."""

    widget = forms.MultipleHiddenInput

    def to_python(self, value) -> list[str]:
        values = value if isinstance(value, list | tuple) else [value] if value else []
        slugs = list(dict.fromkeys(v.strip() for v in values if v and v.strip()))
        if len(slugs) > MAX_SLUGS:
            raise forms.ValidationError(f"Choose at most {MAX_SLUGS} at once.")
        for slug in slugs:
            if not SLUG.match(slug):
                raise forms.ValidationError(f"“{slug}” is not a valid name in a link.")
        return slugs


class PeriodField(forms.CharField):
    """``2022``, ``2022-10`` or ``2022-10-01`` → (first day, last day, text as given)."""

    def to_python(self, value):
        text = super().to_python(value)
        if not text:
            return None
        try:
            first, last = parse_period(text)
        except ValueError as error:
            raise forms.ValidationError(str(error)) from None
        return first, last, text


class CursorField(forms.CharField):
    def to_python(self, value) -> Cursor | None:
        text = super().to_python(value)
        if not text:
            return None
        try:
            return Cursor.parse(text)
        except ValueError as error:
            raise forms.ValidationError(str(error)) from None


class TimelineFilterForm(forms.Form):
    """Parses the timeline's query string; ``filters`` is the valid part of it."""

    actor = SlugListField(required=False)
    topic = SlugListField(required=False)
    q = forms.CharField(label="Search titles and quotes", required=False, max_length=200)
    sort = forms.ChoiceField(
        label="Order",
        choices=Sort.choices,
        required=False,
        error_messages={"invalid_choice": "Order is “newest” or “oldest”; showing newest first."},
    )
    cursor = CursorField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # "from" is a Python keyword, so these two cannot be declared as class attributes.
        self.fields["from"] = PeriodField(label="From", required=False, max_length=10)
        self.fields["to"] = PeriodField(label="To", required=False, max_length=10)
        self.unknown: list[str] = []

    def clean_actor(self) -> list[Actor]:
        return self._known(Actor, self.cleaned_data["actor"], "actor")

    def clean_topic(self) -> list[Topic]:
        return self._known(Topic, self.cleaned_data["topic"], "topic")

    def _known(self, model, slugs: list[str], noun: str) -> list:
        """The named rows that exist, in the order given; unknown names become a message."""
        if not slugs:
            return []
        found = {row.slug: row for row in model.objects.filter(slug__in=slugs)}
        for slug in slugs:
            if slug not in found:
                self.unknown.append(f"There is no {noun} “{slug}”; that filter was ignored.")
        return [found[slug] for slug in slugs if slug in found]

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("from"), cleaned.get("to")
        if start and end and start[0] > end[1]:
            self.add_error("to", "“To” is before “From”; the dates were ignored.")
            cleaned.pop("from", None)
        return cleaned

    @cached_property
    def filters(self) -> TimelineFilter:
        self.is_valid()
        data = self.cleaned_data
        start, end = data.get("from"), data.get("to")
        problems = [message for errors in self.errors.values() for message in errors]
        return TimelineFilter(
            actors=tuple(data.get("actor") or ()),
            topics=tuple(data.get("topic") or ()),
            start=start[0] if start else None,
            end=end[1] if end else None,
            start_text=start[2] if start else "",
            end_text=end[2] if end else "",
            q=data.get("q") or "",
            sort=data.get("sort") or Sort.NEWEST,
            cursor=data.get("cursor"),
            problems=tuple(problems + self.unknown),
        )
