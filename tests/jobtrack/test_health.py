"""/health/, which compose's healthcheck polls: 200 only when the services answer."""

import socket

from django.test import Client
from django.urls import reverse


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_health_reports_the_database_and_redis(db, settings):
    settings.REDIS_URL = settings.REDIS_URL or "redis://127.0.0.1:6379/2"
    response = Client().get(reverse("health"))
    assert (response.status_code, response.json()) == (
        200,
        {"database": "ok", "redis": "ok"},
    )
    assert "no-store" in response["Cache-Control"]


def test_health_is_503_when_redis_is_down(db, settings):
    settings.REDIS_URL = f"redis://127.0.0.1:{closed_port()}/0"
    response = Client().get(reverse("health"))
    assert (response.status_code, response.json()) == (
        503,
        {"database": "ok", "redis": "unavailable: ConnectionError"},
    )


def test_health_answers_plain_http_even_where_https_is_enforced(db, settings):
    """The container probes itself over http; every other page is redirected."""
    settings.SECURE_SSL_REDIRECT = True
    settings.REDIS_URL = ""
    client = Client()
    assert client.get(reverse("accounts:login")).status_code == 301
    response = client.get(reverse("health"))
    assert (response.status_code, response.json()) == (200, {"database": "ok"})
