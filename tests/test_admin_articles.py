"""Articles in the admin: a corrected publication date re-dates events; extraction re-runs."""

import datetime

import pytest
from django.urls import reverse

from timeline.ingestion import ingest
from timeline.models import Event, PublishedSource, Status

pytestmark = pytest.mark.django_db


def article_form(article, published: str) -> dict:
    day, _, time = published.partition(" ")
    return {
        "title": article.title,
        "url": article.url,
        "publisher": article.publisher,
        "published_0": day,
        "published_1": time or "00:00",
        "language": article.language,
        "mentions-TOTAL_FORMS": "0",
        "mentions-INITIAL_FORMS": "0",
        "mentions-MIN_NUM_FORMS": "0",
        "mentions-MAX_NUM_FORMS": "1000",
    }


def event_by_expression(article, expression: str) -> Event:
    return Event.objects.distinct().get(mentions__article=article, mentions__expression=expression)


def test_correcting_the_publication_date_re_resolves_untouched_relative_dates(
    editor_client, reznikov_article
):
    article = ingest(reznikov_article).article
    assert event_by_expression(article, "11 months ago").date == datetime.date(2021, 11, 1)
    reviewed = event_by_expression(article, "Today")
    reviewed.review(Status.CONFIRMED, None)
    reviewed.save()

    response = editor_client.post(
        reverse("admin:timeline_article_change", args=[article.pk]),
        article_form(article, "2022-12-05 10:00"),
        follow=True,
    )

    assert "Publication date changed: 2 event date(s) resolved again" in response.content.decode()
    article.refresh_from_db()
    assert article.published_source == PublishedSource.EDITOR
    assert event_by_expression(article, "11 months ago").date == datetime.date(2022, 1, 1)
    lead = Event.objects.distinct().get(mentions__article=article, implicit_date=True)
    assert lead.date == datetime.date(2022, 12, 5)
    assert event_by_expression(article, "Today").date == datetime.date(2022, 10, 1)  # reviewed


def test_events_needing_a_date_get_one_when_the_date_is_set(editor_client):
    text = "Ukraine and Poland sign a pact\n\nLast week Ukraine and Poland signed a defence pact."
    article = ingest(text).article
    assert article.published is None
    undated = Event.objects.filter(mentions__article=article, date__isnull=True)
    assert undated.exists()
    editor_client.post(
        reverse("admin:timeline_article_change", args=[article.pk]),
        article_form(article, "2023-06-15"),
    )
    assert not Event.objects.filter(mentions__article=article, date__isnull=True).exists()


def test_re_running_extraction_keeps_reviewed_and_edited_events(
    editor_client, editor, reznikov_article
):
    article = ingest(reznikov_article).article
    confirmed = event_by_expression(article, "Today")
    confirmed.review(Status.CONFIRMED, editor)
    confirmed.save()
    edited = event_by_expression(article, "11 months ago")
    edited.title = "Reznikov asked for Stingers"
    edited.edited_at = datetime.datetime(2022, 10, 2, tzinfo=datetime.UTC)
    edited.save()

    response = editor_client.post(
        reverse("admin:timeline_article_changelist"),
        {"action": "rerun_extraction", "_selected_action": [article.pk]},
        follow=True,
    )

    assert "1 event(s) added, 1 untouched proposal(s) replaced, 2 reviewed or edited" in (
        response.content.decode()
    )
    assert Event.objects.get(pk=confirmed.pk).status == Status.CONFIRMED
    assert Event.objects.get(pk=edited.pk).title == "Reznikov asked for Stingers"
    assert Event.objects.filter(mentions__article=article).distinct().count() == 3


def test_the_article_page_lists_its_proposed_events(editor_client, reznikov_article):
    article = ingest(reznikov_article).article
    text = editor_client.get(
        reverse("admin:timeline_article_change", args=[article.pk])
    ).content.decode()
    assert "events found in this article" in text.lower()
    assert "<mark>Today</mark> we have a large arsenal" in text
    assert f"?article={article.pk}&amp;status=all" in text
