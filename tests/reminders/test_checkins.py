"""Check-ins after a round (issue 16, item 4): when they fall due, what goes out, and when
they stop. Timed in Berlin; the round ends Tuesday 3 November 2026 at 15:00."""

import datetime as dt
import re
import zoneinfo

import pytest
import time_machine
from django.core import mail

from applications.interviews import DecisionAnswer, PersonEntry, interview_log
from applications.models import ApplicationStatus, InterviewStatus
from letters.models import Letter, LetterKind, LetterStatus
from reminders.delivery import reminders_send_batch
from reminders.models import Reminder, ReminderKind
from reminders.rules import (
    Prefs,
    Verdict,
    checkin_decide,
    checkin_due_at,
    working_days_after,
)
from reminders.schedule import reminders_claim_due, reminders_turn_off
from tests.factories import UserFactory, reload

pytestmark = pytest.mark.django_db
BERLIN = zoneinfo.ZoneInfo("Europe/Berlin")
ROUND_END = dt.datetime(2026, 11, 3, 15, 0, tzinfo=BERLIN)
FRIDAY = dt.date(2026, 11, 6)
PREFS = Prefs(zone=BERLIN)


def at(day: int, hour: int = 10, minute: int = 0, month: int = 11) -> dt.datetime:
    return dt.datetime(2026, month, day, hour, minute, tzinfo=BERLIN)


# -- the timing rule, as a table -------------------------------------------------------


@pytest.mark.parametrize(
    ("decision_on", "working_days", "due"),
    [
        (FRIDAY, 3, at(11)),  # Fri + Mon, Tue, Wed
        (FRIDAY, 1, at(9)),  # the weekend does not count
        (dt.date(2026, 11, 4), 3, at(9)),  # Wed + Thu, Fri, Mon
        (None, 3, at(10)),  # no date: a week after the round
        (dt.date(2026, 10, 1), 3, at(4)),  # a date before the round: the day after it
    ],
)
def test_first_checkin_is_due(decision_on, working_days, due):
    assert (
        checkin_due_at(
            decision_on=decision_on,
            last_round_end=ROUND_END,
            working_days=working_days,
            prefs=PREFS,
        )
        == due
    )


def test_first_checkin_moves_out_of_quiet_hours():
    late_riser = Prefs(zone=BERLIN, quiet_start=21, quiet_end=11)
    due = checkin_due_at(
        decision_on=FRIDAY, last_round_end=ROUND_END, working_days=3, prefs=late_riser
    )
    assert due == at(11, hour=11)


def test_working_days_skip_weekends():
    assert working_days_after(dt.date(2026, 11, 6), 5) == dt.date(2026, 11, 13)


@pytest.mark.parametrize(
    ("kind", "now", "moved_on", "first_sent", "verdict", "reason"),
    [
        ("checkin_1", at(11), "", None, Verdict.SEND, ""),
        ("checkin_1", at(11, 23), "", None, Verdict.WAIT, "quiet hours"),
        ("checkin_1", at(11), "they replied", None, Verdict.DROP, "they replied"),
        (
            "checkin_2",
            at(18),
            "",
            None,
            Verdict.DROP,
            "the first check-in was not sent",
        ),
        (
            "checkin_2",
            at(16),
            "",
            at(11),
            Verdict.WAIT,
            "a week after the first check-in",
        ),
        ("checkin_2", at(18), "", at(11), Verdict.SEND, ""),
    ],
)
def test_checkin_decide(kind, now, moved_on, first_sent, verdict, reason):
    decision = checkin_decide(
        kind=ReminderKind(kind),
        now=now,
        prefs=PREFS,
        moved_on=moved_on,
        first_sent_at=first_sent,
    )
    assert (decision.verdict, decision.reason) == (verdict, reason)


# -- scheduled with the round, sent by the sweep ----------------------------------------


@pytest.fixture
def user():
    return UserFactory(
        email="sam@example.com", full_name="Sam Okafor", timezone="Europe/Berlin"
    )


def log_round(user, *, decision_on=FRIDAY, application=None, ends_at=ROUND_END):
    people = [
        PersonEntry(name="Dana Whitfield", title="Engineering Manager"),
        PersonEntry(name="Priya Raman", title="Talent Partner", is_coordinator=True),
    ]
    with time_machine.travel(ends_at + dt.timedelta(hours=1), tick=False):
        return interview_log(
            user=user,
            application=application,
            new_application=None
            if application
            else {"company": "Northwind Freight", "role": "Data Analyst"},
            details={
                "stage": "first",
                "format": "video",
                "status": InterviewStatus.DONE,
                "starts_at": ends_at - dt.timedelta(hours=1),
                "ends_at": ends_at,
                "timezone": "Europe/Berlin",
            },
            people=people,
            decision=DecisionAnswer(decision_on),
        ).interview


def checkins(interview=None):
    rows = Reminder.objects.filter(kind__in=["checkin_1", "checkin_2"])
    if interview is not None:
        rows = rows.filter(interview=interview)
    return {row.kind: row for row in rows}


def sweep_and_send(now):
    with time_machine.travel(now, tick=False):
        batch = reminders_claim_due(now=now)
        if batch is None:
            return None
        return reminders_send_batch(ids=batch.ids, token=batch.token, now=now)


def test_logging_a_round_schedules_two_checkins_a_week_apart(user):
    interview = log_round(user)
    rows = checkins(interview)
    assert rows["checkin_1"].due_at == at(11)
    assert rows["checkin_2"].due_at == at(18)


def test_a_new_decision_date_moves_the_pending_checkins(user, client):
    interview = log_round(user)
    application = interview.application
    client.force_login(user)
    response = client.post(
        f"/applications/{application.pk}/edit/",
        {
            "company": application.company,
            "role": application.role,
            "status": application.status,
            "decision_expected_on": "2026-11-13",
            "still_interested": "on",
        },
    )
    assert response.status_code == 302
    assert checkins(interview)["checkin_1"].due_at == at(18)


def test_a_status_change_stops_the_checkins(user, client):
    interview = log_round(user)
    application = interview.application
    client.force_login(user)
    client.post(
        f"/applications/{application.pk}/edit/",
        {
            "company": application.company,
            "role": application.role,
            "status": ApplicationStatus.OFFER,
            "still_interested": "on",
        },
    )
    assert reload(application).status_changed_at is not None
    assert checkins() == {}


def test_the_checkin_email_points_to_a_drafted_checkin_to_the_coordinator(user):
    interview = log_round(user)
    Letter.objects.filter(interview=interview).update(
        status=LetterStatus.SENT, sent_at=ROUND_END
    )

    outcome = sweep_and_send(at(11, 10, 1))

    assert len(outcome.sent) == 1
    [letter] = Letter.objects.filter(kind=LetterKind.CHECKIN)
    assert letter.interviewer.name == "Priya Raman"
    assert "Data Analyst" in letter.body and "3 November" in letter.body
    assert 40 <= len(letter.body.split()) <= 120
    [email] = mail.outbox
    assert (
        email.subject == "Check in with Northwind Freight about the Data Analyst role"
    )
    html = email.alternatives[0][0]
    assert f"/letters/{letter.pk}/" in html and "Priya Raman" in html
    assert "They said you would hear by Friday 6 November" in html
    assert email.extra_headers["List-Unsubscribe"].startswith("<http")


def test_the_second_checkin_comes_a_week_after_the_first_then_no_more(user):
    interview = log_round(user)
    sweep_and_send(at(11, 10, 1))
    assert sweep_and_send(at(17, 12)) is None  # not due yet

    outcome = sweep_and_send(at(18, 10, 1))

    assert len(outcome.sent) == 1
    assert "Your first check-in had no answer" in mail.outbox[-1].body
    assert sweep_and_send(at(30, 12)) is None
    assert len(mail.outbox) == 2
    assert Letter.objects.filter(interview=interview, kind="checkin").count() == 1


def test_a_sent_batch_delivered_again_sends_nothing(user):
    log_round(user)
    now = at(11, 10, 1)
    with time_machine.travel(now, tick=False):
        batch = reminders_claim_due(now=now)
        reminders_send_batch(ids=batch.ids, token=batch.token, now=now)
        again = reminders_send_batch(ids=batch.ids, token=batch.token, now=now)
    assert again.sent == [] and len(mail.outbox) == 1


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ("status", "the status changed after the round"),
        ("replied", "they replied"),
        ("newer_round", "a newer round is logged"),
        ("letter_sent", "the check-in letter is already sent"),
    ],
)
def test_a_checkin_is_skipped_with_the_reason_when_things_moved_on(
    user, change, reason
):
    interview = log_round(user)
    application = interview.application
    row = checkins(interview)["checkin_1"]
    later = ROUND_END + dt.timedelta(days=2)
    if change == "status":
        # Offer and back: the status is interviewing again, but it changed.
        type(application).objects.filter(pk=application.pk).update(
            status_changed_at=later
        )
    elif change == "replied":
        type(application).objects.filter(pk=application.pk).update(
            checkin_replied_at=later
        )
    elif change == "newer_round":
        # Saved without the scheduling (as an import racing the sweep would).
        type(interview).objects.filter(pk=interview.pk).update(
            starts_at=None, ends_at=ROUND_END - dt.timedelta(days=1)
        )
        type(interview).objects.create(
            owner=user,
            application=application,
            ends_at=ROUND_END,
            timezone="Europe/Berlin",
        )
    else:
        Letter.objects.create(
            owner=user,
            application=application,
            interview=interview,
            kind=LetterKind.CHECKIN,
            subject="Following up",
            body="Hello",
            status=LetterStatus.SENT,
            sent_at=later,
        )

    sweep_and_send(at(11, 10, 1))

    row = reload(row)
    assert row.sent_at is None and row.skip_reason == reason
    assert mail.outbox == []


def test_unsubscribed_gets_the_draft_but_no_email(user):
    log_round(user)
    reminders_turn_off(user=user)

    sweep_and_send(at(11, 10, 1))

    assert checkins()["checkin_1"].skip_reason == "reminders are turned off"
    assert mail.outbox == []
    assert Letter.objects.filter(kind=LetterKind.CHECKIN).count() == 1


def test_a_checkin_due_in_quiet_hours_waits_for_the_morning(user):
    log_round(user)
    row = checkins()["checkin_1"]
    Reminder.objects.filter(pk=row.pk).update(due_at=at(10, 22))

    outcome = sweep_and_send(at(10, 22, 5))

    assert outcome.waiting == [row.pk]
    assert reload(row).due_at == at(11, 8)


def test_a_scheduled_next_round_drops_the_pending_checkins(user):
    interview = log_round(user)
    log_round(
        user,
        application=interview.application,
        ends_at=ROUND_END + dt.timedelta(days=9),
    )
    rows = Reminder.objects.filter(kind__in=["checkin_1", "checkin_2"])
    assert {r.interview_id for r in rows} == {
        interview.application.interviews.order_by("-ends_at").first().pk
    }


def test_email_text_is_plain_and_names_the_role(user):
    log_round(user)
    sweep_and_send(at(11, 10, 1))
    text = mail.outbox[0].body
    assert "Northwind Freight – Data Analyst" in text
    assert not re.search(r"<[a-z]", text)
