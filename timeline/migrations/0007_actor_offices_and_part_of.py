"""Actors can belong to another actor (the Pentagon to the United States) and hold offices
(defence minister of Germany from a date to a date); companies become a kind of actor."""

import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("timeline", "0006_search"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="actor",
            name="part_of",
            field=models.ForeignKey(
                blank=True,
                help_text="The state or organisation this body belongs to (the Pentagon: United States); what the body does is tagged with both.",
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="parts",
                to="timeline.actor",
                verbose_name="part of",
            ),
        ),
        migrations.AddField(
            model_name="historicalactor",
            name="part_of",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                help_text="The state or organisation this body belongs to (the Pentagon: United States); what the body does is tagged with both.",
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="timeline.actor",
                verbose_name="part of",
            ),
        ),
        migrations.AlterField(
            model_name="actor",
            name="kind",
            field=models.CharField(
                choices=[
                    ("person", "Person"),
                    ("state", "State"),
                    ("alliance", "Organisation or alliance"),
                    ("agency", "Ministry, agency or parliament"),
                    ("armed-force", "Armed force"),
                    ("company", "Company"),
                    ("other", "Other"),
                ],
                default="other",
                max_length=20,
            ),
        ),
        migrations.AlterField(
            model_name="historicalactor",
            name="kind",
            field=models.CharField(
                choices=[
                    ("person", "Person"),
                    ("state", "State"),
                    ("alliance", "Organisation or alliance"),
                    ("agency", "Ministry, agency or parliament"),
                    ("armed-force", "Armed force"),
                    ("company", "Company"),
                    ("other", "Other"),
                ],
                default="other",
                max_length=20,
            ),
        ),
        migrations.CreateModel(
            name="HistoricalActorOffice",
            fields=[
                (
                    "id",
                    models.BigIntegerField(
                        auto_created=True, blank=True, db_index=True, verbose_name="ID"
                    ),
                ),
                (
                    "role",
                    models.CharField(
                        choices=[
                            ("head-of-state", "Head of state"),
                            ("head-of-government", "Head of government"),
                            ("defence-minister", "Defence minister"),
                            ("foreign-minister", "Foreign minister"),
                            ("secretary-general", "Secretary general"),
                            ("high-representative", "High representative"),
                        ],
                        max_length=32,
                    ),
                ),
                ("start", models.DateField(blank=True, help_text="Empty when unknown.", null=True)),
                (
                    "end",
                    models.DateField(blank=True, help_text="Empty while in office.", null=True),
                ),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.CharField(max_length=100, null=True)),
                (
                    "history_type",
                    models.CharField(
                        choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1
                    ),
                ),
                (
                    "actor",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="timeline.actor",
                    ),
                ),
                (
                    "history_user",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "of",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        help_text="The state or organisation whose post it is.",
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="timeline.actor",
                    ),
                ),
            ],
            options={
                "verbose_name": "historical actor office",
                "verbose_name_plural": "historical actor offices",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="ActorOffice",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "role",
                    models.CharField(
                        choices=[
                            ("head-of-state", "Head of state"),
                            ("head-of-government", "Head of government"),
                            ("defence-minister", "Defence minister"),
                            ("foreign-minister", "Foreign minister"),
                            ("secretary-general", "Secretary general"),
                            ("high-representative", "High representative"),
                        ],
                        max_length=32,
                    ),
                ),
                ("start", models.DateField(blank=True, help_text="Empty when unknown.", null=True)),
                (
                    "end",
                    models.DateField(blank=True, help_text="Empty while in office.", null=True),
                ),
                (
                    "actor",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="offices",
                        to="timeline.actor",
                    ),
                ),
                (
                    "of",
                    models.ForeignKey(
                        help_text="The state or organisation whose post it is.",
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="office_holders",
                        to="timeline.actor",
                    ),
                ),
            ],
            options={
                "ordering": ["start", "pk"],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(
                            ("start__isnull", True),
                            ("end__isnull", True),
                            ("start__lte", models.F("end")),
                            _connector="OR",
                        ),
                        name="office_starts_before_it_ends",
                    )
                ],
            },
        ),
    ]
