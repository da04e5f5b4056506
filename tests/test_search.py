"""Searching the timeline and finding actors, on PostgreSQL (full-text search, trigrams) and on
SQLite (substring fallback); the copy of quotes search reads; the cached counts."""

import datetime
import re

import pytest
from django.core.management import call_command
from django.db import connection
from django.urls import reverse

from tests.conftest import ARTICLES
from tests.factories import ActorFactory, ArticleFactory, EventFactory
from timeline import aggregates
from timeline.filters import TimelineFilter
from timeline.ingestion import ingest
from timeline.merging import merge_events, undo_merge
from timeline.models import Actor, Event, Mention, Status

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true", "HX-Target": "results"}
postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="full-text search and trigrams are PostgreSQL's"
)
sqlite_only = pytest.mark.skipif(
    connection.vendor == "postgresql", reason="the substring fallback is for SQLite"
)


def titles(response) -> list[str]:
    html = response.content.decode()
    return re.findall(r'class="event-title"[^>]*><a href="[^"]+">([^<]+)</a>', html)


def search(text: str) -> list[str]:
    return list(Event.objects.public().search(text).values_list("title", flat=True))


def test_search_finds_words_in_titles_and_in_quotes(client):
    EventFactory(title="Ministers sign the air defence agreement")
    EventFactory(title="Talks", mention__sentence="Today the brigade began HIMARS training.")
    EventFactory(title="Unrelated", mention__sentence="Today nothing happened.")
    assert titles(client.get("/?q=agreement", headers=HTMX)) == [
        "Ministers sign the air defence agreement"
    ]
    assert titles(client.get("/?q=himars", headers=HTMX)) == ["Talks"]


def test_search_keeps_timeline_order_by_default(client):
    EventFactory(title="Old HIMARS delivery", date=datetime.date(2021, 1, 1))
    EventFactory(title="Talks", date=datetime.date(2023, 1, 1), mention__sentence="Today HIMARS.")
    assert titles(client.get("/?q=himars")) == ["Talks", "Old HIMARS delivery"]
    assert titles(client.get("/?q=himars&sort=oldest")) == ["Old HIMARS delivery", "Talks"]


@postgres_only
def test_postgres_search_stems_english_words():
    EventFactory(title="Poland signed two agreements on training")
    assert search("agreement") == ["Poland signed two agreements on training"]
    assert search("trains") == ["Poland signed two agreements on training"]


@postgres_only
def test_postgres_search_understands_web_search_syntax():
    EventFactory(title="Joint air defence exercise")
    EventFactory(title="Air drills and defence talks")
    assert sorted(search("air defence")) == [
        "Air drills and defence talks",
        "Joint air defence exercise",
    ]
    assert search('"air defence"') == ["Joint air defence exercise"]
    assert search("air -talks") == ["Joint air defence exercise"]
    assert sorted(search("exercise or drills")) == [
        "Air drills and defence talks",
        "Joint air defence exercise",
    ]


@postgres_only
def test_postgres_search_of_punctuation_only_finds_nothing_and_does_not_fail(client):
    EventFactory(title="Summit")
    response = client.get("/?q=%22%29%28%21%3A", headers=HTMX)
    assert response.status_code == 200
    assert titles(response) == []


@postgres_only
def test_postgres_search_uses_the_gin_index():
    EventFactory(title="Summit")
    with connection.cursor() as cursor:
        cursor.execute("SET enable_seqscan = off")
        plan = Event.objects.search("summit").order_by().explain()
        cursor.execute("RESET enable_seqscan")
    assert "event_search" in plan


@sqlite_only
def test_sqlite_search_matches_substrings_case_insensitively():
    EventFactory(title="Air defence talks", mention__sentence="Today the Alliance met.")
    assert search("DEFEN") == ["Air defence talks"]
    assert search("allian") == ["Air defence talks"]


# The copy of quotes that search reads


def quote_text(event: Event) -> str:
    return Event.objects.get(pk=event.pk).quote_text


def test_quote_text_follows_mentions_saved_and_deleted():
    event = EventFactory(mention__sentence="Today the first sentence.")
    added = event.mentions.create(article=ArticleFactory(), sentence="A second.", start=0, end=9)
    assert quote_text(event) == "Today the first sentence.\nA second."
    added.sentence = "A changed second."
    added.save()
    assert quote_text(event).endswith("A changed second.")
    event.mentions.first().delete()
    assert quote_text(event) == "A changed second."


def test_quote_text_follows_merges_and_their_undoing(editor):
    kept = EventFactory(mention__sentence="Today kept.")
    other = EventFactory(mention__sentence="Today merged.")
    other_pk = other.pk
    record = merge_events(kept, [other], editor)
    assert quote_text(kept) == "Today kept.\nToday merged."
    undo_merge(record, editor)
    assert quote_text(kept) == "Today kept."
    assert Event.objects.get(pk=other_pk).quote_text == "Today merged."


def test_events_created_by_extraction_carry_their_quotes(reznikov_article):
    # Ingestion creates events and mentions with bulk_create, which sends no signals.
    ingest(reznikov_article, url="https://news.example.org/reznikov")
    events = list(Event.objects.prefetch_related("mentions"))
    assert events and all(
        event.quote_text == "\n".join(m.sentence for m in event.mentions.order_by("pk"))
        for event in events
    )


# Finding actors


@pytest.fixture
def zelenskyy():
    actor, _ = Actor.objects.get_or_create(
        slug="volodymyr-zelenskyy", defaults={"name": "Volodymyr Zelenskyy"}
    )
    # One alias only, so that other spellings must be found by similarity.
    actor.aliases.all().delete()
    actor.aliases.create(alias="Zelensky")
    EventFactory(title="Speech", actors=[actor])
    EventFactory(title="Other", actors=[ActorFactory(name="Ada Example", slug="ada-example")])
    return actor


def listed(response) -> list[str]:
    return re.findall(
        r'<li><a href="[^"]+">([^<]+)</a> <span class="count">', response.content.decode()
    )


@postgres_only
@pytest.mark.parametrize("typed", ["Zelensky", "Zelenskiy", "zelenskyy", "Volodymyr Zelenskiy"])
def test_postgres_actor_lookup_tolerates_spellings(client, zelenskyy, typed):
    assert listed(client.get(reverse("timeline:actors"), {"q": typed})) == ["Volodymyr Zelenskyy"]


@sqlite_only
def test_sqlite_actor_lookup_matches_a_part_of_the_name_or_an_alias(client, zelenskyy):
    assert listed(client.get(reverse("timeline:actors"), {"q": "zelensk"})) == [
        "Volodymyr Zelenskyy"
    ]
    assert listed(client.get(reverse("timeline:actors"), {"q": "ZELENSKY"})) == [
        "Volodymyr Zelenskyy"
    ]
    assert listed(client.get(reverse("timeline:actors"), {"q": "Zelenskiy"})) == []


def test_actor_lookup_without_a_match_says_so(client, zelenskyy):
    response = client.get(reverse("timeline:actors"), {"q": "Napoleon"})
    assert "No actors in confirmed events match “Napoleon”" in response.content.decode()
    assert listed(client.get(reverse("timeline:actors"))) == [
        "Ada Example",
        "Volodymyr Zelenskyy",
    ]


# Cached counts


def total_shown(client) -> int:
    html = client.get("/").content.decode()
    return int(re.search(r'id="results-heading">(\d+) event', html).group(1))


def test_cached_counts_change_when_an_event_is_confirmed_or_deleted(client):
    EventFactory()
    pending = EventFactory(status=Status.PENDING)
    assert total_shown(client) == 1
    pending.status = Status.CONFIRMED
    pending.save()
    assert total_shown(client) == 2
    pending.delete()
    assert total_shown(client) == 1


def test_counts_are_cached_per_filter_and_data_version(django_assert_num_queries):
    actor = ActorFactory()
    EventFactory(actors=[actor])
    filters = TimelineFilter(actors=(actor,))
    first = aggregates.summary(filters)
    with django_assert_num_queries(1):  # the data version only
        assert aggregates.summary(filters) == first
    assert aggregates.cache_key(filters) != aggregates.cache_key(TimelineFilter(q="x"))
    version = aggregates.data_version()
    EventFactory()
    assert aggregates.data_version() != version


def test_ingesting_pending_events_keeps_the_readers_cache(client):
    EventFactory()
    version = aggregates.data_version()
    call_command("ingest", str(ARTICLES), verbosity=0)
    assert Event.objects.pending().exists()
    assert aggregates.data_version() == version
    call_command("confirm_pending", "--min-confidence", "0.9")
    assert aggregates.data_version() != version


def test_refresh_repairs_quotes_changed_behind_the_orms_back():
    event = EventFactory(mention__sentence="Today one.")
    Mention.objects.filter(event=event).update(sentence="Changed behind the ORM's back.")
    Event.objects.filter(pk=event.pk).refresh_quote_text()
    assert quote_text(event) == "Changed behind the ORM's back."
