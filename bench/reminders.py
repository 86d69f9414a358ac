"""Reminders at scale: the due query over a million interviews, a 100,000 backlog drained
through the real sweep task into Redis, and delivery to a local SMTP sink.

Everything runs in this process, calling the Celery task functions directly, so "one
worker" here is one process doing what a solo worker would do; the sweep's send tasks go
to the real Redis broker (DB 11) and are counted there, then deleted unsent.
"""

import datetime as dt
import statistics
import sys
import time
import zoneinfo
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from .data import BACKLOG, SWEEP_DUE, SWEEP_INTERVIEWS, sweep_set_pending
from .env import REDIS_URL
from .launch import HOST, accepts_tcp, free_port, launched


@dataclass
class SweepResults:
    due_ms: float
    due_rows: int
    explain: str
    uses_partial_index: bool
    backlog: int
    drain_seconds: float
    sweep_runs: int
    send_tasks: int
    emails: int = 0
    delivery_seconds: float = 0.0
    smtp_connections: int = 0


def _redis():
    import redis

    return redis.Redis.from_url(REDIS_URL)


def _claim_queryset(now):
    from django.conf import settings

    from reminders.models import Reminder

    return (
        Reminder.objects.claimable(now)
        .order_by("due_at", "id")
        .select_for_update(skip_locked=True)
        .values_list("pk", flat=True)[: settings.REMINDER_SWEEP_LIMIT]
    )


def due_query(*, meta: dict, runs: int, lock: bool = True) -> tuple[float, int, str]:
    """The sweep's claim SELECT (LIMIT, and FOR UPDATE SKIP LOCKED when ``lock``): median
    milliseconds, rows, and the plan (EXPLAIN ANALYZE)."""
    from django.db import connection, transaction
    from django.utils import timezone

    sweep_set_pending(
        meta=meta, due_every=SWEEP_INTERVIEWS // SWEEP_DUE, later_every=100
    )
    queryset = _claim_queryset(timezone.now())
    if not lock:
        queryset.query.select_for_update = False
    with transaction.atomic():  # Django writes FOR UPDATE only inside a transaction
        sql, params = queryset.query.sql_with_params()
    timings = []
    rows = 0
    with connection.cursor() as cursor:
        for _ in range(runs + 2):
            with transaction.atomic():
                started = time.perf_counter()
                cursor.execute(sql, params)
                rows = len(cursor.fetchall())
                timings.append((time.perf_counter() - started) * 1000)
                transaction.set_rollback(True)
        with transaction.atomic():
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql, params)
            plan = "\n".join(line for (line,) in cursor.fetchall())
            transaction.set_rollback(True)
    return statistics.median(timings[2:]), rows, plan


def drain(*, meta: dict) -> tuple[int, float, int, int]:
    """Make 100,000 reminders due and run the beat task until it claims nothing more."""
    from reminders.tasks import reminders_sweep_task

    backlog = sweep_set_pending(meta=meta, due_every=SWEEP_INTERVIEWS // BACKLOG)
    broker = _redis()
    broker.flushdb()  # our own DB number: the queue starts empty
    runs = 0
    started = time.perf_counter()
    while True:
        runs += 1
        if not reminders_sweep_task():
            break
    seconds = time.perf_counter() - started
    tasks = sum(
        broker.llen(key) for key in broker.scan_iter() if broker.type(key) == b"list"
    )
    broker.flushdb()  # nothing is delivered from the bench's queue
    return backlog, seconds, runs, tasks


def _delivery_zone() -> str:
    """A zone where it is now around 13:00, so no quiet hours and the day is not over."""
    offset = (13 - dt.datetime.now(dt.UTC).hour + 12) % 24 - 12
    return "UTC" if offset == 0 else f"Etc/GMT{-offset:+d}"


def delivery_prepare(*, users: int) -> list[int]:
    """``users`` users, each with an interview that ended 30 minutes ago, two draft
    letters and a first reminder due now; made afresh each run."""
    from django.db import transaction
    from django.utils import timezone

    from accounts.models import User
    from applications.models import Application, Interview, Interviewer
    from bench.seeding import seed_users
    from letters.models import Letter, LetterKind
    from reminders.models import Reminder, ReminderKind

    User.objects.filter(email__startswith="deliver").delete()
    now = timezone.now()
    zone = _delivery_zone()
    assert zoneinfo.ZoneInfo(zone)
    with transaction.atomic():
        people = seed_users(count=users)
        for n, user in enumerate(people):
            user.email = f"deliver{n}@bench.invalid"
            user.timezone = zone
        User.objects.bulk_update(people, ["email", "timezone"], batch_size=2000)
        apps = Application.objects.bulk_create(
            [
                Application(owner=u, company=f"Company {u.pk}", role="Engineer")
                for u in people
            ]
        )
        interviews = Interview.objects.bulk_create(
            [
                Interview(
                    owner=a.owner,
                    application=a,
                    ends_at=now - dt.timedelta(minutes=30),
                    timezone=zone,
                )
                for a in apps
            ]
        )
        persons = Interviewer.objects.bulk_create(
            [
                Interviewer(owner=a.owner, application=a, name=name)
                for a in apps
                for name in ("Ana Rivera", "Ben Okafor")
            ]
        )
        Letter.objects.bulk_create(
            [
                Letter(
                    owner=i.owner,
                    application_id=i.application_id,
                    interview=i,
                    interviewer=persons[2 * k + j],
                    kind=LetterKind.FIRST,
                    subject="Thank you – first interview",
                    body="Dear Ms. Rivera,\n\nThank you for your time today.",
                )
                for k, i in enumerate(interviews)
                for j in (0, 1)
            ]
        )
        Reminder.objects.bulk_create(
            [
                Reminder(
                    owner=i.owner,
                    interview=i,
                    kind=ReminderKind.FIRST,
                    due_at=now - dt.timedelta(minutes=1),
                )
                for i in interviews
            ]
        )
    return [u.pk for u in people]


@contextmanager
def smtp_sink() -> Iterator[int]:
    """aiosmtpd's Sink handler in its own process, accepting and discarding every
    message; yields its port."""
    port = free_port()
    command = [sys.executable, "-m", "aiosmtpd", "-n", "-l", f"{HOST}:{port}"]
    command += ["-c", "aiosmtpd.handlers.Sink"]
    with launched(command, ready=accepts_tcp(port), timeout=20, stop_timeout=10):
        yield port


def deliver(*, meta: dict, users: int) -> tuple[int, float, int]:
    """Claim the due reminders with the real sweep, then run every send task in turn
    against the SMTP sink, as one solo worker would. Returns emails, seconds, connections."""
    import smtplib

    from django.conf import settings

    from reminders.models import Reminder
    from reminders.schedule import reminders_sweep
    from reminders.tasks import reminders_send_batch_task

    sweep_set_pending(meta=meta, due_every=10 * SWEEP_INTERVIEWS)  # none due
    owners = delivery_prepare(users=users)
    batches = []
    while found := reminders_sweep(enqueue=batches.append):
        pass
    del found
    connections = 0
    real_connect = smtplib.SMTP.connect

    def counting_connect(self, *args, **kwargs):
        nonlocal connections
        connections += 1
        return real_connect(self, *args, **kwargs)

    with smtp_sink() as sink_port:
        saved = {
            name: getattr(settings, name)
            for name in ("EMAIL_BACKEND", "EMAIL_HOST", "EMAIL_PORT", "EMAIL_USE_TLS")
        }
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", sink_port
        settings.EMAIL_USE_TLS = False
        smtplib.SMTP.connect = counting_connect
        try:
            started = time.perf_counter()
            for batch in batches:
                reminders_send_batch_task(ids=list(batch.ids), token=str(batch.token))
            seconds = time.perf_counter() - started
        finally:
            smtplib.SMTP.connect = real_connect
            for name, value in saved.items():
                setattr(settings, name, value)
    emails = (
        Reminder.objects.filter(owner_id__in=owners, sent_at__isnull=False)
        .values("owner_id")
        .distinct()
        .count()
    )
    return emails, seconds, connections
