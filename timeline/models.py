"""The timeline's data: articles, the events found in them, their evidence, and the vocabularies."""

import datetime
import hashlib
import re
from itertools import takewhile

from django.conf import settings
from django.contrib.postgres.search import (
    SearchQuery,
    SearchVectorField,
    TrigramWordSimilarity,
)
from django.core.exceptions import ValidationError
from django.db import connections, models, transaction
from django.db.models import Case, F, Q, Value, When
from django.db.models.functions import Coalesce, Greatest, Least
from django.db.models.lookups import (
    GreaterThan,
    GreaterThanOrEqual,
    LessThan,
    LessThanOrEqual,
)
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from .extraction.types import Role
from .periods import Precision, format_period, last_day


class ActorKind(models.TextChoices):
    PERSON = "person", "Person"
    STATE = "state", "State"
    ALLIANCE = "alliance", "Organisation or alliance"
    AGENCY = "agency", "Ministry, agency or parliament"
    ARMED_FORCE = "armed-force", "Armed force"
    COMPANY = "company", "Company"
    OTHER = "other", "Other"


class OfficeRole(models.TextChoices):
    """The engine's `Role`s, with the labels editors read."""

    HEAD_OF_STATE = Role.HEAD_OF_STATE, "Head of state"
    HEAD_OF_GOVERNMENT = Role.HEAD_OF_GOVERNMENT, "Head of government"
    DEFENCE_MINISTER = Role.DEFENCE_MINISTER, "Defence minister"
    FOREIGN_MINISTER = Role.FOREIGN_MINISTER, "Foreign minister"
    SECRETARY_GENERAL = Role.SECRETARY_GENERAL, "Secretary general"
    HIGH_REPRESENTATIVE = Role.HIGH_REPRESENTATIVE, "High representative"


# Trigram word similarity above which a name or alias counts as the one typed: "Zelenskiy"
# scores about 0.55 against "Volodymyr Zelenskyy", unrelated names under 0.2.
ACTOR_SIMILARITY = 0.4


class ActorQuerySet(models.QuerySet):
    def matching(self, text: str):
        """Actors whose name or an alias is like ``text``, best first.

        On PostgreSQL, by trigram word similarity (pg_trgm), so that spellings differ:
        "Zelensky" or "Zelenskiy" finds Volodymyr Zelenskyy. Elsewhere, a case-insensitive
        substring of the name or an alias.
        """
        text = text.strip()
        if not text:
            return self
        if connections[self.db].vendor != "postgresql":
            return self.filter(
                Q(name__icontains=text) | Q(pk__in=aliases_containing(text))
            ).order_by("name")
        alias_score = (
            ActorAlias.objects.filter(actor=models.OuterRef("pk"))
            .annotate(score=TrigramWordSimilarity(text, "alias"))
            .order_by("-score")
            .values("score")[:1]
        )
        return (
            self.alias(
                name_score=TrigramWordSimilarity(text, "name"),
                alias_score=Coalesce(models.Subquery(alias_score), 0.0),
            )
            .alias(score=Greatest("name_score", "alias_score"))
            .filter(Q(score__gte=ACTOR_SIMILARITY) | Q(name__icontains=text))
            .order_by("-score", "name")
        )


def aliases_containing(text: str):
    return ActorAlias.objects.filter(alias__icontains=text).values("actor_id")


class Actor(models.Model):
    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(max_length=200, unique=True)
    kind = models.CharField(max_length=20, choices=ActorKind.choices, default=ActorKind.OTHER)
    description = models.TextField(blank=True)
    part_of = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="parts",
        verbose_name="part of",
        help_text="The state or organisation this body belongs to (the Pentagon: United States); "
        "what the body does is tagged with both.",
    )

    objects = ActorQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("timeline:actor", args=[self.slug])


class ActorAlias(models.Model):
    """Another way the press writes an actor: "Zelensky", "the Alliance", "Ukrainian"."""

    actor = models.ForeignKey(Actor, on_delete=models.CASCADE, related_name="aliases")
    # Case matters: "US" is the United States, "us" is a pronoun.
    alias = models.CharField(max_length=200, unique=True)

    class Meta:
        ordering = ["alias"]
        verbose_name_plural = "actor aliases"

    def __str__(self) -> str:
        return self.alias


class ActorOffice(models.Model):
    """A post an actor held, so that a title in an article points to its holder on that day:
    "Germany's defence minister" in January 2024 is Boris Pistorius."""

    actor = models.ForeignKey(Actor, on_delete=models.CASCADE, related_name="offices")
    role = models.CharField(max_length=32, choices=OfficeRole.choices)
    of = models.ForeignKey(
        Actor,
        on_delete=models.CASCADE,
        related_name="office_holders",
        help_text="The state or organisation whose post it is.",
    )
    start = models.DateField(null=True, blank=True, help_text="Empty when unknown.")
    end = models.DateField(null=True, blank=True, help_text="Empty while in office.")

    history = HistoricalRecords()

    class Meta:
        ordering = ["start", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(start__isnull=True) | Q(end__isnull=True) | Q(start__lte=F("end")),
                name="office_starts_before_it_ends",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_role_display()} of {self.of}"

    def clean(self) -> None:
        if self.start and self.end and self.start > self.end:
            raise ValidationError({"end": "An office cannot end before it starts."})
        if self.actor_id and self.actor_id == self.of_id:
            raise ValidationError({"of": "An actor cannot hold an office of itself."})


class Topic(models.Model):
    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(max_length=200, unique=True)
    description = models.TextField(blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("timeline:topic", args=[self.slug])


class TopicKeyword(models.Model):
    """A word or phrase that tags a sentence with its topic; a trailing ``*`` matches any ending."""

    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="keywords")
    phrase = models.CharField(max_length=200)

    class Meta:
        ordering = ["phrase"]
        constraints = [
            models.UniqueConstraint(fields=["topic", "phrase"], name="unique_topic_keyword")
        ]

    def __str__(self) -> str:
        return self.phrase


class PublishedSource(models.TextChoices):
    UNKNOWN = "", "Unknown"
    GIVEN = "argument", "Given at ingest"
    FEED = "feed", "Feed entry"
    HTML_META = "html-meta", "HTML metadata"
    DATELINE = "dateline", "Dateline in the text"
    URL = "url", "Date in the address"
    EDITOR = "editor", "Set by an editor"


def content_hash(body: str) -> str:
    """The identity of an article's text: the same story pasted twice hashes the same."""
    normalised = re.sub(r"\s+", " ", body).strip().casefold()
    return hashlib.sha256(normalised.encode("utf-8")).hexdigest()


class Article(models.Model):
    title = models.CharField(max_length=500)
    url = models.URLField(max_length=2000, blank=True)
    publisher = models.CharField(max_length=200, blank=True)
    published = models.DateTimeField(null=True, blank=True)
    published_source = models.CharField(
        max_length=20, choices=PublishedSource.choices, blank=True, default=PublishedSource.UNKNOWN
    )
    language = models.CharField(max_length=16, default="en")
    # Articles from polled sources must pass the relevance rule to reach the review queue; the
    # others are kept, set aside with the reason, until an editor sends them to review.
    relevant = models.BooleanField(
        default=True, help_text="Its pending events are in the review queue."
    )
    relevance_reason = models.CharField(
        max_length=300, blank=True, help_text="Why it was set aside as not relevant."
    )
    raw_content = models.TextField(help_text="The text or HTML exactly as received.")
    body = models.TextField(help_text="The cleaned article text that mentions point into.")
    content_hash = models.CharField(max_length=64, unique=True, editable=False)
    extractor_version = models.CharField(max_length=32, blank=True)
    extracted_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    # The text never changes after ingest; the audit trail keeps the editable metadata only.
    history = HistoricalRecords(excluded_fields=["raw_content", "body"])

    class Meta:
        ordering = ["-published", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["url"], condition=~Q(url=""), name="unique_article_url_when_present"
            )
        ]
        # Few articles are set aside: the review queue finds them through this small index.
        indexes = [
            models.Index(fields=["id"], condition=Q(relevant=False), name="article_set_aside")
        ]

    def __str__(self) -> str:
        return self.title or f"Article {self.pk}"

    def save(self, *args, **kwargs):
        self.content_hash = content_hash(self.body)
        super().save(*args, **kwargs)

    def send_to_review(self) -> None:
        """Bring an article set aside as not relevant into the review queue, events and all."""
        self.relevant = True
        self.relevance_reason = ""
        self._change_reason = "Sent to review"
        self.save(update_fields=["relevant", "relevance_reason", "updated_at"])


class Status(models.TextChoices):
    PENDING = "pending", "Pending review"
    CONFIRMED = "confirmed", "Confirmed"
    REJECTED = "rejected", "Rejected"


class ReviewRefused(ValueError):
    """A decision the rules forbid (confirming an undated event); the message is for editors."""


class DescribedHistory(HistoricalRecords):
    """History whose every record says what happened: the reason the code gave
    (``_change_reason``: "Confirmed", "Rejected: …", "Merged into #123"), else what kind of
    change it was, never an empty "Change reason: None"."""

    DEFAULT_REASONS = {"+": "Created", "~": "Changed", "-": "Deleted"}

    def get_change_reason_for_object(self, instance, history_type, using):
        reason = super().get_change_reason_for_object(instance, history_type, using)
        return reason or self.DEFAULT_REASONS.get(history_type, "Changed")


# Changing any of these is an editor's correction: the event is no longer a machine proposal
# (re-extraction leaves it alone).
EDITED_FIELDS = frozenset(
    {"title", "date", "date_end", "precision", "implicit_date", "actors", "topics"}
)


class QueueOrder(models.TextChoices):
    """The orders an editor can work through the review queue in."""

    ARTICLE = "article", "By article"
    NEWEST = "newest", "Newest articles first"
    CONFIDENCE = "confidence", "Lowest confidence first"
    NEEDS_DATE = "needs-date", "Needs a date first"


# Each order as (key, descending) pairs: fields of Event (the queue_* ones stored from its
# mentions, see ``refresh_queue_keys``) or the ``dated`` annotation; ``id`` ends each, so that
# the order is total (keyset navigation needs that).
BY_ARTICLE = [("queue_published", False), ("queue_article", False), ("queue_offset", False)]
QUEUE_KEYS = {
    QueueOrder.ARTICLE: [*BY_ARTICLE, ("id", False)],
    QueueOrder.NEWEST: [
        ("queue_published", True),
        ("queue_article", True),
        ("queue_offset", False),
        ("id", False),
    ],
    QueueOrder.CONFIDENCE: [("confidence", False), ("id", False)],
    QueueOrder.NEEDS_DATE: [("dated", False), *BY_ARTICLE, ("id", False)],
}


# 0 for an event that needs a date, 1 for a dated one: "needs a date first" sorts on it, and an
# index holds it (the expression must be the same in both for the index to serve the order).
DATED = Case(When(date__isnull=True, then=Value(0)), default=Value(1))


class Row(models.Func):
    """A row value, ``(a, b, c)``: several columns compared at once, as an index reads them."""

    template = "(%(expressions)s)"
    output_field = models.Field()


SEARCH_CONFIG = "english"


def search_query(text: str) -> SearchQuery:
    return SearchQuery(text, search_type="websearch", config=SEARCH_CONFIG)


class EventQuerySet(models.QuerySet):
    def public(self):
        """What anyone may see: confirmed events only."""
        return self.filter(status=Status.CONFIRMED)

    def pending(self):
        return self.filter(status=Status.PENDING)

    def awaiting_review(self):
        """The review queue: pending events, less those only articles set aside as not relevant
        report."""
        return self.pending().exclude(pk__in=set_aside_event_ids())

    def review_queue(self, order: str = QueueOrder.ARTICLE):
        """The review queue in one of the editors' orders (``QueueOrder``); by article, the
        default, reads one article's proposals in a row, in the order of its sentences."""
        return self.awaiting_review().with_queue_keys(order).order_by(*queue_ordering(order))

    def with_queue_keys(self, order: str = QueueOrder.ARTICLE):
        """The annotation the queue's order reads, where it needs one ("needs a date" first)."""
        if order != QueueOrder.NEEDS_DATE:
            return self
        return self.annotate(dated=DATED)

    def beyond(self, order: str, values: dict, *, backwards: bool = False):
        """The events after (or before) the one whose queue keys are ``values``, in ``order``:
        a keyset, so the next event is found without counting the ones before it.

        Besides the exact condition, the leading keys sorted the same way bound the rows as a
        row value, ``(published, article, offset, id) > (…)``, which an index starts from.
        """
        keys = QUEUE_KEYS[QueueOrder(order)]
        direction = keys[0][1]
        downwards = direction != backwards
        leading = [key for key, _ in takewhile(lambda item: item[1] == direction, keys)]
        rows = (Row(*map(F, leading)), Row(*(Value(values[key]) for key in leading)))
        if len(leading) == len(keys):
            # The whole order runs one way: the row comparison is the keyset itself.
            queryset = self.filter((LessThan if downwards else GreaterThan)(*rows))
        else:
            exact, equal = Q(), Q()
            for key, descending in keys:
                later = "lt" if descending != backwards else "gt"
                exact |= equal & Q(**{f"{key}__{later}": values[key]})
                equal &= Q(**{key: values[key]})
            bound = (LessThanOrEqual if downwards else GreaterThanOrEqual)(*rows)
            queryset = self.filter(bound, exact)
        return queryset.reverse() if backwards else queryset

    def refresh_queue_keys(self) -> None:
        """Store the queue's keys of these events from their mentions: the earliest publication
        of their articles (or, none known, when the event was proposed), their first article and
        the first sentence's offset, so that the queue is read from an index instead of being
        aggregated over every pending event's mentions.

        Mention saves and deletes call this through signals; code that writes mentions in bulk
        (ingestion, merges) or changes an article's publication date calls it itself.
        """
        self.model.objects.filter(pk__in=self.order_by().values("pk")).update(**queue_keys())

    def confirmable(self, min_confidence: float):
        """Pending events that a confirmation in bulk at ``min_confidence`` takes: dated ones
        at or above it (an undated event waits for an editor to date it)."""
        return self.awaiting_review().filter(confidence__gte=min_confidence, date__isnull=False)

    def review_each(self, status: str, user, reason: str = "") -> list["Event"]:
        """Record the decision on each event as it is now (locked, re-read), writing the review
        fields only: an edit made since the events were chosen is kept, never overwritten.
        Events the rules refuse (undated, for a confirmation) stay as they are."""
        ids = list(self.values_list("pk", flat=True))
        reviewed = []
        with transaction.atomic():
            locked = self.model.objects.select_for_update().filter(pk__in=ids).order_by("pk")
            for event in locked:
                try:
                    event.review(status, user, reason)
                except ReviewRefused:
                    continue
                event.save(update_fields=REVIEW_FIELDS)
                reviewed.append(event)
        return reviewed

    def set_aside(self):
        """Pending events that only articles set aside as not relevant report."""
        return self.pending().filter(pk__in=set_aside_event_ids())

    def needing_date(self):
        return self.filter(date__isnull=True)

    def untouched(self):
        """Machine proposals no editor has reviewed or edited: safe to replace on re-extraction."""
        return self.filter(status=Status.PENDING, edited_at__isnull=True)

    def for_actors(self, actors):
        """Events involving every one of these actors (rows or slugs)."""
        return self._with_every("actors", actors)

    def for_topics(self, topics):
        """Events tagged with every one of these topics (rows or slugs)."""
        return self._with_every("topics", topics)

    def _with_every(self, relation: str, items):
        # One ``id IN (link rows)`` per item: the planner walks the date index and probes a
        # hashed set of ids, instead of joining the vocabulary table for every event.
        field = self.model._meta.get_field(relation)
        links = field.remote_field.through.objects
        target = field.m2m_reverse_field_name()
        queryset = self
        for item in items:
            match = {target: item} if isinstance(item, models.Model) else {f"{target}__slug": item}
            queryset = queryset.filter(pk__in=links.filter(**match).values("event_id"))
        return queryset

    def in_period(self, start: datetime.date | None = None, end: datetime.date | None = None):
        """Events whose period overlaps [start, end]; undated events never do."""
        date, _ = self._order_keys()
        # Read along a subject's links (``along``), the bounds go on the links' copies, so that
        # the walk down their index starts at the period's end.
        period_end = "timeline_period_end" if date == "timeline_date" else "period_end"
        queryset = self.filter(**{f"{date}__isnull": False})
        if start is not None:
            queryset = queryset.filter(**{f"{period_end}__gte": start})
        if end is not None:
            queryset = queryset.filter(**{f"{date}__lte": end})
        return queryset

    def search(self, text: str):
        """Events matching ``text`` in their title or a quoted sentence.

        On PostgreSQL: full-text search (English stemming, web-search syntax: ``"exact
        phrase"``, ``or``, ``-word``) over ``search_vector``, GIN-indexed. Elsewhere: a
        case-insensitive substring of the title or the quotes.
        """
        text = text.strip()
        if not text:
            return self
        if connections[self.db].vendor == "postgresql":
            return self.filter(search_vector=search_query(text))
        return self.filter(Q(title__icontains=text) | Q(quote_text__icontains=text))

    def refresh_quote_text(self) -> None:
        """Copy each event's quoted sentences into ``quote_text``, which search reads.

        Mention saves and deletes call this through signals; code that moves or creates
        mentions in bulk (``update``, ``bulk_create``) calls it itself.
        """
        events = list(self.order_by().only("pk"))
        sentences: dict[int, list[str]] = {event.pk: [] for event in events}
        for event_id, sentence in (
            Mention.objects.filter(event__in=events).order_by("pk").values_list("event", "sentence")
        ):
            sentences[event_id].append(sentence)
        for event in events:
            event.quote_text = "\n".join(sentences[event.pk])
        self.model.objects.bulk_update(events, ["quote_text"], batch_size=500)

    def with_evidence(self):
        """Everything an event card shows, in a fixed number of queries however many rows."""
        return self.prefetch_related(
            models.Prefetch("actors", queryset=Actor.objects.only("name", "slug")),
            models.Prefetch("topics", queryset=Topic.objects.only("name", "slug")),
            models.Prefetch("mentions", queryset=Mention.objects.select_related("article")),
        )

    def along(self, subject: "Actor | Topic"):
        """The public events of ``subject``, read in timeline order from its confirmed link
        rows' ``(subject, date, event)`` index rather than from the events' date index: an actor
        with a few thousand events among a million has them in a millisecond. ``chronological``,
        ``after`` and ``through`` then order and cut on the link's copies of date and id."""
        links, field = (
            ("actor_links", "actor") if isinstance(subject, Actor) else ("topic_links", "topic")
        )
        return self.filter(
            **{f"{links}__{field}": subject, f"{links}__status": Status.CONFIRMED}
        ).alias(
            timeline_date=F(f"{links}__date"),
            timeline_id=F(f"{links}__event_id"),
            timeline_period_end=F(f"{links}__period_end"),
        )

    def _order_keys(self) -> tuple[str, str]:
        if "timeline_date" in self.query.annotations:
            return "timeline_date", "timeline_id"
        return "date", "id"

    def chronological(self, newest_first: bool = True):
        """Dated events in timeline order; ``id`` breaks ties so that keyset pages are exact."""
        date, pk = self._order_keys()
        queryset = self.filter(**{f"{date}__isnull": False})
        if newest_first:
            return queryset.order_by(f"-{date}", f"-{pk}")
        return queryset.order_by(date, pk)

    def after(self, date: datetime.date, pk: int, newest_first: bool = True):
        """The events that follow the one at (``date``, ``pk``) in timeline order: a keyset
        cursor, as fast on the thousandth page as on the first."""
        # The redundant bound on date alone lets the (status, date, id) index start at the
        # cursor instead of filtering every row before it.
        d, i = self._order_keys()
        if newest_first:
            return self.filter(
                Q(**{f"{d}__lte": date}), Q(**{f"{d}__lt": date}) | Q(**{f"{i}__lt": pk})
            )
        return self.filter(
            Q(**{f"{d}__gte": date}), Q(**{f"{d}__gt": date}) | Q(**{f"{i}__gt": pk})
        )

    def through(self, date: datetime.date, pk: int, newest_first: bool = True):
        """The events from the start of the timeline up to the one at (``date``, ``pk``)."""
        d, i = self._order_keys()
        if newest_first:
            return self.filter(
                Q(**{f"{d}__gte": date}), Q(**{f"{d}__gt": date}) | Q(**{f"{i}__gte": pk})
            )
        return self.filter(
            Q(**{f"{d}__lte": date}), Q(**{f"{d}__lt": date}) | Q(**{f"{i}__lte": pk})
        )


def queue_keys() -> dict:
    """The queue's keys of an event (``OuterRef("pk")``) as expressions, for ``update()``."""
    mentions = Mention.objects.filter(event=models.OuterRef("pk"))
    published = mentions.filter(article__published__isnull=False)

    def first(queryset, field):
        return models.Subquery(queryset.order_by(field).values(field)[:1])

    return {
        "queue_published": Coalesce(first(published, "article__published"), F("created_at")),
        "queue_article": Coalesce(first(mentions, "article_id"), Value(0)),
        "queue_offset": Coalesce(first(mentions, "start"), Value(0)),
    }


def set_aside_event_ids():
    """Ids of the events whose every mention is in an article set aside as not relevant."""
    in_relevant_article = Mention.objects.filter(
        event=models.OuterRef("event"), article__relevant=True
    )
    return (
        Mention.objects.filter(article__relevant=False)
        .filter(~models.Exists(in_relevant_article))
        .values("event_id")
    )


class Event(models.Model):
    title = models.CharField(max_length=300)
    date = models.DateField(
        null=True, blank=True, help_text="First day of the period; empty while the date is unknown."
    )
    date_end = models.DateField(
        null=True, blank=True, help_text="For a range: first day of its last period."
    )
    precision = models.CharField(max_length=10, choices=Precision.choices, default=Precision.DAY)
    # Last day the event's period covers, derived from the three fields above on save, so that
    # date-range filters compare whole periods ("November 2021" overlaps 15 November).
    period_end = models.DateField(null=True, editable=False)
    timex = models.CharField(
        "normalised value",
        max_length=40,
        blank=True,
        help_text="TIMEX3-style value as extracted, e.g. 2021-11 or XXXX-07-15.",
    )
    implicit_date = models.BooleanField(
        default=False, help_text="Dated to the publication day without a time expression."
    )
    target_date = models.DateField(
        null=True,
        blank=True,
        help_text="A deadline the sources set (“by June”, “until 2029”): what the event aims at.",
    )
    target_precision = models.CharField(
        max_length=10, choices=Precision.choices, blank=True, default=""
    )
    candidate_actors = models.JSONField(
        default=list,
        blank=True,
        help_text="Names the vocabulary lacks that act in this event, for an editor to accept.",
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reviewed_events",
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    rejection_reason = models.TextField(blank=True)
    edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="edited_events",
    )
    edited_at = models.DateTimeField(null=True, blank=True)
    confidence = models.FloatField(default=0.0)
    extractor_version = models.CharField(max_length=32, blank=True)
    # The mentions' sentences, copied here so that one row (and one index) answers a search
    # over titles and quotes; see EventQuerySet.refresh_quote_text.
    quote_text = models.TextField(blank=True, default="", editable=False)
    # PostgreSQL only: title (weight A) and quote_text (weight B) as a tsvector, set by a
    # database trigger on every insert and update (migration 0006); always empty on SQLite.
    search_vector = SearchVectorField(null=True, editable=False)
    # The review queue's order, derived from the mentions (EventQuerySet.refresh_queue_keys):
    # the earliest publication of the event's articles, its first article, its first sentence.
    # The defaults place an event stored without them by when it was proposed.
    queue_published = models.DateTimeField(default=timezone.now, editable=False)
    queue_article = models.PositiveIntegerField(default=0, editable=False)
    queue_offset = models.PositiveIntegerField(default=0, editable=False)
    # Goes up by one on every save: a form loaded at an older version is refused (optimistic
    # locking), so one editor cannot silently overwrite another's change.
    version = models.IntegerField(default=1, db_default=1, editable=False)
    actors = models.ManyToManyField(Actor, related_name="events", blank=True)
    topics = models.ManyToManyField(Topic, related_name="events", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = EventQuerySet.as_manager()
    history = DescribedHistory(
        m2m_fields=[actors, topics],
        excluded_fields=[
            "quote_text",
            "search_vector",
            "version",
            "queue_published",
            "queue_article",
            "queue_offset",
        ],
    )

    class Meta:
        ordering = ["-date", "-id"]
        indexes = [
            models.Index(fields=["status", "-date", "-id"], name="event_status_date"),
            models.Index(fields=["status", "period_end"], name="event_status_period_end"),
            # The review queue's orders, over pending events only (see QUEUE_KEYS).
            models.Index(
                fields=["queue_published", "queue_article", "queue_offset", "id"],
                name="event_queue_by_article",
                condition=Q(status="pending"),
            ),
            models.Index(
                fields=["-queue_published", "-queue_article", "queue_offset", "id"],
                name="event_queue_newest",
                condition=Q(status="pending"),
            ),
            models.Index(
                fields=["confidence", "id"],
                name="event_queue_confidence",
                condition=Q(status="pending"),
            ),
            models.Index(
                DATED,
                F("queue_published"),
                F("queue_article"),
                F("queue_offset"),
                F("id"),
                name="event_queue_needs_date",
                condition=Q(status="pending"),
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(date_end__isnull=True)
                | Q(date__isnull=False, date_end__gte=models.F("date")),
                name="event_range_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return f"{self.date_display}: {self.title}"

    def save(self, *args, update_fields=None, **kwargs):
        self.period_end = self.compute_period_end()
        bumped = not self._state.adding and (update_fields is None or bool(update_fields))
        if bumped:
            # Counted by the database, so that two saves at once both count.
            self.version = models.F("version") + 1
            if update_fields is not None:
                update_fields = {*update_fields, "version", "period_end", "updated_at"}
        super().save(*args, update_fields=update_fields, **kwargs)
        if bumped:
            self.refresh_from_db(fields=["version"])

    def get_absolute_url(self) -> str:
        return reverse("timeline:event", args=[self.pk])

    def compute_period_end(self) -> datetime.date | None:
        if self.date is None:
            return None
        return last_day(self.date_end or self.date, self.precision)

    @property
    def needs_date(self) -> bool:
        return self.date is None

    @property
    def date_display(self) -> str:
        if self.date is None:
            return f"Needs a date ({self.timex})" if self.timex else "Needs a date"
        return format_period(self.date, self.date_end, self.precision)

    @property
    def target_display(self) -> str:
        """The deadline at its precision ("June 2024"), or "" when there is none."""
        if self.target_date is None:
            return ""
        return format_period(self.target_date, None, self.target_precision or Precision.DAY)

    @property
    def precision_label(self) -> str:
        """How precisely the date is known, in words: "known to the day", "known to the month"."""
        return f"known to the {self.get_precision_display().lower()}"

    def review(self, status: str, user, reason: str = "") -> None:
        """Record an editor's decision (``user`` None: a command's), with the history line that
        says it: "Confirmed", "Rejected: reason". An event without a date cannot be confirmed:
        ReviewRefused. The caller saves REVIEW_FIELDS (and any edits made with the decision)."""
        refusal = self.refusal(status)
        if refusal:
            raise ReviewRefused(refusal)
        reason = reason.strip() if status == Status.REJECTED else ""
        self.status = status
        self.reviewed_by = user
        self.reviewed_at = timezone.now()
        self.rejection_reason = reason
        self._change_reason = review_summary(status, reason, getattr(self, "_edited", ()))

    def refusal(self, status: str) -> str:
        """Why the rules forbid this decision on the event as it stands, or ""."""
        if status == Status.CONFIRMED and self.date is None:
            return "Give the event a date before confirming it."
        return ""

    def mark_edited(self, user, fields) -> list[str]:
        """Record that ``user`` corrected ``fields`` (the names of what changed), if any of them
        makes the event an editor's rather than a machine proposal. Returns the edit's own fields
        to save beside the corrected ones (empty when nothing counts as an edit)."""
        edited = sorted(EDITED_FIELDS & set(fields))
        if not edited:
            return []
        self.edited_by = user
        self.edited_at = timezone.now()
        self._edited = edited
        self._change_reason = f"Edited: {', '.join(edited)}"
        return ["edited_by", "edited_at"]


class DerivedRows(models.Manager):
    """The default manager of rows the database derives from the events (copies, tallies):
    empty, so that ``dumpdata``, which reads default managers, leaves them out of backups (a
    restore derives them again). Read them through ``objects``."""

    def get_queryset(self):
        return super().get_queryset().none()


class Link(models.Model):
    """A row of an event's link table (``Event.actors``, ``Event.topics``) as the public
    timeline reads it: with the event's ``date``, ``period_end`` and ``status`` copied in, so
    that an actor's or topic's public timeline is read in order from one index, ``(subject,
    date DESC, event DESC)`` over confirmed links (a long-tail actor's page in a millisecond,
    instead of walking every public event by date and probing for the actor).

    The link tables stay Django's own many-to-many tables (the admin, forms and history use
    them as such); migration 0015 added the three columns and the index, and database triggers
    (``timeline.tallies``) keep the copies right whatever writes an event or a link. Read-only
    here: nothing writes through these models.
    """

    date = models.DateField(null=True)
    period_end = models.DateField(null=True)
    status = models.CharField(max_length=10, choices=Status.choices)

    derived = DerivedRows()
    objects = models.Manager()

    class Meta:
        abstract = True
        default_manager_name = "derived"


class ActorLink(Link):
    event = models.ForeignKey(
        Event, on_delete=models.DO_NOTHING, db_constraint=False, related_name="actor_links"
    )
    actor = models.ForeignKey(
        Actor, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )

    class Meta(Link.Meta):
        managed = False
        db_table = "timeline_event_actors"

    def __str__(self) -> str:
        return f"actor {self.actor_id} in event {self.event_id}"


class TopicLink(Link):
    event = models.ForeignKey(
        Event, on_delete=models.DO_NOTHING, db_constraint=False, related_name="topic_links"
    )
    topic = models.ForeignKey(
        Topic, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )

    class Meta(Link.Meta):
        managed = False
        db_table = "timeline_event_topics"

    def __str__(self) -> str:
        return f"topic {self.topic_id} in event {self.event_id}"


# What a review decision writes, and nothing else: a decision never carries stale edits along.
REVIEW_FIELDS = ["status", "reviewed_by", "reviewed_at", "rejection_reason"]


def queue_ordering(order: str = QueueOrder.ARTICLE) -> list[str]:
    """``order_by`` arguments of a queue order."""
    return [f"-{key}" if descending else key for key, descending in QUEUE_KEYS[QueueOrder(order)]]


def review_summary(status: str, reason: str = "", edited=()) -> str:
    """A decision in the words of the history and of the editor's message."""
    if status == Status.REJECTED:
        return f"Rejected: {reason}" if reason else "Rejected"
    if status == Status.CONFIRMED:
        return f"Confirmed with edits: {', '.join(edited)}" if edited else "Confirmed"
    return "Back to pending review"


class Mention(models.Model):
    """The evidence for an event: a sentence of an article and the time expression in it."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="mentions")
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="mentions")
    sentence = models.TextField()
    start = models.PositiveIntegerField(help_text="Offset of the sentence in the article body.")
    end = models.PositiveIntegerField()
    expression = models.CharField(
        max_length=200,
        blank=True,
        help_text="The time expression as written, e.g. “11 months ago”.",
    )
    expression_start = models.PositiveIntegerField(null=True, blank=True)
    expression_end = models.PositiveIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["article_id", "start"]
        constraints = [
            models.CheckConstraint(condition=Q(end__gte=models.F("start")), name="mention_span")
        ]

    def __str__(self) -> str:
        return self.sentence[:80]

    @property
    def sentence_parts(self) -> tuple[str, str, str]:
        """The sentence split around its time expression, for highlighting it safely."""
        if self.expression_start is None or self.expression_end is None:
            return self.sentence, "", ""
        left = self.expression_start - self.start
        right = self.expression_end - self.start
        return self.sentence[:left], self.sentence[left:right], self.sentence[right:]


class EventMerge(models.Model):
    """One merge of duplicate events into ``kept``, recorded fully enough to undo it.

    ``snapshot`` holds the kept event as it was before (``kept``) and every merged event
    (``merged``): its fields, actor and topic ids, and the ids of the mentions moved away from it.
    """

    kept = models.ForeignKey(
        Event, null=True, on_delete=models.SET_NULL, related_name="merges_received"
    )
    kept_title = models.CharField(max_length=300)
    merged_ids = models.JSONField(default=list, help_text="Ids of the events merged away.")
    snapshot = models.JSONField(default=dict)
    merged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    merged_at = models.DateTimeField(default=timezone.now)
    undone_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    undone_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-merged_at", "-id"]

    def __str__(self) -> str:
        merged = ", ".join(f"#{pk}" for pk in self.merged_ids)
        return f"{merged} merged into #{self.kept_id} “{self.kept_title}”"

    @property
    def undone(self) -> bool:
        return self.undone_at is not None


class DuplicateSuggestion(models.Model):
    """``event`` probably reports the same happening as ``original``, found when ``event`` was
    ingested (timeline.duplicates); it stays until an editor merges the pair or says they differ.

    ``original`` is the confirmed one of the two, else the older. One suggestion per pair, in
    whichever order.
    """

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="duplicate_suggestions")
    original = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="+")
    score = models.FloatField(help_text="How alike the two are worded, 0–100.")
    reasons = models.JSONField(
        default=dict, help_text="What made them look alike: shared actors, dates, wording."
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-score", "-id"]
        indexes = [models.Index(fields=["-score", "-id"], name="duplicate_suggestion_rank")]
        constraints = [
            models.CheckConstraint(
                condition=~Q(event=F("original")), name="duplicate_suggestion_two_events"
            ),
            models.UniqueConstraint(
                Least("event", "original"),
                Greatest("event", "original"),
                name="duplicate_suggestion_once_per_pair",
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.event_id} probably the same as #{self.original_id} ({self.score:.0f}%)"


class NotDuplicate(models.Model):
    """An editor's word that two events are different happenings: the pair is never suggested
    again. Stored once per pair, lower id first."""

    first = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="+")
    second = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="+")
    marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    marked_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(first__lt=F("second")), name="not_duplicate_lower_id_first"
            ),
            models.UniqueConstraint(fields=["first", "second"], name="not_duplicate_once"),
        ]

    def __str__(self) -> str:
        return f"#{self.first_id} is not a duplicate of #{self.second_id}"

    @staticmethod
    def ordered(one_id: int, other_id: int) -> tuple[int, int]:
        return (one_id, other_id) if one_id < other_id else (other_id, one_id)


class TaskProgress(models.Model):
    """How far a background task over many articles has got (timeline.reextraction), for its
    progress page: the task writes it as it goes, each write committed at once."""

    task_id = models.CharField(max_length=64, unique=True)
    description = models.CharField(max_length=300)
    # Unknown until the task has listed what it will do.
    total = models.PositiveIntegerField(null=True)
    done = models.PositiveIntegerField(default=0)
    failed = models.PositiveIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name_plural = "task progress"

    def __str__(self) -> str:
        return f"{self.description}: {self.done} of {self.total if self.total is not None else '?'}"


# The poller's models (sources, entries, host pace, relevance rule) live with the rest of the
# polling code; importing them here makes them the app's.
from .sources.models import (  # noqa: E402, F401
    HostPace,
    RelevanceRule,
    Source,
    SourceEntry,
)
from .tallies import (  # noqa: E402, F401
    ActorMonthTally,
    ActorTopicMonthTally,
    MonthTally,
    TopicMonthTally,
)
