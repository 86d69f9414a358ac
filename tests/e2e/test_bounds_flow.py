"""In the browser: a pasted letter over the limit comes back whole with the error, and a
forged people count on the log page is one error above at most a dozen cards."""

import os

import pytest

from jobtrack.bounds import LETTER_BODY_MAX, PEOPLE_PER_INTERVIEW_MAX
from letters.models import Letter
from tests.factories import (
    InterviewFactory,
    LetterFactory,
    ParticipationFactory,
    UserFactory,
)

# Playwright's sync API runs an event loop; the ORM must be allowed to run beside it.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_pasted_letter_over_the_limit_is_kept_in_the_editor_with_the_error(
    signed_in_page, live_url
):
    from playwright.sync_api import expect

    alice = UserFactory(email="alice@example.com")
    interview = InterviewFactory(application__owner=alice)
    person = ParticipationFactory(interview=interview).interviewer
    letter = LetterFactory(interview=interview, interviewer=person)
    page = signed_in_page(alice)
    page.goto(live_url("letters:edit", letter.pk))
    text = "Thank you for the conversation today. " * 660
    assert len(text) > LETTER_BODY_MAX
    page.fill("textarea[name='body']", text)
    assert len(page.input_value("textarea[name='body']")) == len(text)  # not cut
    page.get_by_role("button", name="Save draft").click()
    page.wait_for_load_state()
    expect(page.locator("#letter-errors")).to_contain_text(
        f"the limit is {LETTER_BODY_MAX:,}"
    )
    expect(page.locator("#id_body_error")).to_contain_text("characters long")
    assert page.input_value("textarea[name='body']") == text
    assert Letter.objects.get(pk=letter.pk).body == letter.body


def test_a_forged_people_count_shows_one_error_and_a_bounded_page(
    signed_in_page, live_url
):
    from playwright.sync_api import expect

    alice = UserFactory(email="alice@example.com")
    page = signed_in_page(alice)
    page.goto(live_url("applications:interview_log"))
    page.fill("input[name='new_company']", "Northwind Analytics")
    page.fill("input[name='new_role']", "Data Engineer")
    page.fill("input[name='people-0-name']", "Ana Rivera")
    page.evaluate(
        "document.querySelector(\"input[name='people-TOTAL_FORMS']\").value = '1000'"
    )
    page.locator("#save-button").click()
    page.wait_for_load_state()
    expect(page.locator("#form-errors")).to_contain_text(
        f"An interview can list at most {PEOPLE_PER_INTERVIEW_MAX} people"
    )
    assert page.input_value("input[name='people-0-name']") == "Ana Rivera"
    cards = page.locator("#interview-form input[name$='-name'][name^='people-']")
    assert cards.count() <= PEOPLE_PER_INTERVIEW_MAX
