"""Every letter names its application; a withdrawal needs no interview.

Existing letters keep their interview and take its application. The database holds the
rule: a letter's interview, when it has one, is a round of the letter's application (a
composite foreign key on (interview_id, application_id), which PostgreSQL checks only
when interview_id is set). SQLite (`make run`) cannot add one to a table; drafting, the
only writer, sets both from the same interview.
"""

import django.db.models.deletion
from django.db import migrations, models
from django.db.models import OuterRef, Q, Subquery


def letters_take_their_interviews_application(apps, schema_editor):
    Letter = apps.get_model("letters", "Letter")
    Interview = apps.get_model("applications", "Interview")
    Letter.objects.filter(application__isnull=True).update(
        application_id=Subquery(
            Interview.objects.filter(pk=OuterRef("interview_id")).values(
                "application_id"
            )[:1]
        )
    )


ROUND_OF_APPLICATION = """
ALTER TABLE applications_interview
    ADD CONSTRAINT interview_id_application UNIQUE (id, application_id);
ALTER TABLE letters_letter
    ADD CONSTRAINT letter_interview_of_application
    FOREIGN KEY (interview_id, application_id)
    REFERENCES applications_interview (id, application_id)
    ON DELETE CASCADE;
"""
ROUND_OF_APPLICATION_REVERSE = """
ALTER TABLE letters_letter DROP CONSTRAINT letter_interview_of_application;
ALTER TABLE applications_interview DROP CONSTRAINT interview_id_application;
"""


def _on_postgresql(sql: str):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("applications", "0006_application_decision_index"),
        ("letters", "0007_letter_history_and_revision"),
    ]

    operations = [
        migrations.AddField(
            model_name="letter",
            name="application",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="letters",
                to="applications.application",
            ),
        ),
        migrations.RunPython(
            letters_take_their_interviews_application, migrations.RunPython.noop
        ),
        migrations.AlterField(
            model_name="letter",
            name="application",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="letters",
                to="applications.application",
            ),
        ),
        migrations.AlterField(
            model_name="letter",
            name="interview",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="letters",
                to="applications.interview",
            ),
        ),
        migrations.AddConstraint(
            model_name="letter",
            constraint=models.CheckConstraint(
                condition=Q(interview__isnull=False) | Q(kind="withdrawal"),
                name="letter_round_or_withdrawal",
            ),
        ),
        migrations.AddConstraint(
            model_name="letter",
            constraint=models.UniqueConstraint(
                condition=Q(interview__isnull=True),
                fields=("application",),
                name="letter_one_per_application",
            ),
        ),
        migrations.RunPython(
            _on_postgresql(ROUND_OF_APPLICATION),
            _on_postgresql(ROUND_OF_APPLICATION_REVERSE),
        ),
    ]
