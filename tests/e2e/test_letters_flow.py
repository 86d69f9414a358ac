"""In the browser: log a second round with two people, open both drafts, edit, finish."""

import os
import re

import pytest

from letters.models import Letter, LetterKind, LetterStatus
from tests.factories import UserFactory

# Playwright's sync API runs an event loop; the ORM must be allowed to run beside it.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PAY_ITEM = "No pay, benefits or vacation questions"


def checklist_item(page, label: str):
    return page.locator("#letter-checklist li.checklist-item", has_text=label)


def log_second_round(page, live_url) -> None:
    """Log the interview through the real form, the way a user does right after it."""
    page.goto(live_url("applications:interview_log"))
    page.fill("input[name='new_company']", "Northwind Analytics")
    page.fill("input[name='new_role']", "Data Engineer")
    page.select_option("select[name='stage']", "second")
    people = [
        ("Ana Rivera", "Head of Data", "the whiteboard session on billing streams"),
        ("Ben Okafor", "Senior Engineer", "how the team pairs on dbt model reviews"),
    ]
    for index, (name, title, detail) in enumerate(people):
        if index:  # the page opens with one card
            page.click("#add-person")
        page.fill(f"input[name='people-{index}-name']", name)
        page.fill(f"input[name='people-{index}-title']", title)
        page.fill(f"textarea[name='people-{index}-specific_detail']", detail)
    page.locator("#save-button").click()
    page.wait_for_url(re.compile(r"/interviews/\d+/$"))


def test_second_round_drafts_are_edited_with_a_live_checklist_and_finished(
    signed_in_page, live_url
):
    from playwright.sync_api import expect

    alice = UserFactory(email="alice@example.com", full_name="Alice Martin")
    page = signed_in_page(alice)
    log_second_round(page, live_url)

    letters = Letter.objects.filter(owner=alice).order_by("interviewer__name")
    assert [(letter.recipient_name, letter.kind) for letter in letters] == [
        ("Ana Rivera", LetterKind.SECOND),
        ("Ben Okafor", LetterKind.SECOND),
    ]
    ana, ben = letters

    # Open both drafts: Ana's from the interview page, Ben's from the editor's sibling list.
    page.get_by_role("link", name="Ana Rivera").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Letter to Ana Rivera")
    expect(page.locator("textarea[name='body']")).to_have_value(ana.body)
    page.locator(".sibling-letters").get_by_role("link", name="Ben Okafor").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Letter to Ben Okafor")
    body = page.locator("textarea[name='body']")
    expect(body).to_have_value(ben.body)

    # The checklist was rendered by the server on load; typing re-checks it live.
    pay_item = checklist_item(page, PAY_ITEM)
    expect(pay_item).to_have_attribute("data-ok", "true")
    body.fill(ben.body + "\nCould you also tell me the salary range?")
    expect(pay_item).to_have_attribute("data-ok", "false")
    expect(pay_item).to_contain_text("salary")
    expect(page.locator("#save-state")).to_have_text("Unsaved changes")

    edited = (
        ben.body + "\nP.S. I would be glad to walk you through our review checklist."
    )
    body.fill(edited)
    expect(pay_item).to_have_attribute("data-ok", "true")

    page.get_by_role("button", name="Finish").click()
    expect(page.locator(".letter-state")).to_contain_text("Finished")
    expect(page.locator("header .letter-status")).to_have_text("Finished")
    expect(page.locator("textarea[name='body']")).to_be_disabled()

    ben.refresh_from_db()
    ana.refresh_from_db()
    assert ben.status == LetterStatus.FINISHED
    assert ben.edited is True
    assert "review checklist" in ben.body
    assert ana.status == LetterStatus.DRAFT and ana.edited is False


def test_checklist_sits_beside_the_letter_on_desktop_and_below_it_on_a_phone(
    page, phone_page, sign_in, live_url
):
    from tests.factories import LetterFactory

    alice = UserFactory(email="alice@example.com")
    letter = LetterFactory(interview__application__owner=alice)
    for current, beside in ((page, True), (phone_page, False)):
        sign_in(current, alice)
        current.goto(live_url("letters:edit", letter.pk))
        text = current.locator("textarea[name='body']").bounding_box()
        checklist = current.locator("#letter-checklist").bounding_box()
        if beside:
            assert checklist["x"] > text["x"] + text["width"]
        else:
            assert checklist["y"] > text["y"] + text["height"]
