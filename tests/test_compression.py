"""Public pages travel compressed; pages with secrets do not (BREACH); the favicon is served."""

import gzip

import pytest

from tests.factories import ActorFactory, EventFactory

pytestmark = pytest.mark.django_db

GZIP = {"Accept-Encoding": "gzip, deflate, br"}


@pytest.fixture
def timeline():
    poland = ActorFactory(name="Poland", slug="poland")
    for n in range(30):
        EventFactory(title=f"Poland and Ukraine agree on air defence, round {n}", actors=[poland])


def test_timeline_page_is_gzipped_for_a_client_that_accepts_it(client, timeline):
    response = client.get("/", headers=GZIP)
    assert response["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in response["Vary"]
    page = gzip.decompress(response.content).decode()
    assert "round 29" in page
    assert len(response.content) * 4 < len(page)


def test_timeline_page_is_plain_for_a_client_that_does_not_accept_gzip(client, timeline):
    response = client.get("/")
    assert not response.has_header("Content-Encoding")
    assert "round 29" in response.content.decode()


def test_htmx_results_and_actor_pages_are_gzipped(client, timeline):
    results = client.get(
        "/?actor=poland", headers={**GZIP, "HX-Request": "true", "HX-Target": "results"}
    )
    actor = client.get("/actors/poland/", headers=GZIP)
    assert results["Content-Encoding"] == actor["Content-Encoding"] == "gzip"


def test_pages_with_a_csrf_token_are_never_compressed(client, timeline):
    login = client.get("/admin/login/", headers=GZIP)
    assert login.status_code == 200
    assert "csrfmiddlewaretoken" in login.content.decode()
    assert not login.has_header("Content-Encoding")


def test_admin_pages_are_never_compressed(editor_client, timeline):
    response = editor_client.get("/admin/timeline/event/", headers=GZIP)
    assert response.status_code == 200
    assert not response.has_header("Content-Encoding")


def test_downloads_stream_uncompressed(client, timeline):
    response = client.get("/export.csv", headers=GZIP)
    assert response.streaming
    assert not response.has_header("Content-Encoding")


def test_favicon_is_served_and_linked_from_every_page(client, timeline):
    icon = client.get("/favicon.ico")
    assert icon.status_code == 200
    assert icon["Content-Type"] in {"image/x-icon", "image/vnd.microsoft.icon"}
    assert b"".join(icon.streaming_content)[:4] == b"\x00\x00\x01\x00"  # an ICO header
    page = client.get("/").content.decode()
    assert 'rel="icon" href="/favicon.ico"' in page
    assert "favicon.svg" in page
