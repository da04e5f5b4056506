"""Re-running extraction over many articles in the background: re-extracting a selection of
articles, and re-tagging pending events after actors or topics changed.

Each article is its own transaction, so that one article that fails (its text no longer
extracts) is counted and reported while the others go on, and a long run never holds one
transaction open; progress is written after each article (TaskProgress) for the admin's
progress page.
"""

from dataclasses import asdict, dataclass, field

from django.db import transaction
from django.db.models import F, Q

from .ingestion import ExtractionSummary, IngestError, extraction_vocabulary, reextract
from .models import Actor, ActorAlias, Article, Event, Mention, TaskProgress, Topic, TopicKeyword

# Failure reasons kept in a task's result; the count covers the rest.
REPORTED_FAILURES = 20


@dataclass
class ReextractionReport:
    """What a run did, as the task returns it (JSON)."""

    articles: int = 0
    added: int = 0
    replaced: int = 0
    kept: int = 0
    failed: int = 0
    failures: list[str] = field(default_factory=list)

    def add(self, summary: ExtractionSummary) -> None:
        self.articles += 1
        self.added += summary.added
        self.replaced += summary.replaced
        self.kept += summary.kept

    def as_dict(self) -> dict:
        return asdict(self)


def reextract_with_progress(task_id: str, description: str, article_ids) -> dict:
    """Re-extract the articles with these ids, oldest first, recording progress under
    ``task_id``; returns the ReextractionReport as a dict."""
    ids = sorted(set(article_ids))
    progress, _ = TaskProgress.objects.update_or_create(
        task_id=task_id, defaults={"description": description[:300], "total": len(ids)}
    )
    tracked = TaskProgress.objects.filter(pk=progress.pk)
    report = ReextractionReport()
    vocabulary = extraction_vocabulary()
    for article in Article.objects.filter(pk__in=ids).order_by("pk").iterator(chunk_size=100):
        try:
            with transaction.atomic():
                report.add(reextract(article, vocabulary))
        except IngestError as error:
            report.failed += 1
            if len(report.failures) < REPORTED_FAILURES:
                report.failures.append(f"{article}: {error}")
            tracked.update(done=F("done") + 1, failed=F("failed") + 1)
        else:
            tracked.update(done=F("done") + 1)
    return report.as_dict()


def articles_to_retag(actor_ids: list[int], topic_ids: list[int]) -> list[int]:
    """The articles whose untouched proposals re-extraction may tag (or untag) with these actors
    or topics: those whose text has one of their names, aliases or keywords, and those with an
    untouched proposal tagged with one of them (an alias removed since)."""
    names = [
        *Actor.objects.filter(pk__in=actor_ids).values_list("name", flat=True),
        *ActorAlias.objects.filter(actor__in=actor_ids).values_list("alias", flat=True),
    ]
    # A keyword's trailing "*" matches any ending.
    keywords = [
        *Topic.objects.filter(pk__in=topic_ids).values_list("name", flat=True),
        *TopicKeyword.objects.filter(topic__in=topic_ids).values_list("phrase", flat=True),
    ]
    untouched = Event.objects.untouched()
    tagged = untouched.filter(Q(actors__in=actor_ids) | Q(topics__in=topic_ids))
    found = Q(pk__in=Mention.objects.filter(event__in=tagged).values("article_id"))
    # Names as written (an alias's case matters: "US" is not "us"), keywords in any case, as
    # the extractor matches them.
    for name in set(names):
        found |= Q(body__contains=name)
    for keyword in {keyword.rstrip("*") for keyword in keywords} - {""}:
        found |= Q(body__icontains=keyword)
    with_untouched = Mention.objects.filter(event__in=untouched).values("article_id")
    return list(
        Article.objects.filter(found, pk__in=with_untouched)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
