"""Outlook's zone display names, which icalendar leaves as naive times."""

import datetime as dt

import pytest

from followup.timezones import fixed_offset_for_display_name, zone_for_display_name


@pytest.mark.parametrize(
    ("name", "zone"),
    [
        ("(UTC+01:00) Amsterdam, Berlin, Bern, Rome, Stockholm, Vienna", "Europe/"),
        ("(UTC+01:00) Brussels, Copenhagen, Madrid, Paris", "Europe/"),
        ("(UTC-05:00) Eastern Time (US & Canada)", "America/New_York"),
        ("(UTC-08:00) Pacific Time (US & Canada)", "America/Los_Angeles"),
        ("(UTC+05:30) Chennai, Kolkata, Mumbai, New Delhi", "Asia/Kolkata"),
        ("(UTC+10:00) Canberra, Melbourne, Sydney", "Australia/"),
        ("(UTC) Coordinated Universal Time", "UTC"),
        ("(UTC+00:00) Dublin, Edinburgh, Lisbon, London", "Europe/"),
        ("(UTC+08:00) Beijing, Chongqing, Hong Kong, Urumqi", "Asia/"),
        ("(UTC-03:00) Brasilia", "America/Sao_Paulo"),
        ('"(UTC+09:00) Osaka, Sapporo, Tokyo"', "Asia/Tokyo"),
    ],
)
def test_display_names_are_read_by_their_places(name, zone):
    assert str(zone_for_display_name(name)).startswith(zone)


def test_a_place_in_another_offset_is_not_taken():
    """Sydney is +10:00: a name stating +01:00 with it must not read as Sydney."""
    assert zone_for_display_name("(UTC+01:00) Sydney") is None


@pytest.mark.parametrize(
    "name", ["Romance Standard Time", "Europe/Berlin", "", "(UTC+01:00)"]
)
def test_other_names_are_not_display_names(name):
    assert zone_for_display_name(name) is None


def test_the_stated_offset_is_the_fallback():
    found = fixed_offset_for_display_name("(UTC-03:30) Somewhere Else")
    assert found.utcoffset(None) == -dt.timedelta(hours=3, minutes=30)
