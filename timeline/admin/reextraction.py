"""Re-extraction in the background, from the admin: the article list's "Re-run extraction" and
the vocabularies' "Re-tag pending events" start a task (timeline.tasks) and return at once; the
editor follows it on its progress page, which reloads itself until the task is done.

With the immediate backend (the default) the task has run by the time the action returns: its
outcome is shown at once, as a message.
"""

from django.contrib import messages
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django_tasks import TaskResult, TaskResultStatus, default_task_backend
from django_tasks.exceptions import TaskResultDoesNotExist

from ..models import TaskProgress
from ..tasks import failure_message, reextract_articles_task, retag_pending_events_task

# How often a progress page of a task still queued or running reloads itself, in seconds.
PROGRESS_REFRESH = 2
TASKS = {task.module_path: task for task in (reextract_articles_task, retag_pending_events_task)}


def start(model_admin, request, task, *args, description: str) -> HttpResponseRedirect | None:
    """Enqueue ``task``; the redirect to its progress page, or None once its outcome is shown
    (the immediate backend ran it already)."""
    result = task.enqueue(*args, description=description)
    if result.status == TaskResultStatus.SUCCESSFUL:
        model_admin.message_user(request, outcome(result), messages.SUCCESS)
        return None
    if result.status == TaskResultStatus.FAILED:
        model_admin.message_user(
            request, f"{description} failed: {failure_message(result)}", messages.ERROR
        )
        return None
    return HttpResponseRedirect(reverse("admin:timeline_article_reextraction", args=[result.id]))


def outcome(result: TaskResult) -> str:
    """What a finished task did, in the words of the action that started it."""
    done = result.return_value
    if result.task.module_path == retag_pending_events_task.module_path:
        said = (
            f"Re-tagged the pending events of {done['articles']} article(s): "
            f"{done['replaced']} proposal(s) replaced by {done['added']}; "
            f"{done['kept']} reviewed or edited event(s) kept as they are."
        )
    else:
        said = (
            f"Extraction re-run on {done['articles']} article(s): {done['added']} event(s) "
            f"added, {done['replaced']} untouched proposal(s) replaced, {done['kept']} reviewed "
            "or edited event(s) kept."
        )
    if done["failed"]:
        said += f" {done['failed']} article(s) could not be re-extracted: " + "; ".join(
            done["failures"]
        )
    return said


def progress_view(model_admin, request, task_id: str) -> TemplateResponse:
    """Where a re-extraction stands: queued, running (N of M articles), done (what it did) or
    failed (why)."""
    try:
        result = default_task_backend.get_result(task_id)
    except (TaskResultDoesNotExist, NotImplementedError):
        # NotImplementedError: the immediate backend keeps no results, nor needs to.
        raise Http404("No such re-extraction.") from None
    if result.task.module_path not in TASKS:
        raise Http404("No such re-extraction.")
    progress = TaskProgress.objects.filter(task_id=result.id).first()
    finished = result.status in {TaskResultStatus.SUCCESSFUL, TaskResultStatus.FAILED}
    context = {
        **model_admin.admin_site.each_context(request),
        "title": result.kwargs.get("description", "Re-extraction"),
        "opts": model_admin.opts,
        "result": result,
        "progress": progress,
        "running": result.status == TaskResultStatus.RUNNING,
        "finished": finished,
        "succeeded": result.status == TaskResultStatus.SUCCESSFUL,
        "outcome": outcome(result) if result.status == TaskResultStatus.SUCCESSFUL else "",
        "failure": failure_message(result) if result.status == TaskResultStatus.FAILED else "",
        "refresh_seconds": None if finished else PROGRESS_REFRESH,
        "has_view_permission": model_admin.has_view_permission(request),
    }
    return TemplateResponse(request, "admin/timeline/article/reextraction.html", context)
