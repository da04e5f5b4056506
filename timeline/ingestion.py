"""Storing what the extraction engine finds: articles, their events and mentions.

The one path every way in uses (the ingest command, the admin, bulk loads), so that an article
is cleaned, deduplicated and extracted the same way whoever brings it.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from .duplicates import suggest_duplicates
from .extraction import (
    ActorEntry,
    ExtractedEvent,
    ExtractionError,
    ExtractionResult,
    Office,
    Role,
    TopicEntry,
    extract,
    find_temporal_expressions,
)
from .extraction.decoding import (
    DecodingError,
    decode_text,
    lone_surrogate,
    strip_control_characters,
)
from .models import (
    Actor,
    ActorAlias,
    ActorOffice,
    Article,
    Event,
    Mention,
    Status,
    Topic,
    content_hash,
)
from .periods import Precision


class IngestError(Exception):
    """The article cannot be stored; the message says why, for the person who sent it."""


@dataclass
class ExtractionSummary:
    added: int = 0
    replaced: int = 0
    kept: int = 0


@dataclass
class IngestOutcome:
    article: Article
    created: bool
    events: ExtractionSummary


def extraction_vocabulary() -> tuple[list[ActorEntry], list[TopicEntry]]:
    """The actors (with their offices and the body they belong to) and topics from the
    database, as the extraction engine takes them, in five queries whatever their number.

    Plain rows rather than model instances: the vocabulary has thousands of aliases and is read
    for every article."""
    aliases, offices = defaultdict(list), defaultdict(list)
    for actor_id, alias in ActorAlias.objects.values_list("actor_id", "alias"):
        aliases[actor_id].append(alias)
    for actor_id, role, of, start, end in ActorOffice.objects.values_list(
        "actor_id", "role", "of__slug", "start", "end"
    ):
        offices[actor_id].append(Office(Role(role), of, start, end))
    actors = [
        ActorEntry(
            slug=slug,
            name=name,
            kind=kind,
            aliases=tuple(aliases[pk]),
            offices=tuple(offices[pk]),
            part_of=part_of,
        )
        for pk, slug, name, kind, part_of in Actor.objects.values_list(
            "pk", "slug", "name", "kind", "part_of__slug"
        )
    ]
    topics = [
        TopicEntry(
            slug=topic.slug,
            name=topic.name,
            keywords=tuple(keyword.phrase for keyword in topic.keywords.all()),
        )
        for topic in Topic.objects.prefetch_related("keywords")
    ]
    return actors, topics


def run_extraction(
    content: str | bytes,
    *,
    published: datetime.date | datetime.datetime | None = None,
    url: str = "",
    content_type: str | None = None,
    vocabulary: tuple[list[ActorEntry], list[TopicEntry]] | None = None,
) -> ExtractionResult:
    """Extract with the vocabulary in the database, or ``vocabulary`` when a caller extracting
    many articles in a row has loaded it once."""
    actors, topics = vocabulary or extraction_vocabulary()
    try:
        return extract(
            content,
            published=published,
            url=url or None,
            actors=actors,
            topics=topics,
            content_type=content_type,
        )
    except ExtractionError as error:
        raise IngestError(str(error)) from error


def publisher_from_url(url: str) -> str:
    host = urlsplit(url).hostname or ""
    return host.removeprefix("www.")


def as_aware_datetime(value: datetime.date | datetime.datetime | None) -> datetime.datetime | None:
    if value is None:
        return None
    if not isinstance(value, datetime.datetime):
        value = datetime.datetime.combine(value, datetime.time())
    if timezone.is_naive(value):
        value = timezone.make_aware(value, datetime.UTC)
    return value


def find_existing(body_hash: str, url: str) -> Article | None:
    match = Q(content_hash=body_hash)
    if url:
        match |= Q(url=url)
    return Article.objects.filter(match).order_by("id").first()


def ingest(
    content: str | bytes,
    *,
    published: datetime.date | datetime.datetime | None = None,
    url: str = "",
    publisher: str = "",
    content_type: str | None = None,
) -> IngestOutcome:
    """Clean, extract and store one article with its proposed events, all or nothing.

    The same text (or URL) twice is one article: the existing one is returned untouched.
    """
    text = readable(content)
    result = run_extraction(text, published=published, url=url, content_type=content_type)
    return store_article(result, raw=text, url=url, publisher=publisher)


def readable(content: str | bytes) -> str:
    """Content as text without control characters, read the one way every source is read
    (timeline.extraction.decoding)."""
    if isinstance(content, str):
        return strip_control_characters(content)
    try:
        return decode_text(content)
    except DecodingError as error:
        raise IngestError(str(error)) from error


def check_storable(result: ExtractionResult, *, raw: str, url: str, publisher: str) -> None:
    """Raise IngestError, saying what is wrong, for an article the database would refuse:
    checked before saving, so that one bad record fails alone and clearly."""
    url_field = Article._meta.get_field("url")
    if len(url) > url_field.max_length:
        raise IngestError(
            f"The URL is {len(url):,} characters long; at most {url_field.max_length:,} are kept."
        )
    if url:
        try:
            URLValidator(schemes=["http", "https"])(url)
        except ValidationError:
            raise IngestError(f"“{url[:100]}” is not a web address (http://, https://).") from None
    publisher_length = Article._meta.get_field("publisher").max_length
    if len(publisher) > publisher_length:
        raise IngestError(f"The publisher's name is longer than {publisher_length} characters.")
    fields = [("content", raw), ("title", result.title), ("URL", url), ("publisher", publisher)]
    for name, text in fields:
        problem = lone_surrogate(text) or ("a NUL character" if "\x00" in text else None)
        if problem:
            raise IngestError(f"The {name} holds {problem}: it is not valid text.")


def store_article(
    result: ExtractionResult, *, raw: str | bytes, url: str = "", publisher: str = ""
) -> IngestOutcome:
    """Store an extracted article and its events in one transaction, unless it is known.

    Raises IngestError, before writing anything, for an article the database cannot hold. Two
    runs storing the same article at once end with one article: the one that loses the race
    finds the winner's and reports it as known.
    """
    raw = readable(raw)
    check_storable(result, raw=raw, url=url, publisher=publisher)
    existing = find_existing(content_hash(result.body), url)
    if existing is not None:
        return IngestOutcome(existing, created=False, events=ExtractionSummary())
    try:
        return create_article(result, raw=raw, url=url, publisher=publisher)
    except IntegrityError:
        # Another run stored the same text or URL since we looked (its insert committed while
        # ours waited on the unique index): that article is the one.
        existing = find_existing(content_hash(result.body), url)
        if existing is None:
            raise
        return IngestOutcome(existing, created=False, events=ExtractionSummary())


def create_article(
    result: ExtractionResult, *, raw: str, url: str, publisher: str
) -> IngestOutcome:
    with transaction.atomic():
        article = new_article(result, raw=raw, url=url, publisher=publisher)
        article.save()
        # A new article has no events to replace or keep: store the proposals as they are.
        create_events(article, result.events, result.version)
        suggest_duplicates(article)
    return IngestOutcome(article, created=True, events=ExtractionSummary(added=len(result.events)))


def new_article(
    result: ExtractionResult, *, raw: str, url: str, publisher: str, body_hash: str = ""
) -> Article:
    """The unsaved article for an extraction (its text already checked by check_storable);
    ``body_hash`` is its content_hash when the caller has computed it already."""
    return Article(
        title=result.title[:500],
        url=url,
        publisher=publisher or publisher_from_url(url),
        published=as_aware_datetime(result.published),
        published_source=result.published_source,
        language=result.language,
        raw_content=raw,
        body=result.body,
        # Set by save(); bulk_create skips it.
        content_hash=body_hash or content_hash(result.body),
        extractor_version=result.version,
        extracted_at=timezone.now(),
    )


def reextract(
    article: Article, vocabulary: tuple[list[ActorEntry], list[TopicEntry]] | None = None
) -> ExtractionSummary:
    """Run the current extractor again on a stored article.

    Replaces only untouched pending events; whatever an editor confirmed, rejected or edited
    stays as it is. ``vocabulary``: as for run_extraction.
    """
    result = run_extraction(
        article.raw_content, published=article.published, url=article.url, vocabulary=vocabulary
    )
    with transaction.atomic():
        if not article.title:
            article.title = result.title[:500]
        if article.published is None and result.published is not None:
            article.published = as_aware_datetime(result.published)
            article.published_source = result.published_source
        article.save()
        return store_events(article, result)


def reextract_articles(articles) -> ExtractionSummary:
    """Re-run extraction on several articles; the summary adds up what happened to each."""
    total = ExtractionSummary()
    for article in articles:
        summary = reextract(article)
        total.added += summary.added
        total.replaced += summary.replaced
        total.kept += summary.kept
    return total


def redate_events(article: Article) -> int:
    """Resolve again, against the article's (new) publication date, the dates of its events that
    no editor touched and of those still needing a date; returns how many events changed.

    Events that other articles also report (merged ones) keep their date: it is not this
    article's alone.
    """
    # The article's events move in the review queue with its publication date, known or not.
    Event.objects.filter(mentions__article=article).refresh_queue_keys()
    if article.published is None:
        return 0
    candidates = (
        Event.objects.filter(mentions__article=article, edited_at__isnull=True)
        .filter(Q(status=Status.PENDING) | Q(date__isnull=True))
        .exclude(mentions__in=Mention.objects.exclude(article=article))
        .distinct()
        .prefetch_related("mentions")
    )
    changed = 0
    for event in candidates:
        if redate_event(event, article.published):
            event._change_reason = "Re-dated after the publication date changed"
            event.save()
            changed += 1
    return changed


def redate_event(event: Event, reference: datetime.datetime) -> bool:
    """Set the event's date from its first mention resolved against ``reference``; True if the
    date changed."""
    before = (event.date, event.date_end, event.precision, event.timex)
    if event.implicit_date:
        day = reference.date()
        event.date, event.date_end, event.precision, event.timex = (
            day,
            None,
            Precision.DAY,
            day.isoformat(),
        )
        return before != (event.date, event.date_end, event.precision, event.timex)
    mention = next((m for m in event.mentions.all() if m.expression), None)
    expression = mention and resolve_mention(mention, reference)
    if expression is None or expression.date is None:
        return False
    event.date = expression.date
    event.date_end = expression.date_end
    event.precision = str(expression.precision)
    event.timex = (
        expression.value
        if not expression.end_value
        else f"{expression.value}/{expression.end_value}"
    )[:40]
    return before != (event.date, event.date_end, event.precision, event.timex)


def resolve_mention(mention: Mention, reference: datetime.datetime):
    """The mention's time expression resolved against ``reference``, read in its sentence (the
    words around it matter: "last July") and, failing that, on its own."""
    if mention.expression_start is not None:
        offset = mention.expression_start - mention.start
        for expression in find_temporal_expressions(mention.sentence, reference):
            if expression.start == offset:
                return expression
    found = find_temporal_expressions(mention.expression, reference)
    return found[0] if found else None


def store_events(article: Article, result: ExtractionResult) -> ExtractionSummary:
    """Replace the article's untouched events with the extraction's, in a constant number of
    queries whatever the number of events (apart from the audit trail's record of each replaced
    event's removal)."""
    untouched = Event.objects.untouched().filter(mentions__article=article).distinct()
    replaced = untouched.count()
    Event.objects.filter(pk__in=list(untouched.values_list("pk", flat=True))).delete()
    kept_spans = set(
        Mention.objects.filter(article=article).values_list("start", "expression_start")
    )
    kept = Event.objects.filter(mentions__article=article).distinct().count()
    new_events = [
        event
        for event in result.events
        if not any((m.start, m.date_start) in kept_spans for m in event.mentions)
    ]
    create_events(article, new_events, result.version)
    # The new events take their place in the review queue, and the kept ones move with the
    # article's publication date if re-extraction found it.
    Event.objects.filter(mentions__article=article).refresh_queue_keys()
    suggest_duplicates(article)
    article.extractor_version = result.version
    article.extracted_at = timezone.now()
    article.save(update_fields=["extractor_version", "extracted_at", "updated_at"])
    return ExtractionSummary(added=len(new_events), replaced=replaced, kept=kept)


def create_events(article: Article, extracted: list[ExtractedEvent], version: str) -> list[Event]:
    """Store one article's proposed events with their links and mentions."""
    return create_events_of([(article, extracted, version)])[0]


def create_events_of(
    stories: list[tuple[Article, list[ExtractedEvent], str]],
) -> list[list[Event]]:
    """Store the proposed events of several articles in one insert per table (events, their
    actor and topic links, mentions), whatever the number of articles; returns each article's
    new events, in the order given. Each story is an article, its extracted events and the
    extractor's version.

    The vocabulary's ids are looked up once, for the slugs these events name.
    """
    pairs = [(article, item) for article, extracted, _ in stories for item in extracted]
    actor_ids, topic_ids = vocabulary_ids(item for _, item in pairs)
    events = [new_event(item, version) for _, extracted, version in stories for item in extracted]
    Event.objects.bulk_create(events, batch_size=INSERT_BATCH)
    Event.actors.through.objects.bulk_create(
        (
            Event.actors.through(event_id=event.pk, actor_id=actor_ids[slug])
            for event, (_, item) in zip(events, pairs, strict=True)
            for slug in dict.fromkeys(item.actors)
            if slug in actor_ids
        ),
        batch_size=INSERT_BATCH,
    )
    Event.topics.through.objects.bulk_create(
        (
            Event.topics.through(event_id=event.pk, topic_id=topic_ids[slug])
            for event, (_, item) in zip(events, pairs, strict=True)
            for slug in dict.fromkeys(item.topics)
            if slug in topic_ids
        ),
        batch_size=INSERT_BATCH,
    )
    Mention.objects.bulk_create(
        (
            Mention(
                event=event,
                article=article,
                sentence=mention.sentence,
                start=mention.start,
                end=mention.end,
                expression=mention.date_text[:200],
                expression_start=mention.date_start,
                expression_end=mention.date_end,
            )
            for event, (article, item) in zip(events, pairs, strict=True)
            for mention in item.mentions
        ),
        batch_size=INSERT_BATCH,
    )
    # bulk_create sends no signals: the new events take their place in the review queue here.
    Event.objects.filter(pk__in=[event.pk for event in events]).refresh_queue_keys()
    created = iter(events)
    return [[next(created) for _ in extracted] for _, extracted, _ in stories]


# Rows per INSERT statement: PostgreSQL takes at most 65,535 parameters in one, and an event row
# has about twenty.
INSERT_BATCH = 1000


def vocabulary_ids(items) -> tuple[dict[str, int], dict[str, int]]:
    """The ids of the actors and topics that ``items`` (extracted events) name, by slug."""
    actor_slugs, topic_slugs = set(), set()
    for item in items:
        actor_slugs.update(item.actors)
        topic_slugs.update(item.topics)
    actor_ids = dict(Actor.objects.filter(slug__in=actor_slugs).values_list("slug", "id"))
    topic_ids = dict(Topic.objects.filter(slug__in=topic_slugs).values_list("slug", "id"))
    return actor_ids, topic_ids


def new_event(item: ExtractedEvent, version: str) -> Event:
    event = Event(
        title=item.title[:300],
        date=item.date,
        date_end=item.date_end,
        precision=str(item.precision),
        timex=item.value[:40],
        implicit_date=item.implicit_date,
        target_date=item.target_date,
        target_precision=str(item.target_precision or ""),
        candidate_actors=list(item.candidate_actors),
        confidence=round(item.confidence, 3),
        extractor_version=version,
        # bulk_create sends no signals: the quotes search reads are set here.
        quote_text="\n".join(mention.sentence for mention in item.mentions),
    )
    event.period_end = event.compute_period_end()  # bulk_create skips save(), where it is derived
    return event
