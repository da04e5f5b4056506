"""Public pages of the timeline: the filterable timeline, events, actors, topics, exports.

Every view shows confirmed events only (``Event.objects.public()``). The timeline renders the
whole page, or only its results when htmx asks for them: one template, two entry points.
"""

from dataclasses import dataclass

from django.conf import settings
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe
from django_htmx.http import push_url

from . import aggregates, exports
from .aggregates import Facet
from .density import DensityStrip, density_strip
from .forms import TimelineFilter, TimelineFilterForm
from .models import Actor, Event, Topic
from .pagination import TimelinePage, fetch_page


@require_safe
@never_cache
def health(request: HttpRequest) -> JsonResponse:
    """For load balancers and uptime checks: 200 when the database answers, 503 otherwise."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as error:  # any database failure means "unhealthy", never a 500 page
        return JsonResponse(
            {"status": "error", "database": str(error.__class__.__name__)}, status=503
        )
    return JsonResponse({"status": "ok", "database": "ok"})


def wants_fragment(request: HttpRequest) -> bool:
    """An htmx request for part of a page; boosted links and history restores want it all."""
    htmx = getattr(request, "htmx", None)
    return bool(htmx) and not htmx.boosted and not htmx.history_restore_request


@dataclass
class TimelineResults:
    filters: TimelineFilter
    page: TimelinePage
    total: int
    actor_facets: list[Facet]
    topic_facets: list[Facet]
    density: DensityStrip | None


def timeline_results(filters: TimelineFilter) -> TimelineResults:
    """Everything the results region shows, in a fixed number of queries."""
    counts = aggregates.summary(filters)
    return TimelineResults(
        filters=filters,
        page=fetch_page(filters.apply(Event.objects.public()), page_size(), filters.cursor),
        total=counts.total,
        actor_facets=counts.actor_facets,
        topic_facets=counts.topic_facets,
        density=density_strip(counts.per_month, filters),
    )


def page_size() -> int:
    return settings.TIMELINE_PAGE_SIZE


@require_safe
def index(request: HttpRequest) -> HttpResponse:
    """The timeline: filters from the query string, a page of events, facets and density."""
    filters = TimelineFilterForm(request.GET).filters
    context = {"filters": filters, "path": reverse("timeline:index")}
    if wants_fragment(request) and filters.cursor:
        page = fetch_page(filters.apply(Event.objects.public()), page_size(), filters.cursor)
        context.update(page=page, announce=True)
        response = render(request, "timeline/index.html#page", context)
    else:
        results = timeline_results(filters)
        context.update(results=results, page=results.page)
        if wants_fragment(request):
            context["announce"] = True
            response = render(request, "timeline/index.html#results", context)
            push_url(response, reverse("timeline:index") + filters.querystring())
        else:
            response = render(request, "timeline/index.html", context)
    patch_vary_headers(response, ["HX-Request"])
    return response


@require_safe
def event_detail(request: HttpRequest, pk: int) -> HttpResponse:
    event = get_object_or_404(Event.objects.public().with_evidence(), pk=pk)
    # Chips on a permalink start a fresh filter.
    return render(request, "timeline/event.html", {"event": event, "filters": TimelineFilter()})


def subject_timeline(request: HttpRequest, subject, filters: TimelineFilter, template: str):
    """An actor's or topic's page: its description and its own timeline, paged by cursor."""
    page = fetch_page(filters.apply(Event.objects.public()), page_size(), filters.cursor)
    context = {"subject": subject, "filters": filters, "page": page, "path": request.path}
    if wants_fragment(request) and filters.cursor:
        context["announce"] = True
        response = render(request, "timeline/index.html#page", context)
    else:
        context["total"] = aggregates.total(filters)
        response = render(request, template, context)
    patch_vary_headers(response, ["HX-Request"])
    return response


@require_safe
def actor_detail(request: HttpRequest, slug: str) -> HttpResponse:
    # Only actors of confirmed events are public, as only confirmed events are.
    public = Actor.objects.filter(events__in=Event.objects.public()).distinct()
    actor = get_object_or_404(public, slug=slug)
    cursor = TimelineFilterForm(request.GET).filters.cursor
    filters = TimelineFilter(actors=(actor,), cursor=cursor)
    return subject_timeline(request, actor, filters, "timeline/actor.html")


@require_safe
def topic_detail(request: HttpRequest, slug: str) -> HttpResponse:
    topic = get_object_or_404(Topic, slug=slug)
    cursor = TimelineFilterForm(request.GET).filters.cursor
    filters = TimelineFilter(topics=(topic,), cursor=cursor)
    return subject_timeline(request, topic, filters, "timeline/topic.html")


@require_safe
def actor_list(request: HttpRequest) -> HttpResponse:
    """The actors with their event counts; ``?q=`` finds one however its name is spelt."""
    q = request.GET.get("q", "").strip()[:100]
    rows = Event.objects.public().actor_counts().order_by("name")
    if q:
        found = list(Actor.objects.matching(q).values_list("pk", flat=True)[:50])
        rank = {pk: position for position, pk in enumerate(found)}
        rows = sorted(rows.filter(pk__in=found), key=lambda row: rank[row.pk])
    context = {
        "heading": "Actors",
        "intro": "States, alliances, people and agencies in confirmed events.",
        "rows": rows,
        "searchable": True,
        "q": q,
    }
    return render(request, "timeline/vocabulary.html", context)


@require_safe
def topic_list(request: HttpRequest) -> HttpResponse:
    context = {
        "heading": "Topics",
        "intro": "What confirmed events are about.",
        "rows": Event.objects.public().topic_counts().order_by("name"),
    }
    return render(request, "timeline/vocabulary.html", context)


def exported_events(request: HttpRequest):
    filters = TimelineFilterForm(request.GET).filters.without_cursor()
    return filters, filters.apply(Event.objects.public())


@require_safe
@exports.export_view
def export_csv(request: HttpRequest) -> HttpResponse:
    _, events = exported_events(request)
    return exports.csv_response(events, request.build_absolute_uri("/").rstrip("/"))


@require_safe
@exports.export_view
def export_json(request: HttpRequest) -> HttpResponse:
    _, events = exported_events(request)
    return exports.json_response(events, request.build_absolute_uri("/").rstrip("/"))


@require_safe
@exports.export_view
def export_timelinejs(request: HttpRequest) -> HttpResponse:
    filters, events = exported_events(request)
    title = "Defence-cooperation timeline"
    if filters.description():
        title = f"{title}: {filters.description()}"
    return exports.timelinejs_response(events, request.build_absolute_uri("/").rstrip("/"), title)
