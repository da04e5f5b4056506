"""Counts as readers see them: the home page's from the tallies (current the moment an editor
decides, nothing cached), an actor's page read from its link rows, a common word's counts capped,
and cached counts recomputed by one request while the others serve the stale ones."""

import datetime
import re
import threading
import time

import pytest
from django.db import connection

from tests.factories import ActorFactory, EventFactory, TopicFactory
from timeline import aggregates
from timeline.filters import TimelineFilter
from timeline.forms import TimelineFilterForm
from timeline.models import REVIEW_FIELDS, Event, Status
from timeline.periods import Precision

HTMX = {"HX-Request": "true", "HX-Target": "results"}


def heading(response) -> str:
    return re.search(r'id="results-heading">([^<]*)<', response.content.decode()).group(1)


@pytest.fixture
def timeline(db):
    """Events over 2021–2023 at several precisions, two actors (one rare), two topics."""
    common = ActorFactory(name="Ukraine", slug="ukraine")
    rare = ActorFactory(name="Moldova", slug="moldova")
    air, drones = TopicFactory(slug="air"), TopicFactory(slug="drones")
    days = [datetime.date(2021, 12, 31), datetime.date(2022, 1, 1), datetime.date(2022, 6, 15)]
    for n in range(18):
        day = days[n % 3]
        precision = [Precision.DAY, Precision.MONTH, Precision.YEAR][n % 3]
        if precision != Precision.DAY:
            day = (
                day.replace(day=1) if precision == Precision.MONTH else day.replace(month=1, day=1)
            )
        EventFactory(
            title=f"Event {n}",
            date=day,
            precision=precision,
            status=Status.CONFIRMED if n % 5 else Status.PENDING,
            actors=[common, rare] if n % 4 == 0 else [common],
            topics=[air] if n % 2 else [air, drones],
        )
    return common, rare


def filters_from(query: str) -> TimelineFilter:
    from django.http import QueryDict

    return TimelineFilterForm(QueryDict(query)).filters


@pytest.mark.parametrize("query", ["", "from=2022", "to=2021-12", "from=2022-01&to=2022-06"])
def test_tallied_counts_equal_counting_the_events(timeline, query):
    filters = filters_from(query)
    assert aggregates.from_tallies(filters)
    tallied, counted = aggregates.tallied_summary(filters), aggregates.counted_summary(filters)
    assert tallied.per_month == counted.per_month
    assert [(f.slug, f.count) for f in tallied.actor_facets] == [
        (f.slug, f.count) for f in counted.actor_facets
    ]
    assert [(f.slug, f.count) for f in tallied.topic_facets] == [
        (f.slug, f.count) for f in counted.topic_facets
    ]


@pytest.mark.parametrize(
    "query", ["actor=ukraine", "actor=moldova&from=2022", "topic=drones&to=2021", "topic=air"]
)
def test_one_subjects_months_come_from_its_tally_and_equal_counting_them(timeline, query):
    filters = filters_from(query)
    events = filters.apply(Event.objects.public())
    expected: dict = {}
    for day in events.values_list("date", flat=True):
        expected[day.replace(day=1)] = expected.get(day.replace(day=1), 0) + 1
    assert aggregates.counted_summary(filters).per_month == expected


def counted_by_hand(filters: TimelineFilter) -> tuple[dict, dict, dict]:
    """Events per month, per actor slug and per topic slug, counted one event at a time."""
    months, actors, topics = {}, {}, {}
    for event in filters.apply(Event.objects.public()).prefetch_related("actors", "topics"):
        month = event.date.replace(day=1)
        months[month] = months.get(month, 0) + 1
        for actor in event.actors.all():
            actors[actor.slug] = actors.get(actor.slug, 0) + 1
        for topic in event.topics.all():
            topics[topic.slug] = topics.get(topic.slug, 0) + 1
    return months, actors, topics


@pytest.mark.parametrize(
    "query",
    [
        "actor=ukraine",
        "topic=drones",
        "actor=ukraine&topic=drones",
        "actor=moldova&topic=air&from=2022",
        "topic=air&to=2021-12",
        # Not held by the tallies: counted.
        "actor=ukraine&actor=moldova",
        "topic=air&topic=drones&from=2022-01-02",
    ],
)
def test_counts_of_one_actor_and_one_topic_from_the_tallies_equal_counting_the_events(
    timeline, query
):
    filters = filters_from(query)
    months, actors, topics = counted_by_hand(filters)
    summary = aggregates.counted_summary(filters)
    assert summary.per_month == months
    assert {f.slug: f.count for f in summary.actor_facets if f.count} == actors
    assert {f.slug: f.count for f in summary.topic_facets if f.count} == topics
    assert aggregates.total(filters) == sum(months.values())


def test_an_actor_and_topics_counts_are_current_right_after_a_confirmation(client, timeline):
    common, _ = timeline
    event = Event.objects.pending().filter(actors=common, topics__slug="drones").first()
    filters = filters_from("actor=ukraine&topic=drones")
    before = aggregates.total(filters)
    event.review(Status.CONFIRMED, None)
    event.save(update_fields=REVIEW_FIELDS)
    assert aggregates.total(filters) == before + 1
    assert aggregates.counted_summary(filters).total == before + 1


def test_a_day_within_a_month_is_counted_from_the_events(timeline):
    filters = filters_from("from=2022-01-02")
    assert not aggregates.from_tallies(filters)
    assert aggregates.summary(filters).total == aggregates.counted_summary(filters).total


def test_the_home_page_is_current_right_after_a_confirmation(client, timeline):
    total = Event.objects.public().count()
    assert heading(client.get("/")) == f"{total} events"
    event = Event.objects.pending().first()
    event.review(Status.CONFIRMED, None)
    event.save(update_fields=REVIEW_FIELDS)
    assert heading(client.get("/")) == f"{total + 1} events"


def test_an_actors_total_comes_from_the_tallies(timeline, django_assert_num_queries):
    common, rare = timeline
    for actor in (common, rare):
        filters = TimelineFilter(actors=(actor,))
        with django_assert_num_queries(1):
            total = aggregates.total(filters)
        assert total == Event.objects.public().filter(actors=actor).count()


@pytest.mark.parametrize("sort", ["newest", "oldest"])
def test_actor_combinations_list_the_same_events_in_the_same_order(
    client, settings, timeline, sort
):
    """Read from the rarest actor's link rows, page after page, in either order."""
    common, rare = timeline
    settings.TIMELINE_PAGE_SIZE = 2
    expected = list(
        Event.objects.public()
        .filter(actors=common)
        .filter(actors=rare)
        .order_by(*(["-date", "-id"] if sort == "newest" else ["date", "id"]))
        .values_list("pk", flat=True)
    )
    for query in (
        f"actor=ukraine&actor=moldova&sort={sort}",
        f"actor=moldova&actor=ukraine&sort={sort}",
    ):
        seen, cursor = [], ""
        while True:
            page = client.get(f"/?{query}{cursor}").content.decode()
            seen += [int(pk) for pk in re.findall(r'id="event-(\d+)-title"', page)]
            found = re.search(r'id="load-more".*?cursor=([0-9-]+\.[0-9]+)', page, re.S)
            if not found or len(seen) > 20:
                break
            cursor = f"&cursor={found.group(1)}"
        assert seen == expected


def test_the_rarest_chosen_actor_is_where_reading_starts(timeline):
    rare = timeline[1]
    for query in ("actor=ukraine&actor=moldova", "actor=moldova&actor=ukraine"):
        assert filters_from(query).rarest == rare


def test_a_common_words_counts_are_capped(client, timeline, monkeypatch):
    monkeypatch.setattr(aggregates, "SEARCH_SAMPLE", 3)
    filters = TimelineFilter(q="Event")
    counts = aggregates.summary(filters)
    assert counts.capped
    assert counts.total == 4  # the sample and one more, to know there are more
    response = client.get("/?q=Event", headers=HTMX)
    assert heading(response) == "More than 3 events matching"
    assert "Counts of the newest" in response.content.decode()
    few = aggregates.summary(TimelineFilter(q="Event 17"))
    assert not few.capped


# Cached counts (filters the tallies do not answer): one request recomputes, the rest wait not.


def change_something() -> None:
    event = Event.objects.public().first()
    event.title += "!"
    event.save()


concurrent = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="concurrent requests, each with its own connection, are PostgreSQL's",
)


def at_once(count: int, call) -> list:
    barrier = threading.Barrier(count)
    outcomes: list = [None] * count

    def run(index: int) -> None:
        try:
            barrier.wait(timeout=10)
            started = time.monotonic()
            value = call()
            outcomes[index] = (value, time.monotonic() - started)
        except Exception as error:  # reported by the assertions below
            outcomes[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(n,)) for n in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


def slow_counting(monkeypatch, seconds: float) -> list:
    """Counting takes ``seconds``; returns the list of the times it ran."""
    runs: list = []
    counted_summary = aggregates.counted_summary

    def slow(filters):
        runs.append(time.monotonic())
        time.sleep(seconds)
        return counted_summary(filters)

    monkeypatch.setattr(aggregates, "counted_summary", slow)
    return runs


@concurrent
@pytest.mark.django_db(transaction=True)
def test_after_a_change_one_request_recounts_while_the_others_serve_the_stale_counts(
    timeline, monkeypatch
):
    filters = TimelineFilter(actors=(timeline[0],))
    before = aggregates.summary(filters)
    change_something()
    runs = slow_counting(monkeypatch, 1.0)
    outcomes = at_once(6, lambda: aggregates.summary(filters))
    assert not [o for o in outcomes if isinstance(o, Exception)], outcomes
    assert len(runs) == 1
    waits = sorted(seconds for _, seconds in outcomes)
    assert waits[-1] >= 1.0  # the one that recounted
    assert waits[-2] < 0.5  # everyone else: the stale counts, at once
    assert all(value == before for value, _ in outcomes)
    aggregates.summary(filters)  # fresh now: no recount
    assert len(runs) == 1


@concurrent
@pytest.mark.django_db(transaction=True)
def test_the_first_readers_of_new_filters_wait_for_one_count(timeline, monkeypatch):
    filters = TimelineFilter(actors=(timeline[1],))
    runs = slow_counting(monkeypatch, 0.5)
    outcomes = at_once(4, lambda: aggregates.summary(filters))
    assert not [o for o in outcomes if isinstance(o, Exception)], outcomes
    assert len(runs) == 1
    assert all(value == outcomes[0][0] for value, _ in outcomes)


def test_stale_counts_are_recounted_when_no_one_else_is(timeline):
    filters = TimelineFilter(actors=(timeline[1],))
    before = aggregates.summary(filters).total
    EventFactory(actors=[timeline[1]])
    assert aggregates.summary(filters).total == before + 1


def test_the_actor_index_counts_public_events_from_the_tallies(client, timeline):
    common, rare = timeline
    ActorFactory(name="Transnistria", slug="transnistria")  # no events: not listed
    page = client.get("/actors/").content.decode()
    for actor in (common, rare):
        count = Event.objects.public().filter(actors=actor).count()
        assert re.search(rf">{actor.name}</a> <span class=\"count\">{count}<", page)
    assert "Transnistria" not in page
