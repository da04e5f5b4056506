"""The review queue: pending events, oldest article first, with the evidence to decide on each.

Confirming and rejecting go through ``Event.review`` (who and when), editing sets ``edited_by``
and ``edited_at`` (so re-extraction leaves the event alone), and merging duplicates goes through
``timeline.merging`` (recorded in EventMerge, undoable); the Possible duplicates page is
``DuplicatesAdmin``'s (admin/duplicates.py).
"""

import copy
from functools import partial

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.templatetags.admin_urls import add_preserved_filters
from django.contrib.admin.views.main import ORDER_VAR, ChangeList
from django.core.exceptions import ValidationError
from django.db.models import Prefetch, Q
from django.http import HttpResponseRedirect, QueryDict
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.http import urlencode
from django.utils.safestring import mark_safe
from simple_history.admin import SimpleHistoryAdmin

from ..evidence import highlighted
from ..merging import MergeConflict, merge_events, undo_merge
from ..models import (
    REVIEW_FIELDS,
    Event,
    EventMerge,
    Mention,
    Status,
    queue_ordering,
    review_summary,
)
from .display import ReadOnlyMentionInline
from .duplicates import DuplicatesAdmin
from .filters import (
    ActorFilter,
    ArticleFilter,
    ConfidenceFilter,
    NeedsDateFilter,
    PublisherFilter,
    ReviewStatusFilter,
    TopicFilter,
    YearFilter,
)
from .forms import EditorModelForm, KeepEventForm, RejectForm
from .queue import ReviewQueueView, confirm_article

CONFIRM_BUTTONS = {"_confirm", "_confirm_next"}
REJECT_BUTTONS = {"_reject", "_reject_next"}
NEXT_BUTTONS = {"_confirm_next", "_reject_next"}
DATE_AND_TITLE = ["title", "date", "date_end", "precision", "implicit_date"]
# The form fields stored in the event's own row (actors and topics are link tables).
CONCRETE_FORM_FIELDS = {*DATE_AND_TITLE, "rejection_reason"}


class EventForm(EditorModelForm):
    # The event's version when the editor opened the form (optimistic locking; see clean).
    loaded_version = forms.IntegerField(
        widget=forms.HiddenInput,
        error_messages={"required": "This form is out of date: reload the page."},
    )

    class Meta:
        model = Event
        fields = [
            "title",
            "date",
            "date_end",
            "precision",
            "implicit_date",
            "actors",
            "topics",
            "rejection_reason",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["loaded_version"].initial = self.instance.version
        if self.instance._state.adding:
            self.fields["loaded_version"].required = False

    def clean(self):
        cleaned = super().clean()
        if CONFIRM_BUTTONS & set(self.data) and "date" in cleaned:
            # The model's rule, asked of the event as this form would leave it.
            proposed = copy.copy(self.instance)
            proposed.date = cleaned["date"]
            refusal = proposed.refusal(Status.CONFIRMED)
            if refusal:
                self.add_error("date", refusal)
        if not self.instance._state.adding and "loaded_version" in cleaned:
            self.check_version(cleaned["loaded_version"])
        return cleaned

    def check_version(self, loaded: int) -> None:
        """Refuse a form opened before another editor's change to the event.

        The row stays locked until the admin's transaction ends (it saves in the same one), so
        two editors pressing a button at the same moment cannot both pass.
        """
        current = (
            Event.objects.select_for_update()
            .filter(pk=self.instance.pk)
            .values_list("version", flat=True)
            .first()
        )
        if current is None:
            raise forms.ValidationError(
                "This event no longer exists: another editor has merged it into another event."
            )
        if current != loaded:
            raise forms.ValidationError(changed_since_message(self.instance.pk))


def changed_since_message(event_id: int) -> str:
    """Who changed the event last, and when, for an editor whose form is out of date."""
    last = (
        Event.history.filter(id=event_id)
        .select_related("history_user")
        .order_by("-history_date", "-history_id")
        .first()
    )
    who = last.history_user.get_username() if last and last.history_user else "another editor"
    when = date_format(timezone.localtime(last.history_date), "j M Y, H:i") if last else "just now"
    return (
        f"This event was changed by {who} at {when}, after you opened it. Reload the page to "
        "see that change, then make yours again."
    )


class MentionInline(ReadOnlyMentionInline):
    verbose_name = "source"
    verbose_name_plural = "sources: where articles report this event"
    fields = ["article_link", "highlighted_quote", "expression"]
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("article")

    @admin.display(description="Article")
    def article_link(self, mention):
        return article_link(mention.article)

    @admin.display(description="Quote")
    def highlighted_quote(self, mention):
        return highlighted(mention)


def article_link(article) -> str:
    url = reverse("admin:timeline_article_change", args=[article.pk])
    published = f"{article.published:%d %b %Y}" if article.published else "date unknown"
    return format_html(
        '<a href="{}">{}</a><br><small>{} · {}</small>',
        url,
        article,
        article.publisher or "—",
        published,
    )


class ReviewQueue(ChangeList):
    """The event list in the queue's order (``queue_ordering``) until the editor sorts by a
    column; EventAdmin.get_ordering keeps the model's own ordering, which other admins order
    their event choices with."""

    def get_ordering(self, request, queryset):
        if ORDER_VAR in self.params:
            return super().get_ordering(request, queryset)
        return self._get_deterministic_ordering(queue_ordering())


@admin.register(Event)
class EventAdmin(DuplicatesAdmin, SimpleHistoryAdmin):
    form = EventForm
    change_form_template = "admin/timeline/event/change_form.html"
    change_list_template = "admin/timeline/event/change_list.html"
    list_display = [
        "date_column",
        "title",
        "quote_column",
        "actor_list",
        "topic_list",
        "confidence",
        "source_column",
        "status",
    ]
    list_display_links = ["date_column", "title"]
    list_filter = [
        ReviewStatusFilter,
        NeedsDateFilter,
        "implicit_date",
        YearFilter,
        ActorFilter,
        TopicFilter,
        ArticleFilter,
        PublisherFilter,
        ConfidenceFilter,
    ]
    search_fields = ["title", "mentions__sentence", "actors__name", "topics__name"]
    list_per_page = 50
    # Counting every event on every page costs more than the page itself at a million events:
    # the list says how many match the filter, not how many there are in all.
    show_full_result_count = False
    autocomplete_fields = ["actors", "topics"]
    fieldsets = [
        (None, {"fields": [*DATE_AND_TITLE, "loaded_version"]}),
        ("Tags", {"fields": ["actors", "candidate_actor_links", "topics", "target_display"]}),
        (
            "Review",
            {
                "fields": [
                    "status",
                    "rejection_reason",
                    ("reviewed_by", "reviewed_at"),
                    ("edited_by", "edited_at"),
                ]
            },
        ),
        ("Extraction", {"fields": ["timex", "confidence", "extractor_version"]}),
    ]
    readonly_fields = [
        "status",
        "candidate_actor_links",
        "target_display",
        "timex",
        "confidence",
        "extractor_version",
        "reviewed_by",
        "reviewed_at",
        "edited_by",
        "edited_at",
    ]
    inlines = [MentionInline]
    actions = ["confirm_selected", "reject_selected", "merge_selected"]

    def get_queryset(self, request):
        return Event.objects.prefetch_related(
            "actors",
            "topics",
            Prefetch(
                "mentions",
                queryset=Mention.objects.select_related("article").order_by("article", "start"),
            ),
        ).order_by(*queue_ordering())

    def get_changelist(self, request, **kwargs):
        return ReviewQueue

    def get_search_results(self, request, queryset, search_term):
        """The public site's search over titles and quotes (full text, GIN-indexed on
        PostgreSQL), or the events of actors and topics of that name: subqueries, never a join
        over mentions and links that would need DISTINCT over every event."""
        term = search_term.strip()
        if not term:
            return queryset, False
        actors = Event.actors.through.objects.filter(actor__name__icontains=term)
        topics = Event.topics.through.objects.filter(topic__name__icontains=term)
        found = (
            Q(pk__in=Event.objects.search(term).values("pk"))
            | Q(pk__in=actors.values("event_id"))
            | Q(pk__in=topics.values("event_id"))
        )
        return queryset.filter(found), False

    # Columns of the queue.

    @admin.display(description="Date", ordering="date")
    def date_column(self, event):
        if event.date is None:
            return format_html('<strong class="needs-date">{}</strong>', "needs a date")
        return event.date_display

    @admin.display(description="Quote")
    def quote_column(self, event):
        mentions = event.mentions.all()
        return highlighted(mentions[0] if mentions else None)

    @admin.display(description="Candidate actors")
    def candidate_actor_links(self, event):
        """Names the extractor saw acting that the vocabulary lacks: one click opens the new
        actor's form with the name filled in; saving it tags this event."""
        if not event.candidate_actors:
            return "—"
        add = reverse("admin:timeline_actor_add")
        return format_html_join(
            " ",
            '<a class="button" href="{}?{}">Add “{}” as an actor</a>',
            (
                (add, urlencode({"name": name, "candidate_of": event.pk}), name)
                for name in event.candidate_actors
            ),
        )

    @admin.display(description="Target date")
    def target_display(self, event):
        return event.target_display or "—"

    @admin.display(description="Actors")
    def actor_list(self, event):
        return ", ".join(actor.name for actor in event.actors.all())

    @admin.display(description="Topics")
    def topic_list(self, event):
        return ", ".join(topic.name for topic in event.topics.all())

    @admin.display(description="Source", ordering="queue_published")
    def source_column(self, event):
        articles = {mention.article_id: mention.article for mention in event.mentions.all()}
        return format_html_join(
            mark_safe("<br>"), "{}", ((article_link(a),) for a in articles.values())
        )

    # Single-event review on the change form.

    def save_model(self, request, obj, form, change):
        if not change:
            return super().save_model(request, obj, form, change)
        written = [name for name in form.changed_data if name in CONCRETE_FORM_FIELDS]
        written += obj.mark_edited(request.user, form.changed_data)
        decision = self.decision(request)
        if decision is not None:
            obj.review(decision, request.user, form.cleaned_data.get("rejection_reason", ""))
            written += REVIEW_FIELDS
        # Only what the editor changed or decided: the rest of the row stays as it is.
        obj.save(update_fields=written)
        return None

    def decision(self, request) -> str | None:
        buttons = set(request.POST)
        if buttons & CONFIRM_BUTTONS:
            return Status.CONFIRMED
        if buttons & REJECT_BUTTONS:
            return Status.REJECTED
        return None

    def response_change(self, request, obj):
        decision = self.decision(request)
        if decision is None:
            return super().response_change(request, obj)
        # Say what happened ("Confirmed", "Rejected: reason"), not "was changed successfully".
        summary = review_summary(obj.status, obj.rejection_reason, getattr(obj, "_edited", ()))
        self.message_user(request, f"{summary}: “{obj.title}”.", messages.SUCCESS)
        if not NEXT_BUTTONS & set(request.POST):
            return HttpResponseRedirect(request.path)
        following = self.next_in_queue(request, obj)
        # Keep the editor's list filters (actor, article, …) from one event to the next.
        context = {"preserved_filters": self.get_preserved_filters(request), "opts": self.opts}
        if following is None:
            self.message_user(request, "The review queue is empty. Well done.", messages.SUCCESS)
            url = reverse("admin:timeline_event_changelist")
        else:
            url = reverse("admin:timeline_event_change", args=[following.pk])
        return HttpResponseRedirect(add_preserved_filters(context, url))

    def next_in_queue(self, request, current: Event) -> Event | None:
        """The next pending event of the queue as the editor filtered it on the list."""
        list_request = copy.copy(request)
        list_request.method = "GET"
        list_request.GET = QueryDict(request.GET.get("_changelist_filters", ""))
        try:
            queue = self.get_changelist_instance(list_request).get_queryset(list_request)
        except (IncorrectLookupParameters, ValidationError):
            # Filters the list itself would refuse (a hand-edited address): the whole queue.
            queue = self.get_queryset(request)
        queue = queue.awaiting_review().exclude(pk=current.pk)
        return queue.order_by(*queue_ordering()).first()

    # Actions on the selection.

    @admin.action(description="Confirm the selected events", permissions=["change"])
    def confirm_selected(self, request, queryset):
        selected = queryset.count()
        confirmed = self.review_all(request, queryset, Status.CONFIRMED)
        self.message_user(request, f"{confirmed} event(s) confirmed.", messages.SUCCESS)
        undated = selected - confirmed
        if undated:
            self.message_user(
                request,
                f"{undated} event(s) need a date before they can be confirmed: left pending.",
                messages.WARNING,
            )

    @admin.action(description="Reject the selected events…", permissions=["change"])
    def reject_selected(self, request, queryset):
        form = RejectForm(request.POST if "apply" in request.POST else None)
        if form.is_bound and form.is_valid():
            rejected = self.review_all(
                request, queryset, Status.REJECTED, form.cleaned_data["reason"]
            )
            self.message_user(request, f"{rejected} event(s) rejected.", messages.SUCCESS)
            return None
        return self.intermediate_page(
            request,
            queryset,
            "admin/timeline/event/reject.html",
            title="Reject events",
            action="reject_selected",
            form=form,
        )

    def review_all(self, request, queryset, status: str, reason: str = "") -> int:
        """Record the decision on each event as it is now (locked, re-read), writing the review
        fields only: an edit made since the list was loaded is kept, never overwritten."""
        reviewed = queryset.review_each(status, request.user, reason)
        for event in reviewed:
            self.log_change(request, event, event._change_reason)
        return len(reviewed)

    @admin.action(description="Merge the selected events into one…", permissions=["delete"])
    def merge_selected(self, request, queryset):
        events = queryset.order_by("id")
        if events.count() < 2:
            self.message_user(request, "Select at least two events to merge.", messages.WARNING)
            return None
        form = KeepEventForm(request.POST if "apply" in request.POST else None, events=events)
        if form.is_bound and form.is_valid():
            kept = form.cleaned_data["keep"]
            try:
                merge = merge_events(kept, list(events.exclude(pk=kept.pk)), request.user)
            except MergeConflict as conflict:
                self.message_user(request, str(conflict), messages.ERROR)
                return None
            self.message_user(request, f"Merged: {merge}.", messages.SUCCESS)
            return HttpResponseRedirect(reverse("admin:timeline_event_change", args=[kept.pk]))
        return self.intermediate_page(
            request,
            events,
            "admin/timeline/event/merge.html",
            title="Merge events",
            action="merge_selected",
            form=form,
        )

    def intermediate_page(self, request, queryset, template, *, title, action, form):
        context = {
            **self.admin_site.each_context(request),
            "title": title,
            "opts": self.opts,
            "events": queryset,
            "selected": queryset,
            "form": form,
            "action": action,
            "action_checkbox_name": ACTION_CHECKBOX_NAME,
            "media": self.media,
        }
        return TemplateResponse(request, template, context)

    def get_urls(self):
        return [
            path(
                "queue/",
                self.admin_site.admin_view(ReviewQueueView(self)),
                name="timeline_event_queue",
            ),
            path(
                "queue/confirm-article/",
                self.admin_site.admin_view(partial(confirm_article, self)),
                name="timeline_event_queue_confirm_article",
            ),
            *super().get_urls(),
        ]


@admin.register(EventMerge)
class EventMergeAdmin(admin.ModelAdmin):
    form = EditorModelForm
    list_display = ["__str__", "merged_by", "merged_at", "undone_by", "undone_at"]
    list_filter = ["merged_at"]
    readonly_fields = [
        "kept",
        "kept_title",
        "merged_ids",
        "snapshot",
        "merged_by",
        "merged_at",
        "undone_by",
        "undone_at",
    ]
    actions = ["undo_selected"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description="Undo the selected merges", permissions=["change"])
    def undo_selected(self, request, queryset):
        undone = 0
        for merge in queryset.filter(undone_at__isnull=True).order_by("-merged_at"):
            try:
                undo_merge(merge, request.user)
            except MergeConflict:
                continue  # another editor undid it a moment ago: nothing left to do
            undone += 1
        self.message_user(request, f"{undone} merge(s) undone.", messages.SUCCESS)


@admin.register(Mention)
class MentionAdmin(admin.ModelAdmin):
    form = EditorModelForm
    list_display = ["sentence", "expression", "article", "event"]
    search_fields = ["sentence", "expression"]
    raw_id_fields = ["event", "article"]
    list_select_related = ["article", "event"]
