import datetime as dt

import pytest
from django.urls import reverse

from applications.models import Interview, Participation
from letters.models import Letter
from tests.factories import (
    ApplicationFactory,
    InterviewFactory,
    LetterFactory,
    ParticipationFactory,
)

from .forms_data import LOG_URL, NOW, log_data

pytestmark = pytest.mark.usefixtures("frozen_time")


def test_logging_drafts_one_letter_per_interviewer(alice_client):
    data = log_data(
        new_company="Acme",
        new_role="Data engineer",
        people=[
            {"name": "Ana Rivera", "specific_detail": "event sourcing"},
            {"name": "Ben Okafor", "specific_detail": "the on-call rota"},
            {"name": "Chen Wu", "specific_detail": "the hiring plan"},
        ],
        total=3,
    )
    response = alice_client.post(LOG_URL, data, follow=True)

    interview = Interview.objects.get()
    recipients = sorted(
        letter.interviewer.name
        for letter in interview.letters.select_related("interviewer")
    )
    assert recipients == ["Ana Rivera", "Ben Okafor", "Chen Wu"]
    assert "3 drafts are ready." in response.text
    for letter in interview.letters.all():
        assert reverse("letters:edit", args=[letter.pk]) in response.text


def test_edit_form_is_prefilled_with_the_people_and_their_notes(alice, alice_client):
    interview = InterviewFactory(
        application__owner=alice, ends_at=dt.datetime(2026, 3, 10, 14, 0, tzinfo=dt.UTC)
    )
    ParticipationFactory(
        interview=interview, interviewer__name="Ana Rivera", specific_detail="Kafka"
    )
    response = alice_client.get(
        reverse("applications:interview_edit", args=[interview.pk])
    )

    assert 'value="Ana Rivera"' in response.text
    assert "Kafka" in response.text
    assert 'value="2026-03-10T15:00"' in response.text  # 14:00 UTC shown in Berlin


def _edit_data(interview, **fields):
    people = [
        {
            "name": p.interviewer.name,
            "greeting": p.greeting,
            "specific_detail": p.specific_detail,
        }
        for p in interview.participations.select_related("interviewer")
    ]
    people += fields.pop("add", [])
    for index, changes in fields.pop("change", {}).items():
        people[index].update(changes)
    values = {
        "stage": interview.stage,
        "format": interview.format,
        "status": interview.status,
        "ends_at": "2026-03-10T15:00",
        **fields,
    }
    return log_data(
        people=people,
        total=len(people) + 1,
        initial=interview.participations.count(),
        **values,
    )


def test_marking_a_scheduled_interview_done_drafts_the_letters(alice, alice_client):
    interview = InterviewFactory(
        application__owner=alice,
        status="scheduled",
        ends_at=NOW - dt.timedelta(hours=1),
    )
    ParticipationFactory(interview=interview, interviewer__name="Ana Rivera")
    assert interview.letters.count() == 0
    url = reverse("applications:interview_edit", args=[interview.pk])
    form = alice_client.get(url, {"done": "1"}).context["form"]
    assert form["status"].value() == "done"

    response = alice_client.post(url, _edit_data(interview, status="done"), follow=True)

    interview.refresh_from_db()
    assert interview.status == "done"
    assert interview.letters.count() == 1
    assert "1 draft is ready." in response.text


def test_edit_adds_and_removes_people(alice, alice_client):
    interview = InterviewFactory(application__owner=alice)
    ParticipationFactory(interview=interview, interviewer__name="Ana Rivera")
    ParticipationFactory(interview=interview, interviewer__name="Ben Okafor")
    data = _edit_data(
        interview, change={1: {"DELETE": True}}, add=[{"name": "Chen Wu"}]
    )
    response = alice_client.post(
        reverse("applications:interview_edit", args=[interview.pk]), data
    )

    assert response.status_code == 302
    names = [p.interviewer.name for p in interview.participations.all()]
    assert names == ["Ana Rivera", "Chen Wu"]


def test_removing_a_person_removes_their_untouched_draft_only(alice, alice_client):
    interview = InterviewFactory(application__owner=alice, status="scheduled")
    ana = ParticipationFactory(interview=interview, interviewer__name="Ana Rivera")
    ben = ParticipationFactory(interview=interview, interviewer__name="Ben Okafor")
    interview.status = "done"
    interview.save()
    untouched = LetterFactory(interview=interview, interviewer=ana.interviewer)
    edited = LetterFactory(
        interview=interview, interviewer=ben.interviewer, edited=True
    )
    data = _edit_data(interview, change={0: {"DELETE": True}, 1: {"DELETE": True}})
    alice_client.post(reverse("applications:interview_edit", args=[interview.pk]), data)

    assert Participation.objects.filter(interview=interview).count() == 0
    assert not Letter.objects.filter(pk=untouched.pk).exists()
    assert Letter.objects.filter(pk=edited.pk).exists()


def test_clearing_a_persons_name_on_edit_is_an_error(alice, alice_client):
    interview = InterviewFactory(application__owner=alice)
    ParticipationFactory(interview=interview, interviewer__name="Ana Rivera")
    data = _edit_data(interview, change={0: {"name": ""}})
    response = alice_client.post(
        reverse("applications:interview_edit", args=[interview.pk]), data
    )
    assert response.status_code == 200
    assert "Add this person&#x27;s name, or remove their card." in response.text
    assert Participation.objects.get().interviewer.name == "Ana Rivera"


def test_log_form_prefills_the_application_from_the_query_string(alice, alice_client):
    application = ApplicationFactory(owner=alice, still_interested=False)
    response = alice_client.get(LOG_URL, {"application": application.pk})
    form = response.context["form"]
    assert str(form["application"].value()) == str(application.pk)
    assert form["still_interested"].value() == "no"


def test_logging_a_done_interview_schedules_its_reminders(alice_client):
    from reminders.models import Reminder

    data = log_data(
        new_company="Acme",
        new_role="Dev",
        ends_at="2026-03-10T15:45",
        people=[{"name": "Ana Rivera"}],
    )
    alice_client.post(LOG_URL, data)

    interview = Interview.objects.get()
    assert Reminder.objects.filter(interview=interview).exists()


def test_no_longer_interested_gets_a_withdrawal_instead_of_thanks(alice_client):
    data = log_data(
        new_company="Acme",
        new_role="Dev",
        still_interested="no",
        people=[{"name": "Ana Rivera", "is_coordinator": True}, {"name": "Ben Okafor"}],
    )
    response = alice_client.post(LOG_URL, data, follow=True)

    interview = Interview.objects.get()
    (letter,) = Letter.objects.all()
    assert (letter.kind, letter.interview, letter.recipient_name) == (
        "withdrawal",
        None,
        "Ana Rivera",
    )
    assert letter.application == interview.application
    assert "a withdrawal letter is ready" in response.text
    # The interview page links to the letter rather than offering to draft it again.
    assert letter.get_absolute_url() in response.text
    withdrawal_url = reverse("letters:withdrawal", args=[interview.application.pk])
    assert withdrawal_url not in response.text
