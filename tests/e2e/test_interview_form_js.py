"""The log form's JavaScript in a real browser: people met before, adding and removing cards."""

import os

import pytest

from applications.models import Interview
from tests.factories import (
    ApplicationFactory,
    InterviewerFactory,
    InterviewFactory,
    ParticipationFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db(transaction=True)


def test_picking_an_application_offers_its_people_and_fills_their_card(
    signed_in_page, live_url
):
    alice = UserFactory()
    UserFactory()  # someone else's data must not show up
    acme = ApplicationFactory(owner=alice, company="Acme", role="Data engineer")
    ana = InterviewerFactory(application=acme, name="Ana Rivera", title="CTO")
    ParticipationFactory(
        interview=InterviewFactory(application=acme, stage="screen"),
        interviewer=ana,
        greeting="first_name",
    )
    page = signed_in_page(alice)
    page.goto(live_url("applications:interview_log"))

    page.select_option("#id_application", label="Data engineer at Acme")
    page.wait_for_selector("#returning-choices input[data-name='Ana Rivera']")
    assert page.is_hidden("#id_new_company")
    assert page.input_value("#id_stage") == "first"  # after a screen

    page.check("#returning-choices input[data-name='Ana Rivera']")
    assert page.input_value("#id_people-0-name") == "Ana Rivera"
    assert page.input_value("#id_people-0-title") == "CTO"
    page.fill("#id_people-0-specific_detail", "the data-quality checks")

    page.click("#add-person")  # a blank card, left untouched
    page.click("#add-person")
    page.fill("#id_people-2-name", "Ben Okafor")
    page.fill("#id_people-2-specific_detail", "the on-call rota")
    # The untouched second card is removed; the form still counts it and ignores it.
    page.locator("[data-person-form]").nth(1).get_by_role(
        "button", name="Remove"
    ).click()
    page.click("#save-button")
    page.wait_for_url("**/interviews/*/")

    interview = Interview.objects.exclude(stage="screen").get()
    rows = {
        p.interviewer.name: (p.specific_detail, p.greeting)
        for p in interview.participations.select_related("interviewer")
    }
    assert rows == {
        "Ana Rivera": ("the data-quality checks", "first_name"),  # as last time
        "Ben Okafor": ("the on-call rota", "formal"),
    }
    assert interview.letters.count() == 2
    assert "2 drafts are ready." in page.inner_text("main")


def test_unticking_a_person_removes_their_card(signed_in_page, live_url):
    alice = UserFactory()
    acme = ApplicationFactory(owner=alice, company="Acme", role="Dev")
    InterviewerFactory(application=acme, name="Ana Rivera")
    page = signed_in_page(alice)
    page.goto(live_url("applications:interview_log", query=f"application={acme.pk}"))

    tick = page.locator("#returning-choices input[data-name='Ana Rivera']")
    tick.check()
    assert page.input_value("#id_people-0-name") == "Ana Rivera"
    tick.uncheck()
    assert page.locator("[data-person-form]").nth(0).is_hidden()
    page.click("#save-button")
    page.wait_for_url("**/interviews/*/")

    assert Interview.objects.get().participations.count() == 0


def test_the_stage_decides_which_notes_are_asked_for_and_the_greeting(
    signed_in_page, live_url, sign_in, phone_page
):
    """A screen asks for no open question or link and greets by first name; a first
    interview asks for every note. Screenshots at both widths when SCREENSHOT_DIR is set."""
    alice = UserFactory()
    page = signed_in_page(alice)
    page.goto(live_url("applications:interview_log"))
    question = "#id_people-0-open_question"
    link = "#id_people-0-link_to_share"

    page.locator("#id_people-0-name").fill("Ana Rivera")
    page.locator(".more-notes summary").first.click()
    assert page.is_visible(question) and page.is_visible(link)
    assert page.get_attribute("#id_people-0-specific_detail", "placeholder") == (
        "e.g. asked me to sketch the schema live"
    )
    page.select_option("#id_stage", "screen")
    assert page.is_hidden(question) and page.is_hidden(link)
    assert page.is_hidden("#id_open_question")  # the team's notes follow the stage too
    assert page.is_visible("#id_people-0-how_to_meet_challenge")

    page.click("#add-person")
    assert page.is_checked("#id_people-1-greeting_0")  # first name, for a screen
    page.select_option("#id_stage", "final")
    assert page.is_checked("#id_people-1-greeting_1")  # formal, for a final round
    assert page.is_visible(question) and page.is_hidden("#id_people-0-topics")

    if out := os.environ.get("SCREENSHOT_DIR"):
        page.select_option("#id_stage", "first")
        page.screenshot(path=f"{out}/log-form-1280.png", full_page=True)
        sign_in(phone_page, alice)
        phone_page.goto(live_url("applications:interview_log"))
        phone_page.locator(".more-notes summary").first.click()
        phone_page.screenshot(path=f"{out}/log-form-390.png", full_page=True)
