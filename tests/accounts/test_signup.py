"""Sign-up confirmed by email: the link, its limits, a second sign-up, and signing in before it."""

import datetime as dt
import json
import re
from unittest import mock

import pytest
import time_machine
from django.contrib.auth import get_user
from django.core import mail, signing
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts import signup
from accounts.models import User
from tests.factories import UserFactory

PASSWORD = "plum tree in spring"
NEW_PASSWORD = "a quiet orchard at dusk"


def signup_data(**overrides):
    return {
        "email": "newcomer@example.com",
        "full_name": "Nia Newcomer",
        "timezone": "Europe/Lisbon",
        "password1": PASSWORD,
        "password2": PASSWORD,
        **overrides,
    }


def sign_up(client: Client, **overrides):
    return client.post(reverse("accounts:signup"), signup_data(**overrides))


def confirm_path(message) -> str:
    found = re.search(r"https?://[^/\s]+(/accounts/signup/confirm/\S+/)", message.body)
    assert found, message.body
    return found.group(1)


def confirm(client: Client, path: str, password: str = PASSWORD, **overrides):
    """Open the emailed link and finish on its page, as its reader would."""
    assert client.get(path).status_code == 200
    return client.post(
        path,
        {
            "full_name": "Nia Newcomer",
            "timezone": "Europe/Lisbon",
            "password1": password,
            "password2": password,
            **overrides,
        },
    )


def sign_in(client: Client, email: str, password: str):
    return client.post(
        reverse("accounts:login"), {"username": email, "password": password}
    )


@pytest.fixture
def pending(db, client) -> User:
    """Nia signed up and has not confirmed yet; her email is mail.outbox[0]."""
    sign_up(client)
    return User.objects.get(email="newcomer@example.com")


def test_confirmation_email_has_the_link_in_text_and_html(pending, settings):
    (message,) = mail.outbox
    assert message.to == ["newcomer@example.com"]
    assert message.subject == "Confirm your email to start using jobtrack"
    assert message.body.startswith("Hello,\n")
    assert "signing up to jobtrack with newcomer@example.com" in message.body
    assert "for the next 3 days" in message.body
    assert settings.SITE_URL + confirm_path(message) in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    assert f'href="{settings.SITE_URL}{confirm_path(message)}"' in html
    assert "Confirm my email" in html


@pytest.mark.parametrize("email", ["newcomer@example.com", "alice@example.com"])
def test_the_name_typed_at_sign_up_never_reaches_the_email(client, alice, email):
    """A stranger's words must not ride our email into someone else's inbox."""
    sign_up(client, email=email, full_name="Urgent: verify at evil.test <b>now</b>")
    (message,) = mail.outbox
    assert message.to == [email]
    for part in (message.subject, message.body, message.alternatives[0][0]):
        assert "evil.test" not in part and "Urgent" not in part


def test_the_check_email_page_says_what_to_do_next(pending, client):
    page = client.get(reverse("accounts:signup_sent")).content.decode()
    assert "Check your email" in page
    assert "within 3 days" in page
    assert f'href="{reverse("accounts:signup_resend")}"' in page


def test_the_link_works_once(pending, client):
    path = confirm_path(mail.outbox[0])
    assert confirm(client, path).status_code == 302
    assert get_user(client) == pending
    client.logout()

    again = client.get(path)

    assert again.status_code == 200
    assert "registration/signup_confirm_failed.html" in [
        t.name for t in again.templates
    ]
    assert not get_user(client).is_authenticated


def test_the_link_expires_after_three_days(pending, client):
    path = confirm_path(mail.outbox[0])
    with time_machine.travel(timezone.now() + dt.timedelta(days=3, minutes=1)):
        response = client.get(path)
    html = response.content.decode()
    assert "This link no longer works" in html
    assert f'action="{reverse("accounts:signup_resend")}"' in html
    assert f'href="{reverse("accounts:signup")}"' in html
    pending.refresh_from_db()
    assert not pending.is_active
    assert not get_user(client).is_authenticated


def test_the_link_still_works_just_before_three_days(pending, client):
    path = confirm_path(mail.outbox[0])
    with time_machine.travel(timezone.now() + dt.timedelta(days=2, hours=23)):
        assert confirm(client, path).status_code == 302
    pending.refresh_from_db()
    assert pending.is_active


@pytest.mark.parametrize(
    "token",
    ["not-a-valid-token", "eyJ1IjoxfQ:1abcde:forged", "x" * 500],
)
def test_a_forged_or_garbled_link_confirms_nothing(pending, client, token):
    response = client.get(reverse("accounts:signup_confirm", args=[token]))
    assert "This link no longer works" in response.content.decode()
    pending.refresh_from_db()
    assert not pending.is_active


def test_a_token_cannot_be_pointed_at_another_account(pending, client):
    """Swapping the account id inside a genuine token breaks its signature."""
    other = UserFactory(is_active=False)
    token = confirm_path(mail.outbox[0]).split("/")[-2]
    payload, rest = token.split(":", 1)
    data = json.loads(signing.b64_decode(payload.encode()))
    data["u"] = other.pk
    swapped = signing.b64_encode(json.dumps(data).encode()).decode() + ":" + rest
    other_salt = signing.dumps({"u": other.pk, "h": data["h"]}, salt="another.salt")

    for forged in (swapped, other_salt):
        response = client.get(reverse("accounts:signup_confirm", args=[forged]))
        assert "This link no longer works" in response.content.decode()
    other.refresh_from_db()
    pending.refresh_from_db()
    assert not other.is_active and not pending.is_active


def test_signing_up_again_before_confirming_changes_nothing_and_resends_the_link(
    pending, client
):
    first_link = confirm_path(mail.outbox[0])
    before = User.objects.values().get(pk=pending.pk)

    response = sign_up(
        Client(),
        password1=NEW_PASSWORD,
        password2=NEW_PASSWORD,
        full_name="Nia N.",
        timezone="Asia/Tokyo",
    )

    assert response.url == reverse("accounts:signup_sent")
    assert User.objects.values().get() == before
    (resent,) = mail.outbox[1:]
    assert resent.to == ["newcomer@example.com"]
    assert confirm(client, confirm_path(resent)).status_code == 302
    assert get_user(client) == pending
    assert "This link no longer works" in Client().get(first_link).content.decode()


def test_a_switched_off_account_that_was_used_is_not_reopened_by_sign_up(client, db):
    old = UserFactory(
        email="old@example.com", is_active=False, last_login=timezone.now()
    )
    password_before = old.password

    sign_up(client, email="old@example.com")

    old.refresh_from_db()
    assert old.password == password_before
    assert not old.is_active
    assert "already has an account" in mail.outbox[0].body


def test_the_owners_notice_links_to_sign_in_and_password_reset(client, alice, settings):
    sign_up(client, email="alice@example.com")
    (message,) = mail.outbox
    assert message.subject == "Someone tried to sign up to jobtrack with your email"
    assert message.body.startswith("Hello,\n")
    assert "Alice Martin" not in message.body
    assert settings.SITE_URL + reverse("accounts:login") in message.body
    assert settings.SITE_URL + reverse("accounts:password_reset") in message.body
    html = message.alternatives[0][0]
    assert f'href="{settings.SITE_URL}{reverse("accounts:password_reset")}"' in html


def test_both_answers_hash_the_password_once(client, alice):
    """Neither branch skips the slow hash, so timing does not tell them apart."""
    with mock.patch.object(
        signup, "make_password", wraps=signup.make_password
    ) as hashed:
        sign_up(client, email="alice@example.com")
        assert hashed.call_count == 1
        sign_up(client)
        assert hashed.call_count == 2


def test_a_concurrent_sign_up_of_the_same_address_becomes_the_owners_notice(client, db):
    """The row appears between the lookup and the insert: the loser changes nothing."""
    winner = UserFactory(email="newcomer@example.com")
    real_filter = User.objects.filter
    lookups = iter([User.objects.none()])  # the first lookup runs before the winner

    def lookup(*args, **kwargs):
        early = next(lookups, None)
        return early if early is not None else real_filter(*args, **kwargs)

    with mock.patch.object(User.objects, "filter", side_effect=lookup):
        response = sign_up(client)

    assert response.url == reverse("accounts:signup_sent")
    assert list(User.objects.all()) == [winner]
    winner.refresh_from_db()
    assert not winner.check_password(PASSWORD)
    assert "already has an account" in mail.outbox[0].body


# Signing in before confirming


def test_signing_in_unconfirmed_with_the_right_password_says_to_confirm(
    pending, client
):
    response = sign_in(client, "newcomer@example.com", PASSWORD)

    assert response.status_code == 200
    html = response.content.decode()
    assert "Please confirm your email address first" in html
    assert f'action="{reverse("accounts:signup_resend")}"' in html
    assert 'value="newcomer@example.com"' in html
    assert not get_user(client).is_authenticated


def test_signing_in_unconfirmed_with_a_wrong_password_reads_like_an_unknown_address(
    pending, client
):
    def text(response, email):
        html = re.sub(
            r'name="csrfmiddlewaretoken" value="[^"]*"', "", response.content.decode()
        )
        return re.sub(r"\s+", " ", html).replace(email, "X")

    wrong = sign_in(client, "newcomer@example.com", "not my password")
    unknown = sign_in(client, "nobody@example.com", "not my password")

    assert "Please confirm" not in wrong.content.decode()
    assert "don&#x27;t match an account" in wrong.content.decode()
    assert text(wrong, "newcomer@example.com") == text(unknown, "nobody@example.com")


def test_the_resend_button_on_sign_in_mails_a_fresh_link(pending, client):
    response = client.post(
        reverse("accounts:signup_resend"), {"email": "Newcomer@Example.com"}
    )
    assert response.url == reverse("accounts:signup_sent")
    assert len(mail.outbox) == 2
    assert confirm(client, confirm_path(mail.outbox[1])).status_code == 302
    assert get_user(client) == pending


def test_resend_page_prefills_the_address_and_rejects_a_non_address(client, db):
    page = client.get(reverse("accounts:signup_resend") + "?email=a%40example.com")
    assert 'value="a@example.com"' in page.content.decode()
    response = client.post(reverse("accounts:signup_resend"), {"email": "nope"})
    assert response.status_code == 200
    assert "valid email" in " ".join(response.context["form"].errors["email"])
    assert mail.outbox == []


def test_resend_to_a_confirmed_account_sends_the_owners_notice(client, alice):
    client.post(reverse("accounts:signup_resend"), {"email": alice.email})
    (message,) = mail.outbox
    assert "already has an account" in message.body
    assert "/accounts/signup/confirm/" not in message.body


def test_unconfirmed_sign_in_attempts_still_count_towards_the_axes_lockout(
    pending, client, settings
):
    settings.AXES_ENABLED = True
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        response = sign_in(client, "newcomer@example.com", PASSWORD)
        assert "Please confirm" in response.content.decode()
    locked = sign_in(client, "newcomer@example.com", PASSWORD)
    assert locked.status_code == 429
    assert "Please confirm" not in locked.content.decode()


def test_confirming_while_signed_in_as_someone_else_asks_first(pending, alice):
    client = Client()
    client.force_login(alice)
    path = confirm_path(mail.outbox[0])

    page = client.get(path)

    html = page.content.decode()
    assert page.status_code == 200
    assert "Switch accounts?" in html
    assert "alice@example.com" in html and "newcomer@example.com" in html
    assert get_user(client) == alice
    pending.refresh_from_db()
    assert not pending.is_active

    switched = confirm(client, path)

    assert switched.status_code == 302
    assert get_user(client) == pending
    pending.refresh_from_db()
    assert pending.is_active


def test_staying_on_the_ask_page_changes_nothing(pending, alice):
    client = Client()
    client.force_login(alice)
    page = client.get(confirm_path(mail.outbox[0])).content.decode()
    assert f'href="{reverse("overview:dashboard")}"' in page
    assert "Stay as" in page
    assert client.get(reverse("overview:dashboard")).status_code == 200
    assert get_user(client) == alice
    pending.refresh_from_db()
    assert not pending.is_active
