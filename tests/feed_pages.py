"""Feeds and article pages for polling tests, served by ``tests.http_pages`` on loopback.

Feed fixtures (``tests/fixtures/feeds/``) hold ``{base}`` where the server's address goes, since
its port is only known once it runs.
"""

from pathlib import Path

from tests.http_pages import Page

FEEDS = Path(__file__).parent / "fixtures" / "feeds"
RSS_TYPE = "application/rss+xml; charset=utf-8"
ATOM_TYPE = "application/atom+xml; charset=utf-8"


def feed(name: str, base: str, **page) -> Page:
    """The fixture feed ``name`` with its addresses on ``base``."""
    body = (FEEDS / name).read_text(encoding="utf-8").replace("{base}", base).encode("utf-8")
    content_type = ATOM_TYPE if "<feed" in body[:300].decode() else RSS_TYPE
    return Page(body, page.pop("content_type", content_type), **page)


def article(title: str, *paragraphs: str, head: str = "") -> Page:
    body = "".join(f"<p>{paragraph}</p>" for paragraph in paragraphs)
    return Page(
        f"<!doctype html><html><head><title>{title}</title>{head}</head><body><article>"
        f"<h1>{title}</h1>{body}</article></body></html>".encode()
    )


# Articles as (title, paragraph, …): ``article(*POLAND)`` serves one, with its own request log.
POLAND = (
    "Poland to host NATO air defence",
    "Poland and NATO agreed on Tuesday to station Patriot air defence batteries near Rzeszów.",
    "Ukraine welcomed the decision announced in March 2023.",
)
LITHUANIA = (
    "Lithuania to train Ukrainian soldiers",
    "Lithuania said on Monday that it would train Ukrainian soldiers at its bases this spring.",
    "Germany will deliver ammunition for the training in April 2023, the ministry added.",
)
ROMANIA = (
    "Romania opens a training centre for pilots",
    "Romania opened a training centre for Ukrainian F-16 pilots on 13 November 2023.",
    "NATO allies will send instructors to the centre next year.",
)
GERMANY = (
    "Germany sends more air defence",
    "Germany delivered another IRIS-T air defence system to Ukraine on 2 October 2023.",
)
MARATHON = (
    "City marathon draws a record crowd",
    "The city marathon on Sunday drew a record crowd of forty thousand runners and spectators.",
    "Organisers said the race would return in April 2024 with a new route along the river.",
)
UKRAINIAN = (
    "Міністр оборони про нові системи",
    "Міністр оборони України заявив у вівторок, що країна отримає нові системи протиповітряної "
    "оборони від партнерів до кінця року. За його словами, перші батареї вже прибули, а "
    "навчання екіпажів триває за кордоном. Він також подякував союзникам за підтримку, яку "
    "вони надають з початку повномасштабного вторгнення, і наголосив на важливості спільного "
    "виробництва озброєнь.",
)


# Something that happened between two states, on no topic of the timeline.
BORDER_CROSSING = (
    "Poland and Hungary open a border crossing",
    "Poland and Hungary opened a new road border crossing between two small towns on 5 March 2023.",
    "Local businesses welcomed the shorter journeys, the regional council said.",
)


def numbered_article(number: int) -> Page:
    """One of many distinct relevant articles (a feed of 200 entries needs 200 pages)."""
    return article(
        f"Poland and NATO: step {number}",
        f"Poland and NATO agreed on 1 March 2023 to station air defence battery {number} "
        "near Rzeszów.",
    )


def numbered_feed(base: str, count: int) -> Page:
    items = "".join(
        f"<item><title>Step {n}</title><link>{base}/steps/{n}</link><guid>step-{n}</guid>"
        f"<pubDate>Wed, 01 Mar 2023 {n // 60 % 24:02d}:{n % 60:02d}:00 GMT</pubDate></item>"
        for n in range(count)
    )
    xml = (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        f"<title>Many steps</title><link>{base}/</link>{items}</channel></rss>"
    )
    return Page(xml.encode(), RSS_TYPE)
