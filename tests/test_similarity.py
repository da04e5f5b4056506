"""Wording alike enough to suggest a duplicate: measured on pairs of reports written for it
(tests/fixtures/duplicate_pairs.json): the same act retold by another outlet, a different act of
the same actors on the same day, an unrelated act of that day."""

import datetime
import json
from functools import cache

import pytest

from tests.conftest import FIXTURES
from timeline.extraction import extract
from timeline.similarity import THRESHOLD, Names, act_words, score, similar
from timeline.vocabulary import starter_entries

PAIRS = json.loads((FIXTURES / "duplicate_pairs.json").read_text(encoding="utf-8"))


@cache
def vocabulary():
    actors, topics = starter_entries()
    return actors, topics, {actor.slug: actor for actor in actors}


def as_stored(lines: list[str]) -> str:
    """The report's act words as ingest compares them: the extractor's actors taken out."""
    actors, topics, by_slug = vocabulary()
    text = "\n\n".join(lines)
    result = extract(text, published=datetime.date(2024, 5, 14), actors=actors, topics=topics)
    slugs = {slug for event in result.events for slug in event.actors}
    names = [name for slug in slugs for name in (by_slug[slug].name, *by_slug[slug].aliases)]
    return act_words(" ".join(lines), Names(names))


@pytest.mark.parametrize(
    "pair", PAIRS, ids=[f"{pair['kind']}-{pair['a'][0][:30]}" for pair in PAIRS]
)
def test_retellings_score_above_the_threshold_and_other_acts_below(pair):
    result = score(as_stored(pair["a"]), as_stored(pair["b"]))
    suggested = result >= THRESHOLD
    if pair.get("known_miss"):
        assert suggested is (pair["kind"] != "retelling"), pair["known_miss"]
    else:
        assert suggested is (pair["kind"] == "retelling"), f"{result} against {THRESHOLD}"


def test_the_pairs_file_has_few_known_misses():
    kinds = {kind: [p for p in PAIRS if p["kind"] == kind] for kind in {p["kind"] for p in PAIRS}}
    assert len(kinds["retelling"]) >= 12 and len(kinds["different"]) >= 12
    assert sum(1 for p in PAIRS if p.get("known_miss")) <= 2
    assert not any(p.get("known_miss") for p in kinds["unrelated"])


def test_unrelated_acts_of_one_day_score_far_below():
    """Pairs that the old comparison showed at 56–64 % stay out of sight."""
    scores = [
        score(as_stored(p["a"]), as_stored(p["b"])) for p in PAIRS if p["kind"] == "unrelated"
    ]
    assert max(scores) < THRESHOLD - 10


def test_names_and_time_words_are_not_the_act():
    names = Names(["Poland", "Warsaw", "United States", "Washington"])
    assert act_words("On Tuesday Warsaw signed a deal with Washington, officials said.", names) == (
        "signe deal"
    )
    assert act_words("Poland's minister said on 14 May 2024 that it bought 48 jets", names) == (
        "bough 48 jets"
    )


def test_similar_keeps_only_choices_above_the_threshold_by_their_index():
    choices = ["signe contr buy patri batte", "held talks air", "signe agree patri batte four"]
    found = similar("signe patri deal batte four", choices)
    assert set(found) == {0, 2}
    assert all(value >= THRESHOLD for value in found.values())
    assert similar("", choices) == {} and similar("signe", []) == {}
