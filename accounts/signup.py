"""Sign-up confirmed by email, answering the same whether or not an address is registered.

A new address becomes an inactive account and gets a signed, 3-day confirmation link; a
registered address gets a note to its owner instead. Either way the page says "check your
email", so sign-up never tells a stranger which addresses have an account here.

Whoever signs up first with an address can never be overruled by a later sign-up: a
repeated sign-up (confirmed or not) changes nothing and only mails the address its own
link or a note. Nor can whoever signed up first keep a way in once the mailbox's owner
confirms: the link's page asks for the password (and shows the name and timezone), and
only what is typed there is kept, so a password chosen by someone without the mailbox
stops working. The mail goes out from a Celery task after the commit, so the request
does the same work for every address, and no email carries text a stranger typed.
"""

import datetime as dt

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core import signing
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.http import url_has_allowed_host_and_scheme

from jobtrack.emails import make_message

from .models import User

SIGNUP_LINK_MAX_AGE = dt.timedelta(days=3)
SIGNUP_LINK_DAYS = SIGNUP_LINK_MAX_AGE.days
_SALT = "accounts.signup.confirm"
SIGNUP_NEXT_MAX_LENGTH = 2000


def _fingerprint(user: User) -> str:
    """Changes when the account is confirmed or its password replaced, so a link works once."""
    value = f"{user.pk}|{user.email}|{user.password}|{user.is_active}|{user.last_login}"
    return salted_hmac(_SALT, value, algorithm="sha256").hexdigest()[:32]


def _safe_next(next_url: str) -> str:
    """Only a path on this site may follow confirmation; anything else is dropped."""
    if (
        next_url
        and len(next_url) <= SIGNUP_NEXT_MAX_LENGTH
        and url_has_allowed_host_and_scheme(next_url, allowed_hosts=set())
    ):
        return next_url
    return ""


def signup_token_make(*, user: User) -> str:
    """A signed, timestamped token naming the account and its current state."""
    return signing.dumps({"u": user.pk, "h": _fingerprint(user)}, salt=_SALT)


def signup_token_read(*, token: str) -> dict | None:
    """The payload of a genuine token signed in the last 3 days, else None."""
    try:
        payload = signing.loads(token, salt=_SALT, max_age=SIGNUP_LINK_MAX_AGE)
    except signing.BadSignature:  # also SignatureExpired
        return None
    return payload if isinstance(payload, dict) else None


def signup_next(*, user: User) -> str:
    """Where the account's first sign-up asked to go once confirmed: a path here, or ""."""
    return _safe_next(user.signup_next)


def account_is_unconfirmed(*, user: User) -> bool:
    """Signed up but never confirmed: inactive and never signed in."""
    return not user.is_active and user.last_login is None


def _send_confirmation(*, user: User) -> None:
    site_url = settings.SITE_URL
    token = signup_token_make(user=user)
    make_message(
        "signup-confirm",
        user.email,
        {
            "subject": "Confirm your email to start using jobtrack",
            "email": user.email,
            "confirm_url": site_url
            + reverse("accounts:signup_confirm", kwargs={"token": token}),
            "days": SIGNUP_LINK_DAYS,
            "signup_url": site_url + reverse("accounts:signup"),
            "site_url": site_url,
        },
    ).send()


def _send_existing_notice(*, user: User) -> None:
    site_url = settings.SITE_URL
    make_message(
        "signup-existing",
        user.email,
        {
            "subject": "Someone tried to sign up to jobtrack with your email",
            "email": user.email,
            "login_url": site_url + reverse("accounts:login"),
            "reset_url": site_url + reverse("accounts:password_reset"),
            "site_url": site_url,
        },
    ).send()


def normalized_email(email: str) -> str:
    return User.objects.normalize_email(email or "").strip().lower()


def signup_email_send(*, email: str) -> None:
    """The worker's half: the account's own link if unconfirmed, a note if confirmed,
    nothing if there is no account."""
    user = User.objects.filter(email__iexact=normalized_email(email)).first()
    if user is None:
        return
    if account_is_unconfirmed(user=user):
        _send_confirmation(user=user)
    else:
        _send_existing_notice(user=user)


def account_signup_start(
    *,
    email: str,
    password: str,
    full_name: str,
    timezone: str,
    next_url: str = "",
) -> None:
    """Open an unconfirmed account for a new address (accounts.emailing then mails it).

    An existing account, confirmed or not, is left exactly as it is. The password is hashed
    either way, so a taken address does not answer noticeably faster.
    """
    email = normalized_email(email)
    password_hash = make_password(password)
    if not User.objects.filter(email__iexact=email).exists():
        try:
            with transaction.atomic():
                User.objects.create(
                    email=email,
                    password=password_hash,
                    full_name=full_name,
                    timezone=timezone,
                    signup_next=_safe_next(next_url),
                    is_active=False,
                )
        except IntegrityError:  # the same address signed up at the same moment: it won
            pass


def _token_account(*, token: str, for_update: bool) -> User | None:
    """The unconfirmed account a genuine, current link names, else None."""
    payload = signup_token_read(token=token)
    if payload is None:
        return None
    users = User.objects.select_for_update() if for_update else User.objects
    try:
        user = users.get(pk=int(payload["u"]))
    except (KeyError, TypeError, ValueError, User.DoesNotExist):
        return None
    if not account_is_unconfirmed(user=user) or not constant_time_compare(
        str(payload.get("h", "")), _fingerprint(user)
    ):
        return None  # used already, or switched off
    return user


def signup_token_account(*, token: str) -> User | None:
    """Whom a link would confirm, without confirming it (the page that asks first)."""
    return _token_account(token=token, for_update=False)


def account_signup_confirm(
    *, token: str, password: str, full_name: str, timezone: str
) -> User | None:
    """Activate the account a valid link names, with the password, name and timezone
    typed on the link's page; None for a bad, used or expired link.

    Only the link's opener has proved control of the mailbox, so whatever the sign-up
    set is replaced, and the link stops working (its fingerprint holds the password).
    """
    with transaction.atomic():
        user = _token_account(token=token, for_update=True)
        if user is None:
            return None
        user.set_password(password)
        user.full_name = full_name
        user.timezone = timezone
        user.is_active = True
        user.save(update_fields=["password", "full_name", "timezone", "is_active"])
    return user


def account_unconfirmed_with_password(*, email: str, password: str) -> bool:
    """Whether these are the right credentials of an account still awaiting confirmation.

    An unknown or confirmed address costs the same one hash, so the answer takes as long.
    """
    user = User.objects.filter(email__iexact=normalized_email(email)).first()
    if user is None or not account_is_unconfirmed(user=user):
        make_password(password)
        return False
    return user.check_password(password)
