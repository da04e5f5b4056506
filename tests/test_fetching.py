"""Fetching an article by URL: only public addresses, within time, size and type limits."""

import time

import pytest
from django.test import override_settings

from tests.http_pages import Page, serve
from timeline import fetching
from timeline.fetching import FetchError, fetch_article, fetch_feed, is_public_address

ARTICLE = (
    b"<html><body><article><h1>NATO summit</h1><p>Allies met in Vilnius.</p></article>"
    b"</body></html>"
)


@pytest.mark.parametrize(
    ("address", "public"),
    [
        ("8.8.8.8", True),
        ("2001:4860:4860::8888", True),
        ("127.0.0.1", False),
        ("10.1.2.3", False),
        ("172.16.0.1", False),
        ("192.168.1.10", False),
        ("169.254.169.254", False),  # cloud metadata service
        ("100.64.0.1", False),  # carrier-grade NAT
        ("0.0.0.0", False),
        ("::1", False),
        ("fe80::1", False),
        ("fc00::1", False),
        ("::ffff:127.0.0.1", False),  # IPv4-mapped loopback
        ("64:ff9b::7f00:1", False),  # NAT64 of 127.0.0.1
        ("64:ff9b::a01:203", False),  # NAT64 of 10.1.2.3
        ("64:ff9b::808:808", True),  # NAT64 of 8.8.8.8: how IPv6-only networks reach it
        ("64:ff9b:1::808:808", False),  # local-use NAT64, inside the operator's network
        ("2002:7f00:1::1", False),  # 6to4 of 127.0.0.1
        ("2002:a9fe:a9fe::1", False),  # 6to4 of the metadata service 169.254.169.254
        ("2002:808:808::1", True),  # 6to4 of 8.8.8.8
        ("::127.0.0.1", False),  # IPv4-compatible loopback
        ("::ffff:0:7f00:1", False),  # IPv4-translated loopback
        ("224.0.0.1", False),
    ],
)
def test_only_global_unicast_addresses_count_as_public(address, public):
    assert is_public_address(address) is public


def test_a_url_pointing_at_a_loopback_address_is_refused():
    with serve({"/a": Page(ARTICLE)}) as base, pytest.raises(FetchError, match="private or local"):
        fetch_article(f"{base}/a")


def test_a_host_name_resolving_to_loopback_is_refused():
    with pytest.raises(FetchError, match="private or local"):
        fetch_article("http://localhost:9/")


@override_settings(FETCH_ALLOW_PRIVATE_ADDRESSES=True)
def test_a_page_is_fetched_with_its_type_and_final_address():
    with serve({"/a": Page(ARTICLE)}) as base:
        page = fetch_article(f"{base}/a")
    assert page.url == f"{base}/a"
    assert page.content_type == "text/html"
    assert "Vilnius" in page.content


def test_every_redirect_is_checked_against_the_address_rules(monkeypatch):
    # 127.0.0.1 plays a public server here; its redirect to 127.0.0.2 must still be refused.
    monkeypatch.setattr(fetching, "is_public_address", lambda address: address == "127.0.0.1")
    with serve({}) as base:
        port = base.rsplit(":", 1)[1]
        routes = {"/go": Page(status=302, headers={"Location": f"http://127.0.0.2:{port}/a"})}
        with serve(routes) as redirecting, pytest.raises(FetchError, match=r"127\.0\.0\.2"):
            fetch_article(f"{redirecting}/go")


@override_settings(FETCH_ALLOW_PRIVATE_ADDRESSES=True)
def test_redirects_are_followed_a_few_times_only():
    routes = {f"/{n}": Page(status=302, headers={"Location": f"/{n + 1}"}) for n in range(10)}
    with serve(routes) as base, pytest.raises(FetchError, match="302"):
        fetch_article(f"{base}/0")


@override_settings(FETCH_ALLOW_PRIVATE_ADDRESSES=True)
def test_a_redirect_to_another_scheme_is_refused():
    routes = {"/go": Page(status=302, headers={"Location": "ftp://example.org/file"})}
    with serve(routes) as base, pytest.raises(FetchError, match="not a web address"):
        fetch_article(f"{base}/go")


@override_settings(FETCH_ALLOW_PRIVATE_ADDRESSES=True, FETCH_MAX_BYTES=1000)
def test_a_page_over_the_size_limit_is_refused():
    with (
        serve({"/big": Page(b"<p>" + b"x" * 5000 + b"</p>")}) as base,
        pytest.raises(FetchError, match="larger than"),
    ):
        fetch_article(f"{base}/big")


@override_settings(FETCH_ALLOW_PRIVATE_ADDRESSES=True)
def test_a_file_that_is_not_a_page_is_refused():
    with (
        serve({"/doc.pdf": Page(b"%PDF-1.7", "application/pdf")}) as base,
        pytest.raises(FetchError, match="application/pdf"),
    ):
        fetch_article(f"{base}/doc.pdf")


@override_settings(FETCH_ALLOW_PRIVATE_ADDRESSES=True, FETCH_TIMEOUT_SECONDS=0.3)
def test_a_slow_server_times_out():
    with (
        serve({"/slow": Page(ARTICLE, delay=1.0)}) as base,
        pytest.raises(FetchError, match="did not answer"),
    ):
        fetch_article(f"{base}/slow")


@override_settings(FETCH_ALLOW_PRIVATE_ADDRESSES=True)
def test_an_unreachable_server_is_reported():
    with serve({}) as base:
        pass  # the server is gone: its port now refuses connections
    with pytest.raises(FetchError, match="cannot be reached"):
        fetch_article(f"{base}/a")


@override_settings(FETCH_ALLOW_PRIVATE_ADDRESSES=True)
def test_an_error_status_is_reported():
    with serve({}) as base, pytest.raises(FetchError, match="404"):
        fetch_article(f"{base}/missing")


def test_only_web_addresses_are_fetched():
    with pytest.raises(FetchError, match="not a web address"):
        fetch_article("file:///etc/passwd")


@override_settings(FETCH_ALLOW_HOSTS=["127.0.0.1"])
def test_a_host_allowed_by_address_may_be_fetched_though_private():
    with serve({"/a": Page(ARTICLE)}) as base:
        assert "Vilnius" in fetch_article(f"{base}/a").content


@override_settings(FETCH_ALLOW_HOSTS=["localhost"])
def test_a_host_allowed_by_name_may_be_fetched_though_private():
    with serve({"/a": Page(ARTICLE)}) as base:
        page = fetch_article(base.replace("127.0.0.1", "localhost") + "/a")
    assert "Vilnius" in page.content


@override_settings(FETCH_ALLOW_HOSTS=["127.0.0.0/30"])
def test_a_network_can_be_allowed():
    with serve({"/a": Page(ARTICLE)}) as base:
        assert "Vilnius" in fetch_article(f"{base}/a").content


@override_settings(FETCH_ALLOW_HOSTS=["127.0.0.1"])
def test_a_redirect_from_an_allowed_host_to_another_private_address_is_refused():
    with serve({}) as base:
        port = base.rsplit(":", 1)[1]
        routes = {"/go": Page(status=302, headers={"Location": f"http://127.0.0.2:{port}/a"})}
        with serve(routes) as redirecting, pytest.raises(FetchError, match="private or local"):
            fetch_article(f"{redirecting}/go")


@override_settings(FETCH_ALLOW_HOSTS=["127.0.0.1"], FETCH_USER_AGENT="timeline-test/2.0")
def test_requests_name_the_app_in_their_user_agent():
    page = Page(ARTICLE)
    with serve({"/a": page}) as base:
        fetch_article(f"{base}/a")
    assert page.requests[0]["User-Agent"] == "timeline-test/2.0"


@override_settings(FETCH_ALLOW_HOSTS=["127.0.0.1"])
def test_a_conditional_feed_request_for_an_unchanged_feed_gets_not_modified():
    rss = b'<?xml version="1.0"?><rss version="2.0"><channel><title>T</title></channel></rss>'
    feed = Page(
        rss,
        "application/rss+xml",
        etag='"v1"',
        headers={"Last-Modified": "Tue, 14 Mar 2023 09:00:00 GMT"},
    )
    with serve({"/rss": feed}) as base:
        first = fetch_feed(f"{base}/rss")
        again = fetch_feed(
            f"{base}/rss", etag=first.headers["ETag"], last_modified=first.headers["Last-Modified"]
        )
    assert (first.not_modified, first.content) == (False, rss)
    assert (again.not_modified, again.content) == (True, b"")
    assert feed.requests[1]["If-None-Match"] == '"v1"'
    assert feed.requests[1]["If-Modified-Since"] == "Tue, 14 Mar 2023 09:00:00 GMT"


@override_settings(FETCH_ALLOW_HOSTS=["127.0.0.1"])
def test_a_feed_address_giving_something_else_is_refused():
    with (
        serve({"/feed": Page(b"\x89PNG", "image/png")}) as base,
        pytest.raises(FetchError, match="not an RSS or Atom feed"),
    ):
        fetch_feed(f"{base}/feed")


@override_settings(FETCH_ALLOW_PRIVATE_ADDRESSES=True)
@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        ("<p>Київ і Варшава</p>".encode("cp1251"), "text/html"),
        ("<p>Київ і Варшава</p>".encode("cp1251"), "text/html; charset=windows-1251"),
        ("<p>Київ і Варшава</p>".encode("utf-16"), "text/html"),
    ],
    ids=["cp1251 undeclared", "cp1251 declared", "utf-16 undeclared"],
)
def test_a_page_is_decoded_as_files_are(body, content_type):
    with serve({"/a": Page(body, content_type)}) as base:
        page = fetch_article(f"{base}/a")
    assert page.content == "<p>Київ і Варшава</p>"


@override_settings(FETCH_ALLOW_PRIVATE_ADDRESSES=True, FETCH_TIMEOUT_SECONDS=0.5)
def test_a_body_sent_a_byte_at_a_time_does_not_outlast_the_deadline():
    # 200 bytes at 0.05 s each would take 10 s (100,000 would take hours); the deadline is 0.5 s.
    page = Page(b"<p>" + b"x" * 197, drip=0.05, content_length=100_000)
    started = time.monotonic()
    with serve({"/drip": page}) as base, pytest.raises(FetchError, match=r"longer than 0\.5 s"):
        fetch_article(f"{base}/drip")
    assert time.monotonic() - started < 5


@override_settings(FETCH_ALLOW_PRIVATE_ADDRESSES=True, FETCH_TIMEOUT_SECONDS=0.5)
def test_headers_sent_a_byte_at_a_time_do_not_outlast_the_deadline():
    page = Page(ARTICLE, drip=0.05, drip_headers=True)
    with serve({"/drip": page}) as base, pytest.raises(FetchError, match=r"within 0\.5 s"):
        fetch_article(f"{base}/drip")
