"""The publication date read from the text itself: date lines, bylines, wire datelines, the
address; never a date that is not the publication's, and never today."""

import datetime

import pytest

from timeline.extraction import extract
from timeline.extraction.published import parse_dateline, url_date

STORY = "Ministers met in Brussels and agreed to send more shells to Ukraine."


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Friday, 26 January 2024, 17:55", datetime.datetime(2024, 1, 26, 17, 55)),
        ("Posted on September 25, 2025", datetime.datetime(2025, 9, 25)),
        ("Published: 3 March 2023 09:10", datetime.datetime(2023, 3, 3, 9, 10)),
        ("Last updated: 06 May. 2015 09:43", datetime.datetime(2015, 5, 6, 9, 43)),
        ("11:15 11.04.2025", datetime.datetime(2025, 4, 11, 11, 15)),
        ("Olena Petrenko15:25, 01/29/24", datetime.datetime(2024, 1, 29, 15, 25)),
        ("By Jane Roe | 2 February 2024", datetime.datetime(2024, 2, 2)),
        ("Thursday, May 9th 2024, 4:06 pm", datetime.datetime(2024, 5, 9, 16, 6)),
        ("2024-04-18T10:00:00+02:00", datetime.datetime(2024, 4, 18, 10, 0)),
        ("24/02/2023", datetime.datetime(2023, 2, 24)),
    ],
)
def test_date_lines_are_read(line, expected):
    assert parse_dateline(line) == expected


@pytest.mark.parametrize(
    "line",
    [
        "Tuesday, 26 January 2024",  # 26 January 2024 was a Friday: a misreading, not a date
        "03/04/2022",  # March or April, depending on the country
        "Issue date: Thursday September 28, 2023.",  # a photo agency's stamp
        "The ministers of 1 October 2022 met again and again and agreed on the plan.",
    ],
)
def test_lines_that_are_not_publication_dates(line):
    assert parse_dateline(line) is None


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("Posted on September 25, 2025", datetime.date(2025, 9, 25)),
        ("Friday, 26 January 2024, 17:55", datetime.date(2024, 1, 26)),
        ("Olena Petrenko15:25, 01/29/24", datetime.date(2024, 1, 29)),
    ],
)
def test_publication_date_from_the_text_header(header, expected):
    result = extract(f"Shells for Ukraine\n\n{header}\n\n{STORY}")
    assert result.published.date() == expected
    assert result.published_source == "dateline"
    assert header not in result.body  # the date line is furniture, read before it goes


def test_wire_dateline_with_its_year():
    result = extract(f"Shells for Ukraine\n\nWARSAW, Feb. 14, 2024 (Reuters) - {STORY}")
    assert result.published.date() == datetime.date(2024, 2, 14)


def test_wire_dateline_without_a_year_takes_it_from_the_weekday():
    text = (
        "Jets for Ukraine\n\n"
        "BUCHAREST, Romania, April 17 (Reuters) - The Netherlands delivered three jets on "
        "Wednesday, a ministry said. The centre opened in 2023."
    )
    # 17 April is a Wednesday in 2024, not in 2023 or 2025.
    assert extract(text).published.date() == datetime.date(2024, 4, 17)


def test_wire_dateline_without_a_year_or_a_weekday_gives_no_date():
    text = "Jets for Ukraine\n\nBUCHAREST, April 17 (Reuters) - The Netherlands delivered jets."
    result = extract(text)
    assert (result.published, result.published_source) == (None, "")


def test_date_in_the_address():
    result = extract(f"Shells for Ukraine\n\n{STORY}", url="https://example.org/2025/5/28/shells")
    assert (result.published.date(), result.published_source) == (
        datetime.date(2025, 5, 28),
        "url",
    )


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://example.org/news/2023/07/07/vilnius-summit/", datetime.datetime(2023, 7, 7)),
        ("https://example.org/article/2022-08-24-aid-package/", datetime.datetime(2022, 8, 24)),
        ("https://example.org/article/all/20250611/5654107/1", datetime.datetime(2025, 6, 11)),
        ("https://example.org/news/123456789", None),
        ("https://example.org/2023/13/45/", None),
    ],
)
def test_dates_in_addresses(url, expected):
    assert url_date(url) == expected


def test_a_dated_html_page_without_metadata_takes_the_date_from_its_text():
    html = (
        "<html><head><title>Shells for Ukraine</title></head><body><article>"
        "<h1>Shells for Ukraine</h1><p>Posted on 3 March 2023</p>"
        f"<p>{STORY} The plan was discussed at length by the ministers.</p>"
        "</article></body></html>"
    )
    result = extract(html)
    assert result.published.date() == datetime.date(2023, 3, 3)
    assert result.published_source == "dateline"


def test_a_caption_date_deep_in_the_text_is_not_the_publication_date():
    lines = [STORY] * 6 + ["Issue date: Thursday September 28, 2023.", STORY]
    result = extract("Shells for Ukraine\n\n" + "\n\n".join(lines))
    assert result.published is None
