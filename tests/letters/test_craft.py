"""Issue 13: drafts from notes typed in every shape read as if the user wrote them."""

import itertools
import os
import re
from difflib import SequenceMatcher
from pathlib import Path

import pytest

from letters.checklist import letter_checklist
from letters.composing import NOTES_FOR_KIND
from letters.drafting import (
    KIND_FOR_STAGE,
    letter_draft_checkin,
    letters_draft_for_interview,
)
from letters.models import Letter
from letters.similarity import NEAR_COPY, letter_lines, letter_words, words_similarity
from tests.letters import awkward
from tests.letters.logs import make_application, make_user

pytestmark = pytest.mark.django_db

HOLES = re.compile(r"  | ,| \.| ;| :|\[\]|\bNone\b|\{\{|\{%|\n\n\n|[ \t]\n|\(\)")


def loaded(letters):
    return list(
        Letter.objects.filter(pk__in=[letter.pk for letter in letters])
        .select_related("application", "interview", "interviewer")
        .order_by("id")
    )


def checklist(letter):
    return letter_checklist(letter=letter, subject=letter.subject, body=letter.body)


def twelve():
    user = make_user(full_name="Robin Hale", signature="Robin Hale", phone="", links="")
    letters = letters_draft_for_interview(interview=awkward.smith_round(user))
    for build in (
        awkward.lowercase_screen,
        awkward.long_first,
        awkward.panel_team,
        awkward.final_with_coordinator,
    ):
        interview = build(user)
        letters += letters_draft_for_interview(interview=interview)
    letters += letter_draft_checkin(application=interview.application)
    return loaded(letters)


def middle(letter) -> str:
    """What the reader reads: no greeting, no sign-off."""
    return " ".join(letter_lines(letter.body))


def test_six_people_at_one_company_get_six_different_letters():
    letters = loaded(letters_draft_for_interview(interview=awkward.smith_round()))

    assert sorted(letter.variant for letter in letters) == [0, 1, 2, 3, 4, 5]
    openings = {middle(letter).split(".")[0] for letter in letters}
    assert len(openings) == 6
    for a, b in itertools.combinations(letters, 2):
        score = words_similarity(letter_words(a.body), letter_words(b.body))
        assert score <= NEAR_COPY / 1.5, (a.recipient_name, b.recipient_name, score)


def test_the_reader_is_spoken_to_and_fragments_become_sentences():
    letters = {
        letter.recipient_name: letter.body
        for letter in loaded(
            letters_draft_for_interview(interview=awkward.smith_round())
        )
    }

    assert letters["Dr. Sam Whitaker"].startswith("Dear Dr. Whitaker,\n")
    assert letters["Dana Fischer"].startswith("Dear Dana,\n")
    assert letters["Jörg Weber"].startswith("Dear Jörg Weber,\n")
    assert (
        "you asked me to sketch the schema for late orders live"
        in letters["Dr. Sam Whitaker"]
    )
    assert "you walked me through the new warehouse map" in letters["Dana Fischer"]
    assert "Dana walked" not in letters["Dana Fischer"]
    assert "you came back with a harder version" in letters["Jörg Weber"]
    assert "you described how your team moved the batch jobs" in letters["Li Wei"]
    assert "that the claims backlog halved after they hired" in letters["Priya Nair"]
    # Experience stays past and is tied to the challenge; a plan stays a plan.
    assert (
        "At Fernway I cut handoffs by half with one shared board, and I"
        in letters["Dr. Sam Whitaker"]
    )
    assert "I rebuilt the dock schedule at my last job" in letters["Jörg Weber"]
    assert "I would start with an audit" in letters["Dana Fischer"]
    assert "Is the Leeds site run by the same team?" in letters["Dana Fischer"]
    assert "a short case study on the Fernway board" in letters["Dr. Sam Whitaker"]
    assert "Fernway board.." not in letters["Dr. Sam Whitaker"]
    for body in letters.values():
        assert not HOLES.search(body), body
        assert body.count(":") <= 1 + body.count("://"), body
        assert not re.search(r"(?<![\w'])i(?![\w'])", body), body
        assert "ppl" not in body and " bc " not in body


def test_every_note_reaches_the_letter_and_long_notes_are_listed_not_cut():
    user = make_user()
    (smith, *_) = loaded(letters_draft_for_interview(interview=awkward.smith_round()))
    (long,) = loaded(letters_draft_for_interview(interview=awkward.long_first(user)))

    items = {item.label.split(":")[0]: item for item in checklist(smith)}
    assert items["Uses each of your notes"].ok, smith.body
    items = {item.label.split(":")[0]: item for item in checklist(long)}
    left_out = items["Uses each of your notes"].detail
    assert left_out.startswith("Left out to keep it short: topics discussed")
    assert len(long.body.split()) <= 200
    # Whatever is placed is placed whole.
    assert awkward.LONG_NOTES["specific_detail"][1:] in long.body


def test_screen_notes_in_lowercase_and_text_speak_come_out_clean():
    (letter,) = loaded(
        letters_draft_for_interview(interview=awkward.lowercase_screen(make_user()))
    )

    assert letter.body.startswith("Hi Ana,\n")
    assert "you mentioned the redesign of the booking flow" in letter.body
    assert "4 people" in letter.body
    assert "I led a booking flow redesign at Kite" in letter.body
    failing = [item.label for item in checklist(letter) if not item.ok]
    assert not [label for label in failing if label.startswith("Careful")], letter.body


def test_the_samples_for_the_closing_note():
    """Twelve untouched drafts with their checklists and the similarity table; written
    to LETTER_SAMPLES_PATH when set."""
    letters = twelve()
    assert len(letters) == 12
    out = ["Issue 13 – twelve untouched drafts from awkward logs.\n"]
    for number, letter in enumerate(letters, start=1):
        out.append(
            f"{'=' * 78}\n{number}. {letter.get_kind_display()} to "
            f"{letter.recipient_name} at {letter.interview.application.company} "
            f"(phrasing {letter.variant})\nSubject: {letter.subject}\n\n{letter.body}\n"
        )
        for item in checklist(letter):
            mark = "x" if item.ok else " "
            out.append(
                f"  [{mark}] {item.label}{' – ' + item.detail if item.detail else ''}"
            )
        out.append("")
        assert not HOLES.search(letter.body), letter.body
    six = letters[:6]
    out.append(f"{'=' * 78}\nSix letters to Smith & Sons Ltd., pairwise (bodies only):")
    out.append(f"  {'pair':40} words  chars")
    for a, b in itertools.combinations(six, 2):
        words = words_similarity(letter_words(a.body), letter_words(b.body))
        chars = SequenceMatcher(
            None,
            " ".join(letter_words(a.body)),
            " ".join(letter_words(b.body)),
            autojunk=False,
        ).ratio()
        pair = f"{a.recipient_name} / {b.recipient_name}"
        out.append(f"  {pair:40} {words:.3f}  {chars:.3f}")
        assert words <= NEAR_COPY
    if path := os.environ.get("LETTER_SAMPLES_PATH"):
        Path(path).write_text("\n".join(out) + "\n", encoding="utf-8")


SHORT_NOTES = {
    "specific_detail": "asked me to sketch the dock schedule",
    "topics": "weekend cover",
    "learned": "the team ships every Friday",
    "challenge": "late trucks",
    "how_to_meet_challenge": "I rebuilt a dock schedule at Fernway",
    "open_question": "who owns the carrier scorecard",
    "materials": "the Fernway case study",
    "link_to_share": "https://example.org/blog/dock-scheduling",
}


@pytest.mark.parametrize(
    "stage", ["screen", "first", "second", "later", "panel", "final"]
)
def test_every_note_a_stage_uses_reaches_the_letter(stage):
    user = make_user()
    application = make_application(owner=user, company="Fernhill", role="Planner")
    interview = awkward.done_interview(application, stage)
    awkward.add_person(application, interview, 0, "Ana Rivera", "formal", SHORT_NOTES)

    (letter,) = loaded(letters_draft_for_interview(interview=interview))

    items = {item.label.split(":")[0]: item for item in checklist(letter)}
    assert items["Uses each of your notes"].ok, letter.body
    assert "Left out" not in items["Uses each of your notes"].detail
    used = NOTES_FOR_KIND[KIND_FOR_STAGE[stage]]
    assert ("open_question" in used) == (stage not in {"screen"})
    for field in used:
        words = SHORT_NOTES[field].split()[-2:]
        assert " ".join(words) in letter.body, (field, letter.body)


def test_a_letter_copied_with_a_new_name_and_detail_is_flagged():
    whitaker, dana, *_ = loaded(
        letters_draft_for_interview(interview=awkward.smith_round())
    )
    detail = "you asked me to sketch the schema for late orders live"
    copy = whitaker.body.replace("Dear Dr. Whitaker,", "Dear Dana,").replace(
        detail, "you walked me through the new warehouse map"
    )

    score = words_similarity(letter_words(copy), letter_words(whitaker.body))
    item = {i.label.split(":")[0]: i for i in checklist(dana)}
    flagged = letter_checklist(letter=dana, subject=dana.subject, body=copy)

    print(f"copy vs original: {score:.3f}")
    assert score > 0.8
    assert item["Not a near-copy of another letter to Smith & Sons Ltd."].ok
    assert "Dr. Sam Whitaker" in next(
        i.detail for i in flagged if i.label.startswith("Not a near-copy")
    )


def test_braces_in_user_text_are_text_not_format_fields():
    user = make_user(signature="", phone="", links="")
    application = make_application(owner=user, company="{role} & {n} Ltd", role="{0}")
    interview = awkward.done_interview(application, "first")
    awkward.add_person(
        application, interview, 0, "Ana {N}", "first_name",
        {"specific_detail": "the {company} and {q!r} puzzle", "materials": "{p}"},
    )  # fmt: skip

    (letter,) = letters_draft_for_interview(interview=interview)

    assert "{role} & {n} Ltd" in letter.body
    assert "he {company} and {q!r} puzzle" in letter.body
    assert "{p}" in letter.body
    assert letter.body.startswith("Dear Ana,")
