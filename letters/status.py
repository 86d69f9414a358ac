"""A letter's life: edited as a draft, finished, then sent or skipped, and reopened.

Each change sets its own timestamp and clears the ones that no longer hold, so a row
always satisfies the model's check constraints (a sent letter has ``sent_at``, …).
"""

from enum import StrEnum

from django.utils import timezone

from .models import UNSENT_STATUSES, Letter, LetterStatus


class LetterStatusError(Exception):
    """The change asked for does not fit the letter's status; the message says why."""


class LetterAction(StrEnum):
    EDIT = "edit"  # save text, regenerate, restore the previous version
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


def _normalise(text: str) -> str:
    """Browsers send CRLF from textareas; a line ending alone is not an edit."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def letter_update_text(*, letter: Letter, subject: str, body: str) -> Letter:
    """Save the user's text; marks the letter edited so drafting never overwrites it."""
    subject = " ".join(_normalise(subject).split())
    body = _normalise(body)
    changed = subject != letter.subject.strip() or body.strip() != letter.body.strip()
    if not changed:
        return letter
    _require(letter, LetterAction.EDIT, "Reopen the letter to change its text.")
    letter.subject = subject
    letter.body = body
    letter.edited = True
    letter.save(update_fields=["subject", "body", "edited", "updated_at"])
    return letter


def letter_finish(*, letter: Letter) -> Letter:
    """A finished letter is ready to export and send; it needs both subject and body."""
    if letter.status == LetterStatus.FINISHED:
        return letter
    _require(letter, LetterAction.FINISH)
    if not letter.subject.strip() or not letter.body.strip():
        raise LetterStatusError("A finished letter needs a subject and a body.")
    letter.status = LetterStatus.FINISHED
    letter.finished_at = timezone.now()
    letter.save(update_fields=["status", "finished_at", "updated_at"])
    return letter


def letter_mark_sent(*, letter: Letter) -> Letter:
    """Recorded once the user has sent it; reminders stop counting it as unsent."""
    if letter.status == LetterStatus.SENT:
        return letter
    _require(letter, LetterAction.MARK_SENT)
    if not letter.subject.strip() or not letter.body.strip():
        raise LetterStatusError(
            "A letter needs a subject and a body before it is sent."
        )
    now = timezone.now()
    letter.status = LetterStatus.SENT
    letter.sent_at = now
    # What was sent is final text, even when the user skipped the "finish" step.
    letter.finished_at = letter.finished_at or now
    letter.skipped_at = None
    letter.save(
        update_fields=["status", "sent_at", "finished_at", "skipped_at", "updated_at"]
    )
    return letter


def letter_skip(*, letter: Letter) -> Letter:
    """The user decided not to send this one; it no longer counts as unsent."""
    if letter.status == LetterStatus.SKIPPED:
        return letter
    _require(
        letter, LetterAction.SKIP, "This letter was sent already; reopen it first."
    )
    letter.status = LetterStatus.SKIPPED
    letter.skipped_at = timezone.now()
    letter.finished_at = None
    letter.save(update_fields=["status", "skipped_at", "finished_at", "updated_at"])
    return letter


def letter_reopen(*, letter: Letter) -> Letter:
    """Back to an editable draft, e.g. after marking the wrong letter as sent."""
    if letter.status == LetterStatus.DRAFT:
        return letter
    _require(letter, LetterAction.REOPEN)
    letter.status = LetterStatus.DRAFT
    letter.finished_at = None
    letter.sent_at = None
    letter.skipped_at = None
    letter.save(
        update_fields=["status", "finished_at", "sent_at", "skipped_at", "updated_at"]
    )
    return letter


def letter_restore_previous(*, letter: Letter) -> Letter:
    """Swap in the text kept by the last regeneration; the replaced text is kept in turn."""
    _require(letter, LetterAction.EDIT, "Reopen the letter to change its text.")
    if not (letter.previous_subject or letter.previous_body):
        raise LetterStatusError("There is no previous version to restore.")
    letter.subject, letter.previous_subject = letter.previous_subject, letter.subject
    letter.body, letter.previous_body = letter.previous_body, letter.body
    letter.edited = True
    letter.save(
        update_fields=[
            "subject",
            "body",
            "previous_subject",
            "previous_body",
            "edited",
            "updated_at",
        ]
    )
    return letter


def letters_left_for_interview(*, letter: Letter) -> int:
    """How many letters of the same interview still wait to be sent (for the page's message)."""
    return Letter.objects.filter(
        interview_id=letter.interview_id, status__in=UNSENT_STATUSES
    ).count()
