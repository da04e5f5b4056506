"""What the poller knows: sources (feeds), the entries found in them, the pace of each host, and
the relevance rule editors tune. Imported by ``timeline.models``, so they belong to the app."""

import datetime

from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Count, Q
from django.utils import timezone

# How long a poller may hold a source before another may take it over (a crashed worker's claim
# runs out); a poll normally takes seconds to a few minutes.
CLAIM_LEASE = datetime.timedelta(hours=1)
WEEK = datetime.timedelta(days=7)


class PollOutcome(models.TextChoices):
    NEVER = "", "Not polled yet"
    OK = "ok", "OK"
    NOT_MODIFIED = "not-modified", "OK, unchanged"
    FAILED = "failed", "Failed"


class SourceQuerySet(models.QuerySet):
    def due(self, now: datetime.datetime | None = None):
        """Active sources whose next poll time has come and that no poller holds."""
        now = now or timezone.now()
        return self.filter(active=True, next_poll_at__lte=now).filter(unclaimed(now))

    def with_article_counts(self, now: datetime.datetime | None = None):
        """Each source annotated with the articles it brought: ``articles_total`` and
        ``articles_week`` (the last 7 days)."""
        since = (now or timezone.now()) - WEEK
        ingested = Q(entries__status=EntryStatus.INGESTED)
        return self.annotate(
            articles_total=Count("entries", filter=ingested),
            articles_week=Count("entries", filter=ingested & Q(entries__processed_at__gte=since)),
        )


def unclaimed(now: datetime.datetime) -> Q:
    return Q(claimed_until__isnull=True) | Q(claimed_until__lt=now)


class Source(models.Model):
    """An RSS or Atom feed the poller follows; its articles enter the review queue by themselves."""

    url = models.URLField("feed address", max_length=2000, unique=True)
    name = models.CharField(max_length=200)
    outlet = models.CharField(
        max_length=200,
        blank=True,
        help_text="Publisher of its articles, e.g. “Reuters”. Empty: the site's host name.",
    )
    site_url = models.URLField("site address", max_length=2000, blank=True)
    language = models.CharField(
        max_length=16,
        blank=True,
        help_text="Language of its entries, e.g. “en” or “uk”. Empty: as the feed declares, "
        "else detected from each article.",
    )
    poll_interval = models.PositiveIntegerField(
        "poll every (minutes)", default=30, validators=[MinValueValidator(5)]
    )
    active = models.BooleanField(default=True, help_text="Untick to pause polling.")

    # Kept by the poller.
    etag = models.CharField(max_length=500, blank=True, editable=False)
    last_modified = models.CharField(max_length=100, blank=True, editable=False)
    last_polled_at = models.DateTimeField(null=True, blank=True, editable=False)
    last_outcome = models.CharField(
        max_length=20, choices=PollOutcome.choices, blank=True, default="", editable=False
    )
    last_error = models.TextField(blank=True, editable=False)
    failing_since = models.DateTimeField(null=True, blank=True, editable=False)
    consecutive_failures = models.PositiveIntegerField(default=0, editable=False)
    next_poll_at = models.DateTimeField(default=timezone.now, editable=False)
    claimed_until = models.DateTimeField(null=True, blank=True, editable=False)
    claim_token = models.CharField(max_length=32, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = SourceQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        indexes = [models.Index(fields=["active", "next_poll_at"], name="source_due")]

    def __str__(self) -> str:
        return self.name or self.url

    @property
    def publisher(self) -> str:
        """The outlet its articles are credited to."""
        from timeline.ingestion import publisher_from_url

        return self.outlet or publisher_from_url(self.site_url or self.url)

    @property
    def failing(self) -> bool:
        return self.failing_since is not None


class EntryStatus(models.TextChoices):
    WAITING = "waiting", "Waiting"
    INGESTED = "ingested", "Ingested"
    DUPLICATE = "duplicate", "Already known"
    SKIPPED = "skipped", "Skipped"
    FAILED = "failed", "Failed, will retry"
    GIVEN_UP = "given-up", "Failed, given up"


class SourceEntryQuerySet(models.QuerySet):
    def to_process(self, now: datetime.datetime | None = None):
        """Entries waiting for their first attempt, and failed ones whose retry time has come;
        oldest first, so that the review queue fills in the order things happened."""
        now = now or timezone.now()
        return self.filter(
            Q(status=EntryStatus.WAITING) | Q(status=EntryStatus.FAILED, retry_at__lte=now)
        ).order_by(models.F("published").asc(nulls_first=True), "id")


class SourceEntry(models.Model):
    """One item of a feed and what became of it: an article, a duplicate, or a reason."""

    source = models.ForeignKey(Source, on_delete=models.CASCADE, related_name="entries")
    # sha256 of the entry's id (guid) or, without one, its link: ids can be any length.
    key = models.CharField(max_length=64, editable=False)
    link = models.URLField(max_length=2000)
    title = models.CharField(max_length=500, blank=True)
    published = models.DateTimeField(null=True, blank=True)
    language = models.CharField(max_length=16, blank=True)
    status = models.CharField(
        max_length=12, choices=EntryStatus.choices, default=EntryStatus.WAITING
    )
    reason = models.TextField(blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    retry_at = models.DateTimeField(null=True, blank=True)
    article = models.ForeignKey(
        "timeline.Article",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="feed_entries",
    )
    found_at = models.DateTimeField(auto_now_add=True)
    processed_at = models.DateTimeField(null=True, blank=True)

    objects = SourceEntryQuerySet.as_manager()

    class Meta:
        ordering = ["-found_at", "-id"]
        verbose_name_plural = "source entries"
        constraints = [
            models.UniqueConstraint(fields=["source", "key"], name="unique_entry_per_source")
        ]
        indexes = [models.Index(fields=["source", "status"], name="entry_source_status")]

    def __str__(self) -> str:
        return self.title or self.link


class HostPace(models.Model):
    """When the next request to a host may start, shared by every poller: one outlet's many feeds
    and pages are fetched one at a time, ``SOURCE_HOST_DELAY_SECONDS`` apart."""

    host = models.CharField(max_length=255, unique=True)
    next_request_at = models.DateTimeField()

    def __str__(self) -> str:
        return self.host


class RelevanceRule(models.Model):
    """Which articles from sources reach the review queue; the others are set aside as not
    relevant. One rule, tuned by editors as the vocabulary grows."""

    topics = models.ManyToManyField(
        "timeline.Topic",
        blank=True,
        related_name="+",
        help_text="An article with an event of one of these topics is relevant. "
        "None chosen: every topic counts.",
    )
    min_actors = models.PositiveSmallIntegerField(
        "minimum actors",
        default=1,
        validators=[MinValueValidator(1)],
        help_text="Without such a topic, an article is relevant when its events name at least "
        "this many different actors of the vocabulary.",
    )
    actor_kinds = models.JSONField(
        default=list,
        blank=True,
        help_text="Kinds of actor that count towards the minimum. None chosen: every kind.",
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = verbose_name_plural = "relevance rule"

    def __str__(self) -> str:
        return "Relevance rule for articles from sources"

    @classmethod
    def current(cls) -> "RelevanceRule":
        rule, _ = cls.objects.get_or_create(pk=1)
        return rule
