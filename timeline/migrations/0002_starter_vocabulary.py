"""Install the starter actors and topics (timeline/data/; see timeline/vocabulary.py).

Runs with the models of its time, which have no offices and no `part_of`: migration 0031 adds
those."""

from django.db import migrations


def install_starter_vocabulary(apps, schema_editor):
    from timeline.vocabulary import install_vocabulary, read_starter_vocabulary

    install_vocabulary(
        read_starter_vocabulary(),
        actor_model=apps.get_model("timeline", "Actor"),
        alias_model=apps.get_model("timeline", "ActorAlias"),
        topic_model=apps.get_model("timeline", "Topic"),
        keyword_model=apps.get_model("timeline", "TopicKeyword"),
    )


class Migration(migrations.Migration):
    dependencies = [("timeline", "0001_initial")]

    operations = [migrations.RunPython(install_starter_vocabulary, migrations.RunPython.noop)]
