"""The data model: article identity, dates at their precision, undated events, visibility."""

import datetime

import pytest
from django.db import IntegrityError, transaction

from tests.factories import ActorFactory, ArticleFactory, EventFactory
from timeline.models import Article, Event, Status, content_hash
from timeline.periods import Precision, format_period, last_day, parse_period

pytestmark = pytest.mark.django_db


def test_the_same_text_with_other_spacing_and_case_is_the_same_article():
    assert content_hash("Ukraine  met\nNATO.") == content_hash("ukraine met NATO. ")
    ArticleFactory(body="Ukraine met NATO.", url="")
    with pytest.raises(IntegrityError):
        ArticleFactory(body="Ukraine   met NATO.", url="")


def test_two_articles_without_url_are_allowed_but_a_url_is_unique():
    ArticleFactory(url="", body="One")
    ArticleFactory(url="", body="Two")
    ArticleFactory(url="https://example.org/a", body="Three")
    with pytest.raises(IntegrityError), transaction.atomic():
        ArticleFactory(url="https://example.org/a", body="Four")
    assert Article.objects.count() == 3


@pytest.mark.parametrize(
    ("date", "end", "precision", "shown"),
    [
        (datetime.date(2022, 10, 1), None, Precision.DAY, "1 October 2022"),
        (datetime.date(2021, 11, 1), None, Precision.MONTH, "November 2021"),
        (datetime.date(2024, 1, 1), None, Precision.YEAR, "2024"),
        (datetime.date(2022, 6, 1), None, Precision.SEASON, "Summer 2022"),
        (datetime.date(2022, 9, 26), None, Precision.WEEK, "Week 39, 2022"),
        (datetime.date(2010, 1, 1), None, Precision.DECADE, "2010s"),
        (datetime.date(2014, 1, 1), datetime.date(2016, 1, 1), Precision.YEAR, "2014 – 2016"),
        (datetime.date(2023, 7, 1), None, Precision.QUARTER, "Q3 2023"),
        (datetime.date(1900, 1, 1), None, Precision.CENTURY, "20th century"),
        (datetime.date(2000, 1, 1), None, Precision.CENTURY, "21st century"),
    ],
)
def test_event_dates_are_shown_at_their_precision(date, end, precision, shown):
    event = EventFactory(date=date, date_end=end, precision=precision, mention=False)
    assert event.date_display == shown


def test_a_month_event_is_never_shown_as_its_first_day():
    event = EventFactory(date=datetime.date(2021, 11, 1), precision=Precision.MONTH)
    assert "1 November" not in event.date_display
    assert event.period_end == datetime.date(2021, 11, 30)


def test_an_undated_event_is_stored_without_a_date_and_needs_one():
    event = EventFactory(date=None, timex="XXXX-07-15", status=Status.PENDING)
    event.refresh_from_db()
    assert event.date is None and event.period_end is None
    assert event.needs_date
    assert event.date_display == "Needs a date (XXXX-07-15)"
    assert list(Event.objects.needing_date()) == [event]


def test_a_range_cannot_end_before_it_starts():
    with pytest.raises(IntegrityError):
        EventFactory(date=datetime.date(2022, 1, 1), date_end=datetime.date(2021, 1, 1))


def test_period_filters_compare_whole_periods():
    november = EventFactory(date=datetime.date(2021, 11, 1), precision=Precision.MONTH)
    october_day = EventFactory(date=datetime.date(2022, 10, 1))
    in_mid_november = Event.objects.in_period(datetime.date(2021, 11, 15), None)
    assert set(in_mid_november) == {november, october_day}
    assert list(Event.objects.in_period(None, datetime.date(2021, 11, 15))) == [november]


def test_only_confirmed_events_are_public():
    confirmed = EventFactory(status=Status.CONFIRMED)
    EventFactory(status=Status.PENDING)
    EventFactory(status=Status.REJECTED)
    assert list(Event.objects.public()) == [confirmed]


def test_events_for_several_actors_need_all_of_them():
    ukraine, poland = ActorFactory(slug="ukraine"), ActorFactory(slug="poland")
    both = EventFactory(actors=[ukraine, poland])
    EventFactory(actors=[ukraine])
    assert list(Event.objects.for_actors(["ukraine", "poland"])) == [both]


def test_mention_splits_its_sentence_around_the_time_expression():
    event = EventFactory(mention__sentence="Today we met.", mention__expression="Today")
    assert event.mentions.get().sentence_parts == ("", "Today", " we met.")


@pytest.mark.parametrize(
    ("text", "first", "last"),
    [
        ("2022", datetime.date(2022, 1, 1), datetime.date(2022, 12, 31)),
        ("2022-02", datetime.date(2022, 2, 1), datetime.date(2022, 2, 28)),
        ("2022-10-01", datetime.date(2022, 10, 1), datetime.date(2022, 10, 1)),
    ],
)
def test_filter_bounds_accept_a_year_a_month_or_a_day(text, first, last):
    assert parse_period(text) == (first, last)


@pytest.mark.parametrize("text", ["notadate", "2022-13", "22", "2022-02-30", ""])
def test_filter_bounds_refuse_anything_else_with_a_message(text):
    with pytest.raises(ValueError, match="use YYYY, YYYY-MM or YYYY-MM-DD"):
        parse_period(text)


def test_periods_end_on_their_last_day():
    assert last_day(datetime.date(2024, 2, 1), Precision.MONTH) == datetime.date(2024, 2, 29)
    assert last_day(datetime.date(2022, 12, 1), Precision.SEASON) == datetime.date(2023, 2, 28)
    assert last_day(datetime.date(2023, 7, 1), Precision.QUARTER) == datetime.date(2023, 9, 30)
    assert last_day(datetime.date(1900, 1, 1), Precision.CENTURY) == datetime.date(1999, 12, 31)
    assert format_period(None, None, Precision.DAY) == "Date unknown"
