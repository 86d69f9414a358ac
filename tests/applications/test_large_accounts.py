"""Accounts with thousands of applications: menus offer the most recent, accept any.

Found by `make bench` (issue 6): the log-interview form and the letters list rendered an
option per application, so both pages grew with the account (750 KB at 10,000).
"""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from applications.models import Application, Interview
from applications.selectors import APPLICATIONS_OFFERED
from tests.applications.forms_data import log_data

pytestmark = pytest.mark.django_db
MANY = APPLICATIONS_OFFERED + 20


@pytest.fixture
def many_applications(alice) -> list[Application]:
    """Oldest first: the last one was updated most recently."""
    now = timezone.now()
    rows = Application.objects.bulk_create(
        Application(owner=alice, company=f"Company {n:03d}", role="Engineer")
        for n in range(MANY)
    )
    for n, row in enumerate(rows):  # bulk_create stamps one time; spread them out
        Application.objects.filter(pk=row.pk).update(
            updated_at=now - dt.timedelta(minutes=MANY - n)
        )
    return rows


def options(response, field: str) -> list[str]:
    widget = response.context["form" if field == "log" else "filters"]
    return [str(value) for value, _ in widget.fields["application"].widget.choices]


def test_log_form_offers_the_most_recent_applications_only(
    alice_client, many_applications
):
    response = alice_client.get(reverse("applications:interview_log"))

    offered = options(response, "log")[1:]  # after "a new application"
    newest = [str(a.pk) for a in reversed(many_applications)][:APPLICATIONS_OFFERED]
    assert offered == newest
    assert response.content.decode().count("<option") < APPLICATIONS_OFFERED + 20


def test_log_form_for_an_older_application_offers_and_selects_it(
    alice_client, many_applications
):
    oldest = many_applications[0]
    response = alice_client.get(
        reverse("applications:interview_log"), {"application": oldest.pk}
    )

    assert str(oldest.pk) in options(response, "log")
    assert f'<option value="{oldest.pk}" selected>' in response.content.decode()


def test_an_interview_can_be_logged_for_an_application_not_in_the_menu(
    alice_client, many_applications
):
    oldest = many_applications[0]
    response = alice_client.post(
        reverse("applications:interview_log"),
        log_data(application=oldest.pk, ends_at="2020-01-01T10:00", confirm_date="on"),
    )

    assert response.status_code == 302
    assert Interview.objects.get().application == oldest


def test_another_users_application_is_still_refused(
    alice_client, many_applications, charlie
):
    theirs = Application.objects.create(owner=charlie, company="Hidden", role="X")
    response = alice_client.post(
        reverse("applications:interview_log"), log_data(application=theirs.pk)
    )

    assert response.status_code == 200
    assert not Interview.objects.exists()
    assert "Hidden" not in response.content.decode()


def test_letters_filter_offers_recent_applications_and_the_one_chosen(
    alice_client, many_applications
):
    oldest = many_applications[0]
    plain = alice_client.get(reverse("letters:list"))
    chosen = alice_client.get(reverse("letters:list"), {"application": oldest.pk})

    assert len(options(plain, "filters")) == APPLICATIONS_OFFERED + 1
    assert str(oldest.pk) not in options(plain, "filters")
    assert str(oldest.pk) in options(chosen, "filters")
    assert chosen.context["filters"].cleaned_data["application"] == oldest


def test_letters_list_pages_put_todays_unsent_first_and_show_each_letter_once(
    alice_client, alice
):
    from letters.models import LetterStatus
    from tests.factories import InterviewFactory, LetterFactory

    now = timezone.now()
    older = [
        LetterFactory(interview=InterviewFactory(
            application__owner=alice, ends_at=now - dt.timedelta(days=2, hours=n)
        ))
        for n in range(27)
    ]  # fmt: skip
    today = InterviewFactory(application__owner=alice, ends_at=now)
    sent_today = LetterFactory(
        interview=today, status=LetterStatus.SENT, sent_at=now, finished_at=now
    )
    unsent_today = [LetterFactory(interview=today) for _ in range(3)]

    pages = [
        alice_client.get(reverse("letters:list"), {"page": n}).context["page"]
        for n in (1, 2)
    ]
    seen = [letter.pk for page in pages for letter in page.object_list]

    assert seen[:3] == [letter.pk for letter in unsent_today]
    assert seen[3] == sent_today.pk
    assert seen[4:] == [letter.pk for letter in older]
    assert pages[0].paginator.count == 31
