"""Drafting letters from an interview log: one per person met, phrased for the stage.

The rules, from letters-guide.md:
- A DONE interview gets one thank-you per person met, of the kind its stage calls for
  (KIND_FOR_STAGE); nobody named means one letter to the hiring team. A final round also
  thanks the application's recruiter/coordinator when they were not among the people met.
- An application the user no longer wants gets a withdrawal instead of thank-yous: one
  per application, about the application rather than one round (Letter.interview empty),
  to the coordinator, else the main contact of the latest round, else the hiring team;
  it needs no interview. While untouched it follows the application: its reason, its
  recipient, the names met in the latest round.
- Running again is safe. Nothing is created twice, and a letter the user has touched
  (ever edited, finished or sent; or skipped) is never changed. An untouched draft
  (Letter.objects.untouched()) follows the log: re-rendered when the notes change, removed
  when its person or its kind no longer applies (a person taken off the interview, a changed stage).
  Withdrawal and check-in drafts are only ever added: the user asked for those.
- Phrasings: each kind has VARIANTS[kind] phrasings (letters/frames.py); a new letter takes
  the one least used so far among the owner's letters of that kind to the same company, so
  no two letters there share one while an unused one remains.
- The sentences come from letters/composing.py, each note in the frame its shape calls
  for (letters/notes.py); NOTES_FOR_STAGE says which notes a stage's letters use, and the
  log form offers only those.
"""

import copy
from collections import Counter
from dataclasses import dataclass, replace

from django.db import IntegrityError, transaction
from django.db.models import Case, IntegerField, Value, When
from django.template.loader import render_to_string
from django.utils import timezone

from applications.models import Greeting, Interview, InterviewStatus, Stage
from letters import frames
from letters.composing import NOTES_FOR_KIND, compose
from letters.draft_values import letter_notes, letter_values, tidy_lines
from letters.models import (
    SUBJECT_MAX,
    THANK_YOU_KINDS,
    Letter,
    LetterKind,
)

KIND_FOR_STAGE = {
    Stage.SCREEN: LetterKind.SCREEN,
    Stage.FIRST: LetterKind.FIRST,
    Stage.SECOND: LetterKind.SECOND,
    Stage.LATER: LetterKind.SECOND,
    Stage.PANEL: LetterKind.PANEL,
    Stage.FINAL: LetterKind.FINAL,
}
# How the log form greets a new person at each stage: a screen is usually first names.
GREETING_FOR_STAGE = {stage: Greeting.FORMAL for stage in Stage} | {
    Stage.SCREEN: Greeting.FIRST_NAME
}


def note_use_by_stage() -> dict[str, dict]:
    """For the log form: the notes each stage's letters use and the default greeting."""
    return {
        stage: {
            "notes": list(NOTES_FOR_KIND[KIND_FOR_STAGE[stage]]),
            "greeting": GREETING_FOR_STAGE[stage],
        }
        for stage in Stage
    }


# Phrasings per kind: thank-you letters have one for each of six people met at a company.
VARIANTS = {kind: frames.VARIANTS for kind in THANK_YOU_KINDS} | {
    LetterKind.WITHDRAWAL: 3,
    LetterKind.CHECKIN: 3,
}
TEMPLATE_DIR = "letters/drafts"


@dataclass(frozen=True)
class _Planned:
    """One letter the log calls for: its kind, its recipient and the names of the others."""

    kind: str
    interviewer: object = None
    participation: object = None
    others: tuple[str, ...] = ()
    coordinator: bool = False  # a final-round note to the coordinator who was not met

    @property
    def key(self) -> tuple[int | None, str]:
        return (self.interviewer.pk if self.interviewer else None, self.kind)


def letters_draft_for_interview(*, interview) -> list[Letter]:
    """Create the drafts a logged interview calls for; returns only the letters created."""
    application = interview.application
    if not application.still_interested:
        _sync(interview=interview, plan=[], kinds=THANK_YOU_KINDS)
        return letter_draft_withdrawal(application=application)
    if interview.status != InterviewStatus.DONE:
        return _sync(interview=interview, plan=[], kinds=THANK_YOU_KINDS)
    participations = _participations(interview)
    kind = KIND_FOR_STAGE[interview.stage]
    plan = [_planned(kind, p.interviewer, participations) for p in participations]
    if not plan:
        plan = [_Planned(kind)]
    if kind == LetterKind.FINAL:
        coordinator = _coordinator(application)
        met = {p.interviewer_id for p in participations}
        if coordinator is not None and coordinator.pk not in met:
            plan.append(_planned(kind, coordinator, participations))
    return _sync(interview=interview, plan=plan, kinds=THANK_YOU_KINDS)


def letter_draft_withdrawal(*, application) -> list[Letter]:
    """The application's withdrawal: drafted once (returned only then), an untouched draft
    brought up to date, a letter the user made theirs left alone."""
    try:
        with transaction.atomic():
            return _withdrawal_sync(application, create=True)
    except IntegrityError:
        # Another request drafted it first; theirs stands and is brought up to date.
        with transaction.atomic():
            return _withdrawal_sync(application, create=True)


def letter_withdrawal_follow(*, application) -> None:
    """After the application changed (its reason, its role): an untouched withdrawal draft
    follows, none is drafted, and one the user made theirs stays as it is."""
    with transaction.atomic():
        _withdrawal_sync(application, create=False)


def letter_draft_checkin(*, application) -> list[Letter]:
    """A check-in about the latest finished interview, to the coordinator or main contact."""
    interview = _latest_interview(application, done_only=True)
    return _draft_to_main_contact(interview, LetterKind.CHECKIN)


def letter_draft_text(*, letter: Letter) -> tuple[str, str]:
    """The subject and body drafting would write for this letter now (nothing saved)."""
    if letter.interview_id is None:
        interview, participations, _ = _withdrawal_round(letter.application)
        planned = _planned(letter.kind, letter.interviewer, participations)
        return _render(
            interview, planned, letter.variant, application=letter.application
        )
    planned = _planned(
        letter.kind, letter.interviewer, _participations(letter.interview)
    )
    return _render(letter.interview, planned, letter.variant)


def letter_draft_text_combined(*, letter: Letter, earlier: Letter) -> tuple[str, str]:
    """One letter for two conversations with the same person on one day: this round's
    notes, the earlier round's filling those left empty, everyone met in either named."""
    participations = _participations(letter.interview)
    planned = _planned(letter.kind, letter.interviewer, participations)
    before = _participations(earlier.interview)
    own = planned.participation
    theirs = next(
        (p for p in before if p.interviewer_id == letter.interviewer_id), None
    )
    if own is not None and theirs is not None:
        own = copy.copy(own)
        for name in own.NOTE_FIELDS:
            if not getattr(own, name):
                setattr(own, name, getattr(theirs, name))
    others = list(planned.others)
    for p in before:
        if (
            p.interviewer_id != letter.interviewer_id
            and p.interviewer.name not in others
        ):
            others.append(p.interviewer.name)
    planned = replace(planned, participation=own, others=tuple(others))
    return _render(letter.interview, planned, letter.variant)


# -- planning ---------------------------------------------------------------------------


def _participations(interview) -> list:
    return list(interview.participations.select_related("interviewer"))


def _coordinator(application):
    return (
        application.interviewers.filter(is_coordinator=True)
        .order_by("created_at", "id")
        .first()
    )


def _latest_interview(application, *, done_only: bool):
    interviews = Interview.objects.live().filter(application=application)
    if done_only:
        interviews = interviews.filter(status=InterviewStatus.DONE)
    done_first = Case(
        When(status=InterviewStatus.DONE, then=Value(0)),
        default=Value(1),
        output_field=IntegerField(),
    )
    return interviews.order_by(done_first, "-ends_at", "-id").first()


def _planned(kind, interviewer, participations) -> _Planned:
    """The letter to one person (None: the team), with everyone else met that day."""
    own = None
    others = []
    for p in participations:
        if interviewer is not None and p.interviewer_id == interviewer.pk:
            own = p
        else:
            others.append(p.interviewer.name)
    # A coordinator thanked after a final round they did not sit in gets their own note.
    coordinator = kind == LetterKind.FINAL and interviewer is not None and own is None
    return _Planned(kind, interviewer, own, tuple(others), coordinator)


def _draft_to_main_contact(interview, kind) -> list[Letter]:
    if interview is None:
        return []
    participations = _participations(interview)
    recipient = _coordinator(interview.application)
    if recipient is None and participations:
        recipient = participations[0].interviewer
    letters = Letter.objects.filter(interview=interview, kind=kind)
    if any(not _untouched(letter) for letter in letters):
        return []  # the user already has this letter in hand
    return _sync(
        interview=interview,
        plan=[_planned(kind, recipient, participations)],
        kinds={kind},
    )


def _withdrawal_round(application) -> tuple[object, list, object]:
    """The latest round (None before any), the people met in it, and who gets the
    withdrawal: the coordinator, else that round's main contact, else the team (None)."""
    interview = _latest_interview(application, done_only=False)
    participations = _participations(interview) if interview is not None else []
    recipient = _coordinator(application)
    if recipient is None and participations:
        recipient = participations[0].interviewer
    return interview, participations, recipient


# -- writing ----------------------------------------------------------------------------


def _withdrawal_sync(application, *, create: bool) -> list[Letter]:
    kind = LetterKind.WITHDRAWAL
    letters = list(Letter.objects.filter(application=application, kind=kind))
    interview, participations, recipient = _withdrawal_round(application)
    planned = _planned(kind, recipient, participations)
    for letter in letters:
        if not _untouched(letter):
            continue
        if letter.interview_id is not None:
            # A withdrawal drafted for one round before withdrawals needed none.
            planned_then = _planned(
                kind, letter.interviewer, _participations(letter.interview)
            )
            _refresh(letter, letter.interview, planned_then)
            continue
        subject, body = _render(
            interview, planned, letter.variant, application=application
        )
        fresh = (subject, body, planned.interviewer)
        if fresh != (letter.subject, letter.body, letter.interviewer):
            Letter.objects.filter(pk=letter.pk).untouched().update(
                interviewer=planned.interviewer,
                subject=subject,
                body=body,
                updated_at=timezone.now(),
            )
    if letters or not create:
        return []
    used = Counter(
        Letter.objects.filter(
            owner_id=application.owner_id,
            application__company__iexact=application.company,
            kind=kind,
        ).values_list("variant", flat=True)
    )
    variant = min(range(VARIANTS[kind]), key=lambda n: (used[n], n))
    subject, body = _render(interview, planned, variant, application=application)
    letter = Letter.objects.create(
        owner_id=application.owner_id,
        application=application,
        interviewer=planned.interviewer,
        kind=kind,
        variant=variant,
        subject=subject,
        body=body,
    )
    return [letter]


def _untouched(letter: Letter) -> bool:
    return letter.is_untouched


def _sync(*, interview, plan: list[_Planned], kinds) -> list[Letter]:
    """Make the interview's letters of these kinds match the plan; returns those created."""
    try:
        with transaction.atomic():
            return _sync_once(interview, plan, kinds)
    except IntegrityError:
        # Another request drafted the same letters first; theirs stand, ours are not needed.
        with transaction.atomic():
            return _sync_once(interview, plan, kinds)


def _sync_once(interview, plan, kinds) -> list[Letter]:
    # 1. Two queries: this interview's letters, and the phrasings used elsewhere at the
    #    company (all of this owner's applications there), to pick new ones.
    mine = {
        (letter.interviewer_id, letter.kind): letter
        for letter in Letter.objects.filter(interview=interview)
    }
    used = Counter(
        Letter.objects.filter(
            owner_id=interview.owner_id,
            application__company__iexact=interview.application.company,
        )
        .exclude(interview=interview)
        .values_list("kind", "variant")
    )
    wanted = {planned.key for planned in plan}
    # 2. Untouched drafts the log no longer calls for go.
    stale = [
        letter.pk
        for key, letter in mine.items()
        if letter.kind in kinds and _untouched(letter) and key not in wanted
    ]
    if stale:
        Letter.objects.filter(pk__in=stale).untouched().delete()
    used.update(
        (letter.kind, letter.variant)
        for letter in mine.values()
        if letter.pk not in stale
    )
    created = []
    for planned in plan:
        existing = mine.get(planned.key)
        if existing is not None:
            if _untouched(existing):
                _refresh(existing, interview, planned)
            continue
        # 3. The missing ones, each in the phrasing least used so far at this company.
        variant = min(
            range(VARIANTS[planned.kind]), key=lambda n: (used[planned.kind, n], n)
        )
        used[planned.kind, variant] += 1
        subject, body = _render(interview, planned, variant)
        created.append(
            Letter(
                owner_id=interview.owner_id,
                application=interview.application,
                interview=interview,
                interviewer=planned.interviewer,
                kind=planned.kind,
                variant=variant,
                subject=subject,
                body=body,
            )
        )
    return Letter.objects.bulk_create(created) if created else []


def _refresh(letter: Letter, interview, planned: _Planned) -> None:
    """Bring an untouched draft up to date with the notes. The update is conditional, so
    an edit the user saved in the meantime is never overwritten."""
    subject, body = _render(interview, planned, letter.variant)
    if (subject, body) == (letter.subject, letter.body):
        return
    Letter.objects.filter(pk=letter.pk).untouched().update(
        subject=subject, body=body, updated_at=timezone.now()
    )


def _render(
    interview, planned: _Planned, variant: int, *, application=None
) -> tuple[str, str]:
    """Subject and body; `interview` is None for a withdrawal with no round logged."""
    application = application or interview.application
    values = letter_values(
        interview=interview,
        application=application,
        user=interview.owner if interview is not None else application.owner,
        kind=planned.kind,
        variant=variant,
        interviewer=planned.interviewer,
        participation=planned.participation,
        others=planned.others,
        coordinator=planned.coordinator,
    )
    notes = letter_notes(
        interview=interview,
        application=application,
        participation=planned.participation,
        interviewer=planned.interviewer,
        others=planned.others,
    )
    greeting = tidy_lines(render_to_string(f"{TEMPLATE_DIR}/_greeting.txt", values))
    signoff = tidy_lines(render_to_string(f"{TEMPLATE_DIR}/_signoff.txt", values))
    body = compose(
        kind=planned.kind,
        variant=variant,
        values=values,
        notes=notes,
        frame_words=len(f"{greeting} {signoff}".split()),
    )
    parts = (greeting, body, signoff)
    subject = _subject(f"{TEMPLATE_DIR}/{planned.kind}/subject.txt", values)
    return subject, "\n\n".join(p for p in parts if p)


def _subject(template: str, values: dict) -> str:
    """The kind's subject line, the role shortened when the whole would pass SUBJECT_MAX."""
    subject = " ".join(render_to_string(template, values).split())
    if len(subject) <= SUBJECT_MAX:
        return subject
    bare = " ".join(render_to_string(template, {**values, "role": ""}).split())
    room = max(SUBJECT_MAX - len(bare) - 1, 8)
    role = values["role"][: room - 1]
    cut_mid_word = values["role"][room - 1 : room].isalnum()
    if cut_mid_word and " " in role:
        role = role.rsplit(" ", 1)[0]
    short = {**values, "role": role.rstrip(" ,;:-–") + "…"}
    return " ".join(render_to_string(template, short).split())
