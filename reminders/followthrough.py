"""After the check-ins: the applications that have gone quiet, and what the user says
about them ("Mark as ghosted", "Not yet", "They replied").

An application is suggested as ghosted when a check-in went out and nothing has happened
since for the user's `ghost_after_days`: no interview, no letter sent, no status change,
no reply recorded, and no "Not yet" (which starts the wait again).
"""

import datetime as dt

from django.db import transaction
from django.db.models import DateTimeField, F, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone

from applications.models import Application, ApplicationStatus, Interview
from letters.models import Letter, LetterKind

from .models import CHECKIN_REMINDER_KINDS, Reminder

# Stands in for "never" inside GREATEST, which is NULL on some databases when one is.
_NEVER = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
GHOSTED_SKIP_REASON = "the application was marked as ghosted"


def _latest(queryset, field: str):
    """The latest `field` of an application's rows, as a subquery (NULL when none)."""
    return Subquery(
        queryset.filter(**{f"{field}__isnull": False})
        .order_by(f"-{field}")
        .values(field)[:1],
        output_field=DateTimeField(),
    )


def ghost_candidates(*, user, now: dt.datetime | None = None):
    """The user's open applications that went quiet after a check-in, quietest first,
    annotated with `last_checkin_at` and `last_contact_at`."""
    now = now or timezone.now()
    after = dt.timedelta(days=user.ghost_after_days)
    app = OuterRef("pk")
    checkin_emails = Reminder.objects.filter(
        interview__application=app, kind__in=CHECKIN_REMINDER_KINDS
    )
    checkin_letters = Letter.objects.filter(
        interview__application=app, kind=LetterKind.CHECKIN
    )
    rounds = Interview.objects.filter(application=app)
    letters_sent = Letter.objects.filter(interview__application=app)
    never = Value(_NEVER, output_field=DateTimeField())
    return (
        Application.objects.for_user(user)
        .filter(status=ApplicationStatus.INTERVIEWING)
        .annotate(
            # A check-in is the reminder email or the check-in letter sent, whichever
            # came last (a user with reminders off checks in by letter alone).
            last_checkin_at=Greatest(
                Coalesce(_latest(checkin_emails, "sent_at"), never),
                Coalesce(_latest(checkin_letters, "sent_at"), never),
            ),
            last_contact_at=Greatest(
                F("last_checkin_at"),
                Coalesce(_latest(rounds, "ends_at"), never),
                Coalesce(_latest(letters_sent, "sent_at"), never),
                Coalesce("status_changed_at", never),
                Coalesce("checkin_replied_at", never),
                Coalesce("ghost_dismissed_at", never),
            ),
        )
        .filter(last_checkin_at__gt=never, last_contact_at__lte=now - after)
        .order_by("last_contact_at", "id")
    )


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
