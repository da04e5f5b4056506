"""Presentation helpers for the timeline's templates: highlighted quotes and filter links."""

from urllib.parse import urlencode

from django import template
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString

from timeline.exports import http_url
from timeline.forms import Cursor, TimelineFilter
from timeline.models import Mention

register = template.Library()


@register.filter
def highlighted(mention: Mention) -> SafeString:
    """The quote with its time expression in ``<mark>``; every part escaped."""
    before, expression, after = mention.sentence_parts
    if not expression:
        return format_html("{}", mention.sentence)
    return format_html("{}<mark>{}</mark>{}", before, expression, after)


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
