"""The Trash: a deleted application or interview waits here, whole, before it is purged.

Deleting sets ``trashed_at`` on the one row the user deleted; everything under it (its
interviews, people, letters with their versions, reminders) is hidden with it by the
owner scoping (``OwnedQuerySet.for_user``) and comes back with it on restore, untouched.
After ``TRASH_KEEPS`` the beat task purges it for good. Deleting the account skips the
Trash: every row goes at once.
"""

import datetime as dt
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone

from applications.models import Application, Interview, Interviewer
from letters.models import Letter, LetterStatus
from reminders.schedule import (
    reminders_follow_trash,
    reminders_schedule_for_interview,
)

TRASH_KEEPS = dt.timedelta(days=30)
# Rows deleted per statement by the purge, so one big Trash does not hold long locks.
PURGE_BATCH = 200


def trash_purge_on(trashed_at: dt.datetime) -> dt.datetime:
    """When a row deleted at ``trashed_at`` is purged (at the first beat tick after)."""
    return trashed_at + TRASH_KEEPS


@dataclass(frozen=True)
class TrashContents:
    """What goes to the Trash with a delete; finished and sent letters are named."""

    interviews: int
    people: int
    letters: int
    finished: list[Letter] = field(default_factory=list)
    sent: list[Letter] = field(default_factory=list)


def _contents(*, letters, interviews: int, people: int) -> TrashContents:
    rows = list(
        letters.filter(status__in=(LetterStatus.FINISHED, LetterStatus.SENT))
        .select_related("interviewer")
        .order_by("interviewer__name", "id")
    )
    return TrashContents(
        interviews=interviews,
        people=people,
        letters=letters.count(),
        finished=[r for r in rows if r.status == LetterStatus.FINISHED],
        sent=[r for r in rows if r.status == LetterStatus.SENT],
    )


def application_trash_contents(*, user, application: Application) -> TrashContents:
    return _contents(
        letters=Letter.objects.for_user(user).filter(application=application),
        interviews=Interview.objects.for_user(user)
        .filter(application=application)
        .count(),
        people=Interviewer.objects.for_user(user)
        .filter(application=application)
        .count(),
    )


def interview_trash_contents(*, user, interview: Interview) -> TrashContents:
    return _contents(
        letters=Letter.objects.for_user(user).filter(interview=interview),
        interviews=1,
        people=interview.participations.count(),
    )


@transaction.atomic
def application_trash(*, application: Application, now: dt.datetime | None = None):
    """Move the application, with everything logged for it, to the Trash."""
    now = now or timezone.now()
    if Application.objects.filter(pk=application.pk, trashed_at__isnull=True).update(
        trashed_at=now
    ):
        reminders_follow_trash(interviews=_live_rounds(application), trashed_at=now)


@transaction.atomic
def interview_trash(*, interview: Interview, now: dt.datetime | None = None):
    """Move the interview, with its people's notes and letters, to the Trash."""
    now = now or timezone.now()
    if Interview.objects.filter(pk=interview.pk, trashed_at__isnull=True).update(
        trashed_at=now
    ):
        reminders_follow_trash(
            interviews=Interview.objects.filter(pk=interview.pk), trashed_at=now
        )


def _live_rounds(application: Application):
    """The application's interviews not deleted on their own: they go to the Trash and
    come back with it; the others stay where they are."""
    return Interview.objects.filter(application=application, trashed_at__isnull=True)


@dataclass(frozen=True)
class TrashEntry:
    """One row of the Trash page: an application or an interview the user deleted."""

    application: Application
    interview: Interview | None
    trashed_at: dt.datetime
    letters: int

    @property
    def purge_on(self) -> dt.datetime:
        return trash_purge_on(self.trashed_at)

    @property
    def restores_application(self) -> bool:
        """An interview whose application is in the Trash too brings it back with it."""
        return self.interview is not None and self.application.trashed_at is not None


def trash_for_user(*, user) -> list[TrashEntry]:
    """Everything the user deleted and can still restore, newest first (two queries).

    An interview deleted on its own before its application is listed on its own: restoring
    the application leaves it in the Trash, restoring it brings the application back."""
    applications = (
        Application.objects.trashed_for_user(user)
        .annotate(
            letter_count=Count(
                "interviews__letters", filter=Q(interviews__trashed_at__isnull=True)
            )
        )
        .order_by()
    )
    interviews = (
        Interview.objects.with_trashed_for_user(user)
        .filter(trashed_at__isnull=False)
        .select_related("application")
        .annotate(letter_count=Count("letters"))
        .order_by()
    )
    entries = [
        TrashEntry(a, None, a.trashed_at, a.letter_count) for a in applications
    ] + [TrashEntry(i.application, i, i.trashed_at, i.letter_count) for i in interviews]
    return sorted(entries, key=lambda e: (e.trashed_at, e.application.pk), reverse=True)


def _reschedule(interviews, *, now: dt.datetime) -> None:
    """Reminders of restored interviews, as if logged now (past days get none)."""
    for interview in interviews.select_related("owner"):
        reminders_schedule_for_interview(interview=interview, now=now)


@transaction.atomic
def application_restore(
    *, user, pk: int, now: dt.datetime | None = None
) -> Application:
    """Bring a deleted application back whole; raises Application.DoesNotExist when the
    user has no such application in the Trash."""
    now = now or timezone.now()
    application = (
        Application.objects.trashed_for_user(user).select_for_update().get(pk=pk)
    )
    Application.objects.filter(pk=application.pk).update(trashed_at=None)
    application.trashed_at = None
    reminders_follow_trash(interviews=_live_rounds(application), trashed_at=None)
    _reschedule(
        Interview.objects.for_user(user).filter(application=application), now=now
    )
    return application


@transaction.atomic
def interview_restore(*, user, pk: int, now: dt.datetime | None = None) -> Interview:
    """Bring a deleted interview back whole, and its application when that was deleted
    too (an interview cannot be shown without it); raises Interview.DoesNotExist."""
    now = now or timezone.now()
    interview = (
        Interview.objects.with_trashed_for_user(user)
        .select_for_update()
        .select_related("application")
        .get(pk=pk, trashed_at__isnull=False)
    )
    Interview.objects.filter(pk=interview.pk).update(trashed_at=None)
    interview.trashed_at = None
    if interview.application.trashed_at is not None:
        application_restore(user=user, pk=interview.application_id, now=now)
        interview.application.trashed_at = None
    else:
        restored = Interview.objects.filter(pk=interview.pk)
        reminders_follow_trash(interviews=restored, trashed_at=None)
        _reschedule(restored, now=now)
    return interview


def trash_purge(*, now: dt.datetime | None = None) -> dict[str, int]:
    """Delete for good what has been in the Trash for longer than TRASH_KEEPS."""
    cutoff = (now or timezone.now()) - TRASH_KEEPS
    purged = {"applications": 0, "interviews": 0}
    for key, model in (("interviews", Interview), ("applications", Application)):
        expired = model.objects.filter(trashed_at__lt=cutoff).order_by("pk")
        while ids := list(expired.values_list("pk", flat=True)[:PURGE_BATCH]):
            with transaction.atomic():
                model.objects.filter(pk__in=ids, trashed_at__lt=cutoff).delete()
            purged[key] += len(ids)
    return purged
