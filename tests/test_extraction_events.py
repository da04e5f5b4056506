"""What the extractor proposes from real-looking news: one proposal per happening, dated by its
own words or its context, never from furniture, opinion or background. Sentences are our own."""

import datetime

import pytest

from timeline.extraction import Precision, extract
from timeline.vocabulary import starter_entries

ACTORS, TOPICS = starter_entries()
PUBLISHED = datetime.date(2024, 4, 17)  # a Wednesday


def _events(text, published=PUBLISHED, **kwargs):
    return extract(text, actors=ACTORS, topics=TOPICS, published=published, **kwargs).events


def _quoting(events, words):
    found = [e for e in events if any(words in m.sentence for m in e.mentions)]
    assert found, f"no event quotes {words!r}"
    return found


def _one(events, words):
    found = _quoting(events, words)
    assert len(found) == 1, found
    return found[0]


def test_a_sentence_with_its_own_date_is_not_also_a_publication_day_event():
    events = _events(
        "Allies agree on air defence\n\n"
        "Poland and Ukraine last night (16 April) reached an agreement on air defence."
    )
    event = _one(events, "reached an agreement")
    assert (event.date, event.implicit_date) == (datetime.date(2024, 4, 16), False)


@pytest.mark.parametrize(
    ("sentence", "start", "end"),
    [
        (
            "The joint exercise of Poland and Lithuania began on 9 June and will run through "
            "20 June.",
            datetime.date(2024, 6, 9),
            datetime.date(2024, 6, 20),
        ),
        (
            "NATO leaders will hold their summit in Washington on 9–11 July.",
            datetime.date(2024, 7, 9),
            datetime.date(2024, 7, 11),
        ),
    ],
)
def test_a_range_is_one_event_with_an_end(sentence, start, end):
    published = datetime.date(2024, 6, 12)
    event = _one(_events(f"Headline about allies\n\n{sentence}", published), sentence[:30])
    assert (event.date, event.date_end) == (start, end)


def test_headline_and_lead_are_one_event_with_two_mentions():
    events = _events(
        "Germany pledges IRIS-T systems to Ukraine\n\n"
        "Germany has pledged two more IRIS-T air defence systems to Ukraine, its defence "
        "ministry said.\n\n"
        "Other allies are expected to follow."
    )
    assert len(events) == 1
    assert len(events[0].mentions) == 2
    assert events[0].title == "Germany pledges IRIS-T systems to Ukraine"


def test_an_undated_act_by_actors_on_a_topic_is_a_publication_day_event():
    event = _one(
        _events(
            "Ministers meet\n\nThe talks were long.\n\n"
            "Lloyd Austin said Washington would provide an additional $500 million in "
            "military aid to Ukraine."
        ),
        "provide an additional",
    )
    assert (event.date, event.implicit_date) == (PUBLISHED, True)
    assert {"united-states", "ukraine", "lloyd-austin"} <= set(event.actors)


def test_an_undated_act_takes_the_date_named_earlier_in_its_paragraph():
    events = _events(
        "Ministers meet\n\nDefence ministers of NATO met in Brussels on 14 February. "
        "Norway pledged new air defence systems for Ukraine."
    )
    event = _one(events, "Norway pledged")
    assert (event.date, event.implicit_date) == (datetime.date(2024, 2, 14), False)


def test_what_is_under_way_after_an_event_still_to_come_tells_more_of_it():
    events = _events(
        "Export rules\n\nThe Norwegian government is expected to approve the sale of air "
        "defence missiles on Friday. Norway is considering sending missiles to Poland, which would "
        "pass its own stocks on to Ukraine."
    )
    event = _one(events, "Norway is considering")
    assert event.date == datetime.date(2024, 4, 19)
    assert any("expected to approve" in m.sentence for m in event.mentions)
    assert {"norway", "poland", "ukraine"} <= set(event.actors)


def test_what_was_done_after_an_event_still_to_come_is_its_own_event():
    events = _events(
        "Export rules\n\nThe Norwegian government is expected to approve the sale of air "
        "defence missiles on Friday. Norway delivered two launchers to Ukraine."
    )
    assert _one(events, "Norway delivered") is not _one(events, "expected to approve")


def test_a_headline_announcing_a_plan_is_the_body_event_still_to_come():
    events = _events(
        "Poland to buy Patriot missiles from Norway\n\n"
        "Norway has long produced air defence missiles under licence.\n\n"
        "Its factory expanded last year, the company said.\n\n"
        "Demand for them has grown since the war began.\n\n"
        "The Norwegian government is expected to approve the sale of Patriot missiles to "
        "Poland on Friday, officials said."
    )
    event = _one(events, "Poland to buy Patriot missiles")
    assert event.date == datetime.date(2024, 4, 19)
    assert any("expected to approve" in m.sentence for m in event.mentions)


def test_an_act_counted_from_an_earlier_date_is_dated_from_it():
    events = _events(
        "Talks\n\nDefence ministers of NATO met in Brussels on 14 February. Two days later, "
        "Norway delivered air defence systems to Ukraine."
    )
    assert _one(events, "Norway delivered").date == datetime.date(2024, 2, 16)


def test_an_undated_act_without_publication_date_needs_a_date():
    event = _one(
        _events("Ministers meet\n\nNorway pledged new air defence systems for Ukraine.", None),
        "Norway pledged",
    )
    assert (event.date, event.needs_date) == (None, True)


@pytest.mark.parametrize(
    "sentence",
    [
        "Ukraine has signalled it is ready to talk about air defence with Poland.",
        "Russian aggression could prompt more NATO states to send air defence to Ukraine.",
        "Japan manufactures Patriot missiles under a licence.",
        "Tokyo has not provided a schedule for the Patriot missiles.",
        "Poland has long supported Ukraine with weapons.",
        "Poland had previously urged NATO to send more weapons to Ukraine.",
    ],
)
def test_opinion_background_and_generic_sentences_propose_nothing(sentence):
    assert _events(f"Headline\n\nThe day was calm.\n\n{sentence}") == []


def test_an_appeal_is_words_an_event_only_when_dated():
    undated = "Headline\n\nThe weather was mild.\n\n"
    assert not _events(undated + "Zelenskyy urged allies to send more air defence to Ukraine.")
    assert not _events(undated + "Zelenskyy called on Poland to send more air defence systems.")
    dated = _one(
        _events(undated + "On Monday Zelenskyy called on Poland to send more air defence systems."),
        "called on Poland",
    )
    assert dated.date == datetime.date(2024, 4, 15)
    call = _one(
        _events(undated + "Zelenskyy called Macron to discuss air defence for Ukraine."),
        "called Macron",
    )
    assert call.implicit_date
    assert not _events(undated + 'Zelenskyy called the deal "a milestone for air defence".')
    assert not _events(undated + "Zelenskyy called it a historic day for air defence in Ukraine.")


@pytest.mark.parametrize(
    "furniture",
    [
        "Olena Petrenko15:25, 01/29/24",
        "11:15 11.04.2025",
        "Read also: Poland sends tanks to Ukraine on 2 March",
        "Support Us",
        "English Section",
        "Poland sends tanks to Ukraine, March 2024 (photo: Getty Images)",
        "Poland and Ukraine: what comes next?",
        "Ukraine-Russia war latest: Poland joins the drone coalition",
    ],
)
def test_page_furniture_is_never_an_event(furniture):
    text = f"Quiet day in Warsaw\n\n{furniture}\n\nThe weather was mild in Warsaw."
    assert _events(text) == []


def test_the_cut_off_last_sentence_of_a_truncated_page_is_not_an_event():
    text = (
        "Tanks for Ukraine\n\nThe weather was mild in Warsaw on Monday.\n\n"
        "Poland agreed on Tuesday to send ten more tanks to Ukraine and its defence minister said "
        "the first would arrive in"
    )
    assert _events(text) == []


def test_a_deadline_is_the_target_of_a_plan_and_its_date():
    event = _one(
        _events(
            "Shells for Ukraine\n\nThe weather was mild.\n\n"
            "The Czech Republic aims to deliver the first 50,000 shells to Ukraine by June."
        ),
        "aims to deliver",
    )
    assert (event.date, event.precision) == (datetime.date(2024, 6, 1), Precision.MONTH)
    assert (event.target_date, event.target_precision) == (datetime.date(2024, 6, 1), "month")


def test_a_commitment_with_a_deadline_is_dated_when_made():
    event = _one(
        _events(
            "Spending pledge\n\nThe weather was mild.\n\n"
            "Poland pledged on Monday to spend 5% of its GDP on defence by 2035, NATO said."
        ),
        "pledged on Monday",
    )
    assert event.date == datetime.date(2024, 4, 15)
    assert event.target_date == datetime.date(2035, 1, 1)


def test_quoted_speech_is_an_event_only_when_it_dates_what_it_says():
    events = _events(
        'Headline\n\nThe weather was mild.\n\n"We will send more shells to Ukraine," '
        "the Polish minister said.\n\n"
        '"Today we signed the agreement with Ukraine on air defence," the Polish minister said.'
    )
    assert not [e for e in events if "send more shells" in e.mentions[0].sentence]
    event = _one(events, "Today we signed")
    assert event.date == PUBLISHED


def test_a_title_points_to_whoever_held_the_office_on_the_day():
    event = _one(
        _events("Headline\n\nGermany's defence minister visited Kyiv on Monday to discuss drones."),
        "visited Kyiv",
    )
    assert "boris-pistorius" in event.actors


def test_a_body_acts_for_its_state():
    event = _one(
        _events("Headline\n\nThe Pentagon announced a new package for Ukraine on Tuesday."),
        "announced a new package",
    )
    assert {"united-states", "ukraine"} <= set(event.actors)


def test_the_press_named_after_a_state_is_not_the_state_acting():
    event = _one(
        _events(
            "Headline\n\nPoland sent tanks to Ukraine on Monday, British news agency Reuters "
            "reported, citing The Washington Post."
        ),
        "sent tanks",
    )
    assert "united-kingdom" not in event.actors
    assert "united-states" not in event.actors


def test_unknown_acting_names_are_candidate_actors():
    event = _one(
        _events(
            "Headline\n\nThe weather was mild.\n\n"
            "Defence Minister Jarno Virtanen signed a deal with Ukraine on drones on Monday."
        ),
        "signed a deal",
    )
    assert event.candidate_actors == ["Jarno Virtanen"]


def test_a_candidate_called_by_surname_is_offered_by_the_full_name_given_earlier():
    event = _one(
        _events(
            "Headline\n\nThe weather was mild, said spokesman Jarno Virtanen.\n\n"
            "Virtanen signed a deal with Ukraine on drones on Monday."
        ),
        "Virtanen signed",
    )
    assert event.candidate_actors == ["Jarno Virtanen"]


@pytest.mark.parametrize(
    "sentence",
    [
        "Volunteers delivered drones to Ukraine on Monday, and the volunteers went home.",
        "The F16s were delivered to Ukraine on Monday.",
    ],
)
def test_ordinary_words_and_equipment_are_not_candidate_actors(sentence):
    events = _events(f"Headline\n\nThe weather was mild.\n\n{sentence}")
    assert all(not event.candidate_actors for event in events), events


def test_titles_are_concise_headlines():
    event = _one(
        _events(
            "Headline\n\nThe weather was mild.\n\n"
            "On Monday, Poland and Ukraine signed an agreement on the joint production of "
            "155mm artillery shells at a new plant in the Lublin region, which will open next "
            "year, the Polish defence ministry said in a statement."
        ),
        "signed an agreement",
    )
    assert event.title.startswith("Poland and Ukraine signed an agreement")
    assert len(event.title) <= 110
    assert "said" not in event.title
    assert not event.title.startswith(("On Monday", '"'))
