"""Reading article sources (files, folders, JSON Lines) and extracting them in parallel.

Plain Python: worker processes run the extraction engine only and never touch the database; the
ingest command stores their results in batches.
"""

import concurrent.futures
import datetime
import json
import multiprocessing
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from .extraction import ActorEntry, ExtractionError, ExtractionResult, TopicEntry, extract, prepare
from .extraction.decoding import DecodingError, decode_text, strip_control_characters

ARTICLE_SUFFIXES = {".txt": "text/plain", ".html": "text/html", ".htm": "text/html"}
JSON_LINES_SUFFIXES = {".jsonl", ".ndjson"}


class SourceError(ValueError):
    """A path or record that cannot be read; the message names it."""


@dataclass(frozen=True)
class Source:
    """One article to ingest, with what its origin says about it."""

    label: str  # where it came from, for messages: a path, or path:line
    content: str
    content_type: str | None = None
    url: str = ""
    published: datetime.date | datetime.datetime | None = None
    publisher: str = ""


def parse_published(value: str | None) -> datetime.date | datetime.datetime | None:
    """``YYYY-MM-DD`` or an ISO date and time such as ``YYYY-MM-DDTHH:MM``."""
    if not value:
        return None
    try:
        if "T" in value or " " in value:
            return datetime.datetime.fromisoformat(value)
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise SourceError(f"{value!r} is not a date: use YYYY-MM-DD or YYYY-MM-DDTHH:MM.") from None


def article_paths(arguments: Iterable[str]) -> list[Path]:
    """Every article file named or found (recursively) in the named folders, all checked up
    front so that a typo stops the run before anything is written."""
    readable = ARTICLE_SUFFIXES.keys() | JSON_LINES_SUFFIXES
    paths: list[Path] = []
    for argument in arguments:
        path = Path(argument)
        if path.is_dir():
            found = sorted(
                p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in readable
            )
            if not found:
                raise SourceError(f"{path}: no .txt, .html or .jsonl articles in this folder.")
            paths.extend(found)
        elif path.is_file():
            paths.append(path)
        else:
            raise SourceError(f"{path}: no such file or folder.")
    return paths


def read_text(path: Path) -> str:
    """The file's text, decoded as every way in decodes it (timeline.extraction.decoding)."""
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise SourceError(f"{path}: cannot read it ({error.strerror or error}).") from error
    try:
        return decode_text(raw)
    except DecodingError as error:
        raise SourceError(f"{path}: not ingested: {error}") from error


def sources_from_path(path: Path) -> Iterator[Source | SourceError]:
    """The articles in one file: itself, or one per line of a JSON Lines file.

    A bad JSON line is yielded as an error so that the rest of the file still goes in.
    """
    if path.suffix.lower() not in JSON_LINES_SUFFIXES:
        yield Source(str(path), read_text(path), ARTICLE_SUFFIXES.get(path.suffix.lower()))
        return
    text = read_text(path)
    for number, line in enumerate(text.splitlines(), start=1):
        if line.strip():
            try:
                yield source_from_json(f"{path}:{number}", line)
            except SourceError as error:
                yield error


def source_from_json(label: str, line: str) -> Source:
    try:
        record = json.loads(line)
    except json.JSONDecodeError as error:
        raise SourceError(f"{label}: not JSON ({error.msg}).") from None
    if not isinstance(record, dict) or not isinstance(record.get("content"), str):
        raise SourceError(f"{label}: expected an object with a text field 'content'.")
    try:
        published = parse_published(record.get("published"))
    except SourceError as error:
        raise SourceError(f"{label}: published {error}") from None
    # Text that arrives as JSON strings is cleaned as decoded bytes are: "\u0000" in a record
    # is the NUL of a badly converted file.
    return Source(
        label,
        strip_control_characters(record["content"]),
        record.get("content_type"),
        url=str(record.get("url") or "").strip(),
        published=published,
        publisher=strip_control_characters(str(record.get("publisher") or "")).strip(),
    )


# The vocabulary each worker process extracts with, set once by its initializer.
_vocabulary: tuple[list[ActorEntry], list[TopicEntry]] = ([], [])


def _set_vocabulary(actors: list[ActorEntry], topics: list[TopicEntry]) -> None:
    global _vocabulary
    _vocabulary = (actors, topics)


def _extract(source: Source) -> ExtractionResult | ExtractionError:
    actors, topics = _vocabulary
    try:
        return extract(
            source.content,
            published=source.published,
            url=source.url or None,
            actors=actors,
            topics=topics,
            content_type=source.content_type,
        )
    except ExtractionError as error:
        return error


def extract_all(
    sources: Iterable[Source],
    actors: list[ActorEntry],
    topics: list[TopicEntry],
    *,
    jobs: int = 1,
) -> Iterator[tuple[Source, ExtractionResult | ExtractionError]]:
    """Extract every source, in order, in ``jobs`` worker processes (in this one for 1).

    With workers, the caller goes on with the results (storing them) while the workers extract
    the next ones. Where the platform can fork, the workers are forked from this process with
    the vocabulary already compiled, so they start at once; the caller must then hold no open
    database connection (a forked child would share it).
    """
    _set_vocabulary(actors, topics)
    if jobs <= 1:
        for source in sources:
            yield source, _extract(source)
        return
    if "fork" in multiprocessing.get_all_start_methods():
        prepare(actors, topics)
        context = multiprocessing.get_context("fork")
    else:
        context = multiprocessing.get_context("spawn")
    with concurrent.futures.ProcessPoolExecutor(
        jobs, mp_context=context, initializer=_set_vocabulary, initargs=(actors, topics)
    ) as pool:
        sources = list(sources)
        yield from zip(sources, pool.map(_extract, sources, chunksize=4), strict=True)
