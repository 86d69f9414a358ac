"""Rate limits (django-ratelimit) on what a stranger can make this site do.

Sign-up, resending the sign-up link and password reset all mail an address someone typed:
together they send at most ACCOUNT_EMAIL_RATE_PER_ADDRESS to one address and take at most
ACCOUNT_EMAIL_RATE_PER_CLIENT from one client. Sign-in takes SIGNIN_RATE_PER_CLIENT
attempts from one client, whatever the addresses: django-axes locks one address on one
client, this stops one client trying a password on many addresses.
Over a limit, the views answer as usual and send nothing, so the page never tells.
"""

from django.conf import settings
from django.http import HttpRequest
from django_ratelimit.core import is_ratelimited

from .models import User


def account_email_limited(*, request: HttpRequest, email: str) -> bool:
    """Count this email request by address and by client; True when either is over."""
    address = User.objects.normalize_email(email).strip().lower()
    by_address = is_ratelimited(
        request,
        group="accounts.email.address",
        key=lambda group, request: address,
        rate=settings.ACCOUNT_EMAIL_RATE_PER_ADDRESS,
        increment=True,
    )
    by_client = is_ratelimited(
        request,
        group="accounts.email.client",
        key="ip",
        rate=settings.ACCOUNT_EMAIL_RATE_PER_CLIENT,
        increment=True,
    )
    return by_address or by_client


def signin_limited(*, request: HttpRequest) -> bool:
    """Count this sign-in attempt by client; True when it is over the limit."""
    return is_ratelimited(
        request,
        group="accounts.signin.client",
        key="ip",
        rate=settings.SIGNIN_RATE_PER_CLIENT,
        increment=True,
    )
