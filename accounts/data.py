"""An account's data as plain JSON: download it, re-create it elsewhere, or delete it all.

The export is flat: one list per table, each row with its old ``id`` so rows can point
at each other (``application``, ``interview``, ``interviewer``). Columns are read from
the models, so a field added later is exported and imported without touching this file.
"""

import datetime as dt
import decimal
import uuid
from typing import Any

from django.db import models, transaction
from django.utils import timezone

from applications.models import Application, Interview, Interviewer, Participation
from letters.models import Letter, LetterVersion
from reminders.models import Reminder

from .models import User

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
)
_KEY_FOR_MODEL = {model: key for key, model in TABLES}


def _owned_rows(model: type[models.Model], user: User) -> models.QuerySet:
    if model is Participation:
        return Participation.objects.filter(interview__owner=user).order_by("id")
    if model is LetterVersion:
        return LetterVersion.objects.filter(letter__owner=user).order_by("id")
    # The Trash is the user's data too: exported with its trashed_at, imported as trash.
    return model.objects.with_trashed_for_user(user).order_by("id")


def _data_fields(model: type[models.Model]) -> list[models.Field]:
    return [
        field
        for field in model._meta.concrete_fields
        if not field.primary_key and not field.is_relation
    ]


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
    for field in _data_fields(type(obj)):
        row[field.name] = _to_json(field.value_from_object(obj))
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
