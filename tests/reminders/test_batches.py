"""A sweep hands everything it claimed to one send task; that task writes one email per
user over one SMTP connection (issue 6: a 100,000 backlog in ≤ 200 tasks)."""

import datetime as dt
import smtplib
import zoneinfo

import pytest
import time_machine
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend

from reminders.delivery import MailDeferred, reminders_send_batch
from reminders.models import Reminder
from reminders.schedule import reminders_schedule_for_interview, reminders_sweep
from tests.factories import InterviewFactory, LetterFactory, UserFactory

pytestmark = pytest.mark.django_db
BERLIN = zoneinfo.ZoneInfo("Europe/Berlin")
ENDED = dt.datetime(2026, 11, 23, 14, 0, tzinfo=BERLIN)
SWEEP = dt.datetime(2026, 11, 23, 15, 1, tzinfo=BERLIN)


class CountingBackend(EmailBackend):
    """locmem, counting connections opened and refusing one address for good (550)."""

    opened = 0
    refuse = ""

    def open(self):
        type(self).opened += 1
        return super().open()

    def send_messages(self, messages):
        for message in messages:
            if type(self).refuse in message.to:
                raise smtplib.SMTPRecipientsRefused(
                    {type(self).refuse: (550, b"no such user")}
                )
        return super().send_messages(messages)


@pytest.fixture
def backend(settings):
    settings.EMAIL_BACKEND = f"{__name__}.CountingBackend"
    CountingBackend.opened, CountingBackend.refuse = 0, ""
    return CountingBackend


def users_with_due_reminders(count: int) -> list:
    users = []
    for n in range(count):
        user = UserFactory(email=f"user{n}@example.com")
        interview = InterviewFactory(application__owner=user, ends_at=ENDED)
        LetterFactory(interview=interview)
        with time_machine.travel(ENDED + dt.timedelta(minutes=5), tick=False):
            reminders_schedule_for_interview(interview=interview)
        users.append(user)
    return users


def sweep(**kwargs):
    """The batches the sweep enqueues (after its commits) and returns."""
    with time_machine.travel(SWEEP, tick=False):
        return reminders_sweep(enqueue=lambda batch: None, now=SWEEP, **kwargs)


def send(batch):
    with time_machine.travel(SWEEP, tick=False):
        return reminders_send_batch(ids=batch.ids, token=batch.token)


def test_one_sweep_enqueues_one_task_for_every_user_it_claimed(
    django_capture_on_commit_callbacks,
):
    users_with_due_reminders(3)
    with django_capture_on_commit_callbacks(execute=True):
        [batch] = sweep()
    assert set(batch.ids) == set(
        Reminder.objects.filter(kind="first").values_list("pk", flat=True)
    )


def test_a_backlog_above_the_claim_limit_is_claimed_in_one_tick(
    settings, django_capture_on_commit_callbacks
):
    settings.REMINDER_SWEEP_LIMIT = 2
    users_with_due_reminders(5)
    with django_capture_on_commit_callbacks(execute=True):
        batches = sweep()
    due = Reminder.objects.filter(kind="first").count()
    assert [len(b.ids) for b in batches] == [2, 2, 1] and due == 5
    with django_capture_on_commit_callbacks(execute=True):
        assert sweep() == []  # all leased now


def test_sweep_stops_after_its_rounds(settings, django_capture_on_commit_callbacks):
    settings.REMINDER_SWEEP_LIMIT = 1
    users_with_due_reminders(3)
    with django_capture_on_commit_callbacks(execute=True):
        assert len(sweep(rounds=2)) == 2
        assert len(sweep(rounds=2)) == 1


def test_one_task_sends_one_email_per_user_over_one_connection(
    backend, django_capture_on_commit_callbacks
):
    users = users_with_due_reminders(3)
    with django_capture_on_commit_callbacks(execute=True):
        [batch] = sweep()

    outcome = send(batch)

    assert sorted(m.to[0] for m in mail.outbox) == sorted(u.email for u in users)
    assert backend.opened == 1
    assert len(outcome.sent) == 3
    assert not Reminder.objects.filter(kind="first", sent_at__isnull=True).exists()


def test_a_refused_address_fails_that_user_only(
    backend, django_capture_on_commit_callbacks
):
    users = users_with_due_reminders(3)
    backend.refuse = users[1].email
    with django_capture_on_commit_callbacks(execute=True):
        [batch] = sweep()

    outcome = send(batch)

    assert sorted(m.to[0] for m in mail.outbox) == [users[0].email, users[2].email]
    failed = Reminder.objects.get(owner=users[1], kind="first")
    assert failed.failed_at is not None and "550" in failed.last_error
    assert len(outcome.sent) == 2 and outcome.failed == [failed.pk]


class DropsAfterFirst(EmailBackend):
    """Accepts one message, then the connection is lost (4xx-like: try again later)."""

    def send_messages(self, messages):
        if mail.outbox:
            raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")
        return super().send_messages(messages)


def test_a_lost_connection_defers_only_the_emails_not_yet_accepted(
    settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = f"{__name__}.DropsAfterFirst"
    users_with_due_reminders(3)
    with django_capture_on_commit_callbacks(execute=True):
        [batch] = sweep()

    with pytest.raises(MailDeferred) as info:
        send(batch)

    sent = Reminder.objects.filter(kind="first", sent_at__isnull=False)
    assert sent.count() == 1 and len(mail.outbox) == 1
    waiting = Reminder.objects.filter(kind="first", sent_at__isnull=True)
    assert {str(r.claim_token) for r in waiting} == {info.value.token}
    # The retry presents the new token and sends the other two, never the first again.
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    with time_machine.travel(SWEEP, tick=False):
        outcome = reminders_send_batch(ids=batch.ids, token=info.value.token)
    assert len(outcome.sent) == 2 and len(mail.outbox) == 3


def test_a_claim_after_a_cursor_takes_only_later_rows(settings):
    from reminders.schedule import reminders_claim_due

    settings.REMINDER_SWEEP_LIMIT = 2
    users_with_due_reminders(5)
    with time_machine.travel(SWEEP, tick=False):
        first = reminders_claim_due(now=SWEEP)
        second = reminders_claim_due(now=SWEEP, after=first.after)
    firsts, seconds = set(first.ids), set(second.ids)
    assert len(firsts) == 2 and len(seconds) == 2 and not firsts & seconds
    later = Reminder.objects.filter(pk__in=seconds)
    assert all(
        (r.due_at, r.pk) > first.after for r in later
    )  # resumed after the cursor
