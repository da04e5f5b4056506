"""Tags text with topics of the curated vocabulary by keyword: whole words or phrases, any case.

A keyword ending in `*` matches any word ending ("missile*" matches "missiles").
"""

import re
from collections.abc import Iterable

from .types import TopicEntry


class TopicMatcher:
    """Compiles one pattern per topic and one for all keywords; `find` returns the topics found in a
    span of text."""

    def __init__(self, topics: Iterable[TopicEntry]):
        topics = [topic for topic in topics if any(k.strip() for k in topic.keywords)]
        self._patterns = [(topic.slug, _topic_pattern(topic.keywords)) for topic in topics]
        keywords = {keyword for topic in topics for keyword in topic.keywords}
        self._any = _topic_pattern(keywords) if topics else None

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


def _topic_pattern(keywords: Iterable[str]) -> re.Pattern:
    """The keywords longest first, grouped by first letter behind a lookahead on those letters: re
    then skips most positions at once and tries each group at most once, not every keyword."""
    groups: dict[str, list[str]] = {}
    for keyword in sorted(
        (" ".join(k.split()) for k in keywords if k.strip()),
        key=lambda k: len(_keyword_pattern(k)),
        reverse=True,
    ):
        groups.setdefault(keyword[0].lower(), []).append(_keyword_pattern(keyword))
    first = re.escape("".join(groups))
    body = "|".join(f"(?:{'|'.join(group)})" for group in groups.values())
    return re.compile(rf"(?<!\w)(?=[{first}])(?:{body})(?!\w)", re.IGNORECASE)


def _keyword_pattern(keyword: str) -> str:
    stem = keyword.endswith("*")
    words = [re.escape(word) for word in keyword.rstrip("*").split(" ")]
    return r"\s+".join(words) + (r"\w*" if stem else "")
