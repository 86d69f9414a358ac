"""The profile page: sections, validation that keeps what was typed, and access rules."""

import re

import pytest
from django.urls import reverse

PROFILE_URL = "/accounts/profile/"


def profile_data(**overrides):
    return {
        "full_name": "Alice M. Martin",
        "timezone": "Asia/Tokyo",
        "paper_size": "auto",
        "date_style": "auto",
        "signature": "Alice Martin\nProduct designer",
        "phone": "+1 555 0100",
        "links": "https://example.com/portfolio",
        "reminders_enabled": "on",
        "first_reminder_delay_minutes": "45",
        "evening_reminder_hour": "19",
        "quiet_hours_start": "22",
        "quiet_hours_end": "7",
        "checkin_working_days": "4",
        "ghost_after_days": "28",
        "weekly_activity_target": "3",
        "weekly_target_different_days": "on",
        **overrides,
    }


def test_profile_url_is_stable():
    assert reverse("accounts:profile") == PROFILE_URL


def test_profile_page_has_its_sections_in_order(alice_client):
    html = alice_client.get(PROFILE_URL).content.decode()
    headings = [
        "Profile",
        "Signature",
        "Reminders",
        "Password",
        "Your data",
        "Danger zone",
    ]
    positions = [html.index(f">{heading}</h2>") for heading in headings]
    assert positions == sorted(positions)
    assert f'href="{reverse("overview:data_export")}"' in html
    assert f'href="{reverse("overview:account_delete")}"' in html
    assert f'href="{reverse("accounts:password_change")}"' in html


def test_profile_saves_every_field(alice_client, alice):
    response = alice_client.post(PROFILE_URL, profile_data())

    assert response.status_code == 302
    alice.refresh_from_db()
    assert alice.full_name == "Alice M. Martin"
    assert alice.timezone == "Asia/Tokyo"
    assert alice.signature == "Alice Martin\nProduct designer"
    assert alice.phone == "+1 555 0100"
    assert alice.links == "https://example.com/portfolio"
    assert alice.reminders_enabled is True
    assert alice.first_reminder_delay_minutes == 45
    assert alice.evening_reminder_hour == 19
    assert (alice.checkin_working_days, alice.ghost_after_days) == (4, 28)
    assert (alice.quiet_hours_start, alice.quiet_hours_end) == (22, 7)


def test_profile_can_switch_reminders_off(alice_client, alice):
    data = profile_data()
    del data["reminders_enabled"]
    alice_client.post(PROFILE_URL, data)
    alice.refresh_from_db()
    assert alice.reminders_enabled is False


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        (
            {"evening_reminder_hour": "23"},
            "evening_reminder_hour",
            "23:00 falls inside your quiet hours (22:00–07:00)",
        ),
        (
            {"evening_reminder_hour": "3"},
            "evening_reminder_hour",
            "03:00 falls inside your quiet hours",
        ),
        (
            {
                "quiet_hours_start": "12",
                "quiet_hours_end": "20",
                "evening_reminder_hour": "18",
            },
            "evening_reminder_hour",
            "18:00 falls inside your quiet hours (12:00–20:00)",
        ),
        (
            {"quiet_hours_start": "22", "quiet_hours_end": "22"},
            "quiet_hours_end",
            "end that differs from the start",
        ),
        ({"quiet_hours_start": "24"}, "quiet_hours_start", "less than or equal to 23"),
        ({"first_reminder_delay_minutes": "2"}, "first_reminder_delay_minutes", "5"),
        (
            {"first_reminder_delay_minutes": "601"},
            "first_reminder_delay_minutes",
            "600",
        ),
        (
            {"first_reminder_delay_minutes": "soon"},
            "first_reminder_delay_minutes",
            "number",
        ),
        ({"timezone": "Europe/Atlantis"}, "timezone", "Select a valid choice"),
    ],
)
def test_profile_rejects_bad_input_keeps_typed_values_and_saves_nothing(
    alice_client, alice, overrides, field, message
):
    data = profile_data(**overrides)
    response = alice_client.post(PROFILE_URL, data)

    assert response.status_code == 200
    form = response.context["form"]
    assert message in " ".join(form.errors[field]), form.errors
    html = response.content.decode()
    assert "Nothing was saved yet" in html
    assert f'href="#id_{field}"' in html  # the summary leads to the field
    assert 'value="Alice M. Martin"' in html  # what was typed elsewhere stays
    assert "Product designer</textarea>" in html
    assert ">Alice Martin</a>" in html  # the header still shows the saved name
    alice.refresh_from_db()
    assert alice.full_name == "Alice Martin"
    assert alice.signature == ""


def test_profile_evening_hour_just_before_quiet_hours_is_fine(alice_client, alice):
    response = alice_client.post(
        PROFILE_URL, profile_data(evening_reminder_hour="21", quiet_hours_end="7")
    )
    assert response.status_code == 302
    alice.refresh_from_db()
    assert alice.evening_reminder_hour == 21


def test_profile_shows_user_text_as_text(alice_client, alice):
    alice.signature = "{{ secret }} <script>alert(1)</script>"
    alice.save()
    html = alice_client.get(PROFILE_URL).content.decode()
    assert "{{ secret }} &lt;script&gt;" in html
    assert "<script>alert(1)" not in html


@pytest.mark.parametrize(
    "name",
    [
        "accounts:profile",
        "overview:data_export",
        "overview:account_delete",
        "accounts:password_change",
        "accounts:password_change_done",
    ],
)
def test_pages_of_an_account_send_strangers_to_sign_in(client, db, name):
    url = reverse(name)
    for response in (client.get(url), client.post(url)):
        assert response.status_code == 302
        assert response.url == f"{reverse('accounts:login')}?next={url}"


def test_signed_in_user_visiting_login_is_sent_on(alice_client):
    response = alice_client.get(reverse("accounts:login"))
    assert response.status_code == 302


def timezone_select(html: str) -> str:
    return re.search(r'<select name="timezone".*?</select>', html, re.S).group(0)


def test_timezone_list_is_common_zones_first_then_canonical_names(alice_client):
    select = timezone_select(alice_client.get(PROFILE_URL).content.decode())
    groups = re.findall(r'<optgroup label="([^"]+)"', select)
    assert groups[0] == "Common"
    assert {"Africa", "America", "Asia", "Europe", "Pacific"} <= set(groups)
    common = re.search(r'<optgroup label="Common">(.*?)</optgroup>', select, re.S)
    first = re.findall(r'<option value="([^"]+)"', common.group(1))[:3]
    assert first == ["UTC", "America/New_York", "America/Chicago"]
    values = set(re.findall(r'<option value="([^"]+)"', select))
    for not_a_place in ("Factory", "localtime", "US/Eastern", "Asia/Calcutta", "GMT+0"):
        assert not_a_place not in values
    assert {"Europe/Berlin", "Asia/Kolkata", "Europe/Kyiv", "UTC"} <= values
    assert len(values) < 430  # zone.tab's canonical zones, not ~600 names
    assert "data-zone-search" in select


def test_timezone_alias_is_refused_on_save(alice_client, alice):
    response = alice_client.post(PROFILE_URL, profile_data(timezone="US/Eastern"))
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    alice.refresh_from_db()
    assert alice.timezone == "Europe/Berlin"


def test_a_stored_old_alias_stays_until_the_user_picks_another(alice_client, alice):
    alice.timezone = "US/Eastern"
    alice.save()
    select = timezone_select(alice_client.get(PROFILE_URL).content.decode())
    assert '<optgroup label="Your current setting">' in select
    assert '<option value="US/Eastern" selected>' in select
    response = alice_client.post(PROFILE_URL, profile_data(timezone="US/Eastern"))
    assert response.status_code == 302
    alice.refresh_from_db()
    assert alice.timezone == "US/Eastern"
