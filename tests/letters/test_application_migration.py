"""The migration that gives every letter its application keeps every letter as it was,
and the database then holds the shapes a letter may take."""

import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from tests.migrations import migrated_to, migrated_to_newest

BEFORE_LETTERS = ("letters", "0007_letter_history_and_revision")
AFTER_LETTERS = ("letters", "0008_letter_to_application")
WHEN = dt.datetime(2026, 11, 20, 9, 0, tzinfo=dt.UTC)


def _migrate(letters_node):
    """Every app at its newest migration, letters at `letters_node`."""
    executor = MigrationExecutor(connection)
    return migrated_to(
        [node for node in executor.loader.graph.leaf_nodes() if node[0] != "letters"]
        + [letters_node]
    )


@pytest.mark.django_db(transaction=True)
def test_every_letter_keeps_its_text_and_takes_its_interviews_application():
    old = _migrate(BEFORE_LETTERS)
    try:
        user = old.get_model("accounts", "User").objects.create(
            email="alice@example.com"
        )
        Application = old.get_model("applications", "Application")
        Interview = old.get_model("applications", "Interview")
        northwind = Application.objects.create(
            owner=user, company="Northwind", role="Data Engineer"
        )
        fabrikam = Application.objects.create(
            owner=user, company="Fabrikam", role="Analyst"
        )
        rounds = [
            Interview.objects.create(owner=user, application=northwind, ends_at=WHEN),
            Interview.objects.create(owner=user, application=northwind, ends_at=WHEN),
            Interview.objects.create(owner=user, application=fabrikam, ends_at=WHEN),
        ]
        Letter = old.get_model("letters", "Letter")
        rows = [
            Letter.objects.create(
                owner=user, interview=rounds[0], kind="first", subject="A", body="a"
            ),
            Letter.objects.create(
                owner=user,
                interview=rounds[1],
                kind="withdrawal",
                subject="B",
                body="b",
                status="sent",
                sent_at=WHEN,
                finished_at=WHEN,
                edited=True,
            ),
            Letter.objects.create(
                owner=user, interview=rounds[2], kind="checkin", subject="C", body="c"
            ),
        ]

        new = _migrate(AFTER_LETTERS)

        Letter = new.get_model("letters", "Letter")
        kept = {
            letter.pk: letter
            for letter in Letter.objects.select_related("interview", "application")
        }
        assert sorted(kept) == sorted(row.pk for row in rows)
        for row in rows:
            letter = kept[row.pk]
            assert (letter.subject, letter.body, letter.status, letter.kind) == (
                row.subject,
                row.body,
                row.status,
                row.kind,
            )
            assert letter.interview_id == row.interview_id
            assert letter.application_id == letter.interview.application_id
    finally:
        migrated_to_newest()
