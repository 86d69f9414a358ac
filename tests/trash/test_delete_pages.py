"""Delete on an application's or an interview's page moves it to the Trash."""

import pytest
from django.urls import reverse

from applications.models import Application, Interview
from letters.models import Letter
from tests.applications import forms_data
from tests.factories import (
    InterviewFactory,
    LetterFactory,
)

LIST_URL = reverse("overview:application_list")
# The log-form tests' clock, where frozen_time stops it.
NOW = forms_data.NOW


def test_delete_asks_first_then_moves_everything_to_the_trash(alice, alice_client):
    interview = InterviewFactory(application__owner=alice)
    LetterFactory(interview=interview)
    url = reverse("trash:application_delete", args=[interview.application.pk])

    confirm = alice_client.get(url)
    assert "Move to the Trash" in confirm.text
    assert "1 interview" in confirm.text

    response = alice_client.post(url)
    assert response.url == LIST_URL
    assert Application.objects.for_user(alice).count() == 0
    assert Interview.objects.for_user(alice).count() == 0
    assert Letter.objects.for_user(alice).count() == 0
    assert (Application.objects.count(), Letter.objects.count()) == (1, 1)
    assert alice_client.get(interview.application.get_absolute_url()).status_code == 404


@pytest.mark.usefixtures("frozen_time")
def test_delete_an_interview_after_confirming(alice, alice_client):
    interview = InterviewFactory(application__owner=alice)
    LetterFactory(interview=interview)
    url = reverse("trash:interview_delete", args=[interview.pk])

    assert "Move to the Trash" in alice_client.get(url).text
    response = alice_client.post(url)
    assert response.url == interview.application.get_absolute_url()
    assert Interview.objects.for_user(alice).count() == 0
    assert Letter.objects.for_user(alice).count() == 0
    # In the Trash, not gone: the rows wait there until restored or purged.
    assert Interview.objects.trashed_for_user(alice).get() == interview
    assert Letter.objects.count() == 1
    assert alice_client.get(interview.get_absolute_url()).status_code == 404
