"""Actor matching: alias case and possessives, longest match, context, titles, speakers."""

import pytest

from timeline.extraction.actors import ActorMatcher
from timeline.extraction.sentences import paragraphs
from timeline.vocabulary import starter_entries

ACTORS, _ = starter_entries()
MATCHER = ActorMatcher(ACTORS)


def _slugs(text):
    return [match.slug for match in MATCHER.find(text, paragraphs(text))]


def _matched(text):
    return [
        (text[match.start : match.end], match.slug)
        for match in MATCHER.find(text, paragraphs(text))
    ]


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("Zelenskyy's address", "volodymyr-zelenskyy"),
        ("Zelensky said", "volodymyr-zelenskyy"),
        ("Ukraine’s cooperation", "ukraine"),
        ("Ukrainian troops", "ukraine"),
        ("the US and its allies", "united-states"),
        ("Oleksiy Reznikov", "oleksii-reznikov"),
    ],
)
def test_alias_forms_match_the_actor(text, slug):
    assert _slugs(text) == [slug]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Volodymyr Zelenskyy spoke", [("Volodymyr Zelenskyy", "volodymyr-zelenskyy")]),
        ("within the NATO-Ukraine Council", [("NATO-Ukraine Council", "nato-ukraine-council")]),
        (
            "the Ministry of Defense of Ukraine said",
            [("Ministry of Defense of Ukraine", "ministry-of-defence-of-ukraine")],
        ),
    ],
)
def test_longest_alias_wins(text, expected):
    assert _matched(text) == expected


@pytest.mark.parametrize("text", ["tell us more", "polish the boots", "a nato summit"])
def test_case_rules_avoid_common_words(text):
    assert _slugs(text) == []


def test_the_alliance_is_nato_only_when_nato_is_named():
    assert _slugs("Members of the Alliance met.") == []
    assert _slugs("NATO said that the Alliance will grow.") == ["nato", "nato"]


def test_the_president_resolves_to_the_person_titled_earlier():
    text = "President of Ukraine Volodymyr Zelenskyy met them.\n\nThe President emphasized unity."
    assert _matched(text)[-1] == ("The President", "volodymyr-zelenskyy")


def test_the_minister_resolves_to_the_person_titled_earlier():
    text = (
        "Ukrainian Defense Minister Oleksii Reznikov spoke.\n\nAccording to the minister, it works."
    )
    assert _matched(text)[-1] == ("the minister", "oleksii-reznikov")


def test_a_title_without_a_person_before_it_is_not_an_actor():
    assert _slugs("The President emphasized unity.") == []


def test_title_before_another_name_is_not_an_anaphor():
    text = "President Volodymyr Zelenskyy met the President of Poland Andrzej Duda."
    assert _slugs(text) == ["volodymyr-zelenskyy", "poland", "andrzej-duda"]


def test_first_person_in_a_quote_is_the_speaker():
    text = '"Today we have weapons. When I asked for Stingers, nobody listened," Reznikov stressed.'
    matches = MATCHER.find(text, paragraphs(text))
    speaker = [(text[m.start : m.end], m.slug) for m in matches if m.via == "speaker"]
    assert ("I", "oleksii-reznikov") in speaker
    assert ("we", "oleksii-reznikov") in speaker


def test_first_person_outside_quotes_is_not_attributed():
    text = "Reznikov said that we need more air defence."
    assert _slugs(text) == ["oleksii-reznikov"]


def test_empty_vocabulary_matches_nothing():
    assert ActorMatcher([]).find("Zelenskyy", [(0, 9)]) == []
