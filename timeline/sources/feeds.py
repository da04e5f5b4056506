"""Reading an RSS or Atom feed (with feedparser) into the entries the poller records."""

import calendar
import datetime
import hashlib
from dataclasses import dataclass
from email.message import Message

import feedparser
from feedparser.exceptions import ThingsNobodyCaresAboutButMe


class FeedError(ValueError):
    """The document is not a feed the poller can read; the message says why, for the editor."""


@dataclass(frozen=True)
class FeedEntry:
    key: str  # sha256 of the entry's id, or of its link when it has none
    link: str  # absolute: relative links are resolved against the feed's address
    title: str
    published: datetime.datetime | None  # aware, UTC
    language: str  # as the entry declares it (xml:lang), else ""


@dataclass(frozen=True)
class ParsedFeed:
    title: str
    site_url: str
    language: str  # as the feed declares it, else ""
    entries: list[FeedEntry]


def parse_feed(content: bytes, url: str, headers: Message | None = None) -> ParsedFeed:
    """The feed in ``content``, fetched from ``url``.

    Raises FeedError for a document that is not well-formed XML or not a feed at all: nothing of
    a malformed feed is kept, rather than half of it.
    """
    # Always bytes: given a string that looks like an address, feedparser would fetch it itself.
    parsed = feedparser.parse(
        bytes(content),
        response_headers={
            "content-location": url,
            "content-type": headers.get("Content-Type", "") if headers else "",
        },
        sanitize_html=False,
    )
    if not parsed.get("version"):
        raise FeedError("This is not an RSS or Atom feed.")
    problem = parsed.get("bozo_exception")
    if parsed.get("bozo") and not isinstance(problem, ThingsNobodyCaresAboutButMe):
        raise FeedError(f"The feed is malformed: {describe(problem)}.")
    feed = parsed.feed
    entries = {}
    for item in parsed.entries:
        entry = feed_entry(item)
        if entry is not None:
            entries.setdefault(entry.key, entry)
    return ParsedFeed(
        title=text(feed.get("title")),
        site_url=feed.get("link", ""),
        language=feed.get("language", "") or "",
        entries=list(entries.values()),
    )


def describe(problem: Exception | None) -> str:
    """A parser error as an editor can act on it: "not well-formed (invalid token), line 3"."""
    if problem is None:
        return "unknown error"
    message = getattr(problem, "getMessage", lambda: str(problem))()
    line = getattr(problem, "getLineNumber", lambda: None)()
    return f"{message}, line {line}" if line else message


def feed_entry(item) -> FeedEntry | None:
    """One entry, or None when it has no web address to fetch."""
    link = item.get("link", "")
    if not link.startswith(("http://", "https://")):
        return None
    identity = item.get("id") or link
    return FeedEntry(
        key=hashlib.sha256(identity.encode("utf-8")).hexdigest(),
        link=link,
        title=text(item.get("title"))[:500],
        published=published(item),
        language=declared_language(item),
    )


def published(item) -> datetime.datetime | None:
    """The entry's publication time (else its last update), which feedparser gives in UTC."""
    parsed = item.get("published_parsed") or item.get("updated_parsed")
    if not parsed:
        return None
    return datetime.datetime.fromtimestamp(calendar.timegm(parsed), tz=datetime.UTC)


def declared_language(item) -> str:
    for detail in ("content", "summary_detail", "title_detail"):
        value = item.get(detail)
        if isinstance(value, list):
            value = value[0] if value else None
        if value and value.get("language"):
            return value["language"]
    return ""


def text(value: str | None) -> str:
    return " ".join((value or "").split())
