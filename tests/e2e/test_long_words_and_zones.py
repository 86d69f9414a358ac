"""At phone width a 200-character company name without spaces wraps on every page that
shows it, and the profile's time zone list can be searched under the real CSP."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.factories import (
    ApplicationFactory,
    InterviewFactory,
    LetterFactory,
    ParticipationFactory,
    UserFactory,
)

pytestmark = pytest.mark.browser

LONG_COMPANY = ("Wolkenkratzerfensterputzgesellschaft" * 6)[
    :196
] + "GmbH"  # 200, no spaces


def long_named_application(user):
    application = ApplicationFactory(owner=user, company=LONG_COMPANY, role="R" * 120)
    interview = InterviewFactory(
        application=application,
        starts_at=timezone.now() - timezone.timedelta(hours=3),
        ends_at=timezone.now() - timezone.timedelta(hours=2),
    )
    participation = ParticipationFactory(interview=interview)
    letter = LetterFactory(
        interview=interview,
        interviewer=participation.interviewer,
        subject="Thank you, " + LONG_COMPANY[:150],
        body=f"Dear team at {LONG_COMPANY},\n\nThank you.\n\nBest regards,",
    )
    return application, letter


def test_long_company_name_never_widens_a_phone_page(signed_in_phone_page, live_url):
    user = UserFactory()
    application, letter = long_named_application(user)
    page = signed_in_phone_page(user)
    for name, args in (
        ("overview:application_list", ()),
        ("overview:application_detail", (application.pk,)),
        ("overview:dashboard", ()),
        ("letters:edit", (letter.pk,)),
    ):
        page.goto(live_url(name, *args))
        assert LONG_COMPANY[:40] in page.content(), name
        # A phone zooms out to fit a too-wide page, so compare with the device's 390 px.
        scroll_width = page.evaluate("document.documentElement.scrollWidth")
        assert scroll_width <= page.viewport_size["width"] == 390, (name, scroll_width)


@pytest.mark.parametrize("width", ["page", "phone_page"])
def test_time_zone_search_picks_a_zone_and_it_is_saved(
    request, live_url, sign_in, width
):
    page = request.getfixturevalue(width)
    user = UserFactory(timezone="UTC")
    sign_in(page, user)
    problems = []
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.on(
        "console",
        lambda msg: problems.append(msg.text) if "Refused to" in msg.text else None,
    )
    page.goto(live_url("accounts:profile"))

    search = page.get_by_role("searchbox", name="Search time zones")
    search.fill("kolk")
    expect(page.locator("#id_timezone")).to_have_value("Asia/Kolkata")
    search.fill("new york")
    expect(page.locator("#id_timezone")).to_have_value("America/New_York")
    search.press("Enter")  # Enter in the search box does not submit the form
    expect(page).to_have_url(live_url("accounts:profile"))
    page.get_by_role("button", name="Save profile").click()

    page.wait_for_load_state()
    user.refresh_from_db()
    assert user.timezone == "America/New_York"
    assert problems == []


def test_time_zone_list_works_without_javascript(browser, live_url, sign_in):
    context = browser.new_context(
        java_script_enabled=False, viewport={"width": 390, "height": 844}
    )
    page = context.new_page()
    user = UserFactory(timezone="UTC")
    sign_in(page, user)
    page.goto(live_url("accounts:profile"))
    assert page.get_by_role("searchbox").count() == 0
    page.locator("#id_timezone").select_option("Europe/Berlin")
    page.get_by_role("button", name="Save profile").click()
    page.wait_for_load_state()
    user.refresh_from_db()
    assert user.timezone == "Europe/Berlin"
    context.close()
