"""Public pages of the timeline: the filterable timeline and its chart, events, actors, topics,
exports.

Every view shows confirmed events only (``Event.objects.public()``). A page renders whole, or
only the part that htmx asked to fill (``htmx_template``): one template per page.
"""

from dataclasses import dataclass

from django.conf import settings
from django.db import connection
from django.db.models import Exists, OuterRef
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe
from django_htmx.http import push_url, replace_url

from . import aggregates, chart, exports
from .aggregates import Facet
from .counting import public_vocabulary
from .density import DensityStrip, density_strip
from .filters import Cursor, TimelineFilter
from .forms import TimelineFilterForm
from .models import Actor, Event, Topic
from .pagination import TimelinePage, fetch_page, fetch_through


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


def htmx_template(request: HttpRequest, template: str, partials: dict[str, str]) -> str:
    """``template``, or the partial that fills the element htmx asked for (``HX-Target``).

    ``partials`` maps element ids to partials (``"timeline/index.html#page"``). Boosted links
    and history restores want the whole page, whatever element they come from.
    """
    htmx = getattr(request, "htmx", None)
    if not htmx or htmx.boosted or htmx.history_restore_request:
        return template
    return partials.get(htmx.target or "", template)


@dataclass
class TimelineResults:
    filters: TimelineFilter
    page: TimelinePage
    total: int
    actor_facets: list[Facet]
    topic_facets: list[Facet]
    density: DensityStrip | None
    # True when a text search matched more than the counts read (the newest ``sample``).
    capped: bool = False
    sample: int = 0


def timeline_results(filters: TimelineFilter) -> TimelineResults:
    """Everything the results region shows, in a fixed number of queries."""
    counts = aggregates.summary(filters)
    return TimelineResults(
        filters=filters,
        page=timeline_page(filters),
        total=counts.total,
        actor_facets=counts.actor_facets,
        topic_facets=counts.topic_facets,
        density=density_strip(counts.per_month, filters),
        capped=counts.capped,
        sample=aggregates.SEARCH_SAMPLE,
    )


def timeline_page(filters: TimelineFilter) -> TimelinePage:
    """The page of events the filters ask for: after their cursor, or through it."""
    events = filters.apply(Event.objects.public())
    if filters.through:
        return fetch_through(events, filters.through, filters.newest_first)
    return fetch_page(events, settings.TIMELINE_PAGE_SIZE, filters.cursor)


def keep_place(response: HttpResponse, path: str, filters: TimelineFilter, page: TimelinePage):
    """After "Load more", the address names the last event shown: Back and reload show as much."""
    if page.events:
        last = page.events[-1]
        replace_url(response, path + filters.querystring(through=str(Cursor(last.date, last.pk))))


@require_safe
def index(request: HttpRequest) -> HttpResponse:
    """The timeline: filters from the query string, a page of events, facets and density."""
    form = TimelineFilterForm(request.GET)
    filters = form.filters
    path = reverse("timeline:index")
    template = htmx_template(
        request,
        "timeline/index.html",
        {"results": "timeline/index.html#results", "load-more": "timeline/index.html#page"},
    )
    fragment = template != "timeline/index.html"
    context = {"filters": filters, "form": form, "path": path, "fragment": fragment}
    if template.endswith("#page"):
        page = timeline_page(filters)
        response = render(request, template, {**context, "page": page})
        keep_place(response, path, filters, page)
    else:
        results = timeline_results(filters)
        response = render(request, template, {**context, "results": results, "page": results.page})
        if template.endswith("#results"):
            push_url(response, path + filters.querystring())
    patch_vary_headers(response, ["HX-Request", "HX-Target"])
    return response


@require_safe
def event_detail(request: HttpRequest, pk: int) -> HttpResponse:
    event = get_object_or_404(Event.objects.public().with_evidence(), pk=pk)
    # Chips on a permalink start a fresh filter.
    return render(request, "timeline/event.html", {"event": event, "filters": TimelineFilter()})


@require_safe
def subject_detail(request: HttpRequest, kind: str, slug: str) -> HttpResponse:
    """An actor's or topic's page: its description and its own timeline, paged like the index."""
    model = {"actor": Actor, "topic": Topic}[kind]
    # Only actors and topics of confirmed events are public, as only confirmed events are.
    confirmed = Event.objects.public().filter(**{f"{kind}s": OuterRef("pk")})
    subject = get_object_or_404(model.objects.filter(Exists(confirmed)), slug=slug)
    asked = TimelineFilterForm(request.GET).filters
    filters = TimelineFilter(**{f"{kind}s": (subject,)}, cursor=asked.cursor, through=asked.through)
    page = timeline_page(filters)
    template = htmx_template(
        request, "timeline/subject.html", {"load-more": "timeline/index.html#page"}
    )
    context = {"subject": subject, "kind": kind, "filters": filters, "page": page}
    context["path"] = request.path
    if template.endswith("#page"):
        response = render(request, template, {**context, "fragment": True})
        keep_place(response, request.path, filters, page)
    else:
        context["total"] = aggregates.total(filters)
        response = render(request, template, context)
    patch_vary_headers(response, ["HX-Request", "HX-Target"])
    return response


@require_safe
def actor_list(request: HttpRequest) -> HttpResponse:
    """The actors with their event counts; ``?q=`` finds one however its name is spelt."""
    q = request.GET.get("q", "").strip()[:100]
    rows = public_vocabulary(Actor).order_by("name")
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
        "rows": public_vocabulary(Topic).order_by("name"),
    }
    return render(request, "timeline/vocabulary.html", context)


@require_safe
def chart_data(request: HttpRequest) -> JsonResponse:
    """The chart's events in the window it shows (``?start=&end=``), within the filters."""
    filters = TimelineFilterForm(request.GET).filters.without_cursor()
    try:
        window = chart.Window.parse(request.GET.get("start", ""), request.GET.get("end", ""))
    except ValueError as error:
        return JsonResponse({"error": str(error)}, status=400)
    return JsonResponse(chart.window_data(filters, window))


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
