"""Articles in the admin: adding one runs extraction; correcting its date re-dates its events."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Count
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST
from django_tasks import TaskResult, TaskResultStatus
from django_tasks.exceptions import TaskResultDoesNotExist, TaskResultMismatch
from simple_history.admin import SimpleHistoryAdmin

from ..evidence import highlighted
from ..ingestion import IngestError, redate_events
from ..models import Article, Event, PublishedSource
from ..tasks import ingest_from_address, reextract_articles_task
from . import reextraction
from .display import ReadOnlyMentionInline
from .forms import EditorModelForm, IngestForm

# How often the page of an ingestion still queued or running reloads itself, in seconds.
INGEST_STATUS_REFRESH = 2


def relevance_note(article: Article, target: str) -> str:
    """ "Relevant", or "Not relevant" with the reason and a "Send to review" button aimed at
    ``target`` (an HTML attribute)."""
    if article.relevant:
        return "Relevant: its pending events are in the review queue"
    return format_html(
        '<strong>Not relevant</strong>: {} <button type="submit" class="button" {}>'
        "Send to review</button>",
        article.relevance_reason or "set aside",
        target,
    )


class ArticleEventInline(ReadOnlyMentionInline):
    """The events proposed from this article, each linking to its review page."""

    verbose_name = "proposed event"
    verbose_name_plural = "events found in this article"
    fields = ["event_link", "event_date", "event_status", "highlighted_quote"]
    readonly_fields = fields

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
        return highlighted(mention)


@admin.register(Article)
class ArticleAdmin(SimpleHistoryAdmin):
    form = EditorModelForm
    list_display = [
        "title",
        "publisher",
        "published",
        "published_source",
        "event_count",
        "relevance",
    ]
    list_filter = ["published_source", "relevant", "publisher", "language"]
    search_fields = ["title", "url", "body"]
    date_hierarchy = "published"
    fields = [
        "title",
        "url",
        "publisher",
        "published",
        "published_source",
        "language",
        "relevance_on_page",
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
        "relevance_on_page",
        "events_link",
        "body",
        "content_hash",
        "extractor_version",
        "extracted_at",
        "created_at",
        "updated_at",
    ]
    inlines = [ArticleEventInline]
    actions = ["rerun_extraction", "send_selected_to_review"]
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
        queue = reverse("admin:timeline_event_queue")
        url = reverse("admin:timeline_event_changelist")
        return format_html(
            '<a href="{}?article={}">Review in the queue, one by one</a> · '
            '<a href="{}?article={}&amp;status=all">all its events in a list</a>',
            queue,
            article.pk,
            url,
            article.pk,
        )

    @admin.display(description="Relevance", ordering="relevant")
    def relevance(self, article):
        """On the list: "Relevant", or why it was set aside with a button of the list's form
        (which carries the CSRF token) that posts to ``send_to_review_view``."""
        url = reverse("admin:timeline_article_send_to_review", args=[article.pk])
        return relevance_note(article, format_html('formaction="{}"', url))

    @admin.display(description="Relevance")
    def relevance_on_page(self, article):
        """On the article's page, the button submits a form of its own, outside the article's
        (``article/change_form.html``): inside, Enter in any field would press it."""
        return relevance_note(article, format_html('form="{}"', "send-to-review"))

    def get_urls(self):
        status_view = self.admin_site.admin_view(self.ingest_status_view)
        review_view = self.admin_site.admin_view(require_POST(self.send_to_review_view))
        return [
            path("ingest/<str:task_id>/", status_view, name="timeline_article_ingest_status"),
            path(
                "reextraction/<str:task_id>/",
                self.admin_site.admin_view(self.reextraction_view),
                name="timeline_article_reextraction",
            ),
            path("<int:pk>/send-to-review/", review_view, name="timeline_article_send_to_review"),
            *super().get_urls(),
        ]

    def send_to_review_view(self, request, pk: int):
        if not self.has_change_permission(request):
            raise PermissionDenied
        article = get_object_or_404(Article, pk=pk)
        self.send_to_review(request, [article])
        # Back where the button was: the list (with its filters) or the article.
        back = request.META.get("HTTP_REFERER", "")
        if not url_has_allowed_host_and_scheme(
            back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            back = reverse("admin:timeline_article_change", args=[article.pk])
        return HttpResponseRedirect(back)

    @admin.action(description="Send the selected articles to review", permissions=["change"])
    def send_selected_to_review(self, request, queryset):
        self.send_to_review(request, queryset.filter(relevant=False))

    def send_to_review(self, request, articles) -> None:
        sent = []
        for article in articles:
            if not article.relevant:
                article.send_to_review()
                self.log_change(request, article, "Sent to review")
                sent.append(article)
        pending = Event.objects.awaiting_review().filter(mentions__article__in=sent).distinct()
        self.message_user(
            request,
            f"{len(sent)} article(s) sent to review: {pending.count()} pending event(s) now in "
            "the review queue.",
            messages.SUCCESS,
        )

    def add_view(self, request, form_url="", extra_context=None):
        """Adding an article is ingesting it: clean, extract, store, and show what was found.

        Pasted text and files are ingested in the request; an address is fetched by a background
        task, and the editor follows it on its status page (or, with the immediate backend, lands
        on the article at once).
        """
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = IngestForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            response = (
                self.fetch_in_background(request, form)
                if form.fetches
                else self.ingest_now(request, form)
            )
            if response is not None:
                return response
        return self.ingest_form_page(request, form, "Add article")

    def ingest_now(self, request, form: IngestForm) -> HttpResponseRedirect | None:
        try:
            outcome = form.ingest()
        except IngestError as error:
            form.add_error(None, f"The article was not added: {error}")
            return None
        if outcome.created:
            self.log_addition(request, outcome.article, "Ingested; extraction proposed events.")
        return self.ingested(request, outcome.article, outcome.created, outcome.events.added)

    def fetch_in_background(self, request, form: IngestForm) -> HttpResponseRedirect | None:
        result = form.enqueue_fetch(request.user)
        if result.status == TaskResultStatus.FAILED:
            form.add_task_failure(result)
            return None
        if result.status == TaskResultStatus.SUCCESSFUL:
            return self.fetched(request, result)
        return HttpResponseRedirect(
            reverse("admin:timeline_article_ingest_status", args=[result.id])
        )

    def ingest_status_view(self, request, task_id: str):
        """Where an address being fetched in the background stands: queued or running (the page
        reloads itself), failed (the form again, saying why), or done (the article)."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        try:
            result = ingest_from_address.get_result(task_id)
        except (TaskResultDoesNotExist, TaskResultMismatch, NotImplementedError):
            # NotImplementedError: the immediate backend keeps no results, nor needs to.
            raise Http404("No such article ingestion.") from None
        if result.status == TaskResultStatus.SUCCESSFUL:
            return self.fetched(request, result)
        if result.status == TaskResultStatus.FAILED:
            return self.ingest_form_page(
                request, IngestForm.refused(result), "The article could not be added"
            )
        context = {
            **self.admin_site.each_context(request),
            "title": "Fetching the article",
            "opts": self.opts,
            "result": result,
            "fetch_url": result.args[0],
            "running": result.status == TaskResultStatus.RUNNING,
            "refresh_seconds": INGEST_STATUS_REFRESH,
            "has_view_permission": self.has_view_permission(request),
        }
        return TemplateResponse(request, "admin/timeline/article/ingest_status.html", context)

    def ingest_form_page(self, request, form: IngestForm, title: str) -> TemplateResponse:
        context = {
            **self.admin_site.each_context(request),
            "title": title,
            "opts": self.opts,
            "form": form,
            "media": self.media + form.media,
            "has_view_permission": self.has_view_permission(request),
        }
        return TemplateResponse(request, "admin/timeline/article/ingest.html", context)

    def fetched(self, request, result: TaskResult) -> HttpResponseRedirect:
        done = result.return_value
        article = get_object_or_404(Article, pk=done["article_id"])
        return self.ingested(request, article, done["created"], done["events_added"])

    def ingested(
        self, request, article: Article, created: bool, events_added: int
    ) -> HttpResponseRedirect:
        if created:
            self.message_user(
                request,
                f"“{article}” added: {events_added} event(s) proposed for review.",
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

    @admin.action(description="Re-run extraction on the selected articles (in the background)")
    def rerun_extraction(self, request, queryset):
        ids = list(queryset.values_list("pk", flat=True))
        return reextraction.start(
            self,
            request,
            reextract_articles_task,
            ids,
            description=f"Re-run extraction on {len(ids)} article(s)",
        )

    def reextraction_view(self, request, task_id: str):
        if not self.has_view_permission(request):
            raise PermissionDenied
        return reextraction.progress_view(self, request, task_id)
