"""Logging an interview the way a hurried user does: double clicks, Back after saving,
the same interview typed twice, a year typed wrong, two rounds in one afternoon."""

import datetime as dt
import re
import threading
import time
import uuid

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.test import Client
from django.urls import reverse

from applications import views
from applications.models import Application, FormSubmission, Interview
from letters.models import Letter, LetterStatus
from reminders.models import Reminder
from tests.factories import ApplicationFactory, InterviewFactory, LetterFactory

from .forms_data import BERLIN, LOG_URL, NOW, log_data

pytestmark = pytest.mark.usefixtures("frozen_time")

ANA = {"name": "Ana Rivera", "specific_detail": "asked me to sketch the schema live"}


def messages_of(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def token_of(response) -> str:
    return re.search(r'name="submission" value="([0-9a-f-]{36})"', response.text)[1]


def _client_of(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def counts() -> dict:
    return {
        "applications": Application.objects.count(),
        "interviews": Interview.objects.count(),
        "letters": Letter.objects.count(),
        "reminders": Reminder.objects.count(),
    }


# 1. Saved once ---------------------------------------------------------------------


def test_the_log_page_carries_a_fresh_token_each_time(alice_client):
    first = token_of(alice_client.get(LOG_URL))
    second = token_of(alice_client.get(LOG_URL))
    assert uuid.UUID(first) and first != second


def test_a_double_click_saves_one_interview_and_the_second_post_shows_it(
    alice_client,
):
    token = token_of(alice_client.get(LOG_URL))
    data = log_data(
        new_company="Acme", new_role="Analyst", people=[ANA], submission=token
    )

    first = alice_client.post(LOG_URL, data)
    second = alice_client.post(LOG_URL, data)

    interview = Interview.objects.get()
    assert counts() == {
        "applications": 1,
        "interviews": 1,
        "letters": 1,
        "reminders": 4,  # the same day's two and the round's two check-ins, once
    }
    assert first.url == second.url == interview.get_absolute_url()
    assert messages_of(second)[-1:] == [
        "Already saved: this is what you saved from that page. "
        "Nothing was saved a second time."
    ]
    assert FormSubmission.objects.get().interview == interview


def test_back_after_saving_and_saving_again_even_with_changes_adds_nothing(
    alice_client,
):
    page = alice_client.get(LOG_URL)
    data = log_data(new_company="Acme", new_role="Analyst", people=[ANA])
    data["submission"] = token_of(page)
    alice_client.post(LOG_URL, data)
    before = counts()

    # Back: the browser shows the same page, token and all; a word changed, saved again.
    data["people-0-specific_detail"] = "asked me to sketch the schema live, twice"
    response = alice_client.post(LOG_URL, data)

    assert counts() == before
    assert response.url == Interview.objects.get().get_absolute_url()


def test_a_page_shown_again_with_errors_keeps_its_token(alice_client):
    token = token_of(alice_client.get(LOG_URL))
    response = alice_client.post(
        LOG_URL, log_data(new_company="Acme", submission=token)
    )
    assert response.status_code == 200
    assert token_of(response) == token
    response = alice_client.post(
        LOG_URL, log_data(new_company="Acme", new_role="Analyst", submission=token)
    )
    assert response.status_code == 302
    assert Interview.objects.count() == 1


def test_a_token_used_by_another_user_is_theirs_only(alice_client, charlie):
    token = str(uuid.uuid4())
    data = log_data(new_company="Acme", new_role="Analyst", submission=token)
    alice_client.post(LOG_URL, data)
    response = _client_of(charlie).post(LOG_URL, data)
    assert response.status_code == 302
    assert Interview.objects.filter(owner__email__startswith="charlie").count() == 1


def test_a_mangled_token_still_saves_once(alice_client):
    data = log_data(new_company="Acme", new_role="Analyst", submission="not-a-token")
    assert alice_client.post(LOG_URL, data).status_code == 302
    assert Interview.objects.count() == 1


def test_the_same_interview_typed_again_on_a_new_page_asks_first_and_keeps_the_text(
    alice, alice_client
):
    application = ApplicationFactory(owner=alice)
    typed = log_data(
        application=application.pk, people=[ANA], starts_at="2026-03-10T14:00"
    )
    alice_client.post(LOG_URL, typed)

    again = {**typed, "submission": token_of(alice_client.get(LOG_URL))}
    response = alice_client.post(LOG_URL, again)

    assert response.status_code == 200
    assert Interview.objects.count() == 1
    assert "You already logged this interview" in response.text
    assert "Yes, save it: this is another interview" in response.text
    assert "asked me to sketch the schema live" in response.text
    assert Interview.objects.get().get_absolute_url() in response.text

    response = alice_client.post(LOG_URL, {**again, "confirm_duplicate": "on"})
    assert response.status_code == 302
    assert Interview.objects.count() == 2


def test_other_people_or_another_time_is_not_the_same_interview(alice, alice_client):
    application = ApplicationFactory(owner=alice)
    alice_client.post(LOG_URL, log_data(application=application.pk, people=[ANA]))
    other_people = log_data(application=application.pk, people=[{"name": "Ben Okafor"}])
    other_time = log_data(
        application=application.pk, people=[ANA], ends_at="2026-03-10T11:00"
    )
    assert alice_client.post(LOG_URL, other_people).status_code == 302
    assert alice_client.post(LOG_URL, other_time).status_code == 302


def test_the_same_new_application_typed_twice_is_noticed(alice_client):
    typed = log_data(new_company="Acme", new_role="Analyst", people=[ANA])
    alice_client.post(LOG_URL, typed)
    response = alice_client.post(
        LOG_URL, {**typed, "new_company": "ACME ", "new_role": "analyst"}
    )
    assert "You already logged this interview" in response.text
    assert counts()["applications"] == 1


def test_new_application_page_saves_once(alice_client):
    url = reverse("applications:create")
    token = token_of(alice_client.get(url))
    data = {
        "company": "Acme",
        "role": "Analyst",
        "status": "applied",
        "submission": token,
    }
    first = alice_client.post(url, data)
    second = alice_client.post(url, data)
    assert Application.objects.count() == 1
    assert first.url == second.url == Application.objects.get().get_absolute_url()


@pytest.mark.django_db(transaction=True)
def test_two_posts_at_once_with_one_token_save_one_interview(alice, monkeypatch):
    """The second click arrives while the first is still saving: it waits on the token's
    row and is shown the first one's interview."""
    slow_rule = views.interview_log_rule

    def slowed(**kwargs):
        saved = slow_rule(**kwargs)
        time.sleep(0.3)
        return saved

    monkeypatch.setattr(views, "interview_log_rule", slowed)
    data = log_data(
        new_company="Acme", new_role="Analyst", submission=str(uuid.uuid4())
    )
    results = []

    def post():
        results.append(_client_of(alice).post(LOG_URL, data))
        connection.close()

    threads = [threading.Thread(target=post) for _ in range(2)]
    for thread in threads:
        thread.start()
        time.sleep(0.05)
    for thread in threads:
        thread.join()

    interview = Interview.objects.get()
    assert [r.status_code for r in results] == [302, 302]
    assert {r.url for r in results} == {interview.get_absolute_url()}
    assert Application.objects.count() == 1


# 3. Far dates ----------------------------------------------------------------------


def test_a_scheduled_interview_more_than_a_year_ahead_asks_about_the_year(
    alice_client,
):
    typed = log_data(
        new_company="Acme",
        new_role="Analyst",
        status="scheduled",
        ends_at="2099-06-01T10:00",
        people=[ANA],
    )
    response = alice_client.post(LOG_URL, typed)

    assert response.status_code == 200
    assert Interview.objects.count() == 0
    assert (
        "This interview is more than a year ahead (Monday 1 June 2099). Check the year."
        in response.text
    )
    assert "Yes, the date is right" in response.text
    assert 'value="2099-06-01T10:00"' in response.text
    assert "asked me to sketch the schema live" in response.text

    response = alice_client.post(LOG_URL, {**typed, "confirm_date": "on"})
    assert response.status_code == 302
    assert messages_of(response)[0].startswith("Saved for Mon 1 Jun 2099, 10:00.")


def test_a_finished_interview_before_last_year_asks_and_drafts_nothing_until_confirmed(
    alice_client,
):
    typed = log_data(new_company="Acme", new_role="Analyst", ends_at="2024-12-31T10:00")
    response = alice_client.post(LOG_URL, typed)
    assert "This interview was before last year" in response.text
    assert Letter.objects.count() == 0


@pytest.mark.parametrize(
    ("status", "ends_at"),
    [("done", "2025-01-01T10:00"), ("scheduled", "2027-03-01T10:00")],
)
def test_last_year_and_within_a_year_ahead_need_no_question(
    alice_client, status, ends_at
):
    typed = log_data(
        new_company="Acme", new_role="Analyst", status=status, ends_at=ends_at
    )
    assert alice_client.post(LOG_URL, typed).status_code == 302


def test_a_scheduled_message_this_year_has_no_year(alice_client):
    typed = log_data(
        new_company="Acme",
        new_role="Analyst",
        status="scheduled",
        ends_at="2026-06-01T10:00",
    )
    response = alice_client.post(LOG_URL, typed)
    assert messages_of(response)[0].startswith("Saved for Mon 1 Jun, 10:00.")


# 4. Overlaps and the same person twice ---------------------------------------------


def test_an_overlapping_round_is_saved_with_a_warning(alice, alice_client):
    other = InterviewFactory(
        application__owner=alice,
        application__company="Globex",
        starts_at=dt.datetime(2026, 3, 10, 14, 30, tzinfo=BERLIN),
        ends_at=dt.datetime(2026, 3, 10, 15, 30, tzinfo=BERLIN),
    )
    typed = log_data(
        new_company="Acme",
        new_role="Analyst",
        starts_at="2026-03-10T14:00",
        ends_at="2026-03-10T15:00",
    )
    response = alice_client.post(LOG_URL, typed)

    assert response.status_code == 302
    assert Interview.objects.count() == 2
    warning = messages_of(response)[1]
    assert warning.startswith("Saved, but it overlaps another interview:")
    assert str(other.application) in warning


def test_back_to_back_rounds_are_no_overlap(alice, alice_client):
    InterviewFactory(
        application__owner=alice,
        starts_at=dt.datetime(2026, 3, 10, 13, 0, tzinfo=BERLIN),
        ends_at=dt.datetime(2026, 3, 10, 14, 0, tzinfo=BERLIN),
    )
    typed = log_data(
        new_company="Acme", new_role="Analyst", starts_at="2026-03-10T14:00"
    )
    response = alice_client.post(LOG_URL, typed)
    assert len(messages_of(response)) == 1


def _two_rounds_with_ana(client, owner):
    application = ApplicationFactory(owner=owner)
    client.post(
        LOG_URL,
        log_data(
            application=application.pk,
            stage="first",
            starts_at="2026-03-10T09:00",
            ends_at="2026-03-10T10:00",
            people=[{"name": "Ana Rivera", "specific_detail": "the schema sketch"}],
        ),
    )
    client.post(
        LOG_URL,
        log_data(
            application=application.pk,
            stage="second",
            starts_at="2026-03-10T14:00",
            ends_at="2026-03-10T15:00",
            people=[
                {"name": "Ana Rivera", "topics": "the reporting roadmap"},
                {"name": "Ben Okafor", "specific_detail": "the on-call rota"},
            ],
        ),
    )
    return Interview.objects.order_by("ends_at")


def test_meeting_a_person_twice_that_day_offers_one_letter_and_combining_keeps_both(
    alice,
    alice_client,
):
    first, second = _two_rounds_with_ana(alice_client, alice)
    page = alice_client.get(second.get_absolute_url())
    assert "You met Ana Rivera twice that day" in page.text
    assert "Combine into one letter" in page.text
    assert page.text.count("data-met-twice") == 1  # not Ben, met once

    earlier = Letter.objects.get(interview=first)
    later = Letter.objects.get(interview=second, interviewer__name="Ana Rivera")
    response = alice_client.post(
        reverse("letters:combine", args=[later.pk]), {"other": earlier.pk}
    )

    assert response.url == later.get_absolute_url()
    earlier.refresh_from_db()
    later.refresh_from_db()
    assert earlier.status == LetterStatus.SKIPPED
    assert later.status == LetterStatus.DRAFT
    assert "schema sketch" in later.body  # the morning's detail, in the one letter
    assert Letter.objects.unsent().filter(interviewer=later.interviewer).count() == 1
    assert "twice that day" not in alice_client.get(second.get_absolute_url()).text


def test_combining_never_replaces_text_the_user_wrote(alice, alice_client):
    first, second = _two_rounds_with_ana(alice_client, alice)
    earlier = Letter.objects.get(interview=first)
    later = Letter.objects.get(interview=second, interviewer__name="Ana Rivera")
    alice_client.post(
        reverse("letters:edit", args=[later.pk]),
        {"subject": "Thanks", "body": "My own words.", "revision": later.revision},
    )
    alice_client.post(
        reverse("letters:combine", args=[later.pk]), {"other": earlier.pk}
    )
    later.refresh_from_db()
    assert later.body == "My own words."
    assert Letter.objects.get(pk=earlier.pk).status == LetterStatus.SKIPPED


def test_another_users_letter_cannot_be_combined(alice, alice_client, charlie):
    first, second = _two_rounds_with_ana(alice_client, alice)
    earlier = Letter.objects.get(interview=first)
    later = Letter.objects.get(interview=second, interviewer__name="Ana Rivera")
    response = _client_of(charlie).post(
        reverse("letters:combine", args=[later.pk]), {"other": earlier.pk}
    )
    assert response.status_code == 404
    assert Letter.objects.filter(status=LetterStatus.SKIPPED).count() == 0


# 5. Where the log page starts ------------------------------------------------------


def test_the_log_page_starts_on_the_most_recently_active_application(
    alice, alice_client
):
    ApplicationFactory(owner=alice, company="Older")
    recent = ApplicationFactory(owner=alice, company="Recent")
    ApplicationFactory(owner=alice, company="Closed", status="rejected")
    Application.objects.filter(company="Closed").update(updated_at=NOW)

    response = alice_client.get(LOG_URL)

    assert f'<option value="{recent.pk}" selected>' in response.text
    assert "Log it for a new application instead" in response.text

    response = alice_client.get(LOG_URL, {"application": "new"})
    assert '<option value="" selected>— a new application —</option>' in response.text


def test_with_no_applications_the_log_page_starts_on_a_new_one(alice_client):
    response = alice_client.get(LOG_URL)
    assert '<option value="" selected>— a new application —</option>' in response.text
    assert "Log it for a new application instead" not in response.text


# 6. What happens next --------------------------------------------------------------


def test_after_saving_the_page_says_when_the_reminder_comes_and_opens_the_draft(
    alice_client,
):
    response = alice_client.post(
        LOG_URL,
        log_data(new_company="Acme", new_role="Analyst", people=[ANA]),
        follow=True,
    )
    reminder = Reminder.objects.order_by("due_at").first()
    letter = Letter.objects.get()
    due = reminder.due_at.astimezone(BERLIN)
    assert "What happens next" in response.text
    assert f"a reminder email comes {due:%A %-d %B, %H:%M} (Europe/Berlin)" in " ".join(
        re.sub(r"<[^>]+>", "", response.text).split()
    )
    assert f'href="{letter.get_absolute_url()}" id="open-first-draft"' in response.text


def test_combining_with_another_users_letter_changes_neither(
    alice, alice_client, charlie
):
    first, second = _two_rounds_with_ana(alice_client, alice)
    later = Letter.objects.get(interview=second, interviewer__name="Ana Rivera")
    theirs = LetterFactory(interview__application__owner=charlie)
    response = alice_client.post(
        reverse("letters:combine", args=[later.pk]), {"other": theirs.pk}
    )
    assert response.url == second.get_absolute_url()
    assert messages_of(response)[-1] == "There is no other letter to combine it with."
    assert Letter.objects.filter(status=LetterStatus.SKIPPED).count() == 0
