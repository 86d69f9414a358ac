"""The send step against a real SMTP server (aiosmtpd), in-process: the mail server's
answers decide between sent, retried later and failed for good."""

import datetime as dt
import time

import pytest
from django.utils import timezone

from reminders.delivery import MailDeferred, reminders_send_batch
from reminders.models import Reminder
from reminders.schedule import reminders_claim_due
from tests.integration.reminder_data import due_reminders

pytestmark = pytest.mark.django_db


@pytest.fixture
def smtp_settings(settings, smtp_server):
    handler, port = smtp_server
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    settings.EMAIL_TIMEOUT = 1
    return handler


def send_due():
    batch = reminders_claim_due(now=timezone.now() + dt.timedelta(seconds=1))
    return reminders_send_batch(ids=batch.ids, token=batch.token)


def test_hanging_smtp_server_ends_within_email_timeout(smtp_settings):
    smtp_settings.hang_ehlo = 1
    due_reminders(1)
    started = time.monotonic()
    with pytest.raises(MailDeferred) as info:
        send_due()
    elapsed = time.monotonic() - started
    # EMAIL_TIMEOUT is 1 s and the server would hang for 30 s: ending within a few
    # seconds proves the timeout cut it short (the margin absorbs a loaded CI machine).
    assert elapsed < 6
    assert "timed out" in info.value.reason
    row = Reminder.objects.get()
    assert row.sent_at is None and row.failed_at is None and row.attempts == 1


def test_smtp_accepts_and_the_row_is_marked_sent(smtp_settings):
    due_reminders(1)
    outcome = send_due()
    assert len(outcome.sent) == 1 and len(smtp_settings.messages) == 1
    message = smtp_settings.messages[0]
    assert message.get_content_type() == "multipart/alternative"
    assert Reminder.objects.get().sent_at is not None


def test_smtp_421_is_deferred_not_failed(smtp_settings):
    smtp_settings.data_replies = ["421 4.3.2 Try again later"]
    due_reminders(1)
    with pytest.raises(MailDeferred) as info:
        send_due()
    assert info.value.reason.startswith("421")
    assert Reminder.objects.get().failed_at is None


def test_smtp_550_fails_with_the_reason(smtp_settings):
    smtp_settings.rcpt_reply = "550 5.1.1 No such user"
    due_reminders(1)
    outcome = send_due()
    assert len(outcome.failed) == 1
    row = Reminder.objects.get()
    assert row.failed_at is not None
    assert row.last_error == "user0@example.com: 550 5.1.1 No such user"
