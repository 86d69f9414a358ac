"""Calendar out: "Add to calendar" per interview and the private feed, read back with
vobject (a parser independent of icalendar, which writes them) as a client would."""

import datetime as dt
import zoneinfo

import pytest
import vobject
from django.urls import reverse

from followup.models import CalendarFeed, InterviewInvite
from tests.factories import (
    ApplicationFactory,
    InterviewFactory,
    LetterFactory,
    ReminderFactory,
)
from tests.followup.conftest import BERLIN, NOW

NEW_YORK = zoneinfo.ZoneInfo("America/New_York")


def unfolded(content: bytes) -> str:
    return content.decode("utf-8").replace("\r\n ", "")


def read(content: bytes):
    return vobject.readOne(content.decode("utf-8"))


def events(calendar) -> dict[str, object]:
    return {e.uid.value: e for e in calendar.contents.get("vevent", [])}


def test_add_to_calendar_gives_the_interview_in_the_zone_it_was_logged_in(
    alice, alice_client, frozen_time
):
    interview = InterviewFactory(
        application__owner=alice,
        application__company="Initech",
        application__role="Backend Engineer",
        status="scheduled",
        stage="second",
        timezone="America/New_York",
        starts_at=dt.datetime(2026, 12, 3, 9, 0, tzinfo=NEW_YORK),
        ends_at=dt.datetime(2026, 12, 3, 10, 0, tzinfo=NEW_YORK),
    )
    InterviewInvite.objects.create(
        owner=alice, interview=interview, join_url="https://meet.google.com/abc"
    )
    response = alice_client.get(reverse("followup:interview_ics", args=[interview.pk]))
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    event = read(response.content).vevent
    assert event.dtstart.value == dt.datetime(2026, 12, 3, 9, 0, tzinfo=NEW_YORK)
    assert event.dtstart.value.tzinfo.tzname(event.dtstart.value) == "EST"
    assert event.dtstart.params["X-VOBJ-ORIGINAL-TZID"] == ["America/New_York"]
    assert event.dtend.value.astimezone(BERLIN).hour == 16
    assert event.summary.value == "Second interview: Backend Engineer at Initech"
    assert event.url.value == "https://meet.google.com/abc"
    assert interview.get_absolute_url() in event.description.value


def test_an_interview_logged_with_only_its_end_is_shown_as_the_hour_before(
    alice, alice_client, frozen_time
):
    interview = InterviewFactory(
        application__owner=alice,
        ends_at=dt.datetime(2026, 12, 3, 16, 0, tzinfo=BERLIN),
    )
    response = alice_client.get(reverse("followup:interview_ics", args=[interview.pk]))
    event = read(response.content).vevent
    assert event.dtstart.value == dt.datetime(2026, 12, 3, 15, 0, tzinfo=BERLIN)
    assert "start shown is assumed" in event.description.value


def profile_feed_url(client) -> str:
    """The address the profile shows, as a path."""
    page = client.get(reverse("accounts:profile")).content.decode()
    start = page.index('id="feed-url"')
    value = page[start:].split('value="', 1)[1].split('"', 1)[0]
    return "/" + value.split("://", 1)[1].split("/", 1)[1]


def test_the_profile_makes_renews_and_turns_off_the_feed(alice, alice_client, client):
    page = alice_client.get(reverse("accounts:profile")).content.decode()
    assert "Create my calendar address" in page
    alice_client.post(reverse("followup:feed_new"))
    first = profile_feed_url(alice_client)
    token = first.rsplit("/", 1)[1].removesuffix(".ics")
    assert len(token) >= 40
    client.logout()
    assert client.get(first).status_code == 200  # no sign-in: the token is the key

    alice_client.force_login(alice)
    response = alice_client.post(reverse("followup:feed_new"), follow=True)
    assert "the old one no longer works" in response.content.decode()
    second = profile_feed_url(alice_client)
    assert second != first
    assert client.get(first).status_code == 404
    assert client.get(second).status_code == 200

    alice_client.post(reverse("followup:feed_stop"))
    assert not CalendarFeed.objects.filter(owner=alice).exists()
    assert client.get(second).status_code == 404
    assert client.get(reverse("followup:feed", args=["x" * 43])).status_code == 404


def test_a_deactivated_account_has_no_feed(alice, client):
    feed = CalendarFeed.objects.create(owner=alice)
    alice.is_active = False
    alice.save()
    assert client.get(reverse("followup:feed", args=[feed.token])).status_code == 404


@pytest.fixture
def alice_feed(alice, charlie, frozen_time):
    """alice's upcoming and recent rounds, a letter due today, a decision date; charlie's
    own interview on the same day, which must never show in hers."""
    initech = ApplicationFactory(
        owner=alice,
        company="Initech",
        role="Backend Engineer",
        decision_expected_on=dt.date(2026, 12, 4),
    )
    upcoming = InterviewFactory(
        application=initech,
        status="scheduled",
        starts_at=dt.datetime(2026, 12, 3, 15, 0, tzinfo=BERLIN),
        ends_at=dt.datetime(2026, 12, 3, 16, 0, tzinfo=BERLIN),
    )
    today = InterviewFactory(
        application__owner=alice,
        application__company="Globex",
        ends_at=NOW - dt.timedelta(hours=1),
    )
    LetterFactory(interview=today, status="draft")
    LetterFactory(interview=today, status="sent", finished_at=NOW, sent_at=NOW)
    InterviewFactory(
        application__owner=alice,
        application__company="Long Ago Ltd",
        ends_at=NOW - dt.timedelta(days=90),
    )
    ApplicationFactory(
        owner=alice,
        company="Closed Co",
        status="rejected",
        decision_expected_on=dt.date(2026, 12, 2),
    )
    InterviewFactory(
        application__owner=charlie,
        application__company="Charlie Corp",
        ends_at=dt.datetime(2026, 12, 3, 16, 0, tzinfo=BERLIN),
    )
    feed = CalendarFeed.objects.create(owner=alice)
    return {"feed": feed, "upcoming": upcoming, "today": today, "initech": initech}


def test_the_feed_holds_interviews_todays_letters_and_decisions(
    alice_feed, client, frozen_time
):
    response = client.get(reverse("followup:feed", args=[alice_feed["feed"].token]))
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = read(response.content)
    found = events(calendar)
    upcoming = found[f"interview-{alice_feed['upcoming'].pk}@jobtrack"]
    assert upcoming.dtstart.value == dt.datetime(2026, 12, 3, 15, 0, tzinfo=BERLIN)
    assert upcoming.dtend.value == dt.datetime(2026, 12, 3, 16, 0, tzinfo=BERLIN)
    letters = found[f"letters-{alice_feed['today'].pk}-20261130@jobtrack"]
    assert letters.dtstart.value == dt.date(2026, 11, 30)
    assert letters.summary.value == "Send thank-you letters: Globex"
    assert letters.description.value.startswith("1 letter to send today")
    decision = found[f"decision-{alice_feed['initech'].pk}@jobtrack"]
    assert decision.dtstart.value == dt.date(2026, 12, 4)
    assert decision.summary.value == "Decision expected: Initech"
    text = unfolded(response.content)
    assert "Long Ago Ltd" not in text  # older than a month
    assert "Closed Co" not in text  # no decision to wait for
    assert "Charlie Corp" not in text
    assert len(found) == 4  # two interviews, one letters deadline, one decision


def test_the_feed_holds_nothing_of_another_user(alice_feed, charlie, client):
    own = CalendarFeed.objects.create(owner=charlie)
    text = unfolded(client.get(reverse("followup:feed", args=[own.token])).content)
    assert "Charlie Corp" in text
    for name in ("Initech", "Globex", "alice"):
        assert name not in text


@pytest.mark.parametrize("rows", [1, 30])
def test_the_feed_runs_a_fixed_number_of_queries(
    rows, alice, client, django_assert_num_queries, frozen_time
):
    feed = CalendarFeed.objects.create(owner=alice)
    for i in range(rows):
        interview = InterviewFactory(
            application__owner=alice,
            application__decision_expected_on=dt.date(2026, 12, 10),
            status="scheduled",
            ends_at=NOW + dt.timedelta(days=i + 1),
        )
        InterviewInvite.objects.create(owner=alice, interview=interview)
        LetterFactory(
            interview=InterviewFactory(
                application=interview.application, ends_at=NOW - dt.timedelta(hours=1)
            )
        )
        ReminderFactory(
            interview=interview,
            kind="checkin_1",
            due_at=NOW + dt.timedelta(days=20 + i),
        )
    # the feed and its owner, interviews with application and invite, today's
    # interviews with letters unsent, decision dates, check-in days
    with django_assert_num_queries(5):
        response = client.get(reverse("followup:feed", args=[feed.token]))
    # per row: two interviews, a letters deadline, a decision date, a check-in day
    assert len(events(read(response.content))) == 5 * rows


def test_the_feed_and_its_revocation_refuse_other_methods(alice, alice_client, client):
    feed = CalendarFeed.objects.create(owner=alice)
    url = reverse("followup:feed", args=[feed.token])
    assert client.post(url).status_code in (403, 405)
    assert alice_client.get(reverse("followup:feed_stop")).status_code == 405
    assert CalendarFeed.objects.filter(owner=alice).exists()
