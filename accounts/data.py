"""An account's data as plain JSON: download it, re-create it elsewhere, or delete it all.

The export is flat: one list per table, each row with its old ``id`` so rows can point
at each other (``application``, ``interview``, ``interviewer``). Columns are read from
the models, so a field added later is exported and imported without touching this file.
"""

import datetime as dt
import decimal
import uuid
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.utils import timezone

from applications.models import Application, Interview, Interviewer, Participation
from followup.models import InterviewInvite
from letters.models import Letter, Reminder

from .models import User

EXPORT_FORMAT = "jobtrack-account"
EXPORT_VERSION = 1

PROFILE_FIELDS = User.PROFILE_FIELDS

# Export key and model, parents before children: import creates them in this order.
TABLES: tuple[tuple[str, type[models.Model]], ...] = (
    ("applications", Application),
    ("interviewers", Interviewer),
    ("interviews", Interview),
    ("participations", Participation),
    ("letters", Letter),
    ("reminders", Reminder),
    ("interview_invites", InterviewInvite),
)
_KEY_FOR_MODEL = {model: key for key, model in TABLES}


class AccountImportError(ValueError):
    """The file is not a jobtrack export this version can read, or the account is in use."""


def _owned_rows(model: type[models.Model], user: User) -> models.QuerySet:
    if model is Participation:
        return Participation.objects.filter(interview__owner=user).order_by("id")
    return model.objects.for_user(user).order_by("id")


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


def _build(
    model: type[models.Model],
    row: dict[str, Any],
    *,
    user: User,
    new_ids: dict[type[models.Model], dict[int, int]],
) -> models.Model:
    obj = model()
    if any(f.name == "owner" for f in model._meta.concrete_fields):
        obj.owner = user
    for field in _links(model):
        old_id = row.get(field.name)
        if old_id is None:
            if not field.null:
                raise AccountImportError(
                    f"A row of {model.__name__} has no {field.name}."
                )
            continue
        try:
            setattr(obj, field.attname, new_ids[field.related_model][old_id])
        except (KeyError, TypeError):
            raise AccountImportError(
                f"A row of {model.__name__} points at a missing {field.name}."
            ) from None
    for field in _data_fields(model):
        if field.name in row:
            value = row[field.name]
            setattr(
                obj, field.attname, None if value is None else field.to_python(value)
            )
    # Names, choices and lengths; the database checks the cross-row rules.
    obj.clean_fields(exclude=[field.name for field in _links(model)] + ["owner"])
    return obj


@transaction.atomic
def account_import(*, user: User, data: dict[str, Any]) -> dict[str, int]:
    """Re-create an export in a fresh account, all or nothing; returns rows made per table."""
    if (
        not isinstance(data, dict)
        or data.get("format") != EXPORT_FORMAT
        or data.get("version") != EXPORT_VERSION
    ):
        raise AccountImportError(
            "This is not a jobtrack data file this version can read."
        )
    if Application.objects.for_user(user).exists():
        raise AccountImportError(
            "Import into a fresh account with no applications yet."
        )

    try:
        profile = data.get("profile") or {}
        for name in PROFILE_FIELDS:
            if name in profile:
                setattr(user, name, profile[name])
        user.full_clean(exclude=["password"])
        user.save(update_fields=list(PROFILE_FIELDS))

        new_ids: dict[type[models.Model], dict[int, int]] = {}
        created: dict[str, int] = {}
        for key, model in TABLES:
            rows = data.get(key) or []
            if not all(isinstance(row, dict) and "id" in row for row in rows):
                raise AccountImportError(f"Every row of {key} needs an id.")
            objs = [_build(model, row, user=user, new_ids=new_ids) for row in rows]
            model.objects.bulk_create(objs)
            _restore_timestamps(model, objs, rows)
            new_ids[model] = {
                row["id"]: obj.pk for row, obj in zip(rows, objs, strict=True)
            }
            created[key] = len(objs)
    except ValidationError as error:
        raise AccountImportError(
            f"The file has a value jobtrack cannot use: {error}"
        ) from error
    except IntegrityError as error:
        raise AccountImportError(
            f"The file breaks a rule of jobtrack's data: {error}"
        ) from error
    return created


def _restore_timestamps(
    model: type[models.Model], objs: list[models.Model], rows: list[dict[str, Any]]
) -> None:
    """bulk_create stamps auto_now fields with "now"; put the exported times back."""
    stamped = [
        field
        for field in _data_fields(model)
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False)
    ]
    restore = [field for field in stamped if all(field.name in row for row in rows)]
    if not objs or not restore:
        return
    for obj, row in zip(objs, rows, strict=True):
        for field in restore:
            setattr(obj, field.attname, field.to_python(row[field.name]))
    model.objects.bulk_update(objs, [field.name for field in restore])


def account_owned_counts(*, user: User) -> dict[str, int]:
    """Rows per table that belong to the user, named as in the export."""
    return {key: _owned_rows(model, user).count() for key, model in TABLES}


@transaction.atomic
def account_delete(*, user: User) -> None:
    """Delete the user; every row they own goes with them (all owner keys CASCADE)."""
    user.delete()
