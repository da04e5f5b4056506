"""CSV, JSON and TimelineJS downloads of the current filter: confirmed events only, escaped."""

import csv
import datetime
import io
import json

import pytest

from tests.factories import ActorFactory, ArticleFactory, EventFactory, TopicFactory
from timeline.models import Status
from timeline.periods import Precision

pytestmark = pytest.mark.django_db


def body(response) -> str:
    return b"".join(response.streaming_content).decode()


@pytest.fixture
def events():
    poland = ActorFactory(name="Poland", slug="poland")
    topic = TopicFactory(name="Air defence", slug="air-defence")
    EventFactory(
        title="Patriots for Poland",
        actors=[poland],
        topics=[topic],
        date=datetime.date(2022, 11, 1),
        precision=Precision.MONTH,
        mention__sentence="In November Patriots arrived.",
        mention__expression="In November",
    )
    EventFactory(title="Unrelated", date=datetime.date(2021, 1, 2))
    EventFactory(title="Pending secret", status=Status.PENDING, actors=[poland])
    EventFactory(title="Rejected secret", status=Status.REJECTED, actors=[poland])


def test_csv_export_has_one_row_per_confirmed_event_of_the_filter(client, events):
    response = client.get("/export.csv?actor=poland")
    assert response["Content-Type"] == "text/csv"
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(body(response))))
    assert [row["title"] for row in rows] == ["Patriots for Poland"]
    assert rows[0]["date_display"] == "November 2022"
    assert rows[0]["actors"] == "Poland"
    assert rows[0]["quotes"] == "In November Patriots arrived."
    assert rows[0]["permalink"].startswith("http://testserver/events/")


def test_csv_export_defuses_spreadsheet_formulas(client):
    EventFactory(title='=HYPERLINK("http://evil")')
    rows = list(csv.DictReader(io.StringIO(body(client.get("/export.csv")))))
    assert rows[0]["title"].startswith("'=")


def test_json_export_keeps_precision_and_sources(client, events):
    data = json.loads(body(client.get("/export.json?topic=air-defence")))
    [event] = data["events"]
    assert event["date"] == "2022-11-01"
    assert event["precision"] == "month"
    assert event["date_display"] == "November 2022"
    assert [topic["slug"] for topic in event["topics"]] == ["air-defence"]
    assert event["mentions"][0]["article"]["publisher"] == "UNN"


def test_timelinejs_export_dates_at_precision_and_escapes_html(client):
    EventFactory(
        title="<img src=x onerror=alert(1)>",
        date=datetime.date(2024, 1, 1),
        precision=Precision.YEAR,
        mention__sentence="In 2024 <script>alert(1)</script> happened.",
        mention__expression="In 2024",
    )
    data = json.loads(body(client.get("/export.timelinejs.json")))
    [slide] = data["events"]
    assert slide["start_date"] == {"year": 2024}
    assert slide["display_date"] == "2024"
    assert "<script>" not in slide["text"]["text"]
    assert "&lt;script&gt;" in slide["text"]["text"]
    assert "<img" not in slide["text"]["headline"]
    assert data["title"]["text"]["headline"] == "Defence-cooperation timeline"


def test_timelinejs_range_has_an_end_date(client):
    EventFactory(
        date=datetime.date(2022, 3, 1), date_end=datetime.date(2022, 5, 1), precision="month"
    )
    [slide] = json.loads(body(client.get("/export.timelinejs.json")))["events"]
    assert slide["start_date"] == {"year": 2022, "month": 3}
    assert slide["end_date"] == {"year": 2022, "month": 5}


@pytest.mark.parametrize("url", ["/export.csv", "/export.json", "/export.timelinejs.json"])
def test_exports_contain_confirmed_events_only(client, events, url):
    text = body(client.get(url))
    assert "Patriots for Poland" in text
    assert "secret" not in text


@pytest.mark.parametrize("url", ["/export.csv", "/export.json", "/export.timelinejs.json"])
def test_exports_with_invalid_filters_do_not_fail(client, events, url):
    response = client.get(url + "?from=notadate&actor=nobody&cursor=x")
    assert response.status_code == 200
    assert "Patriots for Poland" in body(response)


def test_exports_cost_a_constant_number_of_queries(client, django_assert_max_num_queries):
    for _ in range(12):
        event = EventFactory(actors=[ActorFactory(), ActorFactory()], topics=[TopicFactory()])
        event.mentions.create(article=ArticleFactory(), sentence="Again.", start=0, end=6)
    with django_assert_max_num_queries(6):
        assert body(client.get("/export.json")).count('"permalink"') == 12


def test_exports_drop_an_unmatched_quotation_mark_and_count_each_article_once(client):
    article = ArticleFactory(publisher="UNN", body='Headline\n\n"Today we agreed. Today we met.')
    event = EventFactory(mention__sentence='"Today we agreed.', mention__article=article)
    event.mentions.create(article=article, sentence="Today we met.", start=28, end=41)
    record = json.loads(b"".join(client.get("/export.json").streaming_content))["events"][0]
    assert [mention["quote"] for mention in record["mentions"]] == [
        "Today we agreed.",
        "Today we met.",
    ]
    body = b"".join(client.get("/export.csv").streaming_content).decode()
    rows = list(csv.DictReader(io.StringIO(body)))
    assert rows[0]["quotes"] == "Today we agreed.\nToday we met."
    assert rows[0]["sources"] == "UNN"


def test_a_large_export_is_read_in_chunks_in_timeline_order(client, monkeypatch):
    monkeypatch.setattr("timeline.exports.CHUNK", 5)
    for day in range(1, 13):
        EventFactory(title=f"Day {day}", date=datetime.date(2022, 10, day))
    data = json.loads(body(client.get("/export.json")))
    assert [event["title"] for event in data["events"]] == [f"Day {d}" for d in range(12, 0, -1)]
    assert all(len(event["mentions"]) == 1 for event in data["events"])


def test_a_database_failure_before_the_download_starts_is_a_503_not_a_cut_200(client):
    from django.db import OperationalError, connection

    EventFactory()

    def database_down(execute, sql, params, many, context):
        if "timeline_event" in sql:
            raise OperationalError("server closed the connection unexpectedly")
        return execute(sql, params, many, context)

    for url in ["/export.csv", "/export.json", "/export.timelinejs.json"]:
        with connection.execute_wrapper(database_down):
            response = client.get(url)
        assert response.status_code == 503
        assert response["Retry-After"] == "60"
        assert "the database did not answer" in response.content.decode()


def test_downloads_are_limited_per_client(client, settings):
    settings.EXPORT_RATE_LIMIT = "2/m"
    EventFactory()
    assert [client.get("/export.csv").status_code for _ in range(2)] == [200, 200]
    refused = client.get("/export.json")
    assert refused.status_code == 429
    assert 1 <= int(refused["Retry-After"]) <= 60
    other = client.get("/export.csv", REMOTE_ADDR="192.0.2.7")
    assert other.status_code == 200


def test_behind_a_proxy_downloads_are_limited_per_forwarded_client(client, settings):
    settings.EXPORT_RATE_LIMIT = "1/m"
    settings.CLIENT_IP_HEADER = "X-Forwarded-For"
    EventFactory()
    first = {"HTTP_X_FORWARDED_FOR": "198.51.100.1, 203.0.113.9"}
    second = {"HTTP_X_FORWARDED_FOR": "198.51.100.1, 203.0.113.10"}
    assert client.get("/export.csv", **first).status_code == 200
    assert client.get("/export.csv", **first).status_code == 429
    assert client.get("/export.csv", **second).status_code == 200
