"""The starter set of curated actors and topics shipped with the app."""

import json
from pathlib import Path

STARTER_VOCABULARY = Path(__file__).parent / "data" / "vocabulary.json"


def read_starter_vocabulary() -> dict:
    return json.loads(STARTER_VOCABULARY.read_text(encoding="utf-8"))


def install_vocabulary(data: dict, *, actor_model, alias_model, topic_model, keyword_model) -> None:
    """Create or update the actors and topics in ``data``; never deletes what editors added.

    Takes the model classes so that the data migration can pass its historical models.
    """
    for entry in data["actors"]:
        actor, _ = actor_model.objects.update_or_create(
            slug=entry["slug"],
            defaults={
                "name": entry["name"],
                "kind": entry["kind"],
                "description": entry.get("description", ""),
            },
        )
        for alias in entry.get("aliases", []):
            alias_model.objects.get_or_create(alias=alias, defaults={"actor": actor})
    for entry in data["topics"]:
        topic, _ = topic_model.objects.update_or_create(
            slug=entry["slug"],
            defaults={"name": entry["name"], "description": entry.get("description", "")},
        )
        for phrase in entry.get("keywords", []):
            keyword_model.objects.get_or_create(topic=topic, phrase=phrase)
