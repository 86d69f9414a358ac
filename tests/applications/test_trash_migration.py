"""The migration that adds the Trash keeps every row, and none of them lands in it."""

import datetime as dt

import pytest

from tests.migrations import migrated_to, migrated_to_newest

BEFORE = [
    ("applications", "0006_application_decision_index"),
    ("letters", "0007_letter_history_and_revision"),
    ("accounts", "0004_user_paper_size_date_style"),
]
AFTER = [
    ("applications", "0007_trash_for_applications_and_interviews"),
    ("letters", "0007_letter_history_and_revision"),
]
WHEN = dt.datetime(2026, 11, 20, 9, 0, tzinfo=dt.UTC)


def _everything(apps) -> dict:
    tables = {
        "applications": ("applications", "Application"),
        "interviews": ("applications", "Interview"),
        "interviewers": ("applications", "Interviewer"),
        "letters": ("letters", "Letter"),
        "versions": ("letters", "LetterVersion"),
    }
    return {
        key: sorted(
            (
                {k: v for k, v in row.items() if k != "trashed_at"}
                for row in apps.get_model(*model).objects.values()
            ),
            key=lambda row: row["id"],
        )
        for key, model in tables.items()
    }


@pytest.mark.django_db(transaction=True)
def test_every_row_is_kept_and_stays_out_of_the_trash():
    old = migrated_to(BEFORE)
    try:
        user = old.get_model("accounts", "User").objects.create(
            email="alice@example.com"
        )
        application = old.get_model("applications", "Application").objects.create(
            owner=user, company="Northwind", role="Data Engineer"
        )
        interview = old.get_model("applications", "Interview").objects.create(
            owner=user, application=application, ends_at=WHEN
        )
        person = old.get_model("applications", "Interviewer").objects.create(
            owner=user, application=application, name="Ana Rivera"
        )
        letter = old.get_model("letters", "Letter").objects.create(
            owner=user,
            interview=interview,
            interviewer=person,
            kind="first",
            subject="Sent",
            body="The text that went out",
            status="sent",
            finished_at=WHEN,
            sent_at=WHEN,
            first_finished_at=WHEN,
        )
        old.get_model("letters", "LetterVersion").objects.create(
            letter=letter,
            cause="sent",
            subject="Sent",
            body="The text that went out",
            started_at=WHEN,
            saved_at=WHEN,
        )
        before = _everything(old)

        new = migrated_to(AFTER)

        assert _everything(new) == before
        for model in ("Application", "Interview"):
            rows = new.get_model("applications", model).objects
            assert list(rows.values_list("trashed_at", flat=True)) == [None]
    finally:
        migrated_to_newest()
