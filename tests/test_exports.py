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
