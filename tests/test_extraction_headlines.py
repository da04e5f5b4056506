"""Concise headlines cut from the sentence that reports an event (sentences are our own)."""

import pytest

from timeline.extraction.headlines import LIMIT, headline


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (
            "Poland and Ukraine will build a shell factory together, Polish Defence Minister "
            "Jan Nowak said on Tuesday.",
            "Poland and Ukraine will build a shell factory together",
        ),
        (
            "On 12 March, Lithuania delivered twenty armoured vehicles to Ukraine's army.",
            "Lithuania delivered twenty armoured vehicles to Ukraine's army",
        ),
        (
            "Previously, on August 2, Norway, Denmark and Sweden had agreed to fund the new "
            "training centre.",
            "Norway, Denmark and Sweden had agreed to fund the new training centre",
        ),
        (
            "According to the ministry, Latvia has sent two more radar systems to Ukraine.",
            "Latvia has sent two more radar systems to Ukraine",
        ),
        (
            '"We will send the jets in spring," the Dutch prime minister said.',
            "We will send the jets in spring",
        ),
    ],
)
def test_headline_drops_time_phrases_attribution_and_quotes(sentence, expected):
    assert headline(sentence) == expected


def test_a_long_sentence_is_cut_at_a_clause_boundary():
    sentence = (
        "Germany has agreed to deliver four more IRIS-T air defence systems to Ukraine this year, "
        "which officials in Kyiv hope will protect the power grid from the winter attacks that "
        "hit it hard last year."
    )
    title = headline(sentence)
    assert title == (
        "Germany has agreed to deliver four more IRIS-T air defence systems to Ukraine this year"
    )
    assert len(title) <= LIMIT


def test_without_a_boundary_a_long_sentence_is_cut_at_a_word_with_an_ellipsis():
    sentence = " ".join(["Ukraine received ammunition from partners"] * 6) + "."
    title = headline(sentence)
    assert len(title) <= LIMIT
    assert title.endswith("…")
    assert not title[:-1].endswith(" ")


def test_a_short_sentence_keeps_its_words():
    assert headline("Estonia joins the drone coalition.") == "Estonia joins the drone coalition"
