import datetime as dt

import pytest
from django.urls import reverse

from applications.models import Application, Interview, Interviewer, Participation
from reminders.models import Reminder
from tests.factories import (
    ApplicationFactory,
    InterviewerFactory,
    InterviewFactory,
    ParticipationFactory,
)

from .forms_data import LOG_URL, NOW, log_data

pytestmark = pytest.mark.usefixtures("frozen_time")


def test_log_form_defaults_end_to_now_in_the_users_timezone(alice_client):
    response = alice_client.get(LOG_URL)
    assert response.status_code == 200
    assert 'value="2026-03-10T16:00"' in response.text
    assert "Europe/Berlin" in response.text


def test_logging_with_a_new_application_saves_everything_and_shows_the_interview(
    alice, alice_client
):
    data = log_data(
        new_company="Acme",
        new_role="Data engineer",
        stage="screen",
        ends_at="2026-03-10T15:30",
        people=[
            {"name": "Ana Rivera", "title": "CTO", "specific_detail": "event sourcing"},
            {"name": "Ben Okafor", "greeting": "first_name", "topics": "on-call"},
        ],
    )
    response = alice_client.post(LOG_URL, data)

    interview = Interview.objects.get()
    assert response.status_code == 302
    assert response.url == interview.get_absolute_url()
    assert interview.owner == alice
    assert interview.application.company == "Acme"
    assert interview.application.owner == alice
    assert interview.application.status == "interviewing"
    assert interview.stage == "screen"
    # 15:30 in Berlin (UTC+1 in March) is 14:30 UTC.
    assert interview.ends_at == dt.datetime(2026, 3, 10, 14, 30, tzinfo=dt.UTC)
    assert interview.timezone == "Europe/Berlin"
    rows = list(interview.participations.select_related("interviewer"))
    assert [(p.interviewer.name, p.position) for p in rows] == [
        ("Ana Rivera", 0),
        ("Ben Okafor", 1),
    ]
    assert rows[0].specific_detail == "event sourcing"
    assert rows[0].interviewer.title == "CTO"
    assert rows[1].greeting == "first_name"
    assert rows[1].topics == "on-call"


def test_logging_for_an_existing_application_updates_still_interested(
    alice_client, alice
):
    application = ApplicationFactory(owner=alice, status="applied")
    data = log_data(
        application=application.pk,
        still_interested="no",
        people=[{"name": "Ana Rivera"}],
    )
    response = alice_client.post(LOG_URL, data)

    assert response.status_code == 302
    application.refresh_from_db()
    assert application.still_interested is False
    assert application.status == "interviewing"
    assert Interview.objects.get().application == application


def test_a_person_typed_again_at_the_same_application_is_reused(alice_client, alice):
    application = ApplicationFactory(owner=alice)
    ana = InterviewerFactory(application=application, name="Ana Rivera", title="CTO")
    data = log_data(
        application=application.pk,
        stage="second",
        people=[{"name": "ana rivera", "specific_detail": "the roadmap"}],
    )
    alice_client.post(LOG_URL, data)

    assert Interviewer.objects.count() == 1
    participation = Participation.objects.get()
    assert participation.interviewer == ana
    assert participation.specific_detail == "the roadmap"
    ana.refresh_from_db()
    assert ana.title == "CTO"  # a blank title keeps what was known


def test_people_met_before_can_be_ticked_and_are_not_duplicated(alice_client, alice):
    application = ApplicationFactory(owner=alice)
    ana = InterviewerFactory(application=application, name="Ana Rivera")
    ben = InterviewerFactory(application=application, name="Ben Okafor")
    earlier = InterviewFactory(application=application, stage="first")
    ParticipationFactory(interview=earlier, interviewer=ben, greeting="first_name")
    data = log_data(
        application=application.pk,
        stage="second",
        returning=[ana.pk, ben.pk],
        # Ana also has a card with today's notes: one participation, with the notes.
        people=[{"name": "Ana Rivera", "specific_detail": "the team offsite"}],
    )
    response = alice_client.post(LOG_URL, data)

    assert response.status_code == 302
    interview = Interview.objects.exclude(pk=earlier.pk).get()
    rows = {p.interviewer.name: p for p in interview.participations.all()}
    assert set(rows) == {"Ana Rivera", "Ben Okafor"}
    assert rows["Ana Rivera"].specific_detail == "the team offsite"
    assert rows["Ben Okafor"].greeting == "first_name"  # kept from the earlier round
    assert Interviewer.objects.count() == 2


def test_the_form_offers_the_people_met_at_the_chosen_application(alice_client, alice):
    application = ApplicationFactory(owner=alice)
    InterviewerFactory(application=application, name="Ana Rivera")
    InterviewerFactory(name="Someone Elsewhere", owner=alice)
    response = alice_client.get(LOG_URL, {"application": application.pk})

    assert "Ana Rivera" in response.text
    assert "Someone Elsewhere" not in response.text


@pytest.mark.parametrize("applications", [1, 40])
def test_the_log_page_runs_a_fixed_number_of_queries(
    applications, alice_client, alice, django_assert_num_queries
):
    ApplicationFactory.create_batch(applications, owner=alice)
    for interview in InterviewFactory.create_batch(2, application__owner=alice):
        ParticipationFactory.create_batch(3, interview=interview)
    latest = InterviewFactory(application__owner=alice).application
    InterviewerFactory(application=latest, name="Ana Rivera")
    # session, user, the latest application, its earlier stages, the menu, the people
    # met there before (read once: the fieldset's "hidden" and its boxes share it)
    with django_assert_num_queries(6):
        response = alice_client.get(LOG_URL)
    assert 'id="returning-people">' in response.text
    assert "Ana Rivera" in response.text


def test_stage_is_suggested_from_the_earlier_rounds(alice_client, alice):
    application = ApplicationFactory(owner=alice)
    InterviewFactory(application=application, stage="first")
    response = alice_client.get(LOG_URL, {"application": application.pk})

    assert response.context["form"]["stage"].value() == "second"


def test_the_people_endpoint_lists_people_and_the_next_stage(alice_client, alice):
    application = ApplicationFactory(owner=alice, company="Acme")
    screen = InterviewFactory(application=application, stage="screen")
    ana = InterviewerFactory(application=application, name="Ana Rivera", title="CTO")
    ParticipationFactory(interview=screen, interviewer=ana, greeting="first_name")
    InterviewerFactory(application=application, name="Ben Okafor", title="")
    url = reverse("applications:application_people", args=[application.pk])
    data = alice_client.get(url).json()

    assert data["company"] == "Acme"
    assert data["stage"] == "first"
    assert [(p["name"], p["title"], p["greeting"]) for p in data["people"]] == [
        ("Ana Rivera", "CTO", "first_name"),
        ("Ben Okafor", "", "formal"),
    ]


A_NEW_ONE = {"new_company": "Acme", "new_role": "Dev"}


@pytest.mark.parametrize(
    ("fields", "message", "kept"),
    [
        pytest.param(
            {"people": [{"name": "Ana"}]},
            "Choose the application, or type the company and role of a new one.",
            None,
            id="neither-an-application-nor-a-new-one",
        ),
        pytest.param(
            {"new_company": "Acme"},
            "Add the role of the new application.",
            None,
            id="a-new-application-without-a-role",
        ),
        pytest.param(
            {**A_NEW_ONE, "ends_at": "2026-03-10T18:00"},
            "This time is still in the future.",
            None,
            id="a-done-interview-ending-in-the-future",
        ),
        pytest.param(
            {
                **A_NEW_ONE,
                "starts_at": "2026-03-10T15:30",
                "ends_at": "2026-03-10T15:00",
            },
            "The start must be before the end.",
            None,
            id="a-start-after-the-end",
        ),
        pytest.param(
            {
                **A_NEW_ONE,
                "people": [
                    {"name": "Ana"},
                    {"specific_detail": "spoke about the budget"},
                ],
            },
            "Add this person&#x27;s name, or remove their card.",
            "spoke about the budget",
            id="notes-without-a-name",
        ),
        pytest.param(
            {**A_NEW_ONE, "people": [{"name": "Ana Rivera"}, {"name": "ana rivera"}]},
            "is listed twice",
            None,
            id="the-same-name-twice",
        ),
    ],
)
def test_a_form_error_is_said_clearly_and_nothing_is_saved(
    alice_client, fields, message, kept
):
    response = alice_client.post(LOG_URL, log_data(**fields))

    assert response.status_code == 200
    assert message in response.text
    if kept:
        assert kept in response.text
    assert Application.objects.count() == 0
    assert Interview.objects.count() == 0


def test_both_application_and_new_one_is_a_clear_error(alice_client, alice):
    application = ApplicationFactory(owner=alice)
    data = log_data(application=application.pk, new_company="Acme", new_role="Dev")
    response = alice_client.post(LOG_URL, data)

    assert "Pick an existing application or type a new one, not both." in response.text
    assert Application.objects.count() == 1


def test_a_scheduled_interview_may_be_in_the_future_and_gets_no_drafts_or_reminders(
    alice_client,
):
    data = log_data(
        new_company="Acme",
        new_role="Dev",
        status="scheduled",
        starts_at="2026-03-12T10:00",
        ends_at="2026-03-12T11:00",
        people=[{"name": "Ana Rivera"}],
    )
    response = alice_client.post(LOG_URL, data, follow=True)

    interview = Interview.objects.get()
    assert interview.status == "scheduled"
    assert interview.letters.count() == 0
    assert not Reminder.objects.exists()
    assert "mark it done" in response.text


def test_a_failing_second_person_saves_nothing_and_keeps_everything_typed(alice_client):
    data = log_data(
        new_company="Acme",
        new_role="Data engineer",
        topics="the migration",
        people=[
            {"name": "Ana Rivera", "specific_detail": "event sourcing talk"},
            {"name": "Ben", "email": "not-an-email", "specific_detail": "his dog Rex"},
        ],
    )
    response = alice_client.post(LOG_URL, data)

    assert response.status_code == 200
    assert Application.objects.count() == 0
    assert Interview.objects.count() == 0
    assert Interviewer.objects.count() == 0
    assert "Enter a valid email address." in response.text
    for typed in (
        "Acme",
        "Data engineer",
        "the migration",
        "event sourcing talk",
        "his dog Rex",
        "not-an-email",
    ):
        assert typed in response.text


def test_blank_cards_are_the_same_on_every_page_and_typed_ones_stay_typed(
    alice_client,
):
    """The blank person card and the card template are kept per process; a page
    with typed people renders its own cards, then a blank page is blank again."""

    def cards(response):
        html = response.text
        return html[html.index('<div id="person-forms">') : html.index("</template>")]

    blank = cards(alice_client.get(LOG_URL))
    assert 'name="people-0-name"' in blank and 'name="people-__prefix__-name"' in blank
    assert 'name="people-TOTAL_FORMS" value="1"' in alice_client.get(LOG_URL).text
    assert cards(alice_client.get(LOG_URL)) == blank
    data = log_data(
        new_company="Acme",
        people=[{"name": "Zed Quill", "specific_detail": "event sourcing talk"}],
    )
    typed = alice_client.post(LOG_URL, data)
    assert typed.status_code == 200
    assert "Zed Quill" in cards(typed) and "event sourcing talk" in cards(typed)
    assert cards(alice_client.get(LOG_URL)) == blank
    assert "Zed Quill" not in blank


def test_a_database_failure_on_the_second_person_rolls_everything_back(
    alice, monkeypatch
):
    from applications import interviews

    original = interviews._interviewer_for
    calls = []

    def failing(interview, person):
        calls.append(person.name)
        if len(calls) == 2:
            raise RuntimeError("database went away")
        return original(interview, person)

    monkeypatch.setattr(interviews, "_interviewer_for", failing)
    with pytest.raises(RuntimeError):
        interviews.interview_log(
            user=alice,
            application=None,
            new_application={"company": "Acme", "role": "Dev"},
            details={
                "stage": "first",
                "format": "video",
                "status": "done",
                "ends_at": NOW - dt.timedelta(minutes=5),
                "timezone": "Europe/Berlin",
            },
            people=[interviews.PersonEntry("Ana"), interviews.PersonEntry("Ben")],
        )
    assert Application.objects.count() == 0
    assert Interview.objects.count() == 0
    assert Interviewer.objects.count() == 0
    assert Participation.objects.count() == 0


def test_blank_person_cards_are_ignored(alice_client):
    data = log_data(new_company="Acme", new_role="Dev", total=3)
    response = alice_client.post(LOG_URL, data)

    assert response.status_code == 302
    assert Participation.objects.count() == 0
