"""The chart view's data endpoint: the visible window of the filter, in lanes, capped."""

import datetime

import pytest

from tests.factories import ActorFactory, EventFactory
from timeline import chart
from timeline.models import Status
from timeline.periods import Precision

pytestmark = pytest.mark.django_db


@pytest.fixture
def events():
    poland = ActorFactory(name="Poland", slug="poland")
    nato = ActorFactory(name="NATO", slug="nato")
    EventFactory(title="Day", date=datetime.date(2022, 10, 3), actors=[poland, nato])
    EventFactory(
        title="Month", date=datetime.date(2022, 11, 1), precision=Precision.MONTH, actors=[nato]
    )
    EventFactory(
        title="Range",
        date=datetime.date(2022, 3, 1),
        date_end=datetime.date(2022, 5, 1),
        precision=Precision.MONTH,
    )
    EventFactory(title="Old", date=datetime.date(2015, 1, 1), actors=[poland])
    EventFactory(title="Pending", date=datetime.date(2022, 10, 4), status=Status.PENDING)
    return poland, nato


def items_by_title(data) -> dict[str, list[dict]]:
    found: dict[str, list[dict]] = {}
    for item in data["items"]:
        found.setdefault(item["title"], []).append(item)
    return found


def test_chart_data_is_the_window_of_the_filter_in_lanes_of_actors(client, events):
    response = client.get("/chart.json?start=2022-01-01&end=2022-12-31")
    assert response.status_code == 200
    data = response.json()
    assert [lane["content"] for lane in data["lanes"]] == ["NATO", "Poland", "Other actors"]
    found = items_by_title(data)
    assert set(found) == {"Day", "Month", "Range"}  # not 2015, not pending
    assert sorted(item["group"] for item in found["Day"]) == ["nato", "poland"]
    assert found["Range"][0]["group"] == "other"


def test_periods_are_drawn_over_their_period_and_days_as_points(client, events):
    found = items_by_title(client.get("/chart.json?start=2022-01-01&end=2022-12-31").json())
    [day] = found["Day"][:1]
    assert day["type"] == "point" and "end" not in day and day["url"].startswith("/events/")
    [month] = found["Month"]
    assert (month["type"], month["start"], month["end"]) == ("range", "2022-11-01", "2022-12-01")
    [span] = found["Range"]
    assert (span["start"], span["end"]) == ("2022-03-01", "2022-06-01")
    assert span["date"] == "March 2022 – May 2022"


def test_chosen_actors_are_the_lanes(client, events):
    data = client.get("/chart.json?actor=poland&start=2010-01-01&end=2030-01-01").json()
    assert [lane["id"] for lane in data["lanes"]] == ["poland", "other"]
    assert set(items_by_title(data)) == {"Day", "Old"}


def test_a_window_holds_at_most_the_limit(client, events, monkeypatch):
    monkeypatch.setattr(chart, "LIMIT", 2)
    data = client.get("/chart.json?start=2000-01-01&end=2030-01-01").json()
    assert data["truncated"] is True
    assert len({item["id"].split("-")[0] for item in data["items"]}) == 2


@pytest.mark.parametrize(
    "query",
    ["", "start=2022-01-01", "start=banana&end=2022-01-01", "start=2022-02-01&end=2022-01-01"],
)
def test_a_bad_window_is_a_clear_error(client, query):
    response = client.get(f"/chart.json?{query}")
    assert response.status_code == 400
    assert "window" in response.json()["error"]


def test_chart_data_costs_a_constant_number_of_queries(client, django_assert_max_num_queries):
    actors = [ActorFactory() for _ in range(8)]
    for day in range(1, 29):
        EventFactory(date=datetime.date(2022, 10, day), actors=actors)
    # The data version, the facet counts (until cached: five), the lanes' actors, the events
    # and their links to the lanes.
    with django_assert_max_num_queries(9):
        client.get("/chart.json?start=2022-01-01&end=2022-12-31")
    with django_assert_max_num_queries(4):
        data = client.get("/chart.json?start=2022-01-01&end=2022-12-31").json()
    assert len(data["items"]) == 28 * chart.MAX_LANES
    # One actor's window, read along its links (on PostgreSQL by one worker: one more query).
    url = f"/chart.json?actor={actors[0].slug}&start=2022-01-01&end=2022-12-31"
    client.get(url)
    with django_assert_max_num_queries(4):
        data = client.get(url).json()
    assert len(data["items"]) == 28
