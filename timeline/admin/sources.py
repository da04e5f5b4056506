"""Sources in the admin: the feeds the poller follows with their health at a glance, poll now,
pause and resume, OPML import and export; what became of each entry; the relevance rule."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.templatetags.static import static
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.timesince import timesince
from django.views.decorators.http import require_POST
from django_tasks import TaskResultStatus

from ..fetching import FetchError
from ..ingestion import publisher_from_url
from ..models import ActorKind, RelevanceRule, Source, SourceEntry
from ..sources.discovery import discover_feed
from ..sources.feeds import FeedError
from ..sources.models import EntryStatus
from ..sources.opml import OPMLError, read_opml, write_opml
from ..sources.polling import PollReport, claim
from ..sources.registry import import_outlines
from ..tasks import failure_message, poll_source
from .forms import EditorModelForm


def https_by_default(field, **kwargs):
    if isinstance(field, models.URLField):
        kwargs["assume_scheme"] = "https"
    return field.formfield(**kwargs)


class SourceForm(EditorModelForm):
    """A new (or changed) address is checked: a feed, or a web page whose feed is taken."""

    class Meta:
        model = Source
        fields = ["url", "name", "outlet", "site_url", "language", "poll_interval", "active"]
        help_texts = {
            "url": "An RSS or Atom feed, or a web page that names its feed.",
            "name": "Empty: the feed's title.",
        }
        formfield_callback = https_by_default

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].required = False

    def clean(self):
        cleaned = super().clean()
        url = cleaned.get("url")
        if url and "url" in self.changed_data and not self.is_known(url):
            try:
                found = discover_feed(url)
            except (FetchError, FeedError) as error:
                self.add_error("url", str(error))
                return cleaned
            cleaned["url"] = found.url
            cleaned["name"] = cleaned.get("name") or found.feed.title[:200]
            cleaned["site_url"] = cleaned.get("site_url") or found.feed.site_url[:2000]
        if url and not cleaned.get("name"):
            cleaned["name"] = publisher_from_url(cleaned["url"])
        return cleaned

    def is_known(self, url: str) -> bool:
        # Uniqueness is checked after clean(); no need to fetch an address already followed.
        return Source.objects.filter(url=url).exclude(pk=self.instance.pk).exists()


class OPMLUploadForm(forms.Form):
    file = forms.FileField(
        label="OPML file", help_text="A subscription list exported by a feed reader."
    )


def source_health(source: Source) -> str:
    """OK, failing since … with the reason, paused, or not polled yet: one cell of the list."""
    if not source.active:
        paused = icon_text("icon-no", "paused", "Paused")
        if source.failing_since is None:
            return paused
        return format_html(
            "{}<br><small>Its last poll failed: {}</small>", paused, source.last_error
        )
    if source.failing_since is not None:
        return format_html(
            '<img src="{}" alt=""> <strong class="health-failing">Failing since {}</strong> '
            "({} failed poll(s)): {}<br><small>Next try in {}.</small>",
            static("admin/img/icon-alert.svg"),
            timezone.localtime(source.failing_since).strftime("%d %b %Y %H:%M"),
            source.consecutive_failures,
            source.last_error,
            timesince(timezone.now(), source.next_poll_at) or "a moment",
        )
    if source.claimed_until is not None and source.claimed_until > timezone.now():
        return icon_text("icon-clock", "new", "Being polled, or queued for a worker")
    if not source.last_outcome:
        return icon_text("icon-unknown", "new", "Not polled yet")
    return format_html(
        '<img src="{}" alt=""> <span class="health-ok">OK</span> <small>polled {} ago{}</small>',
        static("admin/img/icon-yes.svg"),
        timesince(source.last_polled_at),
        ", unchanged" if source.last_outcome == "not-modified" else "",
    )


def icon_text(icon: str, kind: str, text: str) -> str:
    return format_html(
        '<img src="{}" alt=""> <span class="health-{}">{}</span>',
        static(f"admin/img/{icon}.svg"),
        kind,
        text,
    )


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    form = SourceForm
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    change_list_template = "admin/timeline/source/change_list.html"
    list_display = [
        "name",
        "publisher_column",
        "health",
        "articles_week",
        "articles_total",
        "poll_interval",
        "next_poll",
        "buttons",
    ]
    list_filter = ["active", "last_outcome"]
    search_fields = ["name", "url", "outlet"]
    readonly_fields = [
        "health",
        "last_polled_at",
        "next_poll_at",
        "consecutive_failures",
        "last_error",
        "etag",
        "last_modified",
        "entries_link",
    ]
    fieldsets = [
        (None, {"fields": ["url", "name", "outlet", "site_url", "language"]}),
        ("Polling", {"fields": ["poll_interval", "active"]}),
        (
            "Health",
            {
                "fields": [
                    "health",
                    "last_polled_at",
                    "next_poll_at",
                    "consecutive_failures",
                    "last_error",
                    ("etag", "last_modified"),
                    "entries_link",
                ]
            },
        ),
    ]
    actions = ["poll_selected", "pause_selected", "resume_selected"]

    def get_queryset(self, request):
        return super().get_queryset(request).with_article_counts()

    def get_fieldsets(self, request, obj=None):
        return self.fieldsets if obj is not None else self.fieldsets[:2]

    # Columns.

    @admin.display(description="Publisher")
    def publisher_column(self, source):
        return source.publisher

    @admin.display(description="Health", ordering="failing_since")
    def health(self, source):
        return source_health(source)

    @admin.display(description="Articles, 7 days", ordering="articles_week")
    def articles_week(self, source):
        return source.articles_week

    @admin.display(description="Articles in all", ordering="articles_total")
    def articles_total(self, source):
        return source.articles_total

    @admin.display(description="Next poll", ordering="next_poll_at")
    def next_poll(self, source):
        if not source.active:
            return "—"
        if source.next_poll_at <= timezone.now():
            return "due"
        return f"in {timesince(timezone.now(), source.next_poll_at)}"

    @admin.display(description="")
    def buttons(self, source):
        # Buttons of the list's own form (which carries the CSRF token), sent to our views.
        toggle = "resume" if not source.active else "pause"
        return format_html(
            '<button type="submit" class="button" formaction="{}">Poll now</button> '
            '<button type="submit" class="button" formaction="{}">{}</button>',
            reverse("admin:timeline_source_poll", args=[source.pk]),
            reverse(f"admin:timeline_source_{toggle}", args=[source.pk]),
            toggle.capitalize(),
        )

    @admin.display(description="Entries")
    def entries_link(self, source):
        url = reverse("admin:timeline_sourceentry_changelist")
        return format_html(
            '<a href="{}?source__id__exact={}">What became of its entries</a>', url, source.pk
        )

    def save_model(self, request, obj, form, change):
        if change and "url" in form.changed_data:
            obj.etag = obj.last_modified = ""  # the old feed's validators mean nothing to the new
        if "active" in form.changed_data and obj.active:
            obj.next_poll_at = timezone.now()
        super().save_model(request, obj, form, change)

    # Poll now, pause, resume: one source from its row, or the selection.

    def get_urls(self):
        def view(function, name, route):
            return path(route, self.admin_site.admin_view(require_POST(function)), name=name)

        return [
            view(self.poll_view, "timeline_source_poll", "<int:pk>/poll/"),
            view(self.pause_view, "timeline_source_pause", "<int:pk>/pause/"),
            view(self.resume_view, "timeline_source_resume", "<int:pk>/resume/"),
            path(
                "opml/export/",
                self.admin_site.admin_view(self.export_opml_view),
                name="timeline_source_export",
            ),
            path(
                "opml/import/",
                self.admin_site.admin_view(self.import_opml_view),
                name="timeline_source_import",
            ),
            *super().get_urls(),
        ]

    def changed_source(self, request, pk: int) -> Source:
        if not self.has_change_permission(request):
            raise PermissionDenied
        return get_object_or_404(Source, pk=pk)

    def back_to_list(self) -> HttpResponseRedirect:
        return redirect("admin:timeline_source_changelist")

    def poll_view(self, request, pk: int):
        self.poll_now(request, self.changed_source(request, pk))
        return self.back_to_list()

    def pause_view(self, request, pk: int):
        source = self.changed_source(request, pk)
        self.set_active(request, Source.objects.filter(pk=source.pk), active=False)
        return self.back_to_list()

    def resume_view(self, request, pk: int):
        source = self.changed_source(request, pk)
        self.set_active(request, Source.objects.filter(pk=source.pk), active=True)
        return self.back_to_list()

    @admin.action(description="Poll the selected sources now", permissions=["change"])
    def poll_selected(self, request, queryset):
        for source in queryset:
            self.poll_now(request, source)

    @admin.action(description="Pause the selected sources", permissions=["change"])
    def pause_selected(self, request, queryset):
        self.set_active(request, queryset, active=False)

    @admin.action(description="Resume the selected sources", permissions=["change"])
    def resume_selected(self, request, queryset):
        self.set_active(request, queryset, active=True)

    def poll_now(self, request, source: Source) -> None:
        """Poll at once, due or not: in this request with the immediate task backend, else by
        the next free worker."""
        token = claim(source.pk, due_only=False)
        if token is None:
            self.message_user(
                request,
                f"“{source}” is being polled, or queued for a worker, right now.",
                messages.WARNING,
            )
            return
        result = poll_source.enqueue(source.pk, token)
        if result.status == TaskResultStatus.FAILED:
            self.message_user(request, f"“{source}”: {failure_message(result)}", messages.ERROR)
        elif result.status != TaskResultStatus.SUCCESSFUL:
            self.message_user(request, f"“{source}” queued for polling.", messages.INFO)
        else:
            report = PollReport(**result.return_value)
            level = messages.ERROR if report.outcome == "failed" else messages.SUCCESS
            self.message_user(request, f"“{source}” polled: {report.summary()}", level)

    def set_active(self, request, queryset, *, active: bool) -> None:
        changes = {"active": active}
        if active:
            changes["next_poll_at"] = timezone.now()
        for source in queryset.exclude(active=active):
            Source.objects.filter(pk=source.pk).update(**changes)
            self.log_change(request, source, "Resumed" if active else "Paused")
        names = ", ".join(f"“{source}”" for source in queryset)
        self.message_user(
            request, f"{'Resumed (due now)' if active else 'Paused'}: {names}.", messages.SUCCESS
        )

    # OPML.

    def export_opml_view(self, request):
        if not self.has_view_permission(request):
            raise PermissionDenied
        response = HttpResponse(
            write_opml(Source.objects.order_by("name")), content_type="text/x-opml; charset=utf-8"
        )
        response["Content-Disposition"] = 'attachment; filename="timeline-sources.opml"'
        return response

    def import_opml_view(self, request):
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = OPMLUploadForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            try:
                outlines = read_opml(form.cleaned_data["file"].read())
            except OPMLError as error:
                form.add_error("file", str(error))
            else:
                summary = import_outlines(outlines)
                for source in summary.added:
                    self.log_addition(request, source, "Imported from OPML")
                self.message_user(
                    request,
                    f"{len(summary.added)} source(s) added (due now), {len(summary.known)} "
                    f"already followed, {len(summary.invalid)} not a web address"
                    + (f": {', '.join(summary.invalid)}" if summary.invalid else "")
                    + ".",
                    messages.WARNING if summary.invalid else messages.SUCCESS,
                )
                return self.back_to_list()
        context = {
            **self.admin_site.each_context(request),
            "title": "Import sources from OPML",
            "opts": self.opts,
            "form": form,
            "has_view_permission": self.has_view_permission(request),
        }
        return TemplateResponse(request, "admin/timeline/source/import_opml.html", context)


@admin.register(SourceEntry)
class SourceEntryAdmin(admin.ModelAdmin):
    """What became of each feed entry; read-only, with "process again"."""

    form = EditorModelForm
    list_display = [
        "entry_title",
        "source",
        "status",
        "reason",
        "published",
        "article_link",
        "attempts",
        "found_at",
    ]
    list_filter = ["status", "source", "language"]
    list_select_related = ["source", "article"]
    search_fields = ["title", "link", "reason"]
    date_hierarchy = "found_at"
    actions = ["process_again"]

    def get_readonly_fields(self, request, obj=None):
        return [field.name for field in self.model._meta.fields] + ["article_link"]

    def has_add_permission(self, request):
        return False

    @admin.display(description="Entry", ordering="title")
    def entry_title(self, entry):
        return format_html(
            '{} <a href="{}" rel="noreferrer" target="_blank">↗</a>',
            entry.title or entry.link,
            entry.link,
        )

    @admin.display(description="Article")
    def article_link(self, entry):
        if entry.article is None:
            return "—"
        url = reverse("admin:timeline_article_change", args=[entry.article_id])
        note = "" if entry.article.relevant else " (set aside as not relevant)"
        return format_html('<a href="{}">{}</a>{}', url, entry.article, note)

    @admin.action(
        description="Process the selected entries again at the next poll", permissions=["change"]
    )
    def process_again(self, request, queryset):
        entries = queryset.exclude(status__in=[EntryStatus.INGESTED, EntryStatus.DUPLICATE])
        sources = set(entries.values_list("source_id", flat=True))
        count = entries.update(status=EntryStatus.WAITING, attempts=0, retry_at=None, reason="")
        Source.objects.filter(pk__in=sources).update(next_poll_at=timezone.now())
        self.message_user(
            request,
            f"{count} entr{'y' if count == 1 else 'ies'} will be processed at the next poll of "
            "their source (due now); ingested and known ones are left as they are.",
            messages.SUCCESS,
        )


class RelevanceRuleForm(EditorModelForm):
    actor_kinds = forms.MultipleChoiceField(
        choices=ActorKind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=RelevanceRule._meta.get_field("actor_kinds").help_text,
    )

    class Meta:
        model = RelevanceRule
        fields = ["topics", "min_actors", "actor_kinds"]
        widgets = {"topics": forms.CheckboxSelectMultiple}


@admin.register(RelevanceRule)
class RelevanceRuleAdmin(admin.ModelAdmin):
    """One rule: its list is its form."""

    form = RelevanceRuleForm

    def changelist_view(self, request, extra_context=None):
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        rule = RelevanceRule.current()
        return HttpResponseRedirect(reverse("admin:timeline_relevancerule_change", args=[rule.pk]))

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
