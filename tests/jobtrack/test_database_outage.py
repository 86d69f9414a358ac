"""A database that hangs or refuses: the site answers 503 quickly and recovers by itself.

The hung database is a local TCP proxy (tests/jobtrack/stalling_proxy.py) that accepts
connections and never answers; the shared PostgreSQL itself is never stopped.
"""

import socket
import time

import pytest
from django.db import connections
from django.test import Client
from django.urls import reverse

from tests.jobtrack.stalling_proxy import StallingProxy

# A hung database without the limits holds a request forever; with them it takes
# about connect + statement timeout (2 s each here). The bound is far from both.
HANGS_FOREVER_AFTER = 30


@pytest.fixture
def database_via(settings):
    """Point the default connection at another address; restore it afterwards."""
    settings.DATABASE_CONNECT_TIMEOUT = 2
    settings.DATABASE_STATEMENT_TIMEOUT = 2
    settings.WHITENOISE_USE_FINDERS = True
    connection = connections["default"]
    original = (connection.settings_dict["HOST"], connection.settings_dict["PORT"])

    def point_at(port: int) -> None:
        connection.close()
        connection.settings_dict["HOST"] = "127.0.0.1"
        connection.settings_dict["PORT"] = port

    yield point_at
    connection.close()
    connection.settings_dict["HOST"], connection.settings_dict["PORT"] = original


@pytest.fixture
def postgres_address() -> tuple[str, int]:
    settings_dict = connections["default"].settings_dict
    if settings_dict["ENGINE"] != "django.db.backends.postgresql":
        pytest.skip("the outage behaviour is PostgreSQL's")
    return settings_dict["HOST"] or "127.0.0.1", int(settings_dict["PORT"] or 5432)


def timed_get(client: Client, url: str):
    start = time.monotonic()
    response = client.get(url)
    return response, time.monotonic() - start


@pytest.mark.django_db(transaction=True)
def test_a_hung_database_gets_503_quickly_and_the_site_recovers(
    alice, database_via, postgres_address
):
    client = Client(raise_request_exception=False)
    client.force_login(alice)
    dashboard = reverse("overview:dashboard")
    proxy = StallingProxy(postgres_address)
    try:
        database_via(proxy.port)
        assert client.get(dashboard).status_code == 200  # through the proxy

        proxy.hang()
        # The open connection goes silent mid-conversation, then reconnecting hangs too.
        response, seconds = timed_get(client, dashboard)
        assert response.status_code == 503
        assert seconds < HANGS_FOREVER_AFTER
        assert response["Retry-After"] == "30"
        html = response.content.decode()
        assert "jobtrack is back in a moment" in html
        assert "Nothing you saved" in html
        assert "Sign out" not in html  # rendered without a user lookup

        response, seconds = timed_get(client, dashboard)
        assert (response.status_code, seconds < HANGS_FOREVER_AFTER) == (503, True)

        probe = Client(raise_request_exception=False)  # a health probe has no cookie
        health, seconds = timed_get(probe, reverse("health"))
        assert (health.status_code, seconds < HANGS_FOREVER_AFTER) == (503, True)
        assert health.json()["database"] == "unavailable: OperationalError"

        # Static files need no database: served at once, still cacheable.
        stylesheet = client.get("/static/css/jobtrack.css")
        assert stylesheet.status_code == 200
        assert "no-store" not in stylesheet.get("Cache-Control", "")

        proxy.forward()
        assert client.get(dashboard).status_code == 200
        health = probe.get(reverse("health"))
        assert health.status_code == 200
        assert health.json()["database"] == "ok"
    finally:
        proxy.close()


@pytest.mark.django_db(transaction=True)
def test_a_refusing_database_gets_503_and_the_site_recovers(
    alice, database_via, postgres_address
):
    client = Client(raise_request_exception=False)
    client.force_login(alice)
    with socket.socket() as closed:  # a port nobody listens on
        closed.bind(("127.0.0.1", 0))
        refused_port = closed.getsockname()[1]
    database_via(refused_port)
    response = client.get(reverse("overview:application_list"))
    assert response.status_code == 503
    assert response["Retry-After"] == "30"

    database_via(postgres_address[1])
    assert client.get(reverse("overview:application_list")).status_code == 200


def test_the_proxy_really_hangs(postgres_address):
    """The outage test above can fail: a hung proxy gives no PostgreSQL greeting."""
    proxy = StallingProxy(postgres_address)
    try:
        proxy.hang()
        with socket.create_connection(("127.0.0.1", proxy.port), timeout=1) as sock:
            sock.sendall(b"\x00\x00\x00\x08\x04\xd2\x16\x2f")  # SSLRequest
            with pytest.raises(TimeoutError):
                sock.recv(1)
        proxy.forward()
        with socket.create_connection(("127.0.0.1", proxy.port), timeout=5) as sock:
            sock.sendall(b"\x00\x00\x00\x08\x04\xd2\x16\x2f")
            assert sock.recv(1) in (b"S", b"N")
    finally:
        proxy.close()
