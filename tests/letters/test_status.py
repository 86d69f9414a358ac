"""The letter's status changes: each sets its own time and leaves the row valid."""

import datetime as dt

import pytest
import time_machine
from django.db import IntegrityError, transaction
from django.utils import timezone

from letters.models import Letter, LetterStatus
from letters.status import (
    LetterFinishBlocked,
    LetterStatusError,
    letter_finish,
    letter_mark_sent,
    letter_reopen,
    letter_skip,
    letter_update_text,
    letters_left_for_interview,
)
from tests.factories import LetterFactory, reload

NOON = dt.datetime(2026, 11, 23, 12, 0, tzinfo=dt.UTC)

pytestmark = pytest.mark.django_db


def test_update_text_marks_letter_edited_when_text_changes():
    letter = LetterFactory()
    letter_update_text(letter=letter, subject=letter.subject, body="A new body.")
    letter = reload(letter)
    assert letter.body == "A new body."
    assert letter.edited is True


def test_update_text_with_same_text_is_not_an_edit():
    letter = LetterFactory(body="Dear Ms. Example,\n\nThanks.\n")
    crlf = "Dear Ms. Example,\r\n\r\nThanks.\r\n"
    letter_update_text(letter=letter, subject=letter.subject, body=crlf)
    assert reload(letter).edited is False


def test_update_text_stores_unix_line_endings_and_one_line_subject():
    letter = LetterFactory()
    letter_update_text(letter=letter, subject="  Thank you \r\n again ", body="a\r\nb")
    letter = reload(letter)
    assert letter.subject == "Thank you again"
    assert letter.body == "a\nb"


@pytest.mark.parametrize("status", ["finished", "sent", "skipped"])
def test_update_text_refuses_letters_that_are_not_drafts(status):
    letter = LetterFactory()
    {"finished": letter_finish, "sent": letter_mark_sent, "skipped": letter_skip}[
        status
    ](letter=letter)
    with pytest.raises(LetterStatusError, match="Reopen"):
        letter_update_text(letter=letter, subject="x", body="changed")
    assert reload(letter).body != "changed"


@time_machine.travel(NOON, tick=False)
def test_finish_sets_status_and_time():
    letter = letter_finish(letter=LetterFactory())
    letter = reload(letter)
    assert letter.status == LetterStatus.FINISHED
    assert letter.finished_at == NOON


@pytest.mark.parametrize(
    ("subject", "body"), [("", "Body"), ("Subject", ""), ("  ", " \n ")]
)
def test_finish_refuses_empty_subject_or_body(subject, body):
    letter = LetterFactory(subject=subject, body=body)
    with pytest.raises(LetterStatusError, match="subject and a body"):
        letter_finish(letter=letter)
    assert reload(letter).status == LetterStatus.DRAFT


def test_finish_refuses_a_sent_letter():
    letter = letter_mark_sent(letter=LetterFactory())
    with pytest.raises(LetterStatusError, match="sent; reopen"):
        letter_finish(letter=letter)


@time_machine.travel(NOON, tick=False)
def test_mark_sent_from_draft_also_records_it_as_finished():
    letter = reload(letter_mark_sent(letter=LetterFactory()))
    assert letter.status == LetterStatus.SENT
    assert letter.sent_at == NOON
    assert letter.finished_at == NOON


def test_mark_sent_keeps_the_time_it_was_finished():
    with time_machine.travel(NOON, tick=False):
        letter = letter_finish(letter=LetterFactory())
    with time_machine.travel(NOON + dt.timedelta(hours=1), tick=False):
        letter = reload(letter_mark_sent(letter=letter))
    assert letter.finished_at == NOON
    assert letter.sent_at == NOON + dt.timedelta(hours=1)


def test_mark_sent_after_skip_clears_skipped_time():
    letter = letter_skip(letter=LetterFactory())
    letter = reload(letter_mark_sent(letter=letter))
    assert letter.status == LetterStatus.SENT
    assert letter.skipped_at is None


def test_mark_sent_refuses_empty_body():
    letter = LetterFactory(body="")
    with pytest.raises(LetterStatusError):
        letter_mark_sent(letter=letter)
    assert reload(letter).status == LetterStatus.DRAFT


@time_machine.travel(NOON, tick=False)
def test_skip_sets_time_and_clears_finished():
    letter = letter_finish(letter=LetterFactory())
    letter = reload(letter_skip(letter=letter))
    assert letter.status == LetterStatus.SKIPPED
    assert letter.skipped_at == NOON
    assert letter.finished_at is None


def test_skip_refuses_a_sent_letter():
    letter = letter_mark_sent(letter=LetterFactory())
    with pytest.raises(LetterStatusError, match="sent already"):
        letter_skip(letter=letter)
    assert reload(letter).status == LetterStatus.SENT


@pytest.mark.parametrize("change", [letter_finish, letter_mark_sent, letter_skip])
def test_reopen_returns_to_draft_and_clears_every_time(change):
    letter = change(letter=LetterFactory())
    letter = reload(letter_reopen(letter=letter))
    assert letter.status == LetterStatus.DRAFT
    assert (letter.finished_at, letter.sent_at, letter.skipped_at) == (None, None, None)


def test_reopened_letter_can_be_edited_and_finished_again():
    letter = letter_mark_sent(letter=LetterFactory())
    letter_reopen(letter=letter)
    letter_update_text(letter=letter, subject="Thanks", body="Hi Ana,\nBetter text.")
    letter = reload(letter_finish(letter=letter))
    assert letter.status == LetterStatus.FINISHED
    assert letter.body == "Hi Ana,\nBetter text."


def test_database_refuses_sent_without_time():
    """The constraint the functions keep: guards against a raw update skipping them."""
    letter = LetterFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Letter.objects.filter(pk=letter.pk).update(status=LetterStatus.SENT)


def test_letters_left_counts_unsent_letters_of_the_same_interview():
    letter = LetterFactory()
    sibling = LetterFactory(interview=letter.interview)
    LetterFactory(interview=letter.interview)
    LetterFactory()  # another interview
    letter_mark_sent(letter=letter)
    letter_skip(letter=sibling)
    assert letters_left_for_interview(letter=letter) == 1


def test_status_changes_do_not_touch_the_text():
    letter = LetterFactory(body="Hello,\nMine.")
    before = timezone.now()
    letter_finish(letter=letter)
    letter = reload(letter)
    assert letter.body == "Hello,\nMine." and letter.edited is False
    assert letter.updated_at >= before


def test_update_text_with_unchanged_text_is_fine_on_a_finished_letter():
    """A double-submitted "Finish" must not turn into an error."""
    letter = letter_finish(letter=LetterFactory())
    letter_update_text(letter=letter, subject=letter.subject, body=letter.body)
    assert reload(letter).status == LetterStatus.FINISHED


# Finish asks when the checklist finds the letter half-written ------------------------

GREETED = "Dear Ms. Example,\n\nThank you for your time today.\n\nBest regards"


@pytest.mark.parametrize(
    ("body", "label"),
    [
        (GREETED.replace("today", "today. [add link]"), "No placeholder or bracket"),
        (GREETED + " and more" * 150, "Length: 311 words"),
        ("Thank you for your time today.\n\nBest regards", "Addressed to"),
    ],
)
def test_finish_of_a_half_written_letter_is_refused_naming_the_item(body, label):
    letter = LetterFactory(body=body)
    with pytest.raises(LetterFinishBlocked) as blocked:
        letter_finish(letter=letter)
    assert [item.label[: len(label)] for item in blocked.value.items] == [label]
    letter = reload(letter)
    assert letter.status == LetterStatus.DRAFT and letter.finished_at is None


def test_finish_confirmed_goes_ahead_despite_the_checklist():
    letter = LetterFactory(body="[add link]")
    letter = reload(letter_finish(letter=letter, confirmed=True))
    assert letter.status == LetterStatus.FINISHED and letter.body == "[add link]"


def test_a_little_over_length_or_a_wrong_name_does_not_stop_finish():
    """Only far over the stage's upper bound asks; 1.5 × 200 words is the line."""
    body = "Dear Bob,\n\n" + "word " * 296  # 298 words: over 200, under 300
    letter = reload(letter_finish(letter=LetterFactory(body=body)))
    assert letter.status == LetterStatus.FINISHED
