"""The decision date: asked when a round is logged, shown on the application, listed
on the dashboard for the week it falls in."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from tests.applications.forms_data import LOG_URL, NOW, log_data
from tests.factories import ApplicationFactory, InterviewFactory


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def application(alice):
    return ApplicationFactory(
        owner=alice,
        company="Initech",
        role="Engineer",
        decision_expected_on=dt.date(2026, 3, 6),
    )


def log(client, application, **fields):
    data = log_data(application=str(application.pk), **fields)
    return client.post(LOG_URL, data, follow=True)


def test_the_log_form_asks_when_they_will_decide(alice_client):
    page = alice_client.get(LOG_URL).content.decode()
    assert "When did they say you would hear back?" in page
    assert "They gave no date" in page


def test_a_date_given_is_kept_and_shown_on_the_application(alice_client, application):
    log(alice_client, application, decision_expected_on="2026-03-20")
    application.refresh_from_db()
    assert application.decision_expected_on == dt.date(2026, 3, 20)
    page = alice_client.get(application.get_absolute_url()).content.decode()
    assert "Decision expected" in page
    assert "20 Mar 2026" in page


def test_no_date_given_clears_an_earlier_rounds_date(alice_client, application):
    log(alice_client, application, no_decision_date="on")
    application.refresh_from_db()
    assert application.decision_expected_on is None


def test_an_unanswered_question_keeps_what_is_known(alice_client, application):
    log(alice_client, application)
    application.refresh_from_db()
    assert application.decision_expected_on == dt.date(2026, 3, 6)


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        (
            {"decision_expected_on": "2026-03-20", "no_decision_date": "on"},
            "not both",
        ),
        ({"decision_expected_on": "2026-03-09"}, "before the interview"),
        ({"decision_expected_on": "2027-04-01"}, "more than a year after"),
        ({"decision_expected_on": "2026-02-30"}, "Enter a valid date"),
    ],
    ids=["both", "before", "far", "impossible"],
)
def test_a_wrong_decision_date_is_a_message_and_keeps_the_notes(
    fields, message, alice_client, application
):
    response = log(
        alice_client, application, specific_detail="the Kafka migration", **fields
    )
    page = response.content.decode()
    assert message in page
    assert "the Kafka migration" in page
    assert not application.interviews.exists()


def test_editing_a_round_shows_the_date_known_and_can_change_it(
    alice, alice_client, application
):
    interview = InterviewFactory(application=application, ends_at=NOW)
    url = reverse("applications:interview_edit", args=[interview.pk])
    form = alice_client.get(url).context["form"]
    assert form["decision_expected_on"].value() == dt.date(2026, 3, 6)


def dashboard(client):
    return client.get(reverse("overview:dashboard"))


def test_the_dashboard_lists_decisions_due_this_week(alice, alice_client, charlie):
    today = NOW.date()
    due = [
        ApplicationFactory(
            owner=alice, company=f"Due {n}", decision_expected_on=today + delta
        )
        for n, delta in enumerate((dt.timedelta(0), dt.timedelta(days=6)))
    ]
    ApplicationFactory(
        owner=alice, company="Next Week", decision_expected_on=today + dt.timedelta(7)
    )
    ApplicationFactory(
        owner=alice, company="Yesterday", decision_expected_on=today - dt.timedelta(1)
    )
    ApplicationFactory(
        owner=alice, company="Closed", status="rejected", decision_expected_on=today
    )
    ApplicationFactory(owner=charlie, company="Charlie's", decision_expected_on=today)
    response = dashboard(alice_client)
    assert [row.pk for row in response.context["board"].decisions] == [
        application.pk for application in due
    ]
    page = response.content.decode()
    section = page.split("Decisions due this week", 1)[1].split("</ul>", 1)[0]
    assert "Due 0" in section and "Due 1" in section
    for name in ("Next Week", "Yesterday", "Closed", "Charlie"):
        assert name not in section


def test_no_decisions_no_heading(alice, alice_client):
    ApplicationFactory(owner=alice)
    assert "Decisions due this week" not in dashboard(alice_client).content.decode()
