import pytest
from django.urls import reverse

from tests.applications import forms_data
from tests.factories import (
    InterviewFactory,
    LetterFactory,
    ParticipationFactory,
)

# The log-form tests' clock, where frozen_time stops it.
NOW = forms_data.NOW
pytestmark = pytest.mark.usefixtures("frozen_time")


def test_interview_detail_shows_people_notes_and_letters(alice, alice_client):
    interview = InterviewFactory(application__owner=alice, application__company="Acme")
    participation = ParticipationFactory(
        interview=interview,
        interviewer__name="Ana Rivera",
        specific_detail="her team's move to Kafka",
    )
    letter = LetterFactory(interview=interview, interviewer=participation.interviewer)
    response = alice_client.get(interview.get_absolute_url())

    assert response.status_code == 200
    assert "Ana Rivera" in response.text
    assert "her team&#x27;s move to Kafka" in response.text
    assert reverse("letters:edit", args=[letter.pk]) in response.text


def test_interview_detail_query_count_is_fixed(
    alice, alice_client, django_assert_num_queries
):
    interview = InterviewFactory(application__owner=alice)
    for i in range(5):
        participation = ParticipationFactory(
            interview=interview, interviewer__name=f"Person {i}"
        )
        LetterFactory(interview=interview, interviewer=participation.interviewer)
    # session, user, interview+application, participations, letters, the next
    # reminder, the same people's drafts from other rounds that day
    with django_assert_num_queries(7):
        alice_client.get(interview.get_absolute_url())
