"""Download all my data, re-create it in a new account, and delete an account for good."""

import datetime as dt
import json

import pytest
from django.apps import apps
from django.contrib.auth import get_user
from django.db import models
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from applications.models import Application, Interview, Interviewer, Participation
from followup.models import InterviewInvite
from letters.models import Letter, LetterVersion
from letters.status import letter_update_text
from overview.account_data import EXPORTED_FIELDS, MACHINERY_FIELDS, account_export
from overview.account_data import TABLES as TABLES_EXPORTED
from reminders.models import Reminder
from tests.factories import (
    ApplicationFactory,
    InterviewerFactory,
    InterviewFactory,
    LetterFactory,
    ParticipationFactory,
    ReminderFactory,
)

PASSWORD = "correct horse battery"
NOTES = {
    "specific_detail",
    "topics",
    "learned",
    "challenge",
    "how_to_meet_challenge",
    "open_question",
    "materials",
    "link_to_share",
}
TABLES = [
    Application,
    Interview,
    Interviewer,
    Participation,
    Letter,
    LetterVersion,
    Reminder,
]
# How each table reaches its owner.
OWNER_PATH = {Participation: "interview__owner", LetterVersion: "letter__owner"}


def make_history(user, *, applications=1):
    """Per application: two rounds, two people, notes, letters (one to the team), reminders."""
    for number in range(applications):
        application = ApplicationFactory(
            owner=user,
            company=f"Acme {number} «Ünïcode» & Co",
            role="Data engineer",
            applied_on=dt.date(2026, 11, 1),
            notes="Referred by Sam",
        )
        ana, ben = (
            InterviewerFactory(application=application, name=name)
            for name in ("Ana Rivera", "Ben Okafor")
        )
        first = InterviewFactory(
            application=application,
            stage="first",
            starts_at=timezone.now() - dt.timedelta(days=3, hours=1),
            ends_at=timezone.now() - dt.timedelta(days=3),
        )
        second = InterviewFactory(application=application, stage="second")
        ParticipationFactory(interview=first, interviewer=ana, topics="pipelines")
        ParticipationFactory(
            interview=second, interviewer=ana, greeting="first_name", position=0
        )
        ParticipationFactory(interview=second, interviewer=ben, position=1)
        LetterFactory(
            interview=first, interviewer=ana, status="sent", sent_at=timezone.now()
        )
        edited = LetterFactory(interview=second, interviewer=ana, kind="second")
        letter_update_text(letter=edited, subject="Mine", body="My own words")
        LetterFactory(interview=second, interviewer=None, kind="second", subject="Team")
        ReminderFactory(interview=second, kind="first")
        ReminderFactory(
            interview=first,
            kind="evening",
            due_at=timezone.now() - dt.timedelta(days=3),
            sent_at=timezone.now() - dt.timedelta(days=3),
            attempts=1,
        )


def test_export_holds_profile_and_every_table(alice):
    alice.signature = "Alice\nDesigner"
    alice.save()
    make_history(alice)

    data = account_export(user=alice)

    assert data["format"] == "jobtrack-account"
    assert data["profile"]["email"] == "alice@example.com"
    assert data["profile"]["signature"] == "Alice\nDesigner"
    assert data["profile"]["quiet_hours_start"] == 21
    assert "password" not in json.dumps(data["profile"])
    assert [
        len(data[key]) for key in ("applications", "interviews", "interviewers")
    ] == [1, 2, 2]
    assert [len(data[key]) for key in ("participations", "letters", "reminders")] == [
        3,
        3,
        2,
    ]
    application = data["applications"][0]
    assert application["company"] == "Acme 0 «Ünïcode» & Co"
    assert application["applied_on"] == "2026-11-01"
    interview = data["interviews"][0]
    assert interview["application"] == application["id"]
    assert interview["stage"] == "first"
    participation = data["participations"][0]
    assert participation["topics"] == "pipelines"
    assert participation["specific_detail"].startswith("the migration")
    assert {p["interviewer"] for p in data["participations"]} == {
        i["id"] for i in data["interviewers"]
    }
    team_letter = [
        letter for letter in data["letters"] if letter["interviewer"] is None
    ]
    assert [letter["subject"] for letter in team_letter] == ["Team"]
    assert {"owner", "password"}.isdisjoint(
        key
        for table in ("applications", "letters", "reminders")
        for row in data[table]
        for key in row
    )


EXPECTED_KEYS = {
    "profile": {
        "email",
        "date_joined",
        "full_name",
        "timezone",
        "paper_size",
        "date_style",
        "signature",
        "phone",
        "links",
        "reminders_enabled",
        "first_reminder_delay_minutes",
        "evening_reminder_hour",
        "quiet_hours_start",
        "quiet_hours_end",
        "checkin_working_days",
        "ghost_after_days",
        "weekly_activity_target",
        "weekly_target_different_days",
    },
    "applications": {
        "id",
        "company",
        "role",
        "posting_url",
        "location",
        "status",
        "applied_on",
        "next_step",
        "decision_expected_on",
        "still_interested",
        "withdrawal_reason",
        "notes",
        "status_changed_at",
        "checkin_replied_at",
        "ghost_dismissed_at",
        "created_at",
        "updated_at",
        "trashed_at",
    },
    "interviewers": {
        "id",
        "application",
        "name",
        "title",
        "email",
        "is_coordinator",
        "created_at",
    },
    "interviews": {
        "id",
        "application",
        *NOTES,
        "stage",
        "format",
        "status",
        "starts_at",
        "ends_at",
        "timezone",
        "created_at",
        "updated_at",
        "trashed_at",
    },
    "participations": {
        "id",
        "interview",
        "interviewer",
        *NOTES,
        "greeting",
        "position",
    },
    "letters": {
        "id",
        "application",
        "interview",
        "interviewer",
        "kind",
        "subject",
        "body",
        "status",
        "edited",
        "created_at",
        "updated_at",
        "finished_at",
        "sent_at",
        "skipped_at",
    },
    "letter_versions": {
        "id",
        "letter",
        "cause",
        "subject",
        "body",
        "started_at",
        "saved_at",
    },
    "reminders": {
        "id",
        "interview",
        "kind",
        "due_at",
        "sent_at",
        "skipped_at",
        "skip_reason",
    },
    "interview_invites": {
        "id",
        "interview",
        "uid",
        "sequence",
        "summary",
        "join_url",
        "location",
        "imported_at",
    },
}


def test_download_holds_exactly_what_the_user_owns_and_no_machinery(alice, client):
    """The file a user downloads from the profile: their words and dates, not the
    reminder sweep's lease, retry count and error text, nor the editor's counters."""
    make_history(alice)
    Reminder.objects.update(
        claim_token="7f1c2a9e-0000-4000-8000-000000000001",
        claimed_until=timezone.now(),
        last_error="SMTP 451 at mx.internal:25",
    )
    InterviewInvite.objects.create(
        owner=alice,
        interview=Interview.objects.for_user(alice).first(),
        uid="invite@example.com",
    )
    client.force_login(alice)

    response = client.get(reverse("overview:data_export"))
    data = json.loads(response.content)

    assert set(data) == {"format", "version", "exported_at", *EXPECTED_KEYS}
    for table, keys in EXPECTED_KEYS.items():
        rows = [data[table]] if table == "profile" else data[table]
        assert rows, table
        for row in rows:
            assert set(row) == keys, table
    for secret in (
        "claim_token",
        "claimed_until",
        "7f1c2a9e",
        "mx.internal",
        "attempts",
    ):
        assert secret not in response.content.decode()


def test_every_column_is_either_exported_or_named_as_machinery():
    """A column added later must be placed on one side before the export runs."""
    for _key, model in TABLES_EXPORTED:
        columns = {
            field.name
            for field in model._meta.concrete_fields
            if not field.primary_key and not field.is_relation
        }
        exported = set(EXPORTED_FIELDS[model])
        machinery = set(MACHINERY_FIELDS.get(model, ()))
        assert not exported & machinery, model
        assert columns == exported | machinery, model


def test_export_leaves_out_other_users_data(alice, charlie):
    make_history(charlie)
    data = account_export(user=alice)
    for key in (
        "applications",
        "interviews",
        "interviewers",
        "participations",
        "letters",
        "reminders",
    ):
        assert data[key] == []


@pytest.mark.parametrize("applications", [1, 20])
def test_export_runs_one_query_per_table_whatever_the_size(
    alice, django_assert_num_queries, applications
):
    make_history(alice, applications=applications)
    # applications, interviewers, interviews, participations, letters, their versions,
    # reminders, interview invites
    with django_assert_num_queries(8):
        data = account_export(user=alice)
    assert len(data["letters"]) == 3 * applications


@pytest.mark.parametrize("applications", [1, 20])
def test_download_view_is_an_attachment_with_fixed_queries(
    alice, client, django_assert_num_queries, applications
):
    make_history(alice, applications=applications)
    client.force_login(alice)
    # session, user, then one per table
    with django_assert_num_queries(10):
        response = client.get(reverse("overview:data_export"))

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert response["Content-Disposition"].startswith(
        'attachment; filename="jobtrack-data-'
    )
    assert response["Content-Disposition"].endswith('.json"')
    assert response["Cache-Control"] == "no-store"
    data = json.loads(response.content)
    assert data["profile"]["email"] == alice.email
    assert len(data["applications"]) == applications


def row_counts() -> dict[str, int]:
    return {model._meta.label: model.objects.count() for model in apps.get_models()}


def test_every_reference_to_a_user_cascades():
    """Deleting an account removes everything only if no table protects or keeps its rows."""
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if field.is_relation and field.related_model is User:
                assert field.remote_field.on_delete is models.CASCADE, (
                    f"{model._meta.label}.{field.name}"
                )


def test_delete_page_asks_for_password_and_says_what_goes(alice_client, alice):
    make_history(alice)
    response = alice_client.get(reverse("overview:account_delete"))
    html = response.content.decode()
    assert response.status_code == 200
    assert 'type="password"' in html
    assert "1 application<" in html
    assert "2 interviews and 2 people you met" in html
    assert "3 letters and 2 reminders" in html


def test_delete_with_wrong_password_deletes_nothing(alice_client, alice):
    make_history(alice)
    before = row_counts()

    response = alice_client.post(
        reverse("overview:account_delete"), {"password": "nope"}
    )

    assert response.status_code == 200
    assert (
        "That is not your password. Nothing was deleted." in response.content.decode()
    )
    assert row_counts() == before
    assert get_user(alice_client) == alice


def test_delete_removes_every_row_of_the_user_and_no_one_elses(client, alice, charlie):
    make_history(alice, applications=2)
    make_history(charlie)
    client.force_login(alice)
    alice_rows = {
        model._meta.label: model.objects.filter(
            **{OWNER_PATH.get(model, "owner"): alice}
        ).count()
        for model in TABLES
    }
    alice_rows["accounts.User"] = 1
    before = row_counts()
    charlie_export = account_export(user=charlie)

    response = client.post(
        reverse("overview:account_delete"), {"password": PASSWORD}, follow=True
    )

    assert response.redirect_chain[-1][0] == reverse("accounts:login")
    assert "Your account and everything in it are deleted" in response.content.decode()
    assert not get_user(client).is_authenticated
    after = row_counts()
    assert all(count > 0 for count in alice_rows.values())
    expected = {
        label: count - alice_rows.get(label, 0)
        for label, count in before.items()
        if label != "sessions.Session"  # her session ends too
    }
    assert {k: v for k, v in after.items() if k != "sessions.Session"} == expected
    assert not User.objects.filter(email="alice@example.com").exists()
    exported_again = account_export(user=charlie)
    exported_again.pop("exported_at")
    charlie_export.pop("exported_at")
    assert exported_again == charlie_export
