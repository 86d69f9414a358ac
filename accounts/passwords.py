"""Password reset by email: queued by the request, looked up and sent by the worker.

The link is built from settings.SITE_URL, never from the request's Host header, so a
forged Host cannot point a reset link at another site.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth.forms import PasswordResetForm


def password_reset_email_send(*, email: str) -> None:
    """Mail a reset link to each active account with this address; nothing otherwise."""
    form = PasswordResetForm(data={"email": email})
    if not form.is_valid():
        return
    site = urlsplit(settings.SITE_URL)
    form.save(
        domain_override=site.netloc,
        use_https=site.scheme == "https",
        extra_email_context={"site_url": settings.SITE_URL},
    )
