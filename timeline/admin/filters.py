"""Filters of the review queue.

Filters through mentions use ``pk__in`` subqueries: a join would repeat an event once per
mention and disturb the queue's per-event annotations.
"""

from django.contrib import admin
from django.db.models import Q

from ..models import Article, Mention, Status


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
        articles = Article.objects.filter(mentions__isnull=False).distinct().order_by("-id")
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
