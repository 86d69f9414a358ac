"""One-click unsubscribe: works signed out, from a mail client's POST, and cannot be forged."""

import pytest
import time_machine
from django.core import signing
from django.test import Client
from django.urls import reverse

from accounts.models import User
from reminders.delivery import UNSUBSCRIBE_SALT, unsubscribe_token

pytestmark = pytest.mark.django_db


def url_for(token: str) -> str:
    return reverse("reminders:unsubscribe", args=[token])


def reminders_on(user) -> bool:
    return User.objects.get(pk=user.pk).reminders_enabled


def test_get_shows_a_confirmation_and_changes_nothing(client, alice):
    response = client.get(url_for(unsubscribe_token(user=alice)))
    assert response.status_code == 200
    assert b"Stop reminder emails?" in response.content
    assert b"alice@example.com" in response.content
    assert reminders_on(alice)


def test_post_signed_out_turns_reminders_off(client, alice):
    response = client.post(url_for(unsubscribe_token(user=alice)))
    assert response.status_code == 200
    assert b"Reminder emails stopped" in response.content
    assert not reminders_on(alice)


def test_one_click_post_from_a_mail_client_needs_no_csrf_cookie(alice):
    mail_client = Client(enforce_csrf_checks=True)
    response = mail_client.post(
        url_for(unsubscribe_token(user=alice)),
        data="List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200
    assert not reminders_on(alice)


def test_unsubscribing_one_user_leaves_others_alone(client, alice, charlie):
    client.post(url_for(unsubscribe_token(user=alice)))
    assert reminders_on(charlie)


@pytest.mark.parametrize(
    "forge",
    [
        pytest.param(lambda alice, charlie: "not-a-token", id="garbage"),
        pytest.param(
            lambda alice, charlie: unsubscribe_token(user=alice).replace(
                signing.b64_encode(b'{"u":%d}' % alice.pk).decode(),
                signing.b64_encode(b'{"u":%d}' % charlie.pk).decode(),
            ),
            id="other-users-id-with-alices-signature",
        ),
        pytest.param(
            lambda alice, charlie: signing.TimestampSigner(
                salt="other.salt"
            ).sign_object({"u": charlie.pk}),
            id="signed-with-another-salt",
        ),
        pytest.param(
            lambda alice, charlie: signing.TimestampSigner(
                key="guessed-key", salt=UNSUBSCRIBE_SALT
            ).sign_object({"u": charlie.pk}),
            id="signed-with-another-key",
        ),
        pytest.param(
            lambda alice, charlie: unsubscribe_token(user=charlie)[:-2] + "xx",
            id="truncated-signature",
        ),
    ],
)
def test_forged_tokens_are_refused_and_change_nothing(client, alice, charlie, forge):
    token = forge(alice, charlie)
    assert client.get(url_for(token)).status_code == 400
    response = client.post(url_for(token))
    assert response.status_code == 400
    assert b"This link is not valid" in response.content
    assert reminders_on(charlie) and reminders_on(alice)


def test_token_for_a_deleted_user_is_refused(client, alice):
    token = unsubscribe_token(user=alice)
    alice.delete()
    assert client.post(url_for(token)).status_code == 400


def test_expired_token_is_refused(client, alice, settings):
    token = unsubscribe_token(user=alice)
    settings.REMINDER_UNSUBSCRIBE_MAX_AGE_DAYS = 30
    with time_machine.travel("2099-01-01"):
        assert client.post(url_for(token)).status_code == 400
    assert reminders_on(alice)
