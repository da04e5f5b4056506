"""Value types passed between the extraction engine and its callers (Django, tests, bench)."""

import datetime
from dataclasses import dataclass, field
from enum import StrEnum


class Role(StrEnum):
    """Posts whose titles point to their holder in context: "Germany's defence minister"."""

    HEAD_OF_STATE = "head-of-state"  # president, king, queen
    HEAD_OF_GOVERNMENT = "head-of-government"  # prime minister, chancellor, premier
    DEFENCE_MINISTER = "defence-minister"  # also "defense secretary", "secretary of defense"
    FOREIGN_MINISTER = "foreign-minister"  # also "secretary of state", "foreign secretary"
    SECRETARY_GENERAL = "secretary-general"  # of NATO, the UN
    HIGH_REPRESENTATIVE = "high-representative"  # the EU's foreign-policy chief


@dataclass(frozen=True)
class Office:
    """A post an actor held: `role` of the actor `of` (a slug), from `start` to `end`."""

    role: Role
    of: str
    start: datetime.date | None = None
    end: datetime.date | None = None  # None: still in office

    def held_on(self, day: datetime.date) -> bool:
        return (self.start is None or self.start <= day) and (self.end is None or day <= self.end)


@dataclass(frozen=True)
class ActorEntry:
    """One actor of the curated vocabulary; the Django side builds these from the database."""

    slug: str
    name: str
    kind: str  # person | state | alliance | agency | armed-force | company | other
    aliases: tuple[str, ...] = ()
    offices: tuple[Office, ...] = ()
    # The state (or organisation) a body belongs to: an act of "the Pentagon" or "the Bundeswehr"
    # is also one of the United States or Germany, and is tagged with both.
    part_of: str | None = None


@dataclass(frozen=True)
class TopicEntry:
    """One topic of the curated vocabulary with its keywords (a trailing `*` matches any ending)."""

    slug: str
    name: str
    keywords: tuple[str, ...] = ()


class Precision(StrEnum):
    DAY = "day"
    WEEK = "week"
    MONTH = "month"
    SEASON = "season"
    QUARTER = "quarter"
    YEAR = "year"
    DECADE = "decade"
    CENTURY = "century"


@dataclass(frozen=True)
class TemporalExpression:
    """A time expression found in a text, normalised TIMEX3-style and truncated to its precision."""

    text: str
    start: int
    end: int
    value: str
    precision: Precision
    end_value: str | None = None
    date: datetime.date | None = None
    date_end: datetime.date | None = None
    needs_reference: bool = False
    modifier: str | None = None  # "early" | "mid" | "late"
    # The preposition in front, lower case: "by" and "until" make a deadline, "since" a start.
    cue: str = ""


@dataclass(frozen=True)
class Mention:
    """Where an event is reported: a sentence of the body and the time expression inside it."""

    sentence: str
    start: int
    end: int
    date_text: str = ""
    date_start: int | None = None
    date_end: int | None = None


@dataclass
class ExtractedEvent:
    title: str
    date: datetime.date | None
    date_end: datetime.date | None
    precision: Precision
    value: str
    implicit_date: bool
    needs_date: bool
    actors: list[str]
    topics: list[str]
    confidence: float
    mentions: list[Mention]
    # A deadline the sentence sets ("by June", "until 2029"): what the event aims at.
    target_date: datetime.date | None = None
    target_precision: Precision | None = None
    # Names the vocabulary lacks that act in the event, for an editor to accept as actors.
    candidate_actors: list[str] = field(default_factory=list)


@dataclass
class ExtractionResult:
    body: str
    title: str
    published: datetime.datetime | None
    published_source: str  # "argument" | "html-meta" | "dateline" | ""
    language: str
    events: list[ExtractedEvent]
    version: str


class ExtractionError(ValueError):
    """The content cannot be turned into an article (empty, too large, undecodable, no text)."""
