"""Tags text with topics of the curated vocabulary by keyword: whole words or phrases, any case.

A keyword ending in `*` matches any word ending ("missile*" matches "missiles").
"""

import re
from collections.abc import Iterable

from .types import TopicEntry


class TopicMatcher:
    """Compiles one pattern per topic; `find` returns the topics found in a span of text."""

    def __init__(self, topics: Iterable[TopicEntry]):
        self._patterns = [
            (topic.slug, _topic_pattern(topic.keywords)) for topic in topics if topic.keywords
        ]

    def find(self, text: str, start: int = 0, end: int | None = None) -> list[str]:
        end = len(text) if end is None else end
        return [slug for slug, pattern in self._patterns if pattern.search(text, start, end)]


def _topic_pattern(keywords: Iterable[str]) -> re.Pattern:
    alternatives = sorted(
        (_keyword_pattern(k) for k in keywords if k.strip()), key=len, reverse=True
    )
    return re.compile(rf"(?<!\w)(?:{'|'.join(alternatives)})(?!\w)", re.IGNORECASE)


def _keyword_pattern(keyword: str) -> str:
    keyword = " ".join(keyword.split())
    stem = keyword.endswith("*")
    words = [re.escape(word) for word in keyword.rstrip("*").split(" ")]
    return r"\s+".join(words) + (r"\w*" if stem else "")
