"""EXPLAIN (ANALYZE, BUFFERS) of the timeline's main queries on the benchmark database, printed
as Markdown: the source of bench/notes/explain-1m.md.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/timeline_bench_1m \\
        .venv/bin/python bench/explain.py > bench/notes/explain-1m.md
"""

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FILTERED = "actor=bench-actor-0&topic=bench-topic-1"
VERSION_SQL = (
    "SELECT (SELECT MAX(id) FROM timeline_event),"
    " (SELECT MAX(history_id) FROM timeline_historicalevent),"
    " (SELECT MAX(history_id) FROM timeline_historicalactor),"
    " (SELECT MAX(history_id) FROM timeline_historicaltopic)"
)


def setup_django() -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("SECRET_KEY", "benchmark-only-secret-key-not-for-production-0123456789")
    os.environ["DJANGO_SETTINGS_MODULE"] = "tests.settings"
    import django

    django.setup()


def filters(query: str):
    from django.http import QueryDict

    from timeline.forms import TimelineFilterForm

    return TimelineFilterForm(QueryDict(query)).filters


def plans() -> list[tuple[str, str, str, str]]:
    """(title, query string, SQL, plan) for each query a timeline request may run."""
    from django.db import connection
    from django.db.models import Count

    from timeline.filters import Cursor
    from timeline.models import Event

    public = Event.objects.public()
    middle = public.chronological().only("date")[public.count() // 2]
    pages = [
        ("Unfiltered page (first 26 rows)", ""),
        ("Actor + topic filter page", FILTERED),
        ("Text search page: rare word", "q=himars"),
        ("Text search page: common word", "q=summit"),
        ("Load more halfway (keyset cursor)", f"cursor={Cursor(middle.date, middle.pk)}"),
    ]
    found = []
    for title, query in pages:
        rows = filters(query).apply(public).defer("quote_text", "search_vector")[:26]
        found.append((title, query, str(rows.query), rows.explain(analyze=True, buffers=True)))
    matching = filters(FILTERED).apply(public).order_by()
    facet = (
        Event.actors.through.objects.filter(event__in=matching.values("pk"))
        .values_list("actor")
        .annotate(count=Count("*"))
    )
    days = matching.values_list("date").annotate(count=Count("id"))
    for title, rows in [
        ("Actor facet counts, actor + topic filter (cache miss only)", facet),
        ("Events per day for the density strip, actor + topic (cache miss only)", days),
    ]:
        found.append((title, FILTERED, str(rows.query), rows.explain(analyze=True, buffers=True)))
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {VERSION_SQL}")
        plan = "\n".join(row[0] for row in cursor.fetchall())
    found.append(("Data version (every timeline request)", "", VERSION_SQL, plan))
    return found


def main() -> None:
    setup_django()
    from timeline.models import Event

    print(f"# EXPLAIN (ANALYZE, BUFFERS) at {Event.objects.public().count():,} confirmed events\n")
    print(
        "PostgreSQL 15, the data of bench/timeline.py (200 actors, 20 topics, 1–3 mentions "
        "per event), warm buffers, 2 cores shared with other work. Made by bench/explain.py.\n"
    )
    for title, query, sql, plan in plans():
        print(f"## {title}\n")
        if query:
            print(f"Query string: `?{query}`\n")
        print(f"```sql\n{sql}\n```\n\n```\n{plan}\n```\n")


if __name__ == "__main__":
    main()
