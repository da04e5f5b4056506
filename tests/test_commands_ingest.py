"""The ingest and extract commands: what editors and the demo use to load articles."""

import json
import shutil

import pytest
from django.core.management import CommandError, call_command

from tests.conftest import ARTICLES
from timeline.models import Article, Event, Mention, PublishedSource

pytestmark = pytest.mark.django_db

REZNIKOV = ARTICLES / "reznikov-nato-integration-2022-10-01.txt"
ZELENSKYY = ARTICLES / "zelenskyy-joint-missile-defence-nato-neighbours.txt"


def counts() -> tuple[int, int, int]:
    return Article.objects.count(), Event.objects.count(), Mention.objects.count()


def test_ingest_stores_the_article_with_its_cleaned_text_and_proposed_events(capsys):
    call_command("ingest", str(REZNIKOV))
    article = Article.objects.get()
    assert article.title.startswith("Ukraine’s cooperation with NATO in defense")
    assert article.published.isoformat() == "2022-10-01T14:41:00+00:00"
    assert article.published_source == PublishedSource.DATELINE
    assert "Spelling error report" not in article.body
    assert article.raw_content.startswith("fbpx")
    assert article.extractor_version
    assert Event.objects.filter(status="pending").count() >= 3
    for mention in Mention.objects.all():
        assert article.body[mention.start : mention.end] == mention.sentence
    assert "proposed for review" in capsys.readouterr().out


def test_ingesting_the_same_articles_twice_duplicates_nothing(capsys):
    call_command("ingest", str(REZNIKOV))
    call_command("ingest", str(ZELENSKYY), "--published", "2024-07-20")
    before = counts()
    call_command("ingest", str(REZNIKOV))
    call_command("ingest", str(ZELENSKYY), "--published", "2024-07-20")
    assert counts() == before
    assert "already ingested" in capsys.readouterr().out


def test_ingest_takes_a_folder(tmp_path):
    shutil.copy(REZNIKOV, tmp_path)
    shutil.copy(ZELENSKYY, tmp_path)
    (tmp_path / "notes.md").write_text("not an article")
    call_command("ingest", str(tmp_path))
    assert Article.objects.count() == 2


def test_given_publication_date_resolves_year_less_dates():
    call_command("ingest", str(ZELENSKYY), "--published", "2024-07-20", "--publisher", "UNN")
    article = Article.objects.get()
    assert article.published_source == PublishedSource.GIVEN
    assert article.publisher == "UNN"
    july_15 = Event.objects.get(mentions__expression__icontains="July 15")
    assert july_15.date.isoformat() == "2024-07-15"


def test_without_a_publication_date_year_less_events_need_a_date():
    call_command("ingest", str(ZELENSKYY))
    july_15 = Event.objects.get(mentions__expression__icontains="July 15")
    assert july_15.date is None
    assert july_15.timex == "XXXX-07-15"


def test_a_missing_file_stops_before_anything_is_written(tmp_path):
    with pytest.raises(CommandError, match="no such file or folder"):
        call_command("ingest", str(REZNIKOV), str(tmp_path / "missing.txt"))
    assert counts() == (0, 0, 0)


def test_an_unreadable_article_is_reported_and_the_others_still_go_in(tmp_path, capsys):
    binary = tmp_path / "photo.txt"
    binary.write_bytes(bytes(range(256)) * 20)
    empty = tmp_path / "empty.txt"
    empty.write_text("   \n\n  ")
    with pytest.raises(CommandError, match="2 of 3 article"):
        call_command("ingest", str(binary), str(empty), str(REZNIKOV))
    errors = capsys.readouterr().err
    assert "photo.txt: not ingested" in errors
    assert "empty.txt: not ingested" in errors
    assert Article.objects.count() == 1


def test_a_failure_while_storing_leaves_nothing_half_written(monkeypatch):
    def explode(*args, **kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr("timeline.storing.create_events_of", explode)
    with pytest.raises(RuntimeError):
        call_command("ingest", str(REZNIKOV))
    assert counts() == (0, 0, 0)


def test_a_bad_published_date_is_refused_clearly():
    with pytest.raises(CommandError, match="is not a date"):
        call_command("ingest", str(REZNIKOV), "--published", "1 Oct")


def test_published_and_url_describe_a_single_file():
    with pytest.raises(CommandError, match="name a single file"):
        call_command("ingest", str(REZNIKOV), str(ZELENSKYY), "--url", "https://x.example/a")


def test_extract_is_a_dry_run_printing_json(capsys):
    call_command("extract", str(ZELENSKYY), "--published", "2024-07-20", "--format", "json")
    report = json.loads(capsys.readouterr().out)
    assert counts() == (0, 0, 0)
    assert report["published"].startswith("2024-07-20")
    assert report["published_source"] == "argument"
    july_15 = next(e for e in report["events"] if "July 15" in e["date_text"])
    assert july_15["date"] == "2024-07-15"
    assert july_15["precision"] == "day"
    assert "Volodymyr Zelenskyy" in july_15["actors"]
    assert set(report["events"][0]) >= {
        "date",
        "date_end",
        "precision",
        "date_text",
        "implicit_date",
        "needs_date",
        "title",
        "sentence",
        "actors",
        "topics",
        "confidence",
        "target_date",
        "candidate_actors",
    }


def test_extract_prints_a_table_for_people(capsys):
    call_command("extract", str(REZNIKOV), "--format", "table")
    out = capsys.readouterr().out
    assert "Published: 2022-10-01T14:41:00 (dateline)" in out
    assert "2021-11-01 [month, '11 months ago'" in out


def test_confirm_pending_confirms_confident_dated_proposals_and_records_it():
    call_command("ingest", str(ZELENSKYY), str(REZNIKOV))
    call_command("confirm_pending", "--min-confidence", "0.9")
    confirmed = Event.objects.filter(status="confirmed")
    assert confirmed.exists()
    assert not confirmed.filter(date__isnull=True).exists()
    assert not confirmed.filter(confidence__lt=0.9).exists()
    assert Event.objects.filter(status="pending", date__isnull=True).exists()
    event = confirmed.first()
    assert event.history.first().history_change_reason == "Confirmed in bulk (confirm_pending)"


def write_json_lines(path, records: list) -> None:
    path.write_text(
        "\n".join(r if isinstance(r, str) else json.dumps(r) for r in records), encoding="utf-8"
    )


def test_json_lines_bring_url_and_publication_date_and_bad_lines_are_reported(tmp_path, capsys):
    feed = tmp_path / "feed.jsonl"
    write_json_lines(
        feed,
        [
            {
                "url": "https://www.unn.example/zelenskyy-meeting",
                "published": "2024-07-20",
                "content": ZELENSKYY.read_text(encoding="utf-8"),
            },
            "{not json",
            {"url": "https://example.org/no-content"},
            {"content": REZNIKOV.read_text(encoding="utf-8"), "published": "yesterday"},
        ],
    )
    with pytest.raises(CommandError, match="3 of 4 article"):
        call_command("ingest", str(feed))
    errors = capsys.readouterr().err
    assert "feed.jsonl:2: not JSON" in errors
    assert "feed.jsonl:3: expected an object with a text field 'content'" in errors
    assert "feed.jsonl:4: published 'yesterday' is not a date" in errors
    article = Article.objects.get()
    assert article.url == "https://www.unn.example/zelenskyy-meeting"
    assert article.publisher == "unn.example"
    assert article.published.date().isoformat() == "2024-07-20"


def test_parallel_workers_store_the_same_articles_and_events_as_one_process(tmp_path, capsys):
    shutil.copy(REZNIKOV, tmp_path)
    shutil.copy(ZELENSKYY, tmp_path)
    call_command("ingest", str(tmp_path), "--jobs", "2", "--batch-size", "1")
    parallel = sorted(Event.objects.values_list("title", "date", "precision"))
    assert "2 new, 0 duplicate, 0 failed" in capsys.readouterr().out
    Article.objects.all().delete()
    Event.objects.all().delete()
    call_command("ingest", str(tmp_path))
    assert sorted(Event.objects.values_list("title", "date", "precision")) == parallel


def test_an_interrupted_run_resumes_without_duplicates(tmp_path, capsys):
    shutil.copy(REZNIKOV, tmp_path)
    call_command("ingest", str(tmp_path))
    shutil.copy(ZELENSKYY, tmp_path)
    call_command("ingest", str(tmp_path))
    assert "1 new, 1 duplicate, 0 failed" in capsys.readouterr().out
    assert Article.objects.count() == 2


def short_article(number: int) -> str:
    return (
        f"Allies agree on air defence, report {number}\n\n"
        f"On 1 October 2022 Ukraine and Poland agreed to build air defence together ({number}).\n"
    )


def test_a_utf16_file_among_good_ones_goes_in_with_the_rest_and_no_nul(tmp_path, capsys):
    for number in range(5):
        (tmp_path / f"good-{number}.txt").write_text(short_article(number), encoding="utf-8")
    (tmp_path / "windows.txt").write_bytes(short_article(99).encode("utf-16"))
    call_command("ingest", str(tmp_path))
    assert "6 new, 0 duplicate, 0 failed" in capsys.readouterr().out
    article = Article.objects.get(title__endswith="report 99")
    assert article.raw_content == short_article(99)
    assert "\x00" not in article.body


def test_bad_json_lines_records_fail_alone_with_their_reasons(tmp_path, capsys):
    feed = tmp_path / "feed.jsonl"
    good = {"url": "https://news.example.org/good", "content": short_article(1)}
    long_url = {"url": "https://news.example.org/" + "a" * 2100, "content": short_article(2)}
    nul = {"url": "https://news.example.org/nul", "content": short_article(3) + "\u0000end"}
    surrogate = '{"url": "https://news.example.org/s", "content": "Kyiv \\ud800 ' + (
        short_article(4).replace("\n", " ") + '"}'
    )
    write_json_lines(feed, [good, long_url, nul, surrogate])
    with pytest.raises(CommandError, match="2 of 4 article"):
        call_command("ingest", str(feed))
    output = capsys.readouterr()
    assert "feed.jsonl:2: not ingested: The URL is 2,125 characters long" in output.err
    assert "feed.jsonl:4: not ingested: The content holds an unpaired surrogate U+D800" in (
        output.err
    )
    assert "2 new, 0 duplicate, 2 failed" in output.out
    assert sorted(Article.objects.values_list("url", flat=True)) == [
        "https://news.example.org/good",
        "https://news.example.org/nul",
    ]
    assert "\x00" not in Article.objects.get(url__endswith="/nul").raw_content


def test_an_article_the_database_refuses_fails_alone_and_its_batch_is_kept(tmp_path, capsys):
    from django.db import DataError, connection

    for number in range(3):
        (tmp_path / f"{number}.txt").write_text(short_article(number), encoding="utf-8")

    def refuse_report_one(execute, sql, params, many, context):
        if "INSERT INTO" in sql and "timeline_article" in sql and "report 1" in str(params):
            raise DataError("value too long for type character varying(500)")
        return execute(sql, params, many, context)

    with connection.execute_wrapper(refuse_report_one), pytest.raises(CommandError, match="1 of 3"):
        call_command("ingest", str(tmp_path), "--batch-size", "10")
    output = capsys.readouterr()
    assert "1.txt: not ingested: the database refused it (value too long" in output.err
    assert "2 new, 0 duplicate, 1 failed" in output.out
    assert Article.objects.count() == 2
    assert not Article.objects.filter(title__endswith="report 1").exists()


@pytest.mark.django_db(transaction=True)
def test_parallel_workers_outside_a_transaction_store_everything_and_the_database_stays_usable(
    tmp_path, capsys, migrated_data
):
    # Outside a caller's transaction the command closes its connection before the workers are
    # forked, and opens a new one to write.
    for number in range(6):
        (tmp_path / f"{number}.txt").write_text(short_article(number), encoding="utf-8")
    call_command("ingest", str(tmp_path), "--jobs", "2", "--batch-size", "4")
    assert "6 new, 0 duplicate, 0 failed" in capsys.readouterr().out
    assert Article.objects.count() == 6
    assert Mention.objects.filter(sentence__contains="Ukraine and Poland agreed").count() == 6


def test_two_reports_of_one_act_in_one_batch_are_suggested_as_duplicates(tmp_path):
    from timeline.models import DuplicateSuggestion

    feed = tmp_path / "feed.jsonl"
    reuters = {
        "content": "Poland buys Patriot systems\n\nOn 14 May 2024 Poland signed a contract "
        "with the United States to buy four more Patriot air defence batteries.",
        "published": "2024-05-14",
        "publisher": "Reuters",
    }
    ap = {
        "content": "Warsaw signs Patriot deal\n\nWarsaw on Tuesday signed an agreement with "
        "Washington for four additional Patriot batteries.",
        "published": "2024-05-15",
        "publisher": "AP",
    }
    write_json_lines(feed, [reuters, ap])
    call_command("ingest", str(feed), "--batch-size", "10")
    suggestion = DuplicateSuggestion.objects.get()
    outlets = [
        set(Mention.objects.filter(event=event).values_list("article__publisher", flat=True))
        for event in (suggestion.event, suggestion.original)
    ]
    assert outlets == [{"AP"}, {"Reuters"}]


def test_the_link_rows_of_ingested_events_carry_their_date_and_status(tmp_path):
    from timeline.models import ActorLink

    for number in range(3):
        (tmp_path / f"{number}.txt").write_text(short_article(number), encoding="utf-8")
    call_command("ingest", str(tmp_path), "--batch-size", "10")
    links = ActorLink.objects.values_list("event__date", "date", "status")
    assert links.count() >= 3
    assert all((copy, status) == (date, "pending") for date, copy, status in links)


def test_a_batch_of_articles_is_reviewed_article_by_article_in_publication_order(tmp_path):
    feed = tmp_path / "feed.jsonl"
    later = {"content": short_article(1), "published": "2022-10-03", "publisher": "AP"}
    earlier = {"content": short_article(2), "published": "2022-10-02", "publisher": "Reuters"}
    write_json_lines(feed, [later, earlier])
    call_command("ingest", str(feed), "--batch-size", "10")
    queue = list(Event.objects.review_queue())
    assert [event.mentions.get().article.publisher for event in queue] == ["Reuters", "AP"]
    assert all(event.queue_article == event.mentions.get().article_id for event in queue)
