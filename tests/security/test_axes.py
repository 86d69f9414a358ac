"""Sign-in throttling with django-axes: locked by email and address, a clear way back.

The rest of the suite runs with AXES_ENABLED off (the test client's login() passes no
request, which axes refuses); these tests switch it on and go through the real login form.
"""

import datetime as dt

import pytest
import time_machine
from django.contrib.auth import get_user
from django.http import HttpRequest
from django.test import Client
from django.urls import reverse

PASSWORD = "correct horse battery"


@pytest.fixture(autouse=True)
def axes_on(settings):
    settings.AXES_ENABLED = True
    return settings


def attempt(client: Client, email: str, password: str, ip: str = "127.0.0.1", **extra):
    return client.post(
        reverse("accounts:login"),
        {"username": email, "password": password},
        REMOTE_ADDR=ip,
        **extra,
    )


def fail_times(client: Client, email: str, times: int, ip: str = "127.0.0.1"):
    for _ in range(times):
        response = attempt(client, email, "wrong password", ip)
        assert response.status_code == 200  # the form again, with its error
    return response


def lock_out(client: Client, settings, email: str, ip: str = "127.0.0.1"):
    fail_times(client, email, settings.AXES_FAILURE_LIMIT - 1, ip)
    response = attempt(client, email, "wrong password", ip)
    assert response.status_code == 429
    return response


def test_five_failures_lock_out_even_the_right_password(client, settings, alice):
    fail_times(client, alice.email, settings.AXES_FAILURE_LIMIT - 1)
    locked = attempt(client, alice.email, "wrong password")
    assert locked.status_code == 429
    response = attempt(client, alice.email, PASSWORD)
    assert response.status_code == 429
    assert not get_user(client).is_authenticated


def test_lockout_page_explains_and_offers_password_reset(client, settings, alice):
    fail_times(client, alice.email, settings.AXES_FAILURE_LIMIT - 1)
    response = attempt(client, alice.email, "wrong password")
    assert response.status_code == 429
    assert "accounts/lockout.html" in [t.name for t in response.templates]
    html = response.content.decode()
    assert "Sign-in paused" in html
    assert "15 minutes" in html
    assert f'href="{reverse("accounts:password_reset")}"' in html


def test_four_failures_still_let_the_owner_in(client, settings, alice):
    fail_times(client, alice.email, settings.AXES_FAILURE_LIMIT - 1)
    response = attempt(client, alice.email, PASSWORD)
    assert response.status_code == 302
    assert get_user(client) == alice


def test_success_resets_the_failure_count(client, settings, alice):
    fail_times(client, alice.email, settings.AXES_FAILURE_LIMIT - 1)
    assert attempt(client, alice.email, PASSWORD).status_code == 302
    client.logout()
    fail_times(client, alice.email, settings.AXES_FAILURE_LIMIT - 1)
    assert attempt(client, alice.email, PASSWORD).status_code == 302


def test_lockout_is_per_email_and_address(client, settings, alice, charlie):
    """An attacker guessing alice's password neither locks charlie out nor alice elsewhere."""
    lock_out(client, settings, alice.email)
    assert attempt(client, alice.email, PASSWORD).status_code == 429
    assert attempt(Client(), charlie.email, PASSWORD).status_code == 302
    assert attempt(Client(), alice.email, PASSWORD, ip="10.0.0.7").status_code == 302


def test_a_forged_forwarded_for_header_does_not_escape_the_lockout(
    client, settings, alice
):
    lock_out(client, settings, alice.email)
    response = attempt(client, alice.email, PASSWORD, HTTP_X_FORWARDED_FOR="10.9.9.9")
    assert response.status_code == 429


def test_lockout_ends_after_the_cool_off(client, settings, alice):
    with time_machine.travel(dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC), tick=False):
        lock_out(client, settings, alice.email)
        assert attempt(client, alice.email, PASSWORD).status_code == 429
    with time_machine.travel(dt.datetime(2026, 3, 2, 9, 16, tzinfo=dt.UTC), tick=False):
        assert attempt(client, alice.email, PASSWORD).status_code == 302


def test_unknown_email_is_locked_out_the_same_way(client, settings, db):
    """The lockout does not reveal whether an address has an account."""
    fail_times(client, "nobody@example.com", settings.AXES_FAILURE_LIMIT - 1)
    response = attempt(client, "nobody@example.com", "wrong password")
    assert response.status_code == 429
    assert "Sign-in paused" in response.content.decode()


def test_test_client_login_works_with_axes_when_given_a_request(client, alice):
    """Django's Client.login passes no request; axes needs one. Passing it works."""
    assert client.login(request=HttpRequest(), email=alice.email, password=PASSWORD)
    assert get_user(client) == alice


def test_test_client_login_without_a_request_is_refused_by_axes(client, alice):
    """Why the suite runs with AXES_ENABLED off by default."""
    from axes.exceptions import AxesBackendRequestParameterRequired

    with pytest.raises(AxesBackendRequestParameterRequired):
        client.login(email=alice.email, password=PASSWORD)


def test_ordinary_test_client_login_works_in_the_suite(client, settings, alice):
    settings.AXES_ENABLED = False  # the suite's default (jobtrack/test_environment.py)
    assert client.login(email=alice.email, password=PASSWORD)


def test_axes_backend_first_and_middleware_last(settings):
    assert settings.AUTHENTICATION_BACKENDS[0] == "axes.backends.AxesStandaloneBackend"
    assert settings.MIDDLEWARE[-1] == "axes.middleware.AxesMiddleware"
