"""After the check-ins: the applications that have gone quiet, and what the user says
about them ("Mark as ghosted", "Not yet", "They replied").

An application is suggested as ghosted when a check-in went out and nothing has happened
since for the user's `ghost_after_days`: no interview, no letter sent, no status change,
no reply recorded, and no "Not yet" (which starts the wait again).
"""

import datetime as dt

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from applications.models import Application, ApplicationStatus
from jobtrack.compiled import kept_compiled
from letters.models import Letter, LetterKind, LetterStatus

from .models import CHECKIN_REMINDER_KINDS, Reminder

GHOSTED_SKIP_REASON = "the application was marked as ghosted"


def _latest_per_application(queryset, field: str) -> dict[int, dt.datetime]:
    """{application id: the latest `field`} over the rows, in one grouped query."""
    per = "interview__application_id"
    return dict(
        queryset.filter(**{f"{field}__isnull": False})
        .order_by()
        .values(per)
        .annotate(latest=Max(field))
        .values_list(per, "latest")
    )


def _checkins_sent(*, user) -> dict[int, dt.datetime]:
    """{application id: its latest check-in}, from the check-in emails sent and the
    check-in letters sent (a user with reminders off checks in by letter), read
    together in one query: a handful of rows, whatever the size of the account."""
    latest: dict[int, dt.datetime] = {}
    for row in _checkins_sent_rows(user=user):
        app_id, sent_at = row["interview__application_id"], row["sent_at"]
        latest[app_id] = max(sent_at, latest.get(app_id, sent_at))
    return latest


@kept_compiled
def _checkins_sent_rows(*, user):
    """Built from the user alone, its SQL is kept (jobtrack.compiled)."""
    emails = Reminder.objects.for_user(user).filter(
        kind__in=CHECKIN_REMINDER_KINDS, sent_at__isnull=False
    )
    letters = Letter.objects.for_user(user).filter(
        status=LetterStatus.SENT, kind=LetterKind.CHECKIN, sent_at__isnull=False
    )
    columns = ("interview__application_id", "sent_at")
    return (
        emails.order_by()
        .values(*columns)
        .union(letters.order_by().values(*columns), all=True)
    )


def ghost_candidates(
    *, user, now: dt.datetime | None = None, limit: int | None = None
) -> list[Application]:
    """The user's open applications that went quiet after a check-in, quietest first,
    each with `last_checkin_at` and `last_contact_at`.

    Found from the sent check-ins (one query), then two grouped queries at most;
    per-application subqueries took seconds on an account with 10,000 applications.
    """
    now = now or timezone.now()
    quiet_since = now - dt.timedelta(days=user.ghost_after_days)
    checkins = _checkins_sent(user=user)
    if not checkins:
        return []
    applications = list(
        Application.objects.for_user(user)
        .filter(pk__in=list(checkins), status=ApplicationStatus.INTERVIEWING)
        .annotate(last_round_at=Max("interviews__ends_at"))
    )
    if not applications:
        return []
    letters_sent = _latest_per_application(
        Letter.objects.for_user(user).filter(
            status=LetterStatus.SENT,
            interview__application_id__in=[a.pk for a in applications],
        ),
        "sent_at",
    )
    quiet = []
    for application in applications:
        application.last_checkin_at = checkins[application.pk]
        contacts = (
            application.last_checkin_at,
            application.last_round_at,
            letters_sent.get(application.pk),
            application.status_changed_at,
            application.checkin_replied_at,
            application.ghost_dismissed_at,
        )
        application.last_contact_at = max(c for c in contacts if c is not None)
        if application.last_contact_at <= quiet_since:
            quiet.append(application)
    quiet.sort(key=lambda a: (a.last_contact_at, a.pk))
    return quiet[:limit] if limit else quiet


def application_mark_ghosted(*, application) -> int:
    """Accept the suggestion: the status becomes ghosted and every pending reminder of the
    application is skipped with the reason. Returns how many were skipped."""
    with transaction.atomic():
        application.status = ApplicationStatus.GHOSTED
        application.save(update_fields=["status", "updated_at"])
        return (
            Reminder.objects.pending()
            .filter(interview__application=application)
            .update(
                skipped_at=timezone.now(),
                skip_reason=GHOSTED_SKIP_REASON,
                claimed_until=None,
                claim_token=None,
            )
        )


def application_ghost_dismiss(*, application) -> None:
    """ "Not yet": ask again after another `ghost_after_days` of quiet."""
    Application.objects.filter(pk=application.pk).update(
        ghost_dismissed_at=timezone.now()
    )


def application_checkin_replied(*, application) -> None:
    """They answered a check-in: that is contact, and no further check-in of the round
    goes out (reminders.rules.checkin_moved_on reads the reply at send time)."""
    Application.objects.filter(pk=application.pk).update(
        checkin_replied_at=timezone.now()
    )


def checkins_of_application(*, application) -> list[Reminder]:
    """The application's check-in reminders, sent or to come, for its page."""
    return list(
        Reminder.objects.filter(
            interview__application=application, kind__in=CHECKIN_REMINDER_KINDS
        ).order_by("due_at", "id")
    )
