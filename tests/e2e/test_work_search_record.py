"""In a real browser: add an activity, hide it, export the record; insights at phone width."""

import csv
import io

import pytest

from insights.seeding import seed_half_year
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_add_hide_and_export_an_activity(page, sign_in, live_url):
    user = UserFactory(full_name="Zoë Ångström")
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    sign_in(page, user)
    page.goto(live_url("insights:record"))
    page.get_by_role("link", name="Add an activity").click()
    page.get_by_label("Type of activity").select_option("agency")
    page.get_by_label("Employer or event").fill("Agentur für Arbeit – Köln")
    page.get_by_label("Person contacted").fill("Frau Öztürk")
    page.get_by_role("button", name="Save").click()
    row = page.get_by_role("row", name="Agentur für Arbeit – Köln")
    assert "Agency appointment" in row.inner_text()
    assert "Target met" not in page.content()
    assert "1 activity on 1 different day" in page.content()

    with page.expect_download() as download_info:
        page.get_by_label("File").select_option("csv")
        page.get_by_role("button", name="Download").click()
    data = download_info.value.path().read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[1][2:5] == ["Agentur für Arbeit – Köln", "", "Frau Öztürk"]

    row.get_by_role("button", name="Hide").click()
    hidden = page.get_by_role("row", name="Agentur für Arbeit – Köln")
    assert "hidden" in hidden.inner_text()
    assert "0 activities" in page.content()
    assert errors == []


def test_insights_fit_a_phone(phone_page, sign_in, live_url):
    user = UserFactory()
    seed_half_year(user=user)
    sign_in(phone_page, user)
    phone_page.goto(live_url("insights:overview", query="period=all"))
    assert phone_page.get_by_role("heading", name="Weekly activity").is_visible()
    overflow = phone_page.evaluate(
        "document.documentElement.scrollWidth - window.innerWidth"
    )
    assert overflow <= 0
    table = phone_page.get_by_role("table", name="The stage funnel as a table")
    assert "Applications" in table.inner_text()
