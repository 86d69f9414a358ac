"""Importing an interview from a calendar invite: each fixture in the shape a calendar
really sends, through the import page and the pre-filled log form, to the saved
interview; and every way an invite can be wrong, as a message on the same page."""

import datetime as dt
from dataclasses import dataclass, field

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from applications.models import Interview
from followup.models import InterviewInvite
from tests.factories import ApplicationFactory, InterviewFactory, ParticipationFactory
from tests.followup.conftest import BERLIN, INVITES, post_data

IMPORT_URL = reverse("followup:invite_import")
LOG_URL = reverse("applications:interview_log")


@dataclass
class Expected:
    company: str
    role: str
    stage: str
    format: str
    starts: str  # in alice's zone, Europe/Berlin
    ends: str
    new_people: list[str]
    returning: list[str] = field(default_factory=list)
    link: str = ""
    existing_application: bool = True


EXPECTED = {
    # UTC times, organiser listed again as an attendee, a room and a decliner.
    "google_calendar.ics": Expected(
        "Initech",
        "Backend Engineer",
        "second",
        "video",
        "2026-12-03 15:00",
        "2026-12-03 16:00",
        ["Priya Shah"],
        returning=["Tom Becker"],
        link="https://meet.google.com/xkd-qwer-tyu",
    ),
    # A Windows zone id without VTIMEZONE; a room; a CN that is just the address.
    "outlook_teams.ics": Expected(
        "Globex",
        "Data Analyst",
        "final",
        "video",
        "2026-12-08 16:00",
        "2026-12-08 17:15",
        ["Marcus Oyelaran", "Dana Whitfield"],
        link="https://teams.microsoft.com/l/meetup-join/19%3ameeting_NzQ1ZGM0ODEtYjQ2Ny00"
        "%40thread.v2/0?context=%7b%22Tid%22%3a%22a1%22%7d",
        existing_application=False,
    ),
    # An email with a base64 text/calendar part; a Windows display name as the TZID.
    "outlook_windows_display_name.eml": Expected(
        "Wayne Enterprises",
        "Site Reliability Engineer",
        "screen",
        "phone",
        "2026-12-04 07:00",
        "2026-12-04 07:30",
        ["Ananya Rao", "Vikram Iyer"],
        existing_application=False,
    ),
    # No attendees, no organiser; TZID with its VTIMEZONE; the link in LOCATION.
    "zoom.ics": Expected(
        "Umbrella Corporation",
        "Product Designer",
        "screen",
        "video",
        "2026-12-02 15:00",
        "2026-12-02 15:30",
        [],
        link="https://us06web.zoom.us/j/81234567890?pwd=Qm9vZ2xlZm9vYmFy",
    ),
    # VTIMEZONE, quoted CNs, the organiser as CHAIR attendee, a room, a street address.
    "apple_calendar.ics": Expected(
        "Hooli GmbH",
        "Staff Engineer",
        "panel",
        "onsite",
        "2026-12-10 09:30",
        "2026-12-10 11:30",
        ["Gavin Belson", "Monica Hall", "Jared Dunn"],
    ),
}


@pytest.fixture
def alice_records(alice):
    """What alice already tracks: three of the companies, one person met before."""
    initech = ApplicationFactory(
        owner=alice, company="Initech", role="Backend Engineer"
    )
    first = InterviewFactory(
        application=initech,
        stage="first",
        ends_at=dt.datetime(2026, 11, 20, 11, 0, tzinfo=BERLIN),
    )
    ParticipationFactory(
        interview=first,
        interviewer__name="Tom Becker",
        interviewer__email="tom.becker@initech.com",
    )
    ApplicationFactory(owner=alice, company="Initech", role="Office Manager")
    ApplicationFactory(
        owner=alice, company="Umbrella Corporation", role="Product Designer"
    )
    ApplicationFactory(owner=alice, company="Hooli GmbH", role="Staff Engineer")
    return initech


def upload(client, name: str, content: bytes | None = None):
    data = content if content is not None else (INVITES / name).read_bytes()
    return client.post(
        IMPORT_URL, {"file": SimpleUploadedFile(name, data), "text": ""}, follow=True
    )


def confirm(client, response, **changes):
    """Save the pre-filled log form as the page sends it, hidden invite key included."""
    context = response.context
    data = post_data(
        context["form"], context["people"], invite=context["invite_key"], **changes
    )
    return client.post(LOG_URL, data, follow=True)


def local(value: dt.datetime) -> str:
    return value.astimezone(BERLIN).strftime("%Y-%m-%d %H:%M")


@pytest.mark.parametrize("name", list(EXPECTED))
def test_each_invite_fills_the_log_form_and_saves_the_expected_interview(
    name, alice, alice_client, alice_records, frozen_time
):
    expected = EXPECTED[name]
    tracked = set(alice.applications.values_list("pk", flat=True))
    response = upload(alice_client, name)
    assert response.redirect_chain[-1][0].startswith(LOG_URL + "?invite=")
    page = response.content.decode()
    assert "Filled in from the invite" in page
    form, people = response.context["form"], response.context["people"]
    assert form["status"].value() == "scheduled"
    assert form["stage"].value() == expected.stage
    assert form["format"].value() == expected.format
    assert form["starts_at"].value().strftime("%Y-%m-%d %H:%M") == expected.starts
    assert form["ends_at"].value().strftime("%Y-%m-%d %H:%M") == expected.ends
    assert [f["name"].value() for f in people.initial_forms] == expected.new_people
    if expected.link:
        assert expected.link.replace("&", "&amp;") in page

    # The user confirms what is filled in; a new application only needs nothing more.
    response = confirm(alice_client, response)
    assert response.status_code == 200
    interview = Interview.objects.get(owner=alice, status="scheduled")
    assert (interview.application.company, interview.application.role) == (
        expected.company,
        expected.role,
    )
    assert (interview.application.pk in tracked) == expected.existing_application
    assert interview.stage == expected.stage
    assert interview.format == expected.format
    assert local(interview.starts_at) == expected.starts
    assert local(interview.ends_at) == expected.ends
    names = [p.interviewer.name for p in interview.participations.all()]
    assert names == expected.new_people + expected.returning
    assert interview.invite.join_url == expected.link
    assert not interview.letters.exists()  # scheduled: drafted once it is over
    page = response.content.decode()
    if expected.link:
        assert "Join the call" in page
    if name == "outlook_windows_display_name.eml":
        assert "Where: Phone call (+91 80 4567 8900)" in page


def test_a_matching_application_is_chosen_and_people_met_there_are_ticked(
    alice, alice_client, alice_records, frozen_time
):
    response = upload(alice_client, "google_calendar.ics")
    form = response.context["form"]
    assert form["application"].value() == alice_records.pk
    tom = alice_records.interviewers.get(name="Tom Becker")
    assert form["returning"].value() == [tom.pk]
    assert "1 of the people invited was met in an earlier round" in (
        response.content.decode()
    )


def test_a_new_application_is_guessed_from_the_title_and_the_organisers_domain(
    alice_client, alice_records, frozen_time
):
    form = upload(alice_client, "outlook_windows_display_name.eml").context["form"]
    assert form["application"].value() in (None, "")
    assert form["new_company"].value() == "Wayne Enterprises"
    assert form["new_role"].value() == "Site Reliability Engineer"


def test_pasted_invite_text_works_like_a_file(alice_client, alice_records, frozen_time):
    text = (INVITES / "zoom.ics").read_text()
    response = alice_client.post(IMPORT_URL, {"text": text}, follow=True)
    assert response.context["form"]["format"].value() == "video"
    assert "us06web.zoom.us/j/81234567890" in response.content.decode()


def event(lines: str, *, method: str = "REQUEST", extra: str = "") -> bytes:
    body = (
        "BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:-//test//EN\n"
        f"METHOD:{method}\n{extra}BEGIN:VEVENT\nUID:test-1@example.org\n"
        "DTSTAMP:20261120T100000Z\nSUMMARY:Acme interview\n"
        f"{lines}\nEND:VEVENT\nEND:VCALENDAR\n"
    )
    return body.replace("\n", "\r\n").encode()


TIMED = "DTSTART:20261203T150000\nDTEND:20261203T160000"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"\x89PNG\r\n\x1a\n" + b"\0" * 50, "This is not a calendar invite"),
        (b"Dear Alice, see you on Thursday!", "This is not a calendar invite"),
        (b"BEGIN:VCALENDAR\r\n" + b"X" * 1_000_001, "over 1 MB"),
        (b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDTSTART:x\r\n", "could not be read"),
        (event("DTSTART:20261303T990000"), "could not be read"),
        (event(TIMED, method="CANCEL"), "cancels the event"),
        (event(TIMED + "\nSTATUS:CANCELLED"), "cancels the event"),
        (event(TIMED + "\nRRULE:FREQ=WEEKLY;COUNT=4"), "repeating event"),
        (event("DTSTART;VALUE=DATE:20261203"), "all-day event"),
        (event("SUMMARY:no time at all"), "could not be read"),
        (
            b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n",
            "holds no event",
        ),
        (
            event(TIMED).replace(
                b"END:VCALENDAR",
                b"BEGIN:VEVENT\r\nUID:other@x\r\nDTSTART:20261204T100000Z\r\n"
                b"END:VEVENT\r\nEND:VCALENDAR",
            ),
            "2 different events",
        ),
        (
            b"From: a@b.example\r\nSubject: hi\r\nContent-Type: text/plain\r\n\r\nhi",
            "holds no calendar invite",
        ),
    ],
    ids=[
        "image",
        "plain-text",
        "too-large",
        "truncated",
        "impossible-date",
        "method-cancel",
        "status-cancelled",
        "recurring",
        "all-day",
        "no-start",
        "no-event",
        "two-events",
        "email-without-invite",
    ],
)
def test_a_wrong_file_is_a_message_on_the_same_page(
    content, message, alice_client, frozen_time
):
    response = upload(alice_client, "invite.ics", content)
    assert response.status_code == 200
    assert response.redirect_chain == []
    assert message in response.content.decode()
    assert not Interview.objects.exists()


def test_pasted_text_is_kept_when_it_is_wrong(alice_client, frozen_time):
    text = "BEGIN:VCALENDAR\nBEGIN:VEVENT\nSUMMARY:Half an invite – keep me"
    response = alice_client.post(IMPORT_URL, {"text": text})
    assert response.status_code == 200
    assert "could not be read" in response.content.decode()
    assert "Half an invite – keep me" in response.content.decode()


@pytest.mark.parametrize(
    ("data", "message"),
    [({}, "Choose the invite file"), ({"text": "x"}, "not both")],
)
def test_the_form_asks_for_one_file_or_text(data, message, alice_client):
    if data.get("text"):
        data["file"] = SimpleUploadedFile("a.ics", b"BEGIN:VCALENDAR")
    response = alice_client.post(IMPORT_URL, data)
    assert response.status_code == 200
    assert message in response.content.decode()


@pytest.mark.parametrize(
    ("lines", "extra", "starts"),
    [
        ("DTSTART:20261203T140000Z\nDTEND:20261203T150000Z", "", "15:00"),
        (TIMED, "", "15:00"),  # floating: alice's own zone
        (TIMED, "X-WR-TIMEZONE:America/New_York\n", "21:00"),
        (
            "DTSTART;TZID=Romance Standard Time:20261203T150000\n"
            "DTEND;TZID=Romance Standard Time:20261203T160000",
            "",
            "15:00",
        ),
        (
            'DTSTART;TZID="(UTC-08:00) Pacific Time (US & Canada)":20261203T090000\n'
            'DTEND;TZID="(UTC-08:00) Pacific Time (US & Canada)":20261203T100000',
            "",
            "18:00",
        ),
        (
            "DTSTART;TZID=GMT Standard Time:20260703T090000\n"
            "DTEND;TZID=GMT Standard Time:20260703T100000",
            "",
            "10:00",
        ),
    ],
    ids=["utc", "floating", "x-wr-timezone", "windows-id", "windows-name", "summer"],
)
def test_times_land_in_the_users_zone(lines, extra, starts, alice_client, frozen_time):
    response = upload(alice_client, "a.ics", event(lines, extra=extra))
    assert response.context["form"]["starts_at"].value().strftime("%H:%M") == starts


def test_an_unknown_zone_is_read_at_its_stated_offset_and_flagged(
    alice_client, frozen_time
):
    lines = (
        'DTSTART;TZID="(UTC+04:00) Nowhere Town":20261203T150000\n'
        'DTEND;TZID="(UTC+04:00) Nowhere Town":20261203T160000'
    )
    response = upload(alice_client, "a.ics", event(lines))
    assert response.context["form"]["starts_at"].value().strftime("%H:%M") == "12:00"
    assert "is not one jobtrack knows" in response.content.decode()


def test_a_cancellation_of_an_imported_invite_links_to_the_interview(
    alice, alice_client, alice_records, frozen_time
):
    confirm(alice_client, upload(alice_client, "google_calendar.ics"))
    interview = InterviewInvite.objects.get(owner=alice).interview
    cancelled = (INVITES / "google_calendar.ics").read_bytes()
    cancelled = cancelled.replace(b"METHOD:REQUEST", b"METHOD:CANCEL")
    response = upload(alice_client, "invite.ics", cancelled)
    assert "cancels the event" in response.content.decode()
    assert interview.get_absolute_url() in response.content.decode()


def test_importing_the_same_invite_again_points_to_the_first(
    alice, alice_client, alice_records, frozen_time
):
    confirm(alice_client, upload(alice_client, "zoom.ics"))
    interview = Interview.objects.get(owner=alice, status="scheduled")
    response = upload(alice_client, "zoom.ics")
    assert "This invite was imported before" in response.content.decode()
    assert interview.get_absolute_url() in response.content.decode()


def test_a_second_submit_of_the_filled_form_does_not_attach_the_invite_twice(
    alice, alice_client, alice_records, frozen_time
):
    response = upload(alice_client, "zoom.ics")
    confirm(alice_client, response)
    confirm(alice_client, response)
    assert InterviewInvite.objects.filter(owner=alice).count() == 1


def test_another_users_invite_key_fills_nothing(
    alice_client, alice_records, charlie, frozen_time
):
    response = upload(alice_client, "zoom.ics")
    url = response.redirect_chain[-1][0]
    alice_client.force_login(charlie)
    page = alice_client.get(url)
    assert "Filled in from the invite" not in page.content.decode()
    assert "Umbrella" not in page.content.decode()


@pytest.mark.parametrize("applications", [1, 40])
def test_the_import_runs_a_fixed_number_of_queries(
    applications, alice, alice_client, django_assert_num_queries, frozen_time
):
    ApplicationFactory.create_batch(applications, owner=alice)
    data = (INVITES / "apple_calendar.ics").read_bytes()
    # session, user, applications compared, people met at the company, the invite's
    # UID, the session saved (savepoint, update, release), the user's pages marked stale
    with django_assert_num_queries(9):
        alice_client.post(IMPORT_URL, {"file": SimpleUploadedFile("a.ics", data)})
