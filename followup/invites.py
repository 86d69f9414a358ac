"""Reading a calendar invite: the one interview it describes, or a message saying why not.

Pure: bytes in, a ParsedInvite or an InviteError out; nothing here reads the database.
The rules, in order:

1. The input is an .ics file, an email (.eml) with a text/calendar or .ics part, or the
   pasted text of either; over 1 MB, not a calendar, or unreadable is an InviteError.
2. A cancellation (METHOD:CANCEL or STATUS:CANCELLED) or a series (RRULE/RDATE) is
   refused with its own message; one occurrence of a series (RECURRENCE-ID) is fine.
3. Times: a TZID icalendar knows (IANA, VTIMEZONE, Windows id) as it reads it; Outlook's
   display names through followup.timezones; UTC as UTC; floating times in the
   calendar's X-WR-TIMEZONE, else the user's zone. An unknown TZID falls back to the
   stated offset or the user's zone, with a note asking to check the time.
4. People: every ATTENDEE but the user, rooms and resources, declined and
   non-participant copies; the organiser's own ATTENDEE line counts once.
5. The join link: X-GOOGLE-CONFERENCE, X-MICROSOFT-SKYPETEAMSMEETINGURL, a URL in
   LOCATION, then a meeting link in DESCRIPTION.
"""

import datetime as dt
import email
import email.policy
import re
import zoneinfo
from dataclasses import dataclass, field

import icalendar

from .timezones import fixed_offset_for_display_name, zone_for_display_name

MAX_BYTES = 1_000_000
MAX_URL_LENGTH = 500
# An invite without an end or duration is taken to last this long.
DEFAULT_LENGTH = dt.timedelta(hours=1)

CALENDAR_TYPES = ("text/calendar", "application/ics")
LEFT_OUT_CUTYPES = ("ROOM", "RESOURCE")
LEFT_OUT_PARTSTATS = ("DECLINED",)
LEFT_OUT_ROLES = ("NON-PARTICIPANT",)
# Calendar systems' own addresses, never a person: rooms, group calendars, robots.
ROBOT_ADDRESS = re.compile(
    r"(^(no-?reply|do-?not-?reply|calendar-notification)@)"
    r"|(@(resource|group)\.calendar\.google\.com$)",
    re.IGNORECASE,
)
URL_PATTERN = re.compile(r"https?://[^\s<>\"'()\[\]{}|\\^`]+", re.IGNORECASE)
# Hosts of video meetings: a description's other links (help pages, the company site)
# are not the way in.
MEETING_HOSTS = (
    "zoom.us",
    "zoomgov.com",
    "meet.google.com",
    "teams.microsoft.com",
    "teams.live.com",
    "webex.com",
    "whereby.com",
    "meet.jit.si",
    "chime.aws",
    "bluejeans.com",
    "gotomeeting.com",
    "meet.goto.com",
)


class InviteError(Exception):
    """What to tell the person who gave the file; ``uid`` names the event when known."""

    def __init__(self, message: str, *, uid: str = ""):
        super().__init__(message)
        self.message = message
        self.uid = uid


@dataclass(frozen=True)
class Person:
    name: str
    email: str


@dataclass
class ParsedInvite:
    uid: str
    sequence: int
    summary: str
    description: str
    location: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    organizer: Person | None
    people: list[Person]
    join_url: str
    notes: list[str] = field(default_factory=list)

    @property
    def domains(self) -> list[str]:
        """Email domains of the organiser and the people, organiser first."""
        found = [self.organizer] if self.organizer else []
        found += self.people
        return [p.email.rsplit("@", 1)[1] for p in found if "@" in p.email]


def invite_parse(
    *, data: bytes, user_email: str, zone: zoneinfo.ZoneInfo
) -> ParsedInvite:
    """The interview an invite describes, with times in aware datetimes."""
    if len(data) > MAX_BYTES:
        raise InviteError(
            "This file is over 1 MB; an invite is a few kilobytes. Export the single "
            "event (or forward the invite email) and try again."
        )
    calendar = _calendar(_calendar_text(data))
    event = _single_event(calendar)
    uid = str(event.get("UID", "")).strip()[:255]
    # 2. Cancellations and series.
    method = str(calendar.get("METHOD", "")).upper()
    if method == "CANCEL" or str(event.get("STATUS", "")).upper() == "CANCELLED":
        raise InviteError(
            "This invite cancels the event: there is no interview to add.", uid=uid
        )
    if ("RRULE" in event or "RDATE" in event) and "RECURRENCE-ID" not in event:
        raise InviteError(
            "This is a repeating event, not a single interview. Import the invite for "
            "the one interview, or log it by hand.",
            uid=uid,
        )
    # 3. Times.
    notes: list[str] = []
    calendar_zone = _zone_named(str(calendar.get("X-WR-TIMEZONE", "")))
    starts_at = _aware(event, "DTSTART", calendar_zone, zone, notes)
    ends_at = None
    if "DTEND" in event:
        ends_at = _aware(event, "DTEND", calendar_zone, zone, notes)
    elif "DURATION" in event:
        ends_at = starts_at + _duration(event)
    if ends_at is None or ends_at <= starts_at:
        ends_at = starts_at + DEFAULT_LENGTH
        notes.append("The invite gives no end time: one hour is assumed.")
    # 4. People.
    user_email = user_email.casefold()
    organizer = _person(event.get("ORGANIZER"))
    people: list[Person] = []
    seen = {user_email}
    for attendee in _as_list(event.get("ATTENDEE")):
        params = getattr(attendee, "params", {})
        if (
            str(params.get("CUTYPE", "")).upper() in LEFT_OUT_CUTYPES
            or str(params.get("PARTSTAT", "")).upper() in LEFT_OUT_PARTSTATS
            or str(params.get("ROLE", "")).upper() in LEFT_OUT_ROLES
        ):
            continue
        person = _person(attendee)
        if person is None:
            continue
        key = person.email.casefold() or person.name.casefold()
        if key in seen or ROBOT_ADDRESS.search(person.email):
            continue
        seen.add(key)
        people.append(person)
    if organizer is not None and (
        organizer.email.casefold() == user_email
        or ROBOT_ADDRESS.search(organizer.email)
    ):
        organizer = None
    description = _text(event.get("DESCRIPTION"))
    location = _text(event.get("LOCATION"))
    return ParsedInvite(
        uid=uid,
        sequence=_sequence(event),
        summary=" ".join(_text(event.get("SUMMARY")).split())[:300],
        description=description,
        location=" ".join(location.split())[:300],
        starts_at=starts_at,
        ends_at=ends_at,
        organizer=organizer,
        people=people,
        join_url=_join_url(event, location=location, description=description),
        notes=notes,
    )


# 1. Finding the calendar ---------------------------------------------------------------


def _calendar_text(data: bytes) -> str:
    text = _decode(data)
    stripped = text.lstrip()
    if stripped[:15].upper().startswith("BEGIN:VCALENDAR"):
        return stripped
    if _looks_like_email(stripped):
        found = _calendar_in_email(data)
        if found is not None:
            return found
        raise InviteError(
            "This email holds no calendar invite. Open the invite in your mail app and "
            "save its .ics attachment, or forward the original invite email."
        )
    raise InviteError(
        "This is not a calendar invite. Upload the .ics file (or the invite email as "
        ".eml), or paste the text that starts with BEGIN:VCALENDAR."
    )


def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def _looks_like_email(text: str) -> bool:
    head = text[:4000].casefold()
    return bool(
        re.search(r"^(content-type|mime-version|from|subject|received):", head, re.M)
    )


def _calendar_in_email(data: bytes) -> str | None:
    message = email.message_from_bytes(data.lstrip(), policy=email.policy.default)
    for part in message.walk():
        if part.is_multipart():
            continue
        filename = (part.get_filename() or "").casefold()
        if part.get_content_type() in CALENDAR_TYPES or filename.endswith(".ics"):
            payload = part.get_payload(decode=True) or b""
            text = _decode(payload).lstrip()
            if text[:15].upper().startswith("BEGIN:VCALENDAR"):
                return text
    return None


def _calendar(text: str) -> icalendar.Calendar:
    try:
        calendar = icalendar.Calendar.from_ical(text)
    except (ValueError, IndexError, KeyError, TypeError) as error:
        raise InviteError(
            "This invite could not be read: the file is damaged or incomplete. Save "
            "the invite again from your calendar and upload that file."
        ) from error
    if not isinstance(calendar, icalendar.Calendar):
        raise InviteError("This file holds no calendar.")
    return calendar


def _single_event(calendar: icalendar.Calendar) -> icalendar.Event:
    events = calendar.walk("VEVENT")
    if not events:
        raise InviteError("This calendar holds no event to import.")
    uids = {str(e.get("UID", "")) for e in events}
    if len(uids) > 1:
        raise InviteError(
            f"This file holds {len(uids)} different events. Export the one interview "
            "on its own, or forward its invite email."
        )
    if len(events) > 1:
        masters = [e for e in events if "RECURRENCE-ID" not in e]
        raise InviteError(
            "This is a repeating event, not a single interview. Import the invite for "
            "the one interview, or log it by hand.",
            uid=str(masters[0].get("UID", "")) if masters else "",
        )
    event = events[0]
    if "DTSTART" not in event:
        raise InviteError(
            "This invite could not be read: its date or time is missing or damaged."
        )
    return event


# 3. Times --------------------------------------------------------------------------------


def _zone_named(name: str) -> zoneinfo.ZoneInfo | None:
    name = name.strip()
    if not name:
        return None
    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return zone_for_display_name(name)


def _aware(event, name, calendar_zone, user_zone, notes: list[str]) -> dt.datetime:
    prop = event[name]
    try:
        value = prop.dt
    except (ValueError, AttributeError) as error:
        raise InviteError(
            "This invite could not be read: its date or time is damaged."
        ) from error
    if not isinstance(value, dt.datetime):
        raise InviteError(
            "This is an all-day event with no time of day. Log the interview by hand "
            "with its time."
        )
    if value.tzinfo is not None:
        return value
    tzid = str(prop.params.get("TZID", "")).strip()
    if not tzid:
        return value.replace(tzinfo=calendar_zone or user_zone)
    zone = _zone_named(tzid)
    if zone is not None:
        return value.replace(tzinfo=zone)
    offset = fixed_offset_for_display_name(tzid)
    note = (
        f"The invite's time zone “{tzid[:80]}” is not one jobtrack knows; "
        + ("its stated offset was used" if offset else "your own time zone was used")
        + ". Check the time."
    )
    if note not in notes:
        notes.append(note)
    return value.replace(tzinfo=offset or user_zone)


def _duration(event) -> dt.timedelta:
    try:
        value = event["DURATION"].dt
    except (ValueError, AttributeError):
        return dt.timedelta(0)
    return value if isinstance(value, dt.timedelta) else dt.timedelta(0)


# 4. People -------------------------------------------------------------------------------


def _as_list(value) -> list:
    if value is None:
        return []
    return list(value) if isinstance(value, list) else [value]


def _person(address) -> Person | None:
    if address is None:
        return None
    raw = str(address).strip()
    mail = raw[7:] if raw.casefold().startswith("mailto:") else raw
    mail = mail.strip() if "@" in mail else ""
    params = getattr(address, "params", {})
    name = " ".join(str(params.get("CN", "")).strip().strip('"').split())
    if "@" in name:  # Outlook often repeats the address as the name
        name = ""
    name = name or _name_from_address(mail)
    if not name:
        return None
    return Person(name=name[:150], email=mail[:254])


def _name_from_address(mail: str) -> str:
    """'ana.rivera@…' reads as 'Ana Rivera'; a bare handle is kept as typed."""
    local = mail.split("@", 1)[0]
    parts = [p for p in re.split(r"[._-]+", local) if p]
    if len(parts) >= 2 and all(p.isalpha() for p in parts):
        return " ".join(p.capitalize() for p in parts)
    return local


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        value = value[0] if value else ""
    return str(value)


def _sequence(event) -> int:
    try:
        return max(0, int(str(event.get("SEQUENCE", 0))))
    except ValueError:
        return 0


# 5. The join link ------------------------------------------------------------------------


def _join_url(event, *, location: str, description: str) -> str:
    for name in ("X-GOOGLE-CONFERENCE", "X-MICROSOFT-SKYPETEAMSMEETINGURL"):
        found = _first_url(_text(event.get(name)))
        if found:
            return found
    found = _first_url(location)
    if found:
        return found
    return _first_url(description, meeting_only=True)


def _first_url(text: str, *, meeting_only: bool = False) -> str:
    for match in URL_PATTERN.finditer(text or ""):
        url = match.group(0).rstrip(".,;:!?")
        if len(url) > MAX_URL_LENGTH:
            continue
        if meeting_only and not is_meeting_url(url):
            continue
        return url
    return ""


def is_meeting_url(url: str) -> bool:
    host = re.sub(r"^https?://", "", url, flags=re.IGNORECASE).split("/", 1)[0]
    host = host.split(":", 1)[0].casefold()
    return any(host == h or host.endswith("." + h) for h in MEETING_HOSTS)
