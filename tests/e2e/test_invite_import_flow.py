"""Importing an invite in a real browser: upload, check the filled-in form, save, and
find the interview with its join link and its .ics; a wrong file keeps the page."""

import datetime as dt
import zoneinfo

import pytest

from applications.models import Interview
from tests.factories import ApplicationFactory, UserFactory
from tests.followup.conftest import INVITES

pytestmark = pytest.mark.django_db(transaction=True)
BERLIN = zoneinfo.ZoneInfo("Europe/Berlin")


def test_an_outlook_invite_becomes_a_scheduled_interview(signed_in_page, live_url):
    alice = UserFactory(email="alice@example.com", timezone="Europe/Berlin")
    ApplicationFactory(owner=alice, company="Initech", role="Backend Engineer")
    page = signed_in_page(alice)
    page.goto(live_url("applications:interview_log"))
    page.click("text=Import a calendar invite")
    page.set_input_files("#id_file", str(INVITES / "outlook_teams.ics"))
    page.click("text=Read the invite")

    page.wait_for_selector("#invite-banner")
    assert page.input_value("#id_new_company") == "Globex"
    assert page.input_value("#id_new_role") == "Data Analyst"
    assert page.input_value("#id_stage") == "final"
    assert page.input_value("#id_starts_at") == "2026-12-08T16:00"  # 10:00 in New York
    assert page.input_value("#id_people-0-name") == "Marcus Oyelaran"
    assert page.input_value("#id_people-1-name") == "Dana Whitfield"
    page.fill("#id_people-0-title", "Head of Analytics")
    page.click("#save-button")

    page.wait_for_selector("text=Add to calendar")
    interview = Interview.objects.get(owner=alice)
    assert interview.starts_at == dt.datetime(2026, 12, 8, 16, 0, tzinfo=BERLIN)
    assert interview.participations.first().interviewer.title == "Head of Analytics"
    join = page.get_attribute("text=Join the call", "href")
    assert join.startswith("https://teams.microsoft.com/l/meetup-join/")
    with page.expect_download() as download:
        page.click("text=Add to calendar")
    content = open(download.value.path(), encoding="utf-8").read()
    assert "DTSTART;TZID=Europe/Berlin:20261208T160000" in content


def test_a_file_that_is_not_an_invite_keeps_the_page(
    signed_in_phone_page, live_url, tmp_path
):
    alice = UserFactory()
    picture = tmp_path / "holiday.ics"
    picture.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(200))
    page = signed_in_phone_page(alice)
    page.goto(live_url("followup:invite_import"))
    page.set_input_files("#id_file", str(picture))
    page.click("text=Read the invite")
    page.wait_for_selector("#invite-errors")
    assert "This is not a calendar invite" in page.inner_text("#invite-errors")
    assert page.url.endswith("/followup/invite/")
