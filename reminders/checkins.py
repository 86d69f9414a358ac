"""Check-in reminders at send time: which still apply, the draft they point to, the email.

reminders.delivery claims and records; this module decides per row (reminders.rules
checkin_moved_on and checkin_decide), drafts the round's check-in letter before the email
goes out (letters.drafting, idempotent), and renders the check-in email, one per user.
"""

import datetime as dt
from dataclasses import dataclass, field

from django.conf import settings
from django.urls import reverse

from applications.models import ApplicationStatus, Interview
from jobtrack.emails import make_message
from letters.drafting import letter_draft_checkin
from letters.models import Letter, LetterKind, LetterStatus

from .models import Reminder, ReminderKind
from .rules import Decision, Prefs, Verdict, checkin_decide, checkin_moved_on


@dataclass
class CheckinPlan:
    """What to record for claimed check-in rows, and what to send, per user."""

    dropped: list[tuple[int, str]] = field(default_factory=list)
    waiting: list[tuple[int, dt.datetime]] = field(default_factory=list)
    to_send: dict[int, list[Reminder]] = field(default_factory=dict)


def checkins_decide(rows: list[Reminder], *, now: dt.datetime) -> CheckinPlan:
    """Decide each claimed check-in row; draft the letter of every round still waiting
    for an answer, whether or not the email goes out (reminders off still get drafts).

    Three queries for any number of rows: later rounds, first check-ins sent, check-in
    letters sent.
    """
    applications = {row.interview.application_id for row in rows}
    latest_end: dict[int, dt.datetime] = {}
    for app_id, ends_at in Interview.objects.filter(
        application_id__in=applications
    ).values_list("application_id", "ends_at"):
        latest_end[app_id] = max(ends_at, latest_end.get(app_id, ends_at))
    interview_ids = [row.interview_id for row in rows]
    first_sent = dict(
        Reminder.objects.filter(
            interview_id__in=interview_ids,
            kind=ReminderKind.CHECKIN_1,
            sent_at__isnull=False,
        ).values_list("interview_id", "sent_at")
    )
    letter_sent = set(
        Letter.objects.filter(
            interview_id__in=interview_ids,
            kind=LetterKind.CHECKIN,
            status=LetterStatus.SENT,
        ).values_list("interview_id", flat=True)
    )
    plan = CheckinPlan()
    drafted: set[int] = set()
    for row in rows:
        interview = row.interview
        application = interview.application
        kind = ReminderKind(row.kind)
        moved_on = checkin_moved_on(
            status_is_interviewing=application.status == ApplicationStatus.INTERVIEWING,
            status_changed_at=application.status_changed_at,
            scheduled_at=row.created_at,
            newer_round=latest_end[application.pk] > interview.ends_at,
            replied_at=application.checkin_replied_at,
            # The user checked in by letter before the first reminder came.
            checked_in_by_letter=kind == ReminderKind.CHECKIN_1
            and interview.pk in letter_sent,
        )
        decision: Decision = checkin_decide(
            kind=kind,
            now=now,
            prefs=Prefs.for_user(row.owner),
            moved_on=moved_on,
            first_sent_at=first_sent.get(interview.pk),
        )
        if not moved_on and application.pk not in drafted:
            letter_draft_checkin(application=application)
            drafted.add(application.pk)
        if decision.verdict == Verdict.DROP:
            plan.dropped.append((row.pk, decision.reason))
        elif decision.verdict == Verdict.WAIT:
            plan.waiting.append((row.pk, decision.not_before))
        else:
            plan.to_send.setdefault(row.owner_id, []).append(row)
    return plan


def checkin_subject(*, items: list[dict]) -> str:
    """Say what to do: "Check in with Acme about the Analyst role"."""
    if len(items) == 1:
        return f"Check in with {items[0]['company']} about the {items[0]['role']} role"
    return f"Time to check in on {len(items)} applications"


def checkin_message(*, user, rows: list[Reminder], unsubscribe_url: str):
    """The check-in email for one user: each application with its round and its draft."""
    zone = user.zone
    letters = {
        letter.interview_id: letter
        for letter in Letter.objects.filter(
            interview_id__in=[row.interview_id for row in rows],
            kind=LetterKind.CHECKIN,
        ).select_related("interviewer")
    }
    items = []
    for row in sorted(rows, key=lambda r: (r.interview.ends_at, r.pk)):
        interview = row.interview
        application = interview.application
        letter = letters.get(interview.pk)
        decided = application.decision_expected_on
        items.append(
            {
                "company": application.company,
                "role": application.role,
                "stage": interview.get_stage_display(),
                "round_on": f"{interview.ends_at.astimezone(zone):%A %-d %B}",
                "decision_on": f"{decided:%A %-d %B}" if decided else "",
                "second": row.kind == ReminderKind.CHECKIN_2,
                "recipient": letter.recipient_name if letter else "the hiring team",
                "letter_subject": letter.subject if letter else "",
                "letter_status": letter.get_status_display() if letter else "",
                "url": settings.SITE_URL
                + (
                    reverse("letters:edit", args=[letter.pk])
                    if letter
                    else application.get_absolute_url()
                ),
                "application_url": settings.SITE_URL + application.get_absolute_url(),
            }
        )
    ctx = {
        "name": user.display_name,
        "subject": checkin_subject(items=items),
        "items": items,
        "settings_url": settings.SITE_URL + reverse("accounts:profile") + "#reminders",
        "unsubscribe_url": unsubscribe_url,
        "site_url": settings.SITE_URL,
    }
    headers = {
        "List-Unsubscribe": f"<{unsubscribe_url}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        "Auto-Submitted": "auto-generated",
    }
    return make_message("checkin", user.email, ctx, headers=headers)
