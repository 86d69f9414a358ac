"""Moving Reminder from letters to reminders keeps every row on an existing database."""

import datetime as dt

import pytest
from django.db import connection
from django.utils import timezone

from tests.migrations import migrated_to, migrated_to_newest

BEFORE_MOVE = [("letters", "0004_reminder_pending_due_id"), ("reminders", None)]


def _tables() -> set[str]:
    with connection.cursor() as cursor:
        return set(connection.introspection.table_names(cursor))


@pytest.mark.django_db(transaction=True)
def test_reminder_rows_survive_the_move_to_their_own_app():
    try:
        old_apps = migrated_to(BEFORE_MOVE)
        assert "letters_reminder" in _tables()
        assert "reminders_reminder" not in _tables()
        user = old_apps.get_model("accounts", "User").objects.create(
            email="kept@example.com", timezone="Europe/Berlin"
        )
        application = old_apps.get_model("applications", "Application").objects.create(
            owner=user, company="Fernway", role="Analyst"
        )
        ends_at = timezone.now() - dt.timedelta(hours=1)
        interview = old_apps.get_model("applications", "Interview").objects.create(
            owner=user, application=application, ends_at=ends_at, timezone="UTC"
        )
        OldReminder = old_apps.get_model("letters", "Reminder")
        sent = OldReminder.objects.create(
            owner=user,
            interview=interview,
            kind="first",
            due_at=ends_at,
            sent_at=ends_at,
            attempts=1,
        )
        pending = OldReminder.objects.create(
            owner=user, interview=interview, kind="evening", due_at=ends_at
        )
    finally:
        migrated_to_newest()

    from reminders.models import Reminder

    assert "letters_reminder" not in _tables()
    rows = {row.pk: row for row in Reminder.objects.all()}
    assert set(rows) == {sent.pk, pending.pk}
    assert rows[sent.pk].kind == "first"
    assert rows[sent.pk].sent_at == ends_at
    assert rows[sent.pk].attempts == 1
    assert list(Reminder.objects.pending()) == [rows[pending.pk]]
    # The id sequence kept counting: a new row does not collide with the moved ones.
    from applications.models import Interview

    later = Interview.objects.create(
        owner_id=user.pk, application_id=application.pk, ends_at=ends_at, timezone="UTC"
    )
    new = Reminder.objects.create(
        owner_id=user.pk, interview=later, kind="first", due_at=ends_at
    )
    assert new.pk > max(rows)


@pytest.mark.django_db(transaction=True)
def test_the_move_can_be_rolled_back_with_its_rows():
    from reminders.models import Reminder
    from tests.factories import InterviewFactory

    interview = InterviewFactory()
    row = Reminder.objects.create(
        owner=interview.owner,
        interview=interview,
        kind="first",
        due_at=interview.ends_at,
    )
    try:
        old_apps = migrated_to(BEFORE_MOVE)
        assert "reminders_reminder" not in _tables()
        OldReminder = old_apps.get_model("letters", "Reminder")
        assert list(OldReminder.objects.values_list("pk", "kind")) == [
            (row.pk, "first")
        ]
    finally:
        migrated_to_newest()
    assert Reminder.objects.get().pk == row.pk


@pytest.mark.django_db(transaction=True)
def test_reminders_of_interviews_already_in_the_trash_start_in_it():
    """reminders 0004: each reminder takes its interview's or application's Trash
    date, so none of a deleted interview is claimed after the upgrade."""
    deleted_at = timezone.now() - dt.timedelta(days=2)
    try:
        old_apps = migrated_to([("reminders", "0003_checkin_sent_index")])
        user = old_apps.get_model("accounts", "User").objects.create(
            email="trash@example.com", timezone="UTC"
        )
        Application = old_apps.get_model("applications", "Application")
        Interview = old_apps.get_model("applications", "Interview")
        Reminder = old_apps.get_model("reminders", "Reminder")
        ends_at = timezone.now() - dt.timedelta(hours=1)

        def reminder_of(application, **interview):
            round_ = Interview.objects.create(
                owner=user,
                application=application,
                ends_at=ends_at,
                timezone="UTC",
                **interview,
            )
            return Reminder.objects.create(
                owner=user, interview=round_, kind="first", due_at=ends_at
            ).pk

        live = Application.objects.create(owner=user, company="Live", role="Analyst")
        gone = Application.objects.create(
            owner=user, company="Gone", role="Analyst", trashed_at=deleted_at
        )
        kept = reminder_of(live)
        own_delete = reminder_of(live, trashed_at=deleted_at)
        with_application = reminder_of(gone)
    finally:
        migrated_to_newest()

    from reminders.models import Reminder

    trashed = dict(Reminder.objects.values_list("pk", "trashed_at"))
    assert trashed == {
        kept: None,
        own_delete: deleted_at,
        with_application: deleted_at,
    }
    assert list(Reminder.objects.claimable(timezone.now())) == [
        Reminder.objects.get(pk=kept)
    ]
