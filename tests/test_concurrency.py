"""Two editors, two ingests, at the same moment: on PostgreSQL, with threads that each hold their
own database connection, as gunicorn's workers do. Nothing lost, nothing corrupted, and the one
who loses a race is told why."""

import io
import json
import threading
import time

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.urls import reverse

from tests.factories import ActorFactory, ArticleFactory, EventFactory, change_data, make_user
from timeline.duplicates import mark_not_duplicate, merge_into
from timeline.extraction import extract
from timeline.ingestion import store_article
from timeline.merging import MergeConflict, merge_events
from timeline.models import (
    Article,
    DuplicateSuggestion,
    Event,
    EventMerge,
    Mention,
    NotDuplicate,
    Status,
)

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="row locks and concurrent transactions are PostgreSQL's (SQLite locks the file)",
    ),
]

ARTICLE = (
    "Allies agree on air defence\n\n"
    "On 1 October 2022 Ukraine and Poland agreed to build air defence together.\n"
)


@pytest.fixture(autouse=True)
def fresh_content_types():
    """An earlier transactional test's flush re-created the content types under new ids; the
    admin's log would still use the cached old ones."""
    from django.contrib.contenttypes.models import ContentType

    ContentType.objects.clear_cache()


def at_once(*calls) -> list:
    """Run the calls in threads released together; each returns its result or its exception.

    Each thread closes its own connection at the end, as a worker does after a request.
    """
    barrier = threading.Barrier(len(calls))
    outcomes: list = [None] * len(calls)

    def run(index: int, call) -> None:
        try:
            barrier.wait(timeout=10)
            outcomes[index] = call()
        except Exception as error:
            outcomes[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=item) for item in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return outcomes


def in_thread(call, *args) -> threading.Thread:
    def run():
        try:
            call(*args)
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    return thread


# Item 3: the same article twice at once.


def test_losing_the_race_to_store_an_article_reports_it_as_known():
    result = extract(ARTICLE)
    first_stored = threading.Event()
    outcomes = {}

    def first():
        from django.db import transaction

        with transaction.atomic():
            outcomes["first"] = store_article(result, raw=ARTICLE)
            first_stored.set()
            time.sleep(0.5)  # the second run inserts now, and waits on the unique index

    def second():
        first_stored.wait(timeout=10)
        outcomes["second"] = store_article(result, raw=ARTICLE)

    threads = [in_thread(first), in_thread(second)]
    for thread in threads:
        thread.join(timeout=30)
    assert outcomes["first"].created and not outcomes["second"].created
    assert outcomes["second"].article.pk == outcomes["first"].article.pk
    assert Article.objects.count() == 1


def test_two_ingest_commands_of_the_same_article_at_once_end_with_one_article(tmp_path):
    path = tmp_path / "article.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    outputs = [io.StringIO(), io.StringIO()]

    def ingest(output):
        return lambda: call_command("ingest", str(path), stdout=output, stderr=output)

    outcomes = at_once(ingest(outputs[0]), ingest(outputs[1]))
    assert outcomes == [None, None]  # no IntegrityError, no CommandError
    summaries = sorted(output.getvalue().splitlines()[-1].split(": ", 1)[1] for output in outputs)
    assert summaries[0].startswith("0 new, 1 duplicate, 0 failed")
    assert summaries[1].startswith("1 new, 0 duplicate, 0 failed")
    assert Article.objects.count() == 1


# Item 4: merges that share events.


def reported(title: str):
    article = ArticleFactory(body=f"{title}\n\nToday {title} met.")
    return EventFactory(
        title=title,
        actors=[ActorFactory()],
        mention__article=article,
        mention__sentence=f"Today {title} met.",
    )


@pytest.mark.parametrize("trial", range(5))
def test_merging_x_into_k_while_k_goes_into_y_never_corrupts(trial):
    alice, bob = make_user(f"alice{trial}", editor=False), make_user(f"bob{trial}", editor=False)
    x, k, y = reported("X"), reported("K"), reported("Y")
    k_actor = k.actors.get()
    mentions = set(Mention.objects.values_list("pk", flat=True))
    outcomes = at_once(
        lambda: merge_events(k, [x], alice),  # editor 1, with K as loaded on their page
        lambda: merge_events(y, [k], bob),  # editor 2
    )
    assert all(isinstance(o, EventMerge | MergeConflict) for o in outcomes), outcomes
    merges = [o for o in outcomes if isinstance(o, EventMerge)]
    assert EventMerge.objects.count() == len(merges) >= 1
    for merge in merges:  # whatever was merged away stays away
        assert not Event.objects.filter(pk__in=merge.merged_ids).exists()
    assert set(Mention.objects.values_list("pk", flat=True)) == mentions
    assert not Mention.objects.exclude(event__in=Event.objects.all()).exists()
    if isinstance(outcomes[1], EventMerge):  # K went into Y: Y holds K's mention and actor
        assert not Event.objects.filter(pk=k.pk).exists()
        assert k_actor in Event.objects.get(pk=y.pk).actors.all()
    if isinstance(outcomes[0], MergeConflict):
        assert "no longer exists" in str(outcomes[0])
        assert Event.objects.get(pk=x.pk).mentions.count() == 1


def test_the_same_merge_twice_at_once_is_recorded_once():
    editor = make_user("alice", editor=False)
    kept, other = reported("A"), reported("B")
    outcomes = at_once(
        lambda: merge_events(kept, [other], editor), lambda: merge_events(kept, [other], editor)
    )
    assert sorted(type(o).__name__ for o in outcomes) == ["EventMerge", "MergeConflict"]
    assert EventMerge.objects.count() == 1
    assert Event.objects.get(pk=kept.pk).mentions.count() == 2


# Item 5: two editors pressing a button on the same event at the same moment.


def test_two_editors_saving_the_same_event_at_once_one_is_refused():
    event = EventFactory(status=Status.PENDING, title="Patriots for Poland")
    url = reverse("admin:timeline_event_change", args=[event.pk])
    form = change_data(event)
    editors = []
    for name in ("alice", "bob"):
        client = Client()
        client.force_login(make_user(name, editor=False, superuser=True))
        editors.append(client)
    outcomes = at_once(
        lambda: editors[0].post(url, {**form, "title": "Patriot batteries for Poland"}),
        lambda: editors[1].post(url, {**form, "_confirm": "1"}),
    )
    statuses = sorted(response.status_code for response in outcomes)
    assert statuses == [200, 302]
    refused = next(response for response in outcomes if response.status_code == 200)
    assert "after you opened it" in refused.content.decode()
    event.refresh_from_db()
    assert event.version == 2
    assert (event.title, event.status) in {
        ("Patriot batteries for Poland", Status.PENDING),
        ("Patriots for Poland", Status.CONFIRMED),
    }


# Item 2: nothing is reported as stored before its batch commits.


@pytest.fixture
def refused_at_commit():
    """A deferred constraint that refuses an article at COMMIT, as a real commit can fail."""
    with connection.cursor() as cursor:
        cursor.execute(
            """CREATE FUNCTION refuse_marked_article() RETURNS trigger AS $$
            BEGIN
              IF NEW.publisher = 'refused at commit' THEN
                RAISE EXCEPTION 'article refused at commit';
              END IF;
              RETURN NEW;
            END $$ LANGUAGE plpgsql"""
        )
        cursor.execute(
            "CREATE CONSTRAINT TRIGGER refuse_marked AFTER INSERT ON timeline_article "
            "DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION refuse_marked_article()"
        )
    yield
    with connection.cursor() as cursor:
        cursor.execute("DROP TRIGGER refuse_marked ON timeline_article")
        cursor.execute("DROP FUNCTION refuse_marked_article()")


def test_a_batch_whose_commit_fails_reports_none_of_its_articles_as_stored(
    tmp_path, refused_at_commit
):
    from django.core.management import CommandError

    feed = tmp_path / "feed.jsonl"
    records = [
        {"url": f"https://news.example.org/{n}", "content": ARTICLE.replace("2022", str(2000 + n))}
        for n in range(4)
    ]
    records[3]["publisher"] = "refused at commit"
    feed.write_text("\n".join(json.dumps(record) for record in records), encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(CommandError, match="2 of 4"):
        call_command("ingest", str(feed), "--batch-size", "2", stdout=out, stderr=err)
    assert "2 new, 0 duplicate, 2 failed" in out.getvalue()
    assert "feed.jsonl:1: article" in out.getvalue()
    assert "feed.jsonl:3: article" not in out.getvalue()  # stored, then rolled back at commit
    assert "feed.jsonl:3: not ingested: its batch could not be committed" in err.getvalue()
    assert sorted(Article.objects.values_list("url", flat=True)) == [
        "https://news.example.org/0",
        "https://news.example.org/1",
    ]


# Issue 13: two editors deciding on one duplicate suggestion at the same moment.


def suggested_pair(trial: int):
    retold, original = reported(f"R{trial}"), reported(f"O{trial}")
    shared = ActorFactory()
    for event in (retold, original):
        event.actors.add(shared)
    DuplicateSuggestion.objects.create(event=retold, original=original, score=80)
    return retold, original


@pytest.mark.parametrize("opposite", [False, True])
def test_two_editors_merging_one_suggestion_at_once_merge_it_once(opposite):
    alice, bob = make_user("alice", editor=False), make_user("bob", editor=False)
    retold, original = suggested_pair(int(opposite))
    second = (original, retold) if opposite else (retold, original)
    outcomes = at_once(
        lambda: merge_into(retold, original, alice), lambda: merge_into(*second, bob)
    )
    assert sorted(type(o).__name__ for o in outcomes) == ["EventMerge", "MergeConflict"], outcomes
    assert Event.objects.filter(pk__in=[retold.pk, original.pk]).count() == 1
    assert Mention.objects.filter(event__isnull=False).count() == 2
    assert not DuplicateSuggestion.objects.exists()


def test_not_a_duplicate_and_a_merge_at_once_leave_a_consistent_pair():
    alice, bob = make_user("alice", editor=False), make_user("bob", editor=False)
    retold, original = suggested_pair(0)
    outcomes = at_once(
        lambda: mark_not_duplicate(retold, original, alice),
        lambda: merge_into(retold, original, bob),
    )
    assert isinstance(outcomes[0], NotDuplicate | MergeConflict), outcomes
    assert isinstance(outcomes[1], EventMerge), outcomes  # an editor's merge is never refused
    assert not Event.objects.filter(pk=retold.pk).exists()
    assert not DuplicateSuggestion.objects.exists() and not NotDuplicate.objects.exists()
    assert Event.objects.get(pk=original.pk).mentions.count() == 2


# Issue 13: two editors acting on the same event in the review queue.


def test_two_editors_deciding_on_one_event_in_the_queue_at_once_one_is_refused():
    event = EventFactory(status=Status.PENDING, title="Patriots for Poland")
    queue = reverse("admin:timeline_event_queue")
    editors = []
    for name in ("alice", "bob"):
        client = Client()
        client.force_login(make_user(name, editor=False, superuser=True))
        editors.append(client)
    confirm = {
        "event": event.pk,
        "version": event.version,
        "action": "confirm",
        "title": "Patriot batteries for Poland",
        "date": event.date.isoformat(),
        "precision": event.precision,
    }
    reject = {"event": event.pk, "version": event.version, "action": "reject", "reason": "1"}
    outcomes = at_once(
        lambda: editors[0].post(queue, confirm), lambda: editors[1].post(queue, reject)
    )
    assert sorted(response.status_code for response in outcomes) == [200, 303]
    refused = next(response for response in outcomes if response.status_code == 200)
    assert "after you opened it" in refused.content.decode()
    event.refresh_from_db()
    assert event.version == 2
    assert (event.title, event.status) in {
        ("Patriot batteries for Poland", Status.CONFIRMED),
        ("Patriots for Poland", Status.REJECTED),
    }
