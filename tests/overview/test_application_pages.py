import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from tests.factories import (
    ApplicationFactory,
    InterviewerFactory,
    InterviewFactory,
    LetterFactory,
    ParticipationFactory,
    ReminderFactory,
)

LIST_URL = reverse("overview:application_list")


def test_list_filters_by_status(alice, alice_client):
    ApplicationFactory(owner=alice, company="Acme", status="applied")
    ApplicationFactory(owner=alice, company="Globex", status="offer")
    response = alice_client.get(LIST_URL, {"status": "offer"})

    assert [a.company for a in response.context["page"]] == ["Globex"]


def test_list_active_filter_leaves_out_closed_applications(alice, alice_client):
    ApplicationFactory(owner=alice, company="Acme", status="applied")
    ApplicationFactory(owner=alice, company="Globex", status="rejected")
    response = alice_client.get(LIST_URL, {"status": "active"})

    assert [a.company for a in response.context["page"]] == ["Acme"]


def test_list_searches_company_role_and_location(alice, alice_client):
    ApplicationFactory(owner=alice, company="Acme", role="Data engineer")
    ApplicationFactory(owner=alice, company="Globex", role="Designer", location="Lyon")
    ApplicationFactory(owner=alice, company="Initech", role="Tester")

    def found(q):
        response = alice_client.get(LIST_URL, {"q": q})
        return sorted(a.company for a in response.context["page"])

    assert found("acme") == ["Acme"]
    assert found("engineer") == ["Acme"]
    assert found("lyon") == ["Globex"]
    assert found("nothing") == []


def test_list_paginates(alice, alice_client):
    ApplicationFactory.create_batch(25, owner=alice)
    first = alice_client.get(LIST_URL)
    second = alice_client.get(LIST_URL, {"page": 2})

    assert len(first.context["page"]) == 20
    assert len(second.context["page"]) == 5
    assert "Page 2 of 2" in second.text


def test_list_pages_keep_the_filter_and_search(alice, alice_client):
    ApplicationFactory.create_batch(
        25, owner=alice, status="applied", company="Acme & Co"
    )
    query = {"status": "applied", "q": "Acme & Co"}
    first = alice_client.get(LIST_URL, query)
    assert "?status=applied&amp;q=Acme+%26+Co&amp;page=2" in first.text
    second = alice_client.get(LIST_URL, {**query, "page": 2})
    assert "?status=applied&amp;q=Acme+%26+Co&amp;page=1" in second.text


def test_list_empty_state_for_a_new_user(alice_client):
    response = alice_client.get(LIST_URL)
    assert "No applications yet." in response.text


def test_list_shows_only_the_users_applications(alice, charlie, alice_client):
    ApplicationFactory(owner=alice, company="Acme")
    ApplicationFactory(owner=charlie, company="Charlie Corp")
    response = alice_client.get(LIST_URL)
    assert "Acme" in response.text
    assert "Charlie Corp" not in response.text


@pytest.mark.parametrize("rows", [1, 50])
def test_list_query_count_is_fixed(
    rows, alice, alice_client, django_assert_num_queries
):
    """Guards the n+1 on interview and unsent-letter counts per application row."""
    for _ in range(rows):
        interview = InterviewFactory(application__owner=alice)
        LetterFactory(interview=interview)
    # session, user, paginator count, page rows, counts per status
    with django_assert_num_queries(5):
        response = alice_client.get(LIST_URL)
    assert response.context["page"].paginator.count == rows
    assert response.context["page"][0].interview_count == 1
    assert response.context["page"][0].unsent_letters == 1


def test_detail_shows_interviews_people_and_letters(alice, alice_client):
    interview = InterviewFactory(application__owner=alice, stage="second")
    participation = ParticipationFactory(
        interview=interview, interviewer__name="Ana Rivera"
    )
    letter = LetterFactory(interview=interview, interviewer=participation.interviewer)
    response = alice_client.get(interview.application.get_absolute_url())

    assert "Second interview" in response.text
    assert "Ana Rivera" in response.text
    assert reverse("letters:edit", args=[letter.pk]) in response.text
    assert "1 draft" in response.text


def test_detail_offers_the_withdrawal_letter_when_no_longer_interested(
    alice, alice_client
):
    application = ApplicationFactory(owner=alice, still_interested=False)
    response = alice_client.get(application.get_absolute_url())
    assert reverse("letters:withdrawal", args=[application.pk]) in response.text

    application.still_interested = True
    application.save()
    response = alice_client.get(application.get_absolute_url())
    assert reverse("letters:withdrawal", args=[application.pk]) not in response.text


def test_detail_offers_the_withdrawal_letter_when_withdrawn(alice, alice_client):
    application = ApplicationFactory(owner=alice, status="withdrawn")
    response = alice_client.get(application.get_absolute_url())
    assert reverse("letters:withdrawal", args=[application.pk]) in response.text


@pytest.mark.parametrize("rows", [1, 50])
def test_detail_query_count_is_fixed(
    rows, alice, alice_client, django_assert_num_queries
):
    """Guards the n+1 on letters per interview and rounds per person."""
    application = ApplicationFactory(owner=alice)
    for i in range(rows):
        interview = InterviewFactory(application=application)
        person = InterviewerFactory(application=application, name=f"Person {i}")
        ParticipationFactory(interview=interview, interviewer=person)
        LetterFactory(interview=interview, interviewer=person)
        ReminderFactory(interview=interview, kind="checkin_1")
    # session, user, application, letters, interviews, people, check-ins
    with django_assert_num_queries(7):
        response = alice_client.get(application.get_absolute_url())
    assert len(response.context["interviews"]) == rows
    assert "They replied" in response.text


def test_list_says_next_for_a_scheduled_interview_and_last_for_a_done_one(
    alice, alice_client
):
    now = dt.datetime(2026, 11, 23, 15, 0, tzinfo=dt.UTC)
    scheduled = ApplicationFactory(owner=alice, company="Acme")
    InterviewFactory(
        application=scheduled, status="scheduled", ends_at=now + dt.timedelta(days=1)
    )
    done = ApplicationFactory(owner=alice, company="Globex")
    InterviewFactory(application=done, ends_at=now - dt.timedelta(days=3))
    both = ApplicationFactory(owner=alice, company="Initech")
    InterviewFactory(application=both, ends_at=dt.datetime(2025, 12, 1, tzinfo=dt.UTC))
    InterviewFactory(
        application=both, status="scheduled", ends_at=now + dt.timedelta(days=9)
    )
    # Scheduled but its time has passed: neither done nor coming.
    missed = ApplicationFactory(owner=alice, company="Umbrella")
    InterviewFactory(
        application=missed, status="scheduled", ends_at=now - dt.timedelta(days=1)
    )

    with time_machine.travel(now, tick=False):
        response = alice_client.get(LIST_URL)

    rows = {a.company: a for a in response.context["page"]}
    assert rows["Acme"].last_interview_at is None
    assert rows["Acme"].next_interview_at == now + dt.timedelta(days=1)
    assert rows["Globex"].next_interview_at is None
    assert rows["Umbrella"].last_interview_at is None
    assert rows["Umbrella"].next_interview_at is None
    # The dates do not break across lines; their markup aside, the row reads:
    text = " ".join(response.text.split()).replace(' class="text-nowrap"', "")
    assert (
        '1 interview, next <time datetime="2026-11-24T16:00:00+01:00">24 Nov</time>'
        in text
    )
    assert (
        '1 interview, last <time datetime="2026-11-20T16:00:00+01:00">20 Nov</time>'
        in text
    )
    assert (
        ', last <time datetime="2025-12-01T01:00:00+01:00">1 Dec 2025</time>, next'
        in text
    )
    assert "2 interviews, last" in text
    assert "1 interview</div>" in text.replace(" </div>", "</div>")
