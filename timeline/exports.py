"""Downloads of the current filter: CSV, JSON and TimelineJS JSON. Confirmed events only:
callers pass ``Event.objects.public()``.

A download streams plain rows: events come from one server-side cursor a chunk at a time, and
each chunk's actors, topics and quotes from three queries, so a selection of any size is written
with constant memory and no model instances. The first chunk is read before the response
starts, so that a database failure is an error status rather than a 200 cut short; and each
client may start only so many downloads a minute (django-ratelimit).
"""

import csv
import functools
import itertools
import json
import logging
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from html import escape as html_escape

from django.conf import settings
from django.db import DatabaseError
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.urls import reverse
from django_ratelimit.core import get_usage

from . import evidence
from .models import Event, EventQuerySet, Mention
from .periods import Precision, format_period

logger = logging.getLogger(__name__)

CHUNK = 2000
EVENT_FIELDS = ("id", "date", "date_end", "precision", "title")
MENTION_FIELDS = (
    "event_id",
    "sentence",
    "expression",
    "article__title",
    "article__publisher",
    "article__url",
    "article__published",
)
CSV_COLUMNS = [
    "id",
    "date",
    "date_end",
    "precision",
    "date_display",
    "title",
    "actors",
    "topics",
    "quotes",
    "sources",
    "source_urls",
    "permalink",
]


def http_url(url: str) -> str:
    """``url`` when it is a web address, else ``""``: stored addresses are untrusted input."""
    return url if url.lower().startswith(("http://", "https://")) else ""


# Reading: events as plain records, a chunk at a time.


def records(events: EventQuerySet, base_url: str) -> Iterator[dict]:
    """Each event as plain data, the shape of the JSON export, in the order of ``events``."""
    rows = events.values_list(*EVENT_FIELDS).iterator(chunk_size=CHUNK)
    permalink = permalink_builder(base_url)
    while chunk := list(itertools.islice(rows, CHUNK)):
        ids = [row[0] for row in chunk]
        actors, topics = names_by_event("actors", ids), names_by_event("topics", ids)
        mentions = mentions_by_event(ids)
        for pk, date, date_end, precision, title in chunk:
            yield {
                "id": pk,
                "date": date.isoformat() if date else None,
                "date_end": date_end.isoformat() if date_end else None,
                "precision": precision,
                "date_display": format_period(date, date_end, precision),
                "title": title,
                "actors": actors[pk],
                "topics": topics[pk],
                "mentions": mentions[pk],
                "permalink": permalink(pk),
            }


def names_by_event(relation: str, ids: list[int]) -> dict[int, list[dict]]:
    """The actors or topics of these events, by name, as {event id: [{slug, name}]}."""
    field = Event._meta.get_field(relation)
    target = field.m2m_reverse_field_name()
    links = field.remote_field.through.objects.filter(event_id__in=ids)
    grouped: dict[int, list[dict]] = defaultdict(list)
    for event_id, slug, name in links.order_by(f"{target}__name").values_list(
        "event_id", f"{target}__slug", f"{target}__name"
    ):
        grouped[event_id].append({"slug": slug, "name": name})
    return grouped


def mentions_by_event(ids: list[int]) -> dict[int, list[dict]]:
    grouped: dict[int, list[dict]] = defaultdict(list)
    rows = Mention.objects.filter(event_id__in=ids).order_by("article_id", "start")
    for event_id, sentence, expression, title, publisher, url, published in rows.values_list(
        *MENTION_FIELDS
    ):
        grouped[event_id].append(
            {
                "quote": evidence.plain_quote(sentence),
                "expression": expression,
                "article": {
                    "title": title,
                    "publisher": publisher,
                    "url": http_url(url),
                    "published": published.isoformat() if published else None,
                },
            }
        )
    return grouped


def permalink_builder(base_url: str) -> Callable[[int], str]:
    """Event id → its permalink, without resolving the URL pattern once per row."""
    marker = 2_147_483_647
    pattern = base_url + reverse("timeline:event", args=[marker])
    prefix, suffix = pattern.split(str(marker))
    return lambda pk: f"{prefix}{pk}{suffix}"


def started(items: Iterator) -> Iterator:
    """``items`` with its first item already produced: the first queries run now, while an
    error can still become an error response."""
    try:
        first = next(items)
    except StopIteration:
        return iter(())
    return itertools.chain([first], items)


# Writing: CSV, JSON and TimelineJS.


def csv_row(record: dict) -> list:
    # One source per article, however many of its sentences are quoted.
    articles = list(
        {tuple(m["article"].values()): m["article"] for m in record["mentions"]}.values()
    )
    return [
        record["id"],
        record["date"] or "",
        record["date_end"] or "",
        record["precision"],
        record["date_display"],
        record["title"],
        "; ".join(actor["name"] for actor in record["actors"]),
        "; ".join(topic["name"] for topic in record["topics"]),
        "\n".join(mention["quote"] for mention in record["mentions"]),
        "; ".join(article["publisher"] or article["title"] for article in articles),
        " ".join(article["url"] for article in articles if article["url"]),
        record["permalink"],
    ]


def spreadsheet_safe(value):
    """Defuse cells a spreadsheet would run as a formula (CSV injection)."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


class _Echo:
    def write(self, value: str) -> str:
        return value


def csv_lines(items: Iterable[dict]) -> Iterator[str]:
    writer = csv.writer(_Echo())
    yield writer.writerow(CSV_COLUMNS)
    for record in items:
        yield writer.writerow([spreadsheet_safe(cell) for cell in csv_row(record)])


def json_array(items: Iterable, before: str = "", after: str = "") -> Iterator[str]:
    """A JSON array written piece by piece, between ``before`` and ``after``."""
    yield before + "["
    for index, item in enumerate(items):
        yield ("," if index else "") + json.dumps(item, ensure_ascii=False)
    yield "]" + after


def timelinejs_date(record: dict, day: str) -> dict:
    """A TimelineJS date object at the event's precision: no invented month or day."""
    year, month, day_of_month = (int(part) for part in day.split("-"))
    value = {"year": year}
    if record["precision"] in (Precision.DAY, Precision.WEEK, Precision.MONTH, Precision.SEASON):
        value["month"] = month
    if record["precision"] in (Precision.DAY, Precision.WEEK):
        value["day"] = day_of_month
    return value


def _distinct_articles(mentions: list[dict]) -> list[dict]:
    """Each article once: an event two sentences of one article report has one source."""
    seen: dict[tuple, dict] = {}
    for mention in mentions:
        article = mention["article"]
        seen.setdefault((article["url"], article["title"]), article)
    return list(seen.values())


def timelinejs_slide(record: dict) -> dict:
    """One TimelineJS slide. TimelineJS renders ``text`` as HTML, so every piece is escaped
    (with the standard library's escape: format_html costs more than the rest of a slide)."""
    mentions = record["mentions"]
    quotes = "".join(f"<blockquote>{html_escape(m['quote'])}</blockquote>" for m in mentions)
    sources = ", ".join(
        f'<a href="{html_escape(article["url"])}">'
        f"{html_escape(article['publisher'] or article['title'])}</a>"
        for article in _distinct_articles(mentions)
        if article["url"]
    )
    slide = {
        "unique_id": f"event-{record['id']}",
        "start_date": timelinejs_date(record, record["date"]),
        "display_date": record["date_display"],
        "text": {
            "headline": f'<a href="{html_escape(record["permalink"])}">'
            f"{html_escape(record['title'])}</a>",
            "text": quotes + (f"<p>Sources: {sources}</p>" if sources else ""),
        },
        "group": ", ".join(html_escape(topic["name"]) for topic in record["topics"]),
    }
    if record["date_end"]:
        slide["end_date"] = timelinejs_date(record, record["date_end"])
    return slide


def download(body: Iterable[str], content_type: str, filename: str) -> StreamingHttpResponse:
    response = StreamingHttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def csv_response(events: EventQuerySet, base_url: str) -> StreamingHttpResponse:
    return download(csv_lines(started(records(events, base_url))), "text/csv", "timeline.csv")


def json_response(events: EventQuerySet, base_url: str) -> StreamingHttpResponse:
    body = json_array(started(records(events, base_url)), before='{"events":', after="}")
    return download(body, "application/json", "timeline.json")


def timelinejs_response(events: EventQuerySet, base_url: str, title: str) -> StreamingHttpResponse:
    slides = map(timelinejs_slide, started(records(events, base_url)))
    heading = {"text": {"headline": html_escape(title), "text": ""}}
    before = '{"title":' + json.dumps(heading, ensure_ascii=False) + ',"events":'
    body = json_array(slides, before=before, after="}")
    return download(body, "application/json", "timeline-timelinejs.json")


# Serving: a rate per client, and a clear status when the database fails.


def export_view(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Decorate a download view: ``EXPORT_RATE_LIMIT`` downloads per client address (429 with
    Retry-After beyond it), and 503 when the database fails before the download starts."""

    @functools.wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        usage = get_usage(
            request, group="exports", key="ip", rate=settings.EXPORT_RATE_LIMIT, increment=True
        )
        if usage is not None and usage["should_limit"]:
            response = HttpResponse(
                "Too many downloads from your address: try again in a minute.\n",
                content_type="text/plain; charset=utf-8",
                status=429,
            )
            response["Retry-After"] = str(max(1, usage["time_left"]))
            return response
        try:
            return view(request, *args, **kwargs)
        except DatabaseError:
            logger.exception("Download %s failed before it started", request.path)
            response = HttpResponse(
                "The download could not be prepared: the database did not answer. "
                "Try again in a minute.\n",
                content_type="text/plain; charset=utf-8",
                status=503,
            )
            response["Retry-After"] = "60"
            return response

    return wrapped
