"""Withdrawing, as a user does it: from any application, with or without interviews,
with a reason typed on the log form or the application's edit page."""

import datetime as dt
import re

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from applications.models import ApplicationStatus
from letters.drafting import letter_draft_withdrawal, letter_withdrawal_follow
from letters.models import Letter, LetterKind, LetterStatus
from letters.status import letter_mark_sent, letter_regenerate, letter_update_text
from tests.applications.forms_data import log_data
from tests.factories import (
    ApplicationFactory,
    InterviewFactory,
    LetterFactory,
    ParticipationFactory,
)

LOG_URL = reverse("applications:interview_log")


def _withdraw_url(application) -> str:
    return reverse("letters:withdrawal", args=[application.pk])


def _edit_data(application, **changes) -> dict:
    data = {
        "company": application.company,
        "role": application.role,
        "location": application.location,
        "posting_url": application.posting_url,
        "status": application.status,
        "applied_on": "",
        "next_step": application.next_step,
        "decision_expected_on": "",
        "still_interested": "on" if application.still_interested else "",
        "withdrawal_reason": application.withdrawal_reason,
        "notes": application.notes,
    }
    return {**data, **changes}


def _body_middle(letter: Letter) -> str:
    return " ".join(letter.body.split())


# -- no interview yet ------------------------------------------------------------------


def test_withdrawn_without_interviews_offers_a_draft_that_works(alice_client, alice):
    application = ApplicationFactory(
        owner=alice, company="Northwind", role="Data Engineer"
    )
    edit = reverse("applications:edit", args=[application.pk])
    alice_client.post(edit, _edit_data(application, status=ApplicationStatus.WITHDRAWN))

    page = alice_client.get(application.get_absolute_url()).content.decode()
    assert "Draft the withdrawal letter" in page

    response = alice_client.post(_withdraw_url(application))

    letter = Letter.objects.get(application=application)
    assert response["Location"] == letter.get_absolute_url()
    assert (letter.kind, letter.interview, letter.interviewer) == (
        LetterKind.WITHDRAWAL,
        None,
        None,
    )
    assert letter.body.startswith("Dear Northwind hiring team,")
    assert "withdraw" in letter.body
    editor = alice_client.get(letter.get_absolute_url())
    assert editor.status_code == 200
    assert "The hiring team" in editor.content.decode()


def test_the_offer_becomes_a_link_once_the_letter_exists(alice_client, alice):
    application = ApplicationFactory(owner=alice, still_interested=False)
    alice_client.post(_withdraw_url(application))
    letter = Letter.objects.get()

    page = alice_client.get(application.get_absolute_url()).content.decode()

    assert "Draft the withdrawal letter" not in page
    assert _withdraw_url(application) not in page
    assert f'href="{letter.get_absolute_url()}"' in page
    assert "Open the withdrawal letter" in page
    # Pressing it again (an old tab) opens the same letter; there is never a second.
    again = alice_client.post(_withdraw_url(application))
    assert again["Location"] == letter.get_absolute_url()
    assert Letter.objects.count() == 1


def test_a_sent_withdrawal_says_so_where_the_offer_was(alice_client, alice):
    application = ApplicationFactory(owner=alice, still_interested=False)
    (letter,) = letter_draft_withdrawal(application=application)
    letter_mark_sent(letter=letter, revision=letter.revision)

    page = alice_client.get(application.get_absolute_url()).content.decode()

    assert "Your withdrawal letter to the hiring team was sent on" in page
    assert "Draft the withdrawal letter" not in page


# -- after interviews ------------------------------------------------------------------


def test_withdrawal_goes_to_the_main_contact_of_the_last_round(alice):
    application = ApplicationFactory(owner=alice, still_interested=False)
    first = InterviewFactory(application=application)
    ParticipationFactory(interview=first, interviewer__name="Ben Okafor")
    last = InterviewFactory(
        application=application, ends_at=first.ends_at + dt.timedelta(days=7)
    )
    ParticipationFactory(interview=last, interviewer__name="Ana Rivera", position=0)
    ParticipationFactory(interview=last, interviewer__name="Chen Wu", position=1)

    (letter,) = letter_draft_withdrawal(application=application)

    assert letter.recipient_name == "Ana Rivera"
    assert letter.interview is None
    assert "Chen Wu" in letter.body


def test_logging_no_longer_interested_with_a_reason_drafts_it_into_the_letter(
    alice_client, alice
):
    application = ApplicationFactory(owner=alice, company="Acme", role="Dev")
    data = log_data(
        application=application.pk,
        still_interested="no",
        withdrawal_reason="accepted another offer.",
        people=[{"name": "Ana Rivera"}],
    )

    response = alice_client.post(LOG_URL, data, follow=True)

    assert response.status_code == 200
    application.refresh_from_db()
    assert application.withdrawal_reason == "accepted another offer."
    (letter,) = Letter.objects.all()
    assert letter.kind == LetterKind.WITHDRAWAL
    assert letter.recipient_name == "Ana Rivera"
    text = _body_middle(letter)
    assert "accepted another offer" in text
    assert "offer.." not in text
    assert f'href="{letter.get_absolute_url()}"' in response.content.decode()


def test_a_reason_typed_while_still_interested_is_not_stored(alice_client, alice):
    application = ApplicationFactory(owner=alice, withdrawal_reason="")
    data = log_data(
        application=application.pk,
        still_interested="yes",
        withdrawal_reason="typed, then changed my mind",
    )

    alice_client.post(LOG_URL, data)

    application.refresh_from_db()
    assert application.withdrawal_reason == ""
    assert not Letter.objects.filter(kind=LetterKind.WITHDRAWAL).exists()


def test_the_log_form_shows_the_reason_field_with_the_stored_reason(
    alice_client, alice
):
    application = ApplicationFactory(
        owner=alice, still_interested=False, withdrawal_reason="Relocating"
    )

    page = alice_client.get(LOG_URL, {"application": application.pk}).content.decode()

    field = re.search(r'<input[^>]*name="withdrawal_reason"[^>]*>', page).group(0)
    assert 'value="Relocating"' in field
    assert 'data-shown-when="still_interested=no"' in page


# -- the reason edited later -----------------------------------------------------------


def test_editing_the_reason_updates_an_untouched_draft(alice_client, alice):
    application = ApplicationFactory(
        owner=alice, still_interested=False, withdrawal_reason=""
    )
    (letter,) = letter_draft_withdrawal(application=application)
    assert "relocat" not in letter.body.lower()

    alice_client.post(
        reverse("applications:edit", args=[application.pk]),
        _edit_data(application, withdrawal_reason="Relocating"),
    )

    letter.refresh_from_db()
    assert "relocating" in letter.body.lower()
    assert letter.is_untouched


def test_editing_the_reason_on_the_log_form_updates_the_untouched_draft(
    alice_client, alice
):
    application = ApplicationFactory(owner=alice, withdrawal_reason="")
    alice_client.post(
        LOG_URL,
        log_data(application=application.pk, still_interested="no"),
    )
    interview = application.interviews.get()
    (letter,) = Letter.objects.all()
    data = log_data(
        still_interested="no",
        withdrawal_reason="going in a different direction",
        people=[],
    )
    data.pop("application", None)

    alice_client.post(reverse("applications:interview_edit", args=[interview.pk]), data)

    letter.refresh_from_db()
    assert "different direction" in letter.body


@pytest.mark.parametrize("made_theirs", ["edited", "sent"])
def test_a_withdrawal_the_user_made_theirs_is_never_rewritten(
    alice_client, alice, made_theirs
):
    application = ApplicationFactory(
        owner=alice, still_interested=False, withdrawal_reason=""
    )
    (letter,) = letter_draft_withdrawal(application=application)
    if made_theirs == "edited":
        letter = letter_update_text(
            letter=letter,
            revision=letter.revision,
            subject=letter.subject,
            body=letter.body + "\n\nMy own line.",
        )
    else:
        letter = letter_mark_sent(letter=letter, revision=letter.revision)
    before = Letter.objects.get(pk=letter.pk)

    alice_client.post(
        reverse("applications:edit", args=[application.pk]),
        _edit_data(application, withdrawal_reason="Relocating"),
    )

    after = Letter.objects.get(pk=letter.pk)
    assert (after.subject, after.body, after.status) == (
        before.subject,
        before.body,
        before.status,
    )
    assert Letter.objects.count() == 1


def test_a_withdrawal_drafted_again_keeps_its_reader_and_thanks_the_others(alice):
    application = ApplicationFactory(owner=alice, still_interested=False)
    interview = InterviewFactory(application=application)
    ParticipationFactory(interview=interview, interviewer__name="Ana Rivera")
    (letter,) = letter_draft_withdrawal(application=application)
    letter = letter_update_text(
        letter=letter,
        revision=letter.revision,
        subject=letter.subject,
        body=letter.body + "\n\nP.S. Thank you for the tour.",
    )
    # A coordinator noted later would get a new draft, but this one is the user's.
    ParticipationFactory(
        interview=interview,
        interviewer__name="Carla Diaz",
        interviewer__is_coordinator=True,
        position=1,
    )
    letter_withdrawal_follow(application=application)
    assert Letter.objects.get(pk=letter.pk).body.endswith("Thank you for the tour.")

    letter = letter_regenerate(letter=Letter.objects.get(pk=letter.pk))

    assert letter.recipient_name == "Ana Rivera"
    assert letter.body.startswith("Dear Ana Rivera,")
    assert letter.body.count("Ana Rivera") == 1
    assert "Carla Diaz" in letter.body


# -- isolation and the rules in the database -----------------------------------------


def test_charlie_can_neither_draft_nor_open_alices_withdrawal(charlie_client, alice):
    application = ApplicationFactory(owner=alice, still_interested=False)
    (letter,) = letter_draft_withdrawal(application=application)

    assert charlie_client.post(_withdraw_url(application)).status_code == 404
    assert charlie_client.get(letter.get_absolute_url()).status_code == 404
    assert (
        charlie_client.get(reverse("letters:list")).context["page"].paginator.count == 0
    )
    assert Letter.objects.count() == 1


def test_only_a_withdrawal_may_stand_without_an_interview(alice):
    application = ApplicationFactory(owner=alice)
    with pytest.raises(IntegrityError), transaction.atomic():
        Letter.objects.create(
            owner=alice,
            application=application,
            kind=LetterKind.FIRST,
            subject="Thanks",
            body="Thanks",
        )


def test_an_application_has_one_withdrawal_without_an_interview(alice):
    application = ApplicationFactory(owner=alice)
    letter_draft_withdrawal(application=application)
    with pytest.raises(IntegrityError), transaction.atomic():
        Letter.objects.create(
            owner=alice,
            application=application,
            kind=LetterKind.WITHDRAWAL,
            subject="Again",
            body="Again",
        )


def test_a_letters_interview_is_a_round_of_its_application(alice):
    ours = InterviewFactory(application__owner=alice)
    other = ApplicationFactory(owner=alice)
    with pytest.raises(IntegrityError), transaction.atomic():
        LetterFactory(interview=ours, application=other)


def test_the_list_shows_a_withdrawal_without_an_interview(alice_client, alice):
    LetterFactory(interview__application__owner=alice)
    application = ApplicationFactory(owner=alice, company="Fabrikam")
    (withdrawal,) = letter_draft_withdrawal(application=application)

    page = alice_client.get(reverse("letters:list"))

    rows = list(page.context["page"].object_list)
    assert page.context["page"].paginator.count == 2
    assert withdrawal in rows
    assert "Fabrikam" in page.content.decode()
    assert withdrawal.status == LetterStatus.DRAFT


# -- how a typed reason reads --------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "sentence"),
    [
        ("accepted another offer.", "I have accepted another offer."),
        ("chose another path", "I have chosen another path."),
        ("going in a different direction", "I am going in a different direction."),
        ("Relocating", "I am relocating."),
        ("have decided to focus on contract work", "I have decided to focus on"),
        ("I'm relocating to Lisbon.", "I'm relocating to Lisbon."),
        ("Family reasons", "Family reasons tipped the balance."),
        ("the commute", "The commute tipped the balance."),
        ("Python work elsewhere", "Python work elsewhere tipped the balance."),
        ("the pay is lower than I need", "The pay is lower than I need."),
    ],
)
def test_a_reason_reads_as_a_sentence_whatever_its_shape(alice, typed, sentence):
    application = ApplicationFactory(
        owner=alice, still_interested=False, withdrawal_reason=typed
    )

    (letter,) = letter_draft_withdrawal(application=application)

    text = _body_middle(letter)
    assert sentence in text
    assert ".." not in text
    # The reason follows the sentence that withdraws.
    withdraws = text.index("withdraw")
    assert withdraws < text.index(sentence.rstrip("."))


def test_no_reason_leaves_no_hole(alice):
    application = ApplicationFactory(
        owner=alice, still_interested=False, withdrawal_reason="   "
    )

    (letter,) = letter_draft_withdrawal(application=application)

    text = _body_middle(letter)
    assert "reason" not in text.lower()
    assert "  " not in letter.body
    assert not re.search(r"\. \.|\s\.|\(\)|\[\]|\{", text)
