"""Concurrent sweeps on PostgreSQL: row locks with skip_locked plus the conditional UPDATE
mean two beats (or four) never claim the same reminder."""

import datetime as dt
import threading
import time

import pytest
from django.db import connection as default_connection
from django.db import connections
from django.utils import timezone

from accounts.models import User
from applications.models import Application, Interview
from reminders.models import Reminder, ReminderKind
from reminders.schedule import reminders_claim_due

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]


def bulk_due_reminders(count: int, users: int = 20) -> None:
    """`count` due rows (two kinds per interview) spread over `users` users, in bulk."""
    now = timezone.now()
    owners = User.objects.bulk_create(
        User(email=f"sweep{n}@example.com", password="!") for n in range(users)
    )
    apps = Application.objects.bulk_create(
        Application(owner=owner, company="Acme", role="Engineer") for owner in owners
    )
    interviews = Interview.objects.bulk_create(
        Interview(
            owner=apps[n % users].owner,
            application=apps[n % users],
            ends_at=now - dt.timedelta(hours=1),
            timezone="UTC",
        )
        for n in range(count // 2)
    )
    Reminder.objects.bulk_create(
        Reminder(
            owner_id=interview.owner_id,
            interview=interview,
            kind=kind,
            due_at=now - dt.timedelta(minutes=n % 30),
        )
        for n, interview in enumerate(interviews)
        for kind in (ReminderKind.FIRST, ReminderKind.EVENING)
    )


def test_four_concurrent_sweeps_claim_each_of_1000_reminders_once(
    postgres, record_result
):
    bulk_due_reminders(1000)
    now = timezone.now()
    claimed: list[list[int]] = [[] for _ in range(4)]
    errors: list[BaseException] = []
    start = threading.Barrier(4)

    def sweep(n: int) -> None:
        try:
            start.wait()
            while batch := reminders_claim_due(now=now, limit=50):
                claimed[n].extend(batch.ids)
        except BaseException as exc:  # noqa: BLE001 - reported by the main thread
            errors.append(exc)
        finally:
            connections.close_all()

    started = time.monotonic()
    threads = [threading.Thread(target=sweep, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    elapsed = time.monotonic() - started
    assert not errors
    everything = [pk for ids in claimed for pk in ids]
    duplicates = len(everything) - len(set(everything))
    record_result(
        fault="four-concurrent-sweeps",
        due=1000,
        claimed=len(set(everything)),
        duplicates=duplicates,
        lost=1000 - len(set(everything)),
        per_sweep=[len(ids) for ids in claimed],
        seconds=round(elapsed, 2),
    )
    assert duplicates == 0
    assert len(everything) == 1000
    assert all(claimed), "every sweep took part"
    assert set(everything) == set(Reminder.objects.values_list("pk", flat=True))
    assert default_connection.vendor == "postgresql"
