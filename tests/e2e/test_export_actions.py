"""In a real browser: the copy button copies the letter, links work, CSP stays quiet."""

import pytest
from django.urls import reverse

from tests.exports.support import finished_letter
from tests.factories import ApplicationFactory, InterviewerFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

BODY = "Dear Ms. Ruiz,\n\nThank you <b>&</b> — merci 🙂\n\nBest regards,"


@pytest.fixture
def letter():
    user = UserFactory(full_name="Zoë Martin", signature="Zoë Martin")
    application = ApplicationFactory(owner=user, company="Acme", role="Engineer")
    return finished_letter(
        interview__application=application,
        interviewer=InterviewerFactory(
            application=application, name="Ana Ruiz", email="ana@example.com"
        ),
        body=BODY,
    )


def open_editor(page, sign_in, live_url, letter):
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    sign_in(page, letter.owner)
    page.goto(live_url("letters:edit", letter.pk))
    return errors


def test_copy_button_puts_the_finished_letter_on_the_clipboard(
    page, sign_in, live_url, letter
):
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    errors = open_editor(page, sign_in, live_url, letter)
    page.get_by_role("button", name="Copy letter").click()
    status = page.locator(f"#letter-copy-status-{letter.pk}")
    status.filter(has_text="Copied").wait_for()
    assert page.evaluate("navigator.clipboard.readText()") == BODY + "\nZoë Martin"
    assert errors == []  # no CSP violation from inline script or style


def test_mailto_and_download_links_work(page, sign_in, live_url, letter):
    open_editor(page, sign_in, live_url, letter)
    href = page.get_by_role("link", name="Open in email app").get_attribute("href")
    assert href.startswith("mailto:ana@example.com?subject=")
    with page.expect_download() as download:
        page.get_by_role("link", name="PDF .pdf").click()
    assert download.value.suggested_filename == (
        "Acme - Engineer - Ana Ruiz - First-interview thank-you.pdf"
    )
    assert download.value.url.endswith(
        reverse("exports:letter", args=[letter.pk, "pdf"])
    )


def test_export_actions_fit_a_phone_screen(phone_page, sign_in, live_url, letter):
    open_editor(phone_page, sign_in, live_url, letter)
    actions = phone_page.locator("[data-export-actions]")
    actions.scroll_into_view_if_needed()
    box = actions.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 390
    phone_page.screenshot(path="screenshots/export-actions-phone.png", full_page=False)
