"""Downloads of the current filter: CSV, JSON and TimelineJS JSON, streamed so that a large
selection never sits in memory. Confirmed events only: callers pass ``Event.objects.public()``.
"""

import csv
import json
from collections.abc import Iterable, Iterator

from django.http import StreamingHttpResponse
from django.utils.html import escape, format_html, format_html_join

from . import evidence
from .models import Event, EventQuerySet
from .periods import Precision

CHUNK = 500
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


def event_record(event: Event, base_url: str) -> dict:
    """An event as plain data, the shape of the JSON export."""
    return {
        "id": event.pk,
        "date": event.date.isoformat() if event.date else None,
        "date_end": event.date_end.isoformat() if event.date_end else None,
        "precision": event.precision,
        "date_display": event.date_display,
        "title": event.title,
        "actors": [{"slug": a.slug, "name": a.name} for a in event.actors.all()],
        "topics": [{"slug": t.slug, "name": t.name} for t in event.topics.all()],
        "mentions": [
            {
                "quote": evidence.quote_text(mention),
                "expression": mention.expression,
                "article": {
                    "title": mention.article.title,
                    "publisher": mention.article.publisher,
                    "url": http_url(mention.article.url),
                    "published": mention.article.published.isoformat()
                    if mention.article.published
                    else None,
                },
            }
            for mention in event.mentions.all()
        ],
        "permalink": base_url + event.get_absolute_url(),
    }


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


def records(events: EventQuerySet, base_url: str) -> Iterator[dict]:
    for event in events.with_evidence().iterator(chunk_size=CHUNK):
        yield event_record(event, base_url)


def csv_lines(events: EventQuerySet, base_url: str) -> Iterator[str]:
    writer = csv.writer(_Echo())
    yield writer.writerow(CSV_COLUMNS)
    for record in records(events, base_url):
        yield writer.writerow([spreadsheet_safe(cell) for cell in csv_row(record)])


def json_array(items: Iterable, before: str = "", after: str = "") -> Iterator[str]:
    """A JSON array written piece by piece, between ``before`` and ``after``."""
    yield before + "["
    for index, item in enumerate(items):
        yield ("," if index else "") + json.dumps(item, ensure_ascii=False)
    yield "]" + after


def timelinejs_date(event: Event, day) -> dict:
    """A TimelineJS date object at the event's precision: no invented month or day."""
    value = {"year": day.year}
    if event.precision in (Precision.DAY, Precision.WEEK, Precision.MONTH, Precision.SEASON):
        value["month"] = day.month
    if event.precision in (Precision.DAY, Precision.WEEK):
        value["day"] = day.day
    return value


def timelinejs_slide(event: Event, base_url: str) -> dict:
    """One TimelineJS slide. TimelineJS renders ``text`` as HTML, so every piece is escaped."""
    mentions = event.mentions.all()
    quotes = format_html_join(
        "", "<blockquote>{}</blockquote>", ((evidence.quote_text(m),) for m in mentions)
    )
    sources = format_html_join(
        ", ",
        '<a href="{}">{}</a>',
        (
            (http_url(source.article.url), source.article.publisher or source.article.title)
            for source in evidence.sources(event)
            if http_url(source.article.url)
        ),
    )
    text = quotes + (format_html("<p>Sources: {}</p>", sources) if sources else "")
    slide = {
        "unique_id": f"event-{event.pk}",
        "start_date": timelinejs_date(event, event.date),
        "display_date": event.date_display,
        "text": {
            "headline": format_html(
                '<a href="{}">{}</a>', base_url + event.get_absolute_url(), event.title
            ),
            "text": str(text),
        },
        "group": ", ".join(escape(topic.name) for topic in event.topics.all()),
    }
    if event.date_end:
        slide["end_date"] = timelinejs_date(event, event.date_end)
    return slide


def csv_response(events: EventQuerySet, base_url: str) -> StreamingHttpResponse:
    response = StreamingHttpResponse(csv_lines(events, base_url), content_type="text/csv")
    response["Content-Disposition"] = 'attachment; filename="timeline.csv"'
    return response


def json_response(events: EventQuerySet, base_url: str) -> StreamingHttpResponse:
    body = json_array(records(events, base_url), before='{"events":', after="}")
    response = StreamingHttpResponse(body, content_type="application/json")
    response["Content-Disposition"] = 'attachment; filename="timeline.json"'
    return response


def timelinejs_response(events: EventQuerySet, base_url: str, title: str) -> StreamingHttpResponse:
    slides = (
        timelinejs_slide(event, base_url)
        for event in events.with_evidence().iterator(chunk_size=CHUNK)
    )
    heading = {"text": {"headline": escape(title), "text": ""}}
    before = '{"title":' + json.dumps(heading, ensure_ascii=False) + ',"events":'
    response = StreamingHttpResponse(
        json_array(slides, before=before, after="}"), content_type="application/json"
    )
    response["Content-Disposition"] = 'attachment; filename="timeline-timelinejs.json"'
    return response
