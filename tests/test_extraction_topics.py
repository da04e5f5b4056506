"""Topic keywords: whole words and phrases in any case, `*` for any word ending."""

import pytest

from timeline.extraction import TopicEntry
from timeline.extraction.topics import TopicMatcher

MATCHER = TopicMatcher(
    [
        TopicEntry("air-defence", "Air defence", ("air defence", "missile*", "shoot down")),
        TopicEntry("weapons-deliveries", "Weapons", ("Stinger*", "arsenal")),
        TopicEntry("empty", "No keywords"),
    ]
)


@pytest.mark.parametrize(
    ("text", "topics"),
    [
        ("Russian missiles were shot", ["air-defence"]),
        ("to help shoot  down drones", ["air-defence"]),
        ("AIR DEFENCE systems", ["air-defence"]),
        ("provide Ukraine with Stingers and missiles", ["air-defence", "weapons-deliveries"]),
        ("an arsenals list", []),
        ("antimissile", []),
        ("nothing here", []),
    ],
)
def test_keywords_tag_text(text, topics):
    assert MATCHER.find(text) == topics


def test_find_limits_to_a_span():
    text = "missiles. Then an arsenal."
    assert MATCHER.find(text, 10, len(text)) == ["weapons-deliveries"]
