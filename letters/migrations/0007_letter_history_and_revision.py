"""Letter history: every letter starts its history with the text it has (and the text a
regeneration had replaced, kept until now in previous_*); sent and finished letters are
marked as ever finished, so drafting never takes them back after a reopen."""

import django.db.models.deletion
from django.db import migrations, models
from django.db.models.functions import Coalesce

CHUNK = 2000


def start_histories(apps, schema_editor):
    Letter = apps.get_model("letters", "Letter")
    LetterVersion = apps.get_model("letters", "LetterVersion")
    Letter.objects.filter(status__in=["finished", "sent"]).update(
        first_finished_at=Coalesce("finished_at", "sent_at")
    )
    versions = []
    for letter in Letter.objects.order_by("pk").iterator(chunk_size=CHUNK):
        when = letter.updated_at
        if letter.previous_subject or letter.previous_body:
            versions.append(
                LetterVersion(
                    letter_id=letter.pk,
                    cause="earlier",
                    subject=letter.previous_subject,
                    body=letter.previous_body,
                    started_at=when,
                    saved_at=when,
                )
            )
        if letter.status == "sent":
            cause, when = "sent", letter.sent_at
        else:
            cause = "edited" if letter.edited else "drafted"
        versions.append(
            LetterVersion(
                letter_id=letter.pk,
                cause=cause,
                subject=letter.subject,
                body=letter.body,
                started_at=when,
                saved_at=when,
            )
        )
        if len(versions) >= CHUNK:
            LetterVersion.objects.bulk_create(versions)
            versions = []
    LetterVersion.objects.bulk_create(versions)


def end_histories(apps, schema_editor):
    """Back to one previous text: the newest version whose text differs from the letter's."""
    Letter = apps.get_model("letters", "Letter")
    LetterVersion = apps.get_model("letters", "LetterVersion")
    for letter in Letter.objects.order_by("pk").iterator(chunk_size=CHUNK):
        previous = (
            LetterVersion.objects.filter(letter_id=letter.pk)
            .exclude(subject=letter.subject, body=letter.body)
            .order_by("-saved_at", "-id")
            .first()
        )
        if previous is not None:
            letter.previous_subject = previous.subject
            letter.previous_body = previous.body
            letter.save(update_fields=["previous_subject", "previous_body"])


class Migration(migrations.Migration):
    dependencies = [
        ("letters", "0006_letter_body_length_limit"),
    ]

    operations = [
        migrations.AddField(
            model_name="letter",
            name="first_finished_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="letter",
            name="revision",
            field=models.PositiveIntegerField(default=0),
        ),
        migrations.CreateModel(
            name="LetterVersion",
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
                    "cause",
                    models.CharField(
                        choices=[
                            ("drafted", "Drafted"),
                            ("edited", "Edited"),
                            ("regenerated", "Drafted again"),
                            ("restored", "Restored"),
                            ("sent", "Sent"),
                            ("earlier", "Earlier text"),
                        ],
                        max_length=20,
                    ),
                ),
                ("subject", models.CharField(max_length=200)),
                ("body", models.TextField()),
                ("started_at", models.DateTimeField()),
                ("saved_at", models.DateTimeField()),
                (
                    "letter",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="versions",
                        to="letters.letter",
                    ),
                ),
            ],
            options={
                "ordering": ["-saved_at", "-id"],
                "indexes": [
                    models.Index(
                        fields=["letter", "-saved_at", "-id"],
                        name="letter_version_recent",
                    ),
                    models.Index(fields=["saved_at"], name="letter_version_saved"),
                ],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(
                            (
                                "cause__in",
                                [
                                    "drafted",
                                    "edited",
                                    "regenerated",
                                    "restored",
                                    "sent",
                                    "earlier",
                                ],
                            )
                        ),
                        name="letter_version_cause_valid",
                    )
                ],
            },
        ),
        migrations.RunPython(start_histories, end_histories),
        migrations.RemoveField(model_name="letter", name="previous_body"),
        migrations.RemoveField(model_name="letter", name="previous_subject"),
    ]
