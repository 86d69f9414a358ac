"""Shared by the follow-through tests: a clock before the fixture invites' dates, and a
way to submit a rendered form as a browser would."""

import datetime as dt
import zoneinfo
from pathlib import Path

import pytest
import time_machine
from django import forms

BERLIN = zoneinfo.ZoneInfo("Europe/Berlin")
INVITES = Path(__file__).parent / "invites"
# The fixture invites are for the first half of December 2026.
NOW = dt.datetime(2026, 11, 30, 10, 0, tzinfo=BERLIN)


@pytest.fixture
def frozen_time():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


def _browser_value(bound):
    """What a browser sends for a field as rendered: None when it sends nothing."""
    field = bound.field
    value = bound.value()
    if isinstance(field.widget, forms.CheckboxInput):
        return "on" if value else None
    if isinstance(field, forms.ModelMultipleChoiceField):
        return [str(v) for v in value or []]
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%dT%H:%M")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def post_data(form, formset=None, **changes) -> dict:
    """The submission of a rendered form (and formset) untouched, plus ``changes``."""
    data = {}
    forms_to_send = [form]
    if formset is not None:
        management = formset.management_form
        for name in management.fields:
            data[management.add_prefix(name)] = str(management[name].value())
        forms_to_send += list(formset.forms)
    for each in forms_to_send:
        for bound in each:
            value = _browser_value(bound)
            if value is not None:
                data[bound.html_name] = value
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}
