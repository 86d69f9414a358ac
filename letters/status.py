"""A letter's life: edited as a draft, finished, then sent or skipped, and reopened.

Each change sets its own timestamp and clears the ones that no longer hold, so a row
always satisfies the model's check constraints (a sent letter has ``sent_at``, …).
"""

import datetime as dt
from enum import StrEnum

from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from .checklist import CheckItem, letter_finish_blockers
from .drafting import letter_draft_text
from .history import letter_version_keep_drafted, letter_version_record
from .models import UNSENT_STATUSES, Letter, LetterStatus, LetterVersion, VersionCause


class LetterStatusError(Exception):
    """The change asked for does not fit the letter's status; the message says why."""


class LetterAction(StrEnum):
    EDIT = "edit"  # save text, regenerate, restore a version
    FINISH = "finish"
    MARK_SENT = "mark_sent"
    SKIP = "skip"
    REOPEN = "reopen"


# What a letter in each status offers. The editor shows exactly these buttons and every
# change below refuses the rest; asking for the status a letter already has is a no-op.
ACTIONS = {
    LetterStatus.DRAFT: frozenset(
        {
            LetterAction.EDIT,
            LetterAction.FINISH,
            LetterAction.MARK_SENT,
            LetterAction.SKIP,
        }
    ),
    LetterStatus.FINISHED: frozenset(
        {LetterAction.MARK_SENT, LetterAction.SKIP, LetterAction.REOPEN}
    ),
    LetterStatus.SENT: frozenset({LetterAction.REOPEN}),
    LetterStatus.SKIPPED: frozenset({LetterAction.MARK_SENT, LetterAction.REOPEN}),
}

_REOPEN_FIRST = "This letter is {status}; reopen it first."


def letter_actions(*, letter: Letter) -> frozenset[LetterAction]:
    return ACTIONS[LetterStatus(letter.status)]


def _require(
    letter: Letter, action: LetterAction, message: str = _REOPEN_FIRST
) -> None:
    if action not in letter_actions(letter=letter):
        status = letter.get_status_display().lower()
        raise LetterStatusError(message.format(status=status))


class LetterConflict(Exception):
    """The letter changed since the page that posted was opened (another tab or device).

    ``letter`` is the letter as it is now, for the conflict page to show beside the text
    that was posted.
    """

    def __init__(self, letter: Letter):
        super().__init__("The letter changed since this page was opened.")
        self.letter = letter


class LetterFinishBlocked(Exception):
    """The checklist found the letter half-written; ``items`` name what, so the page can
    ask "Finish anyway?". Nothing was changed."""

    def __init__(self, items: list[CheckItem]):
        super().__init__("The checklist has items that need a look before finishing.")
        self.items = items


def _normalise(text: str) -> str:
    """Browsers send CRLF from textareas; a line ending alone is not an edit."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _change(
    letter: Letter,
    revision: int | None,
    now: dt.datetime,
    where: Q | None = None,
    **fields,
) -> None:
    """Apply fields with a conditional UPDATE that holds only while the letter is still at
    ``revision`` (default: the revision it was loaded at); otherwise LetterConflict."""
    expected = letter.revision if revision is None else revision
    fields["updated_at"] = now
    updated = Letter.objects.filter(
        where or Q(), pk=letter.pk, revision=expected
    ).update(revision=F("revision") + 1, **fields)
    if not updated:
        letter.refresh_from_db()
        raise LetterConflict(letter)
    for name, value in fields.items():
        setattr(letter, name, value)
    letter.revision = expected + 1


def letter_update_text(
    *,
    letter: Letter,
    subject: str,
    body: str,
    revision: int | None = None,
    own_version: bool = False,
) -> Letter:
    """Save the user's text as a new version; marks the letter edited so drafting never
    overwrites it. A stale ``revision`` raises LetterConflict: nothing typed is dropped.
    ``own_version``: never fold into the last save (its text was someone else's)."""
    subject = " ".join(_normalise(subject).split())
    body = _normalise(body)
    changed = subject != letter.subject.strip() or body.strip() != letter.body.strip()
    if not changed:
        return letter
    if LetterAction.EDIT not in letter_actions(letter=letter):
        if revision is not None and revision != letter.revision:
            raise LetterConflict(letter)  # finished or sent elsewhere meanwhile
        raise LetterStatusError("Reopen the letter to change its text.")
    now = timezone.now()
    with transaction.atomic():
        letter_version_keep_drafted(letter=letter)
        _change(
            letter,
            revision,
            now,
            where=Q(status=LetterStatus.DRAFT),
            subject=subject,
            body=body,
            edited=True,
        )
        letter_version_record(
            letter=letter, cause=VersionCause.EDITED, now=now, fold=not own_version
        )
    return letter


def letter_keep_text(
    *, letter: Letter, subject: str, body: str, revision: int
) -> Letter:
    """The conflict page's choice: the posted text becomes the letter's text, reopening a
    finished or sent one; the text it replaces stays in the history."""
    with transaction.atomic():
        if LetterAction.EDIT not in letter_actions(letter=letter):
            letter_reopen(letter=letter, revision=revision)
            revision = letter.revision
        return letter_update_text(
            letter=letter,
            subject=subject,
            body=body,
            revision=revision,
            own_version=True,
        )


def letter_finish(
    *, letter: Letter, revision: int | None = None, confirmed: bool = False
) -> Letter:
    """A finished letter is ready to export and send; it needs both subject and body.
    A blocking checklist item raises LetterFinishBlocked unless the user ``confirmed``."""
    if letter.status == LetterStatus.FINISHED:
        return letter
    _require(letter, LetterAction.FINISH)
    if not letter.subject.strip() or not letter.body.strip():
        raise LetterStatusError("A finished letter needs a subject and a body.")
    if not confirmed:
        blockers = letter_finish_blockers(
            letter=letter, subject=letter.subject, body=letter.body
        )
        if blockers:
            raise LetterFinishBlocked(blockers)
    now = timezone.now()
    _change(
        letter,
        revision,
        now,
        status=LetterStatus.FINISHED,
        finished_at=now,
        first_finished_at=letter.first_finished_at or now,
    )
    return letter


def letter_mark_sent(*, letter: Letter, revision: int | None = None) -> Letter:
    """Recorded once the user has sent it; reminders stop counting it as unsent, and the
    history keeps the text that went out, marked as sent."""
    if letter.status == LetterStatus.SENT:
        return letter
    _require(letter, LetterAction.MARK_SENT)
    if not letter.subject.strip() or not letter.body.strip():
        raise LetterStatusError(
            "A letter needs a subject and a body before it is sent."
        )
    now = timezone.now()
    with transaction.atomic():
        letter_version_keep_drafted(letter=letter)
        _change(
            letter,
            revision,
            now,
            status=LetterStatus.SENT,
            sent_at=now,
            # What was sent is final text, even when the user skipped the "finish" step.
            finished_at=letter.finished_at or now,
            first_finished_at=letter.first_finished_at or now,
            skipped_at=None,
        )
        letter_version_record(letter=letter, cause=VersionCause.SENT, now=now)
    return letter


def letter_skip(*, letter: Letter, revision: int | None = None) -> Letter:
    """The user decided not to send this one; it no longer counts as unsent."""
    if letter.status == LetterStatus.SKIPPED:
        return letter
    _require(
        letter, LetterAction.SKIP, "This letter was sent already; reopen it first."
    )
    now = timezone.now()
    _change(
        letter,
        revision,
        now,
        status=LetterStatus.SKIPPED,
        skipped_at=now,
        finished_at=None,
    )
    return letter


def letter_reopen(*, letter: Letter, revision: int | None = None) -> Letter:
    """Back to an editable draft, e.g. to correct a letter after sending it. The sent text
    stays in the history, and drafting still never touches the letter."""
    if letter.status == LetterStatus.DRAFT:
        return letter
    _require(letter, LetterAction.REOPEN)
    _change(
        letter,
        revision,
        timezone.now(),
        status=LetterStatus.DRAFT,
        finished_at=None,
        sent_at=None,
        skipped_at=None,
    )
    return letter


def letter_regenerate(*, letter: Letter) -> Letter:
    """Rebuild a draft from the current notes; the text it had stays in the history."""
    _require(letter, LetterAction.EDIT, "Reopen the letter before drafting it again.")
    subject, body = letter_draft_text(letter=letter)
    now = timezone.now()
    with transaction.atomic():
        letter_version_keep_drafted(letter=letter)
        _change(letter, None, now, subject=subject, body=body)
        letter_version_record(letter=letter, cause=VersionCause.REGENERATED, now=now)
    return letter


def letter_restore_version(*, letter: Letter, version: LetterVersion) -> Letter:
    """Make an earlier text current again; the restore is itself a version, so the text it
    replaces can be restored in turn."""
    if version.letter_id != letter.pk:
        raise ValueError("The version belongs to another letter.")
    _require(letter, LetterAction.EDIT, "Reopen the letter to change its text.")
    now = timezone.now()
    with transaction.atomic():
        letter_version_keep_drafted(letter=letter)
        _change(
            letter,
            None,
            now,
            subject=version.subject,
            body=version.body,
            edited=True,
        )
        letter_version_record(letter=letter, cause=VersionCause.RESTORED, now=now)
    return letter


def letters_left_for_interview(*, letter: Letter) -> int:
    """How many letters of the same interview still wait to be sent (for the page's message);
    0 for a letter about a whole application."""
    if letter.interview_id is None:
        return 0
    return Letter.objects.filter(
        interview_id=letter.interview_id, status__in=UNSENT_STATUSES
    ).count()
