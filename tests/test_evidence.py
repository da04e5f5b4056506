"""How evidence reads: quotes without stray quotation marks, sources counted by article, and a
title that only repeats its quote shown once."""

import pytest

from tests.factories import ArticleFactory, EventFactory
from timeline import evidence
from timeline.models import Mention

pytestmark = pytest.mark.django_db


def mention(sentence: str, expression: str = "") -> Mention:
    offset = sentence.find(expression) if expression else -1
    return Mention(
        sentence=sentence,
        start=100,
        end=100 + len(sentence),
        expression=expression,
        expression_start=100 + offset if offset >= 0 else None,
        expression_end=100 + offset + len(expression) if offset >= 0 else None,
    )


@pytest.mark.parametrize(
    ("sentence", "shown"),
    [
        ('"Today we agreed on air defence.', "Today we agreed on air defence."),
        ("“Today we agreed on air defence.", "Today we agreed on air defence."),
        ("Today we agreed on air defence.”", "Today we agreed on air defence."),
        ('"Today", he said, "we agreed."', '"Today", he said, "we agreed."'),
        ("“Today we agreed,” he said.", "“Today we agreed,” he said."),
        ('He said "today" we agreed.', 'He said "today" we agreed.'),
    ],
)
def test_a_quote_loses_only_an_unmatched_quotation_mark(sentence, shown):
    assert evidence.quote_text(mention(sentence)) == shown


def test_the_highlight_survives_the_trimmed_quotation_mark():
    quoted = mention('"On 15 July we met NATO.', expression="On 15 July")
    assert str(evidence.highlighted(quoted)) == "<mark>On 15 July</mark> we met NATO."
    assert str(evidence.highlighted(None)) == "—"


@pytest.mark.parametrize(
    ("title", "repeats"),
    [
        ("Today we agreed on air defence with Poland.", True),
        ("today we agreed on air defence with Poland", True),
        ("Today we agreed on air…", True),
        ("Zelenskyy agrees air defence with Poland", False),
        ("Today we agreed on something else…", False),
    ],
)
def test_a_title_repeats_its_quote_when_equal_or_a_cut_beginning(title, repeats):
    quoted = mention('"Today we agreed on air defence with Poland.')
    assert evidence.repeats_quote(title, quoted) is repeats


def test_two_sentences_of_one_article_are_one_source():
    article = ArticleFactory(body="Headline\n\nToday we met. Today we agreed.")
    event = EventFactory(mention__sentence="Today we met.", mention__article=article)
    Mention.objects.create(
        event=event, article=article, sentence="Today we agreed.", start=24, end=40
    )
    EventFactory(mention__sentence="Elsewhere.")
    other = ArticleFactory()
    Mention.objects.create(event=event, article=other, sentence="Today.", start=0, end=6)
    sources = evidence.sources(event)
    assert [source.article for source in sources] == [article, other]
    assert [len(source.mentions) for source in sources] == [2, 1]
