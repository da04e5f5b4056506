"""Public event counts kept by the database: per month, per actor and month, per topic and month,
per actor, topic and month.

The timeline's counts (the facets, the density strip, the number of results) read these small
tables instead of counting the events, so that they cost milliseconds at a million events and
need no cache, and so nothing to recompute after an editor's decision.

**How they stay right.** Database triggers, installed after every ``migrate``
(``install_triggers``), change them by ±1 in the same transaction as the statement that moves
an event into or out of the public timeline (``status`` becomes or stops being confirmed) or
changes its month (``date``, ``period_end``), its actors or its topics; and they copy each
event's ``date``, ``period_end`` and ``status`` into its link rows (``EventActor``,
``EventTopic``), which the link triggers then count. A trigger sees every write, whichever path
makes it: ``save()``, ``QuerySet.update()``, ``bulk_create``, a cascade, ``loaddata``, raw SQL,
and code not written yet. Signals or explicit calls would miss ``update()`` and ``bulk_create``
and would have to be remembered by every new way of writing.

The (actor, topic) tally counts the public events that have both: a link pair of one event
counts when the actor link's copies say it is public, under the actor link's months. So the
actor link's triggers add or take away its pairs with every topic link of its event (on any
change, copies included), and the topic link's triggers do so with every public actor link of
its event only when a topic link comes, goes or changes topic or event (its own copies change
at the same time as the actor links', which already moved the pairs). Each trigger reads only
the other link table, which the statement firing it does not write: the result is the same
whatever order the rows are written in.

Each row is keyed by the month an event starts in and the month its period ends in, so that a
period filter of whole months ("from 2022", "to 2022-10") is answered exactly: an event overlaps
it when it ends in or after the first month and starts in or before the last. Rows that drop
to zero stay (the counts read skip them). ``rebuild`` recounts everything from the events
(``manage.py rebuild_tallies``); it runs by itself when ``migrate`` finds a trigger missing.
On SQLite, which rebuilds a table to alter it, the triggers are dropped before every ``migrate``
and installed (and the tallies recounted) after it.
"""

import datetime

from django.db import connections, models, transaction

from .models import Actor, DerivedRows, Status, Topic

CONFIRMED = Status.CONFIRMED.value


class Tally(models.Model):
    """A count of public events by the month they start in and the month they end in; the
    database's triggers write it, Django only reads it."""

    month = models.DateField()
    last_month = models.DateField()
    count = models.IntegerField()

    derived = DerivedRows()
    objects = models.Manager()

    class Meta:
        abstract = True
        default_manager_name = "derived"
        managed = False  # created by migrations 0015 and 0019, written by triggers only

    def _months(self) -> str:
        return f"{self.month:%Y-%m}–{self.last_month:%Y-%m}: {self.count}"


class MonthTally(Tally):
    """How many public events start in ``month`` and end in ``last_month``."""

    pk = models.CompositePrimaryKey("month", "last_month")

    class Meta(Tally.Meta):
        db_table = "timeline_tally_month"

    def __str__(self) -> str:
        return self._months()


class ActorMonthTally(Tally):
    pk = models.CompositePrimaryKey("actor", "month", "last_month")
    actor = models.ForeignKey(
        Actor, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )

    class Meta(Tally.Meta):
        db_table = "timeline_tally_actor_month"

    def __str__(self) -> str:
        return f"{self.actor_id} {self._months()}"


class TopicMonthTally(Tally):
    pk = models.CompositePrimaryKey("topic", "month", "last_month")
    topic = models.ForeignKey(
        Topic, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )

    class Meta(Tally.Meta):
        db_table = "timeline_tally_topic_month"

    def __str__(self) -> str:
        return f"{self.topic_id} {self._months()}"


class ActorTopicMonthTally(Tally):
    """How many public events with both ``actor`` and ``topic`` start in ``month`` and end in
    ``last_month``: the counts of a filter by one actor or one topic, or by both."""

    pk = models.CompositePrimaryKey("actor", "topic", "month", "last_month")
    actor = models.ForeignKey(
        Actor, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )
    topic = models.ForeignKey(
        Topic, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )

    class Meta(Tally.Meta):
        db_table = "timeline_tally_actor_topic_month"

    def __str__(self) -> str:
        return f"{self.actor_id}+{self.topic_id} {self._months()}"


EVENTS = "timeline_event"
# (link table, its vocabulary column, its tally table)
LINKS = [
    ("timeline_event_actors", "actor_id", "timeline_tally_actor_month"),
    ("timeline_event_topics", "topic_id", "timeline_tally_topic_month"),
]
MONTHS = "timeline_tally_month"
PAIRS = "timeline_tally_actor_topic_month"
ACTOR_LINKS, TOPIC_LINKS = (link for link, _, _ in LINKS)
TALLIES = [MONTHS, *(tally for _, _, tally in LINKS), PAIRS]

# PostgreSQL: plpgsql functions. A link's copies are set before it is written (no second write
# of the row); counts change after, and only for rows really written (an insert skipped by ON
# CONFLICT DO NOTHING counts nothing).

PG_MONTH = "date_trunc('month', {0})::date"


def pg_bump(table: str, keys: dict[str, str], delta: int) -> str:
    names = ", ".join(keys)
    values = ", ".join(keys.values())
    sign = "+" if delta > 0 else "-"
    return (
        f"INSERT INTO {table} AS t ({names}, count) VALUES ({values}, {delta}) "
        f"ON CONFLICT ({names}) DO UPDATE SET count = t.count {sign} 1;"
    )


def pg_keys(row: str, column: str | None = None) -> dict[str, str]:
    keys = {column: f"{row}.{column}"} if column else {}
    keys["month"] = PG_MONTH.format(f"{row}.date")
    keys["last_month"] = PG_MONTH.format(f"coalesce({row}.period_end, {row}.date)")
    return keys


def pg_public(row: str) -> str:
    return f"{row}.status = '{CONFIRMED}' AND {row}.date IS NOT NULL"


def pg_copy_to_links() -> str:
    return "\n".join(
        f"UPDATE {link} SET date = NEW.date, period_end = NEW.period_end, status = NEW.status "
        f"WHERE event_id = NEW.id AND (date, period_end, status) IS DISTINCT FROM "
        f"(NEW.date, NEW.period_end, NEW.status);"
        for link, _, _ in LINKS
    )


def pair_bump(vendor: str, link: str, row: str, delta: int) -> str:
    """Add ``delta`` to the pairs the link ``row`` (of ``link``) forms with the other kind's
    links of its event: an actor link's own copies say whether and where its pairs count; a
    topic link's pairs count under each public actor link's."""
    month = PG_MONTH if vendor == "postgresql" else SQLITE_MONTH
    actor, other = (row, "l") if link == ACTOR_LINKS else ("l", row)
    keys = (
        f"{actor}.actor_id, {other}.topic_id, {month.format(f'{actor}.date')}, "
        f"{month.format(f'coalesce({actor}.period_end, {actor}.date)')}"
    )
    names = "actor_id, topic_id, month, last_month"
    target = f"{PAIRS} AS t" if vendor == "postgresql" else PAIRS
    current = "t.count" if vendor == "postgresql" else "count"
    return (
        f"INSERT INTO {target} ({names}, count) SELECT {keys}, {delta} "
        f"FROM {TOPIC_LINKS if link == ACTOR_LINKS else ACTOR_LINKS} AS l "
        f"WHERE l.event_id = {row}.event_id AND {actor}.status = '{CONFIRMED}' "
        f"AND {actor}.date IS NOT NULL "
        f"ON CONFLICT ({names}) DO UPDATE SET count = {current} + excluded.count;"
    )


def pair_changed(link: str, old: str = "OLD", new: str = "NEW") -> list[tuple[str, str]]:
    """The (old, new) columns of a link whose change moves its pairs (see the module's
    docstring: a topic link's copies do not)."""
    columns = ["actor_id", "event_id", "date", "period_end", "status"]
    if link == TOPIC_LINKS:
        columns = ["topic_id", "event_id"]
    return [(f"{old}.{column}", f"{new}.{column}") for column in columns]


def postgresql_pair_triggers() -> dict[str, list[str]]:
    triggers = {}
    for link in (ACTOR_LINKS, TOPIC_LINKS):
        changed = pair_changed(link)
        olds, news = (", ".join(side) for side in zip(*changed, strict=True))
        triggers[f"{link}_paired"] = [
            f"""
CREATE OR REPLACE FUNCTION {link}_paired() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'INSERT' THEN
    {pair_bump("postgresql", link, "OLD", -1)}
  END IF;
  IF TG_OP <> 'DELETE' THEN
    {pair_bump("postgresql", link, "NEW", 1)}
  END IF;
  RETURN NULL;
END $$""",
            f"CREATE OR REPLACE TRIGGER {link}_paired AFTER INSERT OR DELETE ON {link} "
            f"FOR EACH ROW EXECUTE FUNCTION {link}_paired()",
        ]
        triggers[f"{link}_repaired"] = [
            f"CREATE OR REPLACE TRIGGER {link}_repaired AFTER UPDATE ON {link} FOR EACH ROW "
            f"WHEN (({olds}) IS DISTINCT FROM ({news})) EXECUTE FUNCTION {link}_paired()"
        ]
    return triggers


def postgresql_triggers() -> dict[str, list[str]]:
    """Trigger name → the statements that (re)create it and its function."""
    changed = "(OLD.status, OLD.date, OLD.period_end) IS DISTINCT FROM "
    changed += "(NEW.status, NEW.date, NEW.period_end)"
    event_function = f"""
CREATE OR REPLACE FUNCTION timeline_event_tallied() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'INSERT' AND {pg_public("OLD")} THEN
    {pg_bump(MONTHS, pg_keys("OLD"), -1)}
  END IF;
  IF TG_OP <> 'DELETE' AND {pg_public("NEW")} THEN
    {pg_bump(MONTHS, pg_keys("NEW"), 1)}
  END IF;
  IF TG_OP <> 'DELETE' THEN
    {pg_copy_to_links()}
  END IF;
  RETURN NULL;
END $$"""
    emptied = "; ".join(f"DELETE FROM {table}" for table in TALLIES)
    triggers = {
        "timeline_event_tallied": [
            event_function,
            f"CREATE OR REPLACE TRIGGER timeline_event_tallied AFTER INSERT OR DELETE ON "
            f"{EVENTS} FOR EACH ROW EXECUTE FUNCTION timeline_event_tallied()",
        ],
        "timeline_event_retallied": [
            f"CREATE OR REPLACE TRIGGER timeline_event_retallied AFTER UPDATE OF status, date, "
            f"period_end ON {EVENTS} FOR EACH ROW WHEN ({changed}) "
            f"EXECUTE FUNCTION timeline_event_tallied()"
        ],
        # flush (the tests' transactional cases) empties tables with TRUNCATE, which fires no
        # row trigger.
        "timeline_event_truncated": [
            "CREATE OR REPLACE FUNCTION timeline_event_truncated() RETURNS trigger "
            f"LANGUAGE plpgsql AS $$ BEGIN {emptied}; RETURN NULL; END $$",
            f"CREATE OR REPLACE TRIGGER timeline_event_truncated AFTER TRUNCATE ON {EVENTS} "
            "FOR EACH STATEMENT EXECUTE FUNCTION timeline_event_truncated()",
        ],
    }
    for link, column, tally in LINKS:
        link_changed = f"(OLD.{column}, OLD.date, OLD.period_end, OLD.status) IS DISTINCT FROM "
        link_changed += f"(NEW.{column}, NEW.date, NEW.period_end, NEW.status)"
        triggers[f"{link}_copied"] = [
            f"""
CREATE OR REPLACE FUNCTION {link}_copied() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  SELECT e.date, e.period_end, e.status INTO NEW.date, NEW.period_end, NEW.status
  FROM {EVENTS} e WHERE e.id = NEW.event_id;
  IF NOT FOUND THEN
    NEW.date := NULL; NEW.period_end := NULL; NEW.status := '{Status.PENDING.value}';
  END IF;
  RETURN NEW;
END $$""",
            f"CREATE OR REPLACE TRIGGER {link}_copied BEFORE INSERT OR UPDATE ON {link} "
            f"FOR EACH ROW EXECUTE FUNCTION {link}_copied()",
        ]
        triggers[f"{link}_tallied"] = [
            f"""
CREATE OR REPLACE FUNCTION {link}_tallied() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'INSERT' AND {pg_public("OLD")} THEN
    {pg_bump(tally, pg_keys("OLD", column), -1)}
  END IF;
  IF TG_OP <> 'DELETE' AND {pg_public("NEW")} THEN
    {pg_bump(tally, pg_keys("NEW", column), 1)}
  END IF;
  RETURN NULL;
END $$""",
            f"CREATE OR REPLACE TRIGGER {link}_tallied AFTER INSERT OR DELETE ON {link} "
            f"FOR EACH ROW EXECUTE FUNCTION {link}_tallied()",
        ]
        triggers[f"{link}_retallied"] = [
            f"CREATE OR REPLACE TRIGGER {link}_retallied AFTER UPDATE ON {link} FOR EACH ROW "
            f"WHEN ({link_changed}) EXECUTE FUNCTION {link}_tallied()"
        ]
        triggers[f"{link}_truncated"] = [
            f"CREATE OR REPLACE FUNCTION {link}_truncated() RETURNS trigger LANGUAGE plpgsql "
            f"AS $$ BEGIN DELETE FROM {tally}; DELETE FROM {PAIRS}; RETURN NULL; END $$",
            f"CREATE OR REPLACE TRIGGER {link}_truncated AFTER TRUNCATE ON {link} "
            f"FOR EACH STATEMENT EXECUTE FUNCTION {link}_truncated()",
        ]
    return triggers | postgresql_pair_triggers()


# SQLite: triggers cannot change the row being written, so a new link is counted as written
# and then given its event's values by an UPDATE, whose own trigger moves the count.

SQLITE_MONTH = "date({0}, 'start of month')"


def sqlite_bump(table: str, row: str, delta: int, column: str | None = None) -> str:
    keys = {column: f"{row}.{column}"} if column else {}
    keys["month"] = SQLITE_MONTH.format(f"{row}.date")
    keys["last_month"] = SQLITE_MONTH.format(f"coalesce({row}.period_end, {row}.date)")
    names = ", ".join(keys)
    return (
        f"INSERT INTO {table} ({names}, count) SELECT {', '.join(keys.values())}, {delta} "
        f"WHERE {row}.status = '{CONFIRMED}' AND {row}.date IS NOT NULL "
        f"ON CONFLICT ({names}) DO UPDATE SET count = count + excluded.count;"
    )


def sqlite_copy(link: str, event_id: str, where: str) -> str:
    return (
        f"UPDATE {link} SET (date, period_end, status) = "
        f"(SELECT date, period_end, status FROM {EVENTS} WHERE id = {event_id}) "
        f"WHERE {where} AND EXISTS (SELECT 1 FROM {EVENTS} WHERE id = {event_id});"
    )


def sqlite_triggers() -> dict[str, list[str]]:
    copy_all = " ".join(
        f"UPDATE {link} SET date = NEW.date, period_end = NEW.period_end, status = NEW.status "
        f"WHERE event_id = NEW.id;"
        for link, _, _ in LINKS
    )
    changed = "OLD.status IS NOT NEW.status OR OLD.date IS NOT NEW.date "
    changed += "OR OLD.period_end IS NOT NEW.period_end"
    triggers = {
        "timeline_event_tallied": [
            f"CREATE TRIGGER timeline_event_tallied AFTER INSERT ON {EVENTS} BEGIN "
            f"{sqlite_bump(MONTHS, 'NEW', 1)} {copy_all} END"
        ],
        "timeline_event_retallied": [
            f"CREATE TRIGGER timeline_event_retallied AFTER UPDATE OF status, date, period_end "
            f"ON {EVENTS} WHEN {changed} BEGIN {sqlite_bump(MONTHS, 'OLD', -1)} "
            f"{sqlite_bump(MONTHS, 'NEW', 1)} {copy_all} END"
        ],
        "timeline_event_untallied": [
            f"CREATE TRIGGER timeline_event_untallied AFTER DELETE ON {EVENTS} BEGIN "
            f"{sqlite_bump(MONTHS, 'OLD', -1)} END"
        ],
    }
    for link, column, tally in LINKS:
        link_changed = f"OLD.{column} IS NOT NEW.{column} OR {changed}"
        triggers[f"{link}_tallied"] = [
            f"CREATE TRIGGER {link}_tallied AFTER INSERT ON {link} BEGIN "
            f"{sqlite_bump(tally, 'NEW', 1, column)} "
            f"{sqlite_copy(link, 'NEW.event_id', 'id = NEW.id')} END"
        ]
        triggers[f"{link}_retallied"] = [
            f"CREATE TRIGGER {link}_retallied AFTER UPDATE ON {link} WHEN {link_changed} BEGIN "
            f"{sqlite_bump(tally, 'OLD', -1, column)} {sqlite_bump(tally, 'NEW', 1, column)} END"
        ]
        triggers[f"{link}_moved"] = [
            f"CREATE TRIGGER {link}_moved AFTER UPDATE OF event_id ON {link} BEGIN "
            f"{sqlite_copy(link, 'NEW.event_id', 'id = NEW.id')} END"
        ]
        triggers[f"{link}_untallied"] = [
            f"CREATE TRIGGER {link}_untallied AFTER DELETE ON {link} BEGIN "
            f"{sqlite_bump(tally, 'OLD', -1, column)} END"
        ]
    return triggers | sqlite_pair_triggers()


def sqlite_pair_triggers() -> dict[str, list[str]]:
    triggers = {}
    for link in (ACTOR_LINKS, TOPIC_LINKS):
        changed = " OR ".join(f"{old} IS NOT {new}" for old, new in pair_changed(link))
        triggers[f"{link}_paired"] = [
            f"CREATE TRIGGER {link}_paired AFTER INSERT ON {link} BEGIN "
            f"{pair_bump('sqlite', link, 'NEW', 1)} END"
        ]
        triggers[f"{link}_repaired"] = [
            f"CREATE TRIGGER {link}_repaired AFTER UPDATE ON {link} WHEN {changed} BEGIN "
            f"{pair_bump('sqlite', link, 'OLD', -1)} {pair_bump('sqlite', link, 'NEW', 1)} END"
        ]
        triggers[f"{link}_unpaired"] = [
            f"CREATE TRIGGER {link}_unpaired AFTER DELETE ON {link} BEGIN "
            f"{pair_bump('sqlite', link, 'OLD', -1)} END"
        ]
    return triggers


def installed_triggers(connection) -> set[str]:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT tgname FROM pg_trigger WHERE NOT tgisinternal")
        else:
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        return {name for (name,) in cursor.fetchall()}


def install_triggers(using: str = "default") -> bool:
    """Create or replace the triggers; when one was missing (a new database, or a table SQLite
    rebuilt), recount everything, since writes made without it were not counted. Returns
    whether it recounted."""
    connection = connections[using]
    if connection.vendor not in {"postgresql", "sqlite"}:
        raise NotImplementedError(f"No tally triggers for {connection.vendor}.")
    if not set(TALLIES) <= set(connection.introspection.table_names()):
        # Migrated back to before a tally's table: the code of that time installs its own.
        return False
    with transaction.atomic(using=using):
        present = installed_triggers(connection)
        triggers = postgresql_triggers() if connection.vendor == "postgresql" else sqlite_triggers()
        with connection.cursor() as cursor:
            for name, statements in triggers.items():
                if connection.vendor == "sqlite":
                    cursor.execute(f"DROP TRIGGER IF EXISTS {name}")
                for statement in statements:
                    cursor.execute(statement)
        missing = set(triggers) - present
        if missing:
            rebuild(using)
    return bool(missing)


def drop_sqlite_triggers(using: str = "default") -> None:
    """Before migrations run on SQLite: SQLite alters a table by building a new one and renaming
    it, which a trigger that names the table (on another table) stops with "no such table"; the
    triggers come back, and the tallies are recounted, after migrate (``install_triggers``)."""
    connection = connections[using]
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        for name in sqlite_triggers():
            cursor.execute(f"DROP TRIGGER IF EXISTS {name}")


def rebuild(using: str = "default") -> None:
    """Recount every tally from the events, and copy every event's date and status into its
    links where a copy differs. Writers wait meanwhile (PostgreSQL locks the tallies)."""
    connection = connections[using]
    tallies = TALLIES
    month = PG_MONTH if connection.vendor == "postgresql" else SQLITE_MONTH
    public = f"e.status = '{CONFIRMED}' AND e.date IS NOT NULL"
    with transaction.atomic(using=using), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"LOCK TABLE {', '.join(tallies)} IN EXCLUSIVE MODE")
        for link, _, _ in LINKS:
            cursor.execute(
                f"UPDATE {link} SET date = e.date, period_end = e.period_end, status = e.status "
                f"FROM {EVENTS} AS e WHERE e.id = {link}.event_id AND "
                f"({link}.date IS NOT e.date OR {link}.period_end IS NOT e.period_end "
                f"OR {link}.status <> e.status)"
                if connection.vendor == "sqlite"
                else f"UPDATE {link} AS l SET date = e.date, period_end = e.period_end, "
                f"status = e.status FROM {EVENTS} AS e WHERE e.id = l.event_id AND "
                f"(l.date, l.period_end, l.status) IS DISTINCT FROM "
                f"(e.date, e.period_end, e.status)"
            )
        for table in tallies:
            cursor.execute(f"DELETE FROM {table}")
        keys = f"{month.format('e.date')}, {month.format('coalesce(e.period_end, e.date)')}"
        cursor.execute(
            f"INSERT INTO {MONTHS} (month, last_month, count) SELECT {keys}, count(*) "
            f"FROM {EVENTS} AS e WHERE {public} GROUP BY {keys}"
        )
        for link, column, tally in LINKS:
            cursor.execute(
                f"INSERT INTO {tally} ({column}, month, last_month, count) "
                f"SELECT l.{column}, {keys}, count(*) FROM {link} AS l "
                f"JOIN {EVENTS} AS e ON e.id = l.event_id WHERE {public} "
                f"GROUP BY l.{column}, {keys}"
            )
        cursor.execute(
            f"INSERT INTO {PAIRS} (actor_id, topic_id, month, last_month, count) "
            f"SELECT a.actor_id, t.topic_id, {keys}, count(*) FROM {ACTOR_LINKS} AS a "
            f"JOIN {TOPIC_LINKS} AS t ON t.event_id = a.event_id "
            f"JOIN {EVENTS} AS e ON e.id = a.event_id WHERE {public} "
            f"GROUP BY a.actor_id, t.topic_id, {keys}"
        )


def recount(using: str = "default") -> dict[str, dict[tuple, int]]:
    """Every tally as counted from the events now, without touching the tables: what
    ``current()`` must always equal."""
    from .models import Event

    public = Event.objects.using(using).public().filter(date__isnull=False)
    result: dict[str, dict[tuple, int]] = {MONTHS: {}}
    rows = public.values_list("date", "period_end")
    for date, period_end in rows:
        key = (first_of_month(date), first_of_month(period_end or date))
        result[MONTHS][key] = result[MONTHS].get(key, 0) + 1
    for relation, (_, _, tally) in zip(["actors", "topics"], LINKS, strict=True):
        counts: dict[tuple, int] = {}
        for subject, date, period_end in public.values_list(relation, "date", "period_end"):
            if subject is None:
                continue
            key = (subject, first_of_month(date), first_of_month(period_end or date))
            counts[key] = counts.get(key, 0) + 1
        result[tally] = counts
    pairs: dict[tuple, int] = {}
    rows = public.values_list("actors", "topics", "date", "period_end")
    for actor, topic, date, period_end in rows:
        if actor is None or topic is None:
            continue
        key = (actor, topic, first_of_month(date), first_of_month(period_end or date))
        pairs[key] = pairs.get(key, 0) + 1
    result[PAIRS] = pairs
    return result


def current(using: str = "default") -> dict[str, dict[tuple, int]]:
    """Every tally as the tables hold it, rows of zero left out."""
    result = {}
    models_by_table = {
        MONTHS: (MonthTally, ()),
        "timeline_tally_actor_month": (ActorMonthTally, ("actor_id",)),
        "timeline_tally_topic_month": (TopicMonthTally, ("topic_id",)),
        PAIRS: (ActorTopicMonthTally, ("actor_id", "topic_id")),
    }
    for table, (model, subject) in models_by_table.items():
        rows = model.objects.using(using).exclude(count=0)
        result[table] = {
            (*key[:-1],): key[-1]
            for key in rows.values_list(*subject, "month", "last_month", "count")
        }
    return result


def differences(using: str = "default") -> dict[str, list[tuple]]:
    """The keys whose tally differs from a recount, by table; empty when all are right."""
    held, counted = current(using), recount(using)
    result = {}
    for table, counts in counted.items():
        keys = sorted(k for k in {*counts, *held[table]} if counts.get(k) != held[table].get(k))
        if keys:
            result[table] = keys
    return result


def first_of_month(day: datetime.date) -> datetime.date:
    return day.replace(day=1)
