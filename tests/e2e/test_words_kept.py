"""In the browser: two tabs on one letter, and typed text surviving a failed save."""

import os
import re

import pytest

from applications.models import Interview
from letters.models import Letter
from tests.factories import LetterFactory, ParticipationFactory, UserFactory

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

UNAVAILABLE = "<!doctype html><title>Unavailable</title><h1>Back in a moment</h1>"


def alices_letter():
    alice = UserFactory(email="alice@example.com", full_name="Alice Martin")
    participation = ParticipationFactory(
        interview__owner=alice,
        interview__application__owner=alice,
        interviewer__owner=alice,
        interviewer__name="Ana Rivera",
    )
    letter = LetterFactory(
        owner=alice,
        interview=participation.interview,
        interviewer=participation.interviewer,
    )
    return alice, letter


def fail_next_post(page, url_part: str) -> list:
    """The server answers the next POST to this URL with a 503, once (a database outage)."""
    failed = []

    def handle(route):
        if route.request.method == "POST" and not failed:
            failed.append(route.request.url)
            route.fulfill(status=503, body=UNAVAILABLE, content_type="text/html")
        else:
            route.continue_()

    page.route(re.compile(re.escape(url_part)), handle)
    return failed


def test_two_tabs_the_second_save_gets_both_texts_and_loses_nothing(
    signed_in_page, live_url
):
    from playwright.sync_api import expect

    alice, letter = alices_letter()
    first = signed_in_page(alice)
    second = first.context.new_page()
    url = live_url("letters:edit", letter.pk)
    first.goto(url)
    second.goto(url)

    first.fill(
        "textarea[name='body']", "Dear Ana,\n\nThe paragraph from the first tab."
    )
    first.get_by_role("button", name="Save draft").click()
    expect(first.locator(".alert-success")).to_contain_text("Saved.")

    second.fill(
        "textarea[name='body']", "Dear Ana,\n\nThe paragraph from the second tab."
    )
    second.get_by_role("button", name="Save draft").click()

    expect(second.get_by_role("heading", level=1)).to_have_text(
        "This letter changed while you were writing"
    )
    expect(second.locator("#conflict-form textarea[name='body']")).to_have_value(
        "Dear Ana,\n\nThe paragraph from the second tab."
    )
    expect(second.locator(".letter-text")).to_contain_text(
        "The paragraph from the first tab."
    )
    assert Letter.objects.get().body == "Dear Ana,\n\nThe paragraph from the first tab."

    second.fill(
        "#conflict-form textarea[name='body']",
        "Dear Ana,\n\nThe first tab's paragraph.\n\nAnd the second tab's.",
    )
    second.get_by_role("button", name="Save this text").click()
    expect(second.locator(".alert-success")).to_contain_text("Saved your text")
    assert Letter.objects.get().body == (
        "Dear Ana,\n\nThe first tab's paragraph.\n\nAnd the second tab's."
    )
    bodies = set(Letter.objects.get().versions.values_list("body", flat=True))
    assert "Dear Ana,\n\nThe paragraph from the first tab." in bodies


def test_the_log_form_offers_back_what_was_typed_after_a_503(signed_in_page, live_url):
    from playwright.sync_api import expect

    alice = UserFactory(email="alice@example.com", full_name="Alice Martin")
    page = signed_in_page(alice)
    log_url = live_url("applications:interview_log")
    failed = fail_next_post(page, "/interviews/log/")
    page.goto(log_url)
    page.fill("input[name='new_company']", "Northwind Analytics")
    page.fill("input[name='new_role']", "Data Engineer")
    page.select_option("select[name='stage']", "second")
    page.fill("input[name='people-0-name']", "Ana Rivera")
    page.fill(
        "textarea[name='people-0-specific_detail']", "the whiteboard session on billing"
    )
    page.click("#add-person")
    page.fill("input[name='people-1-name']", "Ben Okafor")
    page.locator("#save-button").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Back in a moment")
    assert failed and not Interview.objects.exists()

    page.goto(log_url)  # the user comes back to the form
    offer = page.locator("[data-draft-offer]")
    expect(offer).to_contain_text("was not saved")
    expect(page.locator("input[name='new_company']")).to_have_value("")
    offer.get_by_role("button", name="Restore what I typed").click()
    expect(offer).to_have_count(0)
    expect(page.locator("input[name='new_company']")).to_have_value(
        "Northwind Analytics"
    )
    expect(page.locator("select[name='stage']")).to_have_value("second")
    expect(page.locator("textarea[name='people-0-specific_detail']")).to_have_value(
        "the whiteboard session on billing"
    )
    expect(page.locator("input[name='people-1-name']")).to_have_value("Ben Okafor")

    page.locator("#save-button").click()
    page.wait_for_url(re.compile(r"/interviews/\d+/$"))
    interview = Interview.objects.get()
    assert interview.application.company == "Northwind Analytics"
    assert set(
        interview.participations.values_list("interviewer__name", flat=True)
    ) == {
        "Ana Rivera",
        "Ben Okafor",
    }
    # Confirmed: the form opens afresh (on that application, now the latest), with
    # nothing to offer.
    page.goto(log_url)
    expect(page.locator("select[name='application']")).to_have_value(
        str(interview.application.pk)
    )
    expect(page.locator("textarea[name='people-0-specific_detail']")).to_have_value("")
    expect(page.locator("[data-draft-offer]")).to_have_count(0)


def test_the_editor_offers_back_what_was_typed_after_a_503(signed_in_page, live_url):
    from playwright.sync_api import expect

    alice, letter = alices_letter()
    page = signed_in_page(alice)
    url = live_url("letters:edit", letter.pk)
    fail_next_post(page, f"/letters/{letter.pk}/")
    page.goto(url)
    page.fill("textarea[name='body']", "Dear Ana,\n\nWords typed before the outage.")
    page.get_by_role("button", name="Save draft").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Back in a moment")

    page.goto(url)
    page.get_by_role("button", name="Restore what I typed").click()
    expect(page.locator("textarea[name='body']")).to_have_value(
        "Dear Ana,\n\nWords typed before the outage."
    )
    page.get_by_role("button", name="Save draft").click()
    expect(page.locator(".alert-success")).to_contain_text("Saved.")
    assert Letter.objects.get().body == "Dear Ana,\n\nWords typed before the outage."
    page.reload()
    expect(page.locator("[data-draft-offer]")).to_have_count(0)


def test_without_javascript_the_editor_saves_and_shows_the_history(browser, live_url):
    from playwright.sync_api import expect

    alice, letter = alices_letter()
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(live_url("accounts:login"))
        page.fill("input[name='username']", alice.email)
        page.fill("input[name='password']", "correct horse battery")
        page.locator("main form [type=submit]").first.click()
        page.goto(live_url("letters:edit", letter.pk))
        page.fill("textarea[name='body']", "Dear Ana,\n\nSaved without scripts.")
        page.get_by_role("button", name="Save draft").click()
        expect(page.locator(".alert-success")).to_contain_text("Saved.")
        expect(page.locator(".letter-history")).to_contain_text("Edited")
        assert Letter.objects.get().body == "Dear Ana,\n\nSaved without scripts."
    finally:
        context.close()
