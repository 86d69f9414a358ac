"""Dates show their year whenever it is not this one, on pages and in messages."""

import datetime as dt
import zoneinfo

import pytest
import time_machine
from django.template import Context, Template
from django.urls import reverse
from django.utils import timezone

from jobtrack.templatetags.dates import format_with_year
from tests.factories import ApplicationFactory, InterviewFactory

BERLIN = zoneinfo.ZoneInfo("Europe/Berlin")
NOW = dt.datetime(2026, 11, 30, 12, 0, tzinfo=BERLIN)


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.mark.parametrize(
    ("fmt", "expected"),
    [
        ("D j M", "D j M Y"),
        ("D j M, H:i", "D j M Y, H:i"),
        ("j M", "j M Y"),
        ("l j F, H:i", "l j F Y, H:i"),
        ("D j M Y, H:i", "D j M Y, H:i"),
        ("H:i", "H:i Y"),
    ],
)
def test_the_year_goes_after_the_month(fmt, expected):
    assert format_with_year(fmt) == expected


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (dt.date(2026, 6, 1), "Mon 1 Jun"),
        (dt.date(2099, 6, 1), "Mon 1 Jun 2099"),
        (dt.date(2025, 12, 31), "Wed 31 Dec 2025"),
        # 23:30 on New Year's Eve in UTC is already next year in Berlin.
        (dt.datetime(2026, 12, 31, 23, 30, tzinfo=dt.UTC), "Fri 1 Jan 2027"),
    ],
)
def test_dated_filter(value, shown):
    template = Template('{% load dates %}{{ when|dated:"D j M" }}')
    with timezone.override(BERLIN):
        assert template.render(Context({"when": value})) == shown


def test_the_dashboard_shows_the_year_of_an_interview_next_year(alice, alice_client):
    InterviewFactory(
        application__owner=alice,
        status="scheduled",
        starts_at=dt.datetime(2027, 1, 5, 9, 0, tzinfo=BERLIN),
        ends_at=dt.datetime(2027, 1, 5, 10, 0, tzinfo=BERLIN),
    )
    InterviewFactory(
        application__owner=alice,
        status="scheduled",
        starts_at=dt.datetime(2026, 12, 5, 9, 0, tzinfo=BERLIN),
        ends_at=dt.datetime(2026, 12, 5, 10, 0, tzinfo=BERLIN),
    )
    html = alice_client.get(reverse("overview:dashboard")).text
    assert "Tue 5 Jan 2027, 09:00" in html
    assert "Sat 5 Dec, 09:00" in html


def test_the_applications_list_shows_the_year_of_a_round_next_year(alice, alice_client):
    application = ApplicationFactory(owner=alice)
    InterviewFactory(
        application=application,
        status="scheduled",
        ends_at=dt.datetime(2027, 2, 1, 10, 0, tzinfo=BERLIN),
    )
    html = alice_client.get(reverse("overview:application_list")).text
    assert "next <time" in html
    assert "1 Feb 2027" in html


def test_a_remembered_date_is_written_in_each_zone_as_djangos_date_writes_it():
    page = Template("{% load dates %}{{ when|dated:'D j M Y, H:i' }}")
    reference = Template("{{ when|date:'D j M Y, H:i' }}")
    instant = dt.datetime(2026, 3, 10, 23, 30, tzinfo=dt.UTC)
    written = {}
    for zone in ("Europe/Berlin", "America/New_York", "Europe/Berlin"):
        with timezone.override(zoneinfo.ZoneInfo(zone)):
            context = Context({"when": instant})
            written[zone] = page.render(context)
            assert written[zone] == reference.render(context)
    assert written["Europe/Berlin"] == "Wed 11 Mar 2026, 00:30"
    assert written["America/New_York"] == "Tue 10 Mar 2026, 19:30"
