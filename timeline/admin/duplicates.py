"""The "Possible duplicates" page: the suggestions stored at ingest (timeline.duplicates), most
alike first, a page at a time, each with "Merge" (after a confirmation step) and "Not a
duplicate". Nothing is compared while the page loads, so it costs the same at a million events.
"""

from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Prefetch, prefetch_related_objects
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.http import urlencode
from django.views.decorators.http import require_POST

from ..duplicates import mark_not_duplicate, merge_into, open_suggestions
from ..merging import MergeConflict
from ..models import Article, DuplicateSuggestion, Event, Mention

PAGE_PARAM = "p"
STALE = (
    "That suggestion is no longer open: one of its events has been merged or rejected, or the "
    "pair was marked as not a duplicate, since the page was loaded. The list below is current."
)


@dataclass(frozen=True)
class Side:
    """One event of a suggested pair, with the source an editor recognises it by."""

    event: Event
    source: Article | None
    quote: str


@dataclass(frozen=True)
class Pair:
    suggestion: DuplicateSuggestion
    event: Side
    original: Side

    @property
    def sides(self) -> tuple[Side, Side]:
        """The probable original first: the one kept unless the editor chooses otherwise."""
        return self.original, self.event

    @property
    def why(self) -> str:
        reasons = self.suggestion.reasons
        days = reasons.get("days_apart", 0)
        parts = [", ".join(reasons.get("shared_actors", []))]
        parts.append("same dates" if days == 0 else f"{days} day{'s' if days > 1 else ''} apart")
        parts.append(f"worded {self.suggestion.score:.0f}% alike")
        return " · ".join(part for part in parts if part)


def with_events(suggestions):
    """Suggestions with both events, less the search columns the page never shows."""
    unread = ["quote_text", "search_vector", "candidate_actors"]
    return suggestions.select_related("event", "original").defer(
        *(f"{side}__{field}" for side in ("event", "original") for field in unread)
    )


def pairs(suggestions) -> list[Pair]:
    """The suggestions with both events' first sources, in three queries however many."""
    suggestions = list(suggestions)
    events = [s.event for s in suggestions] + [s.original for s in suggestions]
    sources = Mention.objects.select_related("article").order_by(
        "article__published", "article_id", "start"
    )
    prefetch_related_objects(events, Prefetch("mentions", queryset=sources))
    return [Pair(s, side(s.event), side(s.original)) for s in suggestions]


def side(event: Event) -> Side:
    mentions = event.mentions.all()
    first = mentions[0] if mentions else None
    return Side(event, first.article if first else None, first.sentence if first else "")


class DuplicatesAdmin:
    """The Possible duplicates page and its two decisions, for EventAdmin."""

    duplicates_per_page = 25

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("duplicates/", view(self.duplicates_view), name="timeline_event_duplicates"),
            path(
                "duplicates/<int:suggestion_id>/merge/",
                view(self.merge_suggestion_view),
                name="timeline_event_merge_suggestion",
            ),
            path(
                "duplicates/<int:suggestion_id>/not-duplicate/",
                view(require_POST(self.not_duplicate_view)),
                name="timeline_event_not_duplicate",
            ),
            *super().get_urls(),
        ]

    def duplicates_view(self, request):
        if not self.has_change_permission(request):
            raise PermissionDenied
        # Pages of ids first: a deep page's OFFSET then skips narrow index entries, not joined
        # event rows; the 25 suggestions shown are read by id.
        ids = open_suggestions().values_list("pk", flat=True)
        page = Paginator(ids, self.duplicates_per_page).get_page(request.GET.get(PAGE_PARAM))
        shown = with_events(DuplicateSuggestion.objects.filter(pk__in=list(page.object_list)))
        context = {
            **self.admin_site.each_context(request),
            "title": "Possible duplicates",
            "opts": self.opts,
            "page": page,
            "pairs": pairs(shown.order_by("-score", "-id")),
            "page_param": PAGE_PARAM,
            "can_merge": self.has_delete_permission(request),
        }
        return TemplateResponse(request, "admin/timeline/event/duplicates.html", context)

    def merge_suggestion_view(self, request, suggestion_id: int):
        """GET: the two events side by side and which to keep; POST: merge them."""
        if not (self.has_change_permission(request) and self.has_delete_permission(request)):
            raise PermissionDenied
        suggestion = with_events(open_suggestions().filter(pk=suggestion_id)).first()
        if suggestion is None:
            self.message_user(request, STALE, messages.WARNING)
            return self.back_to_duplicates(request)
        if request.method == "POST":
            return self.merge_suggestion(request, suggestion)
        (pair,) = pairs([suggestion])
        context = {
            **self.admin_site.each_context(request),
            "title": f"Merge #{suggestion.event_id} into #{suggestion.original_id}?",
            "opts": self.opts,
            "pair": pair,
            "page_param": PAGE_PARAM,
            "page_number": request.GET.get(PAGE_PARAM, ""),
        }
        return TemplateResponse(request, "admin/timeline/event/merge_suggestion.html", context)

    def merge_suggestion(self, request, suggestion: DuplicateSuggestion):
        pair = {suggestion.event_id: suggestion.event, suggestion.original_id: suggestion.original}
        try:
            kept = pair[int(request.POST.get("keep", ""))]
        except (KeyError, ValueError):
            self.message_user(
                request, "Choose which of the two events to keep, then merge.", messages.ERROR
            )
            url = reverse("admin:timeline_event_merge_suggestion", args=[suggestion.pk])
            return HttpResponseRedirect(url)
        (merged,) = (event for pk, event in pair.items() if pk != kept.pk)
        try:
            merge_into(merged, kept, request.user)
        except MergeConflict as conflict:
            self.message_user(request, str(conflict), messages.ERROR)
            return self.back_to_duplicates(request)
        url = reverse("admin:timeline_event_change", args=[kept.pk])
        self.message_user(
            request,
            format_html(
                'Merged #{} into <a href="{}">#{} “{}”</a>: it is now a further source of it. '
                "Event merges can undo it.",
                merged.pk,
                url,
                kept.pk,
                kept.title,
            ),
            messages.SUCCESS,
        )
        return self.back_to_duplicates(request)

    def not_duplicate_view(self, request, suggestion_id: int):
        if not self.has_change_permission(request):
            raise PermissionDenied
        suggestion = with_events(open_suggestions().filter(pk=suggestion_id)).first()
        if suggestion is None:
            self.message_user(request, STALE, messages.WARNING)
            return self.back_to_duplicates(request)
        try:
            mark_not_duplicate(suggestion.event, suggestion.original, request.user)
        except MergeConflict as conflict:
            self.message_user(request, str(conflict), messages.ERROR)
            return self.back_to_duplicates(request)
        self.message_user(
            request,
            f"#{suggestion.event_id} and #{suggestion.original_id} are marked as different "
            "events: the pair will not be suggested again.",
            messages.SUCCESS,
        )
        return self.back_to_duplicates(request)

    def back_to_duplicates(self, request):
        """The list, at the page the editor came from."""
        url = reverse("admin:timeline_event_duplicates")
        number = request.POST.get(PAGE_PARAM) or request.GET.get(PAGE_PARAM)
        if number and number.isdigit():
            url += "?" + urlencode({PAGE_PARAM: number})
        return HttpResponseRedirect(url)
