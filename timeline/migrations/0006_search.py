# Full-text search over titles and quotes, fuzzy actor look-up, and the indexes the public
# timeline needs at a million events. On PostgreSQL a trigger keeps Event.search_vector (title
# weighted A, quotes B) in step with the row, and indexes are built concurrently (hence
# atomic = False). On SQLite search_vector stays empty and none of this runs.

import django.contrib.postgres.search
from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations, models

import timeline.operations

SEARCH_TRIGGER = """
CREATE OR REPLACE FUNCTION timeline_event_search_vector() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    NEW.search_vector :=
        setweight(to_tsvector('english', COALESCE(NEW.title, '')), 'A')
        || setweight(to_tsvector('english', COALESCE(NEW.quote_text, '')), 'B');
    RETURN NEW;
END
$$;
CREATE TRIGGER timeline_event_search_vector BEFORE INSERT OR UPDATE ON timeline_event
FOR EACH ROW EXECUTE FUNCTION timeline_event_search_vector();
"""

DROP_SEARCH_TRIGGER = """
DROP TRIGGER IF EXISTS timeline_event_search_vector ON timeline_event;
DROP FUNCTION IF EXISTS timeline_event_search_vector();
"""


def fill_search_columns(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        # One pass: setting quote_text on every row also fires the trigger that fills
        # search_vector. Row locks only; readers are never blocked.
        schema_editor.execute(
            "UPDATE timeline_event SET quote_text = COALESCE(("
            "  SELECT string_agg(sentence, E'\\n' ORDER BY id) FROM timeline_mention"
            "  WHERE timeline_mention.event_id = timeline_event.id"
            "), '')"
        )
        return
    Event = apps.get_model("timeline", "Event")
    Mention = apps.get_model("timeline", "Mention")
    sentences = {}
    for event_id, sentence in Mention.objects.order_by("pk").values_list("event", "sentence"):
        sentences.setdefault(event_id, []).append(sentence)
    events = list(Event.objects.filter(pk__in=sentences).only("pk"))
    for event in events:
        event.quote_text = "\n".join(sentences[event.pk])
    Event.objects.bulk_update(events, ["quote_text"], batch_size=500)


class Migration(migrations.Migration):

    atomic = False

    dependencies = [
        ('timeline', '0005_editors_merge_permissions'),
    ]

    operations = [
        migrations.AddField(
            model_name='event',
            name='quote_text',
            field=models.TextField(blank=True, default='', editable=False),
        ),
        migrations.AddField(
            model_name='event',
            name='search_vector',
            field=django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
        ),
        timeline.operations.RunPostgresSQL(SEARCH_TRIGGER, DROP_SEARCH_TRIGGER),
        migrations.RunPython(fill_search_columns, migrations.RunPython.noop, elidable=True),
        timeline.operations.AddPostgresIndexConcurrently(
            name='event_search', table='timeline_event', definition='search_vector', using='gin',
        ),
        TrigramExtension(),
        # Facet counts and actor/topic filters read (vocabulary, event) pairs: with both
        # columns in one index they never visit the link table itself.
        timeline.operations.AddPostgresIndexConcurrently(
            name='event_actors_actor_event', table='timeline_event_actors',
            definition='actor_id, event_id',
        ),
        timeline.operations.AddPostgresIndexConcurrently(
            name='event_topics_topic_event', table='timeline_event_topics',
            definition='topic_id, event_id',
        ),
    ]
