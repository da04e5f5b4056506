"""Re-extraction and re-tagging from the admin run as background tasks: the request returns at
once, a progress page follows the task, and re-tagging touches only what the selection may tag."""

import pytest
from django.test import override_settings
from django.urls import reverse
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from tests.test_admin_ingest import DATABASE_TASKS, run_queued_tasks
from timeline.ingestion import IngestError, ingest
from timeline.models import Actor, ActorAlias, Article, Event, Status, TaskProgress

pytestmark = pytest.mark.django_db

ARTICLES = reverse("admin:timeline_article_changelist")
ACTORS = reverse("admin:timeline_actor_changelist")


def article(number: int, sentence: str) -> Article:
    text = f"Report {number} on air defence\n\nOn 1 October 2022 {sentence}\n"
    return ingest(text).article


def event_ids(article: Article) -> set[int]:
    return set(Event.objects.filter(mentions__article=article).values_list("pk", flat=True))


def rerun(client, *articles):
    return client.post(
        ARTICLES,
        {"action": "rerun_extraction", "_selected_action": [a.pk for a in articles]},
    )


def test_re_extraction_runs_at_once_with_the_immediate_backend_and_says_what_it_did(
    editor_client,
):
    first = article(1, "Ukraine and Poland agreed to build air defence together.")
    response = editor_client.post(
        ARTICLES,
        {"action": "rerun_extraction", "_selected_action": [first.pk]},
        follow=True,
    )
    assert "Extraction re-run on 1 article(s): 1 event(s) added, 1 untouched proposal(s)" in (
        response.content.decode()
    )


@override_settings(TASKS=DATABASE_TASKS)
def test_re_extraction_is_queued_and_followed_on_its_progress_page(editor_client):
    first = article(1, "Ukraine and Poland agreed to build air defence together.")
    second = article(2, "Romania and Moldova signed an air defence agreement.")
    before = event_ids(first) | event_ids(second)

    response = rerun(editor_client, first, second)

    queued = DBTaskResult.objects.get()
    progress_url = reverse("admin:timeline_article_reextraction", args=[queued.id])
    assert response["Location"] == progress_url
    assert event_ids(first) | event_ids(second) == before  # nothing done in the request
    waiting = editor_client.get(progress_url).content.decode()
    assert "Queued" in waiting
    assert "Re-run extraction on 2 article(s)" in waiting
    assert '<meta http-equiv="refresh" content="2">' in waiting

    run_queued_tasks()

    assert not (event_ids(first) | event_ids(second)) & before
    done = editor_client.get(progress_url).content.decode()
    assert "Done" in done
    assert "Extraction re-run on 2 article(s): 2 event(s) added" in done
    assert "http-equiv" not in done
    assert TaskProgress.objects.values_list("done", "total").get() == (2, 2)


@override_settings(TASKS=DATABASE_TASKS)
def test_a_running_re_extraction_shows_how_far_it_has_got(editor_client):
    rerun(editor_client, article(1, "Ukraine and Poland agreed to build air defence together."))
    queued = DBTaskResult.objects.get()
    queued.claim("worker-1")
    TaskProgress.objects.create(task_id=str(queued.id), description="…", total=3, done=1)
    page = editor_client.get(reverse("admin:timeline_article_reextraction", args=[queued.id]))
    assert "Running" in page.content.decode()
    assert "1 of 3 article(s)" in page.content.decode()


@override_settings(TASKS=DATABASE_TASKS)
def test_an_article_that_no_longer_extracts_fails_alone_and_is_named(editor_client, monkeypatch):
    good = article(1, "Ukraine and Poland agreed to build air defence together.")
    bad = article(2, "Romania and Moldova signed an air defence agreement.")
    from timeline import reextraction

    original = reextraction.reextract

    def refuse_the_second(item, vocabulary=None):
        if item.pk == bad.pk:
            raise IngestError("No article text found in the content.")
        return original(item, vocabulary)

    monkeypatch.setattr(reextraction, "reextract", refuse_the_second)
    before = event_ids(bad)
    response = rerun(editor_client, good, bad)
    run_queued_tasks()

    assert DBTaskResult.objects.get().status == TaskResultStatus.SUCCESSFUL
    assert event_ids(bad) == before
    page = editor_client.get(response["Location"]).content.decode()
    assert "Extraction re-run on 1 article(s)" in page
    assert "1 article(s) could not be re-extracted: Report 2 on air defence: No article text" in (
        page
    )
    assert TaskProgress.objects.values_list("done", "failed").get() == (2, 1)


def test_re_tagging_re_extracts_only_the_articles_the_selected_actor_may_tag(editor_client):
    named = article(1, "the Western partners agreed to send Western weapons to Ukraine.")
    other = article(2, "Romania and Moldova signed an air defence agreement.")
    reviewed = article(3, "Western weapons reached Ukraine, the ministry said.")
    for event in Event.objects.filter(mentions__article=reviewed):
        event.review(Status.CONFIRMED, None)
        event.save()
    untouched_elsewhere, reviewed_ids = event_ids(other), event_ids(reviewed)
    actor = Actor.objects.create(name="Western partners", slug="western-partners", kind="other")
    ActorAlias.objects.create(actor=actor, alias="Western weapons")

    response = editor_client.post(
        ACTORS, {"action": "retag_pending_events", "_selected_action": [actor.pk]}, follow=True
    )

    assert "Re-tagged the pending events of 1 article(s)" in response.content.decode()
    assert Event.objects.filter(mentions__article=named, actors=actor).exists()
    assert event_ids(other) == untouched_elsewhere  # not re-extracted: ids unchanged
    assert event_ids(reviewed) == reviewed_ids


def test_re_tagging_after_an_alias_is_removed_untags_the_events_it_had_tagged(editor_client):
    actor = Actor.objects.create(name="Western partners", slug="western-partners", kind="other")
    alias = ActorAlias.objects.create(actor=actor, alias="Western weapons")
    tagged = article(1, "Western weapons reached Ukraine, the ministry said.")
    assert Event.objects.filter(mentions__article=tagged, actors=actor).exists()
    alias.delete()

    editor_client.post(ACTORS, {"action": "retag_pending_events", "_selected_action": [actor.pk]})

    assert not Event.objects.filter(mentions__article=tagged, actors=actor).exists()


@override_settings(TASKS=DATABASE_TASKS)
def test_only_re_extractions_have_progress_pages(editor_client):
    missing = reverse("admin:timeline_article_reextraction", args=["not-a-task"])
    assert editor_client.get(missing).status_code == 404
    fetch = editor_client.post(
        reverse("admin:timeline_article_add"), {"fetch_url": "https://example.org/a"}
    )
    fetch_id = DBTaskResult.objects.get().id
    assert fetch.status_code == 302
    other = reverse("admin:timeline_article_reextraction", args=[fetch_id])
    assert editor_client.get(other).status_code == 404
