"""Install the starter vocabulary that covers the field (every state, international bodies,
national bodies, defence companies, office-holders with their offices) into existing databases,
and remove the generic aliases the first starter vocabulary gave Ukraine's bodies: "Ministry of
Defence" alone cannot be placed, and it tagged every other country's ministry as Ukraine's."""

from django.db import migrations

# Exactly what migration 0002 installed; an alias an editor moved to another actor stays.
GENERIC_STARTER_ALIASES = {
    "ministry-of-defence-of-ukraine": [
        "Ministry of Defense",
        "Ministry of Defence",
        "Defense Ministry",
        "Defence Ministry",
        "MoD",
    ],
    "ministry-of-foreign-affairs-of-ukraine": [
        "Ministry of Foreign Affairs",
        "Foreign Ministry",
        "MFA",
    ],
    "office-of-the-president-of-ukraine": [
        "Office of the President",
        "President's Office",
        "Presidential Office",
    ],
    # Russia's GRU is also a "Main Intelligence Directorate".
    "gur": ["Main Intelligence Directorate"],
}
# Starter descriptions that time has overtaken, replaced only where no editor changed them.
OUTDATED_DESCRIPTIONS = {
    "rustem-umerov": (
        "Minister of Defence of Ukraine from September 2023.",
        "Minister of Defence of Ukraine from September 2023 to July 2025, then Secretary of the "
        "National Security and Defense Council.",
    ),
}


def install_field_vocabulary(apps, schema_editor):
    from timeline.vocabulary import install_vocabulary, read_starter_vocabulary

    Actor = apps.get_model("timeline", "Actor")
    ActorAlias = apps.get_model("timeline", "ActorAlias")
    for slug, aliases in GENERIC_STARTER_ALIASES.items():
        ActorAlias.objects.filter(actor__slug=slug, alias__in=aliases).delete()
    for slug, (old, new) in OUTDATED_DESCRIPTIONS.items():
        Actor.objects.filter(slug=slug, description=old).update(description=new)
    install_vocabulary(
        read_starter_vocabulary(),
        actor_model=Actor,
        alias_model=ActorAlias,
        topic_model=apps.get_model("timeline", "Topic"),
        keyword_model=apps.get_model("timeline", "TopicKeyword"),
        office_model=apps.get_model("timeline", "ActorOffice"),
    )


class Migration(migrations.Migration):
    dependencies = [("timeline", "0008_editors_office_permissions")]

    operations = [migrations.RunPython(install_field_vocabulary, migrations.RunPython.noop)]
