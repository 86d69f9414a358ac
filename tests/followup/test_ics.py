"""jobtrack's own iCalendar writer, read back by icalendar and by vobject."""

import datetime as dt
import zoneinfo

import icalendar
import pytest
import vobject

from followup.ics import Event, calendar_bytes, fold

BERLIN = zoneinfo.ZoneInfo("Europe/Berlin")
STAMP = dt.datetime(2026, 11, 30, 9, 0, tzinfo=dt.UTC)
AWKWARD = (
    "Rôle; “Staff”, back\\slash\nsecond line\r\nthird\x00\x07 — مرحبا بالعالم 👩🏽‍💻 "
    + "long " * 60
)


def test_text_is_escaped_folded_and_read_back_the_same_by_two_parsers():
    event = Event(
        uid="interview-1@jobtrack",
        stamp=STAMP,
        start=dt.datetime(2026, 12, 3, 15, 0, tzinfo=BERLIN),
        end=dt.datetime(2026, 12, 3, 16, 0, tzinfo=BERLIN),
        zone="Europe/Berlin",
        summary=AWKWARD,
        description=AWKWARD,
        location="Friedrichstraße 100, Berlin",
        url="https://meet.google.com/xkd-qwer-tyu",
    )
    content = calendar_bytes(events=[event], prodid="-//test//EN", name="Mine")
    for line in content.split(b"\r\n"):
        assert len(line) <= 75
    expected = AWKWARD.replace("\r\n", "\n").replace("\x00", "").replace("\x07", "")

    parsed = icalendar.Calendar.from_ical(content).walk("VEVENT")[0]
    assert str(parsed["SUMMARY"]) == expected
    assert parsed.DTSTART == dt.datetime(2026, 12, 3, 15, 0, tzinfo=BERLIN)

    other = vobject.readOne(content.decode("utf-8")).vevent
    assert other.summary.value == expected
    assert other.description.value == expected
    assert other.location.value == "Friedrichstraße 100, Berlin"
    assert other.dtstart.value == dt.datetime(2026, 12, 3, 15, 0, tzinfo=BERLIN)


@pytest.mark.parametrize(
    "zone",
    ["Europe/Berlin", "America/New_York", "Australia/Sydney", "Asia/Kolkata"],
)
def test_the_vtimezone_alone_gives_every_season_its_offset(zone):
    """Renamed, the zone is unknown to both parsers: only the VTIMEZONE tells them."""
    tz = zoneinfo.ZoneInfo(zone)
    starts = [
        dt.datetime(year, month, 10, 9, 30, tzinfo=tz)
        for year in (2026, 2027, 2028)
        for month in (1, 4, 7, 10)
    ]
    events = [
        Event(
            uid=f"e{n}@x",
            stamp=STAMP,
            start=start,
            end=start + dt.timedelta(hours=1),
            zone=zone,
            summary="x",
        )
        for n, start in enumerate(starts)
    ]
    # vobject keeps zones by TZID across reads: one private name per zone.
    private = f"Private {zone.replace('/', ' ')}"
    content = calendar_bytes(events=events, prodid="p").replace(
        zone.encode(), private.encode()
    )
    offsets = [s.utcoffset() for s in starts]
    read = icalendar.Calendar.from_ical(content).walk("VEVENT")
    assert [e.DTSTART.utcoffset() for e in read] == offsets
    assert [e.DTSTART.strftime("%H:%M") for e in read] == ["09:30"] * len(starts)
    other = vobject.readOne(content.decode()).vevent_list
    assert [e.dtstart.value.utcoffset() for e in other] == offsets


def test_an_all_day_event_is_a_date():
    event = Event(
        uid="d@x",
        stamp=STAMP,
        start=dt.date(2026, 12, 4),
        end=dt.date(2026, 12, 5),
        summary="Decision expected: Initech",
        transparent=True,
    )
    content = calendar_bytes(events=[event], prodid="p")
    assert b"VTIMEZONE" not in content
    parsed = vobject.readOne(content.decode()).vevent
    assert parsed.dtstart.value == dt.date(2026, 12, 4)
    assert parsed.transp.value == "TRANSPARENT"


def test_folding_never_splits_a_character():
    line = "DESCRIPTION:" + "é" * 100
    folded = fold(line)
    assert folded.replace("\r\n ", "") == line
    assert all(len(part.encode()) <= 75 for part in folded.split("\r\n"))
