"""Cleaning plain text and HTML, finding the publication date, and refusing unusable input."""

import datetime
from pathlib import Path

import pytest

from timeline.extraction import ExtractionError, clean_text, extract
from timeline.extraction.published import dateline_date, parse_dateline
from timeline.vocabulary import starter_entries

FIXTURES = Path(__file__).parent / "fixtures"
HTML = (FIXTURES / "html" / "kuleba-stoltenberg-sample.html").read_text(encoding="utf-8")
ACTORS, TOPICS = starter_entries()


@pytest.mark.parametrize(
    "line",
    [
        "fbpx",
        "• 89303 переглядiв",
        "12 500 views",
        "joint-defense-against-russian-missiles-zelenskyy-holds-meeting",
        "https://example.com/news/1",
        "Photo: Facebook/ Oleksii Reznikov",
        "Read also: Russia shells Kharkiv again",
        "Addendum",
        "Share on Facebook",
        "14:41 01 Oct 2022",
    ],
)
def test_boilerplate_lines_are_removed(line):
    article = clean_text(f"Headline of the story\n\n{line}\n\nThe story itself goes on here.")
    assert article.body == "Headline of the story\n\nThe story itself goes on here."


@pytest.mark.parametrize(
    "block", ["Popular", "News by theme", "Read also", "Spelling error report"]
)
def test_blocks_of_other_stories_end_the_article(block):
    article = clean_text(f"Headline\n\nThe story.\n\n{block}\n\nElon Musk did something")
    assert article.body == "Headline\n\nThe story."


def test_nbsp_and_space_runs_are_normalised():
    assert clean_text("Oleksii\u00a0 Reznikov   said").body == "Oleksii Reznikov said"


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("14:41 01 Oct 2022", datetime.datetime(2022, 10, 1, 14, 41)),
        ("01 October 2022, 14:41", datetime.datetime(2022, 10, 1, 14, 41)),
        ("October 1, 2022", datetime.datetime(2022, 10, 1)),
        ("01.10.2022 09:05", datetime.datetime(2022, 10, 1, 9, 5)),
        ("The meeting of 1 October 2022 was long and fruitful for everyone", None),
        ("31 Feb 2022", None),
    ],
)
def test_dateline_lines(line, expected):
    assert parse_dateline(line) == expected


def test_dateline_is_searched_only_in_the_header():
    text = "\n".join(["A line of text."] * 20 + ["14:41 01 Oct 2022"])
    assert dateline_date(text) is None


def test_publication_argument_beats_the_dateline():
    result = extract("14:41 01 Oct 2022\n\nHeadline\n\nText.", published=datetime.date(2023, 1, 2))
    assert result.published == datetime.datetime(2023, 1, 2)
    assert result.published_source == "argument"


def test_unknown_publication_date_is_never_today():
    result = extract("Headline\n\nYesterday Ukraine asked for help.", actors=ACTORS)
    assert (result.published, result.published_source) == (None, "")
    assert all(event.date is None for event in result.events)


def test_html_article_uses_metadata_date_and_main_content():
    result = extract(HTML, actors=ACTORS, topics=TOPICS)
    assert result.title == "Kuleba and Stoltenberg discuss air defence for Ukraine"
    assert result.published == datetime.datetime(2023, 3, 15, 9, 30)
    assert result.published_source == "html-meta"
    assert "Elon Musk" not in result.body
    assert "Home" not in result.body
    assert "spelling error" not in result.body


def test_html_article_events():
    result = extract(HTML, actors=ACTORS, topics=TOPICS)
    values = {event.value: event for event in result.events}
    assert values["2022-10-10"].actors[:2] == ["dmytro-kuleba", "russia"]
    # Stoltenberg was NATO Secretary General on the day: his acts are also NATO's; and a delivery
    # in an article about Ukraine's air defence is a delivery to Ukraine.
    assert values["2023-W10"].actors == ["germany", "jens-stoltenberg", "nato", "ukraine"]
    assert values["2023-03-15"].implicit_date is True


def test_html_bytes_with_declared_content_type():
    result = extract(HTML.encode("utf-8"), content_type="text/html; charset=utf-8")
    assert result.published_source == "html-meta"


def test_non_utf8_bytes_are_decoded():
    text = "Headline\n\nThe café opened on 24 February 2022 in Kyiv, Ukraine."
    result = extract(text.encode("latin-1"), actors=ACTORS)
    assert "café" in result.body


@pytest.mark.parametrize("content", ["", "   \n\n  ", b"", "fbpx\n\n• 89303 views"])
def test_unusable_input_is_refused(content):
    with pytest.raises(ExtractionError):
        extract(content)


def test_oversized_input_is_refused_with_a_clear_message():
    with pytest.raises(ExtractionError, match="limit is 2097152 bytes"):
        extract("a" * (2 * 1024 * 1024 + 1))


# Issue 9: page furniture never reaches the body's events; the headline is told apart.


@pytest.mark.parametrize(
    "line",
    [
        "Olena Petrenko15:25, 01/29/24",
        "11:15 11.04.2025",
        "By: Example News",
        "ua en ru",
        "1. Skip to content",
        "Support Us",
        "English Section",
        "Get the latest news from around the world, live coverage and analysis.",
        "3 hours ago 8",
        "14:05",
        "Jane Doe is the Warsaw correspondent for Example Defence Weekly.",
        "Ministers at the summit in Vilnius (photo: Getty Images)",
        "© REUTERS / Jane DoeThe minister of defence of Poland",
        "Poland's defence minister at the press conference - Example International",
        "Kommentar schreiben und die Regeln der Diskussion beachten bitte sehr",
        "Home | News | Politics",
        "Home › Ukraine",
        "World > Europe > Defence",
    ],
)
def test_furniture_lines_are_removed(line):
    article = clean_text(f"Headline of the story\n\n{line}\n\nThe story itself goes on here.")
    assert article.body == "Headline of the story\n\nThe story itself goes on here."


def test_a_navigation_trail_above_the_headline_is_not_the_title():
    article = clean_text(
        "Home | News | Politics\n\nPoland orders more tanks\n\nPoland signed a contract today."
    )
    assert article.title == "Poland orders more tanks"


def test_a_headline_with_a_bar_is_kept():
    line = "Air defence | Poland orders two more Patriot batteries for its eastern border"
    assert line in clean_text(f"{line}\n\nPoland signed a contract today.").body


def test_a_caption_before_its_credit_line_goes_with_it():
    text = (
        "Headline of the story\n\nThe story begins here.\n\n"
        "The president meets the minister at the airport.\n\nAP-AP\n\nThe story goes on."
    )
    assert (
        clean_text(text).body
        == "Headline of the story\n\nThe story begins here.\n\nThe story goes on."
    )


def test_a_headline_is_short_and_has_no_full_stop():
    assert clean_text("Poland sends tanks\n\nPoland sent tanks on Monday.").has_headline
    no_headline = clean_text("Poland sent tanks on Monday.\n\nThey arrived on Tuesday.")
    assert (no_headline.has_headline, no_headline.title) == (False, "")


def test_a_page_cut_off_mid_sentence_is_marked_truncated():
    cut = clean_text(
        "Headline\n\nPoland sent ten tanks on Monday and said that the next ones would"
    )
    assert cut.truncated
    assert not clean_text("Headline\n\nPoland sent ten tanks on Monday.").truncated


def test_an_article_in_another_language_keeps_its_text():
    text = "Міністр оборони заявив\n\nМіністр оборони України заявив у вівторок про нові системи."
    assert "Міністр оборони України" in clean_text(text).body


def test_read_full_story_links_inside_a_paragraph_are_dropped():
    body = clean_text("Headline\n\nPoland sent tanks on Monday. Read full story").body
    assert body == "Headline\n\nPoland sent tanks on Monday."
