"""Scheduling rows, the sweep's claim and the send: rows, leases, one email per user."""

import datetime as dt
import smtplib
import uuid
import zoneinfo

import pytest
import time_machine
from django.core import mail
from django.utils import timezone

from letters.models import LetterStatus
from reminders.delivery import MailDeferred, reminders_send_batch
from reminders.models import Reminder, ReminderKind
from reminders.schedule import (
    reminders_claim_due,
    reminders_schedule_for_interview,
    reminders_sweep,
)
from tests.factories import (
    ApplicationFactory,
    InterviewerFactory,
    InterviewFactory,
    LetterFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db
BERLIN = zoneinfo.ZoneInfo("Europe/Berlin")


def berlin(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text).replace(tzinfo=BERLIN)


@pytest.fixture
def interview(alice):
    """Alice's first interview at Acme ended at 14:00 Berlin time, two letters unsent."""
    application = ApplicationFactory(owner=alice, company="Acme", role="Data Engineer")
    interview = InterviewFactory(
        application=application, ends_at=berlin("2026-11-23 14:00")
    )
    for name in ("Ana Rivera", "Ben Okafor"):
        LetterFactory(
            interview=interview,
            interviewer=InterviewerFactory(application=application, name=name),
            subject=f"Thank you – Data Engineer interview ({name})",
        )
    return interview


def schedule(interview, at: str):
    with time_machine.travel(berlin(at), tick=False):
        return reminders_schedule_for_interview(interview=interview)


def test_schedule_creates_first_and_evening_rows_in_utc(interview):
    schedule(interview, "2026-11-23 14:05")
    rows = {r.kind: r.due_at for r in Reminder.objects.filter(interview=interview)}
    assert rows == {
        ReminderKind.FIRST: dt.datetime(2026, 11, 23, 14, 0, tzinfo=dt.UTC),
        ReminderKind.EVENING: dt.datetime(2026, 11, 23, 17, 0, tzinfo=dt.UTC),
    }


def test_schedule_again_moves_pending_rows_and_keeps_sent_ones(interview):
    schedule(interview, "2026-11-23 14:05")
    Reminder.objects.filter(kind=ReminderKind.FIRST).update(sent_at=timezone.now())
    interview.ends_at = berlin("2026-11-23 16:30")
    interview.save()
    schedule(interview, "2026-11-23 16:35")
    first = Reminder.objects.get(kind=ReminderKind.FIRST)
    assert first.due_at == dt.datetime(2026, 11, 23, 14, 0, tzinfo=dt.UTC)  # untouched
    # The evening row would now come within the hour of a first at 17:30: removed.
    assert not Reminder.objects.filter(kind=ReminderKind.EVENING).exists()


def test_schedule_for_an_interview_logged_the_next_day_creates_nothing(interview):
    assert schedule(interview, "2026-11-24 09:00") == []
    assert not Reminder.objects.exists()


def test_schedule_for_a_scheduled_interview_creates_nothing(interview):
    interview.status = "scheduled"
    interview.save()
    assert schedule(interview, "2026-11-23 14:05") == []


def test_claim_takes_due_rows_once_and_groups_them_per_user(interview, charlie):
    other = InterviewFactory(
        application=ApplicationFactory(owner=interview.owner, company="Globex"),
        ends_at=berlin("2026-11-23 13:30"),
    )
    LetterFactory(interview=other)
    charlies = InterviewFactory(
        application=ApplicationFactory(owner=charlie),
        ends_at=berlin("2026-11-23 13:00"),
    )
    for item in (interview, other, charlies):
        schedule(item, "2026-11-23 14:05")
    now = berlin("2026-11-23 15:10")
    batch = reminders_claim_due(now=now)
    owners = Reminder.objects.filter(pk__in=batch.ids).values_list("owner", flat=True)
    assert sorted(owners) == sorted([interview.owner_id] * 2 + [charlie.pk])
    assert reminders_claim_due(now=now) is None  # leased
    # A lease that ran out (a dead worker) is claimed again by a later sweep.
    later = now + dt.timedelta(seconds=301)
    assert len(reminders_claim_due(now=later).ids) == 3


def test_sweep_enqueues_after_commit(interview, django_capture_on_commit_callbacks):
    schedule(interview, "2026-11-23 14:05")
    seen = []
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        batches = reminders_sweep(enqueue=seen.append, now=berlin("2026-11-23 15:01"))
    assert seen == []  # nothing leaves before the claim is committed
    for callback in callbacks:
        callback()
    assert seen == batches and len(batches) == 1


def claim_and_send(now: dt.datetime):
    outcomes = []
    if batch := reminders_claim_due(now=now):
        with time_machine.travel(now, tick=False):
            outcomes.append(reminders_send_batch(ids=batch.ids, token=batch.token))
    return outcomes


def test_send_one_email_listing_every_unsent_letter(interview, settings):
    settings.SITE_URL = "https://jobtrack.example"
    schedule(interview, "2026-11-23 14:05")
    [outcome] = claim_and_send(berlin("2026-11-23 15:01"))
    assert len(outcome.sent) == 1
    [message] = mail.outbox
    assert message.subject == (
        "Send your thank-you letters to Ana Rivera and Ben Okafor at Acme today"
    )
    assert message.to == ["alice@example.com"]
    text = message.body
    html = message.alternatives[0][0]
    for letter in interview.letters.all():
        url = f"https://jobtrack.example/letters/{letter.pk}/"
        assert url in text and url in html
    assert "Monday 23 November, 14:00 (Europe/Berlin)" in text
    assert "https://jobtrack.example/accounts/profile/" in text
    assert (
        message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    )
    assert message.extra_headers["List-Unsubscribe"].startswith(
        "<https://jobtrack.example/reminders/unsubscribe/"
    )
    row = Reminder.objects.get(kind=ReminderKind.FIRST)
    assert row.sent_at and row.attempts == 1 and row.claimed_until is None


def test_user_with_two_interviews_due_gets_one_email_listing_both(interview):
    other = InterviewFactory(
        application=ApplicationFactory(owner=interview.owner, company="Globex"),
        ends_at=berlin("2026-11-23 13:30"),
    )
    LetterFactory(interview=other)
    schedule(interview, "2026-11-23 14:05")
    schedule(other, "2026-11-23 14:05")
    claim_and_send(berlin("2026-11-23 15:01"))
    [message] = mail.outbox
    assert message.subject == "Send your thank-you letters to Globex and Acme today"
    assert "Globex" in message.body and "Acme" in message.body


def test_user_text_in_email_is_escaped_in_html_and_plain_in_text(interview):
    interview.application.company = "<b>Acme & Co</b>"
    interview.application.save()
    schedule(interview, "2026-11-23 14:05")
    claim_and_send(berlin("2026-11-23 15:01"))
    [message] = mail.outbox
    assert "<b>Acme & Co</b>" in message.body
    assert "&lt;b&gt;Acme &amp; Co&lt;/b&gt;" in message.alternatives[0][0]


def test_evening_reminder_skipped_once_every_letter_is_sent_or_skipped(interview):
    schedule(interview, "2026-11-23 14:05")
    claim_and_send(berlin("2026-11-23 15:01"))
    first, second = interview.letters.all()
    first.status, first.sent_at = LetterStatus.SENT, timezone.now()
    first.save()
    second.status, second.skipped_at = LetterStatus.SKIPPED, timezone.now()
    second.save()
    [outcome] = claim_and_send(berlin("2026-11-23 18:01"))
    assert outcome.sent == [] and len(outcome.skipped) == 1
    assert len(mail.outbox) == 1
    evening = Reminder.objects.get(kind=ReminderKind.EVENING)
    assert evening.skip_reason == "every letter is sent or skipped"


def test_evening_reminder_lists_only_letters_still_unsent(interview):
    schedule(interview, "2026-11-23 14:05")
    claim_and_send(berlin("2026-11-23 15:01"))
    ana = interview.letters.get(interviewer__name="Ana Rivera")
    ana.status, ana.sent_at = LetterStatus.SENT, timezone.now()
    ana.save()
    claim_and_send(berlin("2026-11-23 18:01"))
    evening = mail.outbox[1]
    assert evening.subject == (
        "Before the day ends: send your thank-you letter to Ben Okafor at Acme"
    )
    assert "Ana Rivera" not in evening.body


def test_reminders_turned_off_after_scheduling_send_nothing(interview):
    schedule(interview, "2026-11-23 14:05")
    type(interview.owner).objects.update(reminders_enabled=False)
    claim_and_send(berlin("2026-11-23 15:01"))
    assert mail.outbox == []


def test_sweep_running_late_after_midnight_sends_nothing(interview):
    schedule(interview, "2026-11-23 14:05")
    claim_and_send(berlin("2026-11-24 00:30"))
    assert mail.outbox == []
    assert Reminder.objects.filter(skipped_at__isnull=False).count() == 2


def test_each_interview_round_gets_its_own_reminders(interview):
    second_round = InterviewFactory(
        application=interview.application,
        stage="second",
        ends_at=berlin("2026-11-23 14:30"),
    )
    LetterFactory(
        interview=second_round, interviewer=interview.letters.first().interviewer
    )
    schedule(interview, "2026-11-23 14:35")
    schedule(second_round, "2026-11-23 14:35")
    assert Reminder.objects.filter(kind=ReminderKind.FIRST).count() == 2


def test_stale_token_sends_nothing(interview):
    schedule(interview, "2026-11-23 14:05")
    now = berlin("2026-11-23 15:01")
    batch = reminders_claim_due(now=now)
    with time_machine.travel(now, tick=False):
        reminders_send_batch(ids=batch.ids, token=batch.token)
        # The same message delivered twice by the broker: the token was rotated, no email.
        reminders_send_batch(ids=batch.ids, token=batch.token)
        reminders_send_batch(ids=batch.ids, token=uuid.uuid4())
    assert len(mail.outbox) == 1


class FailingBackend:
    """An email backend whose send raises the given SMTP error."""

    error: Exception = smtplib.SMTPDataError(421, b"try later")

    def __init__(self, **kwargs):
        pass

    def open(self):
        return True

    def close(self):
        pass

    def send_messages(self, messages):
        raise type(self).error


@pytest.fixture
def failing_backend(settings):
    settings.EMAIL_BACKEND = f"{__name__}.FailingBackend"
    return FailingBackend


def test_4xx_is_deferred_with_backoff_and_keeps_the_lease(
    interview, failing_backend, settings
):
    settings.REMINDER_RETRY_BASE_SECONDS = 10
    failing_backend.error = smtplib.SMTPDataError(421, b"try later")
    schedule(interview, "2026-11-23 14:05")
    now = berlin("2026-11-23 15:01")
    batch = reminders_claim_due(now=now)
    with time_machine.travel(now, tick=False), pytest.raises(MailDeferred) as info:
        reminders_send_batch(ids=batch.ids, token=batch.token)
    assert 5 <= info.value.delay <= 15  # base 10 s, jitter ±50 %
    row = Reminder.objects.get(kind=ReminderKind.FIRST)
    assert row.sent_at is None and row.failed_at is None
    assert row.last_error == "421 try later" and row.attempts == 1
    assert row.claimed_until > now + dt.timedelta(seconds=info.value.delay)
    assert str(row.claim_token) == info.value.token


def test_5xx_is_recorded_as_failed_and_not_retried(interview, failing_backend):
    failing_backend.error = smtplib.SMTPRecipientsRefused(
        {"alice@example.com": (550, b"5.1.1 mailbox unavailable")}
    )
    schedule(interview, "2026-11-23 14:05")
    [outcome] = claim_and_send(berlin("2026-11-23 15:01"))
    assert len(outcome.failed) == 1
    row = Reminder.objects.get(kind=ReminderKind.FIRST)
    assert row.failed_at is not None
    assert row.last_error == "alice@example.com: 550 5.1.1 mailbox unavailable"
    assert reminders_claim_due(now=berlin("2026-11-23 15:30")) is None


def test_attempts_are_capped_in_the_database(interview, failing_backend, settings):
    settings.REMINDER_MAX_ATTEMPTS = 2
    failing_backend.error = ConnectionRefusedError(111, "Connection refused")
    schedule(interview, "2026-11-23 14:05")
    now = berlin("2026-11-23 15:01")
    batch = reminders_claim_due(now=now)
    with time_machine.travel(now, tick=False):
        with pytest.raises(MailDeferred) as info:
            reminders_send_batch(ids=batch.ids, token=batch.token)
        outcome = reminders_send_batch(ids=batch.ids, token=info.value.token)
    assert len(outcome.failed) == 1
    row = Reminder.objects.get(kind=ReminderKind.FIRST)
    assert row.attempts == 2 and row.failed_at is not None
    assert row.last_error.startswith("gave up after 2 attempts: ConnectionRefusedError")


def test_worker_that_outlived_its_lease_cannot_send(interview):
    schedule(interview, "2026-11-23 14:05")
    now = berlin("2026-11-23 15:01")
    old = reminders_claim_due(now=now)
    later = now + dt.timedelta(minutes=6)
    new = reminders_claim_due(now=later)  # the lease ran out: a later sweep took it
    with time_machine.travel(later, tick=False):
        assert reminders_send_batch(ids=old.ids, token=old.token).sent == []
        assert len(reminders_send_batch(ids=new.ids, token=new.token).sent) == 1
    assert len(mail.outbox) == 1


def test_user_factory_default_timezone_is_berlin():
    """The fixtures above read times in Berlin: guard the assumption they rest on."""
    assert UserFactory.build().timezone == "Europe/Berlin"


def test_first_and_evening_due_together_make_one_email_listing_the_interview_once(
    interview,
):
    """The sweep was down all afternoon: at 18:05 both rows are due; one mention only."""
    schedule(interview, "2026-11-23 14:05")
    [outcome] = claim_and_send(berlin("2026-11-23 18:05"))
    assert len(outcome.sent) == 1 and len(outcome.skipped) == 1
    [message] = mail.outbox
    assert message.body.count("at Acme – Data Engineer") == 1
    assert Reminder.objects.get(kind=ReminderKind.FIRST).sent_at is not None
    evening = Reminder.objects.get(kind=ReminderKind.EVENING)
    assert evening.skip_reason == "the first reminder went out within the hour"
