"""A letter's words are never lost: every version kept, sent letters frozen, no silent
overwrite from a stale tab (issue 12)."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from applications.models import Interview
from letters.history import (
    KEEP_ALL,
    letter_version_keep_drafted,
    letter_versions_prune,
    text_diff,
)
from letters.models import Letter, LetterStatus, LetterVersion, VersionCause
from letters.status import (
    LetterConflict,
    letter_finish,
    letter_mark_sent,
    letter_update_text,
)
from tests.applications.forms_data import BERLIN, log_data
from tests.factories import LetterFactory, ParticipationFactory

NOON = dt.datetime(2026, 11, 23, 12, 0, tzinfo=dt.UTC)

pytestmark = pytest.mark.django_db


@pytest.fixture
def letter(alice):
    participation = ParticipationFactory(
        interview__owner=alice,
        interview__application__owner=alice,
        interviewer__owner=alice,
        interviewer__name="Ana Rivera",
    )
    return LetterFactory(
        owner=alice,
        interview=participation.interview,
        interviewer=participation.interviewer,
    )


def reload(letter: Letter) -> Letter:
    return Letter.objects.get(pk=letter.pk)


def causes(letter: Letter) -> list[str]:
    """The history oldest first, as the causes the page names."""
    return list(
        letter.versions.order_by("saved_at", "id").values_list("cause", flat=True)
    )


def edit_url(letter: Letter) -> str:
    return reverse("letters:edit", args=[letter.pk])


def save(client, letter: Letter, body: str, *, revision=None, subject=None):
    """What the editor posts: the text and the revision the page showed."""
    return client.post(
        edit_url(letter),
        {
            "subject": subject if subject is not None else letter.subject,
            "body": body,
            "revision": reload(letter).revision if revision is None else revision,
        },
    )


# -- history: every change kept -----------------------------------------------------------


def test_saves_within_a_minute_fold_into_one_version_and_later_ones_add_one(
    alice_client, letter
):
    drafted = letter.body
    with time_machine.travel(
        letter.updated_at + dt.timedelta(hours=1), tick=False
    ) as clock:
        save(alice_client, letter, "Dear Ana,\n\nFirst words.")
        clock.shift(dt.timedelta(seconds=30))
        save(alice_client, letter, "Dear Ana,\n\nFirst words, and more.")
        clock.shift(dt.timedelta(seconds=45))  # 75 s after the version began
        save(alice_client, letter, "Dear Ana,\n\nFirst words, and more. Again.")

    bodies = list(
        letter.versions.order_by("saved_at", "id").values_list("body", flat=True)
    )
    assert bodies == [
        drafted,
        "Dear Ana,\n\nFirst words, and more.",
        "Dear Ana,\n\nFirst words, and more. Again.",
    ]
    assert causes(letter) == ["drafted", "edited", "edited"]


def test_regenerating_three_times_then_restoring_brings_back_the_users_text(
    alice_client, letter
):
    mine = "Dear Ms. Rivera,\n\nMy own careful words about the billing migration."
    save(alice_client, letter, mine, subject="My own subject")
    for _ in range(3):
        response = alice_client.post(reverse("letters:regenerate", args=[letter.pk]))
        assert response.status_code == 302
    assert reload(letter).body != mine

    html = alice_client.get(edit_url(letter)).content.decode()
    mine_kept = letter.versions.get(cause=VersionCause.EDITED)
    assert html.count("Drafted again") == 3
    assert mine_kept.get_absolute_url() in html

    page = alice_client.get(mine_kept.get_absolute_url()).content.decode()
    assert "My own careful words about the billing migration." in page
    assert "<del>" in page and "<ins>" in page
    alice_client.post(
        reverse("letters:version_restore", args=[letter.pk, mine_kept.pk])
    )

    restored = reload(letter)
    assert (restored.subject, restored.body) == ("My own subject", mine)
    assert causes(letter) == [
        "drafted",
        "edited",
        "regenerated",
        "regenerated",
        "regenerated",
        "restored",
    ]


def test_the_version_page_escapes_the_letter_text(alice_client, letter):
    save(alice_client, letter, "Dear Ana,\n\n<script>alert(1)</script> & <b>bold</b>")
    version = letter.versions.order_by("saved_at", "id").first()
    html = alice_client.get(version.get_absolute_url()).content.decode()
    assert "<script>alert(1)" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_another_users_version_is_404_even_through_ones_own_letter(
    charlie_client, charlie, letter
):
    letter_version_keep_drafted(letter=letter)
    version = letter.versions.get()
    own = LetterFactory(owner=charlie, interview__owner=charlie)
    for url in (
        reverse("letters:version", args=[own.pk, version.pk]),
        reverse("letters:version", args=[letter.pk, version.pk]),
    ):
        assert charlie_client.get(url).status_code == 404
    response = charlie_client.post(
        reverse("letters:version_restore", args=[own.pk, version.pk])
    )
    assert response.status_code == 404


def test_text_diff_marks_words_removed_and_added_per_line():
    diff = text_diff(
        "Dear Ana,\n\nThank you for today.", "Dear Ana,\n\nThanks a lot for today."
    )
    assert [[(p.kind, p.text) for p in line] for line in diff] == [
        [("same", "Dear Ana,")],
        [],
        [
            ("removed", "Thank you"),
            ("added", "Thanks a lot"),
            ("same", " for today."),
        ],
    ]


def test_editor_makes_the_same_queries_with_1_and_100_versions(
    alice_client, letter, django_assert_num_queries
):
    """Guards the history list against one query per version (bodies are not read)."""
    url = edit_url(letter)
    letter_version_keep_drafted(letter=letter)
    alice_client.get(url)  # warm the session
    # session, user, the letter (+interview, application, interviewer), the person's
    # notes and the company's other letters (checklist), the siblings, the history
    with django_assert_num_queries(7):
        alice_client.get(url)
    LetterVersion.objects.bulk_create(
        LetterVersion(
            letter=letter,
            cause=VersionCause.EDITED,
            subject=letter.subject,
            body=f"Version {n}",
            started_at=NOON + dt.timedelta(minutes=n),
            saved_at=NOON + dt.timedelta(minutes=n),
        )
        for n in range(99)
    )
    assert letter.versions.count() == 100
    with django_assert_num_queries(7):
        html = alice_client.get(url).content.decode()
    assert reverse("letters:history", args=[letter.pk]) in html


def test_history_page_lists_every_version_in_pages(alice_client, letter):
    for n in range(30):
        LetterVersion.objects.create(
            letter=letter,
            cause=VersionCause.EDITED,
            subject=f"Subject {n}",
            body="",
            started_at=NOON + dt.timedelta(minutes=n),
            saved_at=NOON + dt.timedelta(minutes=n),
        )
    url = reverse("letters:history", args=[letter.pk])
    first = alice_client.get(url).content.decode()
    second = alice_client.get(url + "?page=2").content.decode()
    assert "Subject 29" in first and "Subject 0" not in first
    assert "Subject 0" in second


# -- pruning ------------------------------------------------------------------------------


def _version(letter, cause, when) -> LetterVersion:
    return LetterVersion.objects.create(
        letter=letter,
        cause=cause,
        subject=letter.subject,
        body=f"{cause} at {when:%Y-%m-%d %H:%M}",
        started_at=when,
        saved_at=when,
    )


def test_pruning_keeps_90_days_then_one_a_day_and_never_a_sent_version(letter):
    now = NOON
    old_day = now - KEEP_ALL - dt.timedelta(days=3)
    morning = _version(letter, "edited", old_day.replace(hour=9))
    sent = _version(letter, "sent", old_day.replace(hour=10))
    noon = _version(letter, "edited", old_day.replace(hour=12))
    evening = _version(letter, "edited", old_day.replace(hour=18))
    recent = [
        _version(letter, "edited", now - dt.timedelta(days=10, hours=h))
        for h in range(3)
    ]

    assert letter_versions_prune(now=now) == 2

    kept = set(letter.versions.values_list("pk", flat=True))
    assert kept == {sent.pk, evening.pk, *(v.pk for v in recent)}
    assert morning.pk not in kept and noon.pk not in kept
    assert letter_versions_prune(now=now) == 0


def test_pruning_never_removes_a_letters_only_old_versions_newest(letter):
    long_ago = NOON - KEEP_ALL - dt.timedelta(days=400)
    first = _version(letter, "drafted", long_ago)
    last = _version(letter, "edited", long_ago + dt.timedelta(hours=1))
    assert letter_versions_prune(now=NOON) == 1
    assert list(letter.versions.values_list("pk", flat=True)) == [last.pk]
    assert not LetterVersion.objects.filter(pk=first.pk).exists()


def test_pruning_runs_daily_from_beat():
    from jobtrack.celery import app

    entry = app.conf.beat_schedule["letter-versions-prune"]
    assert entry["task"] == "letters.tasks.letter_versions_prune_task"
    assert entry["schedule"] == 24 * 60 * 60
    app.loader.import_default_modules()
    assert "letters.tasks.letter_versions_prune_task" in app.tasks


# -- sent letters are frozen ----------------------------------------------------------------


def _logged_interview(client) -> Interview:
    """An interview logged through the form, with one person and notes."""
    data = log_data(
        new_company="Northwind",
        new_role="Data Engineer",
        stage="first",
        people=[{"name": "Ana Rivera", "specific_detail": "the billing migration"}],
    )
    with time_machine.travel(dt.datetime(2026, 3, 10, 16, 0, tzinfo=BERLIN)):
        response = client.post(reverse("applications:interview_log"), data)
    assert response.status_code == 302
    return Interview.objects.get()


ANA = {"name": "Ana Rivera", "specific_detail": "the billing migration"}


def _relog(client, interview, *, people=(ANA,), **fields):
    """The interview's edit form posted again, as the user re-saves the log."""
    data = log_data(
        application=str(interview.application_id), initial=1, people=people, **fields
    )
    with time_machine.travel(dt.datetime(2026, 3, 10, 17, 0, tzinfo=BERLIN)):
        response = client.post(
            reverse("applications:interview_edit", args=[interview.pk]), data
        )
    assert response.status_code == 302, response.content.decode()[:2000]


def _send_and_reopen(client, letter):
    client.post(reverse("letters:mark_sent", args=[letter.pk]))
    assert reload(letter).status == LetterStatus.SENT
    client.post(reverse("letters:reopen", args=[letter.pk]))
    assert reload(letter).status == LetterStatus.DRAFT


@pytest.fixture
def logged(alice_client):
    return _logged_interview(alice_client)


def test_reopened_sent_letter_is_not_rewritten_when_the_notes_change(
    alice_client, logged
):
    letter = Letter.objects.get(interview=logged)
    sent_text = letter.body
    _send_and_reopen(alice_client, letter)

    _relog(
        alice_client,
        logged,
        people=[{"name": "Ana Rivera", "specific_detail": "a brand new detail"}],
    )

    kept = reload(letter)
    assert kept.body == sent_text
    assert "brand new detail" not in kept.body
    html = alice_client.get(edit_url(letter)).content.decode()
    assert "The text that was sent" in html


def test_a_changed_stage_keeps_a_sent_letter(alice_client, logged):
    letter = Letter.objects.get(interview=logged)
    alice_client.post(reverse("letters:mark_sent", args=[letter.pk]))

    _relog(alice_client, logged, stage="second")

    kept = reload(letter)
    assert kept.status == LetterStatus.SENT
    assert alice_client.get(edit_url(letter)).status_code == 200
    # The new stage still gets its own letter beside the sent one.
    assert Letter.objects.filter(interview=logged, kind="second").exists()


def test_a_changed_stage_keeps_a_sent_and_reopened_letter(alice_client, logged):
    letter = Letter.objects.get(interview=logged)
    _send_and_reopen(alice_client, letter)

    _relog(alice_client, logged, stage="second")

    assert alice_client.get(edit_url(letter)).status_code == 200
    assert reload(letter).versions.filter(cause=VersionCause.SENT).exists()


def test_a_person_taken_off_keeps_their_sent_and_reopened_letter(alice_client, logged):
    letter = Letter.objects.get(interview=logged)
    _send_and_reopen(alice_client, letter)
    _relog(
        alice_client,
        logged,
        people=[
            {"name": "Ana Rivera", "DELETE": True},
            {"name": "Ben Okafor", "specific_detail": "the schema checks"},
        ],
    )

    assert Letter.objects.filter(pk=letter.pk).exists()


def test_a_finished_then_reopened_letter_is_not_redrafted(alice_client, logged):
    letter = Letter.objects.get(interview=logged)
    text = letter.body
    alice_client.post(
        reverse("letters:finish", args=[letter.pk]),
        {"subject": letter.subject, "body": text, "revision": letter.revision},
    )
    alice_client.post(reverse("letters:reopen", args=[letter.pk]))

    _relog(alice_client, logged, stage="second")

    assert reload(letter).body == text


def test_an_untouched_draft_still_follows_the_notes(alice_client, logged):
    letter = Letter.objects.get(interview=logged)
    _relog(
        alice_client,
        logged,
        people=[{"name": "Ana Rivera", "specific_detail": "a brand new detail"}],
    )
    assert "brand new detail" in reload(letter).body


def test_the_sent_version_keeps_its_date_after_reopening_and_editing(
    alice_client, letter
):
    with time_machine.travel(NOON, tick=False) as clock:
        letter_mark_sent(letter=letter)
        clock.shift(dt.timedelta(hours=2))
        alice_client.post(reverse("letters:reopen", args=[letter.pk]))
        save(alice_client, letter, "Dear Ana,\n\nA corrected text.")

    sent = letter.versions.get(cause=VersionCause.SENT)
    assert sent.saved_at == NOON
    assert sent.body == LetterFactory.body
    html = alice_client.get(edit_url(letter)).content.decode()
    assert "The text that was sent" in html
    assert reload(letter).first_finished_at == NOON


# -- no silent overwrite ------------------------------------------------------------------


def test_a_stale_tabs_save_gets_both_texts_and_overwrites_nothing(alice_client, letter):
    opened_at = reload(letter).revision
    first = save(alice_client, letter, "Dear Ana,\n\nThe paragraph from tab one.")
    assert first.status_code == 302

    second = save(
        alice_client,
        letter,
        "Dear Ana,\n\nThe paragraph from tab two.",
        revision=opened_at,
    )

    html = second.content.decode()
    assert second.status_code == 409
    assert "The paragraph from tab one." in html
    assert "The paragraph from tab two." in html
    assert reload(letter).body == "Dear Ana,\n\nThe paragraph from tab one."

    kept = alice_client.post(
        reverse("letters:keep", args=[letter.pk]),
        {
            "subject": letter.subject,
            "body": "Dear Ana,\n\nTab one. Tab two, merged by hand.",
            "revision": reload(letter).revision,
        },
    )
    assert kept.status_code == 302
    assert reload(letter).body == "Dear Ana,\n\nTab one. Tab two, merged by hand."
    bodies = set(letter.versions.values_list("body", flat=True))
    assert "Dear Ana,\n\nThe paragraph from tab one." in bodies


def test_a_save_after_the_letter_was_finished_elsewhere_keeps_the_typed_text(
    alice_client, letter
):
    opened_at = letter.revision
    letter_finish(letter=letter)  # the other tab

    response = save(
        alice_client, letter, "Dear Ana,\n\nTyped in the stale tab.", revision=opened_at
    )

    assert response.status_code == 409
    html = response.content.decode()
    assert "Typed in the stale tab." in html
    assert "finished in another tab" in html
    assert reload(letter).status == LetterStatus.FINISHED


def test_a_stale_finish_shows_the_conflict_and_finishes_nothing(alice_client, letter):
    opened_at = letter.revision
    save(alice_client, letter, "Dear Ana,\n\nSaved in the other tab.")

    response = alice_client.post(
        reverse("letters:finish", args=[letter.pk]),
        {
            "subject": letter.subject,
            "body": "Dear Ana,\n\nFinished in the stale tab.",
            "revision": opened_at,
        },
    )

    assert response.status_code == 409
    assert "Finished in the stale tab." in response.content.decode()
    current = reload(letter)
    assert current.status == LetterStatus.DRAFT
    assert current.body == "Dear Ana,\n\nSaved in the other tab."


def test_keeping_ones_text_over_a_sent_letter_reopens_it_and_keeps_the_sent_text(
    alice_client, letter
):
    opened_at = letter.revision
    letter_mark_sent(letter=letter)
    sent_body = reload(letter).body
    response = save(
        alice_client, letter, "Dear Ana,\n\nMy late fix.", revision=opened_at
    )
    assert response.status_code == 409

    alice_client.post(
        reverse("letters:keep", args=[letter.pk]),
        {
            "subject": letter.subject,
            "body": "Dear Ana,\n\nMy late fix.",
            "revision": reload(letter).revision,
        },
    )

    current = reload(letter)
    assert (current.status, current.body) == (
        LetterStatus.DRAFT,
        "Dear Ana,\n\nMy late fix.",
    )
    assert current.versions.get(cause=VersionCause.SENT).body == sent_body


def test_a_stale_mark_sent_changes_nothing_and_says_why(alice_client, letter):
    letter_finish(letter=letter)
    opened_at = reload(letter).revision
    alice_client.post(reverse("letters:reopen", args=[letter.pk]))  # the other tab
    save(alice_client, letter, "Dear Ana,\n\nChanged after reopening.")

    response = alice_client.post(
        reverse("letters:mark_sent", args=[letter.pk]),
        {"revision": opened_at},
        follow=True,
    )

    assert reload(letter).status == LetterStatus.DRAFT
    assert "changed in another tab" in response.content.decode()


def test_the_update_is_conditional_on_the_revision():
    letter = LetterFactory()
    stale = reload(letter)
    letter_update_text(letter=letter, subject="S", body="Saved first")
    with pytest.raises(LetterConflict) as caught:
        letter_update_text(letter=stale, subject="S", body="Saved second")
    assert caught.value.letter.body == "Saved first"
    assert reload(letter).body == "Saved first"


def test_a_too_long_subject_on_the_conflict_page_says_so_and_keeps_the_text(
    alice_client, letter
):
    response = alice_client.post(
        reverse("letters:keep", args=[letter.pk]),
        {
            "subject": "S" * 300,
            "body": "Dear Ana,\n\nMy merged text.",
            "revision": letter.revision,
        },
    )
    html = response.content.decode()
    assert response.status_code == 409
    assert "This is 300 characters long; the limit is 200." in html
    assert "My merged text." in html
    assert reload(letter).body == LetterFactory.body
