"""Celery tasks for the emails a stranger can trigger: thin, taking only an address.

The request queues one of these after its commit and answers at once; the worker looks the
address up and decides what, if anything, to send. So a known and an unknown address cost
the request the same work.
"""

from smtplib import SMTPException

from celery import shared_task

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
