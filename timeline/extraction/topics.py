"""Tags text with topics of the curated vocabulary by keyword: whole words or phrases, any case.

A keyword ending in `*` matches any word ending ("missile*" matches "missiles").
"""

import bisect
import re
from collections.abc import Iterable

from .patterns import STEM, trie_pattern
from .types import TopicEntry


class TopicMatcher:
    """Compiles one pattern per topic and one for all keywords; `find` returns the topics found in a
    span of text."""

    def __init__(self, topics: Iterable[TopicEntry]):
        topics = [topic for topic in topics if any(k.strip() for k in topic.keywords)]
        self._patterns = [(topic.slug, _topic_pattern(topic.keywords)) for topic in topics]
        keywords = {keyword for topic in topics for keyword in topic.keywords}
        self._any = _topic_pattern(keywords) if topics else None
        exact: dict[str, set[str]] = {}
        stems: dict[str, list[tuple[str, frozenset[str]]]] = {}
        for topic in topics:
            for keyword in topic.keywords:
                phrase = " ".join(keyword.rstrip("*").split()).lower()
                if keyword.endswith("*"):
                    stems.setdefault(phrase[:2], []).append((phrase, frozenset({topic.slug})))
                elif phrase:
                    exact.setdefault(phrase, set()).add(topic.slug)
        self._exact = {phrase: frozenset(slugs) for phrase, slugs in exact.items()}
        self._stems = stems

    def find(self, text: str, start: int = 0, end: int | None = None) -> list[str]:
        """The topics with a keyword in text[start:end], in vocabulary order.

        One scan for any keyword finds where keywords start; only there is each topic's own pattern
        tried. That costs one scan per span instead of one per topic, with the same result.
        """
        end = len(text) if end is None else end
        found: set[str] = set()
        position = start
        while self._any is not None and len(found) < len(self._patterns):
            hit = self._any.search(text, position, end)
            if hit is None:
                break
            for slug, pattern in self._patterns:
                if slug not in found and pattern.match(text, hit.start(), end):
                    found.add(slug)
            position = hit.start() + 1
        return [slug for slug, _ in self._patterns if slug in found]

    def index(self, text: str) -> "TopicIndex":
        """Every keyword hit of `text` with its topics, found in one scan: spans are then
        looked up without scanning again (an article's sentences and paragraphs overlap)."""
        hits: list[tuple[int, frozenset[str]]] = []
        if self._any is not None:
            for hit in self._any.finditer(text):
                slugs = self._topics_of(" ".join(hit.group().lower().split()))
                if slugs:
                    hits.append((hit.start(), slugs))
        return TopicIndex(hits, [slug for slug, _ in self._patterns])

    def _topics_of(self, found: str) -> frozenset[str]:
        """The topics of a keyword hit: of the keyword found, and of any shorter keyword or stem
        it starts with ("missile defence" is also "missile*")."""
        words = found.split(" ")
        slugs: set[str] = set()
        for length in range(1, len(words) + 1):
            slugs |= self._exact.get(" ".join(words[:length]), frozenset())
        for stem, stem_slugs in self._stems.get(found[:2], ()):
            if found.startswith(stem):
                slugs |= stem_slugs
        return frozenset(slugs)


class TopicIndex:
    """The topics of any span of one text, from its keyword hits."""

    def __init__(self, hits: list[tuple[int, frozenset[str]]], order: list[str]):
        self._starts = [start for start, _ in hits]
        self._hits = hits
        self._order = order

    def between(self, start: int, end: int) -> list[str]:
        """The topics with a keyword starting in text[start:end], in vocabulary order."""
        found: set[str] = set()
        for index in range(bisect.bisect_left(self._starts, start), len(self._starts)):
            position, slugs = self._hits[index]
            if position >= end:
                break
            found |= slugs
        return [slug for slug in self._order if slug in found]


def _topic_pattern(keywords: Iterable[str]) -> re.Pattern:
    """All `keywords` as one prefix tree, any case, whole words only."""
    words = {
        " ".join(keyword.rstrip("*").split()).lower() + (STEM if keyword.endswith("*") else "")
        for keyword in keywords
        if keyword.strip(" *")
    }
    return re.compile(rf"(?<!\w)(?:{trie_pattern(sorted(words))})(?!\w)", re.IGNORECASE)
