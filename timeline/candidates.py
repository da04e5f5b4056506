"""Candidate actors: names the extractor found acting in an event but the vocabulary lacks.

An editor accepts one by creating the actor (with its kind and aliases) from the event; the event
is tagged at once, and re-tagging pending events applies the new actor everywhere else.
"""

from .models import Actor, Event


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
