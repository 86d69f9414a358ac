"""Every URL that takes an application's or an interview's id, as charlie with alice's
objects: a 404."""

import pytest
from django.urls import reverse

from applications.models import Application, Interview, Interviewer, Participation
from tests.factories import InterviewerFactory, InterviewFactory, ParticipationFactory

from .forms_data import log_data

APPLICATION_URLS = [
    "overview:application_detail",
    "applications:edit",
    "trash:application_delete",
    "applications:application_people",
]
INTERVIEW_URLS = [
    "overview:interview_detail",
    "applications:interview_edit",
    "trash:interview_delete",
]
# Pages that only read: a POST is refused before anything is looked up.
READ_ONLY = {
    "overview:application_detail",
    "applications:application_people",
    "overview:interview_detail",
}


@pytest.fixture
def alices_interview(alice):
    interview = InterviewFactory(application__owner=alice)
    ParticipationFactory(interview=interview)
    return interview


@pytest.mark.parametrize("name", APPLICATION_URLS)
@pytest.mark.parametrize("method", ["get", "post"])
def test_another_users_application_is_a_404(
    name, method, alices_interview, charlie_client
):
    url = reverse(name, args=[alices_interview.application.pk])
    response = getattr(charlie_client, method)(url, {"company": "x", "role": "y"})
    refused = 405 if name in READ_ONLY and method == "post" else 404
    assert response.status_code == refused
    assert Application.objects.filter(pk=alices_interview.application.pk).exists()
    assert Application.objects.get().company != "x"


@pytest.mark.parametrize("name", INTERVIEW_URLS)
@pytest.mark.parametrize("method", ["get", "post"])
def test_another_users_interview_is_a_404(
    name, method, alices_interview, charlie_client
):
    url = reverse(name, args=[alices_interview.pk])
    response = getattr(charlie_client, method)(url, log_data(new_company="x"))
    refused = 405 if name in READ_ONLY and method == "post" else 404
    assert response.status_code == refused
    assert Interview.objects.filter(pk=alices_interview.pk).exists()


def test_log_form_with_another_users_application_in_the_query_is_a_404(
    alices_interview, charlie_client
):
    url = reverse("applications:interview_log")
    response = charlie_client.get(url, {"application": alices_interview.application.pk})
    assert response.status_code == 404


def test_posting_another_users_application_id_attaches_nothing(
    alices_interview, charlie_client
):
    data = log_data(
        application=alices_interview.application.pk, people=[{"name": "Mallory"}]
    )
    response = charlie_client.post(reverse("applications:interview_log"), data)

    assert response.status_code == 200
    assert "Select a valid choice" in response.text
    assert Interview.objects.count() == 1
    assert not Interviewer.objects.filter(name="Mallory").exists()


def test_ticking_another_users_interviewer_attaches_nothing(
    alice, alices_interview, charlie, charlie_client
):
    from tests.factories import ApplicationFactory

    own = ApplicationFactory(owner=charlie)
    alices_person = InterviewerFactory(application=alices_interview.application)
    data = log_data(application=own.pk, returning=[alices_person.pk])
    response = charlie_client.post(reverse("applications:interview_log"), data)

    assert response.status_code == 200
    assert "Select a valid choice" in response.text
    assert not Participation.objects.filter(interview__owner=charlie).exists()


def test_pages_need_a_signed_in_user(client, alices_interview):
    for url in (
        reverse("overview:dashboard"),
        reverse("overview:application_list"),
        reverse("applications:interview_log"),
        alices_interview.get_absolute_url(),
    ):
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith(reverse("accounts:login"))
