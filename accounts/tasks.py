"""Celery tasks for the emails a stranger can trigger: thin, taking only an address.

The request queues one of these after its commit and answers at once; the worker looks the
address up and decides what, if anything, to send. So a known and an unknown address cost
the request the same work.

When the broker cannot take the task, the request does the worker's half itself rather
than lose the email: a confirmation or reset link matters more than equal work, which
holds again as soon as the broker is back (README, Security).
"""

import logging
from smtplib import SMTPException

from celery import shared_task
from django.db import transaction
from kombu.exceptions import OperationalError

from .passwords import password_reset_email_send
from .signup import signup_email_send

_RETRY = {
    "autoretry_for": (SMTPException, OSError),
    "retry_backoff": 30,
    "retry_backoff_max": 600,
    "max_retries": 5,
}


@shared_task(ignore_result=True, **_RETRY)
def signup_email_task(*, email: str) -> None:
    signup_email_send(email=email)


@shared_task(ignore_result=True, **_RETRY)
def password_reset_email_task(*, email: str) -> None:
    password_reset_email_send(email=email)


logger = logging.getLogger(__name__)


def email_task_enqueue(task, *, email: str) -> None:
    """After the commit, queue ``task`` for this address; run it here if the broker is
    unreachable."""

    def hand_off() -> None:
        try:
            task.delay(email=email)
        except OperationalError as error:
            logger.warning(
                "broker unreachable, sending %s in-process: %r", task.name, error
            )
            task(email=email)

    transaction.on_commit(hand_off, robust=True)
