"""Signed-in pages kept for a minute, under a key that changes whenever the user's data
may have: a page looked at again without a change in between is served from the cache
instead of being rendered again.

A page is kept under its user, the time of the user's last change
(``User.data_changed_at``), the user's CSRF secret (so the token in its forms stays
valid), the code's release and the full path. ``DataChangedMiddleware`` moves
``data_changed_at`` on after every request that may write (any method but GET, HEAD,
OPTIONS and TRACE) by a signed-in user, so the page after a save is always rendered
afresh. What changes without a request of the user (a reminder sent by the worker, the
clock passing an interview's end) shows once the kept page is PAGE_CACHE_SECONDS old:
one request renders it again while the others asking meanwhile get the kept one, so a
slow page is never rendered by many requests at once.

With the cache's server down or silent, every page is rendered (after one failed read).

Never kept: a page with a message to show, a response that sets a cookie, one its view
marked no-store (figures still being worked out), one that is not a complete 200 HTML
page, a request without a CSRF cookie yet.
"""

import hashlib
import logging
import time
from functools import cache as cache_once
from functools import wraps
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.messages import get_messages
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from .cache_errors import CACHE_ERRORS

logger = logging.getLogger(__name__)

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})
_CODE_SUFFIXES = (".py", ".html", ".json")


def _code_release() -> str:
    """A digest of the code and templates this process runs: a new release never serves
    a page rendered by the old one."""
    root = Path(settings.BASE_DIR)
    digest = hashlib.sha256()
    for folder in sorted(p for p in root.iterdir() if p.is_dir()):
        if folder.name.startswith(".") or folder.name in {"var", "node_modules"}:
            continue
        for path in sorted(folder.rglob("*")):
            if path.suffix in _CODE_SUFFIXES and path.is_file():
                stat = path.stat()
                digest.update(f"{path}:{stat.st_mtime_ns}:{stat.st_size}".encode())
    return digest.hexdigest()[:16]


@cache_once
def code_release() -> str:
    return settings.PAGE_CACHE_RELEASE or _code_release()


def data_changed(*, user_id: int) -> None:
    """The user's data may have changed: their kept pages are not served again."""
    get_user_model().objects.filter(pk=user_id).update(data_changed_at=timezone.now())


def page_key(request: HttpRequest) -> str | None:
    """The cache key of this request's page, or None when it must be rendered."""
    seconds = settings.PAGE_CACHE_SECONDS
    user = request.user
    csrf_secret = request.COOKIES.get(settings.CSRF_COOKIE_NAME)
    if (
        not seconds
        or request.method not in ("GET", "HEAD")
        or not user.is_authenticated
        or not csrf_secret
        or len(get_messages(request))
    ):
        return None
    changed = user.data_changed_at.isoformat() if user.data_changed_at else "-"
    parts = (
        str(user.pk),
        changed,
        csrf_secret,
        code_release(),
        request.get_full_path(),
    )
    return "page:" + hashlib.sha256("\n".join(parts).encode()).hexdigest()


def _storable(request: HttpRequest, response: HttpResponse) -> bool:
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and response.get("Content-Type", "").startswith("text/html")
        and "no-store" not in response.get("Cache-Control", "")
        and not len(get_messages(request))
    )


def cached_page(view):
    """Serve the view's page from the cache while nothing of the user's has changed
    (see the module's docstring); innermost, under login_required."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        key = page_key(request)
        if key is None:
            return view(request, *args, **kwargs)
        seconds = settings.PAGE_CACHE_SECONDS
        try:
            kept = cache.get(key)
            if kept is not None:
                rendered_at, content, headers = kept
                fresh = time.time() - rendered_at < seconds
                if fresh or not cache.add(f"{key}:renewing", True, seconds):
                    response = HttpResponse(content)
                    for name, value in headers:
                        response[name] = value
                    return response
        except CACHE_ERRORS as error:
            logger.warning("kept pages unavailable, rendering: %r", error)
            return view(request, *args, **kwargs)
        rendered_at = time.time()
        response = view(request, *args, **kwargs)
        try:
            if _storable(request, response):
                kept = (rendered_at, response.content, list(response.items()))
                cache.set(key, kept, 2 * seconds)
            cache.delete(f"{key}:renewing")
        except CACHE_ERRORS as error:
            logger.warning("page not kept: %r", error)
        return response

    return wrapper


class DataChangedMiddleware:
    """After any request that may write, by a signed-in user: their pages are stale.

    After the view, whatever happened in it (a failed form writes nothing, but a view
    that wrote and then failed must not leave a stale page behind), and outside the
    view's transaction, so no page is rendered from data older than the mark.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method in SAFE_METHODS:
            return self.get_response(request)
        user = getattr(request, "user", None)
        user_id = user.pk if user is not None and user.is_authenticated else None
        try:
            return self.get_response(request)
        finally:
            if user_id is not None:
                data_changed(user_id=user_id)
