"""The checklist: each rule of the guide, on the text as typed, in a fixed number of queries."""

import re

import pytest

from letters.checklist import CheckItem, letter_checklist
from letters.drafting import letter_draft_withdrawal, letters_draft_for_interview
from letters.models import Letter
from tests.factories import LetterFactory, UserFactory
from tests.letters.logs import EMPTY_NOTES, make_application, make_interview

pytestmark = pytest.mark.django_db


def loaded(letter):
    return (
        Letter.objects.select_related("application", "interview", "interviewer")
        .filter(pk=letter.pk)
        .get()
    )


def draft(stage="first", people=1, **app_kwargs):
    interview = make_interview(
        make_application(**app_kwargs), stage=stage, people=people
    )
    return [
        loaded(letter) for letter in letters_draft_for_interview(interview=interview)
    ]


def check(letter, *, subject=None, body=None) -> dict[str, CheckItem]:
    items = letter_checklist(
        letter=letter,
        subject=letter.subject if subject is None else subject,
        body=letter.body if body is None else body,
    )
    return {item.label.split(":")[0]: item for item in items}


def failing(letter, **text) -> dict[str, str]:
    return {
        label: item.detail
        for label, item in check(letter, **text).items()
        if not item.ok
    }


def test_a_good_draft_passes_every_rule_of_its_kind():
    (letter,) = draft("second")

    items = check(letter)

    assert list(items) == [
        "Addressed to Ana Rivera by name",
        "Mentions the role and the company",
        "Says thank you",
        "Contains the specific detail from your conversation",
        "Offers more material",
        "Names a challenge they raised and how you would meet it",
        "No placeholder or bracket left",
        "No pay, benefits or vacation questions",
        "Careful writing",
        "Uses each of your notes",
        "Length",
        "Not a near-copy of another letter to Northwind Analytics",
        "Subject present and short",
    ]
    assert all(item.ok for item in items.values())


def test_rules_are_checked_on_the_unsaved_text_not_the_stored_one():
    (letter,) = draft("first")

    problems = failing(letter, body=letter.body.replace("Northwind Analytics", "them"))

    assert problems == {
        "Mentions the role and the company": "Name the company (“Northwind Analytics”) "
        "as you entered it."
    }


# -- pay, placeholders ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "phrase",
    [
        "What is the salary range?",
        "Could you tell me about the benefits package?",
        "How many vacation days are there?",
        "Is there a signing bonus?",
        "I would love to know about equity.",
        "How much PTO do new hires get?",
        "How many remote days per week are allowed?",
        "When would the pay review be?",
        "Is there paid time off in the first year?",
    ],
)
def test_pay_benefits_and_vacation_words_are_flagged_before_an_offer(phrase):
    (letter,) = draft("first")

    problems = failing(
        letter, body=letter.body.replace("Best regards,", f"{phrase}\n\nBest regards,")
    )

    assert list(problems) == ["No pay, benefits or vacation questions"]
    assert "wait for an offer" in problems["No pay, benefits or vacation questions"]


def test_pay_questions_are_fine_once_there_is_an_offer():
    (letter,) = draft("first", status="offer")

    body = letter.body.replace(
        "Best regards,", "What is the salary range?\n\nBest regards,"
    )

    assert check(letter, body=body)["No pay, benefits or vacation questions"].ok


@pytest.mark.parametrize(
    "harmless",
    [
        "I saw the benefits of pair programming.",
        "Teams would benefit from it.",
        "I will pay attention to it.",
    ],
)
def test_ordinary_words_near_pay_words_are_not_flagged(harmless):
    (letter,) = draft("first")

    body = letter.body.replace("Best regards,", f"{harmless}\n\nBest regards,")

    assert check(letter, body=body)["No pay, benefits or vacation questions"].ok


@pytest.mark.parametrize(
    "leftover",
    [
        "[Interviewer name]",
        "{company}",
        "{{ role }}",
        "{% if x %}",
        "TODO",
        "XXX",
        "None",
        "&amp;",
        "&#x27;",
    ],
)
def test_placeholders_and_brackets_are_flagged(leftover):
    (letter,) = draft("first")

    problems = failing(
        letter,
        body=letter.body.replace("Best regards,", f"{leftover}\n\nBest regards,"),
    )

    assert problems == {
        "No placeholder or bracket left": f"Replace or remove “{leftover}”."
    }


def test_placeholder_in_the_subject_is_flagged_too():
    (letter,) = draft("first")

    assert "No placeholder or bracket left" in failing(
        letter, subject="Thank you – [role]"
    )


# -- names, role, detail -------------------------------------------------------------------


def test_formal_greeting_needs_the_full_name_or_title_and_surname():
    (letter,) = draft("first")  # Ana Rivera, formal

    assert "Addressed to Ana Rivera by name" not in failing(
        letter, body=letter.body.replace("Dear Ana Rivera,", "Dear Ms. Rivera,")
    )
    problems = failing(letter, body=letter.body.replace("Dear Ana Rivera,", "Hi Ana,"))
    assert problems == {
        "Addressed to Ana Rivera by name": "Open with “Dear Ana Rivera,”."
    }


def test_first_name_greeting_passes_when_invited():
    _, ben = draft("first", people=2)  # Ben Okafor invited first names

    assert ben.body.startswith("Dear Ben,")
    assert check(ben)["Addressed to Ben Okafor by name"].ok
    problems = failing(ben, body=ben.body.replace("Dear Ben,", "Dear Sir or Madam,"))
    assert "Addressed to Ben Okafor by name" in problems


def test_the_detail_counts_when_reworded_and_is_asked_for_when_gone():
    (letter,) = draft("first")
    detail = (
        "your story about moving the billing pipeline to event sourcing in six weeks"
    )
    reworded = letter.body.replace(
        detail,
        "hearing how your team moved billing onto event sourcing within six weeks",
    )
    (sentence,) = re.findall(rf"[^.\n]*{detail}[^.\n]*\.", letter.body, re.IGNORECASE)
    removed = letter.body.replace(sentence, "")

    assert check(letter, body=reworded)[
        "Contains the specific detail from your conversation"
    ].ok
    assert failing(letter, body=removed)[
        "Contains the specific detail from your conversation"
    ] == (f"Add the detail you noted: “{detail}”.")


def test_second_round_needs_an_offer_of_material_and_the_challenge():
    (letter,) = draft("second")
    body = "\n\n".join(
        part
        for part in letter.body.split("\n\n")
        if "design document" not in part and "batch jobs" not in part
    )

    problems = failing(letter, body=body)

    assert problems["Offers more material"].startswith("Offer something more")
    assert (
        "the design document from the Fintrail pipeline migration"
        in problems["Offers more material"]
    )
    assert problems["Names a challenge they raised and how you would meet it"] == (
        "Name the challenge you discussed: “the nightly batch jobs that slow down every "
        "March when tax reports peak”."
    )


def test_an_offer_in_your_own_words_counts_as_material():
    interview = make_interview(
        make_application(), stage="second", people=1, notes=EMPTY_NOTES
    )
    (letter,) = letters_draft_for_interview(interview=interview)
    body = letter.body.replace(
        "I would be glad to send work samples or references so you can see how I work.",
        "Happy to share my portfolio if useful.",
    )

    assert check(loaded(letter), body=body)["Offers more material"].ok


# -- length, subject -----------------------------------------------------------------------


def test_length_bounds_differ_for_thanks_and_for_withdrawals():
    (letter,) = draft("first")
    short = "Dear Ana Rivera,\n\nThanks for the Senior Data Engineer chat at Northwind."
    long = letter.body + (
        "\n\nOne more sentence that only makes the letter longer." * 10
    )

    assert not check(letter, body=short)["Length"].ok
    assert "short" in check(letter, body=short)["Length"].detail
    assert not check(letter, body=long)["Length"].ok
    assert "200 words" in check(letter, body=long)["Length"].detail

    application = letter.interview.application
    (withdrawal,) = letter_draft_withdrawal(application=application)
    item = check(loaded(withdrawal))["Length"]
    assert item.ok and item.label.endswith("(aim for 40–120)")
    assert not check(loaded(withdrawal), body=letter.body)["Length"].ok


def test_subject_must_be_there_and_short():
    (letter,) = draft("first")

    assert "Add a subject" in failing(letter, subject="  ")["Subject present and short"]
    too_long = "Thank you – " + "very " * 12 + "long"
    assert "now 76" in failing(letter, subject=too_long)["Subject present and short"]


# -- near copies ---------------------------------------------------------------------------


def test_a_near_copy_of_another_letter_to_the_company_names_that_letter():
    ana, ben, chloe = draft("second", people=3)
    copied = ana.body.replace("Dear Ana Rivera,", "Dear Ben,")

    problems = failing(ben, body=copied)

    assert problems[
        "Not a near-copy of another letter to Northwind Analytics"
    ].startswith(
        "It reads much like your letter to Ana Rivera (second-interview thank-you)"
    )
    # Ben's own notes are missing from the copy too.
    assert "Contains the specific detail from your conversation" in problems
    assert check(ben)["Not a near-copy of another letter to Northwind Analytics"].ok


def test_near_copy_compares_letters_across_applications_at_the_same_company():
    (ana,) = draft("first")
    other_role = make_application(
        owner=ana.owner, company="northwind analytics", role="Analytics Engineer"
    )
    other = LetterFactory(
        interview=make_interview(other_role, stage="first", people=0),
        interviewer=None,
        body=ana.body,
    )

    problem = failing(loaded(other))[
        "Not a near-copy of another letter to northwind analytics"
    ]

    assert "your letter to Ana Rivera" in problem


def test_another_users_letters_are_never_compared():
    (ana,) = draft("first")
    stranger = LetterFactory(
        interview=make_interview(
            make_application(owner=UserFactory()), stage="first", people=0
        ),
        interviewer=None,
        body=ana.body,
    )

    label = "Not a near-copy of another letter to Northwind Analytics"
    assert check(loaded(stranger))[label].ok


# -- speed ---------------------------------------------------------------------------------


@pytest.mark.parametrize("siblings", [1, 30])
def test_checklist_runs_in_two_queries_however_many_letters(
    siblings, django_assert_num_queries
):
    (letter,) = draft("first")
    application = letter.interview.application
    for n in range(siblings):
        LetterFactory(
            interview=make_interview(application, stage="first", people=0),
            interviewer=None,
            body=f"Letter number {n} with some words that differ from the others.",
        )

    # 1. the person's notes and greeting; 2. every other letter to the company.
    with django_assert_num_queries(2):
        letter_checklist(letter=letter, subject=letter.subject, body=letter.body)


# -- careful writing (issue 13) -------------------------------------------------------------

CAREFUL = "Careful writing"


@pytest.mark.parametrize(
    ("added", "advice"),
    [
        ("I think i could help with that.", "write “I” as a capital"),
        ("Let me know what ppl think.", "spell out “ppl”"),
        ("Thanks again, see u soon.", "spell out “u”"),
        (
            "How does the team plan its quarter.",
            "end the question “How does the team plan its quarter.” with “?”",
        ),
        ("I would be glad to send A short case study.", "“A” needs no capital"),
        ("We met at Smith & Sons Ltd.. It went well.", "“..” is doubled punctuation"),
        ("That was useful,, thank you.", "“,,” is doubled punctuation"),
        (
            "https://example.org/a-piece",
            "say why they might read https://example.org/a-piece",
        ),
    ],
)
def test_careful_writing_catches_what_a_reader_would(added, advice):
    (letter,) = draft("first")

    problems = failing(
        letter, body=letter.body.replace("Best regards,", f"{added}\n\nBest regards,")
    )

    assert advice.lower() in problems[CAREFUL].lower()


@pytest.mark.parametrize(
    "harmless",
    [
        "I hope the iPhone launch goes well.",
        "We spoke about Smith & Sons Ltd., a supplier of yours.",
        "The Data Platform team impressed me.",
        "Could you tell me how the timeline looks?",
        "Here is the piece on batch processing I mentioned: https://example.org/x",
        "I will be in touch on Monday.",
        "Should it help, I can send more.",
    ],
)
def test_careful_writing_leaves_good_writing_alone(harmless):
    (letter,) = draft("first")

    body = letter.body.replace("Best regards,", f"{harmless}\n\nBest regards,")

    assert check(letter, body=body)[CAREFUL].ok, check(letter, body=body)[CAREFUL]


def test_the_signature_may_hold_bare_links():
    (letter,) = draft("first")

    assert letter.body.endswith("https://www.linkedin.com/in/alice-martin-example")
    assert check(letter)[CAREFUL].ok


def test_over_length_names_the_longest_note():
    (letter,) = draft("first")
    long = "a very long story about the warehouse " * 12

    letter.interview.participations.update(learned=long)
    body = letter.body.replace("Best regards,", f"{long}.\n\nBest regards,")

    item = check(letter, body=body)["Length"]
    assert not item.ok
    assert "your note on what you learned about the role or company (84 words)" in (
        item.detail
    )


def test_a_note_left_out_of_a_short_letter_is_named():
    (letter,) = draft("first")
    body = "Dear Ana Rivera,\n\nThank you.\n\nBest regards,\nAlice Martin"

    item = check(letter, body=body)["Uses each of your notes"]

    assert not item.ok
    assert "a question still open (“How does the team decide which" in item.detail
