"""Logging an interview: the interview, a new application if any, the people met and
their notes are saved together or not at all; a done interview gets its drafts at once."""

import datetime as dt
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.db.models import Value
from django.db.models.functions import Lower

from letters.drafting import letter_withdrawal_follow, letters_draft_for_interview
from letters.models import Letter
from reminders.schedule import (
    checkins_schedule_for_application,
    reminders_schedule_for_interview,
)

from .models import (
    Application,
    ApplicationStatus,
    Greeting,
    Interview,
    Interviewer,
    Participation,
)

# Logging a round means the application is in interviews, whatever it said before.
STATUSES_BEFORE_INTERVIEWS = (ApplicationStatus.SAVED, ApplicationStatus.APPLIED)


@dataclass
class PersonEntry:
    """A person as typed in the form (or ticked from an earlier round), with their notes.

    ``is_coordinator`` and ``greeting`` are None when the entry says nothing about them
    (a person ticked from an earlier round): what is known is kept.
    """

    name: str
    title: str = ""
    email: str = ""
    is_coordinator: bool | None = None
    greeting: str | None = None
    notes: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class DecisionAnswer:
    """What they said at the end of a round about hearing back: a date, or none given."""

    on: dt.date | None


@dataclass
class InterviewSaved:
    interview: Interview
    drafts: list[Letter]
    application_created: bool = False


def interview_log(
    *,
    user,
    application: Application | None,
    new_application: dict | None = None,
    details: dict,
    people: list[PersonEntry],
    still_interested: bool = True,
    withdrawal_reason: str | None = None,
    decision: DecisionAnswer | None = None,
) -> InterviewSaved:
    """Save a new interview with everything typed in one go; draft its letters when done."""
    if (application is None) == (new_application is None):
        raise ValueError("Give exactly one of application and new_application.")
    if application is not None and application.owner_id != user.pk:
        raise PermissionError("The application belongs to another user.")
    with transaction.atomic():
        created = application is None
        if created:
            application = Application.objects.create(
                owner=user,
                company=new_application["company"],
                role=new_application["role"],
                status=ApplicationStatus.INTERVIEWING,
            )
        interview = Interview.objects.create(
            owner=user, application=application, **details
        )
        _application_after_round(
            application,
            still_interested=still_interested,
            withdrawal_reason=withdrawal_reason,
            decision=decision,
        )
        _participations_save(interview, people)
        drafts = _after_save(interview)
    return InterviewSaved(interview, drafts, application_created=created)


def interview_update(
    *,
    interview: Interview,
    details: dict,
    people: list[PersonEntry],
    still_interested: bool = True,
    withdrawal_reason: str | None = None,
    decision: DecisionAnswer | None = None,
) -> InterviewSaved:
    """Save changes to an interview; marking a scheduled one done drafts its letters."""
    with transaction.atomic():
        for name, value in details.items():
            setattr(interview, name, value)
        interview.save()
        _application_after_round(
            interview.application,
            still_interested=still_interested,
            withdrawal_reason=withdrawal_reason,
            decision=decision,
        )
        kept = _participations_save(interview, people)
        _participations_remove_others(interview, keep_interviewer_ids=kept)
        drafts = _after_save(interview)
    return InterviewSaved(interview, drafts)


def _application_after_round(
    application: Application,
    *,
    still_interested: bool,
    withdrawal_reason: str | None = None,
    decision: DecisionAnswer | None = None,
):
    """The round's news on the application: interest and why not, status, and when
    they decide.

    A decision answer replaces the expected date, "no date given" clears an earlier
    round's; no answer keeps what is known. A reason of None keeps the stored one.
    """
    changed = []
    if decision is not None and application.decision_expected_on != decision.on:
        application.decision_expected_on = decision.on
        changed.append("decision_expected_on")
    if application.still_interested != still_interested:
        application.still_interested = still_interested
        changed.append("still_interested")
    if (
        withdrawal_reason is not None
        and application.withdrawal_reason != withdrawal_reason
    ):
        application.withdrawal_reason = withdrawal_reason
        changed.append("withdrawal_reason")
    if application.status in STATUSES_BEFORE_INTERVIEWS:
        application.status = ApplicationStatus.INTERVIEWING
        changed.append("status")
    # Saved even when nothing changed: the application moves to the top of "recent".
    application.save(update_fields=[*changed, "updated_at"])


def _participations_save(interview: Interview, people: list[PersonEntry]) -> list[int]:
    """One participation per distinct name (first entry wins); returns interviewer ids."""
    kept: list[int] = []
    seen: set[str] = set()
    for person in people:
        key = person.name.strip().casefold()
        if not key or key in seen:
            continue
        seen.add(key)
        interviewer = _interviewer_for(interview, person)
        greeting = person.greeting or _last_greeting(interviewer)
        defaults = {"greeting": greeting, "position": len(kept)}
        if person.greeting is not None or person.notes:
            defaults.update(person.notes)
        Participation.objects.update_or_create(
            interview=interview, interviewer=interviewer, defaults=defaults
        )
        kept.append(interviewer.pk)
    return kept


def _interviewer_for(interview: Interview, person: PersonEntry) -> Interviewer:
    """The same name at the same application is the same person, met again."""
    name = person.name.strip()
    existing = _interviewer_named(interview.application_id, name)
    if existing is None:
        try:
            # A savepoint: a concurrent save of the same name must not spoil ours.
            with transaction.atomic():
                return Interviewer.objects.create(
                    owner_id=interview.owner_id,
                    application_id=interview.application_id,
                    name=name,
                    title=person.title,
                    email=person.email,
                    is_coordinator=bool(person.is_coordinator),
                )
        except IntegrityError:
            existing = _interviewer_named(interview.application_id, name)
            if existing is None:
                raise
    changed = []
    # What was typed this time replaces what was known; a blank keeps it.
    for attr in ("title", "email"):
        value = getattr(person, attr)
        if value and value != getattr(existing, attr):
            setattr(existing, attr, value)
            changed.append(attr)
    if (
        person.is_coordinator is not None
        and person.is_coordinator != existing.is_coordinator
    ):
        existing.is_coordinator = person.is_coordinator
        changed.append("is_coordinator")
    if changed:
        existing.save(update_fields=changed)
    return existing


def _interviewer_named(application_id: int, name: str) -> Interviewer | None:
    """Matched the way the unique constraint compares: lower(name) in the database."""
    return (
        Interviewer.objects.filter(application_id=application_id)
        .annotate(lower_name=Lower("name"))
        .filter(lower_name=Lower(Value(name)))
        .first()
    )


def _last_greeting(interviewer: Interviewer) -> str:
    greeting = (
        Participation.objects.filter(interviewer=interviewer)
        .order_by("-interview__ends_at", "-id")
        .values_list("greeting", flat=True)
        .first()
    )
    return greeting or Greeting.FORMAL


def _participations_remove_others(interview: Interview, *, keep_interviewer_ids):
    """People taken off the interview; drafting then drops their untouched drafts."""
    interview.participations.exclude(interviewer_id__in=keep_interviewer_ids).delete()


def _after_save(interview: Interview) -> list[Letter]:
    # Drafting follows the log: drafts for a done interview, untouched ones removed when
    # it goes back to scheduled or a person leaves, a withdrawal when interest is gone.
    drafts = letters_draft_for_interview(interview=interview)
    # Reminders decide for themselves: none for a scheduled interview, moved on edits.
    reminders_schedule_for_interview(interview=interview)
    checkins_schedule_for_application(application=interview.application)
    return drafts


def application_save(*, form) -> Application:
    """Save an application edit; a new decision date or status moves its check-ins, and an
    untouched withdrawal draft follows the reason and the people."""
    with transaction.atomic():
        application = form.save()
        if {"status", "decision_expected_on"} & set(form.changed_data):
            checkins_schedule_for_application(application=application)
        letter_withdrawal_follow(application=application)
    return application
