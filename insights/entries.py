"""Changing the work-search record: added activities, and edits of automatic entries."""

from django.db import transaction

from .models import EDITABLE_FIELDS, Activity, ActivityKind, EntryEdit
from .record import RecordEntry, automatic_entry


def entry_initial(entry: RecordEntry) -> dict:
    """An entry's values as the edit form shows them."""
    values = {name: getattr(entry, name) for name in EDITABLE_FIELDS}
    values["result"] = entry.result_text()
    return values


def _source(kind: str, source) -> dict:
    return (
        {"application": source}
        if kind == ActivityKind.APPLICATION
        else {"interview": source}
    )


@transaction.atomic
def entry_edit_save(*, user, kind: str, source, values: dict) -> EntryEdit | None:
    """Keep what differs from the automatic entry; a field set back to it is unedited."""
    recorded = entry_initial(
        automatic_entry(user=user, kind=kind, pk=source.pk, edits=False)
    )
    edit, _ = EntryEdit.objects.select_for_update().get_or_create(
        owner=user, **_source(kind, source)
    )
    for name in EDITABLE_FIELDS:
        value = values[name]
        setattr(edit, name, None if value == recorded[name] else value)
    return _keep_or_delete(edit)


def entry_restore(*, user, kind: str, source) -> None:
    """Back to the automatic values; a hidden entry stays hidden."""
    edit = EntryEdit.objects.for_user(user).filter(**_source(kind, source)).first()
    if edit:
        for name in EDITABLE_FIELDS:
            setattr(edit, name, None)
        _keep_or_delete(edit)


@transaction.atomic
def entry_hidden_set(*, user, kind: str, source, hidden: bool) -> None:
    edit, _ = EntryEdit.objects.select_for_update().get_or_create(
        owner=user, **_source(kind, source)
    )
    edit.hidden = hidden
    _keep_or_delete(edit)


def _keep_or_delete(edit: EntryEdit) -> EntryEdit | None:
    if edit.changes_anything:
        edit.save()
        return edit
    if edit.pk:
        edit.delete()
    return None


def activity_hidden_set(*, activity: Activity, hidden: bool) -> None:
    activity.hidden = hidden
    activity.save(update_fields=["hidden", "updated_at"])
