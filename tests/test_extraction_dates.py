"""Temporal expressions: their normalised values and precision, and what is not a date."""

import datetime

import pytest
from dateparser.date import DateDataParser
from hypothesis import given, settings
from hypothesis import strategies as st

from timeline.extraction import Precision, find_temporal_expressions

REFERENCE = datetime.date(2022, 10, 1)  # a Saturday


def _only(text, reference=REFERENCE):
    found = find_temporal_expressions(text, reference)
    assert len(found) == 1, found
    return found[0]


def test_this_season_is_the_one_of_the_calendar_year_only_winter_spans_the_new_year():
    february = datetime.date(2024, 2, 20)
    found = find_temporal_expressions(
        "This spring the plant opens; this winter was cold; last spring it was planned.", february
    )
    assert [(e.text, e.value) for e in found] == [
        ("This spring", "2024-SP"),
        ("this winter", "2023-WI"),
        ("last spring", "2023-SP"),
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("They met on 3 March. The next day, Poland signed.", ("The next day", "2024-03-04")),
        ("They met on 3 March. Two days later Poland signed.", ("Two days later", "2024-03-05")),
        (
            "They met on Friday. Three days earlier, talks began.",
            ("Three days earlier", "2024-04-09"),
        ),
        ("On Tuesday they met; later that day they signed.", ("later that day", "2024-04-16")),
        ("In May 2022 they met. A year later they signed.", ("A year later", "2023")),
        (
            "In May 2022 they met. The following month they signed.",
            ("The following month", "2022-06"),
        ),
    ],
)
def test_a_date_counted_from_an_earlier_one_is_anchored_there(text, expected):
    found = find_temporal_expressions(text, datetime.date(2024, 4, 17))
    assert (found[-1].text, found[-1].value) == expected


@pytest.mark.parametrize(
    "text",
    [
        "The next day, the army withdrew.",  # nothing to count from
        "They met on 3 March.\n\nThe next day, the army withdrew.",  # another paragraph
        "In 2019 they met. Two months later they signed.",  # a year cannot anchor a month
    ],
)
def test_a_counted_date_without_an_anchor_says_nothing(text):
    found = find_temporal_expressions(text, datetime.date(2024, 4, 17))
    assert all("day" not in e.text and "later" not in e.text for e in found)


@pytest.mark.parametrize(
    ("text", "expected_text", "value", "precision", "date"),
    [
        ("Today we met.", "Today", "2022-10-01", Precision.DAY, datetime.date(2022, 10, 1)),
        ("Now everything has changed.", "Now", "2022-10-01", Precision.DAY, REFERENCE),
        ("11 months ago, when I asked", "11 months ago", "2021-11", Precision.MONTH, None),
        ("On July 15, he said", "July 15", "2022-07-15", Precision.DAY, datetime.date(2022, 7, 15)),
        ("in 2023 the plan", "2023", "2023", Precision.YEAR, datetime.date(2023, 1, 1)),
        (
            "They met last week.",
            "last week",
            "2022-W38",
            Precision.WEEK,
            datetime.date(2022, 9, 19),
        ),
        ("this week", "this week", "2022-W39", Precision.WEEK, datetime.date(2022, 9, 26)),
        ("in early March", "early March", "2022-03", Precision.MONTH, datetime.date(2022, 3, 1)),
        ("the summer of 2022", "the summer of 2022", "2022-SU", Precision.SEASON, None),
        ("on Monday", "Monday", "2022-09-26", Precision.DAY, datetime.date(2022, 9, 26)),
        ("on Saturday", "Saturday", "2022-10-01", Precision.DAY, REFERENCE),
        ("15 July 2024", "15 July 2024", "2024-07-15", Precision.DAY, None),
        ("yesterday", "yesterday", "2022-09-30", Precision.DAY, None),
        ("two years ago", "two years ago", "2020", Precision.YEAR, None),
        ("last month", "last month", "2022-09", Precision.MONTH, None),
        ("last year", "last year", "2021", Precision.YEAR, None),
        ("in November 2021", "November 2021", "2021-11", Precision.MONTH, None),
        ("on 24 February 2022", "24 February 2022", "2022-02-24", Precision.DAY, None),
        ("February 24, 2022", "February 24, 2022", "2022-02-24", Precision.DAY, None),
        ("Oct. 1, 2022", "Oct. 1, 2022", "2022-10-01", Precision.DAY, None),
        ("in the 1990s", "the 1990s", "199X", Precision.DECADE, datetime.date(1990, 1, 1)),
        ("on 2022-02-24", "2022-02-24", "2022-02-24", Precision.DAY, None),
        ("on 24.02.2022", "24.02.2022", "2022-02-24", Precision.DAY, None),
        ("mid-2023", "mid-2023", "2023", Precision.YEAR, None),
        ("in December", "December", "2021-12", Precision.MONTH, None),
        ("last winter", "last winter", "2021-WI", Precision.SEASON, datetime.date(2021, 12, 1)),
    ],
)
def test_expression_is_normalised_against_publication_date(
    text, expected_text, value, precision, date
):
    expression = _only(text)
    assert (expression.text, expression.value, expression.precision) == (
        expected_text,
        value,
        precision,
    )
    if date is not None:
        assert expression.date == date


def test_summer_starts_in_june():
    assert _only("the summer of 2022").date == datetime.date(2022, 6, 1)


def test_between_two_years_is_a_range():
    expression = _only("between 2014 and 2016")
    assert (expression.value, expression.end_value) == ("2014", "2016")
    assert (expression.date, expression.date_end) == (
        datetime.date(2014, 1, 1),
        datetime.date(2016, 1, 1),
    )
    assert expression.precision is Precision.YEAR


@pytest.mark.parametrize(
    ("text", "modifier"),
    [
        ("early March", "early"),
        ("mid-March", "mid"),
        ("late 2021", "late"),
        ("the end of May", "late"),
    ],
)
def test_modifiers_are_kept(text, modifier):
    assert _only(text).modifier == modifier


def test_year_less_date_is_the_most_recent_one_not_after_publication():
    assert _only("On November 3", REFERENCE).value == "2021-11-03"
    assert _only("On October 1", REFERENCE).value == "2022-10-01"


def test_bare_month_is_the_most_recent_one_not_after_publication():
    assert _only("in October", REFERENCE).value == "2022-10"
    assert _only("in November", REFERENCE).value == "2021-11"


@pytest.mark.parametrize(
    ("text", "value", "precision"),
    [
        ("On July 15", "XXXX-07-15", Precision.DAY),
        ("11 months ago", "XXXX-XX", Precision.MONTH),
        ("Today", "XXXX-XX-XX", Precision.DAY),
        ("last week", "XXXX-WXX", Precision.WEEK),
        ("on Monday", "XXXX-WXX-1", Precision.DAY),
        ("in early March", "XXXX-03", Precision.MONTH),
    ],
)
def test_without_reference_relative_expressions_keep_partial_values(text, value, precision):
    expression = _only(text, reference=None)
    assert (expression.value, expression.precision) == (value, precision)
    assert expression.date is None
    assert expression.needs_reference is True


@pytest.mark.parametrize(
    ("text", "value"),
    [("15 July 2024", "2024-07-15"), ("in 2023", "2023"), ("the summer of 2022", "2022-SU")],
)
def test_without_reference_absolute_expressions_still_resolve(text, value):
    expression = _only(text, reference=None)
    assert expression.value == value
    assert expression.date is not None
    assert expression.needs_reference is False


@pytest.mark.parametrize(
    "text",
    [
        "We will continue to deepen integration.",
        "we discussed it",
        "They may agree. May I ask a question?",
        "Thousands of troops march to the border.",
        "a second meeting was held",
        "He acknowledged the problem.",
        "The sun rose over the mon river. Satellites were launched.",
        "A political consensus of 30 countries is formed.",
        "• 89303 views",
        "7 New Year's movies for a festive mood",
        "in 2000 soldiers",
        "The Sun newspaper and Sat TV",
        "snowfall and springtime",
    ],
)
def test_ordinary_words_are_not_dates(text):
    assert find_temporal_expressions(text, REFERENCE) == []


def test_offsets_point_into_the_text():
    text = "On July 15, Zelenskyy said that 11 months ago nothing happened."
    for expression in find_temporal_expressions(text, REFERENCE):
        assert text[expression.start : expression.end] == expression.text


def test_impossible_calendar_dates_are_dropped():
    assert find_temporal_expressions("on February 30, 2022", REFERENCE) == []


def test_reference_may_be_a_datetime():
    reference = datetime.datetime(2022, 10, 1, 14, 41)
    assert _only("yesterday", reference).date == datetime.date(2022, 9, 30)


def test_year_less_dates_in_plans_look_forward():
    assert _only("Leaders will meet on November 3", REFERENCE).value == "2022-11-03"
    assert _only("The plant is expected to reopen in March", REFERENCE).value == "2023-03"
    assert _only("Next it will open in October", REFERENCE).value == "2022-10"


@pytest.mark.parametrize(
    ("text", "expected_text", "value", "end_value", "needs_reference"),
    [
        ("from March to May 2022", "from March to May 2022", "2022-03", "2022-05", False),
        ("between January and March", "between January and March", "2022-01", "2022-03", True),
        ("from November to February", "from November to February", "2021-11", "2022-02", True),
        ("from March 2021 to May 2022", "from March 2021 to May 2022", "2021-03", "2022-05", False),
        ("in March–May 2022", "March–May 2022", "2022-03", "2022-05", False),
        ("from December 2021 through February", "from December 2021 through February", "2021-12",
         "2022-02", False),
    ],
)  # fmt: skip
def test_month_to_month_range(text, expected_text, value, end_value, needs_reference):
    expression = _only(text)
    assert (expression.text, expression.value, expression.end_value) == (
        expected_text,
        value,
        end_value,
    )
    assert expression.precision is Precision.MONTH
    assert expression.needs_reference is needs_reference
    assert expression.date_end == datetime.date(int(end_value[:4]), int(end_value[5:]), 1)


def test_month_range_without_reference_keeps_partial_values():
    expression = _only("between January and March", reference=None)
    assert (expression.value, expression.end_value, expression.date) == ("XXXX-01", "XXXX-03", None)


@pytest.mark.parametrize(
    ("text", "reference", "value"),
    [
        ("On the 15th, troops entered the city.", datetime.date(2022, 10, 20), "2022-10-15"),
        ("on the 1st", REFERENCE, "2022-10-01"),
        ("On the 15th, troops entered the city.", REFERENCE, "2022-09-15"),
        ("by the 31st.", REFERENCE, "2022-08-31"),  # September has no 31st
        ("since the 22nd", datetime.date(2023, 1, 5), "2022-12-22"),
        ("Leaders will meet on the 15th.", REFERENCE, "2022-10-15"),
        ("on the 15th of July", REFERENCE, "2022-07-15"),
        ("on the 15th of July 2024", REFERENCE, "2024-07-15"),
    ],
)
def test_ordinal_day_is_in_the_publication_month_or_the_one_before(text, reference, value):
    expression = _only(text, reference)
    assert (expression.value, expression.precision) == (value, Precision.DAY)


def test_ordinal_day_without_reference_is_partial():
    expression = _only("on the 15th", reference=None)
    assert (expression.text, expression.value, expression.date) == ("the 15th", "XXXX-XX-15", None)


@pytest.mark.parametrize(
    ("text", "expected_text", "value", "precision", "modifier"),
    [
        ("the end of 2023", "the end of 2023", "2023", Precision.YEAR, "late"),
        ("by the end of 2023", "the end of 2023", "2023", Precision.YEAR, "late"),
        ("late 2023", "late 2023", "2023", Precision.YEAR, "late"),
        ("the beginning of 2023", "the beginning of 2023", "2023", Precision.YEAR, "early"),
        ("earlier this year", "earlier this year", "2022", Precision.YEAR, None),
        ("Earlier this month", "Earlier this month", "2022-10", Precision.MONTH, None),
        ("later this week", "later this week", "2022-W39", Precision.WEEK, None),
        ("this week", "this week", "2022-W39", Precision.WEEK, None),
        ("last year", "last year", "2021", Precision.YEAR, None),
        ("next month", "next month", "2022-11", Precision.MONTH, None),
        ("next year", "next year", "2023", Precision.YEAR, None),
        ("by the end of the year", "the end of the year", "2022", Precision.YEAR, "late"),
        ("by the end of next year", "the end of next year", "2023", Precision.YEAR, "late"),
        ("early next month", "early next month", "2022-11", Precision.MONTH, "early"),
    ],
)
def test_modified_and_relative_periods(text, expected_text, value, precision, modifier):
    expression = _only(text)
    assert (expression.text, expression.value, expression.precision, expression.modifier) == (
        expected_text,
        value,
        precision,
        modifier,
    )


@pytest.mark.parametrize(
    "text",
    [
        # Holidays are not resolved (like "New Year's"), so "May Day" is no date, nor "May" in it.
        "Workers marched on May Day.",
        "Thousands joined the March of the Living.",
        "The walk known as March of the Living began.",
        "the second",
        "It was the second round of talks.",
        "on the second day of talks",
        "a week-long exercise",
        "this week-long exercise",
        "a year-long programme",
        "on the 15th anniversary of the treaty",
        "on the 47th Brigade's positions",
        "on the 3rd Assault Brigade",
        "on the 2nd floor",
        "the year is young",
        "on the 22th",
    ],
)
def test_more_ordinary_words_are_not_dates(text):
    assert find_temporal_expressions(text, REFERENCE) == []


def test_year_less_date_in_plans_may_be_the_publication_day():
    # dateparser would pick next year's 1 October; the meeting is the day of publication.
    assert _only("Leaders will meet on October 1", REFERENCE).value == "2022-10-01"


@pytest.mark.parametrize(
    ("reference", "value"),
    [
        (datetime.date(2024, 3, 1), "2024-02-29"),
        (datetime.date(2023, 3, 1), "2020-02-29"),
    ],
)
def test_year_less_leap_day_is_the_most_recent_one(reference, value):
    assert _only("On February 29", reference).value == value


@settings(max_examples=60, deadline=None)
@given(
    reference=st.dates(datetime.date(2000, 1, 1), datetime.date(2030, 12, 31)),
    day=st.dates(datetime.date(2000, 1, 1), datetime.date(2000, 12, 31)),
)
def test_year_less_dates_agree_with_dateparser_in_the_past(reference, day):
    """We compute what dateparser computed before (PREFER_DATES_FROM past), without its cost."""
    parser = DateDataParser(
        languages=["en"],
        settings={
            "PREFER_DATES_FROM": "past",
            "RELATIVE_BASE": datetime.datetime(reference.year, reference.month, reference.day),
        },
    )
    expected = parser.get_date_data(f"{day.day} {day:%B}").date_obj.date()
    assert _only(f"On {day:%B} {day.day}", reference).date == expected


# Issue 9: more kinds of expression, each with its precision; ranges stay one expression.

WEDNESDAY = datetime.date(2024, 4, 17)


@pytest.mark.parametrize(
    ("text", "expected_text", "value", "end_value", "precision"),
    [
        ("The talks ran 9–11 July 2023.", "9–11 July 2023", "2023-07-09", "2023-07-11", "day"),
        ("They meet on 11 and 12 July.", "11 and 12 July", "2023-07-11", "2023-07-12", "day"),
        ("from July 9-11, 2025", "July 9-11, 2025", "2025-07-09", "2025-07-11", "day"),
        ("The plan of 2009–2010 failed.", "2009–2010", "2009", "2010", "year"),
        ("In 1957–58 it was built.", "1957–58", "1957", "1958", "year"),
        ("It was built in 1957–58.", "1957–58", "1957", "1958", "year"),
        ("In 1996-97, budgets grew.", "1996-97", "1996", "1997", "year"),
        (
            "Deliveries start in late March or early April.",
            "late March or early April",
            "2024-03",
            "2024-04",
            "month",
        ),
        ("the 20th century", "the 20th century", "19", None, "century"),
        ("in Q3 2023", "Q3 2023", "2023-Q3", None, "quarter"),
        ("in the third quarter of 2022", "the third quarter of 2022", "2022-Q3", None, "quarter"),
        ("this fiscal year", "this fiscal year", "FY2024", None, "year"),
        ("FY2025 budget", "FY2025", "FY2025", None, "year"),
        ("on 24/02/2022", "24/02/2022", "2022-02-24", None, "day"),
        ("Tuesday, March 5", "Tuesday, March 5", "2024-03-05", None, "day"),
        ("after a 2010 raid", "2010", "2010", None, "year"),
        ("joined the council (1991)", "1991", "1991", None, "year"),
        ("over the past two weeks", "the past two weeks", "2024-W14", "2024-W16", "week"),
        ("within days", "within days", "2024-W16", "2024-W17", "week"),
        (
            "in the next two to three months",
            "in the next two to three months",
            "2024-06",
            "2024-07",
            "month",
        ),
        ("in the second half of the year", "the second half of the year", "2024-H2", "2024-12",
         "month"),
        ("this past weekend", "this past weekend", "2024-04-13", "2024-04-14", "day"),
        ("struck over the weekend", "the weekend", "2024-04-13", "2024-04-14", "day"),
        ("the spring of last year", "the spring of last year", "2023-SP", None, "season"),
        ("two weeks from now", "two weeks from now", "2024-W18", None, "week"),
        ("by the end of the decade", "the end of the decade", "202X", None, "decade"),
        ("will meet at the weekend", "the weekend", "2024-04-20", "2024-04-21", "day"),
        ("rose in January and February", "January and February", "2024-01", "2024-02", "month"),
        ("in the fourth quarter of this year", "the fourth quarter of this year", "2024-Q4", None,
         "quarter"),
        ("Ukraine currently needs shells.", "currently", "2024-04-17", None, "day"),
    ],
)  # fmt: skip
def test_more_expression_kinds_with_their_precision(
    text, expected_text, value, end_value, precision
):
    expression = _only(text, WEDNESDAY)
    assert (expression.text, expression.value, expression.end_value, expression.precision) == (
        expected_text,
        value,
        end_value,
        Precision(precision),
    )


def test_a_range_of_days_began_and_ran_through_is_one_expression():
    expression = _only("The exercise began on 9 June and ran through 20 June.", WEDNESDAY)
    assert (expression.date, expression.date_end) == (
        datetime.date(2023, 6, 9),
        datetime.date(2023, 6, 20),
    )


@pytest.mark.parametrize(
    "text",
    [
        "The two sides met in 2014 and 2022.",  # not consecutive: two dates
        "the 2000 soldiers",
        "a count of 368-57",
    ],
)
def test_things_that_look_like_ranges_but_are_not(text):
    assert all(e.end_value is None for e in find_temporal_expressions(text, WEDNESDAY))


@pytest.mark.parametrize(
    ("text", "value"),
    [
        # Plans look forward from publication (a Wednesday, 17 April 2024)…
        ("The treaty will be signed at the summit on 24 June.", "2024-06-24"),
        ("The exercise is due to run through June.", "2024-06"),
        ("The vote was postponed until Saturday.", "2024-04-20"),
        ("The minister is due to visit Kyiv in March.", "2025-03"),
        ("He said the company would open a plant in March.", "2025-03"),
        ("The ministers are expected to decide on Friday.", "2024-04-19"),
        ("In March, the summit will gather forty leaders.", "2025-03"),
        # …reports look back.
        ("The treaty was signed on 24 June.", "2023-06-24"),
        ("The ministers decided on Friday.", "2024-04-12"),
        ("The package announced by the minister in January will grow.", "2024-01"),
    ],
)
def test_tense_decides_which_way_a_year_less_date_looks(text, value):
    assert _only(text, WEDNESDAY).value == value


@pytest.mark.parametrize(
    ("text", "cue"),
    [
        ("Shells will arrive by June.", "by"),
        ("The sanctions stay until 2029.", "until"),
        ("Budgets rise by the end of the year.", "by"),
        ("with a deadline of Thursday", "by"),
        ("Production has grown since 2022.", "since"),
    ],
)
def test_the_cue_before_an_expression_is_kept(text, cue):
    assert _only(text, WEDNESDAY).cue == cue


@pytest.mark.parametrize(
    "text",
    [
        "So that at the moment when consensus forms, we act.",
        "Half of the shells arrived.",
        "a quarter of the budget",
        "the first half of the match",
    ],
)
def test_words_of_time_that_are_not_dates(text):
    assert find_temporal_expressions(text, WEDNESDAY) == []
