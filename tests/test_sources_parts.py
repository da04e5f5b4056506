"""The pieces polling is made of: reading feeds, canonical addresses, the language of an entry,
and the relevance rule."""

import datetime

import pytest

from tests.factories import TopicFactory
from tests.feed_pages import FEEDS
from timeline.extraction import ActorEntry, ExtractedEvent, ExtractionResult, Precision
from timeline.models import RelevanceRule
from timeline.sources.addresses import canonical_link, canonical_url
from timeline.sources.feeds import FeedError, parse_feed
from timeline.sources.language import detect, is_supported
from timeline.sources.relevance import RelevanceCriteria, why_not_relevant

BASE = "https://wire.example"


def fixture_feed(name: str) -> bytes:
    return (FEEDS / name).read_text(encoding="utf-8").replace("{base}", BASE).encode()


def test_an_rss_feed_gives_its_entries_with_utc_times_and_its_language():
    feed = parse_feed(fixture_feed("rss2.xml"), f"{BASE}/rss.xml")
    assert (feed.title, feed.site_url, feed.language) == ("Defence News Wire", f"{BASE}/", "en-gb")
    first, second = feed.entries
    assert first.link == f"{BASE}/news/poland?utm_source=rss&utm_medium=feed"
    assert first.title == "Poland to host NATO air defence"
    assert first.published == datetime.datetime(2023, 3, 14, 8, 30, tzinfo=datetime.UTC)
    assert second.published == datetime.datetime(2023, 3, 20, 16, 0, tzinfo=datetime.UTC)
    assert first.key != second.key


def test_an_atom_entry_without_a_publication_time_takes_its_update_time():
    feed = parse_feed(fixture_feed("atom.xml"), f"{BASE}/mod/atom.xml")
    romania, germany = feed.entries
    assert feed.language == "en"
    assert romania.published == datetime.datetime(2023, 11, 13, 8, 15, tzinfo=datetime.UTC)
    assert germany.published == datetime.datetime(2023, 10, 2, 8, 0, tzinfo=datetime.UTC)
    assert romania.link == f"{BASE}/mod/romania"


def test_relative_links_are_resolved_against_the_feed_address():
    feed = parse_feed(fixture_feed("relative-links.xml"), f"{BASE}/feeds/all.xml")
    assert [entry.link for entry in feed.entries] == [
        f"{BASE}/news/poland",
        f"{BASE}/feeds/articles/germany.html",
    ]


def test_an_entry_keeps_its_identity_when_its_link_changes():
    before = parse_feed(fixture_feed("rss2.xml"), f"{BASE}/rss.xml").entries[0]
    moved = fixture_feed("rss2.xml").replace(b"/news/poland", b"/news/poland-updated")
    after = parse_feed(moved, f"{BASE}/rss.xml").entries[0]
    assert after.key == before.key


def test_a_malformed_feed_is_refused_whole_with_the_line_of_the_error():
    with pytest.raises(FeedError, match=r"malformed: not well-formed \(invalid token\), line 4"):
        parse_feed(fixture_feed("malformed.xml"), f"{BASE}/rss.xml")


def test_a_web_page_is_not_a_feed():
    page = b"<!doctype html><html><head><title>News</title></head><body><p>Hi</p></body></html>"
    with pytest.raises(FeedError, match="not an RSS or Atom feed"):
        parse_feed(page, f"{BASE}/news")


@pytest.mark.parametrize(
    ("url", "canonical"),
    [
        (
            "https://WWW.Example.org/news/a?utm_source=rss&utm_medium=feed&id=5#comments",
            "https://www.example.org/news/a?id=5",
        ),
        ("https://example.org/a?fbclid=IwAR0&gclid=xyz", "https://example.org/a"),
        ("http://example.org:80/a", "http://example.org/a"),
        ("https://example.org/a?page=2", "https://example.org/a?page=2"),
    ],
)
def test_a_canonical_address_has_no_tracking_parameters_or_fragment(url, canonical):
    assert canonical_url(url) == canonical


def test_the_page_can_name_its_canonical_address():
    page = '<html><head><link rel="Canonical" href="/news/a"></head><body></body></html>'
    assert canonical_link(page, "https://example.org/amp/news/a?x=1") == (
        "https://example.org/news/a"
    )
    assert canonical_link("<html><body>No head</body></html>", "https://example.org/") == ""


ENGLISH = (
    "Poland and NATO agreed on Tuesday to station Patriot air defence batteries near the border, "
    "and Ukraine welcomed the decision, which the ministry said would be carried out before the "
    "end of the year with the help of the allies who have supported it since the invasion."
)
GERMAN = (
    "Der Bundesverteidigungsminister hat am Dienstag angekündigt, dass Deutschland weitere "
    "Patriot-Systeme an die Ukraine liefern wird. Die Systeme sollen noch in diesem Jahr "
    "übergeben werden, wie das Ministerium in Berlin mitteilte, und die Ausbildung der "
    "Soldaten hat bereits begonnen."
)
UKRAINIAN = (
    "Міністр оборони України заявив у вівторок, що країна отримає нові системи протиповітряної "
    "оборони від партнерів до кінця року. За його словами, перші батареї вже прибули, а навчання "
    "екіпажів триває за кордоном, і він подякував союзникам за підтримку, яку вони надають."
)


@pytest.mark.parametrize(("text", "language"), [(ENGLISH, "en"), (GERMAN, "de"), (UKRAINIAN, "uk")])
def test_the_language_of_an_article_is_detected(text, language):
    assert detect(text) == language


def test_a_text_too_short_to_tell_has_no_detected_language():
    assert detect("NATO summit in Vilnius") == ""


@pytest.mark.parametrize(
    ("language", "supported"),
    [("en", True), ("en-GB", True), ("EN_us", True), ("", True), ("uk", False), ("de-DE", False)],
)
def test_only_english_is_supported_for_now(language, supported):
    assert is_supported(language) is supported


VOCABULARY = [
    ActorEntry("poland", "Poland", "state"),
    ActorEntry("nato", "NATO", "alliance"),
    ActorEntry("pfc-poznan", "PFC Poznań", "other"),
]


def extracted(*events: tuple[list[str], list[str]]) -> ExtractionResult:
    return ExtractionResult(
        body="…",
        title="…",
        published=None,
        published_source="",
        language="en",
        version="test",
        events=[
            ExtractedEvent(
                title="…",
                date=datetime.date(2023, 3, 1),
                date_end=None,
                precision=Precision.DAY,
                value="2023-03-01",
                implicit_date=False,
                needs_date=False,
                actors=actors,
                topics=topics,
                confidence=0.5,
                mentions=[],
            )
            for actors, topics in events
        ],
    )


EVERYTHING_COUNTS = RelevanceCriteria(topics=None, min_actors=1, actor_kinds=None)


def test_an_article_without_events_is_not_relevant():
    assert why_not_relevant(extracted(), EVERYTHING_COUNTS, VOCABULARY) == (
        "No events were found in it."
    )


def test_an_article_whose_events_have_an_actor_or_a_topic_is_relevant_by_default():
    assert why_not_relevant(extracted((["poland"], [])), EVERYTHING_COUNTS, VOCABULARY) == ""
    assert why_not_relevant(extracted(([], ["air-defence"])), EVERYTHING_COUNTS, VOCABULARY) == ""
    assert why_not_relevant(extracted(([], [])), EVERYTHING_COUNTS, VOCABULARY) == (
        "Its events have no topic and name 0 actor(s) that count (at least 1 needed)."
    )


def test_editors_choose_the_topics_that_count_and_the_actors_needed():
    criteria = RelevanceCriteria(
        topics=frozenset({"air-defence"}),
        min_actors=2,
        actor_kinds=frozenset({"state", "alliance"}),
    )
    assert why_not_relevant(extracted(([], ["air-defence"])), criteria, VOCABULARY) == ""
    assert (
        why_not_relevant(
            extracted((["poland"], ["sanctions"]), (["nato"], [])), criteria, VOCABULARY
        )
        == ""
    )
    # A football club is an actor of the vocabulary, but not of a kind that counts.
    assert why_not_relevant(
        extracted((["poland", "pfc-poznan"], ["sanctions"])), criteria, VOCABULARY
    ) == (
        "Its events have no topic that counts and name 1 actor(s) that count (at least 2 needed)."
    )


@pytest.mark.django_db
def test_the_rule_editors_tune_is_read_as_criteria():
    rule = RelevanceRule.current()
    assert RelevanceCriteria.from_rule(rule) == EVERYTHING_COUNTS
    rule.topics.set([TopicFactory(slug="air-defence")])
    rule.min_actors, rule.actor_kinds = 3, ["state"]
    rule.save()
    assert RelevanceCriteria.from_rule(RelevanceRule.current()) == RelevanceCriteria(
        topics=frozenset({"air-defence"}), min_actors=3, actor_kinds=frozenset({"state"})
    )
