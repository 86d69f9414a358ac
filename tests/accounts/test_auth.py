"""Signing up, in and out, changing and resetting a password, through the real views."""

import re

import pytest
from django.conf import settings
from django.contrib.auth import get_user
from django.core import mail
from django.shortcuts import resolve_url
from django.urls import reverse

from accounts.models import User

PASSWORD = "correct horse battery"
NEW_PASSWORD = "a brand new passphrase"


def signup_data(**overrides):
    return {
        "email": "New.Person@Example.com",
        "full_name": "New Person",
        "timezone": "America/Chicago",
        "password1": "plum tree in spring",
        "password2": "plum tree in spring",
        **overrides,
    }


@pytest.mark.django_db
def test_signup_page_prefills_timezone_from_the_browser(client):
    html = client.get(reverse("accounts:signup")).content.decode()
    assert re.search(r"<select[^>]*name=\"timezone\"[^>]*data-browser-timezone", html)
    assert 'value="Europe/Berlin"' in html
    assert f'href="{reverse("accounts:login")}"' in html


def confirm_link(message) -> str:
    found = re.search(r"https?://[^/\s]+(/accounts/signup/confirm/\S+/)", message.body)
    assert found, message.body
    return found.group(1)


def confirm(client, path: str, **extra):
    """Open the emailed link and type the password on its page."""
    client.get(path)
    return client.post(
        path,
        {
            "full_name": "New Person",
            "timezone": "America/Chicago",
            "password1": "plum tree in spring",
            "password2": "plum tree in spring",
        },
        **extra,
    )


@pytest.mark.django_db
def test_signup_creates_an_inactive_account_and_asks_to_confirm_by_email(client):
    response = client.post(reverse("accounts:signup"), signup_data())

    assert response.status_code == 302
    assert response.url == reverse("accounts:signup_sent")
    user = User.objects.get()
    assert user.email == "new.person@example.com"
    assert user.full_name == "New Person"
    assert user.timezone == "America/Chicago"
    assert user.check_password("plum tree in spring")
    assert not user.is_active
    assert not get_user(client).is_authenticated
    assert [m.to for m in mail.outbox] == [["new.person@example.com"]]


@pytest.mark.django_db
def test_the_emailed_link_signs_in_and_goes_to_dashboard(client):
    client.post(reverse("accounts:signup"), signup_data())

    response = confirm(client, confirm_link(mail.outbox[0]), follow=True)

    assert response.redirect_chain[-1][0] == resolve_url(settings.LOGIN_REDIRECT_URL)
    assert response.redirect_chain[-1][0] == reverse("overview:dashboard")
    user = User.objects.get()
    assert user.is_active
    assert get_user(client) == user
    assert "Your email is confirmed: welcome to jobtrack" in response.content.decode()


@pytest.mark.django_db
def test_signup_follows_a_safe_next_but_not_another_site(client):
    client.post(reverse("accounts:signup") + "?next=/letters/", signup_data())
    response = confirm(client, confirm_link(mail.outbox[-1]))
    assert response.url == "/letters/"
    client.logout()
    client.post(
        reverse("accounts:signup") + "?next=https://evil.example/",
        signup_data(email="other@example.com"),
    )
    response = confirm(client, confirm_link(mail.outbox[-1]))
    assert response.url == resolve_url(settings.LOGIN_REDIRECT_URL)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"password2": "plum tree in autumn"}, "password2", "didn’t match"),
        ({"password1": "short", "password2": "short"}, "password2", "too short"),
        (
            {"password1": "password123", "password2": "password123"},
            "password2",
            "too common",
        ),
        (
            {"password1": "4815162342", "password2": "4815162342"},
            "password2",
            "entirely numeric",
        ),
        ({"email": "not-an-email"}, "email", "valid email"),
        ({"timezone": "Mars/Olympus"}, "timezone", "Select a valid choice"),
    ],
)
def test_signup_rejects_bad_input_and_keeps_what_was_typed(
    client, overrides, field, message
):
    data = signup_data(**overrides)
    response = client.post(reverse("accounts:signup"), data)

    assert response.status_code == 200
    form = response.context["form"]
    assert message in " ".join(form.errors[field])
    assert f'value="{data["full_name"]}"' in response.content.decode()
    assert not User.objects.exists()
    assert not get_user(client).is_authenticated


def test_signup_with_a_taken_email_in_any_case_changes_nothing_and_tells_the_owner(
    client, alice
):
    password_before = alice.password
    response = client.post(
        reverse("accounts:signup"), signup_data(email="ALICE@example.com")
    )
    assert response.status_code == 302
    assert response.url == reverse("accounts:signup_sent")
    assert User.objects.count() == 1
    alice.refresh_from_db()
    assert alice.password == password_before
    assert alice.full_name == "Alice Martin"
    assert [m.to for m in mail.outbox] == [["alice@example.com"]]
    assert "already has an account" in mail.outbox[0].body


def test_signed_in_user_visiting_signup_goes_to_dashboard(alice_client):
    response = alice_client.get(reverse("accounts:signup"))
    assert response.status_code == 302
    assert response.url == resolve_url(settings.LOGIN_REDIRECT_URL)


def test_login_page_links_to_reset_and_signup(client, db):
    html = client.get(reverse("accounts:login")).content.decode()
    assert "Forgot your password?" in html
    assert f'href="{reverse("accounts:password_reset")}"' in html
    assert "Create an account" in html
    assert f'href="{reverse("accounts:signup")}"' in html


def test_login_with_email_in_any_case_signs_in(client, alice):
    response = client.post(
        reverse("accounts:login"),
        {"username": "  Alice@Example.COM ", "password": PASSWORD},
    )
    assert response.status_code == 302
    assert response.url == resolve_url(settings.LOGIN_REDIRECT_URL)
    assert get_user(client) == alice


def test_login_honours_next(client, alice):
    response = client.post(
        reverse("accounts:login") + "?next=/accounts/profile/",
        {"username": alice.email, "password": PASSWORD, "next": "/accounts/profile/"},
    )
    assert response.url == "/accounts/profile/"


@pytest.mark.parametrize(
    "credentials",
    [
        {"username": "alice@example.com", "password": "wrong password"},
        {"username": "nobody@example.com", "password": PASSWORD},
    ],
)
def test_login_failure_says_clearly_what_went_wrong(client, alice, credentials):
    response = client.post(reverse("accounts:login"), credentials)

    assert response.status_code == 200
    html = response.content.decode()
    assert "That email and password don&#x27;t match an account" in html
    assert f'value="{credentials["username"]}"' in html
    assert not get_user(client).is_authenticated


def test_logout_is_post_only_and_signs_out_with_a_message(alice_client):
    assert alice_client.get(reverse("accounts:logout")).status_code == 405

    response = alice_client.post(reverse("accounts:logout"), follow=True)

    assert response.redirect_chain[-1][0] == reverse("accounts:login")
    assert not get_user(alice_client).is_authenticated
    assert "You&#x27;re signed out" in response.content.decode()


def test_password_change_needs_old_password_and_keeps_session(alice_client, alice):
    url = reverse("accounts:password_change")
    bad = alice_client.post(
        url,
        {
            "old_password": "not it",
            "new_password1": NEW_PASSWORD,
            "new_password2": NEW_PASSWORD,
        },
    )
    assert bad.status_code == 200
    assert "old_password" in bad.context["form"].errors

    response = alice_client.post(
        url,
        {
            "old_password": PASSWORD,
            "new_password1": NEW_PASSWORD,
            "new_password2": NEW_PASSWORD,
        },
    )

    assert response.status_code == 302
    assert response.url == reverse("accounts:password_change_done")
    alice.refresh_from_db()
    assert alice.check_password(NEW_PASSWORD)
    assert get_user(alice_client) == alice  # still signed in
    done = alice_client.get(response.url)
    assert done.status_code == 200
    assert f'href="{reverse("accounts:profile")}"' in done.content.decode()


def test_password_change_applies_validators(alice_client, alice):
    response = alice_client.post(
        reverse("accounts:password_change"),
        {"old_password": PASSWORD, "new_password1": "123", "new_password2": "123"},
    )
    assert response.status_code == 200
    assert "too short" in " ".join(response.context["form"].errors["new_password2"])
    alice.refresh_from_db()
    assert alice.check_password(PASSWORD)


def test_password_reset_email_link_sets_a_new_password(client, alice):
    response = client.post(
        reverse("accounts:password_reset"), {"email": "Alice@Example.com"}
    )
    assert response.status_code == 302
    assert response.url == reverse("accounts:password_reset_done")

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["alice@example.com"]
    assert message.subject == "Reset your jobtrack password"
    assert message.body.startswith("Hello,\n")
    link = re.search(
        re.escape(settings.SITE_URL) + r"(/accounts/reset/\S+/)", message.body
    )
    assert link, message.body

    # Django swaps the token for a session marker and redirects to the form.
    form_page = client.get(link.group(1), follow=True)
    assert form_page.status_code == 200
    assert form_page.context["validlink"]
    set_url = form_page.redirect_chain[-1][0]
    done = client.post(
        set_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    )
    assert done.status_code == 302
    assert done.url == reverse("accounts:password_reset_complete")
    alice.refresh_from_db()
    assert alice.check_password(NEW_PASSWORD)

    # The link works once.
    again = client.get(link.group(1), follow=True)
    assert not again.context["validlink"]
    assert "This link has expired" in again.content.decode()


def test_password_reset_email_mentions_the_address_not_the_name(client, alice):
    alice.full_name = "Ana & Co <dev>"
    alice.save()
    client.post(reverse("accounts:password_reset"), {"email": alice.email})
    (message,) = mail.outbox
    assert "Ana" not in message.body
    assert alice.email in message.body


def test_password_reset_does_not_reveal_whether_email_is_registered(client, alice):
    known = client.post(reverse("accounts:password_reset"), {"email": alice.email})
    unknown = client.post(
        reverse("accounts:password_reset"), {"email": "nobody@example.com"}
    )
    assert known.status_code == unknown.status_code == 302
    assert known.url == unknown.url
    assert len(mail.outbox) == 1  # only the real account got mail
    page = client.get(unknown.url).content.decode()
    assert "If an account uses that address" in page
