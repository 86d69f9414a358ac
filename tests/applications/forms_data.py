"""Building POST data for the log-an-interview form the way a browser sends it."""

import datetime as dt
import zoneinfo

from django.urls import reverse

from applications.models import ConversationNotes

BERLIN = zoneinfo.ZoneInfo("Europe/Berlin")
# The log-form tests stand still here: log_data's default end is an hour before.
NOW = dt.datetime(2026, 3, 10, 16, 0, tzinfo=BERLIN)
LOG_URL = reverse("applications:interview_log")
PEOPLE = "people"


def person_fields(index: int, **values) -> dict:
    row = {
        "name": "",
        "title": "",
        "email": "",
        "greeting": "formal",
        **dict.fromkeys(ConversationNotes.NOTE_FIELDS, ""),
    }
    row.update(values)
    data = {f"{PEOPLE}-{index}-{key}": value for key, value in row.items()}
    if row.get("is_coordinator"):
        data[f"{PEOPLE}-{index}-is_coordinator"] = "on"
    else:
        data.pop(f"{PEOPLE}-{index}-is_coordinator", None)
    if row.get("DELETE"):
        data[f"{PEOPLE}-{index}-DELETE"] = "on"
    else:
        data.pop(f"{PEOPLE}-{index}-DELETE", None)
    return data


def log_data(*, people=(), total=None, initial=0, **fields) -> dict:
    """A complete submission: interview fields, then one formset row per person dict."""
    data = {
        "application": "",
        "new_company": "",
        "new_role": "",
        "status": "done",
        "stage": "first",
        "format": "video",
        "ends_at": "2026-03-10T15:00",
        "starts_at": "",
        "still_interested": "yes",
        **dict.fromkeys(ConversationNotes.NOTE_FIELDS, ""),
    }
    data.update({k: v for k, v in fields.items() if k != "returning"})
    rows = list(people)
    count = total if total is not None else max(len(rows), 2)
    for index in range(count):
        values = rows[index] if index < len(rows) else {}
        data.update(person_fields(index, **values))
    data.update(
        {
            f"{PEOPLE}-TOTAL_FORMS": str(count),
            f"{PEOPLE}-INITIAL_FORMS": str(initial),
            f"{PEOPLE}-MIN_NUM_FORMS": "0",
            f"{PEOPLE}-MAX_NUM_FORMS": "20",
        }
    )
    if "returning" in fields:
        data["returning"] = [str(pk) for pk in fields["returning"]]
    return data
