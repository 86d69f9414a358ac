"""One letter for a person met twice on one day, instead of two thank-yous.

Offered on an interview's page when one of its draft thank-yous goes to someone who also
has a draft thank-you from another interview that day (in the user's time zone).
Combining keeps the later round's letter, writes it for both conversations when the user
has not touched it yet, and skips the earlier one.
"""

import datetime as dt
from dataclasses import dataclass

from django.db import transaction

from .drafting import letter_draft_text_combined
from .models import THANK_YOU_KINDS, Letter, LetterStatus
from .status import LetterStatusError, letter_skip, letter_update_text


@dataclass(frozen=True)
class MetTwice:
    """This interview's letter to a person, and their letter from the other round."""

    letter: Letter
    other: Letter


def _same_day(interview, zone) -> tuple[dt.datetime, dt.datetime]:
    day = interview.ends_at.astimezone(zone).date()
    start = dt.datetime.combine(day, dt.time.min, tzinfo=zone)
    end = dt.datetime.combine(day + dt.timedelta(days=1), dt.time.min, tzinfo=zone)
    return start, end


def _drafts():
    return Letter.objects.filter(
        status=LetterStatus.DRAFT, kind__in=THANK_YOU_KINDS, interviewer__isnull=False
    )


def letters_met_twice(*, interview, letters, zone) -> list[MetTwice]:
    """Pairs of draft thank-yous to the same person from two interviews on one day.

    ``letters``: the interview's letters as the page loaded them; ``zone``: the user's.
    """
    mine = [
        letter
        for letter in letters
        if letter.status == LetterStatus.DRAFT
        and letter.kind in THANK_YOU_KINDS
        and letter.interviewer_id is not None
    ]
    if not mine:
        return []
    start, end = _same_day(interview, zone)
    others = {
        letter.interviewer_id: letter
        for letter in _drafts()
        .filter(
            owner_id=interview.owner_id,
            interviewer_id__in=[letter.interviewer_id for letter in mine],
            interview__ends_at__gte=start,
            interview__ends_at__lt=end,
        )
        .exclude(interview=interview)
        .select_related("interview")
        .order_by("interview__ends_at", "id")
    }
    return [
        MetTwice(letter, others[letter.interviewer_id])
        for letter in mine
        if letter.interviewer_id in others
    ]


def letters_combine(*, letter: Letter, other: Letter) -> Letter:
    """Keep one letter for both conversations; returns the one kept.

    The later round's letter is kept; it is rewritten for both only while untouched (the
    user's own text is never replaced). The earlier one is skipped, so it stays in the list,
    restorable, but no longer waits to be sent.
    """
    if letter.interviewer_id != other.interviewer_id or letter.pk == other.pk:
        raise LetterStatusError("These letters are not to the same person.")
    with transaction.atomic():
        rows = {
            row.pk: row
            for row in Letter.objects.select_for_update(of=("self",))
            .select_related("interview", "interviewer")
            .filter(pk__in=[letter.pk, other.pk])
        }
        first, second = sorted(
            rows.values(), key=lambda row: (row.interview.ends_at, row.interview_id)
        )
        if any(row.status != LetterStatus.DRAFT for row in (first, second)):
            raise LetterStatusError(
                "One of these letters is finished, sent or skipped already: "
                "nothing was combined."
            )
        if second.is_untouched:
            subject, body = letter_draft_text_combined(letter=second, earlier=first)
            letter_update_text(
                letter=second, subject=subject, body=body, revision=second.revision
            )
        letter_skip(letter=first, revision=first.revision)
    return second
