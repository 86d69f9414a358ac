"""Reminders: scheduling rows when an interview is saved, and the sweep that claims due rows.

The database is the source of truth: a row per (interview, kind) with its due time in UTC.
Beat runs the sweep on a static schedule; the sweep claims due rows with a lease and hands
them, grouped per user, to the send task (reminders.delivery does the sending).
"""

import datetime as dt
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.db.models.functions import Coalesce
from django.utils import timezone

from applications.models import ApplicationStatus, Interview, InterviewStatus

from .models import (
    CHECKIN_REMINDER_KINDS,
    THANK_YOU_REMINDER_KINDS,
    Reminder,
    ReminderKind,
)
from .rules import Prefs, checkin_times, reminder_times


def reminders_schedule_for_interview(*, interview, now: dt.datetime | None = None):
    """Create or move the interview's pending reminders; sent or skipped ones stay as they are.

    Called inside the transaction that saves the interview, so the rows and the interview
    commit together. An interview not done yet, or logged after its day, gets none.
    """
    now = now or timezone.now()
    user = interview.owner
    times = (
        reminder_times(
            ends_at=interview.ends_at, logged_at=now, prefs=Prefs.for_user(user)
        )
        if interview.is_done
        else {}
    )
    existing = {
        row.kind: row
        for row in Reminder.objects.filter(interview=interview).select_for_update()
    }
    scheduled = []
    for kind in THANK_YOU_REMINDER_KINDS:
        row = _row_due(interview, kind, existing.get(kind.value), times.get(kind))
        if row is not None:
            scheduled.append(row)
    return scheduled


def _row_due(interview, kind: ReminderKind, row: Reminder | None, due_at):
    """Create, move or delete one pending row to match `due_at` (None: no reminder).
    A sent, failed or skipped row stays as it is: nothing twice per interview and kind."""
    if row is not None and not _is_pending(row):
        return None
    if due_at is None:
        if row is not None:
            row.delete()
        return None
    if row is None:
        return Reminder.objects.create(
            owner_id=interview.owner_id,
            interview=interview,
            kind=kind.value,
            due_at=due_at,
            trashed_at=_in_trash_since(interview),
        )
    if row.due_at != due_at:
        row.due_at = due_at
        row.save(update_fields=["due_at"])
    return row


def _in_trash_since(interview) -> dt.datetime | None:
    """When the interview went to the Trash, on its own or with its application: read
    from the database, as the instance in hand may be older than the move."""
    interviews = Interview.objects.filter(pk=interview.pk)
    return interviews.values_list(
        Coalesce(*interviews.trash_lookups), flat=True
    ).first()


def checkins_schedule_for_application(*, application) -> list[Reminder]:
    """Create or move the check-ins of the application's last round; drop pending ones
    that no longer apply (an earlier round's, or all once the application moves on).

    Called where the round, its decision date or the status change, inside their
    transaction. The round is the latest interview; a scheduled one means there is
    contact again, so none is due.
    """
    user = application.owner
    existing = list(
        Reminder.objects.filter(
            interview__application=application, kind__in=CHECKIN_REMINDER_KINDS
        ).select_for_update()
    )
    last_round = (
        Interview.objects.filter(application=application)
        .order_by("-ends_at", "-id")
        .first()
    )
    wanted = (
        last_round is not None
        and last_round.status == InterviewStatus.DONE
        and application.status == ApplicationStatus.INTERVIEWING
    )
    for row in existing:
        if _is_pending(row) and (not wanted or row.interview_id != last_round.pk):
            row.delete()
    if not wanted:
        return []
    rows = {row.kind: row for row in existing if row.interview_id == last_round.pk}
    first = rows.get(ReminderKind.CHECKIN_1.value)
    times = checkin_times(
        decision_on=application.decision_expected_on,
        last_round_end=last_round.ends_at,
        working_days=user.checkin_working_days,
        prefs=Prefs.for_user(user),
        first_sent_at=first.sent_at if first is not None else None,
    )
    scheduled = []
    for kind in CHECKIN_REMINDER_KINDS:
        row = _row_due(last_round, kind, rows.get(kind.value), times[kind])
        if row is not None:
            scheduled.append(row)
    return scheduled


def reminders_follow_trash(*, interviews, trashed_at: dt.datetime | None) -> int:
    """Put the reminders of ``interviews`` (a queryset) in the Trash with them, or, with
    None, bring them back out. The Trash's moves call this in their transaction, so a
    reminder's ``trashed_at`` is set exactly while its interview or application is in
    the Trash."""
    return Reminder.objects.filter(interview__in=interviews).update(
        trashed_at=trashed_at
    )


def reminder_next_for_interview(*, interview) -> Reminder | None:
    """The interview's next reminder still to come, for the page that says what is next."""
    return Reminder.objects.filter(interview=interview).pending().first()


def _is_pending(row: Reminder) -> bool:
    return row.sent_at is None and row.failed_at is None and row.skipped_at is None


@dataclass(frozen=True)
class Batch:
    """Rows claimed by one sweep under one token, of any number of users; the send task
    writes one email per user."""

    ids: tuple[int, ...]
    token: uuid.UUID
    # (due_at, id) of the last row the claim selected: where the sweep's next claim starts.
    after: tuple | None = field(default=None, compare=False)


def reminders_claim_due(
    *,
    now: dt.datetime | None = None,
    limit: int | None = None,
    lease: dt.timedelta | None = None,
    after: tuple | None = None,
) -> Batch | None:
    """Claim due rows with a lease, so that concurrent sweeps never claim a row twice.

    1. Select due, unleased rows through the partial index, oldest first, locking them and
       skipping rows another sweep has locked (PostgreSQL; SQLite serialises writers).
    2. Stamp them with a fresh token and a lease with a conditional UPDATE that repeats
       the due-and-unleased test, so a row someone else claimed meanwhile is not taken.
    3. Read back what carries the token: exactly the rows this sweep owns.
    """
    now = now or timezone.now()
    limit = limit or settings.REMINDER_SWEEP_LIMIT
    lease = lease or dt.timedelta(seconds=settings.REMINDER_LEASE_SECONDS)
    token = uuid.uuid4()
    due = Reminder.objects.claimable(now)
    if after is not None:
        # Resume after the last row this sweep claimed: the rows before it are leased
        # now, and walking over them again made draining a backlog quadratic.
        due_at, pk = after
        due = due.filter(due_at__gte=due_at).exclude(due_at=due_at, pk__lte=pk)
    with transaction.atomic():
        picked = list(
            due.order_by("due_at", "id")
            .select_for_update(skip_locked=True, of=("self",))
            .values_list("pk", "due_at")[:limit]
        )
        if not picked:
            return None
        ids = [pk for pk, _ in picked]
        last = (picked[-1][1], picked[-1][0])
        Reminder.objects.claimable(now).filter(pk__in=ids).update(
            claim_token=token, claimed_until=now + lease
        )
        # Among the ids just selected (their primary keys, not a scan for the token).
        claimed = Reminder.objects.filter(pk__in=ids, claim_token=token)
        owned = tuple(claimed.order_by("due_at", "id").values_list("pk", flat=True))
    return Batch(owned, token, after=last) if owned else None


def reminders_sweep(
    *,
    enqueue: Callable[[Batch], object],
    now: dt.datetime | None = None,
    rounds: int | None = None,
) -> list[Batch]:
    """One beat tick: claim what is due, a claim at a time, until nothing is left (or
    ``rounds`` claims), and enqueue one send task per claim after its commit.

    A claim holds up to REMINDER_SWEEP_LIMIT rows of any number of users; the send task
    writes one email per user over one SMTP connection. So a backlog of 100,000 rows is
    claimed in one tick as 100 tasks, not 100,000 tasks over a hundred ticks.
    """
    rounds = rounds or settings.REMINDER_SWEEP_ROUNDS
    sent: list[Batch] = []
    after = None
    for _ in range(rounds):
        with transaction.atomic():
            batch = reminders_claim_due(now=now, after=after)
            if batch is None:
                break
            after = batch.after
            transaction.on_commit(lambda batch=batch: enqueue(batch))
        sent.append(batch)
    return sent


def reminders_turn_off(*, user) -> None:
    """Unsubscribe: no more reminder emails; the pending rows are dropped at send time."""
    type(user).objects.filter(pk=user.pk).update(reminders_enabled=False)
