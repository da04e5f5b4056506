"""Finding the feed of an address an editor gives: the feed itself, or the one a web page names
(``<link rel="alternate" type="application/rss+xml">``, else a link that looks like a feed) —
trafilatura's feed discovery on the page, every fetch through the guarded fetcher."""

from dataclasses import dataclass

from courlan import get_hostinfo
from trafilatura.feeds import FeedParameters, determine_feed

from timeline.fetching import FetchError, fetch_feed

from .feeds import FeedError, ParsedFeed, parse_feed

# A page naming many feeds (one per section) is not searched further than this.
MAX_CANDIDATES = 3


@dataclass(frozen=True)
class DiscoveredFeed:
    url: str  # the feed's address, after redirects
    feed: ParsedFeed


def discover_feed(url: str) -> DiscoveredFeed:
    """The feed at ``url``, or the one the web page at ``url`` links to.

    Raises FetchError or FeedError with a message for the editor.
    """
    page = fetch_feed(url)
    try:
        return DiscoveredFeed(page.url, parse_feed(page.content, page.url, page.headers))
    except FeedError as error:
        if page.content_type not in {"text/html", "application/xhtml+xml"}:
            raise
        not_a_feed = error
    candidates = feed_links(page.content, page.url)
    if not candidates:
        raise FeedError(
            f"{url} is a web page that names no RSS or Atom feed; give the feed's address."
        ) from not_a_feed
    problems = []
    for candidate in candidates[:MAX_CANDIDATES]:
        try:
            found = fetch_feed(candidate)
            return DiscoveredFeed(found.url, parse_feed(found.content, found.url, found.headers))
        except (FetchError, FeedError) as error:
            problems.append(f"{candidate}: {error}")
    raise FeedError("The page names feeds, but none could be read. " + " ".join(problems))


def feed_links(page: bytes | str, page_url: str) -> list[str]:
    """Addresses of the feeds a web page names, absolute, best first."""
    domain, base = get_hostinfo(page_url)
    return determine_feed(page, FeedParameters(base, domain or "", page_url))
