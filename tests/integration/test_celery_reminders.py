"""A real Celery worker (with beat) on Redis, the test PostgreSQL and a real SMTP server.

Each test writes what it saw (due, delivered, duplicates, lost) to
var/test/reminder-integration.jsonl for the closing note of issue 5.
"""

import time
from collections import Counter

import pytest

from bench.launch import wait_until
from letters.models import Letter, LetterKind
from reminders.models import Reminder
from tests.integration.reminder_data import due_checkins, due_reminders

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]


def tally(handler, rows) -> dict:
    """Lost: neither delivered nor recorded as failed with a reason (a silent loss)."""
    per_recipient = Counter(m["To"] for m in handler.messages)
    expected = {row.owner.email for row in rows}
    failed = set(
        Reminder.objects.filter(failed_at__isnull=False).values_list(
            "owner__email", flat=True
        )
    )
    return {
        "due": len(rows),
        "delivered": len(set(per_recipient) & expected),
        "duplicates": sum(n - 1 for n in per_recipient.values() if n > 1),
        "lost": len(expected - set(per_recipient) - failed),
        "rows_sent": Reminder.objects.filter(sent_at__isnull=False).count(),
    }


SETTLE = 2  # seconds of further sweeps after the last email: nothing may double


def test_reminders_arrive_through_a_real_worker(
    start_worker, smtp_server, record_result
):
    handler, _ = smtp_server
    rows = due_reminders(3)
    started = time.monotonic()
    start_worker()
    assert handler.wait_for(3, timeout=30)
    first_email = handler.arrivals[0] - started
    time.sleep(SETTLE)
    result = tally(handler, rows)
    record_result(fault="none", first_email_s=round(first_email, 2), **result)
    assert result == {
        "due": 3,
        "delivered": 3,
        "duplicates": 0,
        "lost": 0,
        "rows_sent": 3,
    }
    message = handler.messages[0]
    assert message["Subject"].startswith("Send your thank-you letter to Ana ")
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert message["List-Unsubscribe"].strip().startswith("<http")
    assert message.is_multipart()  # text and HTML


def test_smtp_421_then_recovery_delivers_exactly_one(
    start_worker, smtp_server, record_result
):
    handler, _ = smtp_server
    handler.data_replies = ["421 4.3.2 Service not available, try again later"]
    rows = due_reminders(1)
    start_worker()
    assert handler.wait_for(1, timeout=30)
    time.sleep(SETTLE)
    result = tally(handler, rows)
    row = Reminder.objects.get()
    record_result(fault="smtp-421-then-ok", attempts=row.attempts, **result)
    assert result["delivered"] == 1 and result["duplicates"] == 0
    assert row.sent_at is not None and row.attempts == 2


def test_smtp_550_sends_nothing_and_records_the_failure(
    start_worker, smtp_server, record_result
):
    handler, _ = smtp_server
    handler.rcpt_reply = "550 5.1.1 Mailbox unavailable"
    rows = due_reminders(1)
    start_worker()
    assert wait_until(
        lambda: Reminder.objects.filter(failed_at__isnull=False).exists(), timeout=30
    )
    time.sleep(SETTLE)
    row = Reminder.objects.get()
    result = tally(handler, rows)
    record_result(fault="smtp-550", attempts=row.attempts, failed_recorded=1, **result)
    assert handler.messages == []
    assert row.attempts == 1 and row.sent_at is None
    assert "550 5.1.1 Mailbox unavailable" in row.last_error


def test_hanging_smtp_server_times_out_and_is_retried(
    start_worker, smtp_server, record_result
):
    handler, _ = smtp_server
    handler.hang_ehlo = 1  # the first connection never answers EHLO
    rows = due_reminders(1)
    started = time.monotonic()
    start_worker()
    assert handler.wait_for(1, timeout=30)
    delivered_after = handler.arrivals[0] - started
    time.sleep(SETTLE)
    result = tally(handler, rows)
    row = Reminder.objects.get()
    record_result(
        fault="smtp-hang-then-ok",
        email_timeout_s=2,
        delivered_after_s=round(delivered_after, 2),
        attempts=row.attempts,
        **result,
    )
    assert result["delivered"] == 1 and result["duplicates"] == 0
    assert row.attempts == 2


def test_worker_killed_mid_batch_loses_nothing(
    start_worker, smtp_server, record_result
):
    handler, _ = smtp_server
    handler.hold_at = 2  # the second email is on the wire when the worker dies
    rows = due_reminders(5)
    worker = start_worker("first")
    assert handler.holding.wait(30)
    worker.kill()
    killed_at = time.monotonic()
    handler.release.set()  # the held session ends without acceptance
    delivered_before_kill = len(handler.messages)
    start_worker("second")
    assert handler.wait_for(5, timeout=40)
    redelivery = max(handler.arrivals) - killed_at
    time.sleep(SETTLE)
    result = tally(handler, rows)
    record_result(
        fault="worker-sigkill-mid-batch",
        delivered_before_kill=delivered_before_kill,
        redelivery_after_kill_s=round(redelivery, 2),
        lease_s=4,
        sweep_s=0.5,
        **result,
    )
    assert result == {
        "due": 5,
        "delivered": 5,
        "duplicates": 0,
        "lost": 0,
        "rows_sent": 5,
    }


# -- check-ins (issue 16): the same sweep, lease and retry, their own email and draft ----


def test_checkins_arrive_through_a_real_worker_with_their_drafts(
    start_worker, smtp_server, record_result
):
    handler, _ = smtp_server
    rows = due_checkins(3)
    start_worker()
    assert handler.wait_for(3, timeout=30)
    time.sleep(SETTLE)
    result = tally(handler, rows)
    record_result(fault="none", kind="checkin", **result)
    assert result == {
        "due": 3,
        "delivered": 3,
        "duplicates": 0,
        "lost": 0,
        "rows_sent": 3,
    }
    assert Letter.objects.filter(kind=LetterKind.CHECKIN).count() == 3
    message = handler.messages[0]
    assert message["Subject"].startswith("Check in with Company ")
    assert message["List-Unsubscribe"].strip().startswith("<http")


def test_checkins_after_smtp_421_deliver_exactly_one(
    start_worker, smtp_server, record_result
):
    handler, _ = smtp_server
    handler.data_replies = ["421 4.3.2 Service not available, try again later"]
    rows = due_checkins(1)
    start_worker()
    assert handler.wait_for(1, timeout=30)
    time.sleep(SETTLE)
    result = tally(handler, rows)
    row = Reminder.objects.get()
    record_result(
        fault="smtp-421-then-ok", kind="checkin", attempts=row.attempts, **result
    )
    assert result["delivered"] == 1 and result["duplicates"] == 0
    assert row.attempts == 2
    assert Letter.objects.filter(kind=LetterKind.CHECKIN).count() == 1


def test_checkins_worker_killed_mid_batch_loses_nothing(
    start_worker, smtp_server, record_result
):
    handler, _ = smtp_server
    handler.hold_at = 2  # the second email is on the wire when the worker dies
    rows = due_checkins(5)
    worker = start_worker("first")
    assert handler.holding.wait(30)
    worker.kill()
    handler.release.set()
    delivered_before_kill = len(handler.messages)
    start_worker("second")
    assert handler.wait_for(5, timeout=40)
    time.sleep(SETTLE)
    result = tally(handler, rows)
    record_result(
        fault="worker-sigkill-mid-batch",
        kind="checkin",
        delivered_before_kill=delivered_before_kill,
        **result,
    )
    assert result == {
        "due": 5,
        "delivered": 5,
        "duplicates": 0,
        "lost": 0,
        "rows_sent": 5,
    }
    assert Letter.objects.filter(kind=LetterKind.CHECKIN).count() == 5
