"""Background tasks: fetching an article by its address and ingesting it, away from the request;
polling a source; re-extracting articles and re-tagging pending events.

A slow or unresponsive site then holds up a worker (``manage.py db_worker``), never an editor's
browser. With the immediate backend (the default) the task still runs inside the request.
"""

import datetime

from django.contrib.admin.models import ADDITION, LogEntry
from django.db import transaction
from django_tasks import TaskContext, TaskResult, TaskResultStatus, task

from .fetching import FetchError, fetch_article
from .ingestion import IngestError, run_extraction, store_article
from .models import Article
from .reextraction import articles_to_retag, reextract_with_progress
from .sources.polling import poll

# Failures whose message is written for the editor; any other exception is a bug.
EDITOR_FACING_ERRORS = (FetchError, IngestError)


@task()
def ingest_from_address(
    fetch_url: str,
    *,
    published: str | None = None,
    url: str = "",
    publisher: str = "",
    user_id: int | None = None,
) -> dict:
    """Fetch the page at ``fetch_url``, extract its events and store it, all or nothing.

    Raises FetchError or IngestError, which fail the task with a message for the editor;
    ``published`` is an ISO 8601 date or datetime (task arguments are JSON). Returns the article's
    id, whether it is new (an article already known is left untouched) and how many events were
    proposed.
    """
    page = fetch_article(fetch_url)
    url = url or page.url
    result = run_extraction(
        page.content,
        published=datetime.datetime.fromisoformat(published) if published else None,
        url=url,
        content_type=page.content_type,
    )
    with transaction.atomic():
        outcome = store_article(result, raw=page.content, url=url, publisher=publisher)
        if outcome.created and user_id is not None:
            record_addition(outcome.article, user_id)
    return {
        "article_id": outcome.article.pk,
        "created": outcome.created,
        "events_added": outcome.events.added,
    }


def record_addition(article: Article, user_id: int) -> None:
    """Credit the editor who asked with the new article, as the admin does for what it saves:
    in the admin's log and in the article's history (a worker has no request to take them from)."""
    LogEntry.objects.log_actions(
        user_id,
        [article],
        ADDITION,
        change_message="Fetched and ingested in the background; extraction proposed events.",
        single_object=True,
    )
    article.history.filter(history_user__isnull=True).update(history_user_id=user_id)


def class_path(kind: type[BaseException]) -> str:
    """An exception class named as task backends record it."""
    return f"{kind.__module__}.{kind.__qualname__}"


def failure_message(result: TaskResult) -> str:
    """Why a failed ingestion task failed, in words for the editor.

    Backends keep an exception's class and formatted traceback, not the exception itself; the
    traceback's last line is ``module.Class: message``.
    """
    if not result.errors:
        return "The task failed without saying why."
    error = result.errors[-1]
    if error.exception_class_path in {class_path(kind) for kind in EDITOR_FACING_ERRORS}:
        return error.traceback.rpartition(f"{error.exception_class_path}: ")[2].strip()
    name = error.exception_class_path.rpartition(".")[2]
    return f"An unexpected error ({name}) stopped it; the details are in the worker's log."


def is_fetch_failure(result: TaskResult) -> bool:
    """Whether the task failed on fetching the page (rather than on the article it found)."""
    return result.status == TaskResultStatus.FAILED and any(
        error.exception_class_path == class_path(FetchError) for error in result.errors
    )


@task()
def poll_source(source_id: int, claim_token: str) -> dict:
    """Poll one source that the caller claimed (``timeline.sources.polling.claim``): fetch its
    feed, ingest its new entries, schedule its next poll. Returns what the poll did."""
    return poll(source_id, claim_token).as_dict()


@task(takes_context=True)
def reextract_articles_task(context: TaskContext, article_ids: list[int], description: str) -> dict:
    """Re-run extraction on these articles, one transaction each, with progress for the admin's
    progress page (timeline.reextraction). Returns what it did."""
    return reextract_with_progress(context.task_result.id, description, article_ids)


@task(takes_context=True)
def retag_pending_events_task(
    context: TaskContext, actor_ids: list[int], topic_ids: list[int], description: str
) -> dict:
    """After actors' aliases or topics' keywords changed: re-run extraction on the articles whose
    untouched proposals these actors or topics may tag, and on no others."""
    articles = articles_to_retag(actor_ids, topic_ids)
    return reextract_with_progress(context.task_result.id, description, articles)
