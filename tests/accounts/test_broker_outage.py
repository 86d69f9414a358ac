"""The Celery broker down when a stranger-triggered email is handed off: the request sends
it itself rather than lose it (accounts.tasks.email_task_enqueue)."""

import re
import socket
import time

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from jobtrack.celery import app as celery_app
from tests.factories import UserFactory

PASSWORD = "plum tree in spring"


@pytest.fixture
def broker_down(requests_leave_commit_work_queued):
    """The broker URL at a port nothing listens on; tasks are really published."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    conf = celery_app.conf
    saved = conf.broker_url, conf.broker_write_url, conf.task_always_eager

    def forget_pools():  # kombu keeps a pool per broker URL; the app keeps its own
        celery_app._pool = None
        celery_app.amqp._producer_pool = None

    forget_pools()
    conf.broker_url = conf.broker_write_url = f"redis://127.0.0.1:{port}/0"
    conf.task_always_eager = False
    yield
    conf.broker_url, conf.broker_write_url, conf.task_always_eager = saved
    forget_pools()


def post_and_commit(capture, url: str, data: dict):
    with capture(execute=True):
        started = time.perf_counter()
        response = Client().post(url, data)
        elapsed = time.perf_counter() - started
    return response, elapsed


def test_a_sign_up_link_is_sent_in_process_while_the_broker_is_down(
    broker_down, django_capture_on_commit_callbacks, db
):
    response, elapsed = post_and_commit(
        django_capture_on_commit_callbacks,
        reverse("accounts:signup"),
        {
            "email": "vera@example.com",
            "timezone": "UTC",
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
    )
    assert response.url == reverse("accounts:signup_sent")
    (message,) = mail.outbox
    assert message.to == ["vera@example.com"]
    assert re.search(r"/accounts/signup/confirm/\S+/", message.body)
    print(f"sign-up with the broker down: {elapsed * 1000:.0f} ms")


def test_a_reset_link_is_sent_in_process_while_the_broker_is_down(
    broker_down, django_capture_on_commit_callbacks, db
):
    UserFactory(email="vera@example.com")
    response, _ = post_and_commit(
        django_capture_on_commit_callbacks,
        reverse("accounts:password_reset"),
        {"email": "vera@example.com"},
    )
    assert response.url == reverse("accounts:password_reset_done")
    (message,) = mail.outbox
    assert message.to == ["vera@example.com"]
    assert "/accounts/reset/" in message.body


def test_an_unknown_address_still_gets_nothing_while_the_broker_is_down(
    broker_down, django_capture_on_commit_callbacks, db
):
    response, _ = post_and_commit(
        django_capture_on_commit_callbacks,
        reverse("accounts:password_reset"),
        {"email": "nobody@example.com"},
    )
    assert response.url == reverse("accounts:password_reset_done")
    assert mail.outbox == []
