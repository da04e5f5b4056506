"""Filters of the review queue.

Filters through mentions and link tables use ``pk__in`` subqueries: a join would repeat an event
once per mention and disturb the queue's per-event annotations. None of them lists its choices
from the events (Django's RelatedOnlyFieldListFilter and date_hierarchy do, over every event on
every page): the choices come from small tables, or the editor types a name.
"""

import datetime

from django.contrib import admin
from django.contrib.admin.views.main import PAGE_VAR
from django.db.models import Exists, OuterRef, Q
from django.http import QueryDict

from ..models import Actor, Article, Event, Mention, Status, Topic


class ReviewStatusFilter(admin.SimpleListFilter):
    """Status, opening on the pending events: the queue is what an editor came for.

    Pending events of articles set aside as not relevant (from polled sources) are kept out of
    the queue, under a choice of their own.
    """

    title = "status"
    parameter_name = "status"
    ALL = "all"
    SET_ASIDE = "set-aside"

    def lookups(self, request, model_admin):
        return [
            *Status.choices,
            (self.SET_ASIDE, "Pending, set aside as not relevant"),
            (self.ALL, "All"),
        ]

    def current(self) -> str:
        return self.value() or Status.PENDING

    def queryset(self, request, queryset):
        if self.current() == self.ALL:
            return queryset
        if self.current() == Status.PENDING:
            return queryset.awaiting_review()
        if self.current() == self.SET_ASIDE:
            return queryset.set_aside()
        return queryset.filter(status=self.current())

    def choices(self, changelist):
        for value, label in self.lookup_choices:
            yield {
                "selected": self.current() == value,
                "query_string": changelist.get_query_string({self.parameter_name: value}),
                "display": label,
            }


class NeedsDateFilter(admin.SimpleListFilter):
    title = "needs a date"
    parameter_name = "needs_date"

    def lookups(self, request, model_admin):
        return [("yes", "Needs a date"), ("no", "Dated")]

    def queryset(self, request, queryset):
        if self.value() in {"yes", "no"}:
            return queryset.filter(date__isnull=self.value() == "yes")
        return queryset


class ConfidenceFilter(admin.SimpleListFilter):
    title = "confidence"
    parameter_name = "confidence"
    BANDS = {
        "low": ("Low (under 0.5)", Q(confidence__lt=0.5)),
        "medium": ("Medium (0.5–0.75)", Q(confidence__gte=0.5, confidence__lt=0.75)),
        "high": ("High (0.75 and over)", Q(confidence__gte=0.75)),
    }

    def lookups(self, request, model_admin):
        return [(key, label) for key, (label, _) in self.BANDS.items()]

    def queryset(self, request, queryset):
        if self.value() in self.BANDS:
            return queryset.filter(self.BANDS[self.value()][1])
        return queryset


class ArticleFilter(admin.SimpleListFilter):
    """The latest articles as choices; any article by its id in the URL (links from articles)."""

    title = "article"
    parameter_name = "article"
    CHOICES = 20

    def lookups(self, request, model_admin):
        with_events = Exists(Mention.objects.filter(article=OuterRef("pk")))
        articles = Article.objects.filter(with_events).order_by("-id")
        choices = [(str(article.pk), str(article)[:60]) for article in articles[: self.CHOICES]]
        if self.value() and self.value() not in dict(choices):
            article = (
                Article.objects.filter(pk=self.value()).first() if self.value().isdigit() else None
            )
            if article is not None:
                choices.insert(0, (str(article.pk), str(article)[:60]))
        return choices

    def queryset(self, request, queryset):
        if self.value() and self.value().isdigit():
            events = Mention.objects.filter(article_id=self.value()).values("event_id")
            return queryset.filter(pk__in=events)
        return queryset


class PublisherFilter(admin.SimpleListFilter):
    title = "publisher"
    parameter_name = "publisher"

    def lookups(self, request, model_admin):
        publishers = (
            Article.objects.exclude(publisher="")
            .order_by("publisher")
            .values_list("publisher", flat=True)
            .distinct()
        )
        return [(publisher, publisher) for publisher in publishers]

    def queryset(self, request, queryset):
        if self.value():
            events = Mention.objects.filter(article__publisher=self.value()).values("event_id")
            return queryset.filter(pk__in=events)
        return queryset


class ActorFilter(admin.SimpleListFilter):
    """Events tagged with an actor the editor names (its name, an alias or its slug, any case),
    in a small form: a list of every actor would be hundreds of links long."""

    title = "actor"
    parameter_name = "actor"
    template = "admin/timeline/event/actor_filter.html"

    def lookups(self, request, model_admin):
        return []

    def has_output(self) -> bool:
        return True

    def actors(self):
        name = (self.value() or "").strip()
        exact = Actor.objects.filter(
            Q(name__iexact=name) | Q(slug=name) | Q(aliases__alias__iexact=name)
        )
        if exact.exists():
            return exact
        return Actor.objects.filter(name__icontains=name)

    def queryset(self, request, queryset):
        if not (self.value() or "").strip():
            return queryset
        links = Event.actors.through.objects.filter(actor__in=self.actors().values("pk"))
        return queryset.filter(pk__in=links.values("event_id"))

    def choices(self, changelist):
        others = changelist.get_query_string(remove=[self.parameter_name, PAGE_VAR])
        yield {
            "selected": not self.value(),
            "query_string": others,
            "display": "All",
            "value": self.value() or "",
            "hidden": [
                (key, value) for key, values in QueryDict(others[1:]).lists() for value in values
            ],
        }


class TopicFilter(admin.SimpleListFilter):
    """Events tagged with a topic; every topic is a choice (there are a few dozen)."""

    title = "topic"
    parameter_name = "topic"

    def lookups(self, request, model_admin):
        return [
            (str(pk), name) for pk, name in Topic.objects.order_by("name").values_list("pk", "name")
        ]

    def queryset(self, request, queryset):
        if self.value() and self.value().isdigit():
            links = Event.topics.through.objects.filter(topic_id=self.value())
            return queryset.filter(pk__in=links.values("event_id"))
        return queryset


class YearFilter(admin.SimpleListFilter):
    """The year an event starts in: the last ten years, then earlier ones together. The choices
    come from the calendar, not from the events."""

    title = "year"
    parameter_name = "year"
    YEARS = 10
    EARLIER = "earlier"

    def lookups(self, request, model_admin):
        this_year = datetime.date.today().year
        years = [
            (str(year), str(year)) for year in range(this_year + 1, this_year - self.YEARS, -1)
        ]
        return [*years, (self.EARLIER, f"Before {this_year - self.YEARS + 1}")]

    def queryset(self, request, queryset):
        first_listed = datetime.date.today().year - self.YEARS + 1
        if self.value() == self.EARLIER:
            return queryset.filter(date__lt=datetime.date(first_listed, 1, 1))
        if self.value() and self.value().isdigit():
            year = int(self.value())
            return queryset.filter(
                date__gte=datetime.date(year, 1, 1), date__lt=datetime.date(year + 1, 1, 1)
            )
        return queryset
