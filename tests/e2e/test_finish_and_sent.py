"""In the browser: Finish asks about a half-written letter; mark as sent from Today."""

import os
import re

import pytest

from letters.models import LetterStatus
from tests.factories import InterviewFactory, LetterFactory, UserFactory, reload

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

BODY = (
    "Dear Ana,\n\nThank you for the conversation about the billing streams today. "
    "I enjoyed hearing how the team works.\n\nBest regards,\nAlice"
)


def test_finish_with_a_placeholder_asks_names_it_and_keeps_the_text(
    signed_in_page, live_url
):
    from playwright.sync_api import expect

    alice = UserFactory(email="alice@example.com")
    letter = LetterFactory(
        interview__application__owner=alice, interviewer__name="Ana Rivera", body=BODY
    )
    page = signed_in_page(alice)
    page.goto(live_url("letters:edit", letter.pk))
    typed = BODY.replace("today.", "today. Here are the slides: [add link]")
    page.locator("textarea[name='body']").fill(typed)
    page.get_by_role("button", name="Finish", exact=True).click()

    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Finish the letter to Ana Rivera as it is?"
    )
    expect(page.locator(".finish-blockers")).to_contain_text(
        "No placeholder or bracket left"
    )
    expect(page.locator(".finish-blockers")).to_contain_text("[add link]")
    assert reload(letter).body == typed and reload(letter).status == LetterStatus.DRAFT

    # Back to the letter: the typed text is there, still a draft, nothing to restore.
    page.get_by_role("link", name="Back to the letter").click()
    expect(page.locator("textarea[name='body']")).to_have_value(typed)
    expect(page.locator("header .letter-status")).to_have_text("Draft")
    expect(page.get_by_role("button", name="Restore what I typed")).to_have_count(0)

    # Finish again, and this time finish anyway.
    page.get_by_role("button", name="Finish", exact=True).click()
    page.get_by_role("button", name="Finish anyway").click()
    page.wait_for_url(re.compile(rf"/letters/{letter.pk}/$"))
    expect(page.locator("header .letter-status")).to_have_text("Finished")
    expect(page.locator(".letter-state")).to_have_count(1)
    expect(page.locator(".messages .alert")).to_have_count(0)
    expect(page.locator(".checklist-summary")).not_to_contain_text("ready to finish")
    finished = reload(letter)
    assert (finished.status, finished.body) == (LetterStatus.FINISHED, typed)


def test_a_clean_letter_finishes_without_a_question(signed_in_page, live_url):
    from playwright.sync_api import expect

    alice = UserFactory(email="alice@example.com")
    letter = LetterFactory(interview__application__owner=alice, body=BODY)
    page = signed_in_page(alice)
    page.goto(live_url("letters:edit", letter.pk))
    page.get_by_role("button", name="Finish", exact=True).click()
    expect(page.locator("header .letter-status")).to_have_text("Finished")
    assert reload(letter).status == LetterStatus.FINISHED


def test_mark_a_finished_letter_sent_from_the_dashboard(signed_in_page, live_url):
    from playwright.sync_api import expect

    alice = UserFactory(email="alice@example.com")
    interview = InterviewFactory(
        application__owner=alice, application__company="Northwind"
    )
    ana = LetterFactory(
        interview=interview, interviewer__name="Ana Rivera", finished=True
    )
    ben = LetterFactory(interview=interview, interviewer__name="Ben Okafor")
    page = signed_in_page(alice)
    page.goto(live_url("overview:dashboard"))
    expect(
        page.get_by_role("button", name="Mark the letter to Ben Okafor as sent")
    ).to_have_count(0)  # a draft is finished first, in the editor
    page.get_by_role("button", name="Mark the letter to Ana Rivera as sent").click()

    page.wait_for_url(live_url("overview:dashboard"))
    expect(page.locator(".messages")).to_contain_text(
        "Marked the letter to Ana Rivera as sent. 1 letter of this interview is left."
    )
    expect(
        page.get_by_role("button", name="Mark the letter to Ana Rivera as sent")
    ).to_have_count(0)
    assert reload(ana).status == LetterStatus.SENT
    assert reload(ben).status == LetterStatus.DRAFT
