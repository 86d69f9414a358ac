"""The log form in a browser as a hurried user meets it: two clicks on a slow network,
Back after saving and saving again, and leaving a half-typed form."""

import json
import re
import time
from urllib.parse import parse_qs

import pytest
from playwright.sync_api import Error as PlaywrightError

from applications import views
from applications.models import Application, Interview
from letters.models import Letter
from reminders.models import CHECKIN_REMINDER_KINDS, Reminder
from reminders.rules import Prefs, reminder_times
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

SLOW_SECONDS = 1.5


def _counts() -> dict:
    return {
        "applications": Application.objects.count(),
        "interviews": Interview.objects.count(),
        "letters": Letter.objects.count(),
        "reminders": Reminder.objects.count(),
    }


def _one_interview_saved() -> dict:
    """The rows one saved interview leaves: its application, its letter, its two
    check-ins and the same-day reminders the clock still allowed when it was logged
    (the evening one is left out after the evening hour)."""
    interview = Interview.objects.get()
    same_day = reminder_times(
        ends_at=interview.ends_at,
        logged_at=interview.created_at,
        prefs=Prefs.for_user(interview.owner),
    )
    return {
        "applications": 1,
        "interviews": 1,
        "letters": 1,
        "reminders": len(same_day) + len(CHECKIN_REMINDER_KINDS),
    }


def _record_posts(page, monkeypatch) -> list[dict]:
    """Every POST of the log form the browser sends, with its token; the server takes
    SLOW_SECONDS to save each, like a slow network and a busy server."""
    posts: list[dict] = []
    started = time.monotonic()

    def seen(request):
        if request.method == "POST" and "/interviews/log/" in request.url:
            form = parse_qs(request.post_data or "")
            posts.append(
                {
                    "after_ms": round((time.monotonic() - started) * 1000),
                    "submission": form.get("submission", [""])[0],
                }
            )

    page.on("request", seen)
    save = views.interview_log_rule

    def slowed(**kwargs):
        time.sleep(SLOW_SECONDS)
        return save(**kwargs)

    monkeypatch.setattr(views, "interview_log_rule", slowed)
    return posts


def _record_server(monkeypatch) -> list[dict]:
    """What the server did with each post of the log form: its token and the outcome."""
    received: list[dict] = []
    once = views.submitted_once

    def recorded(**kwargs):
        entry = {"submission": str(kwargs["token"]), "outcome": "saved"}
        received.append(entry)
        try:
            return once(**kwargs)
        except views.AlreadySaved:
            entry["outcome"] = "already saved"
            raise

    monkeypatch.setattr(views, "submitted_once", recorded)
    check = views.submission_check

    def checked(**kwargs):
        try:
            return check(**kwargs)
        except views.AlreadySaved:
            received.append(
                {"submission": str(kwargs["token"]), "outcome": "already saved"}
            )
            raise

    monkeypatch.setattr(views, "submission_check", checked)
    ask = views.forms.InterviewForm.check_duplicate

    def asked(form, people):
        answer = ask(form, people)
        if not answer:
            received.append(
                {
                    "submission": form.data.get("submission", ""),
                    "outcome": "asked: the same interview again?",
                }
            )
        return answer

    monkeypatch.setattr(views.forms.InterviewForm, "check_duplicate", asked)
    return received


def _real_click(page):
    """Clicks on the save button as a mouse does (input events through DevTools), without
    waiting for the page it starts loading, so a second click can follow mid-save."""
    button = page.locator("#save-button")
    button.scroll_into_view_if_needed()
    box = button.bounding_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    devtools = page.context.new_cdp_session(page)

    def click():
        for kind in ("mousePressed", "mouseReleased"):
            devtools.send(
                "Input.dispatchMouseEvent",
                {"type": kind, "x": x, "y": y, "button": "left", "clickCount": 1},
            )

    return click


INTERVIEW_URL = re.compile(r"/interviews/\d+/$")


def _fill(page):
    page.fill("#id_new_company", "Acme")
    page.fill("#id_new_role", "Data engineer")
    page.fill("#id_people-0-name", "Ana Rivera")
    page.fill("#id_people-0-specific_detail", "asked me to sketch the schema live")


def _save_evidence(name: str, data: dict):
    from pathlib import Path

    folder = Path("/work/wt/evidence/logging")
    if folder.is_dir():
        (folder / f"{name}.json").write_text(json.dumps(data, indent=2) + "\n")


def test_two_clicks_300_ms_apart_on_a_slow_network_save_one_interview(
    signed_in_page, live_url, monkeypatch
):
    user = UserFactory()
    page = signed_in_page(user)
    page.goto(live_url("applications:interview_log"))
    _fill(page)
    posts = _record_posts(page, monkeypatch)

    click = _real_click(page)
    # The page notes what the button shows, in the tab's storage (read after the save).
    page.evaluate(
        """() => {
        const button = document.getElementById("save-button");
        new MutationObserver(() => sessionStorage.setItem("test:button", JSON.stringify(
            {disabled: button.disabled, text: button.textContent}))
        ).observe(button, {attributes: true, childList: true, subtree: true});
    }"""
    )
    click()
    page.wait_for_timeout(300)
    click()  # the second click, while the first save is still on its way
    page.wait_for_url(INTERVIEW_URL, timeout=15_000)
    page.wait_for_timeout(2 * SLOW_SECONDS * 1000)  # a second post would have landed
    disabled = json.loads(page.evaluate("sessionStorage.getItem('test:button')"))

    assert disabled == {"disabled": True, "text": "Saving…"}
    assert len(posts) == 1
    assert _counts() == _one_interview_saved()
    _save_evidence(
        "double_click_js",
        {"button_at_300_ms": disabled, "browser_sent": posts, "saved": _counts()},
    )


def test_without_javascript_two_clicks_still_save_one_interview(
    browser, sign_in, live_url, monkeypatch
):
    """The token alone: without JS the button stays live and both clicks are posted."""
    context = browser.new_context(
        java_script_enabled=False, timezone_id="Europe/Berlin", locale="en-US"
    )
    page = sign_in(context.new_page(), UserFactory())
    page.goto(live_url("applications:interview_log"))
    _fill(page)
    posts = _record_posts(page, monkeypatch)
    received = _record_server(monkeypatch)

    click = _real_click(page)
    click()
    page.wait_for_timeout(300)
    click()
    page.wait_for_timeout(2 * SLOW_SECONDS * 1000)  # both posts answered
    page.wait_for_url(INTERVIEW_URL, timeout=15_000)

    assert len(posts) == 2
    assert posts[0]["submission"] == posts[1]["submission"]
    assert sorted(r["outcome"] for r in received) == ["already saved", "saved"]
    assert _counts()["interviews"] == 1
    assert page.url.endswith(Interview.objects.get().get_absolute_url())
    assert "Already saved" in page.inner_text(".messages")
    _save_evidence(
        "double_click_no_js",
        {"browser_sent": posts, "server": received, "saved": _counts()},
    )
    context.close()


def test_back_after_saving_and_saving_again_saves_no_second_interview(
    signed_in_page, live_url, monkeypatch
):
    """Chromium loads the page again on Back (private pages are no-store): a fresh
    form, and typing the same interview again gets a question. A browser that shows the
    page as it was (its token and typing kept, as Firefox and Safari can) is sent to the
    saved interview."""
    user = UserFactory()
    page = signed_in_page(user)
    page.goto(live_url("applications:interview_log"))
    _fill(page)
    ends_at = page.input_value("#id_ends_at")
    token = page.input_value("input[name=submission]")
    posts = _record_posts(page, monkeypatch)
    received = _record_server(monkeypatch)
    page.click("#save-button")
    page.wait_for_url(INTERVIEW_URL, timeout=15_000)
    first = page.url
    after_first = _counts()

    # 1. Back, and the same interview typed again on the page Chromium shows.
    page.go_back()
    page.wait_for_selector("#save-button:not([disabled])")
    shown_after_back = {
        "application": page.locator("#id_application option:checked").inner_text(),
        "person": page.input_value("#id_people-0-name"),
        "new_token": page.input_value("input[name=submission]") != token,
    }
    # What did not come back is typed again: the same interview, a second time.
    page.select_option("#id_application", "")
    _fill(page)
    page.fill("#id_ends_at", ends_at)
    page.click("#save-button")
    page.wait_for_selector("#form-confirmations")
    question = page.inner_text("#form-confirmations")
    assert "You already logged this interview" in question
    assert page.input_value("#id_people-0-specific_detail") == (
        "asked me to sketch the schema live"
    )
    assert _counts() == after_first

    # 2. The page as it was before saving, its token included, saved again.
    page.goto(live_url("applications:interview_log", query="application=new"))
    _fill(page)
    page.fill("#id_ends_at", ends_at)
    page.evaluate(
        "token => { document.querySelector('input[name=submission]').value = token; }",
        token,
    )
    page.click("#save-button")
    page.wait_for_url(INTERVIEW_URL, timeout=15_000)

    assert page.url == first
    assert "Already saved" in page.inner_text(".messages")
    assert _counts() == after_first == _one_interview_saved()
    _save_evidence(
        "back_and_save_again",
        {
            "first_token": token,
            "after_back_chromium_shows": shown_after_back,
            "after_back_question": question,
            "browser_sent": posts,
            "server": received,
            "landed_on": [first, page.url],
            "messages": page.inner_text(".messages"),
            "saved": _counts(),
        },
    )


def test_leaving_a_half_typed_log_form_asks_first_and_saving_does_not(
    signed_in_page, live_url
):
    user = UserFactory()
    page = signed_in_page(user)
    page.goto(live_url("applications:interview_log"))
    dialogs = []

    def answer(dialog):
        dialogs.append(dialog.type)
        dialog.dismiss()  # stay on the page

    page.on("dialog", answer)
    # Untouched: leaving asks nothing.
    page.goto(live_url("overview:dashboard"))
    assert dialogs == []

    page.goto(live_url("applications:interview_log"))
    page.fill("#id_people-0-specific_detail", "the whiteboard session")
    with pytest.raises(PlaywrightError):  # the user chose to stay
        page.goto(live_url("overview:dashboard"))
    assert dialogs == ["beforeunload"]
    assert "/interviews/log/" in page.url
    assert page.input_value("#id_people-0-specific_detail") == "the whiteboard session"

    page.remove_listener("dialog", answer)
    page.on("dialog", lambda dialog: dialogs.append("on save") or dialog.accept())
    page.fill("#id_new_company", "Acme")
    page.fill("#id_new_role", "Data engineer")
    page.fill("#id_people-0-name", "Ana Rivera")
    page.click("#save-button")
    page.wait_for_url(INTERVIEW_URL)
    assert dialogs == ["beforeunload"]
