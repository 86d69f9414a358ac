import datetime as dt

import pytest
from django.urls import reverse

from applications.models import Application, Interview
from jobtrack.wallclock import local_day_bounds
from overview.dashboard import dashboard_for_user
from tests.applications.forms_data import BERLIN
from tests.factories import (
    ApplicationFactory,
    InterviewFactory,
    LetterFactory,
    ReminderFactory,
)

# 00:30 on 11 March in Berlin is still 10 March in UTC: "today" must follow the user.
NOW = dt.datetime(2026, 3, 11, 0, 30, tzinfo=BERLIN)
URL = reverse("overview:dashboard")
pytestmark = pytest.mark.usefixtures("frozen_time")


def test_day_bounds_follow_the_users_timezone():
    start, end = local_day_bounds(instant=NOW, zone=BERLIN)
    assert start == dt.datetime(2026, 3, 11, tzinfo=BERLIN)
    assert end == dt.datetime(2026, 3, 12, tzinfo=BERLIN)


def test_a_new_user_sees_the_three_steps_and_a_button_to_log(alice_client):
    response = alice_client.get(URL)
    assert response.status_code == 200
    assert "Welcome to jobtrack" in response.text
    assert "Log your first interview" in response.text


def test_interviews_that_ended_today_with_unsent_letters_come_first(
    alice, alice_client
):
    today = InterviewFactory(
        application__owner=alice,
        application__company="Acme",
        ends_at=NOW - dt.timedelta(minutes=20),
    )
    draft = LetterFactory(interview=today, interviewer__name="Ana Rivera")
    yesterday = InterviewFactory(
        application__owner=alice,
        application__company="Globex",
        ends_at=NOW - dt.timedelta(hours=1),  # 23:30 the day before, in Berlin
    )
    LetterFactory(interview=yesterday)
    all_sent = InterviewFactory(
        application__owner=alice, ends_at=NOW - dt.timedelta(minutes=10)
    )
    LetterFactory(interview=all_sent, status="sent", sent_at=NOW)

    board = dashboard_for_user(user=alice)
    assert [interview.pk for interview in board.attention] == [today.pk]
    assert board.older_unsent == 1

    response = alice_client.get(URL)
    assert reverse("letters:edit", args=[draft.pk]) in response.text
    assert "Ana Rivera" in response.text
    assert "1 letter from earlier days is not sent yet" in response.text


def test_an_interview_ended_today_stays_until_each_letter_is_sent_or_skipped(
    alice, alice_client
):
    no_letters = InterviewFactory(
        application__owner=alice,
        application__company="Initech",
        ends_at=NOW - dt.timedelta(minutes=5),
    )
    finished = InterviewFactory(
        application__owner=alice,
        application__company="Globex",
        ends_at=NOW - dt.timedelta(minutes=15),
    )
    letter = LetterFactory(
        interview=finished,
        interviewer__name="Ana Rivera",
        status="finished",
        finished_at=NOW,
    )
    LetterFactory(interview=finished, status="sent", sent_at=NOW)
    done_with = InterviewFactory(
        application__owner=alice, ends_at=NOW - dt.timedelta(minutes=10)
    )
    LetterFactory(interview=done_with, status="sent", sent_at=NOW)
    LetterFactory(interview=done_with, status="skipped", skipped_at=NOW)

    attention = dashboard_for_user(user=alice).attention
    assert [interview.pk for interview in attention] == [no_letters.pk, finished.pk]

    text = alice_client.get(URL).text
    assert "No letters yet." in text
    assert reverse("letters:mark_sent", args=[letter.pk]) in text
    assert 'aria-label="Mark the letter to Ana Rivera as sent"' in text


def test_an_attention_card_names_its_stage_and_each_letters_status_and_recipient(
    alice, alice_client
):
    interview = InterviewFactory(
        application__owner=alice,
        stage="second",
        ends_at=NOW - dt.timedelta(minutes=5),
    )
    LetterFactory(interview=interview, interviewer=None, finished=True)
    LetterFactory(interview=interview, interviewer__name="Ana Rivera")

    text = " ".join(alice_client.get(URL).text.split())
    assert "Second interview · ended" in text
    assert (
        '<span class="badge letter-status letter-status-finished">Finished</span>'
        in text
    )
    assert 'aria-label="Mark the letter to Hiring team as sent"' in text
    assert "Edit the letter to Ana Rivera" in text


def test_older_unsent_letters_are_counted_up_to_a_cap(alice, alice_client, monkeypatch):
    monkeypatch.setattr("overview.dashboard.OLDER_UNSENT_CAP", 2)

    def unsent_from_two_days_ago():
        LetterFactory(
            interview__application__owner=alice,
            interview__ends_at=NOW - dt.timedelta(days=2),
        )

    unsent_from_two_days_ago()
    unsent_from_two_days_ago()
    assert "2 letters from earlier days are not sent yet." in alice_client.get(URL).text

    unsent_from_two_days_ago()
    text = alice_client.get(URL).text
    assert "More than 2 letters from earlier days are not sent yet." in text


def test_upcoming_and_overdue_scheduled_interviews(alice, alice_client):
    coming = InterviewFactory(
        application__owner=alice,
        application__company="Initech",
        status="scheduled",
        ends_at=NOW + dt.timedelta(days=2),
    )
    overdue = InterviewFactory(
        application__owner=alice,
        status="scheduled",
        ends_at=NOW - dt.timedelta(hours=3),
    )
    board = dashboard_for_user(user=alice)
    assert [interview.pk for interview in board.upcoming] == [coming.pk]
    assert [interview.pk for interview in board.overdue] == [overdue.pk]

    response = alice_client.get(URL)
    assert "Initech" in response.text
    edit = reverse("applications:interview_edit", args=[overdue.pk])
    assert f"{edit}?done=1" in response.text


def test_active_applications_are_grouped_by_status_with_counts(alice):
    ApplicationFactory.create_batch(7, owner=alice, status="applied")
    ApplicationFactory(owner=alice, status="offer")
    ApplicationFactory(owner=alice, status="rejected")

    board = dashboard_for_user(user=alice)
    groups = {g.status: g for g in board.groups}
    assert set(groups) == {"applied", "offer"}
    assert groups["applied"].count == 7
    assert len(groups["applied"].applications) == 5
    assert groups["applied"].more == 2
    assert board.total_applications == 9
    assert not board.is_new_user


def test_the_dashboard_shows_nothing_of_another_user(alice, charlie, alice_client):
    InterviewFactory(
        application__owner=charlie,
        application__company="Charlie's Corp",
        ends_at=NOW - dt.timedelta(minutes=5),
    )
    response = alice_client.get(URL)
    assert "Charlie&#x27;s Corp" not in response.text
    assert "Welcome to jobtrack" in response.text


def _fill(user, n):
    for i in range(n):
        interview = InterviewFactory(
            application__owner=user,
            application__status=["applied", "interviewing", "offer"][i % 3],
            application__decision_expected_on=NOW.date(),
            ends_at=NOW - dt.timedelta(seconds=10 + 10 * i),
        )
        LetterFactory(interview=interview)
        InterviewFactory(
            application=interview.application,
            status="scheduled",
            ends_at=NOW + dt.timedelta(days=1, minutes=i),
        )
        InterviewFactory(
            application=interview.application,
            status="scheduled",
            ends_at=NOW - dt.timedelta(days=1, minutes=i),
        )
        # An application that went quiet after a check-in: listed under "Gone quiet?".
        quiet = InterviewFactory(
            application__owner=user, ends_at=NOW - dt.timedelta(days=60, minutes=i)
        )
        Application.objects.filter(pk=quiet.application_id).update(
            status_changed_at=NOW - dt.timedelta(days=60)
        )
        ReminderFactory(
            interview=quiet,
            kind="checkin_1",
            due_at=NOW - dt.timedelta(days=50),
            sent_at=NOW - dt.timedelta(days=50),
        )


@pytest.mark.parametrize("rows", [1, 50])
def test_the_dashboard_query_count_does_not_grow_with_rows(
    rows, alice, alice_client, django_assert_num_queries
):
    """Guards the n+1 on letters per interview and counts per application."""
    _fill(alice, rows)
    # session, user, interviews ended today or overdue with their letters, upcoming,
    # unsent letters of earlier days (capped), decisions due this week, gone quiet
    # (check-ins sent by email or letter, those applications, their letters sent),
    # counts per status, the latest applications of each active status with their
    # unsent letters, this week's work-search entries
    with django_assert_num_queries(12):
        response = alice_client.get(URL)
    assert response.status_code == 200
    assert len(response.context["board"].attention) == rows
    assert len(response.context["board"].gone_quiet) == min(rows, 5)
    assert len(response.context["board"].decisions) == min(rows, 10)


def test_coming_up_shows_the_start_and_end_or_the_one_time_known(alice, alice_client):
    InterviewFactory(
        application__owner=alice,
        application__company="Initech",
        status="scheduled",
        starts_at=dt.datetime(2026, 3, 12, 15, 30, tzinfo=BERLIN),
        ends_at=dt.datetime(2026, 3, 12, 16, 30, tzinfo=BERLIN),
    )
    InterviewFactory(
        application__owner=alice,
        application__company="Globex",
        status="scheduled",
        ends_at=dt.datetime(2026, 3, 13, 16, 33, tzinfo=BERLIN),
    )
    text = " ".join(alice_client.get(URL).text.split())

    assert ">Thu 12 Mar, 15:30</time>–<time" in text
    assert ">16:30</time>" in text
    assert ">Fri 13 Mar at 16:33</time>" in text
    assert "ends Fri" not in text


def test_a_status_group_row_counts_the_letters_still_to_send(alice, alice_client):
    interview = InterviewFactory(
        application__owner=alice,
        application__company="Initech",
        application__status="interviewing",
        ends_at=NOW - dt.timedelta(days=3),
    )
    LetterFactory(interview=interview)
    LetterFactory(interview=interview, finished=True)
    LetterFactory(interview=interview, status="sent", sent_at=NOW)
    in_trash = InterviewFactory(
        application=interview.application, ends_at=NOW - dt.timedelta(days=4)
    )
    LetterFactory(interview=in_trash)
    Interview.objects.filter(pk=in_trash.pk).update(trashed_at=NOW)
    InterviewFactory(
        application__owner=alice,
        application__company="Globex",
        application__status="interviewing",
        ends_at=NOW - dt.timedelta(days=3),
    )

    text = " ".join(alice_client.get(URL).text.split())
    assert '<div class="small">2 letters to send</div>' in text
    assert text.count("to send</div>") == 1
