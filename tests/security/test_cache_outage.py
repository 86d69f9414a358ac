"""The rate-limit counters' Redis down or silent, written as the requests a visitor sends.

Sign-in goes on without its spraying cap (django-axes, in the database, still guards each
address); sign-up, resend-link and password reset send nothing and say "try again" with a
503 that keeps what was typed, whatever the address. See accounts/throttle.py.
"""

import socket
import threading
import time

import pytest
from django.conf import settings
from django.contrib.auth import get_user
from django.core import mail
from django.test import Client
from django.urls import reverse

from accounts.models import User
from jobtrack.pagecache import data_changed
from tests.factories import ApplicationFactory, UserFactory

PASSWORD = "plum tree in spring"
TRY_AGAIN = "We can&#x27;t send emails just now, so nothing was sent."


def _redis_cache(settings, url: str) -> None:
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": url,
            "OPTIONS": {
                "socket_connect_timeout": settings.CACHE_TIMEOUT_SECONDS,
                "socket_timeout": settings.CACHE_TIMEOUT_SECONDS,
            },
        }
    }


@pytest.fixture
def redis_refusing(settings):
    """REDIS_URL at a port nothing listens on."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    _redis_cache(settings, f"redis://127.0.0.1:{port}/0")


@pytest.fixture
def redis_silent(settings):
    """A Redis that accepts connections and never answers (a hung server)."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(64)
    held = []

    def accept():
        while True:
            try:
                held.append(server.accept()[0])
            except OSError:
                return

    threading.Thread(target=accept, daemon=True).start()
    _redis_cache(settings, f"redis://127.0.0.1:{server.getsockname()[1]}/0")
    yield
    server.close()
    for conn in held:
        conn.close()


def sign_in(client: Client, email: str, password: str):
    return client.post(
        reverse("accounts:login"), {"username": email, "password": password}
    )


@pytest.mark.parametrize("outage", ["redis_refusing", "redis_silent"])
def test_sign_in_goes_on_while_the_counters_are_unreachable(request, db, outage):
    request.getfixturevalue(outage)
    alice = UserFactory(email="alice@example.com", password=PASSWORD)
    started = time.perf_counter()
    wrong = sign_in(Client(), alice.email, "not the password")
    right_client = Client()
    right = sign_in(right_client, alice.email, PASSWORD)
    elapsed = time.perf_counter() - started

    assert wrong.status_code == 200
    assert "don&#x27;t match an account" in wrong.content.decode()
    assert right.status_code == 302
    assert get_user(right_client) == alice
    print(f"{outage}: two sign-ins in {elapsed * 1000:.0f} ms")


def test_axes_still_locks_an_address_while_the_counters_are_unreachable(
    redis_refusing, db, settings
):
    settings.AXES_ENABLED = True
    alice = UserFactory(email="alice@example.com", password=PASSWORD)
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, alice.email, "guess")
    assert sign_in(client, alice.email, PASSWORD).status_code == 429


SIGNUP = {
    "email": "vera@example.com",
    "full_name": "Vera Lind",
    "timezone": "Europe/Lisbon",
    "password1": PASSWORD,
    "password2": PASSWORD,
}


@pytest.mark.parametrize("outage", ["redis_refusing", "redis_silent"])
@pytest.mark.parametrize(
    "url_name, data",
    [
        ("accounts:signup", SIGNUP),
        ("accounts:signup_resend", {"email": "vera@example.com"}),
        ("accounts:password_reset", {"email": "vera@example.com"}),
    ],
)
@pytest.mark.parametrize("registered", [False, True])
def test_email_pages_send_nothing_and_say_try_again_while_the_counters_are_unreachable(
    request, db, outage, url_name, data, registered
):
    request.getfixturevalue(outage)
    if registered:
        UserFactory(email="vera@example.com")
    before = User.objects.count()

    response = Client().post(reverse(url_name), data)

    page = response.content.decode()
    assert response.status_code == 503
    assert response["Retry-After"] == "60"
    assert TRY_AGAIN in page
    assert 'value="vera@example.com"' in page  # what was typed is kept
    if url_name == "accounts:signup":
        assert 'value="Vera Lind"' in page
    assert mail.outbox == []
    assert User.objects.count() == before


@pytest.mark.page_cache
@pytest.mark.parametrize("outage", ["redis_refusing", "redis_silent"])
def test_pages_are_rendered_while_the_cache_is_unreachable(request, db, outage):
    """Kept pages and the insights refresh live in the cache: without it every page is
    rendered, and stale insights figures stay on the page, marked so."""
    request.getfixturevalue(outage)
    alice = UserFactory(email="alice@example.com")
    ApplicationFactory(owner=alice, company="Acme")
    client = Client()
    client.force_login(alice)
    client.cookies[settings.CSRF_COOKIE_NAME] = "k" * 32  # as after a first page
    for _ in range(2):
        page = client.get(reverse("overview:application_list"))
        assert page.status_code == 200 and "Acme" in page.content.decode()

    assert client.get(reverse("insights:overview")).status_code == 200
    data_changed(user_id=alice.pk)
    stale = client.get(reverse("insights:overview"))
    assert stale.status_code == 200
    assert "Newer ones are being worked out" in stale.content.decode()
