"""The `extract` entry point: content in, cleaned body with dated events, actors and topics out."""

import datetime
import json
from collections.abc import Iterable
from pathlib import Path

from . import published as publication
from .actors import ActorMatcher
from .cleaning import CleanArticle, clean_text, looks_like_html, normalise, read_page, strip_tags
from .dates import find_temporal_expressions
from .decoding import decode_text
from .events import build_events
from .headlines import headline
from .reading import Article
from .sentences import paragraphs, split_sentences
from .topics import TopicMatcher
from .types import ActorEntry, ExtractionError, ExtractionResult, Office, Role, TopicEntry

EXTRACTOR_VERSION = "2.0"
MAX_CONTENT_BYTES = 2 * 1024 * 1024


def extract(
    content: str | bytes,
    *,
    published: datetime.date | datetime.datetime | None = None,
    url: str | None = None,
    actors: Iterable[ActorEntry] = (),
    topics: Iterable[TopicEntry] = (),
    content_type: str | None = None,
) -> ExtractionResult:
    """Clean an article (HTML or plain text) and extract its dated events.

    Raises ExtractionError for empty, oversized (> 2 MB), undecodable or text-less content.
    """
    text = _decoded(content)
    is_html = looks_like_html(text, content_type)
    page = read_page(text, url) if is_html else None
    page_text = page.text if page else text
    article = clean_text(page_text, page.title if page else "")
    if not article.body.strip():
        raise ExtractionError("No article text found in the content.")
    published_at, source = _publication(page_text, text if is_html else None, published, page, url)
    return _result(article, published_at, source, actors, topics)


def _result(
    article: CleanArticle,
    published_at: datetime.datetime | None,
    source: str,
    actors: Iterable[ActorEntry],
    topics: Iterable[TopicEntry],
) -> ExtractionResult:
    body = article.body
    reference = published_at.date() if published_at else None
    spans = paragraphs(body)
    sentences = split_sentences(body)
    matcher = _actor_matcher(actors)
    matches = matcher.find(body, spans, reference)
    events = build_events(
        Article(
            body=body,
            sentences=sentences,
            expressions=find_temporal_expressions(body, reference),
            actors=matches,
            focus=matcher.focus(body, matches),
            topics=_topic_matcher(topics),
            published=reference,
            matcher=matcher,
            has_headline=article.has_headline,
            truncated=article.truncated,
        )
    )
    title = article.title
    if not title and sentences:
        title = headline(body[sentences[0].start : sentences[0].end])
    return ExtractionResult(
        body=body,
        title=title,
        published=published_at,
        published_source=source,
        language="en",
        events=events,
        version=EXTRACTOR_VERSION,
    )


def _decoded(content: str | bytes) -> str:
    if isinstance(content, bytes):
        if len(content) > MAX_CONTENT_BYTES:
            raise ExtractionError(_too_large(len(content)))
        content = decode_text(content)
    elif not isinstance(content, str):
        raise ExtractionError(f"Content must be str or bytes, not {type(content).__name__}.")
    elif (
        len(content) > MAX_CONTENT_BYTES
        or len(content.encode("utf-8", "replace")) > MAX_CONTENT_BYTES
    ):
        raise ExtractionError(_too_large(len(content.encode("utf-8", "replace"))))
    if not content.strip():
        raise ExtractionError("The content is empty.")
    return content


def _too_large(size: int) -> str:
    return f"The content is {size} bytes; the limit is {MAX_CONTENT_BYTES} bytes (2 MB)."


def _publication(
    text: str,
    html: str | None,
    published: datetime.date | datetime.datetime | None,
    page,
    url: str | None,
) -> tuple[datetime.datetime | None, str]:
    """Argument, then HTML metadata, then the text's own date line or wire dateline, then the
    address; never today's date. Read before the cleaner drops datelines as page furniture."""
    if published is not None:
        return publication.as_datetime(published), "argument"
    if page is not None and page.published is not None:
        return page.published, "html-meta"
    lines = [line.strip() for line in normalise(text).split("\n") if line.strip()]
    if html is not None:
        lines += [line.strip() for line in strip_tags(html).split("\n") if line.strip()][:40]
    found = publication.header_date(lines)
    if found is not None:
        return found.when, "dateline"
    wire = publication.wire_dateline_date(lines)
    if wire is not None:
        return wire, "dateline"
    found_url = publication.url_date(url)
    return (found_url, "url") if found_url else (None, "")


_MATCHER_CACHE_SIZE = 8
_actor_matchers: dict[tuple, ActorMatcher] = {}
_topic_matchers: dict[tuple, TopicMatcher] = {}
# The last vocabulary objects seen, by identity: a caller extracting many articles passes the same
# list every time, and hashing 800 actors costs more than extracting a short article.
_last_actors: list = [None, None]
_last_topics: list = [None, None]


def _actor_matcher(actors: Iterable[ActorEntry]) -> ActorMatcher:
    """The vocabulary rarely changes between calls; compiling it is the costly part. The same
    vocabulary object passed again is recognised at once, an equal one by its contents."""
    if actors is _last_actors[0]:
        return _last_actors[1]
    key = tuple(actors)
    if key not in _actor_matchers:
        if len(_actor_matchers) >= _MATCHER_CACHE_SIZE:
            _actor_matchers.clear()
        _actor_matchers[key] = ActorMatcher(key)
    if isinstance(actors, list | tuple):
        _last_actors[:] = [actors, _actor_matchers[key]]
    return _actor_matchers[key]


def _topic_matcher(topics: Iterable[TopicEntry]) -> TopicMatcher:
    if topics is _last_topics[0]:
        return _last_topics[1]
    key = tuple(topics)
    if key not in _topic_matchers:
        if len(_topic_matchers) >= _MATCHER_CACHE_SIZE:
            _topic_matchers.clear()
        _topic_matchers[key] = TopicMatcher(key)
    if isinstance(topics, list | tuple):
        _last_topics[:] = [topics, _topic_matchers[key]]
    return _topic_matchers[key]


def prepare(actors: Iterable[ActorEntry], topics: Iterable[TopicEntry]) -> None:
    """Compile the vocabulary now rather than on the first article: a process about to fork
    extraction workers then shares one compiled copy with all of them."""
    _actor_matcher(actors)
    _topic_matcher(topics)


def load_vocabulary(path: str | Path) -> tuple[list[ActorEntry], list[TopicEntry]]:
    """Read a vocabulary file shaped like timeline/data/vocabulary.json."""
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    actors = [
        ActorEntry(
            slug=item["slug"],
            name=item["name"],
            kind=item.get("kind", "other"),
            aliases=tuple(item.get("aliases", ())),
            offices=tuple(_office(office) for office in item.get("offices", ())),
            part_of=item.get("part_of") or None,
        )
        for item in data.get("actors", [])
    ]
    topics = [
        TopicEntry(slug=item["slug"], name=item["name"], keywords=tuple(item.get("keywords", ())))
        for item in data.get("topics", [])
    ]
    return actors, topics


def _office(item: dict) -> Office:
    return Office(
        role=Role(item["role"]),
        of=item["of"],
        start=datetime.date.fromisoformat(item["start"]) if item.get("start") else None,
        end=datetime.date.fromisoformat(item["end"]) if item.get("end") else None,
    )
