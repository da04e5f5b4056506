"""One page of the timeline: a keyset slice of events grouped under year and month headings."""

import datetime
from dataclasses import dataclass, field

from .filters import Cursor
from .models import Event, EventQuerySet
from .periods import Precision

# Events known to the month or better go under their month; coarser ones under their year.
MONTH_PRECISIONS = {Precision.DAY, Precision.WEEK, Precision.MONTH}
# Back after many "Load more" restores at most this many events; the rest are a "Load more" away.
MAX_RESTORED = 500


@dataclass
class MonthGroup:
    """Consecutive events of one month (or of one year, for year-precise events)."""

    year: int
    month: int | None
    new_year: bool
    # True when the previous page ended in this same month: no second heading.
    continued: bool = False
    events: list[Event] = field(default_factory=list)

    @property
    def key(self) -> tuple[int, int | None]:
        return self.year, self.month

    @property
    def heading(self) -> str:
        if self.month is None:
            return f"{self.year}, month not known"
        return f"{datetime.date(self.year, self.month, 1):%B %Y}"


@dataclass
class TimelinePage:
    groups: list[MonthGroup]
    next_cursor: Cursor | None
    continues_from: Cursor | None

    @property
    def events(self) -> list[Event]:
        return [event for group in self.groups for event in group.events]

    def __len__(self) -> int:
        return sum(len(group.events) for group in self.groups)


def group_key(event: Event) -> tuple[int, int | None]:
    month = event.date.month if event.precision in MONTH_PRECISIONS else None
    return event.date.year, month


def fetch_page(events: EventQuerySet, size: int, cursor: Cursor | None = None) -> TimelinePage:
    """The first ``size`` of ``events`` (already ordered and past ``cursor``), with evidence.

    Headings continue from the previous page: a month that carries on past "Load more" is not
    announced twice.
    """
    # The search columns are the longest of a row and a card shows neither.
    rows = list(events.with_evidence().defer("quote_text", "search_vector")[: size + 1])
    has_more = len(rows) > size
    rows = rows[:size]
    previous: tuple[int, int | None] | None = None
    if cursor is not None:
        previous = (cursor.date.year, cursor.date.month)
    groups: list[MonthGroup] = []
    for event in rows:
        key = group_key(event)
        if not groups or groups[-1].key != key:
            new_year = previous is None or previous[0] != key[0]
            groups.append(MonthGroup(*key, new_year=new_year, continued=previous == key))
            previous = key
        groups[-1].events.append(event)
    last = rows[-1] if has_more else None
    next_cursor = Cursor(last.date, last.pk) if last else None
    return TimelinePage(groups=groups, next_cursor=next_cursor, continues_from=cursor)


def fetch_through(events: EventQuerySet, through: Cursor, newest_first: bool) -> TimelinePage:
    """The events from the start of ``events`` (ordered) through the one at ``through``.

    What a reader had on screen after "Load more", for Back or a reload to show it again.
    """
    page = fetch_page(events.through(through.date, through.pk, newest_first), MAX_RESTORED)
    if page.next_cursor is None and page.events:
        last = page.events[-1]
        if events.after(last.date, last.pk, newest_first).exists():
            page.next_cursor = Cursor(last.date, last.pk)
    return page
