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

from . import exports
from .density import DensityStrip, density_strip
from .forms import TimelineFilter, TimelineFilterForm
from .models import Actor, Event, Topic
from .pagination import TimelinePage, fetch_page

# Facets list the commonest actors and topics; the chosen ones are always shown too.
FACET_SIZE = 12


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
class Facet:
    kind: str
    slug: str
    name: str
    count: int
    selected: bool


def facets(kind: str, model, counts: dict[int, int], chosen, size: int = FACET_SIZE):
    """Checkbox data for the commonest ``size`` actors or topics plus every chosen one."""
    commonest = sorted(counts, key=counts.__getitem__, reverse=True)[:size]
    chosen_ids = {row.pk for row in chosen}
    rows = model.objects.filter(pk__in={*commonest, *chosen_ids}).only("name", "slug")
    result = [
        Facet(kind, row.slug, row.name, counts.get(row.pk, 0), row.pk in chosen_ids) for row in rows
    ]
    return sorted(result, key=lambda facet: (-facet.count, facet.name))


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
    matching = filters.without_cursor().apply(Event.objects.public())
    per_month = matching.per_month()
    return TimelineResults(
        filters=filters,
        page=fetch_page(filters.apply(Event.objects.public()), page_size(), filters.cursor),
        # Every listed event is dated, so the months add up to the total: no COUNT query.
        total=sum(per_month.values()),
        actor_facets=facets("actor", Actor, matching.count_by("actors"), filters.actors),
        topic_facets=facets("topic", Topic, matching.count_by("topics"), filters.topics),
        density=density_strip(per_month, filters),
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
        context["total"] = filters.without_cursor().apply(Event.objects.public()).count()
        response = render(request, template, context)
    patch_vary_headers(response, ["HX-Request"])
    return response


@require_safe
def actor_detail(request: HttpRequest, slug: str) -> HttpResponse:
    actor = get_object_or_404(Actor, slug=slug)
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
    context = {
        "heading": "Actors",
        "intro": "States, alliances, people and agencies in confirmed events.",
        "rows": Event.objects.public().actor_counts().order_by("name"),
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
def export_csv(request: HttpRequest) -> HttpResponse:
    _, events = exported_events(request)
    return exports.csv_response(events, request.build_absolute_uri("/").rstrip("/"))


@require_safe
def export_json(request: HttpRequest) -> HttpResponse:
    _, events = exported_events(request)
    return exports.json_response(events, request.build_absolute_uri("/").rstrip("/"))


@require_safe
def export_timelinejs(request: HttpRequest) -> HttpResponse:
    filters, events = exported_events(request)
    title = "Defence-cooperation timeline"
    if filters.description():
        title = f"{title}: {filters.description()}"
    return exports.timelinejs_response(events, request.build_absolute_uri("/").rstrip("/"), title)
