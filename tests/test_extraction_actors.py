"""Actor matching: alias case and possessives, longest match, context, titles, speakers."""

import datetime

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


def test_a_surname_after_the_full_name_is_that_person():
    text = (
        "US Defense Secretary Lloyd Austin arrived in Kyiv.\n\n"
        "Secretary Austin met soldiers, and Austin's aides said more aid would come."
    )
    surnames = [(t, slug) for t, slug in _matched(text) if t == "Austin"]
    assert surnames == [("Austin", "lloyd-austin"), ("Austin", "lloyd-austin")]


def test_a_surname_is_nobody_before_the_full_name_or_after_another_first_name():
    assert ("Austin", "lloyd-austin") not in _matched("Austin spoke. Then Lloyd Austin left.")
    text = "Lloyd Austin met Tom Austin, who runs a bakery."
    assert _slugs(text) == ["lloyd-austin"]


def test_empty_vocabulary_matches_nothing():
    assert ActorMatcher([]).find("Zelenskyy", [(0, 9)]) == []


# Issue 9: a vocabulary that covers the field, titles that point to office-holders, bodies that
# belong to states, the press that is not the state, one linear pass.

DAY_2024 = datetime.date(2024, 5, 6)


def _on(text, day=DAY_2024):
    return [(text[m.start : m.end], m.slug) for m in MATCHER.find(text, paragraphs(text), day)]


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("Danish officials arrived", "denmark"),
        ("Poles voted", "poland"),
        ("Nato allies", "nato"),
        ("Berlin agreed", "germany"),
        ("Rheinmetall will build a plant", "rheinmetall"),
        ("the Ramstein format meeting", "ukraine-defense-contact-group"),
        ("Kosiniak-Kamysz said", "wladyslaw-kosiniak-kamysz"),
    ],
)
def test_the_field_is_in_the_vocabulary(text, slug):
    assert slug in _slugs(text)


@pytest.mark.parametrize(
    ("text", "holder"),
    [
        ("Germany's defence minister arrived", "boris-pistorius"),
        ("the Dutch prime minister said", "mark-rutte"),
        ("NATO chief spoke", "jens-stoltenberg"),
        ("the President of Ukraine said", "volodymyr-zelenskyy"),
    ],
)
def test_a_title_is_whoever_held_the_office_on_the_day(text, holder):
    assert holder in [slug for _, slug in _on(text)]


def test_a_title_before_a_name_is_that_person_whatever_the_day():
    text = "Ukrainian Foreign Minister Pavlo Klimkin said"
    assert [slug for _, slug in _on(text)] == ["ukraine", "pavlo-klimkin"]


def test_a_counterpart_holds_the_same_post_in_the_other_state():
    text = "Poland's defence minister and his German counterpart met."
    assert {"wladyslaw-kosiniak-kamysz", "boris-pistorius"} <= {slug for _, slug in _on(text)}


def test_offices_are_not_guessed_without_a_publication_date():
    assert "boris-pistorius" not in _slugs("Germany's defence minister arrived")


def test_a_body_implies_its_state_and_an_office_holder_his():
    assert MATCHER.implied(["united-states-department-of-defense"]) == ["united-states"]
    assert "netherlands" in MATCHER.implied(["mark-rutte"], datetime.date(2020, 1, 1))
    assert "nato" in MATCHER.implied(["mark-rutte"], datetime.date(2025, 1, 1))


@pytest.mark.parametrize(
    ("text", "absent"),
    [
        ("British news agency Reuters reported", "united-kingdom"),
        ("according to The Washington Post", "united-states"),
        ("the Kyiv Independent wrote", "ukraine"),
        ("Russian state media said", "russia"),
    ],
)
def test_the_press_named_after_a_place_is_not_the_state(text, absent):
    assert absent not in _slugs(text)


def test_the_senate_counts_only_where_the_united_states_is_named():
    assert "united-states-senate" in _slugs("The U.S. sent aid. The Senate voted.")
    assert "united-states-senate" not in _slugs("The Senate voted.")
    assert _slugs("They stayed in the house.") == []


def test_an_alias_never_runs_across_lines():
    assert "united-states-senate" not in _slugs("It was the U.S.\n\nSenate elections came.")


def test_matching_thousands_of_aliases_is_one_pass():
    # The starter vocabulary alone has well over a thousand aliases.
    assert sum(1 + len(actor.aliases) for actor in ACTORS) > 1500
    text = "Germany and Poland. " * 5000
    assert len(MATCHER.find(text, paragraphs(text))) == 10000
