"""A client-side deadline for PostgreSQL, so a silent server cannot hold a request forever.

PostgreSQL's statement_timeout is enforced by the server, and libpq's connect_timeout only
by its blocking connect: neither helps when the server (or a proxy in front of it) accepts
the connection and then never answers. psycopg2's documented wait-callback hook lets us
wait on the socket ourselves, with a deadline: the connection phase gets
DATABASE_CONNECT_TIMEOUT, every later round trip DATABASE_STATEMENT_TIMEOUT plus the
connect timeout (so the server's own cancellation arrives first when the server is alive).
Past the deadline the wait raises psycopg2.OperationalError, which Django wraps as
django.db.OperationalError and jobtrack.views.server_error turns into the 503 page.
"""

import select

import psycopg2
from django.conf import settings
from psycopg2 import extensions


def install_wait_callback() -> None:
    if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        return
    extensions.set_wait_callback(wait_with_deadline)


def seconds_allowed(*, connecting: bool) -> float | None:
    """How long the server may stay silent; None means no limit (both timeouts off)."""
    connect = settings.DATABASE_CONNECT_TIMEOUT
    statement = settings.DATABASE_STATEMENT_TIMEOUT
    if connecting:
        return connect or None
    if not statement:
        return None
    return statement + (connect or 5)


def wait_with_deadline(conn) -> None:
    limit = seconds_allowed(connecting=conn.status == extensions.STATUS_SETUP)
    while True:
        state = conn.poll()
        if state == extensions.POLL_OK:
            return
        if state == extensions.POLL_READ:
            ready = select.select([conn.fileno()], [], [], limit)[0]
        elif state == extensions.POLL_WRITE:
            ready = select.select([], [conn.fileno()], [], limit)[1]
        else:
            raise psycopg2.OperationalError(f"unexpected poll state {state}")
        if not ready:
            raise psycopg2.OperationalError(
                f"the database did not answer within {limit} s"
            )
