"""CSRF: every endpoint refuses a POST without a token, signed in or not.

Walks every named URL pattern (tests/security/url_patterns.py), so a new state-changing
view is covered the day it is added. The only exemptions are listed in CSRF_EXEMPT with
their reason, and a view that is csrf_exempt without being listed fails.
"""

import pytest
from django.test import Client
from django.urls import reverse

from tests.security.url_patterns import (
    EXCLUDED_NAMESPACES,
    OBJECT_ROUTES,
    Route,
    all_routes,
    kwargs_for,
)

# Patterns whose arguments are not object ids: values that reach the view.
OTHER_KWARGS = {
    "accounts:password_reset_confirm": {"uidb64": "MQ", "token": "set-password"},
    "reminders:unsubscribe": {"token": "not-a-valid-token"},
    "accounts:signup_confirm": {"token": "not-a-valid-token"},
    "followup:feed": {"token": "not-a-valid-token"},
    "letters:sent_link": {"token": "not-a-valid-token"},
}

# Views that must accept a POST without a CSRF token, and why.
CSRF_EXEMPT = {
    "reminders:unsubscribe": "RFC 8058 one-click unsubscribe: the mail client POSTs "
    "without a session or token; the signed token in the URL is the authority",
}

ROUTES = [
    r
    for r in all_routes()
    if r.namespace not in EXCLUDED_NAMESPACES or not r.kwargs  # admin: its plain pages
]


def url_for(route: Route, objects: dict) -> str:
    if route.name in OBJECT_ROUTES:
        return reverse(route.name, kwargs=kwargs_for(route, objects)[0])
    if route.kwargs:
        assert route.name in OTHER_KWARGS, (
            f"{route.name}: add its kwargs to OTHER_KWARGS"
        )
        return reverse(route.name, kwargs=OTHER_KWARGS[route.name])
    return reverse(route.name)


def assert_refused(response, url: str):
    assert response.status_code == 403, (
        f"POST {url} without a token: {response.status_code}"
    )
    assert b"CSRF verification failed" in response.content


def test_only_the_listed_views_are_csrf_exempt():
    exempt = {r.name for r in all_routes() if getattr(r.callback, "csrf_exempt", False)}
    assert exempt == set(CSRF_EXEMPT) & {r.name for r in all_routes()}


@pytest.mark.parametrize("route", ROUTES, ids=[r.name for r in ROUTES])
def test_post_without_a_token_is_refused(route: Route, alice, alice_objects):
    url = url_for(route, alice_objects)
    signed_in = Client(enforce_csrf_checks=True)
    signed_in.force_login(alice)
    anonymous = Client(enforce_csrf_checks=True)
    for client in (signed_in, anonymous):
        response = client.post(url, {"subject": "x", "body": "y"})
        if route.name in CSRF_EXEMPT:
            # Past the CSRF check to the view, which refuses the made-up token itself.
            assert response.status_code == 400
            assert "This link is not valid" in response.content.decode()
        else:
            assert_refused(response, url)


def test_a_wrong_token_is_refused_too(alice, alice_objects):
    client = Client(enforce_csrf_checks=True)
    client.force_login(alice)
    client.get(reverse("overview:dashboard"))  # sets the csrftoken cookie
    url = reverse("letters:finish", args=[alice_objects["letter"].pk])
    response = client.post(url, {"csrfmiddlewaretoken": "x" * 64})
    assert_refused(response, url)


def test_the_token_from_the_page_is_accepted(alice):
    """The refusals above are CSRF's doing: the same form with its token goes through."""
    client = Client(enforce_csrf_checks=True)
    page = client.get(reverse("accounts:login"))
    token = page.cookies["csrftoken"].value
    response = client.post(
        reverse("accounts:login"),
        {
            "username": alice.email,
            "password": "correct horse battery",
            "csrfmiddlewaretoken": token,
        },
    )
    assert response.status_code == 302
