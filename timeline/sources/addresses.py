"""An article's canonical address: the one its page names (``rel=canonical``), without tracking
parameters (``utm_*``, ``fbclid``…) or a fragment, so that one story reached by several links is
stored once."""

from urllib.parse import urljoin, urlsplit

import lxml.html
from courlan import normalize_url


def canonical_url(url: str) -> str:
    """``url`` normalised: lower-case host, no default port, no tracking parameters, no
    fragment. An address that cannot be parsed is returned as it is."""
    try:
        normalised = normalize_url(url)
    except ValueError:
        return url
    return urlsplit(normalised)._replace(fragment="").geturl()


def canonical_link(page: str | bytes, page_url: str) -> str:
    """The address the page declares canonical with ``<link rel="canonical">``, made absolute;
    "" when it declares none (or no web address)."""
    if isinstance(page, str):
        page = page.encode("utf-8")
    try:
        tree = lxml.html.fromstring(page)
    except (lxml.etree.ParserError, ValueError):
        return ""
    for link in tree.iter("link"):
        rel = (link.get("rel") or "").lower().split()
        href = (link.get("href") or "").strip()
        if "canonical" in rel and href:
            address = urljoin(page_url, href)
            if urlsplit(address).scheme in {"http", "https"}:
                return address
    return ""
