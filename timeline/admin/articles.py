"""Articles in the admin: adding one runs extraction; correcting its date re-dates its events."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.db.models import Count
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html
from simple_history.admin import SimpleHistoryAdmin

from ..ingestion import IngestError, IngestOutcome, redate_events, reextract_articles
from ..models import Article, Mention, PublishedSource
from .display import quote
from .forms import IngestForm


class ArticleEventInline(admin.TabularInline):
    """The events proposed from this article, each linking to its review page."""

    model = Mention
    verbose_name = "proposed event"
    verbose_name_plural = "events found in this article"
    extra = 0
    fields = ["event_link", "event_date", "event_status", "highlighted_quote"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("event")

    @admin.display(description="Event")
    def event_link(self, mention):
        url = reverse("admin:timeline_event_change", args=[mention.event_id])
        return format_html('<a href="{}">{}</a>', url, mention.event.title)

    @admin.display(description="Date")
    def event_date(self, mention):
        return mention.event.date_display

    @admin.display(description="Status")
    def event_status(self, mention):
        return mention.event.get_status_display()

    @admin.display(description="Quote")
    def highlighted_quote(self, mention):
        return quote(mention)


@admin.register(Article)
class ArticleAdmin(SimpleHistoryAdmin):
    list_display = ["title", "publisher", "published", "published_source", "event_count"]
    list_filter = ["published_source", "publisher", "language"]
    search_fields = ["title", "url", "body"]
    date_hierarchy = "published"
    fields = [
        "title",
        "url",
        "publisher",
        "published",
        "published_source",
        "language",
        "events_link",
        "body",
        "content_hash",
        "extractor_version",
        "extracted_at",
        "created_at",
        "updated_at",
    ]
    readonly_fields = [
        "published_source",
        "events_link",
        "body",
        "content_hash",
        "extractor_version",
        "extracted_at",
        "created_at",
        "updated_at",
    ]
    inlines = [ArticleEventInline]
    actions = ["rerun_extraction"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(event_count=Count("mentions__event", distinct=True))
        )

    @admin.display(description="Events", ordering="event_count")
    def event_count(self, article):
        return article.event_count

    @admin.display(description="Review")
    def events_link(self, article):
        url = reverse("admin:timeline_event_changelist")
        return format_html(
            '<a href="{}?article={}&amp;status=all">Review the events of this article</a>',
            url,
            article.pk,
        )

    def add_view(self, request, form_url="", extra_context=None):
        """Adding an article is ingesting it: clean, extract, store, and show what was found."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = IngestForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            try:
                outcome = form.ingest()
            except IngestError as error:
                form.add_error(None, f"The article was not added: {error}")
            else:
                return self.ingested(request, outcome)
        context = {
            **self.admin_site.each_context(request),
            "title": "Add article",
            "opts": self.opts,
            "form": form,
            "media": self.media + form.media,
            "has_view_permission": self.has_view_permission(request),
        }
        return TemplateResponse(request, "admin/timeline/article/ingest.html", context)

    def ingested(self, request, outcome: IngestOutcome) -> HttpResponseRedirect:
        article = outcome.article
        if outcome.created:
            self.log_addition(request, article, "Ingested; extraction proposed events.")
            self.message_user(
                request,
                f"“{article}” added: {outcome.events.added} event(s) proposed for review.",
                messages.SUCCESS,
            )
        else:
            self.message_user(
                request,
                f"This article was already added as “{article}”: here it is.",
                messages.WARNING,
            )
        return HttpResponseRedirect(reverse("admin:timeline_article_change", args=[article.pk]))

    def save_model(self, request, obj, form, change):
        if change and "published" in form.changed_data:
            obj.published_source = PublishedSource.EDITOR
        super().save_model(request, obj, form, change)
        if change and "published" in form.changed_data:
            changed = redate_events(obj)
            self.message_user(
                request,
                f"Publication date changed: {changed} event date(s) resolved again "
                "(events an editor reviewed or edited are left as they are).",
                messages.INFO,
            )

    @admin.action(description="Re-run extraction on the selected articles")
    def rerun_extraction(self, request, queryset):
        try:
            with transaction.atomic():
                summary = reextract_articles(queryset)
        except IngestError as error:
            self.message_user(request, f"Extraction failed: {error}", messages.ERROR)
            return
        self.message_user(
            request,
            f"Extraction re-run on {queryset.count()} article(s): {summary.added} event(s) added, "
            f"{summary.replaced} untouched proposal(s) replaced, {summary.kept} reviewed or "
            "edited event(s) kept.",
            messages.SUCCESS,
        )
