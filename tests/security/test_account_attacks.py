"""Attacks on accounts, each written as the requests an attacker would send.

Taking over an account before it is confirmed, mailing a stranger's inbox in a loop,
spraying the sign-in form, forging the Host header, hiding behind a proxy, odd methods.
"""

import datetime as dt
import re

import pytest
import time_machine
from django.contrib.auth import get_user
from django.core import mail
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.client_ip import client_ip
from accounts.models import User
from tests.factories import UserFactory

VICTIM_PASSWORD = "plum tree in spring"
ATTACKER_PASSWORD = "mallory was here 2026"
VICTIM = "vera@example.com"


def signup_data(email: str, password: str, full_name: str = "") -> dict:
    return {
        "email": email,
        "full_name": full_name,
        "timezone": "Europe/Lisbon",
        "password1": password,
        "password2": password,
    }


def confirm_path(message) -> str:
    found = re.search(r"https?://[^/\s]+(/accounts/signup/confirm/\S+/)", message.body)
    assert found, message.body
    return found.group(1)


def confirm(client: Client, path: str, password: str, full_name: str = ""):
    """Open an emailed link and finish on its page with the password typed there."""
    assert client.get(path).status_code == 200
    return client.post(
        path,
        {
            "full_name": full_name,
            "timezone": "Europe/Lisbon",
            "password1": password,
            "password2": password,
        },
    )


def visible_text(response) -> str:
    html = re.sub(
        r'name="csrfmiddlewaretoken" value="[^"]*"', "", response.content.decode()
    )
    return re.sub(r"\s+", " ", html)


def sign_in(client: Client, email: str, password: str, **extra):
    return client.post(
        reverse("accounts:login"), {"username": email, "password": password}, **extra
    )


# 1. Taking over an account before it is confirmed


def test_a_second_sign_up_cannot_take_over_an_unconfirmed_account(db):
    victim, attacker = Client(), Client()
    signup = reverse("accounts:signup")

    # 1. The victim signs up, asking to land on their letters.
    victim.post(
        signup + "?next=/letters/", signup_data(VICTIM, VICTIM_PASSWORD, "Vera")
    )
    # 2. The attacker signs up again with the victim's address and their own password.
    attacked = attacker.post(
        signup + "?next=/accounts/delete/",
        signup_data(VICTIM, ATTACKER_PASSWORD, "Mallory"),
    )
    assert attacked.url == reverse("accounts:signup_sent")
    # 3. The victim opens the newest link in their inbox.
    assert [m.to for m in mail.outbox] == [[VICTIM], [VICTIM]]
    landed = confirm(victim, confirm_path(mail.outbox[-1]), VICTIM_PASSWORD, "Vera")

    assert landed.url == "/letters/"
    account = User.objects.get()
    assert get_user(victim) == account
    assert account.full_name == "Vera"
    assert account.timezone == "Europe/Lisbon"
    assert account.check_password(VICTIM_PASSWORD)
    assert not account.check_password(ATTACKER_PASSWORD)
    assert "Mallory" not in mail.outbox[-1].body
    assert sign_in(Client(), VICTIM, ATTACKER_PASSWORD).status_code == 200  # refused
    assert sign_in(Client(), VICTIM, VICTIM_PASSWORD).status_code == 302


@pytest.mark.parametrize("victim_signs_up", [False, True])
def test_signing_up_first_with_someone_elses_address_gives_no_way_in(
    db, victim_signs_up
):
    """Reverse order: the attacker signs up first, then the mailbox's owner confirms."""
    victim, attacker = Client(), Client()
    signup = reverse("accounts:signup")

    # 1. The attacker signs up with the victim's address and a password they chose.
    attacker.post(signup, signup_data(VICTIM, ATTACKER_PASSWORD, "Mallory"))
    # 2. The victim signs up too (which only re-sends the link), or just opens the mail.
    if victim_signs_up:
        victim.post(signup, signup_data(VICTIM, VICTIM_PASSWORD, "Vera"))
    # 3. Opening the link confirms nothing by itself: it asks for the password.
    path = confirm_path(mail.outbox[-1])
    page = victim.get(path)
    assert page.status_code == 200
    assert 'name="password1"' in page.content.decode()
    assert not User.objects.get().is_active
    assert not get_user(victim).is_authenticated
    # 4. The victim types their own password and their name over the attacker's.
    landed = confirm(victim, path, VICTIM_PASSWORD, "Vera")

    assert landed.status_code == 302
    account = User.objects.get()
    assert get_user(victim) == account
    assert account.is_active and account.full_name == "Vera"
    assert account.check_password(VICTIM_PASSWORD)
    assert sign_in(Client(), VICTIM, ATTACKER_PASSWORD).status_code == 200  # refused
    assert sign_in(attacker, VICTIM, ATTACKER_PASSWORD).status_code == 200  # refused
    assert not get_user(attacker).is_authenticated
    assert sign_in(Client(), VICTIM, VICTIM_PASSWORD).status_code == 302
    # The link is spent: the attacker cannot replay it with their password.
    assert confirm_fails(Client(), path, ATTACKER_PASSWORD)


def confirm_fails(client: Client, path: str, password: str) -> bool:
    response = client.post(
        path,
        {"timezone": "UTC", "password1": password, "password2": password},
    )
    return "This link no longer works" in response.content.decode()


def test_an_email_scanner_opening_the_link_confirms_nothing(db):
    Client().post(reverse("accounts:signup"), signup_data(VICTIM, VICTIM_PASSWORD))
    path = confirm_path(mail.outbox[0])
    for _ in range(3):
        Client().get(path)
    assert not User.objects.get().is_active
    assert confirm(Client(), path, VICTIM_PASSWORD).status_code == 302


def test_a_mismatched_or_weak_password_on_the_link_page_keeps_the_link(db):
    Client().post(reverse("accounts:signup"), signup_data(VICTIM, VICTIM_PASSWORD))
    path = confirm_path(mail.outbox[0])
    client = Client()
    mismatch = client.post(
        path,
        {
            "full_name": "Vera",
            "timezone": "Europe/Lisbon",
            "password1": VICTIM_PASSWORD,
            "password2": "something else 123",
        },
    )
    assert mismatch.status_code == 200
    assert 'value="Vera"' in mismatch.content.decode()
    weak = confirm(client, path, "12345678")
    assert weak.status_code == 200
    assert not User.objects.get().is_active
    assert confirm(client, path, VICTIM_PASSWORD).status_code == 302


def test_a_sign_up_for_a_confirmed_account_changes_nothing(alice):
    before = User.objects.values().get(pk=alice.pk)
    Client().post(
        reverse("accounts:signup"), signup_data(alice.email, ATTACKER_PASSWORD, "M")
    )
    assert User.objects.values().get(pk=alice.pk) == before
    (notice,) = mail.outbox
    assert "already has an account" in notice.body


def test_a_link_for_another_account_does_not_switch_the_signed_in_user(alice):
    """The attacker mails their own fresh link to a signed-in victim: nothing silent."""
    Client().post(
        reverse("accounts:signup"),
        signup_data("mallory@example.com", ATTACKER_PASSWORD),
    )
    victim = Client()
    victim.force_login(alice)

    page = victim.get(confirm_path(mail.outbox[0]))

    assert page.status_code == 200
    html = page.content.decode()
    assert "alice@example.com" in html and "mallory@example.com" in html
    assert get_user(victim) == alice
    assert not User.objects.get(email="mallory@example.com").is_active


# 2. Mailing a stranger's inbox in a loop


@pytest.mark.parametrize(
    "url_name, data",
    [
        ("accounts:signup", signup_data(VICTIM, VICTIM_PASSWORD)),
        ("accounts:signup_resend", {"email": VICTIM}),
        ("accounts:password_reset", {"email": VICTIM}),
    ],
)
def test_the_fourth_email_to_one_address_in_an_hour_is_not_sent(db, url_name, data):
    UserFactory(email=VICTIM)
    url = reverse(url_name)
    first = Client().post(url, data, follow=True)
    Client().post(url, data)
    Client().post(url, data)
    assert len(mail.outbox) == 3

    fourth = Client().post(url, data, follow=True)

    assert len(mail.outbox) == 3
    assert fourth.redirect_chain == first.redirect_chain
    assert visible_text(fourth) == visible_text(first)
    with time_machine.travel(timezone.now() + dt.timedelta(minutes=61)):
        Client().post(url, data)
    assert len(mail.outbox) == 4


def test_the_address_limit_is_shared_by_every_form_that_mails_it(alice):
    Client().post(reverse("accounts:password_reset"), {"email": alice.email})
    Client().post(reverse("accounts:signup_resend"), {"email": alice.email})
    Client().post(
        reverse("accounts:signup"), signup_data("ALICE@example.com", VICTIM_PASSWORD)
    )
    Client().post(reverse("accounts:password_reset"), {"email": alice.email})
    assert len(mail.outbox) == 3


def test_one_client_mails_at_most_twenty_addresses_an_hour(db, settings):
    client = Client()
    for n in range(20):
        client.post(
            reverse("accounts:signup"),
            signup_data(f"target{n}@example.com", VICTIM_PASSWORD),
        )
    assert len(mail.outbox) == 20

    over = client.post(
        reverse("accounts:signup"), signup_data("target20@example.com", VICTIM_PASSWORD)
    )

    assert over.url == reverse("accounts:signup_sent")
    assert len(mail.outbox) == 20
    assert not User.objects.filter(email="target20@example.com").exists()
    Client(REMOTE_ADDR="198.51.100.9").post(
        reverse("accounts:signup"), signup_data("target20@example.com", VICTIM_PASSWORD)
    )
    assert len(mail.outbox) == 21  # another client is not held back


# 3. Telling known from unknown addresses by the work a request does


@pytest.mark.parametrize(
    "url_name, known",
    [
        ("accounts:password_reset", "alice@example.com"),
        ("accounts:signup_resend", "pending@example.com"),
    ],
)
def test_known_and_unknown_addresses_cost_the_request_the_same_work(
    alice, django_capture_on_commit_callbacks, requests_leave_commit_work_queued,
    celery_eager, url_name, known,
):  # fmt: skip
    UserFactory(email="pending@example.com", is_active=False, last_login=None)
    url = reverse(url_name)

    def work(email: str) -> tuple:
        with (
            CaptureQueriesContext(connection) as queries,
            django_capture_on_commit_callbacks(execute=False) as queued,
        ):
            response = Client().post(url, {"email": email})
        return (
            response.status_code,
            response.url,
            len(queries),
            len(queued),
            len(mail.outbox),
            queued,
        )

    *known_work, known_queued = work(known)
    *unknown_work, unknown_queued = work("nobody@example.com")

    assert known_work == unknown_work == [302, known_work[1], 0, 1, 0]
    for callback in known_queued + unknown_queued:  # what the worker does afterwards
        callback()
    assert [m.to for m in mail.outbox] == [[known]]


def test_a_taken_address_costs_sign_up_the_same_confirmed_or_not(
    alice, django_capture_on_commit_callbacks, requests_leave_commit_work_queued
):
    UserFactory(email="pending@example.com", is_active=False, last_login=None)

    def work(email: str) -> tuple:
        with (
            CaptureQueriesContext(connection) as queries,
            django_capture_on_commit_callbacks(execute=False) as queued,
        ):
            response = Client().post(
                reverse("accounts:signup"), signup_data(email, ATTACKER_PASSWORD)
            )
        return (
            response.url,
            [q["sql"].split(" WHERE ")[0] for q in queries],
            len(queued),
            len(mail.outbox),
        )

    assert work(alice.email) == work("pending@example.com")


# 4. Forged Host headers


@pytest.mark.parametrize("host", ["evil.test:8000", "127.0.0.1:6666"])
def test_emailed_links_use_site_url_whatever_the_host_header(db, settings, host):
    settings.ALLOWED_HOSTS = ["*"]
    UserFactory(email="alice@example.com")
    client = Client(HTTP_HOST=host)
    client.post(reverse("accounts:password_reset"), {"email": "alice@example.com"})
    client.post(reverse("accounts:signup"), signup_data(VICTIM, VICTIM_PASSWORD))
    client.post(reverse("accounts:signup"), signup_data("alice@example.com", "x" * 12))

    assert len(mail.outbox) == 3
    for message in mail.outbox:
        for text in (message.body, *(body for body, _ in message.alternatives)):
            links = re.findall(r"https?://[^\s\"<]+", text)
            assert links
            assert all(
                link.startswith(settings.SITE_URL + "/") or link == settings.SITE_URL
                for link in links
            ), links
            assert host not in text


# 5. Spraying the sign-in form from one client


def test_one_client_trying_many_addresses_is_slowed_down(alice):
    sprayer = Client()
    for n in range(30):
        response = sign_in(sprayer, f"user{n}@example.com", "Winter2026!")
        assert response.status_code == 200

    over = sign_in(sprayer, alice.email, "correct horse battery")

    assert over.status_code == 429
    assert "too many sign-in attempts" in over.content.decode()
    assert not get_user(sprayer).is_authenticated
    elsewhere = sign_in(
        Client(REMOTE_ADDR="198.51.100.7"), alice.email, "correct horse battery"
    )
    assert elsewhere.status_code == 302


# 6. Behind a reverse proxy


@pytest.mark.parametrize(
    "proxies, forwarded, peer, expected",
    [
        (0, "203.0.113.5", "10.0.0.2", "10.0.0.2"),  # no proxy: the header is a lie
        (1, "203.0.113.5", "10.0.0.2", "203.0.113.5"),
        (1, "1.2.3.4, 203.0.113.5", "10.0.0.2", "203.0.113.5"),  # left part forged
        (2, "1.2.3.4, 203.0.113.5, 10.0.0.9", "10.0.0.2", "203.0.113.5"),
        (2, "203.0.113.5", "10.0.0.2", "10.0.0.2"),  # came round our proxies
        (1, "not-an-ip", "10.0.0.2", "10.0.0.2"),
        (1, "", "10.0.0.2", "10.0.0.2"),
        (1, "2001:db8::1", "10.0.0.2", "2001:db8::1"),
    ],
)
def test_the_client_address_trusts_only_our_own_proxies(
    rf, settings, proxies, forwarded, peer, expected
):
    settings.TRUSTED_PROXY_COUNT = proxies
    request = rf.get("/", REMOTE_ADDR=peer, HTTP_X_FORWARDED_FOR=forwarded)
    assert client_ip(request) == expected


def test_behind_a_proxy_one_attacker_cannot_lock_out_everyone(alice, settings):
    settings.AXES_ENABLED = True
    settings.TRUSTED_PROXY_COUNT = 1
    proxy = {"REMOTE_ADDR": "10.0.0.2"}
    attacker = Client(HTTP_X_FORWARDED_FOR="203.0.113.66", **proxy)
    for _ in range(settings.AXES_FAILURE_LIMIT):
        response = sign_in(attacker, alice.email, "guess")
    assert response.status_code == 429

    owner = Client(HTTP_X_FORWARDED_FOR="198.51.100.7", **proxy)
    assert sign_in(owner, alice.email, "correct horse battery").status_code == 302


def test_without_a_proxy_a_forged_forwarded_header_does_not_dodge_the_lockout(
    alice, settings
):
    settings.AXES_ENABLED = True
    for n in range(settings.AXES_FAILURE_LIMIT):
        response = sign_in(
            Client(HTTP_X_FORWARDED_FOR=f"203.0.113.{n}"), alice.email, "guess"
        )
    assert response.status_code == 429


# 7. Methods a page does not answer


ACCOUNT_URLS = [
    ("accounts:signup", {}),
    ("accounts:signup_sent", {}),
    ("accounts:signup_resend", {}),
    ("accounts:signup_confirm", {"token": "abc"}),
    ("accounts:login", {}),
    ("accounts:logout", {}),
    ("accounts:profile", {}),
    ("overview:data_export", {}),
    ("overview:account_delete", {}),
    ("accounts:password_change", {}),
    ("accounts:password_change_done", {}),
    ("accounts:password_reset", {}),
    ("accounts:password_reset_done", {}),
    ("accounts:password_reset_confirm", {"uidb64": "MQ", "token": "set-password"}),
    ("accounts:password_reset_complete", {}),
]


@pytest.mark.parametrize("method", ["put", "delete", "trace"])
@pytest.mark.parametrize("url_name, kwargs", ACCOUNT_URLS)
def test_account_pages_refuse_other_methods(alice_client, method, url_name, kwargs):
    response = getattr(alice_client, method)(reverse(url_name, kwargs=kwargs))
    assert response.status_code == 405
    assert not mail.outbox
