"""An account's data as plain JSON: download it, re-create it elsewhere, or delete it all.

The export is flat: one list per table, each row with its old ``id`` so rows can point
at each other (``application``, ``interview``, ``interviewer``). It holds what the user
wrote and what happened to it, never the machinery that runs it (a reminder's claim
lease and retry count, a letter's edit counter and draft variant): each table lists the
columns it exports, and tests/overview/test_account_data.py makes every new column choose a side.
"""

import datetime as dt
import decimal
import uuid
from typing import Any

from django.db import models, transaction
from django.utils import timezone

from accounts.models import User
from applications.models import (
    Application,
    ConversationNotes,
    Interview,
    Interviewer,
    Participation,
)
from followup.models import InterviewInvite
from letters.models import Letter, LetterVersion
from reminders.models import Reminder

EXPORT_FORMAT = "jobtrack-account"
EXPORT_VERSION = 1

PROFILE_FIELDS = User.PROFILE_FIELDS

# Export key and model, parents before children.
TABLES: tuple[tuple[str, type[models.Model]], ...] = (
    ("applications", Application),
    ("interviewers", Interviewer),
    ("interviews", Interview),
    ("participations", Participation),
    ("letters", Letter),
    ("letter_versions", LetterVersion),
    ("reminders", Reminder),
    ("interview_invites", InterviewInvite),
)
_KEY_FOR_MODEL = {model: key for key, model in TABLES}

_NOTES = ConversationNotes.NOTE_FIELDS
# The user's own columns per table, after ``id`` and the links to other rows.
EXPORTED_FIELDS: dict[type[models.Model], tuple[str, ...]] = {
    Application: (
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
    ),
    Interviewer: ("name", "title", "email", "is_coordinator", "created_at"),
    Interview: (
        *_NOTES,
        "stage",
        "format",
        "status",
        "starts_at",
        "ends_at",
        "timezone",
        "created_at",
        "updated_at",
        "trashed_at",
    ),
    Participation: (*_NOTES, "greeting", "position"),
    Letter: (
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
    ),
    LetterVersion: ("cause", "subject", "body", "started_at", "saved_at"),
    Reminder: ("kind", "due_at", "sent_at", "skipped_at", "skip_reason"),
    InterviewInvite: (
        "uid",
        "sequence",
        "summary",
        "join_url",
        "location",
        "imported_at",
    ),
}
# Columns that run the app rather than record the user's work; never exported.
MACHINERY_FIELDS: dict[type[models.Model], tuple[str, ...]] = {
    Letter: ("variant", "revision", "first_finished_at"),
    Reminder: (
        "claimed_until",
        "claim_token",
        "attempts",
        "failed_at",
        "last_error",
        "created_at",
        # A copy of its interview's, which the export carries.
        "trashed_at",
    ),
}


def _owned_rows(model: type[models.Model], user: User) -> models.QuerySet:
    if model is Participation:
        return Participation.objects.filter(interview__owner=user).order_by("id")
    if model is LetterVersion:
        return LetterVersion.objects.filter(letter__owner=user).order_by("id")
    # The Trash is the user's data too: exported with its trashed_at, imported as trash.
    return model.objects.with_trashed_for_user(user).order_by("id")


def _links(model: type[models.Model]) -> list[models.ForeignKey]:
    """Foreign keys to other exported rows (the owner is implied by the file)."""
    return [
        field
        for field in model._meta.concrete_fields
        if field.is_relation and field.related_model in _KEY_FOR_MODEL
    ]


def _to_json(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, uuid.UUID | decimal.Decimal):
        return str(value)
    return value


def _row(obj: models.Model) -> dict[str, Any]:
    row: dict[str, Any] = {"id": obj.pk}
    for field in _links(type(obj)):
        row[field.name] = getattr(obj, field.attname)
    for name in EXPORTED_FIELDS[type(obj)]:
        row[name] = _to_json(getattr(obj, name))
    return row


def account_export(*, user: User) -> dict[str, Any]:
    """Everything the user owns as JSON-ready data; one query per table, whatever the size."""
    data: dict[str, Any] = {
        "format": EXPORT_FORMAT,
        "version": EXPORT_VERSION,
        "exported_at": timezone.now().isoformat(),
        "profile": {
            "email": user.email,
            "date_joined": user.date_joined.isoformat(),
            **{name: getattr(user, name) for name in PROFILE_FIELDS},
        },
    }
    for key, model in TABLES:
        data[key] = [_row(obj) for obj in _owned_rows(model, user)]
    return data


def account_owned_counts(*, user: User) -> dict[str, int]:
    """Rows per table that belong to the user, named as in the export."""
    return {key: _owned_rows(model, user).count() for key, model in TABLES}


@transaction.atomic
def account_delete(*, user: User) -> None:
    """Delete the user; every row they own goes with them (all owner keys CASCADE)."""
    user.delete()
