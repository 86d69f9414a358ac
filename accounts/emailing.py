"""The request's half of every email a stranger can trigger: apply the rule, then hand
the address to the worker after the commit (accounts.tasks), so a known and an unknown
address cost the request the same work."""

from .signup import account_signup_start, normalized_email
from .tasks import email_task_enqueue, password_reset_email_task, signup_email_task


def signup_requested(
    *,
    email: str,
    password: str,
    full_name: str,
    timezone: str,
    next_url: str = "",
) -> None:
    """Open the account if the address is new, then queue its email either way."""
    account_signup_start(
        email=email,
        password=password,
        full_name=full_name,
        timezone=timezone,
        next_url=next_url,
    )
    email_task_enqueue(signup_email_task, email=normalized_email(email))


def signup_resend_requested(*, email: str) -> None:
    """A fresh link for an unconfirmed account, a note for a registered one, else nothing;
    decided by the worker."""
    email_task_enqueue(signup_email_task, email=normalized_email(email))


def password_reset_requested(*, email: str) -> None:
    """A reset link for each active account with this address, decided by the worker."""
    email_task_enqueue(password_reset_email_task, email=email)
