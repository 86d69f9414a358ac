"""Sign-up confirmed by email, answering the same whether or not an address is registered.

A new address becomes an inactive account and gets a signed, 3-day confirmation link; a
registered address gets a note to its owner instead. Either way the page says "check your
email", so sign-up never tells a stranger which addresses have an account here.
"""

import datetime as dt

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


def _fingerprint(user: User) -> str:
    """Changes when the account is confirmed or its password replaced, so a link works once."""
    value = f"{user.pk}|{user.email}|{user.password}|{user.is_active}|{user.last_login}"
    return salted_hmac(_SALT, value, algorithm="sha256").hexdigest()[:32]


def _safe_next(next_url: str) -> str:
    """Only a path on this site may follow confirmation; anything else is dropped."""
    if next_url and url_has_allowed_host_and_scheme(next_url, allowed_hosts=set()):
        return next_url
    return ""


def signup_token_make(*, user: User, next_url: str = "") -> str:
    """A signed, timestamped token naming the account and its current state."""
    payload = {"u": user.pk, "h": _fingerprint(user)}
    if _safe_next(next_url):
        payload["n"] = next_url
    return signing.dumps(payload, salt=_SALT)


def signup_token_read(*, token: str) -> dict | None:
    """The payload of a genuine token signed in the last 3 days, else None."""
    try:
        payload = signing.loads(token, salt=_SALT, max_age=SIGNUP_LINK_MAX_AGE)
    except signing.BadSignature:  # also SignatureExpired
        return None
    return payload if isinstance(payload, dict) else None


def signup_token_next(*, token: str) -> str:
    """Where a genuine link asks to go once confirmed: a path on this site, or ""."""
    payload = signup_token_read(token=token) or {}
    return _safe_next(str(payload.get("n", "")))


def account_is_unconfirmed(*, user: User) -> bool:
    """Signed up but never confirmed: inactive and never signed in."""
    return not user.is_active and user.last_login is None


def _send_confirmation(*, user: User, site_url: str, next_url: str = "") -> None:
    token = signup_token_make(user=user, next_url=next_url)
    make_message(
        "signup-confirm",
        user.email,
        {
            "subject": "Confirm your email to start using jobtrack",
            "name": user.full_name,
            "confirm_url": site_url
            + reverse("accounts:signup_confirm", kwargs={"token": token}),
            "days": SIGNUP_LINK_DAYS,
            "signup_url": site_url + reverse("accounts:signup"),
            "site_url": site_url,
        },
    ).send()


def _send_existing_notice(*, user: User, site_url: str) -> None:
    make_message(
        "signup-existing",
        user.email,
        {
            "subject": "Someone tried to sign up to jobtrack with your email",
            "name": user.full_name,
            "email": user.email,
            "login_url": site_url + reverse("accounts:login"),
            "reset_url": site_url + reverse("accounts:password_reset"),
            "site_url": site_url,
        },
    ).send()


def account_signup_start(
    *,
    email: str,
    password: str,
    full_name: str,
    timezone: str,
    site_url: str,
    next_url: str = "",
) -> None:
    """Create or refresh an unconfirmed account and email a link, or tell the real owner.

    Both branches hash the password once, so neither answers noticeably faster.
    """
    email = User.objects.normalize_email(email).strip().lower()
    password_hash = make_password(password)
    with transaction.atomic():
        user = User.objects.select_for_update().filter(email__iexact=email).first()
        if user is None:
            try:
                with transaction.atomic():
                    user = User.objects.create(
                        email=email,
                        password=password_hash,
                        full_name=full_name,
                        timezone=timezone,
                        is_active=False,
                    )
            except IntegrityError:  # the same address signed up at the same moment
                user = User.objects.select_for_update().get(email__iexact=email)
                confirm = False
            else:
                confirm = True
        elif account_is_unconfirmed(user=user):
            user.password = password_hash
            user.full_name = full_name
            user.timezone = timezone
            user.save(update_fields=["password", "full_name", "timezone"])
            confirm = True
        else:
            confirm = False
    if confirm:
        _send_confirmation(user=user, site_url=site_url, next_url=next_url)
    else:
        _send_existing_notice(user=user, site_url=site_url)


def account_signup_resend(*, email: str, site_url: str) -> None:
    """A fresh link for an unconfirmed account, a note for a registered one, else nothing."""
    email = User.objects.normalize_email(email).strip().lower()
    user = User.objects.filter(email__iexact=email).first()
    if user is None:
        return
    if account_is_unconfirmed(user=user):
        _send_confirmation(user=user, site_url=site_url)
    else:
        _send_existing_notice(user=user, site_url=site_url)


def account_signup_confirm(*, token: str) -> User | None:
    """Activate the account a valid link names; None for a bad, used or expired link."""
    payload = signup_token_read(token=token)
    if payload is None:
        return None
    with transaction.atomic():
        try:
            user = User.objects.select_for_update().get(pk=int(payload["u"]))
        except (KeyError, TypeError, ValueError, User.DoesNotExist):
            return None
        if not account_is_unconfirmed(user=user) or not constant_time_compare(
            str(payload.get("h", "")), _fingerprint(user)
        ):
            return None  # used already, replaced by a newer sign-up, or switched off
        user.is_active = True
        user.save(update_fields=["is_active"])
    return user


def account_unconfirmed_with_password(*, email: str, password: str) -> bool:
    """Whether these are the right credentials of an account still awaiting confirmation.

    An unknown or confirmed address costs the same one hash, so the answer takes as long.
    """
    email = User.objects.normalize_email(email or "").strip().lower()
    user = User.objects.filter(email__iexact=email).first()
    if user is None or not account_is_unconfirmed(user=user):
        make_password(password)
        return False
    return user.check_password(password)
