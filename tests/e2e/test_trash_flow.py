"""In the browser: delete an application, find it in the Trash, restore it whole; and the
log form's text coming back after the real server answered 503 with its database down."""

import os
import re
import socket
import threading

import pytest
from django.core.signals import request_finished, request_started
from django.db import connections

from applications.models import Interview
from letters.history import letter_version_keep_drafted
from letters.models import Letter, LetterStatus
from letters.status import letter_finish, letter_mark_sent
from tests.factories import (
    InterviewFactory,
    LetterFactory,
    ParticipationFactory,
    UserFactory,
)

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

VIEWPORTS = {"desktop": "signed_in_page", "phone": "signed_in_phone_page"}


def shot(page, name: str, *, full_page: bool = True) -> None:
    page.screenshot(path=f"screenshots/{name}.png", full_page=full_page)


def alices_acme():
    """Alice's Acme interview: Ana's letter finished, Ben's sent, Chen's a draft."""
    alice = UserFactory(email="alice@example.com", full_name="Alice Martin")
    interview = InterviewFactory(
        application__owner=alice,
        application__company="Acme Analytics",
        application__role="Data Engineer",
    )
    for name in ("Ana Rivera", "Ben Okafor", "Chen Wu"):
        participation = ParticipationFactory(
            interview=interview, interviewer__name=name
        )
        letter = LetterFactory(
            interview=interview,
            interviewer=participation.interviewer,
            subject=f"Thank you, {name.split()[0]}",
        )
        letter_version_keep_drafted(letter=letter)
    letter_finish(letter=Letter.objects.get(interviewer__name="Ana Rivera"))
    letter_mark_sent(letter=Letter.objects.get(interviewer__name="Ben Okafor"))
    return alice, interview


@pytest.mark.parametrize("width", sorted(VIEWPORTS))
def test_delete_an_application_then_restore_it_from_the_trash(request, live_url, width):
    from playwright.sync_api import expect

    alice, interview = alices_acme()
    versions = set(Letter.objects.values_list("pk", "versions__pk", "status"))
    page = request.getfixturevalue(VIEWPORTS[width])(alice)

    page.goto(live_url("overview:application_detail", interview.application_id))
    page.get_by_role("link", name=re.compile("^Delete")).first.click()
    note = page.get_by_role("note")
    expect(note).to_contain_text("1 finished and 1 sent")
    expect(note).to_contain_text("Finished: First-interview thank-you to Ana Rivera")
    expect(note).to_contain_text("First-interview thank-you to Ben Okafor")
    expect(note.get_by_role("link", name=re.compile("ZIP"))).to_be_visible()
    shot(page, f"trash-confirm-{width}")

    page.get_by_role("button", name="Move to the Trash").click()
    expect(page.locator(".alert-success")).to_contain_text("Moved Data Engineer")
    detail_path = f"/applications/{interview.application_id}/"
    expect(page.locator(f"main a[href='{detail_path}']")).to_have_count(0)

    if width == "phone":
        page.get_by_role("button", name="Toggle navigation").click()
    page.get_by_role("link", name="Trash").click()
    expect(page.get_by_role("heading", level=2)).to_contain_text(
        "Data Engineer at Acme Analytics"
    )
    expect(page.locator("main")).to_contain_text("deleted for good after")
    shot(page, f"trash-page-{width}")

    page.get_by_role("button", name="Restore").click()
    page.wait_for_url(re.compile(rf"/applications/{interview.application_id}/$"))
    expect(page.locator(".alert-success")).to_contain_text("Restored")
    for name in ("Ana Rivera", "Ben Okafor", "Chen Wu"):
        expect(page.locator("main").get_by_text(name).first).to_be_visible()
    assert set(Letter.objects.values_list("pk", "versions__pk", "status")) == versions
    assert Letter.objects.get(interviewer__name="Ben Okafor").status == (
        LetterStatus.SENT
    )


def _closed_port() -> int:
    """A local port nothing listens on: connecting to it is refused at once."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def database_refuses_next_post(settings):
    """The live server's next POST to a path runs with its database connection pointed
    at a closed port: the real middleware and views meet a refused connection and the
    real 503 handler answers. Only that request's thread is pointed away, and only once;
    the browser's other requests reach the database as usual."""
    settings.WHITENOISE_USE_FINDERS = True
    armed: dict = {}
    refused: list = []
    local = threading.local()

    def started(sender, environ, **kwargs):
        if (
            environ["REQUEST_METHOD"] == "POST"
            and environ["PATH_INFO"] == armed.get("path")
            and not refused
        ):
            refused.append(environ["PATH_INFO"])
            connection = connections["default"]
            connection.close()
            local.restore = connection.settings_dict
            connection.settings_dict = {
                **connection.settings_dict,
                "HOST": "127.0.0.1",
                "PORT": _closed_port(),
            }

    def finished(sender, **kwargs):
        original = getattr(local, "restore", None)
        if original is not None:
            connection = connections["default"]
            connection.close()
            connection.settings_dict, local.restore = original, None

    request_started.connect(started, dispatch_uid="e2e.refuse")
    request_finished.connect(finished, dispatch_uid="e2e.refuse.end")

    def arm(path: str) -> list:
        armed["path"] = path
        return refused

    yield arm
    request_started.disconnect(dispatch_uid="e2e.refuse")
    request_finished.disconnect(dispatch_uid="e2e.refuse.end")


@pytest.mark.parametrize("width", sorted(VIEWPORTS))
def test_the_log_form_survives_the_database_refusing_the_post(
    request, live_url, database_refuses_next_post, width
):
    from playwright.sync_api import expect

    alice = UserFactory(email="alice@example.com", full_name="Alice Martin")
    page = request.getfixturevalue(VIEWPORTS[width])(alice)
    log_url = live_url("applications:interview_log")
    refused = database_refuses_next_post("/interviews/log/")

    page.goto(log_url)
    page.fill("input[name='new_company']", "Northwind Analytics")
    page.fill("input[name='new_role']", "Data Engineer")
    page.fill("input[name='people-0-name']", "Ana Rivera")
    page.fill(
        "textarea[name='people-0-specific_detail']", "the whiteboard session on billing"
    )
    with page.expect_response(re.compile("/interviews/log/$")) as answer:
        page.locator("#save-button").click()
    assert answer.value.status == 503
    assert answer.value.headers["retry-after"]
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "jobtrack is back in a moment"
    )
    shot(page, f"database-refused-503-{width}", full_page=False)
    assert refused == ["/interviews/log/"]
    assert not Interview.objects.exists()

    page.goto(log_url)  # the database answers again; the user comes back to the form
    offer = page.locator("[data-draft-offer]")
    expect(offer).to_contain_text("was not saved")
    shot(page, f"restore-offer-after-503-{width}", full_page=False)
    offer.get_by_role("button", name="Restore what I typed").click()
    expect(page.locator("input[name='new_company']")).to_have_value(
        "Northwind Analytics"
    )
    expect(page.locator("textarea[name='people-0-specific_detail']")).to_have_value(
        "the whiteboard session on billing"
    )

    page.locator("#save-button").click()
    page.wait_for_url(re.compile(r"/interviews/\d+/$"))
    interview = Interview.objects.get()
    assert interview.application.company == "Northwind Analytics"
