"""Duplicates caught when they arrive: suggested at ingest across articles, remembered when an
editor says a pair differs, and decided on from the Possible duplicates page."""

import datetime
import itertools
import json

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import ActorFactory, ArticleFactory, EventFactory, make_user
from timeline.duplicates import (
    best_suggestion,
    mark_not_duplicate,
    merge_into,
    suggest_for_events,
)
from timeline.ingestion import ingest, reextract
from timeline.merging import MergeConflict, merge_events
from timeline.models import DuplicateSuggestion, Event, EventMerge, NotDuplicate, Status

pytestmark = pytest.mark.django_db
HEADLINES = itertools.count()

REUTERS = (
    "Poland buys Patriot systems\n\n"
    "On 14 May 2024 Poland signed a contract with the United States to buy four more Patriot air "
    "defence batteries, Defence Minister Władysław Kosiniak-Kamysz said."
)
AP = (
    "Warsaw signs Patriot deal\n\n"
    "Warsaw on Tuesday signed an agreement with Washington for four additional Patriot batteries."
)
AFP_TALKS = (
    "Poland holds talks with US\n\n"
    "On 14 May 2024 Poland and the United States held talks on air defence in Warsaw."
)
PARADE = (
    "Poland marks Armed Forces Day\n\n"
    "Poland held a military parade in Warsaw on 14 May 2024 to mark Armed Forces Day."
)
MAY_14 = datetime.date(2024, 5, 14)


def ingested(text: str, outlet: str, published=MAY_14) -> Event:
    outcome = ingest(text, published=published, publisher=outlet)
    return Event.objects.filter(mentions__article=outcome.article).distinct().get()


def test_the_same_act_reported_by_two_outlets_is_suggested_when_the_second_arrives():
    original = ingested(REUTERS, "Reuters")
    assert not DuplicateSuggestion.objects.exists()
    retold = ingested(AP, "AP", published=datetime.date(2024, 5, 15))

    suggestion = DuplicateSuggestion.objects.get()
    assert (suggestion.event, suggestion.original) == (retold, original)
    assert suggestion.reasons["shared_actors"] == ["Poland", "United States"]
    assert suggestion.reasons["days_apart"] == 0
    assert (
        str(best_suggestion(retold))
        == f"probably the same as #{original.pk} (Reuters, 14 May 2024)"
    )


def test_other_acts_of_the_same_actors_that_day_are_not_suggested():
    ingested(REUTERS, "Reuters")
    ingested(AFP_TALKS, "AFP")
    ingested(PARADE, "PAP")
    assert not DuplicateSuggestion.objects.exists()


def test_a_pending_event_is_the_duplicate_of_a_confirmed_one_whatever_arrived_first():
    first = ingested(REUTERS, "Reuters")
    second = ingested(AP, "AP")
    DuplicateSuggestion.objects.all().delete()
    Event.objects.filter(pk=second.pk).update(status=Status.CONFIRMED)

    suggest_for_events(Event.objects.filter(pk=second.pk))

    assert DuplicateSuggestion.objects.get().original == second
    assert best_suggestion(first).other == second


def test_retellings_within_one_article_are_left_to_the_extractor():
    nato = ActorFactory()
    article = ArticleFactory(
        body="Head\n\nToday Alliance X met Ukraine.\n\nToday Alliance X met Ukraine."
    )
    for _ in range(2):
        EventFactory(
            status=Status.PENDING,
            actors=[nato],
            title="Alliance X meets Ukraine",
            mention__article=article,
            mention__sentence="Today Alliance X met Ukraine.",
        )
    assert suggest_for_events(Event.objects.all()) == 0


def reported(title, sentence, *, actors, **kwargs) -> Event:
    headline = f"Headline {next(HEADLINES)}"
    return EventFactory(
        title=title,
        actors=actors,
        mention__article=ArticleFactory(body=f"{headline}\n\n{sentence}"),
        mention__sentence=sentence,
        **kwargs,
    )


@pytest.mark.parametrize(
    ("other_date", "precision", "suggested"),
    [
        (datetime.date(2022, 10, 1), "day", True),
        (datetime.date(2022, 10, 2), "day", True),  # an outlet a time zone away
        (datetime.date(2022, 10, 4), "day", False),
        (datetime.date(2022, 10, 1), "month", True),  # a day inside its month
        (datetime.date(2022, 1, 1), "year", False),  # a year says too little of when
        (datetime.date(2023, 10, 1), "day", False),
    ],
)
def test_dates_must_be_near_at_a_precision_that_can_tell(other_date, precision, suggested):
    nato = ActorFactory()
    sentence = "Ukraine and Alliance X agreed on joint air defence."
    reported("Agreement on air defence", sentence, actors=[nato], date=datetime.date(2022, 10, 1))
    later = reported(
        "Agreement on air defence", sentence, actors=[nato], date=other_date, precision=precision
    )
    suggest_for_events(Event.objects.filter(pk=later.pk))
    assert DuplicateSuggestion.objects.exists() is suggested


def test_without_a_shared_actor_nothing_is_suggested():
    sentence = "Today the two sides agreed on joint air defence."
    reported("Agreement on air defence", sentence, actors=[ActorFactory()])
    later = reported("Agreement on air defence", sentence, actors=[ActorFactory()])
    assert suggest_for_events(Event.objects.filter(pk=later.pk)) == 0


def test_rejected_events_are_neither_compared_nor_suggested():
    nato = ActorFactory()
    sentence = "Today Ukraine and Alliance X agreed on joint air defence."
    reported("Air defence deal", sentence, actors=[nato], status=Status.REJECTED)
    later = reported("Air defence deal", sentence, actors=[nato], status=Status.PENDING)
    assert suggest_for_events(Event.objects.filter(pk=later.pk)) == 0


def test_not_a_duplicate_is_remembered_in_either_order(editor):
    original = ingested(REUTERS, "Reuters")
    retold = ingested(AP, "AP")

    mark_not_duplicate(original, retold, editor)  # the pair named the other way round

    assert not DuplicateSuggestion.objects.exists()
    assert best_suggestion(retold) is None
    pair = NotDuplicate.objects.get()
    assert (pair.first_id, pair.second_id, pair.marked_by) == (original.pk, retold.pk, editor)
    assert suggest_for_events(Event.objects.all()) == 0
    call_command("suggest_duplicates", stdout=None)
    assert not DuplicateSuggestion.objects.exists()
    mark_not_duplicate(retold, original, editor)  # twice is once
    assert NotDuplicate.objects.count() == 1


def test_merging_a_suggestion_makes_the_new_report_a_further_source(editor):
    original = ingested(REUTERS, "Reuters")
    retold = ingested(AP, "AP")
    retold_pk = retold.pk

    merge = merge_into(retold, original, editor)

    assert merge.merged_ids == [retold_pk] and merge.kept == original
    assert not Event.objects.filter(pk=retold_pk).exists()
    assert set(original.mentions.values_list("article__publisher", flat=True)) == {"Reuters", "AP"}
    assert not DuplicateSuggestion.objects.exists()
    history = Event.history.filter(id=retold_pk).latest("history_date")
    assert history.history_change_reason == f"Merged into #{original.pk}"
    with pytest.raises(MergeConflict, match="no longer exists"):
        merge_into(retold, original, editor)
    with pytest.raises(MergeConflict, match="no longer exists"):
        mark_not_duplicate(retold, original, editor)


def test_re_extracting_an_article_suggests_its_new_events_again():
    ingested(REUTERS, "Reuters")
    retold = ingested(AP, "AP")
    reextract(retold.mentions.first().article)
    assert DuplicateSuggestion.objects.count() == 1


def test_the_backfill_command_finds_pairs_stored_before_and_runs_again_harmlessly(capsys):
    ingested(REUTERS, "Reuters")
    ingested(AP, "AP")
    ingested(AFP_TALKS, "AFP")
    DuplicateSuggestion.objects.all().delete()

    call_command("suggest_duplicates")
    assert "Compared 3 event(s): 1 likely duplicate pair(s) found." in capsys.readouterr().out
    call_command("suggest_duplicates", "--since", "2024-05-01")
    assert "0 likely duplicate pair(s) found" in capsys.readouterr().out
    assert DuplicateSuggestion.objects.count() == 1


# The Possible duplicates page.


@pytest.fixture
def pair():
    original = ingested(REUTERS, "Reuters")
    retold = ingested(AP, "AP", published=datetime.date(2024, 5, 15))
    return DuplicateSuggestion.objects.get(), retold, original


def test_the_page_shows_each_side_with_id_status_date_and_outlet(editor_client, pair):
    suggestion, retold, original = pair
    Event.objects.filter(pk=original.pk).update(status=Status.CONFIRMED)
    page = editor_client.get(reverse("admin:timeline_event_duplicates")).content.decode()
    for event, outlet in [(retold, "AP, 15 May 2024"), (original, "Reuters, 14 May 2024")]:
        assert f">#{event.pk}</a>" in page
        assert event.title in page and outlet in page
    assert "Pending review" in page and "Confirmed" in page and "14 May 2024" in page
    assert "Poland, United States · same dates" in page
    assert reverse("admin:timeline_event_merge_suggestion", args=[suggestion.pk]) in page
    assert reverse("admin:timeline_event_not_duplicate", args=[suggestion.pk]) in page


def test_merging_from_the_page_asks_first_then_merges(editor_client, pair):
    suggestion, retold, original = pair
    url = reverse("admin:timeline_event_merge_suggestion", args=[suggestion.pk])

    ask = editor_client.get(url + "?p=1").content.decode()
    assert f"Merge #{retold.pk} into #{original.pk}?" in ask
    assert f'name="keep" value="{original.pk}" id="keep-{original.pk}" checked' in ask
    assert Event.objects.filter(pk=retold.pk).exists()  # nothing merged by looking

    response = editor_client.post(url, {"keep": original.pk, "p": "1"}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("admin:timeline_event_duplicates") + "?p=1"
    assert f"Merged #{retold.pk} into" in response.content.decode()
    assert not Event.objects.filter(pk=retold.pk).exists()
    assert set(original.mentions.values_list("article__publisher", flat=True)) == {"Reuters", "AP"}
    assert EventMerge.objects.get().merged_by.username == "editor"


def test_the_editor_may_keep_the_newer_event(editor_client, pair):
    suggestion, retold, original = pair
    url = reverse("admin:timeline_event_merge_suggestion", args=[suggestion.pk])
    editor_client.post(url, {"keep": retold.pk})
    assert not Event.objects.filter(pk=original.pk).exists()
    assert set(retold.mentions.values_list("article__publisher", flat=True)) == {"Reuters", "AP"}


@pytest.mark.parametrize("keep", ["", "abc", "999999"])
def test_merging_without_a_valid_choice_asks_again(editor_client, pair, keep):
    suggestion, retold, original = pair
    url = reverse("admin:timeline_event_merge_suggestion", args=[suggestion.pk])
    response = editor_client.post(url, {"keep": keep}, follow=True)
    assert response.status_code == 200
    assert "Choose which of the two events to keep" in response.content.decode()
    assert Event.objects.filter(pk__in=[retold.pk, original.pk]).count() == 2


def test_a_suggestion_merged_meanwhile_gets_a_clear_message(editor_client, editor, pair):
    suggestion, retold, original = pair
    merge_events(original, [retold], make_user("alice"))  # another editor, a moment ago
    for url, method in [
        (reverse("admin:timeline_event_merge_suggestion", args=[suggestion.pk]), "get"),
        (reverse("admin:timeline_event_merge_suggestion", args=[suggestion.pk]), "post"),
        (reverse("admin:timeline_event_not_duplicate", args=[suggestion.pk]), "post"),
    ]:
        response = getattr(editor_client, method)(url, {"keep": original.pk}, follow=True)
        assert response.status_code == 200
        assert "That suggestion is no longer open" in response.content.decode()
    assert EventMerge.objects.count() == 1


def test_not_a_duplicate_from_the_page(editor_client, pair):
    suggestion, retold, original = pair
    url = reverse("admin:timeline_event_not_duplicate", args=[suggestion.pk])
    response = editor_client.post(url, {"p": "1"}, follow=True)
    page = response.content.decode()
    assert "are marked as different events" in page
    assert "No open suggestions" in page
    assert NotDuplicate.objects.filter(first=original, second=retold).exists()
    assert editor_client.get(url).status_code == 405


def test_the_page_is_paginated_with_a_constant_number_of_queries(editor_client):
    nato = ActorFactory()
    events = [reported(f"Event {n}", f"Today meeting {n}.", actors=[nato]) for n in range(60)]
    DuplicateSuggestion.objects.bulk_create(
        DuplicateSuggestion(event=later, original=earlier, score=90 - n / 10)
        for n, (earlier, later) in enumerate(itertools.pairwise(events))
    )
    url = reverse("admin:timeline_event_duplicates")
    with CaptureQueriesContext(connection) as first_page:
        page = editor_client.get(url).content.decode()
    assert "59 open suggestions" in page and "Page 1 of 3" in page
    assert page.count("Not a duplicate</button>") == 25
    with CaptureQueriesContext(connection) as last_page:
        page = editor_client.get(url + "?p=3").content.decode()
    assert "Page 3 of 3" in page and page.count("Not a duplicate</button>") == 9
    assert len(first_page.captured_queries) == len(last_page.captured_queries) <= 12
    assert "Page 1 of 3" in editor_client.get(url + "?p=junk").content.decode()


def test_a_pair_with_a_rejected_side_is_not_shown(editor_client, pair):
    _, retold, original = pair
    Event.objects.filter(pk=original.pk).update(status=Status.REJECTED)
    page = editor_client.get(reverse("admin:timeline_event_duplicates")).content.decode()
    assert "No open suggestions" in page
    assert best_suggestion(retold) is None


def test_only_editors_who_may_merge_see_and_use_merge(client, pair):
    suggestion, retold, original = pair
    reviewer = make_user("reviewer", editor=False)
    reviewer.is_staff = True
    reviewer.save()
    from django.contrib.auth.models import Permission

    reviewer.user_permissions.add(Permission.objects.get(codename="change_event"))
    client.force_login(reviewer)
    page = client.get(reverse("admin:timeline_event_duplicates")).content.decode()
    assert "Not a duplicate" in page and "Merge…" not in page
    url = reverse("admin:timeline_event_merge_suggestion", args=[suggestion.pk])
    assert client.post(url, {"keep": original.pk}).status_code == 403
    assert Event.objects.filter(pk=retold.pk).exists()


def test_readers_without_permission_are_turned_away(client, pair):
    suggestion, _, _ = pair
    client.force_login(make_user("visitor", editor=False))
    for url in [
        reverse("admin:timeline_event_duplicates"),
        reverse("admin:timeline_event_merge_suggestion", args=[suggestion.pk]),
    ]:
        assert client.get(url).status_code in (302, 403)
    url = reverse("admin:timeline_event_not_duplicate", args=[suggestion.pk])
    client.post(url)
    assert DuplicateSuggestion.objects.exists()


def test_the_ingest_hook_runs_a_fixed_number_of_queries_however_many_candidates():
    from timeline.duplicates import suggest_duplicates

    def queries_for_new_report(copies: int) -> tuple[int, int]:
        for n in range(copies):
            ingest(REUTERS.replace("four", f"{copies}/{n}"), published=MAY_14, publisher="PAP")
        article = ingest(AP + f" ({copies})", published=MAY_14, publisher="AP").article
        DuplicateSuggestion.objects.filter(event__mentions__article=article).delete()
        with CaptureQueriesContext(connection) as queries:
            found = suggest_duplicates(article)
        return found, len(queries.captured_queries)

    (few, few_queries), (many, many_queries) = queries_for_new_report(1), queries_for_new_report(4)
    assert (few, many) == (1, 3)  # the likeliest three of six earlier reports
    assert few_queries == many_queries <= 16


def test_articles_ingested_in_one_batch_are_compared_with_each_other(tmp_path):
    feed = tmp_path / "feed.jsonl"
    feed.write_text(
        "\n".join(
            json.dumps({"content": text, "published": "2024-05-14", "publisher": outlet})
            for outlet, text in [("Reuters", REUTERS), ("AP", AP), ("AFP", AFP_TALKS)]
        ),
        encoding="utf-8",
    )
    call_command("ingest", str(feed), stdout=None)
    suggestion = DuplicateSuggestion.objects.get()
    titles = {suggestion.event.title, suggestion.original.title}
    assert titles == {"Poland buys Patriot systems", "Warsaw signs Patriot deal"}
