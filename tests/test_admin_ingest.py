"""Adding an article in the admin: three ways in, duplicates recognised, bad input refused;
an address is fetched by a background task whose progress the editor follows."""

import pytest
from django.contrib.admin.models import LogEntry
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse
from django_tasks import TaskResultStatus
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

from tests.factories import make_user
from tests.http_pages import Page, serve
from timeline.models import Article, Event

pytestmark = pytest.mark.django_db
ADD_URL = reverse("admin:timeline_article_add")
DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
HTML_ARTICLE = """<!doctype html><html><head><title>Poland to host NATO air defence</title>
<meta property="article:published_time" content="2023-03-14T09:00:00Z"></head>
<body><article><h1>Poland to host NATO air defence</h1>
<p>Poland and NATO agreed on Tuesday to station Patriot batteries near Rzeszów.</p>
<p>Ukraine welcomed the decision announced in March 2023.</p></article></body></html>"""


def errors_of(response) -> str:
    form = response.context["form"]
    return " ".join(str(error) for errors in form.errors.values() for error in errors)


def test_the_add_page_offers_text_file_and_address(editor_client):
    response = editor_client.get(ADD_URL)
    assert response.status_code == 200
    for name in ["text", "file", "fetch_url", "published", "url"]:
        assert f'name="{name}"' in response.content.decode()


def test_pasted_text_is_ingested_and_the_editor_lands_on_its_events(
    editor_client, reznikov_article
):
    response = editor_client.post(
        ADD_URL, {"text": reznikov_article.decode(), "url": "https://www.unn.com.ua/en/news/1"}
    )
    article = Article.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:timeline_article_change", args=[article.pk])
    assert article.publisher == "unn.com.ua"
    page = editor_client.get(response["Location"])
    text = page.content.decode()
    assert "3 event(s) proposed for review" in text
    assert "<mark>11 months ago</mark>" in text
    assert Event.objects.filter(mentions__article=article).distinct().count() == 3


def test_an_uploaded_html_file_is_ingested_with_the_given_publication_date(editor_client):
    upload = SimpleUploadedFile("poland.html", HTML_ARTICLE.encode(), "text/html")
    response = editor_client.post(ADD_URL, {"file": upload, "published": "2023-03-15"})
    assert response.status_code == 302
    article = Article.objects.get()
    assert article.title == "Poland to host NATO air defence"
    assert article.published.date().isoformat() == "2023-03-15"


def test_the_same_article_twice_leads_to_the_existing_one(editor_client, reznikov_article):
    editor_client.post(ADD_URL, {"text": reznikov_article.decode()})
    response = editor_client.post(ADD_URL, {"text": reznikov_article.decode()}, follow=True)
    article = Article.objects.get()
    assert response.redirect_chain[-1][0] == reverse(
        "admin:timeline_article_change", args=[article.pk]
    )
    assert "already added" in response.content.decode()


def status_url(task_id) -> str:
    return reverse("admin:timeline_article_ingest_status", args=[task_id])


class RememberedRoutes(dict):
    """Routes for the local server that note each path asked for: was the page fetched?"""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.asked = []

    def get(self, path, default=None):
        self.asked.append(path)
        return super().get(path, default)


def run_queued_tasks() -> None:
    """Run the queued tasks as ``manage.py db_worker --batch`` does, without its reconnecting
    between tasks (which would end the test's transaction)."""
    worker = Worker(
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="tests",
        excluded_queue_names=[],
    )
    while (queued := DBTaskResult.objects.ready().get_locked()) is not None:
        queued.claim(worker.worker_id)
        worker.run_task(queued)


@override_settings(FETCH_ALLOW_PRIVATE_ADDRESSES=True)
def test_an_article_is_fetched_from_its_address_and_the_editor_lands_on_it(editor_client, editor):
    with serve({"/news/poland": Page(HTML_ARTICLE.encode())}) as base:
        response = editor_client.post(ADD_URL, {"fetch_url": f"{base}/news/poland"}, follow=True)
    article = Article.objects.get()
    assert response.redirect_chain == [
        (reverse("admin:timeline_article_change", args=[article.pk]), 302)
    ]
    assert article.url == f"{base}/news/poland"
    assert article.mentions.exists()
    assert "event(s) proposed for review" in response.content.decode()
    assert LogEntry.objects.get(object_id=str(article.pk)).user == editor


def test_an_address_that_is_not_on_the_web_is_refused_before_any_task(editor_client):
    response = editor_client.post(ADD_URL, {"fetch_url": "ftp://example.org/article.txt"})
    assert response.status_code == 200
    assert "is not a web address" in errors_of(response)
    assert not DBTaskResult.objects.exists()


@override_settings(FETCH_ALLOW_PRIVATE_ADDRESSES=True, TASKS=DATABASE_TASKS)
def test_with_the_database_backend_the_request_queues_the_fetch_for_the_worker(editor_client):
    routes = RememberedRoutes({"/news/poland": Page(HTML_ARTICLE.encode())})
    with serve(routes) as base:
        response = editor_client.post(ADD_URL, {"fetch_url": f"{base}/news/poland"})
        queued = DBTaskResult.objects.get()
        assert response["Location"] == status_url(queued.id)
        assert (queued.status, routes.asked) == (TaskResultStatus.READY, [])
        assert not Article.objects.exists()
        waiting = editor_client.get(response["Location"]).content.decode()
        assert "Queued" in waiting
        assert f"{base}/news/poland" in waiting
        run_queued_tasks()
    assert routes.asked == ["/news/poland"]
    landing = editor_client.get(response["Location"], follow=True)
    article = Article.objects.get()
    assert landing.redirect_chain == [
        (reverse("admin:timeline_article_change", args=[article.pk]), 302)
    ]
    assert "event(s) proposed for review" in landing.content.decode()
    assert article.history.get(history_type="+").history_user.username == "editor"


@override_settings(TASKS=DATABASE_TASKS)
def test_a_running_fetch_says_so_and_the_page_reloads_itself(editor_client):
    response = editor_client.post(ADD_URL, {"fetch_url": "https://example.org/slow"})
    DBTaskResult.objects.get().claim("worker-1")
    page = editor_client.get(response["Location"]).content.decode()
    assert "Running" in page
    assert '<meta http-equiv="refresh" content="2">' in page


@override_settings(FETCH_ALLOW_PRIVATE_ADDRESSES=True, TASKS=DATABASE_TASKS)
def test_a_failed_background_fetch_shows_the_form_again_with_the_reason(editor_client):
    empty_page = b"<html><body><script>window.app = {};</script></body></html>"
    with serve({"/empty": Page(empty_page)}) as base:
        response = editor_client.post(
            ADD_URL, {"fetch_url": f"{base}/empty", "publisher": "Example News"}
        )
        run_queued_tasks()
    assert DBTaskResult.objects.get().status == TaskResultStatus.FAILED
    page = editor_client.get(response["Location"])
    assert page.status_code == 200
    assert "was not added: No article text found" in errors_of(page)
    assert page.context["form"]["fetch_url"].value() == f"{base}/empty"
    assert page.context["form"]["publisher"].value() == "Example News"
    assert not Article.objects.exists()


@override_settings(TASKS=DATABASE_TASKS)
def test_an_unknown_ingestion_is_not_found(editor_client):
    assert editor_client.get(status_url("not-a-task")).status_code == 404
    assert editor_client.get(status_url("6a8c1a4e-8d5e-4c53-9d6c-3c1c1d1b2f10")).status_code == 404


def test_the_immediate_backend_keeps_no_ingestions_to_look_at(editor_client):
    assert editor_client.get(status_url("any")).status_code == 404


@override_settings(TASKS=DATABASE_TASKS)
def test_a_user_outside_the_editors_group_cannot_follow_an_ingestion(client, editor_client):
    response = editor_client.post(ADD_URL, {"fetch_url": "https://example.org/a"})
    staff_only = make_user("staff-only", editor=False)
    staff_only.is_staff = True
    staff_only.save()
    client.force_login(staff_only)
    assert client.get(response["Location"]).status_code == 403


def test_an_address_on_the_private_network_is_refused(editor_client):
    with serve({"/news/poland": Page(HTML_ARTICLE.encode())}) as base:
        response = editor_client.post(ADD_URL, {"fetch_url": f"{base}/news/poland"})
    assert response.status_code == 200
    assert "private or local address" in errors_of(response)
    assert not Article.objects.exists()


@override_settings(FETCH_ALLOW_PRIVATE_ADDRESSES=True)
def test_an_unreachable_address_is_reported(editor_client):
    with serve({}) as base:
        pass
    response = editor_client.post(ADD_URL, {"fetch_url": f"{base}/gone"})
    assert "cannot be reached" in errors_of(response)
    assert not Article.objects.exists()


@override_settings(FETCH_ALLOW_PRIVATE_ADDRESSES=True)
def test_a_page_without_article_text_is_refused(editor_client):
    empty_page = b"<html><body><script>window.app = {};</script></body></html>"
    with serve({"/empty": Page(empty_page)}) as base:
        response = editor_client.post(ADD_URL, {"fetch_url": f"{base}/empty"})
    assert response.status_code == 200
    assert "was not added: No article text found" in errors_of(response)
    assert not Article.objects.exists()
    assert not Event.objects.exists()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("photo.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 20, "not a text file"),
        ("article.txt", b"   \n\n  ", "empty"),
        ("article.pdf", b"%PDF-1.7 ...", ".txt or .html"),
    ],
    ids=["binary", "empty-file", "wrong-type"],
)
def test_bad_files_are_refused_with_a_message(editor_client, name, content, message):
    upload = SimpleUploadedFile(name, content)
    response = editor_client.post(ADD_URL, {"file": upload})
    assert response.status_code == 200
    assert message in errors_of(response)
    assert not Article.objects.exists()


def test_empty_text_is_refused(editor_client):
    response = editor_client.post(ADD_URL, {"text": "   \n  "})
    assert "paste its text" in errors_of(response)


def test_two_sources_at_once_are_refused(editor_client, reznikov_article):
    response = editor_client.post(
        ADD_URL, {"text": reznikov_article.decode(), "fetch_url": "https://example.org/a"}
    )
    assert "one way only" in errors_of(response)
    assert not Article.objects.exists()


def test_a_user_outside_the_editors_group_cannot_add_articles(client, reznikov_article):
    client.force_login(make_user("staff-only", editor=False))
    client.user = None
    response = client.post(ADD_URL, {"text": reznikov_article.decode()})
    assert response.status_code in {302, 403}
    assert not Article.objects.exists()


@pytest.mark.parametrize("encoding", ["cp1251", "utf-16", "utf-16-le"])
def test_an_upload_is_read_as_the_ingest_command_reads_the_same_file(
    editor_client, tmp_path, encoding
):
    from django.core.management import call_command

    text = (
        "Україна і Польща домовилися про ППО\n\n"
        "On 1 October 2022 Ukraine and Poland agreed on air defence, Київ said.\n"
    )
    upload = SimpleUploadedFile("article.txt", text.encode(encoding))
    response = editor_client.post(ADD_URL, {"file": upload})
    assert response.status_code == 302
    uploaded = Article.objects.get()
    assert uploaded.raw_content == text
    Article.objects.all().delete()
    (tmp_path / "article.txt").write_bytes(text.encode(encoding))
    call_command("ingest", str(tmp_path / "article.txt"), verbosity=0)
    from_command = Article.objects.get()
    assert (from_command.title, from_command.body) == (uploaded.title, uploaded.body)
