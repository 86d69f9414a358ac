"""Rate limits (django-ratelimit) on what a stranger can make this site do.

Sign-up, resending the sign-up link and password reset all mail an address someone typed:
together they send at most ACCOUNT_EMAIL_RATE_PER_ADDRESS to one address and take at most
ACCOUNT_EMAIL_RATE_PER_CLIENT from one client. Sign-in takes SIGNIN_RATE_PER_CLIENT
attempts from one client, whatever the addresses: django-axes locks one address on one
client, this stops one client trying a password on many addresses.
Over a limit, the views answer as usual and send nothing, so the page never tells.

When the cache holding the counters cannot be reached (Redis down; django-ratelimit's
RATELIMIT_FAIL_OPEN does not catch the errors Django's Redis cache raises), sign-in goes
on without its spraying cap: django-axes, kept in the database, still locks an address
on a client. The email limits fail closed instead (RateLimitUnavailable): they alone
bound what a stranger can make us mail to someone's inbox, and the same Redis is
usually the Celery broker, so nothing could be queued anyway.
"""

import logging

from django.conf import settings
from django.http import HttpRequest
from django_ratelimit.core import is_ratelimited

from jobtrack.cache_errors import CACHE_ERRORS

from .models import User

logger = logging.getLogger(__name__)


class RateLimitUnavailable(Exception):
    """The counters cannot be read, so an email limit cannot be checked."""


def _over(request: HttpRequest, *, group: str, key, rate: str) -> bool:
    try:
        return is_ratelimited(request, group=group, key=key, rate=rate, increment=True)
    except CACHE_ERRORS as error:
        logger.warning("rate limit %s unavailable: %r", group, error)
        raise RateLimitUnavailable(group) from error


def account_email_limited(*, request: HttpRequest, email: str) -> bool:
    """Count this email request by address and by client; True when either is over.

    Raises RateLimitUnavailable when the counters cannot be reached.
    """
    address = User.objects.normalize_email(email).strip().lower()
    by_address = _over(
        request,
        group="accounts.email.address",
        key=lambda group, request: address,
        rate=settings.ACCOUNT_EMAIL_RATE_PER_ADDRESS,
    )
    by_client = _over(
        request,
        group="accounts.email.client",
        key="ip",
        rate=settings.ACCOUNT_EMAIL_RATE_PER_CLIENT,
    )
    return by_address or by_client


def signin_limited(*, request: HttpRequest) -> bool:
    """Count this sign-in attempt by client; True when it is over the limit, False
    when the counters cannot be reached (django-axes still guards each address)."""
    try:
        return _over(
            request,
            group="accounts.signin.client",
            key="ip",
            rate=settings.SIGNIN_RATE_PER_CLIENT,
        )
    except RateLimitUnavailable:
        return False
