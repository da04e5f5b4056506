"""Candidate actors: names the extractor found acting in an event but the vocabulary lacks.

An editor accepts one by creating the actor (with its kind and aliases) from the event; the event
is tagged at once, and re-tagging pending events applies the new actor everywhere else.
"""

from dataclasses import dataclass

from django.db import transaction
from django.utils.text import slugify

from .models import Actor, ActorAlias, Event


def covered_names(actor: Actor) -> set[str]:
    """The names an actor answers to, case-folded: its name and its aliases."""
    return {
        actor.name.casefold(),
        *(a.casefold() for a in actor.aliases.values_list("alias", flat=True)),
    }


def accept_candidate(event: Event, actor: Actor) -> None:
    """Tag ``event`` with ``actor`` and drop the candidate names the actor now covers."""
    event.actors.add(actor)
    names = covered_names(actor)
    remaining = [name for name in event.candidate_actors if name.casefold() not in names]
    if remaining != event.candidate_actors:
        event.candidate_actors = remaining
        event.save(update_fields=["candidate_actors", "updated_at"])


@dataclass
class AcceptedActor:
    actor: Actor
    created: bool
    # Aliases not added because another actor already answers to them.
    taken_aliases: list[str]


@transaction.atomic
def add_candidate_actor(event: Event, name: str, kind: str, aliases: list[str]) -> AcceptedActor:
    """Accept a candidate name of ``event``: add it to the vocabulary as an actor of ``kind``
    with ``aliases`` (or take the actor of that name if there is one) and tag the event."""
    name = name.strip()
    actor = Actor.objects.filter(name__iexact=name).first()
    created = actor is None
    taken: list[str] = []
    if created:
        actor = Actor(name=name, slug=free_slug(name), kind=kind)
        actor._change_reason = f"Added from event #{event.pk}"
        actor.save()
        wanted = {alias.strip() for alias in aliases if alias.strip() and alias.strip() != name}
        existing = set(ActorAlias.objects.filter(alias__in=wanted).values_list("alias", flat=True))
        taken = sorted(existing)
        ActorAlias.objects.bulk_create(
            ActorAlias(actor=actor, alias=alias) for alias in sorted(wanted - existing)
        )
    event._change_reason = f"Tagged with {actor.name} (accepted candidate actor)"
    accept_candidate(event, actor)
    return AcceptedActor(actor, created, taken)


def free_slug(name: str) -> str:
    """A slug for a new actor that no actor has yet ("lars-lokke", then "lars-lokke-2")."""
    base = slugify(name)[:190] or "actor"
    slug, n = base, 1
    while Actor.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug
