"""Withdrawing in a real browser: the reason appears with "No, not any more", goes into
the letter, and the offer on the interview page becomes a link to that letter."""

import pytest

from letters.models import Letter, LetterKind
from tests.factories import ApplicationFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_no_longer_interested_asks_why_and_the_letter_says_it(
    signed_in_phone_page, live_url
):
    alice = UserFactory()
    acme = ApplicationFactory(owner=alice, company="Acme", role="Data engineer")
    page = signed_in_phone_page(alice)
    page.goto(live_url("applications:interview_log", query=f"application={acme.pk}"))

    reason = page.locator("#id_withdrawal_reason")
    assert reason.is_hidden()
    page.get_by_label("No, not any more").check()
    assert reason.is_visible()
    page.fill("#id_people-0-name", "Ana Rivera")
    reason.fill("going in a different direction")
    page.click("#save-button")
    page.wait_for_url("**/interviews/*/")

    letter = Letter.objects.get(kind=LetterKind.WITHDRAWAL)
    assert letter.recipient_name == "Ana Rivera"
    assert "I am going in a different direction." in letter.body
    assert page.get_by_role("button", name="Draft the withdrawal letter").count() == 0
    page.get_by_role("link", name="Open the withdrawal letter").click()
    page.wait_for_url(f"**/letters/{letter.pk}/")
    assert "I am going in a different direction." in page.input_value("#id_body")
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0


def test_without_javascript_the_reason_field_is_always_there(
    browser, live_url, sign_in
):
    alice = UserFactory()
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    try:
        sign_in(page, alice)
        page.goto(live_url("applications:interview_log"))
        assert page.locator("#id_withdrawal_reason").is_visible()
    finally:
        context.close()
