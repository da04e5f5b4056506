"""Backups: a dumpdata of the timeline restores to the same events, mentions and vocabulary."""

import pytest
from django.core.management import call_command

from tests.conftest import ARTICLES
from timeline.models import Actor, Article, Event, Mention, Topic

# serialized_rollback: restore the migrations’ data (vocabulary, Editors group) for later tests.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def snapshot() -> dict:
    return {
        "articles": sorted(Article.objects.values_list("content_hash", "published", "body")),
        "events": sorted(
            Event.objects.values_list("title", "date", "precision", "status", "timex", "period_end")
        ),
        "event_actors": sorted(Event.actors.through.objects.values_list("event_id", "actor_id")),
        "event_topics": sorted(Event.topics.through.objects.values_list("event_id", "topic_id")),
        "mentions": sorted(
            Mention.objects.values_list("event_id", "sentence", "start", "expression")
        ),
        "actors": Actor.objects.count(),
        "topics": Topic.objects.count(),
    }


def test_a_dump_of_events_and_mentions_restores_identically(tmp_path):
    call_command("ingest", str(ARTICLES), verbosity=0)
    call_command("confirm_pending", "--min-confidence", "0.5")
    before = snapshot()
    assert before["mentions"]

    dump = tmp_path / "timeline.json"
    call_command("dumpdata", "timeline", "--natural-foreign", output=str(dump), verbosity=0)
    call_command("flush", "--no-input", verbosity=0)
    assert Event.objects.count() == 0
    call_command("loaddata", str(dump), verbosity=0)

    assert snapshot() == before
