"""Time zone names found in invites that icalendar leaves as naive times.

icalendar resolves IANA names, VTIMEZONE blocks and Windows zone ids ("Romance Standard
Time", from its CLDR table). Outlook also writes the zone's display name, e.g.
"(UTC+01:00) Amsterdam, Berlin, Bern, Rome, Stockholm, Vienna", often without a
VTIMEZONE; icalendar then returns a naive time, which read as local shifts it by hours.
Here such a name is read by its places, checked against the offset it states.
"""

import datetime as dt
import functools
import re
import zoneinfo

DISPLAY_NAME = re.compile(
    r"^\(\s*(?:UTC|GMT)\s*(?:(?P<sign>[+-])\s*(?P<hours>\d{1,2}):?(?P<minutes>\d{2})?)?"
    r"\s*\)\s*(?P<places>.*)$",
    re.IGNORECASE,
)

# Display names that name a region, and places Windows lists that are not tz database
# city names; each given as the zone Windows maps them to.
PLACES = {
    "coordinated universal time": "UTC",
    "eastern time (us & canada)": "America/New_York",
    "central time (us & canada)": "America/Chicago",
    "mountain time (us & canada)": "America/Denver",
    "pacific time (us & canada)": "America/Los_Angeles",
    "atlantic time (canada)": "America/Halifax",
    "alaska": "America/Anchorage",
    "hawaii": "Pacific/Honolulu",
    "arizona": "America/Phoenix",
    "indiana (east)": "America/Indiana/Indianapolis",
    "saskatchewan": "America/Regina",
    "newfoundland": "America/St_Johns",
    "brasilia": "America/Sao_Paulo",
    "beijing": "Asia/Shanghai",
    "new delhi": "Asia/Kolkata",
    "mumbai": "Asia/Kolkata",
    "seoul": "Asia/Seoul",
    "canberra": "Australia/Sydney",
    "kyiv": "Europe/Kyiv",
    "edinburgh": "Europe/London",
    "bern": "Europe/Zurich",
    "washington dc": "America/New_York",
}

# Fixed dates to read a zone's two offsets (summer in either hemisphere).
_JANUARY = dt.datetime(2025, 1, 15, 12, tzinfo=dt.UTC)
_JULY = dt.datetime(2025, 7, 15, 12, tzinfo=dt.UTC)


@functools.cache
def _zones_by_place() -> dict[str, str]:
    """'amsterdam' -> 'Europe/Amsterdam', from the tz database's own names."""
    found: dict[str, str] = {}
    for name in sorted(zoneinfo.available_timezones()):
        if "/" not in name or name.startswith(("Etc/", "SystemV/", "US/")):
            continue
        place = name.rsplit("/", 1)[1].replace("_", " ").casefold()
        found.setdefault(place, name)
    return found


def _standard_offset(zone: zoneinfo.ZoneInfo) -> dt.timedelta:
    """The offset outside daylight saving time: the smaller of winter's and summer's."""
    return min(
        _JANUARY.astimezone(zone).utcoffset(), _JULY.astimezone(zone).utcoffset()
    )


def zone_for_display_name(name: str) -> zoneinfo.ZoneInfo | None:
    """The IANA zone of a Windows display name, or None when the name is not one.

    Each place listed is tried in turn; a zone counts only when its standard offset is
    the one the name states, so a city shared by two regions cannot pick the wrong one.
    """
    match = DISPLAY_NAME.match(name.strip().strip('"'))
    if match is None:
        return None
    offset = dt.timedelta(
        hours=int(match["hours"] or 0), minutes=int(match["minutes"] or 0)
    )
    if match["sign"] == "-":
        offset = -offset
    places_text = match["places"].strip().casefold()
    candidates = [places_text] + [p.strip() for p in places_text.split(",")]
    for place in candidates:
        key = PLACES.get(place) or _zones_by_place().get(place)
        if key is None:
            continue
        zone = zoneinfo.ZoneInfo(key)
        if _standard_offset(zone) == offset:
            return zone
    return None


def fixed_offset_for_display_name(name: str) -> dt.timezone | None:
    """The offset a display name states, for when none of its places is known."""
    match = DISPLAY_NAME.match(name.strip().strip('"'))
    if match is None:
        return None
    offset = dt.timedelta(
        hours=int(match["hours"] or 0), minutes=int(match["minutes"] or 0)
    )
    return dt.timezone(-offset if match["sign"] == "-" else offset)
