"""The public timeline through the test client: pages, fragments, filters, paging, safety."""

import datetime
import re

import pytest
from django.urls import reverse

from tests.factories import ActorFactory, ArticleFactory, EventFactory, TopicFactory
from timeline.models import Status
from timeline.periods import Precision

pytestmark = pytest.mark.django_db

# What htmx sends when the filter form fills #results, and when "Load more" fills #load-more.
HTMX = {"HX-Request": "true", "HX-Target": "results"}
MORE = {"HX-Request": "true", "HX-Target": "load-more"}


def titles(response) -> list[str]:
    html = response.content.decode()
    return re.findall(r'class="event-title"[^>]*><a href="[^"]+">([^<]+)</a>', html)


@pytest.fixture
def poland():
    return ActorFactory(name="Poland", slug="poland")


@pytest.fixture
def ukraine():
    return ActorFactory(name="Ukraine", slug="ukraine")


@pytest.fixture
def air_defence():
    return TopicFactory(name="Air defence", slug="air-defence")


def test_empty_database_shows_a_friendly_empty_state(client):
    response = client.get("/")
    assert response.status_code == 200
    assert "no events have been confirmed yet" in response.content.decode()


def test_timeline_shows_confirmed_events_newest_first_under_year_and_month(client):
    EventFactory(title="Older", date=datetime.date(2021, 11, 1), precision=Precision.MONTH)
    EventFactory(title="Newer", date=datetime.date(2022, 10, 1))
    response = client.get("/")
    html = response.content.decode()
    assert titles(response) == ["Newer", "Older"]
    assert '<h3 class="year">2022</h3>' in html
    assert '<h4 class="month">November 2021</h4>' in html
    assert "1 October 2022" in html
    assert ">November 2021</time>" in html


def test_oldest_first_reverses_the_order(client):
    EventFactory(title="Older", date=datetime.date(2021, 1, 5))
    EventFactory(title="Newer", date=datetime.date(2022, 1, 5))
    assert titles(client.get("/?sort=oldest")) == ["Older", "Newer"]


def test_year_precise_event_shows_only_its_year(client):
    EventFactory(title="Sometime", date=datetime.date(2024, 1, 1), precision=Precision.YEAR)
    html = client.get("/").content.decode()
    assert ">2024</time>" in html
    assert "1 January 2024" not in html


def test_range_is_shown_as_a_range(client):
    EventFactory(
        title="Exercise",
        date=datetime.date(2022, 3, 1),
        date_end=datetime.date(2022, 5, 1),
        precision=Precision.MONTH,
    )
    assert "March 2022 – May 2022" in client.get("/").content.decode()


def test_htmx_request_gets_only_the_results_and_a_clean_pushed_url(client, poland):
    EventFactory(title="With Poland", actors=[poland])
    response = client.get("/?actor=poland&q=&from=&to=&sort=newest", headers=HTMX)
    html = response.content.decode()
    assert "<html" not in html
    assert 'id="filters"' not in html
    assert "With Poland" in html
    assert response["HX-Push-Url"] == "/?actor=poland"
    assert "HX-Request" in response["Vary"]


def test_boosted_and_history_restore_requests_get_the_full_page(client):
    boosted = client.get("/", headers={**HTMX, "HX-Boosted": "true"})
    restore = client.get("/", headers={**HTMX, "HX-History-Restore-Request": "true"})
    assert "<html" in boosted.content.decode()
    assert "<html" in restore.content.decode()


def test_full_page_and_fragment_show_the_same_results(client, poland):
    EventFactory(title="With Poland", actors=[poland])
    EventFactory(title="Without")
    page = client.get("/?actor=poland")
    fragment = client.get("/?actor=poland", headers=HTMX)
    assert titles(page) == titles(fragment) == ["With Poland"]


def test_actor_filter_requires_every_chosen_actor(client, poland, ukraine):
    EventFactory(title="Both", actors=[poland, ukraine])
    EventFactory(title="Poland only", actors=[poland])
    EventFactory(title="Neither")
    assert titles(client.get("/?actor=poland")) == ["Poland only", "Both"]
    assert titles(client.get("/?actor=poland&actor=ukraine")) == ["Both"]


def test_topic_filter(client, air_defence):
    EventFactory(title="Missiles", topics=[air_defence])
    EventFactory(title="Other")
    assert titles(client.get("/?topic=air-defence")) == ["Missiles"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("from=2022", ["Oct 2022", "Nov 2021 month"]),
        ("from=2022-10", ["Oct 2022"]),
        ("to=2021-11-15", ["Nov 2021 month", "Jan 2020"]),
        ("from=2021-11-15&to=2021-11-15", ["Nov 2021 month"]),
        ("from=2020&to=2020", ["Jan 2020"]),
    ],
)
def test_date_filters_accept_years_months_and_days(client, query, expected):
    EventFactory(title="Oct 2022", date=datetime.date(2022, 10, 1))
    # A month-precise event overlaps any day inside that month.
    EventFactory(
        title="Nov 2021 month",
        date=datetime.date(2021, 11, 1),
        date_end=datetime.date(2022, 1, 1),
        precision=Precision.MONTH,
    )
    EventFactory(title="Jan 2020", date=datetime.date(2020, 1, 10))
    assert titles(client.get(f"/?{query}")) == expected


def test_search_matches_titles_and_quotes_case_insensitively(client):
    EventFactory(title="Patriot batteries arrive")
    EventFactory(title="Quiet title", mention__sentence="Today the HIMARS were delivered.")
    EventFactory(title="Unrelated")
    assert titles(client.get("/?q=patriot")) == ["Patriot batteries arrive"]
    assert titles(client.get("/?q=himars")) == ["Quiet title"]


def test_every_filter_combined(client, poland, air_defence):
    EventFactory(
        title="Match",
        actors=[poland],
        topics=[air_defence],
        date=datetime.date(2023, 5, 2),
        mention__sentence="Today Patriot systems arrived.",
    )
    EventFactory(title="Wrong year", actors=[poland], topics=[air_defence])
    EventFactory(title="No topic", actors=[poland], date=datetime.date(2023, 5, 2))
    response = client.get("/?actor=poland&topic=air-defence&from=2023&to=2023-06&q=patriot")
    assert titles(response) == ["Match"]


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("actor=nobody", "There is no actor “nobody”"),
        ("topic=nothing", "There is no topic “nothing”"),
        ("from=notadate", "“notadate” is not a date"),
        ("to=2022-13", "“2022-13” is not a date"),
        ("from=2023&to=2022", "“To” is before “From”"),
        ("sort=sideways", "Order is “newest” or “oldest”"),
        ("cursor=garbage", "That “Load more” link is not valid"),
        ("cursor=2022-10-01.99999999999999999999999", "That “Load more” link is not valid"),
        ("actor=%3Cscript%3E", "is not a valid name in a link"),
        ("q=" + "x" * 300, "at most 200 characters"),
    ],
)
def test_invalid_filters_are_explained_in_the_page_not_a_server_error(client, query, message):
    EventFactory(title="Still shown")
    response = client.get(f"/?{query}")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'role="alert"' in html
    assert message in html
    assert titles(response) == ["Still shown"]


def test_unknown_actor_is_ignored_but_known_ones_still_filter(client, poland):
    EventFactory(title="With Poland", actors=[poland])
    EventFactory(title="Without")
    response = client.get("/?actor=poland&actor=atlantis")
    assert titles(response) == ["With Poland"]
    assert "There is no actor “atlantis”" in response.content.decode()


def test_huge_but_valid_cursor_gives_an_empty_page_not_an_error(client):
    EventFactory()
    response = client.get(f"/?cursor=1900-01-01.{2**63 - 1}")
    assert response.status_code == 200
    assert titles(response) == []


def test_load_more_pages_by_cursor_without_gaps_or_repeats(client, settings):
    settings.TIMELINE_PAGE_SIZE = 3
    for day in range(1, 8):
        EventFactory(title=f"Day {day}", date=datetime.date(2022, 10, day % 3 + 1))
    seen: list[str] = []
    url = "/"
    while url:
        response = client.get(url, headers=MORE if seen else {})
        seen += titles(response)
        match = re.search(r'id="load-more".*?href="([^"]+)"', response.content.decode(), re.S)
        url = match.group(1).replace("&amp;", "&") if match else None
    assert sorted(seen) == sorted(f"Day {day}" for day in range(1, 8))
    assert len(seen) == 7


def test_load_more_fragment_appends_without_repeating_the_month_heading(client, settings):
    settings.TIMELINE_PAGE_SIZE = 1
    first = EventFactory(title="First", date=datetime.date(2022, 10, 2))
    EventFactory(title="Second", date=datetime.date(2022, 10, 1))
    response = client.get(f"/?cursor=2022-10-02.{first.pk}", headers=MORE)
    html = response.content.decode()
    assert titles(response) == ["Second"]
    assert "October 2022</h4>" not in html
    assert "<html" not in html
    assert "1 more event loaded" in html


def test_load_more_link_works_without_javascript(client, settings):
    settings.TIMELINE_PAGE_SIZE = 1
    EventFactory(title="First", date=datetime.date(2022, 10, 2))
    EventFactory(title="Second", date=datetime.date(2022, 10, 1))
    html = client.get("/?q=").content.decode()
    link = re.search(r'id="load-more".*?href="([^"]+)"', html, re.S).group(1)
    response = client.get(link.replace("&amp;", "&"))
    assert "<html" in response.content.decode()
    assert titles(response) == ["Second"]


def test_facet_counts_reflect_the_other_filters(client, poland, ukraine, air_defence):
    EventFactory(actors=[poland, ukraine], topics=[air_defence])
    EventFactory(actors=[poland])
    EventFactory(actors=[ukraine], topics=[air_defence])
    html = client.get("/?topic=air-defence").content.decode()

    def count(slug):
        pattern = rf'value="{slug}"[^>]*>\s*<span class="facet-name">[^<]+</span>\s*'
        pattern += r'<span class="count">(\d+)'
        return int(re.search(pattern, html).group(1))

    assert count("poland") == 1
    assert count("ukraine") == 2
    assert count("air-defence") == 2


def test_empty_result_says_so_and_offers_to_clear_filters(client):
    EventFactory(title="Something")
    html = client.get("/?q=zzzz").content.decode()
    assert "No confirmed events match these filters." in html
    assert "Clear all filters" in html


def test_chips_link_to_the_timeline_with_the_filter_added(client, poland, air_defence):
    EventFactory(actors=[poland], topics=[air_defence])
    html = client.get("/?topic=air-defence").content.decode()
    assert 'href="/?topic=air-defence&amp;actor=poland"' in html


def test_event_shows_its_sources_and_their_number_when_merged(client):
    event = EventFactory(title="Merged", mention__sentence="Today it happened.")
    other = ArticleFactory(publisher="Reuters", title="Second report")
    event.mentions.create(article=other, sentence="It happened.", start=0, end=12)
    html = client.get("/").content.decode()
    assert "2 sources:" in html
    assert "Reuters" in html
    assert f'href="{other.url}"' in html


def test_density_strip_links_each_month_to_its_filter(client, poland):
    EventFactory(actors=[poland], date=datetime.date(2022, 10, 1))
    EventFactory(actors=[poland], date=datetime.date(2022, 10, 5))
    EventFactory(actors=[poland], date=datetime.date(2022, 12, 1))
    html = client.get("/?actor=poland").content.decode()
    assert 'title="October 2022: 2 events"' in html
    assert 'title="December 2022: 1 event"' in html
    assert "November 2022:" not in html
    assert 'href="/?actor=poland&amp;from=2022-10&amp;to=2022-10"' in html


def test_event_permalink_shows_every_mention(client):
    event = EventFactory(title="Permalink", mention__sentence="Today NATO met.")
    response = client.get(reverse("timeline:event", args=[event.pk]))
    html = response.content.decode()
    assert "<h1" in html and "Permalink" in html
    assert "Today</mark> NATO met." in html


def test_actor_and_topic_pages_have_description_and_their_own_timeline(client, air_defence):
    actor = ActorFactory(name="Ruritania", slug="ruritania", description="A NATO member.")
    EventFactory(title="Polish event", actors=[actor], topics=[air_defence])
    EventFactory(title="Other event")
    actor_page = client.get("/actors/ruritania/")
    topic_page = client.get("/topics/air-defence/")
    assert "A NATO member." in actor_page.content.decode()
    assert titles(actor_page) == ["Polish event"]
    assert titles(topic_page) == ["Polish event"]


def test_actor_page_loads_more_by_cursor(client, settings, poland):
    settings.TIMELINE_PAGE_SIZE = 1
    first = EventFactory(title="First", actors=[poland], date=datetime.date(2022, 10, 2))
    EventFactory(title="Second", actors=[poland], date=datetime.date(2022, 10, 1))
    response = client.get(f"/actors/poland/?cursor=2022-10-02.{first.pk}", headers=MORE)
    assert titles(response) == ["Second"]
    assert "<html" not in response.content.decode()


def test_actor_and_topic_indexes_count_public_events(client, poland, air_defence):
    EventFactory(actors=[poland], topics=[air_defence])
    EventFactory(actors=[poland], status=Status.PENDING)
    actors = client.get("/actors/").content.decode()
    topics = client.get("/topics/").content.decode()
    assert re.search(rf'>{poland.name}</a> <span class="count">1<', actors)
    assert re.search(rf'>{air_defence.name}</a> <span class="count">1<', topics)


def test_unknown_pages_get_the_friendly_404(client):
    response = client.get("/no/such/page/")
    assert response.status_code == 404
    assert "Nothing here" in response.content.decode()
    assert client.get("/actors/nobody/").status_code == 404


def test_500_page_renders_without_context_or_database():
    from django.template.loader import get_template

    html = get_template("500.html").render({})
    assert "Something went wrong" in html


# Security


def test_quote_with_script_renders_as_text(client):
    EventFactory(
        title="<b>bold</b> title",
        mention__sentence='Today <script>alert("x")</script> happened.',
    )
    html = client.get("/").content.decode()
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html
    assert "&lt;b&gt;bold&lt;/b&gt; title" in html


def test_javascript_article_url_is_not_linked(client):
    article = ArticleFactory(url="javascript:alert(1)")
    EventFactory(mention__article=article, mention__sentence=article.body.split("\n\n")[1])
    assert "javascript:alert" not in client.get("/").content.decode()


@pytest.fixture
def hidden_events(poland, air_defence):
    """A pending and a rejected event sharing an actor, topic and month with a public one."""
    EventFactory(title="Public", actors=[poland], topics=[air_defence])
    pending = EventFactory(
        title="Secret pending",
        status=Status.PENDING,
        actors=[poland],
        topics=[air_defence],
        date=datetime.date(2019, 3, 3),
    )
    rejected = EventFactory(
        title="Secret rejected",
        status=Status.REJECTED,
        actors=[poland],
        topics=[air_defence],
        date=datetime.date(2018, 3, 3),
    )
    return pending, rejected


@pytest.mark.parametrize(
    "url", ["/", "/?actor=poland", "/actors/poland/", "/topics/air-defence/", "/?q=secret"]
)
def test_pending_and_rejected_events_never_appear_in_pages(client, hidden_events, url):
    html = client.get(url).content.decode()
    assert "Secret" not in html
    assert "2019" not in html and "2018" not in html


def test_pending_and_rejected_events_are_not_counted(client, hidden_events):
    html = client.get("/").content.decode()
    assert "1 event" in html
    assert 'title="October 2022: 1 event"' in html
    assert re.search(
        r'value="poland"[^>]*>\s*<span class="facet-name">Poland</span>\s*'
        r'<span class="count">1<',
        html,
    )


def test_pending_and_rejected_permalinks_are_404(client, hidden_events):
    for event in hidden_events:
        assert client.get(event.get_absolute_url()).status_code == 404


# Query counts


def test_timeline_page_costs_a_constant_number_of_queries(
    client, settings, django_assert_max_num_queries, poland, ukraine, air_defence
):
    settings.TIMELINE_PAGE_SIZE = 50
    actors = [ActorFactory() for _ in range(6)]
    for day in range(1, 29):
        event = EventFactory(
            date=datetime.date(2022, 10, day),
            actors=[poland, ukraine, *actors],
            topics=[air_defence],
        )
        event.mentions.create(article=ArticleFactory(), sentence="More.", start=0, end=5)
    filtered = "/?actor=poland&topic=air-defence&q=event&from=2022"
    # Actor and topic slugs, the data version, the page, three prefetches; when the counts
    # are not cached yet, density and two facets of two queries.
    with django_assert_max_num_queries(12):
        client.get(filtered)
    with django_assert_max_num_queries(7):
        client.get(filtered, headers=HTMX)
    with django_assert_max_num_queries(10):
        client.get("/", headers=HTMX)
    with django_assert_max_num_queries(5):
        client.get("/")
    with django_assert_max_num_queries(6):
        client.get("/?cursor=2022-10-20.999999", headers=MORE)


def test_query_count_does_not_grow_with_page_size(client, settings, django_assert_max_num_queries):
    for day in range(1, 21):
        EventFactory(date=datetime.date(2022, 10, day), actors=[ActorFactory(), ActorFactory()])
    settings.TIMELINE_PAGE_SIZE = 2
    with django_assert_max_num_queries(10):
        small = client.get("/")
    settings.TIMELINE_PAGE_SIZE = 20
    with django_assert_max_num_queries(5):
        large = client.get("/")
    assert len(titles(small)) == 2 and len(titles(large)) == 20


def test_event_and_subject_pages_cost_a_constant_number_of_queries(
    client, django_assert_max_num_queries, poland
):
    events = [EventFactory(actors=[poland, ActorFactory()]) for _ in range(10)]
    with django_assert_max_num_queries(4):
        client.get(events[0].get_absolute_url())
    # The actor, the data version, its count (until cached), the page and three prefetches.
    with django_assert_max_num_queries(7):
        client.get("/actors/poland/")
    with django_assert_max_num_queries(6):
        client.get("/actors/poland/")


def test_the_partial_is_chosen_by_the_element_htmx_asked_to_fill(client, settings):
    settings.TIMELINE_PAGE_SIZE = 1
    first = EventFactory(title="First", date=datetime.date(2022, 10, 2))
    EventFactory(title="Second", date=datetime.date(2022, 10, 1))
    cursor = f"?cursor=2022-10-02.{first.pk}"
    results = client.get("/", headers=HTMX).content.decode()
    more = client.get(f"/{cursor}", headers=MORE).content.decode()
    elsewhere = client.get("/", headers={"HX-Request": "true", "HX-Target": "main"})
    assert 'id="results-heading"' in results and "<html" not in results
    assert 'id="results-heading"' not in more and "Second" in more and "<html" not in more
    assert "<html" in elsewhere.content.decode()
    assert "HX-Target" in elsewhere["Vary"]


def test_load_more_keeps_the_place_in_the_address_and_it_restores_the_same_events(
    client, settings, poland
):
    settings.TIMELINE_PAGE_SIZE = 2
    events = [
        EventFactory(title=f"Day {day}", actors=[poland], date=datetime.date(2022, 10, day))
        for day in range(1, 8)
    ]
    more = client.get(f"/?actor=poland&cursor=2022-10-06.{events[5].pk}", headers=MORE)
    assert titles(more) == ["Day 5", "Day 4"]
    address = more["HX-Replace-Url"]
    assert address == f"/?actor=poland&through=2022-10-04.{events[3].pk}"
    # Back (a history restore) and a reload both render everything shown so far.
    restored = client.get(address, headers={**HTMX, "HX-History-Restore-Request": "true"})
    assert titles(restored) == ["Day 7", "Day 6", "Day 5", "Day 4"]
    assert titles(client.get(address)) == ["Day 7", "Day 6", "Day 5", "Day 4"]
    assert 'id="load-more"' in client.get(address).content.decode()
    last = client.get(f"/?actor=poland&through=2022-10-01.{events[0].pk}")
    assert len(titles(last)) == 7
    assert 'id="load-more"' not in last.content.decode()


def test_an_htmx_response_updates_the_title_the_feed_link_and_the_filter_count(client, poland):
    EventFactory(actors=[poland], date=datetime.date(2022, 10, 1))
    html = client.get("/?actor=poland&from=2022-10&to=2024", headers=HTMX).content.decode()
    assert "<title>Poland · October 2022 to 2024 · Defence-cooperation timeline</title>" in html
    assert 'id="feed-link"' in html and 'hx-swap-oob="true"' in html
    assert 'href="/feed.atom?actor=poland&amp;from=2022-10&amp;to=2024"' in html
    assert re.search(r'id="filter-count"[^>]*hx-swap-oob="true"> \(3 active\)', html)
    assert 'id="facet-actor-poland"' in html


@pytest.mark.parametrize(
    ("start", "end", "words"),
    [
        ("2022-10", "2022-10", "October 2022"),
        ("2022", "2024-07-01", "2022 to 1 July 2024"),
        ("2024", "", "from 2024"),
        ("", "2022-10", "until October 2022"),
    ],
)
def test_a_period_filter_reads_as_words_in_the_title(client, start, end, words):
    html = client.get(f"/?from={start}&to={end}").content.decode()
    assert f"<title>{words} · Defence-cooperation timeline</title>" in html


def test_an_invalid_date_stays_in_its_field_with_the_reason(client):
    EventFactory()
    html = client.get("/?from=2022-13&to=banana").content.decode()
    assert 'name="from" value="2022-13"' in html
    assert 'name="to" value="banana"' in html
    assert html.count('aria-invalid="true"') == 2
    assert "“banana” is not a date" in html
    assert titles(client.get("/?from=2022-13")) != []


def test_a_card_shows_the_outlet_and_publication_date_of_each_article_once(client):
    article = ArticleFactory(publisher="Reuters", title="Allies agree")
    event = EventFactory(title="Allies agree on air defence", mention__article=article)
    event.mentions.create(article=article, sentence="Another sentence.", start=0, end=17)
    html = client.get("/").content.decode()
    assert (
        '<span class="outlet">Reuters</span>, <time datetime="2022-10-01">1 Oct 2022</time>' in html
    )
    assert "Source:" in html and "2 sources" not in html
    page = client.get(event.get_absolute_url()).content.decode()
    assert "1 source reports this event." in page


def test_a_title_that_repeats_its_quote_is_shown_once(client):
    EventFactory(
        title="Today NATO met in Brussels to discuss…",
        mention__sentence='"Today NATO met in Brussels to discuss air defence.',
    )
    html = client.get("/").content.decode()
    assert "Today</mark> NATO met in Brussels to discuss air defence." in html
    assert html.count("NATO met in Brussels to discuss air defence") == 1
    assert "…" not in html.split('class="event-title"')[1].split("</h5>")[0]
    assert '"Today' not in html


def test_subject_pages_put_an_h2_between_the_h1_and_the_years(client, poland):
    EventFactory(actors=[poland])
    html = client.get("/actors/poland/").content.decode()
    levels = re.findall(r"<h([1-6])", html)
    assert levels[:3] == ["1", "2", "3"]


def test_the_chart_view_keeps_its_filters_and_falls_back_to_the_list(client, poland):
    EventFactory(title="With Poland", actors=[poland])
    html = client.get("/?actor=poland&view=chart").content.decode()
    assert 'id="chart"' in html and "hidden" in html.split('id="chart"')[1][:30]
    assert 'data-src="/chart.json?actor=poland&amp;view=chart"' in html
    assert "With Poland" in html.split("<noscript>")[-1]
    assert 'href="/?actor=poland" ' in html or 'href="/?actor=poland">' in html
    assert "vis-timeline" not in client.get("/?actor=poland").content.decode()
