"""Counting events: how many each actor or topic has, and how many begin in each month.

The facets and the density strip (through ``aggregates``) and the indexes of actors and topics
read these: sums of the tallies the database keeps (``timeline.tallies``) where they hold the
answer (no text, whole months, at most one actor and one topic), else counts of the events,
filtered by ``EventQuerySet``.
"""

import datetime
from collections.abc import Sequence

from django.db import connection, models

from .models import Actor, Event, EventQuerySet, Topic
from .tallies import ActorMonthTally, ActorTopicMonthTally, MonthTally, TopicMonthTally


def whole_months(start: datetime.date | None, end: datetime.date | None) -> bool:
    """True when a period filter is made of whole months (all that the tallies can answer): it
    starts on a first of the month and ends on a last."""
    if start is not None and start.day != 1:
        return False
    return end is None or (end + datetime.timedelta(days=1)).day == 1


def period_condition(start: datetime.date | None, end: datetime.date | None) -> models.Q:
    """Tally rows of events overlapping whole months [start, end]: ending in or after the
    first month, starting in or before the last."""
    condition = models.Q()
    if start is not None:
        condition &= models.Q(last_month__gte=start)
    if end is not None:
        condition &= models.Q(month__lte=end.replace(day=1))
    return condition


def as_date(value) -> datetime.date:
    # SQLite returns dates from a raw query as text.
    return datetime.date.fromisoformat(value) if isinstance(value, str) else value


def tallied(start: datetime.date | None, end: datetime.date | None, size: int):
    """Public events per month, and the ``size`` commonest actors and topics as (slug, name,
    count), over whole months [start, end]: one query over the tallies."""
    where = period_condition(start, end)
    months = (
        MonthTally.objects.filter(where)
        .values("month")
        .annotate(n=models.Sum("count"))
        .filter(n__gt=0)
        .values_list("month", "n")
    )
    inner, params = months.query.sql_with_params()
    branches = [
        (
            "SELECT 'month' AS kind, month, CAST(NULL AS varchar(200)) AS slug, "
            f"CAST(NULL AS varchar(200)) AS name, n FROM ({inner}) AS months",
            params,
        )
    ]
    for model, vocabulary, column in [
        (ActorMonthTally, Actor, "actor_id"),
        (TopicMonthTally, Topic, "topic_id"),
    ]:
        commonest = (
            model.objects.filter(where)
            .values(column)
            .annotate(n=models.Sum("count"))
            .filter(n__gt=0)
            .order_by("-n", column)
            .values_list(column, "n")[:size]
        )
        inner, params = commonest.query.sql_with_params()
        table = connection.ops.quote_name(vocabulary._meta.db_table)
        branches.append(
            (
                f"SELECT * FROM (SELECT '{vocabulary._meta.model_name}' AS kind, "
                f"CAST(NULL AS date) AS month, v.slug, v.name, t.n FROM ({inner}) AS t "
                f"JOIN {table} AS v ON v.id = t.{column}) AS {vocabulary._meta.model_name}s",
                params,
            )
        )
    sql = " UNION ALL ".join(branch for branch, _ in branches)
    params = [param for _, branch_params in branches for param in branch_params]
    per_month, facets = {}, {"actor": [], "topic": []}
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for kind, month, slug, name, count in cursor.fetchall():
            if kind == "month":
                per_month[as_date(month)] = int(count)
            else:
                facets[kind].append((slug, name, int(count)))
    for rows in facets.values():
        rows.sort(key=lambda row: (-row[2], row[1]))
    return per_month, facets["actor"], facets["topic"]


def tallied_subjects(actors, topics) -> bool:
    """True when the tallies hold the events of these chosen subjects: at most one actor and
    one topic. Events with two actors (or two topics) at once are counted from the events: a
    tally per pair of actors would be as large as the link table it spares reading."""
    return len(actors) <= 1 and len(topics) <= 1


def tally_rows(subjects: Sequence[Actor | Topic], start, end) -> models.QuerySet:
    """The tally rows of the events of ``subjects`` (at most one actor and one topic; none: all
    events) over whole months [start, end]."""
    actors = [subject for subject in subjects if isinstance(subject, Actor)]
    topics = [subject for subject in subjects if not isinstance(subject, Actor)]
    if not tallied_subjects(actors, topics):
        raise ValueError("The tallies hold at most one actor and one topic at once.")
    if actors and topics:
        rows = ActorTopicMonthTally.objects.filter(actor=actors[0], topic=topics[0])
    elif actors:
        rows = ActorMonthTally.objects.filter(actor=actors[0])
    elif topics:
        rows = TopicMonthTally.objects.filter(topic=topics[0])
    else:
        rows = MonthTally.objects.all()
    return rows.filter(period_condition(start, end))


def tallied_total(subjects: Sequence[Actor | Topic], start, end) -> int:
    """Public events of ``subjects`` (or all) over whole months [start, end], from the tallies."""
    return tally_rows(subjects, start, end).aggregate(n=models.Sum("count"))["n"] or 0


def tallied_months(subjects: Sequence[Actor | Topic], start, end) -> dict[datetime.date, int]:
    """Public events of ``subjects`` (or all) per month over whole months [start, end]."""
    rows = tally_rows(subjects, start, end).values("month").annotate(n=models.Sum("count"))
    return {row["month"]: row["n"] for row in rows if row["n"] > 0}


def tallied_with(subject: Actor | Topic, start, end) -> dict[int, int]:
    """How many public events of ``subject`` each topic (of an actor) or each actor (of a topic)
    has over whole months [start, end]: {id: count}, from the (actor, topic) tally."""
    column, other = ("actor", "topic_id") if isinstance(subject, Actor) else ("topic", "actor_id")
    rows = (
        ActorTopicMonthTally.objects.filter(period_condition(start, end), **{column: subject})
        .values(other)
        .annotate(n=models.Sum("count"))
        .filter(n__gt=0)
        .values_list(other, "n")
    )
    return dict(rows)


def public_vocabulary(model: type[Actor] | type[Topic]) -> models.QuerySet:
    """The actors or topics of public events, each with its ``event_count``, from the tallies
    (the indexes of actors and topics)."""
    rows = with_public_counts(model.objects.all()).filter(public_events__gt=0)
    return rows.annotate(event_count=models.F("public_events"))


def with_public_counts(rows: models.QuerySet) -> models.QuerySet:
    """Actors or topics, each with ``public_events`` from the tallies: which of the chosen ones
    is the rarest, to read the timeline from its link rows."""
    tally = ActorMonthTally if rows.model is Actor else TopicMonthTally
    column = "actor" if rows.model is Actor else "topic"
    sums = (
        tally.objects.filter(**{column: models.OuterRef("pk")})
        .values(column)
        .annotate(n=models.Sum("count"))
        .values("n")
    )
    return rows.annotate(public_events=models.functions.Coalesce(models.Subquery(sums), 0))


def with_event_counts(events: EventQuerySet, model: type[Actor] | type[Topic]) -> models.QuerySet:
    """The actors or topics of ``events``, each with its ``event_count``, commonest first."""
    return (
        model.objects.filter(events__in=events.order_by().values("pk"))
        .annotate(event_count=models.Count("events"))
        .order_by("-event_count", "name")
    )


def count_by(events: models.QuerySet, relation: str) -> dict[int, int]:
    """How many of ``events`` (events, or link rows of them) each actor or topic
    (``relation``) has: {id: count}.

    Counted on the link table alone, which is several times faster than joining the actors or
    topics themselves; callers fetch the few rows they show.
    """
    field = Event._meta.get_field(relation)
    link = field.remote_field.through
    ids = events.order_by().values("pk" if events.model is Event else "event_id")
    rows = (
        link.objects.filter(event__in=ids)
        .values_list(field.m2m_reverse_name())
        .annotate(count=models.Count("*"))
    )
    return dict(rows)


def per_month(events: models.QuerySet) -> dict[datetime.date, int]:
    """How many of ``events`` (events, or link rows of them) begin in each month (first day of
    the month → count)."""
    # Grouped by day in the database and by month here: a few thousand rows, and no per-row
    # date function (SQLite's is Python code called for every event).
    days = events.filter(date__isnull=False).order_by().values_list("date")
    months: dict[datetime.date, int] = {}
    for day, count in days.annotate(count=models.Count("pk")):
        month = day.replace(day=1)
        months[month] = months.get(month, 0) + count
    return months
