"""The starter vocabulary shipped with the app, and how it gets into the database.

States take their names from maintained packages (Babel's English territory names for the name
the press uses, pycountry's ISO names for the formal ones) plus hand data in
`data/states.json`: the press's own forms, adjectives, demonyms and capitals used as metonyms.
Organisations, national bodies, companies, people (with their offices) and topics are hand data
in `data/*.json`.

Plain Python with no Django import, so the extraction engine's tests and benchmarks can read it;
`install_vocabulary` takes the model classes, so data migrations can pass historical ones.

The files: `states.json` maps an ISO 3166 code to optional `name` (when the press's differs
from Babel's), `names`, `adjectives`, `people` (demonyms, singular and plural), `capital` (only
where the city stands for the state in defence news) and `drop` (package names too ambiguous to
keep). The other files are lists of `{"name", "slug"?, "kind"?, "description", "aliases",
"part_of"?, "offices"?}`; a slug defaults to the name's, and once shipped it never changes (events
link to it): give `slug` explicitly when correcting a name. An alias is left out where it could
name two actors; an unqualified "Ministry of Defence" belongs to nobody.
"""

import datetime
import json
import re
import unicodedata
from pathlib import Path

import pycountry
from babel import Locale

from .extraction.types import ActorEntry, Office, Role, TopicEntry

DATA = Path(__file__).parent / "data"
STATES = DATA / "states.json"
TOPICS = DATA / "topics.json"
# Hand-written actors, one file per kind of actor, with the kind each entry has unless it says.
ACTOR_FILES = {
    "organisations.json": "alliance",
    "bodies.json": "agency",
    "companies.json": "company",
    "people.json": "person",
}
# Package names that are not how anyone writes a country in running text: "Korea, Republic of",
# "Myanmar (Burma)", "Congo - Kinshasa".
_CATALOGUE_FORM = re.compile(r",|\(| - ")


def read_starter_vocabulary() -> dict:
    """The whole starter vocabulary: ``{"actors": [...], "topics": [...]}``.

    Every actor is ``{"name", "slug", "kind", "description", "aliases", "offices", "part_of"}``;
    an office is ``{"role", "of", "start", "end"}`` with ISO dates (``end`` None: in office).
    """
    actors = _states(json.loads(STATES.read_text(encoding="utf-8")))
    for filename, kind in ACTOR_FILES.items():
        entries = json.loads((DATA / filename).read_text(encoding="utf-8"))
        actors += [_actor(entry, kind) for entry in entries]
    return {"actors": actors, "topics": json.loads(TOPICS.read_text(encoding="utf-8"))}


def starter_entries() -> tuple[list[ActorEntry], list[TopicEntry]]:
    """The starter vocabulary as the extraction engine takes it."""
    data = read_starter_vocabulary()
    actors = [
        ActorEntry(
            slug=entry["slug"],
            name=entry["name"],
            kind=entry["kind"],
            aliases=tuple(entry["aliases"]),
            offices=tuple(
                Office(
                    Role(office["role"]), office["of"], _date(office["start"]), _date(office["end"])
                )
                for office in entry["offices"]
            ),
            part_of=entry["part_of"],
        )
        for entry in data["actors"]
    ]
    topics = [
        TopicEntry(slug=entry["slug"], name=entry["name"], keywords=tuple(entry["keywords"]))
        for entry in data["topics"]
    ]
    return actors, topics


# Letters that Unicode does not decompose into a base letter and an accent.
_TRANSLITERATIONS = str.maketrans(
    {"ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D", "ð": "d", "þ": "th", "æ": "ae",
     "Æ": "Ae", "œ": "oe", "ß": "ss", "ı": "i", "ħ": "h"}
)  # fmt: skip


def slug_for(name: str) -> str:
    """The slug an actor gets from its name: Django's ``slugify`` of its transliteration
    ("Władysław" → "wladyslaw", not "wadysaw")."""
    name = name.translate(_TRANSLITERATIONS)
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[-\s]+", "-", re.sub(r"[^\w\s-]", "", ascii_name.lower())).strip("-_")


def _states(hand_data: dict[str, dict]) -> list[dict]:
    """One actor per ISO code in ``hand_data``: every UN member, plus observers and partly
    recognised states the news names (Kosovo, Palestine, Taiwan, the Vatican)."""
    territories = Locale("en").territories
    states = []
    for code, extra in hand_data.items():
        package_names = [territories[code], *_iso_names(code)]
        name = extra.get("name", territories[code])
        dropped = {name, *extra.get("drop", ())}
        aliases = [
            *(alias for alias in package_names if not _CATALOGUE_FORM.search(alias)),
            *extra.get("names", ()),
            *extra.get("adjectives", ()),
            *extra.get("people", ()),
            *extra.get("capital", ()),
        ]
        states.append(
            _actor(
                {
                    "name": name,
                    "slug": extra.get("slug"),
                    "description": extra.get("description", ""),
                    "aliases": [alias for alias in aliases if alias not in dropped],
                },
                "state",
            )
        )
    return states


def _iso_names(code: str) -> list[str]:
    country = pycountry.countries.get(alpha_2=code)
    if country is None:  # Kosovo has no ISO 3166 code of its own
        return []
    names = [getattr(country, field, None) for field in ("name", "official_name", "common_name")]
    # "the State of Palestine": a name, not a back-reference to an actor named earlier.
    return [name.removeprefix("the ") for name in names if name]


def _actor(entry: dict, kind: str) -> dict:
    """A hand-written entry completed with its defaults; aliases deduplicated, the name left
    out (the engine matches the name anyway)."""
    name = entry["name"]
    return {
        "name": name,
        "slug": entry.get("slug") or slug_for(name),
        "kind": entry.get("kind", kind),
        "description": entry.get("description", ""),
        "aliases": [alias for alias in dict.fromkeys(entry.get("aliases", ())) if alias != name],
        "offices": [
            {
                "role": office["role"],
                "of": office["of"],
                "start": office.get("start"),
                "end": office.get("end"),
            }
            for office in entry.get("offices", ())
        ],
        "part_of": entry.get("part_of"),
    }


def _date(value: str | None) -> datetime.date | None:
    return datetime.date.fromisoformat(value) if value else None


def install_vocabulary(
    data: dict,
    *,
    actor_model,
    alias_model,
    topic_model,
    keyword_model,
    office_model=None,
) -> None:
    """Add what ``data`` has and the database lacks; never delete or overwrite an editor's work.

    An actor is found by its slug, else by its name (an editor may have created it first, under
    another slug: it keeps it); an existing actor only gets a description or ``part_of`` where it
    has none. An alias another actor already holds stays with that actor. Offices and
    ``part_of`` are installed only when ``office_model`` is given: the historical models of
    migrations before they existed have neither. A constant number of queries per model.
    """
    actors = _install_actors(data["actors"], actor_model, with_part_of=office_model is not None)
    _install_aliases(data["actors"], actors, alias_model)
    if office_model is not None:
        _install_offices(data["actors"], actors, office_model)
    _install_topics(data["topics"], topic_model, keyword_model)


def _install_actors(entries: list[dict], actor_model, *, with_part_of: bool) -> dict:
    """The database's actor for every slug of ``entries``, created where missing."""
    existing = list(actor_model.objects.all())
    by_slug = {actor.slug: actor for actor in existing}
    by_name = {actor.name: actor for actor in existing}
    actors, new, described = {}, [], []
    for entry in entries:
        actor = by_slug.get(entry["slug"]) or by_name.get(entry["name"])
        if actor is None:
            actor = actor_model(
                slug=entry["slug"],
                name=entry["name"],
                kind=entry["kind"],
                description=entry["description"],
            )
            new.append(actor)
        elif not actor.description and entry["description"]:
            actor.description = entry["description"]
            described.append(actor)
        actors[entry["slug"]] = actor
    actor_model.objects.bulk_create(new)
    actor_model.objects.bulk_update(described, ["description"])
    if with_part_of:
        placed = []
        for entry in entries:
            actor = actors[entry["slug"]]
            if entry["part_of"] and actor.part_of_id is None:
                actor.part_of = actors[entry["part_of"]]
                placed.append(actor)
        actor_model.objects.bulk_update(placed, ["part_of"])
    return actors


def _install_aliases(entries: list[dict], actors: dict, alias_model) -> None:
    taken = set(alias_model.objects.values_list("alias", flat=True))
    new = []
    for entry in entries:
        for alias in entry["aliases"]:
            if alias not in taken:
                taken.add(alias)
                new.append(alias_model(alias=alias, actor=actors[entry["slug"]]))
    alias_model.objects.bulk_create(new)


def _install_offices(entries: list[dict], actors: dict, office_model) -> None:
    held = set(office_model.objects.values_list("actor_id", "role", "of_id", "start"))
    new = []
    for entry in entries:
        actor = actors[entry["slug"]]
        for office in entry["offices"]:
            of, start = actors[office["of"]], _date(office["start"])
            if (actor.pk, office["role"], of.pk, start) not in held:
                held.add((actor.pk, office["role"], of.pk, start))
                new.append(
                    office_model(
                        actor=actor,
                        role=office["role"],
                        of=of,
                        start=start,
                        end=_date(office["end"]),
                    )
                )
    office_model.objects.bulk_create(new)


def _install_topics(entries: list[dict], topic_model, keyword_model) -> None:
    existing = list(topic_model.objects.all())
    by_slug = {topic.slug: topic for topic in existing}
    by_name = {topic.name: topic for topic in existing}
    topics, new = {}, []
    for entry in entries:
        topic = by_slug.get(entry["slug"]) or by_name.get(entry["name"])
        if topic is None:
            topic = topic_model(
                slug=entry["slug"], name=entry["name"], description=entry.get("description", "")
            )
            new.append(topic)
        topics[entry["slug"]] = topic
    topic_model.objects.bulk_create(new)
    known = set(keyword_model.objects.values_list("topic_id", "phrase"))
    keywords = []
    for entry in entries:
        topic = topics[entry["slug"]]
        for phrase in entry.get("keywords", ()):
            if (topic.pk, phrase) not in known:
                known.add((topic.pk, phrase))
                keywords.append(keyword_model(topic=topic, phrase=phrase))
    keyword_model.objects.bulk_create(keywords)
