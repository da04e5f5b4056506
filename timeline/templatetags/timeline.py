"""Presentation helpers for the timeline's templates: quotes and sources, and filter links."""

from urllib.parse import urlencode

from django import template
from django.urls import reverse

from timeline import evidence
from timeline.exports import http_url
from timeline.filters import Cursor, TimelineFilter
from timeline.models import Event

register = template.Library()

# The quote with its time expression in ``<mark>``; every part escaped.
register.filter("highlighted", evidence.highlighted)


@register.filter
def sources(event: Event) -> list[evidence.Source]:
    """The articles behind an event, each once, with the sentences quoted from it."""
    return evidence.sources(event)


@register.filter
def repeats_quote(event: Event) -> bool:
    """Whether the event's title only repeats its first quote, which is then shown once."""
    mentions = event.mentions.all()
    return evidence.repeats_quote(event.title, mentions[0] if mentions else None)


@register.filter
def web_url(url: str) -> str:
    """Only http(s) addresses become links: an article's URL is untrusted input."""
    return http_url(url or "")


def _url(path: str, pairs: list[tuple[str, str]]) -> str:
    return f"{path}?{urlencode(pairs)}" if pairs else path


@register.simple_tag
def adding_filter(filters: TimelineFilter, key: str, value: str) -> str:
    """The timeline with the current filters plus ``key=value``, from its first page."""
    pairs = filters.params()
    if (key, value) not in pairs:
        pairs.append((key, value))
    return _url(reverse("timeline:index"), pairs)


@register.simple_tag
def removing_filter(filters: TimelineFilter, key: str, value: str = "") -> str:
    """The timeline with the current filters except ``key`` (or only its ``value``)."""
    pairs = [(k, v) for k, v in filters.params() if not (k == key and (not value or v == value))]
    return _url(reverse("timeline:index"), pairs)


@register.simple_tag
def page_url(path: str, filters: TimelineFilter, cursor: Cursor) -> str:
    return _url(path, [*filters.params(), ("cursor", str(cursor))])


@register.simple_tag
def filtered_url(url_name: str, filters: TimelineFilter) -> str:
    """A named view (timeline, feed, export) of the current filters."""
    return _url(reverse(url_name), filters.params())


@register.simple_tag
def view_url(filters: TimelineFilter, view: str) -> str:
    """The timeline of the current filters as a list or as a chart."""
    return _url(reverse("timeline:index"), filters.with_view(view).params())
