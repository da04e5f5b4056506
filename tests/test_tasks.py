"""Fetching and ingesting an article in the background: the task, its outcome and its failures."""

import pytest
from django.contrib.admin.models import ADDITION, LogEntry
from django.core.exceptions import ImproperlyConfigured
from django.test import override_settings
from django_tasks import TaskResultStatus

from tests.http_pages import Page, serve
from tests.test_admin_ingest import HTML_ARTICLE
from timeline.models import Article, Event
from timeline.settings import tasks_config
from timeline.tasks import failure_message, ingest_from_address, is_fetch_failure

pytestmark = pytest.mark.django_db
EMPTY_PAGE = b"<html><body><script>window.app = {};</script></body></html>"


@override_settings(FETCH_ALLOW_PRIVATE_ADDRESSES=True)
def test_a_fetched_article_is_stored_with_its_events_and_credited_to_the_editor(editor):
    with serve({"/news/poland": Page(HTML_ARTICLE.encode())}) as base:
        result = ingest_from_address.enqueue(f"{base}/news/poland", user_id=editor.pk)
    article = Article.objects.get()
    events = Event.objects.filter(mentions__article=article).distinct().count()
    assert result.status == TaskResultStatus.SUCCESSFUL
    assert result.return_value == {
        "article_id": article.pk,
        "created": True,
        "events_added": events,
    }
    assert events > 0
    assert (article.url, article.title) == (
        f"{base}/news/poland",
        "Poland to host NATO air defence",
    )
    assert LogEntry.objects.get(object_id=str(article.pk)).user == editor
    assert LogEntry.objects.get().action_flag == ADDITION
    assert {record.history_user for record in article.history.all()} == {editor}


@override_settings(FETCH_ALLOW_PRIVATE_ADDRESSES=True)
def test_the_given_publication_date_url_and_publisher_are_kept():
    with serve({"/a": Page(HTML_ARTICLE.encode())}) as base:
        ingest_from_address.enqueue(
            f"{base}/a",
            published="2023-03-15T08:00:00+00:00",
            url="https://www.example.org/poland",
            publisher="Example News",
        )
    article = Article.objects.get()
    assert article.published.isoformat() == "2023-03-15T08:00:00+00:00"
    assert (article.url, article.publisher) == ("https://www.example.org/poland", "Example News")


@override_settings(FETCH_ALLOW_PRIVATE_ADDRESSES=True)
def test_the_same_article_fetched_twice_is_the_existing_one(editor):
    with serve({"/a": Page(HTML_ARTICLE.encode()), "/b": Page(HTML_ARTICLE.encode())}) as base:
        first = ingest_from_address.enqueue(f"{base}/a", user_id=editor.pk)
        again = ingest_from_address.enqueue(f"{base}/b", user_id=editor.pk)
    assert again.status == TaskResultStatus.SUCCESSFUL
    assert again.return_value == {
        "article_id": first.return_value["article_id"],
        "created": False,
        "events_added": 0,
    }
    assert Article.objects.count() == 1
    assert LogEntry.objects.count() == 1


def fetch_in_a_task(page: Page | None):
    """Run the task on a page served locally; ``None``: on the address of a server now gone."""
    if page is None:
        with serve({}) as base:
            pass
        return ingest_from_address.enqueue(f"{base}/gone")
    with serve({"/article": page}) as base:
        return ingest_from_address.enqueue(f"{base}/article")


@pytest.mark.parametrize(
    ("allow_private", "page", "message", "on_fetching"),
    [
        (False, Page(HTML_ARTICLE.encode()), "private or local address", True),
        (True, None, "cannot be reached", True),
        (True, Page(b"%PDF-1.7", "application/pdf"), "not a web page", True),
        (True, Page(EMPTY_PAGE), "No article text found", False),
    ],
    ids=["private-address", "unreachable", "not-a-page", "no-article-text"],
)
def test_a_failed_ingestion_says_why_and_writes_nothing(
    settings, allow_private, page, message, on_fetching
):
    settings.FETCH_ALLOW_PRIVATE_ADDRESSES = allow_private
    result = fetch_in_a_task(page)
    assert result.status == TaskResultStatus.FAILED
    assert message in failure_message(result)
    assert "Traceback" not in failure_message(result)
    assert is_fetch_failure(result) is on_fetching
    assert not Article.objects.exists()
    assert not Event.objects.exists()
    assert not LogEntry.objects.exists()


@override_settings(FETCH_ALLOW_PRIVATE_ADDRESSES=True)
def test_an_unexpected_error_is_named_without_its_traceback():
    with serve({"/a": Page(HTML_ARTICLE.encode())}) as base:
        result = ingest_from_address.enqueue(f"{base}/a", published="the ides of March")
    assert result.status == TaskResultStatus.FAILED
    assert failure_message(result) == (
        "An unexpected error (ValueError) stopped it; the details are in the worker's log."
    )
    assert not Article.objects.exists()


def test_tasks_run_at_once_unless_the_database_backend_is_chosen():
    assert tasks_config({}) == {
        "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}
    }
    assert tasks_config({"TASKS_BACKEND": "database"}) == {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend"}
    }
    with pytest.raises(ImproperlyConfigured, match="TASKS_BACKEND must be one of"):
        tasks_config({"TASKS_BACKEND": "celery"})
