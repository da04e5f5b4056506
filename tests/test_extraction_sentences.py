"""The sentence splitter: abbreviations, initials, quotes, offsets."""

import pytest

from timeline.extraction.sentences import split_sentences


def _texts(body):
    return [body[s.start : s.end] for s in split_sentences(body)]


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("One here. Two there.", ["One here.", "Two there."]),
        (
            "Gen. Zaluzhnyi spoke. Then Mr. Smith left.",
            ["Gen. Zaluzhnyi spoke.", "Then Mr. Smith left."],
        ),
        ("The U.S. Army arrived. It stayed.", ["The U.S. Army arrived.", "It stayed."]),
        ("J. Smith said so. Fine.", ["J. Smith said so.", "Fine."]),
        ('"It is over." Then he left.', ['"It is over."', "Then he left."]),
        (
            "Now it changed. 11 months ago it was not.",
            ["Now it changed.", "11 months ago it was not."],
        ),
        ("Press Ctrl+Enter. Thanks!", ["Press Ctrl+Enter.", "Thanks!"]),
        ("It cost 2.5 billion. Done.", ["It cost 2.5 billion.", "Done."]),
        ("Headline\n\nFirst paragraph.", ["Headline", "First paragraph."]),
    ],
)
def test_split(body, expected):
    assert _texts(body) == expected


def test_paragraph_indexes():
    sentences = split_sentences("Headline\n\nOne. Two.\n\nThree.")
    assert [s.paragraph for s in sentences] == [0, 1, 1, 2]
