"""Reminder rows, moved here from the letters app with every row kept.

The table letters_reminder already exists on any database made before the move: the model's
state is created on top of it (no SQL), then the table is renamed to this app's name, and
the content type follows so admin permissions and log entries stay attached.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def content_type_follows(apps, schema_editor, *, old, new):
    ContentType = apps.get_model("contenttypes", "ContentType")
    db = schema_editor.connection.alias
    if ContentType.objects.using(db).filter(app_label=new, model="reminder").exists():
        return
    ContentType.objects.using(db).filter(app_label=old, model="reminder").update(
        app_label=new
    )


def forwards(apps, schema_editor):
    content_type_follows(apps, schema_editor, old="letters", new="reminders")


def backwards(apps, schema_editor):
    content_type_follows(apps, schema_editor, old="reminders", new="letters")


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("applications", "0003_interview_owner_status_ends"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("letters", "0004_reminder_pending_due_id"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Reminder",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "kind",
                            models.CharField(
                                choices=[
                                    ("first", "Soon after the interview"),
                                    ("evening", "Evening"),
                                ],
                                max_length=20,
                            ),
                        ),
                        ("due_at", models.DateTimeField()),
                        ("claimed_until", models.DateTimeField(blank=True, null=True)),
                        ("claim_token", models.UUIDField(blank=True, null=True)),
                        ("attempts", models.PositiveSmallIntegerField(default=0)),
                        ("sent_at", models.DateTimeField(blank=True, null=True)),
                        ("failed_at", models.DateTimeField(blank=True, null=True)),
                        ("last_error", models.TextField(blank=True)),
                        ("skipped_at", models.DateTimeField(blank=True, null=True)),
                        ("skip_reason", models.CharField(blank=True, max_length=200)),
                        ("created_at", models.DateTimeField(auto_now_add=True)),
                        (
                            "interview",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="reminders",
                                to="applications.interview",
                            ),
                        ),
                        (
                            "owner",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="reminders",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                    options={
                        "db_table": "letters_reminder",
                        "ordering": ["due_at", "id"],
                        "indexes": [
                            models.Index(
                                condition=models.Q(
                                    ("failed_at__isnull", True),
                                    ("sent_at__isnull", True),
                                    ("skipped_at__isnull", True),
                                ),
                                fields=["due_at", "id"],
                                name="reminder_pending_due",
                            )
                        ],
                        "constraints": [
                            models.UniqueConstraint(
                                fields=("interview", "kind"),
                                name="reminder_unique_per_interview_kind",
                            ),
                            models.CheckConstraint(
                                condition=models.Q(("kind__in", ["first", "evening"])),
                                name="reminder_kind_valid",
                            ),
                        ],
                    },
                ),
            ],
        ),
        migrations.AlterModelTable(name="reminder", table=None),
        migrations.RunPython(forwards, backwards),
    ]
