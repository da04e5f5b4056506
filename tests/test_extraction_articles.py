"""Acceptance tests from issue 3: the two sample articles, extracted end to end."""

import datetime
from pathlib import Path

import pytest

from timeline.extraction import Precision, extract
from timeline.vocabulary import starter_entries

ROOT = Path(__file__).resolve().parent.parent
ARTICLES = Path(__file__).parent / "fixtures" / "articles"
REZNIKOV = (ARTICLES / "reznikov-nato-integration-2022-10-01.txt").read_text(encoding="utf-8")
ZELENSKYY = (ARTICLES / "zelenskyy-joint-missile-defence-nato-neighbours.txt").read_text(
    encoding="utf-8"
)
ACTORS, TOPICS = starter_entries()


def _extract(text, **kwargs):
    return extract(text, actors=ACTORS, topics=TOPICS, **kwargs)


def _event_quoting(result, words):
    matching = [e for e in result.events if any(words in m.sentence for m in e.mentions)]
    assert matching, f"no event quotes {words!r}"
    return matching[0]


@pytest.fixture(scope="module")
def reznikov():
    return _extract(REZNIKOV)


@pytest.fixture(scope="module")
def zelenskyy():
    return _extract(ZELENSKYY)


@pytest.fixture(scope="module")
def zelenskyy_published():
    return _extract(ZELENSKYY, published=datetime.date(2024, 7, 20))


def test_reznikov_publication_date_comes_from_the_dateline(reznikov):
    assert reznikov.published == datetime.datetime(2022, 10, 1, 14, 41)
    assert reznikov.published_source == "dateline"


def test_reznikov_title_is_the_headline(reznikov):
    assert reznikov.title == (
        "Ukraine’s cooperation with NATO in defense already deeper than for some of Allies"
        " - Reznikov"
    )
    assert reznikov.body.startswith(reznikov.title)


def test_reznikov_stinger_request_is_dated_to_the_month(reznikov):
    event = _event_quoting(reznikov, "Stingers")
    assert (event.value, event.precision) == ("2021-11", Precision.MONTH)
    assert event.date == datetime.date(2021, 11, 1)
    assert "oleksii-reznikov" in event.actors
    assert "weapons-deliveries" in event.topics
    assert event.mentions[0].date_text == "11 months ago"


def test_reznikov_lead_is_dated_implicitly_to_publication_day(reznikov):
    event = _event_quoting(reznikov, "cooperating with NATO more deeply")
    assert event.date == datetime.date(2022, 10, 1)
    assert event.implicit_date is True
    assert {"oleksii-reznikov", "ukraine", "nato"} <= set(event.actors)
    assert event.title == reznikov.title


def test_reznikov_arsenal_today_is_an_explicit_publication_day_event(reznikov):
    event = _event_quoting(reznikov, "Today we have a large arsenal of Western weapons")
    assert event.date == datetime.date(2022, 10, 1)
    assert event.implicit_date is False
    assert event.mentions[0].date_text == "Today"


def test_reznikov_explicit_events_score_above_the_implicit_lead(reznikov):
    lead = _event_quoting(reznikov, "cooperating with NATO more deeply")
    arsenal = _event_quoting(reznikov, "large arsenal")
    assert lead.confidence < arsenal.confidence


@pytest.mark.parametrize("boilerplate", ["Photo: Facebook", "fbpx", "spelling error", "Ctrl+Enter"])
def test_reznikov_boilerplate_is_not_in_the_body(reznikov, boilerplate):
    assert boilerplate not in reznikov.body


def test_reznikov_no_we_is_dated_as_a_wednesday(reznikov):
    date_texts = [m.date_text for e in reznikov.events for m in e.mentions]
    assert all(text.lower() != "we" for text in date_texts)
    assert all(e.date is None or e.date.weekday() != 2 for e in reznikov.events)


def test_zelenskyy_title_is_the_headline(zelenskyy):
    assert zelenskyy.title == (
        "Joint defense against Russian missiles: Zelenskyy holds meeting with internationals on "
        "cooperation with NATO countries"
    )


def test_zelenskyy_without_publication_date_keeps_july_15_partial(zelenskyy):
    assert zelenskyy.published is None
    assert zelenskyy.published_source == ""
    event = _event_quoting(zelenskyy, "On July 15")
    assert event.value == "XXXX-07-15"
    assert event.date is None
    assert event.needs_date is True


def test_zelenskyy_lead_without_publication_date_needs_a_date(zelenskyy):
    event = _event_quoting(zelenskyy, "held a meeting with international experts")
    assert (event.value, event.date, event.needs_date) == ("XXXX-XX-XX", None, True)


def test_zelenskyy_with_publication_date_resolves_july_15(zelenskyy_published):
    assert zelenskyy_published.published_source == "argument"
    event = _event_quoting(zelenskyy_published, "On July 15")
    assert (event.date, event.precision) == (datetime.date(2024, 7, 15), Precision.DAY)
    assert event.needs_date is False


@pytest.mark.parametrize(
    "words",
    ["held a meeting with international experts", "Today we discussed our joint capabilities"],
)
def test_zelenskyy_meeting_and_today_are_publication_day(zelenskyy_published, words):
    assert _event_quoting(zelenskyy_published, words).date == datetime.date(2024, 7, 20)


def test_zelenskyy_actors_and_topics(zelenskyy_published):
    actors = {slug for event in zelenskyy_published.events for slug in event.actors}
    topics = {slug for event in zelenskyy_published.events for slug in event.topics}
    assert {
        "volodymyr-zelenskyy",
        "nato",
        "ukraine",
        "poland",
        "russia",
        "nato-ukraine-council",
    } <= actors
    assert {"air-defence", "diplomacy"} <= topics


def test_zelenskyy_spelled_zelensky_is_still_zelenskyy(zelenskyy_published):
    event = _event_quoting(zelenskyy_published, "Today we discussed")
    assert "volodymyr-zelenskyy" in event.actors


def test_zelenskyy_the_president_resolves_to_zelenskyy(zelenskyy_published):
    event = _event_quoting(zelenskyy_published, "The President instructed diplomats")
    assert event.actors[0] == "volodymyr-zelenskyy"
    assert "nato-ukraine-council" in event.actors


@pytest.mark.parametrize(
    "boilerplate",
    [
        "Elon Musk",
        "Grimes",
        "Angelina Jolie",
        "ARMA",
        "New Year",
        "89303",
        "переглядiв",
        "joint-defense-against-russian-missiles",
        "Addendum",
        "News by theme",
        "Popular",
    ],
)
def test_zelenskyy_boilerplate_is_not_in_the_body(zelenskyy, boilerplate):
    assert boilerplate not in zelenskyy.body


def test_mentions_slice_the_body(reznikov, zelenskyy_published):
    for result in (reznikov, zelenskyy_published):
        for event in result.events:
            for mention in event.mentions:
                assert result.body[mention.start : mention.end] == mention.sentence
                if mention.date_start is not None:
                    assert result.body[mention.date_start : mention.date_end] == mention.date_text
