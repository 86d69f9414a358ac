"""The Reminder model now lives in the reminders app; its table and rows stay untouched here.

State only: reminders.0001_initial adopts the existing table and renames it.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("letters", "0004_reminder_pending_due_id"),
        ("reminders", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="Reminder")],
        ),
    ]
