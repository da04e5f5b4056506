"""Whether an article from a source belongs in the review queue, by the rule editors tune.

A general news feed carries much that is not defence cooperation: an article whose events have no
topic that counts and too few actors of the vocabulary is stored but set aside, with the reason.
"""

from dataclasses import dataclass

from timeline.extraction import ActorEntry, ExtractionResult

from .models import RelevanceRule


@dataclass(frozen=True)
class RelevanceCriteria:
    topics: frozenset[str] | None  # slugs of the topics that count; None: every topic
    min_actors: int
    actor_kinds: frozenset[str] | None  # kinds of actor that count; None: every kind

    @classmethod
    def from_rule(cls, rule: RelevanceRule) -> "RelevanceCriteria":
        topics = frozenset(rule.topics.values_list("slug", flat=True))
        return cls(
            topics=topics or None,
            min_actors=max(rule.min_actors, 1),
            actor_kinds=frozenset(rule.actor_kinds) or None,
        )


def current_criteria() -> RelevanceCriteria:
    return RelevanceCriteria.from_rule(RelevanceRule.current())


def why_not_relevant(
    result: ExtractionResult, criteria: RelevanceCriteria, actors: list[ActorEntry]
) -> str:
    """Why the article extracted as ``result`` is not relevant, or "" when it is."""
    if not result.events:
        return "No events were found in it."
    topics = {slug for event in result.events for slug in event.topics}
    if criteria.topics is not None:
        topics &= criteria.topics
    if topics:
        return ""
    kinds = {actor.slug: actor.kind for actor in actors}
    named = {
        slug
        for event in result.events
        for slug in event.actors
        if criteria.actor_kinds is None or kinds.get(slug) in criteria.actor_kinds
    }
    if len(named) >= criteria.min_actors:
        return ""
    topic_words = "no topic" if criteria.topics is None else "no topic that counts"
    return (
        f"Its events have {topic_words} and name {len(named)} actor(s) that count "
        f"(at least {criteria.min_actors} needed)."
    )
