"""Deletes that can be undone (issue 12): the Trash as the user meets it.

Deleting an application or an interview moves it, whole, to the Trash for 30 days;
restoring brings back every letter with its history; the purge deletes for good only
after 30 days; nothing in the Trash shows anywhere else.
"""

import datetime as dt
import io
import json
import zipfile

import pytest
import time_machine
from django.conf import settings
from django.core import mail
from django.db import connection
from django.db.models import Q
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from applications.models import Application, Interview, Interviewer, Participation
from letters.history import letter_version_keep_drafted
from letters.models import Letter, LetterVersion
from letters.status import letter_finish, letter_mark_sent, letter_update_text
from overview.account_data import account_delete
from reminders.models import Reminder
from reminders.schedule import reminders_claim_due, reminders_schedule_for_interview
from tests.factories import (
    ApplicationFactory,
    InterviewFactory,
    LetterFactory,
    ParticipationFactory,
)
from trash.rules import TRASH_KEEPS, application_trash, interview_trash
from trash.tasks import trash_purge_task

pytestmark = pytest.mark.django_db

DELETED_AT = dt.datetime(2026, 11, 2, 10, 0, tzinfo=dt.UTC)
TRASH_URL = reverse("trash:index")


def rows_of(alice) -> dict:
    """Every row alice owns, as stored: what a restore must give back unchanged."""
    return {
        "applications": list(
            Application.objects.filter(owner=alice).values().order_by("pk")
        ),
        "interviews": list(
            Interview.objects.filter(owner=alice).values().order_by("pk")
        ),
        "interviewers": list(
            Interviewer.objects.filter(owner=alice).values().order_by("pk")
        ),
        "participations": list(
            Participation.objects.filter(interview__owner=alice).values().order_by("pk")
        ),
        "letters": list(Letter.objects.filter(owner=alice).values().order_by("pk")),
        "versions": list(
            LetterVersion.objects.filter(letter__owner=alice).values().order_by("pk")
        ),
    }


def without_trash_marks(rows: dict) -> dict:
    return {
        key: [{k: v for k, v in row.items() if k != "trashed_at"} for row in values]
        for key, values in rows.items()
    }


@pytest.fixture
def acme(alice):
    """Alice's Acme interview: Ana's letter finished, Ben's sent, Chen's a draft; each
    with a history (drafted, then her own words)."""
    interview = InterviewFactory(
        application__owner=alice,
        application__company="Acme",
        application__role="Data Engineer",
    )
    letters = {}
    for name in ("Ana Rivera", "Ben Okafor", "Chen Wu"):
        person = ParticipationFactory(interview=interview, interviewer__name=name)
        letter = LetterFactory(
            interview=interview,
            interviewer=person.interviewer,
            subject=f"Thank you, {name}",
        )
        letter_version_keep_drafted(letter=letter)
        letters[name] = letter_update_text(
            letter=letter,
            subject=letter.subject,
            body=f"Dear {name},\n\nMy own words about the data platform.\n\nAlice",
        )
    letter_finish(letter=letters["Ana Rivera"])
    letter_mark_sent(letter=letters["Ben Okafor"])
    return interview


def test_delete_page_names_finished_and_sent_letters_and_offers_their_zip_first(
    alice_client, acme
):
    page = alice_client.get(
        reverse("trash:application_delete", args=[acme.application_id])
    )
    text = page.text
    zip_url = reverse("exports:zip_application", args=[acme.application_id])
    assert "<strong>1 finished</strong> and <strong>1 sent</strong>" in text
    assert "Finished: First-interview thank-you to <bdi>Ana Rivera</bdi>" in text
    assert "First-interview thank-you to <bdi>Ben Okafor</bdi>" in text
    assert "Chen Wu" not in text  # a draft is counted, not singled out
    assert "3 letters" in text and "3 people you met there" in text
    # The ZIP comes before the button that deletes.
    assert text.index(zip_url) < text.index("Move to the Trash")
    archive = zipfile.ZipFile(
        io.BytesIO(b"".join(alice_client.get(zip_url).streaming_content))
    )
    assert len(archive.namelist()) == 2

    interview_page = alice_client.get(reverse("trash:interview_delete", args=[acme.pk]))
    assert (
        "<strong>1 finished</strong> and <strong>1 sent</strong>" in interview_page.text
    )
    assert "your notes on 3 people" in interview_page.text
    assert reverse("exports:zip_interview", args=[acme.pk]) in interview_page.text


def test_trash_and_restore_an_application_keeps_every_letter_and_version(
    alice, alice_client, acme
):
    before = rows_of(alice)
    letter = Letter.objects.get(interviewer__name="Ben Okafor")

    with time_machine.travel(DELETED_AT, tick=False):
        alice_client.post(
            reverse("trash:application_delete", args=[acme.application_id])
        )
    assert alice_client.get(acme.application.get_absolute_url()).status_code == 404
    assert alice_client.get(letter.get_absolute_url()).status_code == 404

    trash = alice_client.get(TRASH_URL).text
    assert "Data Engineer at <bdi>Acme</bdi>" in trash
    assert "Application, with 3 letters." in trash
    assert "deleted for good after <time" in trash
    assert "2 Dec 2026</time>" in trash  # 30 days on

    restore = reverse("trash:restore_application", args=[acme.application_id])
    response = alice_client.post(restore, follow=True)
    assert response.redirect_chain[-1][0] == acme.application.get_absolute_url()
    assert "Restored Data Engineer at Acme" in response.text
    after = rows_of(alice)
    assert after == before  # trashed_at is empty again, nothing else moved
    assert alice_client.get(letter.get_absolute_url()).status_code == 200
    assert "The Trash is empty." in alice_client.get(TRASH_URL).text


def test_a_deleted_interview_comes_back_with_its_letters(alice, alice_client, acme):
    other = InterviewFactory(application=acme.application, stage="second")
    before = rows_of(alice)
    alice_client.post(reverse("trash:interview_delete", args=[acme.pk]))

    detail = alice_client.get(acme.application.get_absolute_url()).text
    assert reverse("overview:interview_detail", args=[acme.pk]) not in detail
    assert reverse("overview:interview_detail", args=[other.pk]) in detail
    assert "First interview" in alice_client.get(TRASH_URL).text

    alice_client.post(reverse("trash:restore_interview", args=[acme.pk]))
    assert rows_of(alice) == before


def test_restoring_an_interview_whose_application_is_in_the_trash_restores_both(
    alice, alice_client, acme
):
    before = rows_of(alice)
    alice_client.post(reverse("trash:interview_delete", args=[acme.pk]))
    alice_client.post(reverse("trash:application_delete", args=[acme.application_id]))

    trash = alice_client.get(TRASH_URL).text
    assert "Its application is in the Trash too" in trash
    assert "Restore both" in trash

    alice_client.post(reverse("trash:restore_interview", args=[acme.pk]))
    assert rows_of(alice) == before
    assert alice_client.get(acme.get_absolute_url()).status_code == 200


def test_restoring_the_application_leaves_an_interview_deleted_before_it_in_the_trash(
    alice, alice_client, acme
):
    alice_client.post(reverse("trash:interview_delete", args=[acme.pk]))
    alice_client.post(reverse("trash:application_delete", args=[acme.application_id]))
    alice_client.post(reverse("trash:restore_application", args=[acme.application_id]))
    assert alice_client.get(acme.application.get_absolute_url()).status_code == 200
    assert alice_client.get(acme.get_absolute_url()).status_code == 404
    assert "First interview" in alice_client.get(TRASH_URL).text


def test_charlie_cannot_restore_alices_trash(alice, charlie_client, acme):
    application_trash(application=acme.application)
    interview_trash(interview=acme)
    before = rows_of(alice)
    for url in (
        reverse("trash:restore_application", args=[acme.application_id]),
        reverse("trash:restore_interview", args=[acme.pk]),
    ):
        assert charlie_client.post(url).status_code == 404
        assert charlie_client.get(url).status_code == 405
    assert rows_of(alice) == before
    assert "Acme" not in charlie_client.get(TRASH_URL).text


def test_a_double_click_on_delete_or_restore_lands_on_the_result(
    alice, alice_client, acme
):
    delete = reverse("trash:application_delete", args=[acme.application_id])
    alice_client.post(delete)
    second = alice_client.post(delete, follow=True)
    assert second.redirect_chain == [(TRASH_URL, 302)]
    assert "It is in the Trash already" in second.text

    restore = reverse("trash:restore_application", args=[acme.application_id])
    alice_client.post(restore)
    again = alice_client.post(restore)
    assert again.url == acme.application.get_absolute_url()
    assert Application.objects.for_user(alice).get() == acme.application


def test_restore_of_something_never_deleted_by_another_user_is_a_404(
    charlie_client, acme
):
    url = reverse("trash:restore_interview", args=[acme.pk])
    assert charlie_client.post(url).status_code == 404


def test_purge_deletes_for_good_after_30_days_and_not_before(alice, alice_client, acme):
    kept = InterviewFactory(application__owner=alice, application__company="Keepco")
    with time_machine.travel(DELETED_AT, tick=False):
        alice_client.post(
            reverse("trash:application_delete", args=[acme.application_id])
        )
    # Drafted and edited for each, and the text that was sent.
    assert LetterVersion.objects.filter(letter__interview=acme).count() == 7

    with time_machine.travel(DELETED_AT + TRASH_KEEPS - dt.timedelta(minutes=1)):
        assert trash_purge_task() == {"applications": 0, "interviews": 0}
    assert "Acme" in alice_client.get(TRASH_URL).text

    with time_machine.travel(DELETED_AT + TRASH_KEEPS + dt.timedelta(minutes=1)):
        assert trash_purge_task() == {"applications": 1, "interviews": 0}
    assert not Application.objects.filter(company="Acme").exists()
    assert not Interview.objects.filter(pk=acme.pk).exists()
    assert not Letter.objects.filter(owner=alice).exclude(interview=kept).exists()
    assert not LetterVersion.objects.filter(letter__owner=alice).exists()
    assert "The Trash is empty." in alice_client.get(TRASH_URL).text
    assert Interview.objects.for_user(alice).get() == kept


def test_purge_of_a_deleted_interview_leaves_its_application(alice, acme):
    with time_machine.travel(DELETED_AT, tick=False):
        interview_trash(interview=acme)
    with time_machine.travel(DELETED_AT + TRASH_KEEPS + dt.timedelta(hours=1)):
        assert trash_purge_task() == {"applications": 0, "interviews": 1}
    assert Application.objects.for_user(alice).get() == acme.application
    assert not Letter.objects.exists()


def test_the_purge_runs_from_beat_every_hour():
    entry = settings.CELERY_BEAT_SCHEDULE["trash-purge"]
    assert entry["task"] == "trash.tasks.trash_purge_task"
    assert entry["schedule"] == 60 * 60


# -- invisible everywhere else ----------------------------------------------------------


def _page_views(client) -> dict[str, tuple[int, str]]:
    """Every page that lists the user's rows: (queries, what the user gets)."""
    views = {}
    for name in (
        "overview:dashboard",
        "overview:application_list",
        "letters:list",
        "applications:interview_log",
        "exports:zip_all",
    ):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(reverse(name))
            body = (
                b"".join(response.streaming_content)
                if response.streaming
                else response.content
            )
        if name == "exports:zip_all":
            archive = zipfile.ZipFile(io.BytesIO(body))
            body = "\n".join(
                archive.namelist()
                + [archive.read(n).decode() for n in archive.namelist()]
            ).encode()
        views[name] = (len(queries), body.decode())
    return views


def test_trashed_rows_are_invisible_on_every_list_page_with_the_same_query_counts(
    alice, alice_client
):
    """The same pages before and after the delete: the deleted rows are gone from each,
    and each page runs as many queries as before."""

    def interview_with_finished_letter(application, subject, person="Ana Rivera"):
        interview = InterviewFactory(application=application)
        letter = LetterFactory(
            interview=interview,
            subject=subject,
            interviewer__application=application,
            interviewer__name=person,
        )
        return letter_finish(letter=letter).interview

    keep = ApplicationFactory(owner=alice, company="Keepco", role="Analyst")
    interview_with_finished_letter(keep, "Thanks from Keepco")
    gone_round = interview_with_finished_letter(
        keep, "Hidden round letter", person="Hedda Hidden"
    )
    gone = ApplicationFactory(owner=alice, company="Hideco", role="Analyst")
    interview_with_finished_letter(gone, "Hideco thanks")

    # How each page shows the round that goes (the menu lists applications only).
    round_shown = {
        "overview:dashboard": "Hedda Hidden",
        "overview:application_list": "2 interviews",
        "letters:list": "Hedda Hidden",
        "exports:zip_all": "Hidden round letter",
    }
    live = _page_views(alice_client)
    for name, (_, text) in live.items():
        assert "Keepco" in text, name
        assert "Hideco" in text, name
        if name in round_shown:
            assert round_shown[name] in text, name

    application_trash(application=gone)
    interview_trash(interview=gone_round)
    trashed = _page_views(alice_client)
    for name, (queries, text) in trashed.items():
        assert "Keepco" in text, name
        assert "Hideco" not in text, name
        if name in round_shown:
            assert round_shown[name] not in text, name
        assert queries == live[name][0], f"{name}: {queries} queries, {live[name][0]}"

    detail = alice_client.get(keep.get_absolute_url()).text
    assert "Hidden round letter" not in detail
    assert reverse("overview:interview_detail", args=[gone_round.pk]) not in detail


def test_no_reminder_for_a_trashed_interview_until_it_is_restored(alice, alice_client):
    interview = InterviewFactory(
        application__owner=alice, ends_at=DELETED_AT - dt.timedelta(minutes=30)
    )
    LetterFactory(interview=interview)
    with time_machine.travel(DELETED_AT, tick=False):
        reminders_schedule_for_interview(interview=interview)
        interview_trash(interview=interview)
    due = Reminder.objects.get(kind="first").due_at
    assert reminders_claim_due(now=due + dt.timedelta(minutes=1)) is None
    assert mail.outbox == []

    with time_machine.travel(due - dt.timedelta(minutes=5), tick=False):
        alice_client.post(reverse("trash:restore_interview", args=[interview.pk]))
    batch = reminders_claim_due(now=due + dt.timedelta(minutes=1))
    assert batch is not None and len(batch.ids) == 1


def _first_reminder_due(interview) -> dt.datetime:
    with time_machine.travel(DELETED_AT, tick=False):
        reminders_schedule_for_interview(interview=interview)
    return Reminder.objects.get(interview=interview, kind="first").due_at


def _claimed_interviews(now: dt.datetime) -> set[int]:
    batch = reminders_claim_due(now=now)
    ids = batch.ids if batch else ()
    return set(Reminder.objects.filter(pk__in=ids).values_list("interview", flat=True))


def _reminders_in_the_trash_as_their_interviews_are(user) -> bool:
    """The reminder's own Trash mark, against its interview's and application's."""
    by_mark = set(Reminder.objects.with_trashed_for_user(user).trashed())
    by_rows = set(
        Reminder.objects.filter(owner=user).filter(
            Q(interview__trashed_at__isnull=False)
            | Q(interview__application__trashed_at__isnull=False)
        )
    )
    return by_mark == by_rows


def test_no_reminder_for_an_interview_of_a_trashed_application_until_it_is_restored(
    alice, alice_client
):
    interview = InterviewFactory(
        application__owner=alice, ends_at=DELETED_AT - dt.timedelta(minutes=30)
    )
    LetterFactory(interview=interview)
    due = _first_reminder_due(interview)
    with time_machine.travel(DELETED_AT, tick=False):
        alice_client.post(
            reverse("trash:application_delete", args=[interview.application_id])
        )
    assert _reminders_in_the_trash_as_their_interviews_are(alice)
    assert _claimed_interviews(due + dt.timedelta(minutes=1)) == set()

    with time_machine.travel(due - dt.timedelta(minutes=5), tick=False):
        alice_client.post(
            reverse("trash:restore_application", args=[interview.application_id])
        )
    assert _reminders_in_the_trash_as_their_interviews_are(alice)
    assert _claimed_interviews(due + dt.timedelta(minutes=1)) == {interview.pk}


def test_restoring_the_application_keeps_reminders_of_a_round_deleted_before_it(
    alice, alice_client
):
    application = ApplicationFactory(owner=alice)
    ended = DELETED_AT - dt.timedelta(minutes=30)
    deleted_first = InterviewFactory(application=application, ends_at=ended)
    kept = InterviewFactory(application=application, ends_at=ended)
    for interview in (deleted_first, kept):
        LetterFactory(interview=interview)
    due = max(_first_reminder_due(deleted_first), _first_reminder_due(kept))
    with time_machine.travel(DELETED_AT, tick=False):
        alice_client.post(reverse("trash:interview_delete", args=[deleted_first.pk]))
        alice_client.post(reverse("trash:application_delete", args=[application.pk]))
    with time_machine.travel(due - dt.timedelta(minutes=5), tick=False):
        alice_client.post(reverse("trash:restore_application", args=[application.pk]))

    assert _reminders_in_the_trash_as_their_interviews_are(alice)
    assert _claimed_interviews(due + dt.timedelta(minutes=1)) == {kept.pk}


def test_a_reminder_scheduled_for_an_interview_in_the_trash_waits_in_it(alice):
    interview = InterviewFactory(
        application__owner=alice, ends_at=DELETED_AT - dt.timedelta(minutes=30)
    )
    LetterFactory(interview=interview)
    application_trash(application=interview.application, now=DELETED_AT)
    due = _first_reminder_due(interview)

    assert Reminder.objects.get(interview=interview, kind="first").trashed_at
    assert _claimed_interviews(due + dt.timedelta(minutes=1)) == set()


def test_the_sweep_claims_from_the_reminders_alone(alice):
    """The claim reads no interview or application: at a million interviews, joining
    both for every due reminder made it many times slower (make bench)."""
    interview = InterviewFactory(
        application__owner=alice, ends_at=DELETED_AT - dt.timedelta(minutes=30)
    )
    LetterFactory(interview=interview)
    due = _first_reminder_due(interview)
    with CaptureQueriesContext(connection) as captured:
        assert reminders_claim_due(now=due + dt.timedelta(minutes=1)) is not None
    assert captured.captured_queries
    for query in captured.captured_queries:
        assert "applications_" not in query["sql"], query["sql"]


def test_withdrawal_drafting_leaves_a_trashed_interview_alone(alice, alice_client):
    application = ApplicationFactory(owner=alice, still_interested=False)
    earlier = InterviewFactory(
        application=application, ends_at=DELETED_AT - dt.timedelta(days=7)
    )
    ParticipationFactory(interview=earlier, interviewer__name="Ana Rivera")
    later = InterviewFactory(application=application, ends_at=DELETED_AT)
    ParticipationFactory(interview=later, interviewer__name="Ben Okafor")
    untouched = LetterFactory(interview=later, interviewer=later.interviewers.get())
    interview_trash(interview=later)
    before = rows_of(alice)["letters"]

    alice_client.post(reverse("letters:withdrawal", args=[application.pk]))
    withdrawal = Letter.objects.get(kind="withdrawal")
    assert withdrawal.interview is None
    assert withdrawal.interviewer.name == "Ana Rivera"
    assert Letter.objects.filter(pk=untouched.pk).values().get() == before[0]


def test_data_export_carries_the_trash_marked_as_such(alice, alice_client, acme):
    with time_machine.travel(DELETED_AT, tick=False):
        application_trash(application=acme.application)
    response = alice_client.get(reverse("overview:data_export"))
    data = json.loads(
        b"".join(getattr(response, "streaming_content", [response.content]))
    )
    [application] = data["applications"]
    assert application["trashed_at"] == DELETED_AT.isoformat()
    assert len(data["letters"]) == 3 and len(data["letter_versions"]) == 7


def test_account_deletion_takes_the_trash_too(alice, acme):
    application_trash(application=acme.application)
    account_delete(user=alice)
    assert not Application.objects.exists()
    assert not Letter.objects.exists()
    assert not LetterVersion.objects.exists()


def test_the_trash_page_runs_the_same_queries_for_one_entry_or_twenty(
    alice, alice_client, django_assert_num_queries
):
    def delete_some(count):
        for _ in range(count):
            interview = InterviewFactory(application__owner=alice)
            LetterFactory(interview=interview)
            interview_trash(
                interview=InterviewFactory(application=interview.application)
            )
            application_trash(application=interview.application)

    delete_some(1)
    with django_assert_num_queries(4):  # session, user, applications, interviews
        one = alice_client.get(TRASH_URL)
    delete_some(9)
    with django_assert_num_queries(4):
        twenty = alice_client.get(TRASH_URL)
    button = 'type="submit" class="btn btn-outline-primary btn-sm"'
    assert one.text.count(button) == 2
    assert twenty.text.count(button) == 20
    assert twenty.text.count("Restore both") == 10


def test_a_withdrawal_without_an_interview_goes_to_the_trash_with_its_application(
    alice, alice_client
):
    application = ApplicationFactory(owner=alice, still_interested=False)
    alice_client.post(reverse("letters:withdrawal", args=[application.pk]))
    withdrawal = Letter.objects.get(kind="withdrawal", interview__isnull=True)

    application_trash(application=application)

    assert not Letter.objects.for_user(alice).filter(pk=withdrawal.pk).exists()
    assert alice_client.get(withdrawal.get_absolute_url()).status_code == 404
    assert (
        withdrawal.subject
        not in alice_client.get(reverse("letters:list")).content.decode()
    )
