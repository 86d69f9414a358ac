"""Ghosted (issue 16, item 5): quiet after a check-in is suggested on the dashboard, one
click accepts or dismisses it, and "withdrawn" and "ghosted" have filters and counts."""

import datetime as dt

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from applications.models import Application, ApplicationStatus
from letters.models import LetterStatus
from reminders.followthrough import GHOSTED_SKIP_REASON, ghost_candidates
from reminders.models import Reminder
from tests.factories import (
    ApplicationFactory,
    InterviewFactory,
    LetterFactory,
    ReminderFactory,
    reload,
)

pytestmark = pytest.mark.django_db
CHECKED_IN = dt.datetime(2026, 10, 1, 8, 0, tzinfo=dt.UTC)


def checked_in(user, *, company="Northwind Freight"):
    """An application whose round ended, whose first check-in went out on CHECKED_IN,
    and whose second is still pending."""
    interview = InterviewFactory(
        application__owner=user,
        application__company=company,
        ends_at=CHECKED_IN - dt.timedelta(days=10),
    )
    application = interview.application
    Application.objects.filter(pk=application.pk).update(
        status_changed_at=CHECKED_IN - dt.timedelta(days=10)
    )
    ReminderFactory(
        interview=interview, kind="checkin_1", due_at=CHECKED_IN, sent_at=CHECKED_IN
    )
    ReminderFactory(
        interview=interview,
        kind="checkin_2",
        due_at=CHECKED_IN + dt.timedelta(days=7),
    )
    return application


def quiet(user, days):
    return list(ghost_candidates(user=user, now=CHECKED_IN + dt.timedelta(days=days)))


def test_suggested_after_the_users_quiet_days_since_the_check_in(alice):
    application = checked_in(alice)
    assert quiet(alice, 20) == []
    assert quiet(alice, 21) == [application]
    alice.ghost_after_days = 30
    assert quiet(alice, 29) == []


def test_any_contact_after_the_check_in_restarts_the_wait(alice):
    application = checked_in(alice)
    LetterFactory(
        interview=application.interviews.get(),
        status=LetterStatus.SENT,
        sent_at=CHECKED_IN + dt.timedelta(days=5),
    )
    assert quiet(alice, 21) == []
    assert quiet(alice, 26) == [application]


def test_never_checked_in_is_never_suggested(alice):
    InterviewFactory(application__owner=alice, ends_at=CHECKED_IN)
    assert quiet(alice, 200) == []


def test_only_ones_own_applications_are_suggested(alice, charlie):
    checked_in(charlie)
    assert quiet(alice, 60) == []


def test_the_dashboard_offers_the_three_buttons(alice, alice_client):
    application = checked_in(alice)
    with time_machine.travel(CHECKED_IN + dt.timedelta(days=22), tick=False):
        page = alice_client.get(reverse("overview:dashboard")).text
    assert "Gone quiet?" in page
    for name in ("ghosted", "not_yet", "replied"):
        assert (
            f'action="{reverse(f"reminders:application_{name}", args=[application.pk])}"'
            in (page)
        )


def test_mark_as_ghosted_sets_the_status_and_stops_every_reminder(alice, alice_client):
    application = checked_in(alice)
    response = alice_client.post(
        reverse("reminders:application_ghosted", args=[application.pk])
    )
    assert response.status_code == 302
    application = reload(application)
    assert application.status == ApplicationStatus.GHOSTED
    assert application.status_changed_at is not None
    pending = Reminder.objects.get(kind="checkin_2")
    assert pending.skip_reason == GHOSTED_SKIP_REASON and pending.skipped_at
    assert Reminder.objects.pending().count() == 0


def test_not_yet_asks_again_after_another_wait(alice, alice_client):
    application = checked_in(alice)
    dismissed = CHECKED_IN + dt.timedelta(days=22)
    with time_machine.travel(dismissed, tick=False):
        alice_client.post(
            reverse("reminders:application_not_yet", args=[application.pk])
        )
    assert reload(application).status == ApplicationStatus.INTERVIEWING
    assert quiet(alice, 23) == []
    assert quiet(alice, 22 + 21) == [application]


def test_they_replied_records_contact_and_stops_the_next_check_in(alice, alice_client):
    application = checked_in(alice)
    alice_client.post(
        reverse("reminders:application_replied", args=[application.pk]),
        {"next": application.get_absolute_url()},
    )
    assert reload(application).checkin_replied_at is not None
    assert quiet(alice, 21) == []


def test_the_buttons_refuse_get_and_a_missing_csrf_token(alice):
    application = checked_in(alice)
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(alice)
    url = reverse("reminders:application_ghosted", args=[application.pk])
    assert strict.get(url).status_code == 405
    assert strict.post(url).status_code == 403
    assert reload(application).status == ApplicationStatus.INTERVIEWING


def test_next_goes_nowhere_but_this_site(alice, alice_client):
    application = checked_in(alice)
    response = alice_client.post(
        reverse("reminders:application_not_yet", args=[application.pk]),
        {"next": "https://evil.example/"},
    )
    assert response["Location"] == reverse("overview:dashboard")


def test_withdrawn_and_ghosted_have_filters_and_counts(alice, alice_client):
    ApplicationFactory(owner=alice, company="Quiet Co", status="ghosted")
    ApplicationFactory(owner=alice, company="Left Co", status="withdrawn")
    ApplicationFactory(owner=alice, company="Open Co", status="interviewing")
    page = alice_client.get(reverse("overview:application_list"), {"status": "ghosted"})
    pills = {label: n for _, label, n in page.context["pills"]}
    assert pills["Ghosted"] == 1 and pills["Withdrawn"] == 1
    assert pills["Active"] == 1
    text = page.text
    assert "Quiet Co" in text and "Left Co" not in text and "Open Co" not in text


def test_status_changed_at_follows_the_status_only(alice):
    application = ApplicationFactory(owner=alice)
    stamped = reload(application).status_changed_at
    application = reload(application)
    application.notes = "Called the recruiter"
    application.save()
    assert reload(application).status_changed_at == stamped
    application.status = ApplicationStatus.OFFER
    application.save(update_fields=["status"])
    assert reload(application).status_changed_at > stamped
    assert reload(application).status_changed_at <= timezone.now()


def test_a_check_in_sent_by_letter_alone_counts(alice):
    interview = InterviewFactory(
        application__owner=alice, ends_at=CHECKED_IN - dt.timedelta(days=10)
    )
    Application.objects.filter(pk=interview.application_id).update(
        status_changed_at=CHECKED_IN - dt.timedelta(days=10)
    )
    LetterFactory(
        interview=interview,
        kind="checkin",
        status=LetterStatus.SENT,
        sent_at=CHECKED_IN,
    )
    assert quiet(alice, 20) == []
    assert quiet(alice, 21) == [interview.application]


def test_the_latest_check_in_counts_whether_by_email_or_by_letter(alice):
    application = checked_in(alice)
    interview = application.interviews.get()
    LetterFactory(
        interview=interview,
        kind="checkin",
        status=LetterStatus.SENT,
        sent_at=CHECKED_IN + dt.timedelta(days=5),
    )
    assert quiet(alice, 25) == []
    [suggested] = quiet(alice, 26)
    assert suggested.last_checkin_at == CHECKED_IN + dt.timedelta(days=5)
