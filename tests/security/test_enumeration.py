"""Whether a stranger can learn that an email address has an account here.

Sign-in, password reset, sign-up and resending the sign-up link answer the same for a
registered and an unknown address; only the owner's mailbox learns that someone tried.
"""

import re

from django.core import mail
from django.test import Client
from django.urls import reverse


def visible_text(html: str) -> str:
    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", html)
    return re.sub(r"\s+", " ", html)


def test_password_reset_answers_the_same_for_unknown_addresses(client, alice):
    url = reverse("accounts:password_reset")
    known = client.post(url, {"email": alice.email}, follow=True)
    unknown = client.post(url, {"email": "nobody@example.com"}, follow=True)
    assert known.redirect_chain == unknown.redirect_chain
    assert visible_text(known.content.decode()) == visible_text(
        unknown.content.decode()
    )
    assert [m.to for m in mail.outbox] == [[alice.email]]  # only the owner hears of it


def test_sign_in_answers_the_same_for_unknown_addresses(client, alice):
    url = reverse("accounts:login")
    known = client.post(url, {"username": alice.email, "password": "wrong"})
    unknown = client.post(url, {"username": "nobody@example.com", "password": "wrong"})
    assert known.status_code == unknown.status_code == 200
    known_text = visible_text(known.content.decode()).replace(alice.email, "X")
    unknown_text = visible_text(unknown.content.decode()).replace(
        "nobody@example.com", "X"
    )
    assert known_text == unknown_text


def test_sign_up_answers_the_same_for_registered_addresses(alice, settings):
    url = reverse("accounts:signup")
    data = {
        "full_name": "",
        "timezone": "UTC",
        "password1": "correct horse battery staple 9",
        "password2": "correct horse battery staple 9",
    }
    taken_client, fresh_client = Client(), Client()
    taken = taken_client.post(url, {**data, "email": alice.email}, follow=True)
    fresh = fresh_client.post(
        url, {**data, "email": "newcomer@example.com"}, follow=True
    )

    assert taken.status_code == fresh.status_code == 200
    assert taken.redirect_chain == fresh.redirect_chain
    assert taken.redirect_chain == [(reverse("accounts:signup_sent"), 302)]
    assert visible_text(taken.content.decode()) == visible_text(fresh.content.decode())
    assert "Check your email" in taken.content.decode()
    # No one is signed in, and no session exists to tell the two apart.
    assert settings.SESSION_COOKIE_NAME not in taken_client.cookies
    assert settings.SESSION_COOKIE_NAME not in fresh_client.cookies
    assert sorted(taken_client.cookies) == sorted(fresh_client.cookies)
    # Only the mailboxes differ: the owner hears of it, the newcomer gets a link.
    assert sorted(m.to[0] for m in mail.outbox) == [alice.email, "newcomer@example.com"]
    owner_note = next(m for m in mail.outbox if m.to == [alice.email])
    assert "/accounts/signup/confirm/" not in owner_note.body
    assert reverse("accounts:login") in owner_note.body
    assert reverse("accounts:password_reset") in owner_note.body
    assert alice.password == type(alice).objects.get(pk=alice.pk).password


def test_resending_the_link_answers_the_same_for_any_address(alice):
    url = reverse("accounts:signup_resend")
    known = Client().post(url, {"email": alice.email}, follow=True)
    unknown = Client().post(url, {"email": "nobody@example.com"}, follow=True)
    assert known.redirect_chain == unknown.redirect_chain
    assert visible_text(known.content.decode()) == visible_text(
        unknown.content.decode()
    )
    assert [m.to for m in mail.outbox] == [[alice.email]]  # only the owner hears of it
