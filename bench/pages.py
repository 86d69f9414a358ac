"""Pages under load against the reference views, interleaved, and their query counts."""

import http.client
import statistics
import time
import urllib.parse
from dataclasses import dataclass, field

from .data import page_email
from .launch import wait_until
from .load import LoadResult, wrk

PAGES = (
    ("dashboard", "Dashboard"),
    ("applications", "Applications list"),
    ("application", "Application detail"),
    ("editor", "Letter editor"),
    ("letters", "Letters list"),
    ("log", "Log-interview form"),
    ("insights", "Insights (all time)"),
    ("record", "Work-search record"),
    ("invite", "Calendar invite import"),
    ("history", "Letter history"),
)
REFERENCES = (
    ("raw", "Raw WSGI hello", "/bench/raw"),
    ("bare", "Bare Django view", "/bench/bare/"),
    ("signed_in", "Bare signed-in view", "/bench/signed-in/"),
)


@dataclass
class Target:
    size: int
    cookie: str
    paths: dict[str, str]


@dataclass
class PageResults:
    runs: dict[str, list[LoadResult]] = field(default_factory=dict)
    ratios: dict[str, list[float]] = field(default_factory=dict)
    scale: dict[str, list[float]] = field(default_factory=dict)
    queries: dict[str, dict[int, int]] = field(default_factory=dict)


def _session_cookie(user) -> str:
    """A signed-in session made the way django.contrib.auth.login makes it, with the
    CSRF cookie a browser holds after its first page."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django.middleware.csrf import CSRF_ALLOWED_CHARS, CSRF_SECRET_LENGTH
    from django.utils.crypto import get_random_string

    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    csrf_secret = get_random_string(CSRF_SECRET_LENGTH, CSRF_ALLOWED_CHARS)
    return (
        f"{settings.SESSION_COOKIE_NAME}={session.session_key}; "
        f"{settings.CSRF_COOKIE_NAME}={csrf_secret}"
    )


def target_for(size: int) -> Target:
    """The pages of the user with ``size`` applications; objects of the same shape at
    every size (the newest application: five rounds, ten letters)."""
    from django.utils import timezone

    from accounts.models import User
    from applications.models import Application
    from insights.forms import LONGEST_EXPORT
    from letters.models import Letter, LetterStatus

    user = User.objects.get(email=page_email(size))
    # The record's widest range the form takes (an invalid one falls back to 4 weeks).
    today = timezone.localdate()
    application = Application.objects.for_user(user).order_by("-updated_at").first()
    letter = (
        Letter.objects.for_user(user)
        .filter(application=application, status=LetterStatus.DRAFT)
        .order_by("-interview__ends_at", "id")
        .first()
    )
    return Target(
        size=size,
        cookie=_session_cookie(user),
        paths={
            "dashboard": "/",
            "applications": "/applications/",
            "application": f"/applications/{application.pk}/",
            "editor": f"/letters/{letter.pk}/",
            "letters": "/letters/",
            "log": "/interviews/log/",
            "insights": "/insights/?period=all",
            "record": f"/insights/record/?start={today - LONGEST_EXPORT}&end={today}",
            "invite": "/followup/invite/",
            "history": f"/letters/{letter.pk}/history/",
        },
    )


def check_ok(base: str, path: str, cookie: str = "") -> None:
    """The load tool counts a redirect to the sign-in page as success; refuse it here."""
    url = urllib.parse.urlsplit(base)
    connection = http.client.HTTPConnection(url.hostname, url.port, timeout=30)
    connection.request("GET", path, headers={"Cookie": cookie} if cookie else {})
    response = connection.getresponse()
    response.read()
    connection.close()
    if response.status != 200:
        raise RuntimeError(f"GET {path} answered {response.status}, not 200")


def settle(base: str, *, quiet_ms: float = 30.0, timeout: float = 120.0) -> None:
    """Wait until the server has worked off what the last load left queued: a slow page
    keeps every thread busy after wrk stops, and the next run would pay for it."""

    def quick() -> bool:
        started = time.perf_counter()
        try:
            check_ok(base, "/bench/raw")
        except TimeoutError:
            return False
        return (time.perf_counter() - started) * 1000 < quiet_ms

    wait_until(quick, timeout=timeout, interval=0.05)


def rendering_client(size: int):
    """A test client signed in as the user with ``size`` applications, each page
    rendered (the page cache off), as after every change: what the in-process
    figures measure."""
    from django.conf import settings
    from django.test import Client

    from accounts.models import User

    if "testserver" not in settings.ALLOWED_HOSTS:
        settings.ALLOWED_HOSTS.append("testserver")
    settings.PAGE_CACHE_SECONDS = 0
    client = Client()
    client.force_login(User.objects.get(email=page_email(size)))
    return client


def queries_per_page(targets: dict[int, Target], sizes) -> dict[str, dict[int, int]]:
    """SQL statements per page at each size, counted in-process with the test client,
    each page rendered (the page cache off)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    counts: dict[str, dict[int, int]] = {}
    for size in sizes:
        client = rendering_client(size)
        for key, _ in PAGES:
            path = targets[size].paths[key]
            client.get(path)  # warm: the session and caches as under load
            with CaptureQueriesContext(connection) as captured:
                response = client.get(path)
            assert response.status_code == 200, (path, response.status_code)
            counts.setdefault(key, {})[size] = len(captured.captured_queries)
    return counts


def server_times(targets: list[Target], *, runs: int) -> dict[int, dict[str, float]]:
    """Median milliseconds of one request per page and size, in this process (test
    client, no network, no worker queue): the server's own cost of rendering it (the
    page cache off), free of the load tool's noise. The sizes take turns request by
    request, so whatever else the machine does meanwhile weighs on each size alike
    and their ratio stays fair."""
    clients = {target.size: rendering_client(target.size) for target in targets}
    times: dict[int, dict[str, float]] = {target.size: {} for target in targets}
    for key, _ in PAGES:
        samples: dict[int, list[float]] = {target.size: [] for target in targets}
        for _ in range(3):  # warm: imports, template and fragment caches
            for target in targets:
                clients[target.size].get(target.paths[key])
        for _ in range(runs):
            for target in targets:
                started = time.perf_counter()
                response = clients[target.size].get(target.paths[key])
                samples[target.size].append((time.perf_counter() - started) * 1000)
                assert response.status_code == 200, (key, response.status_code)
        for size, taken in samples.items():
            times[size][key] = statistics.median(taken)
    return times


def run_pages(
    *,
    base: str,
    targets: dict[int, Target],
    main: int,
    small: int,
    big: int,
    repeats: int,
    seconds: float,
    connections: int,
    log,
) -> PageResults:
    """Each repeat: the references, then every page at ``main``, ``small`` and ``big``
    rows back to back, so each ratio compares runs a few seconds apart."""
    results = PageResults()
    signed_cookie = targets[main].cookie
    for _, _, path in REFERENCES:
        check_ok(base, path, signed_cookie)
    for size in {main, small, big}:
        for path in targets[size].paths.values():
            check_ok(base, path, targets[size].cookie)

    def load(key: str, path: str, cookie: str) -> LoadResult:
        result = wrk(
            base + path,
            cookie=cookie,
            seconds=seconds,
            connections=connections,
            allow_empty=True,
        )
        settle(base)
        if result is None:  # not one response within the run: slower than its length
            result = LoadResult(0.0, seconds * 1000, seconds * 1000, 0, 0)
        if result.errors:
            raise RuntimeError(f"{path}: {result.errors} failed requests under load")
        results.runs.setdefault(key, []).append(result)
        return result

    # Warm every worker: imports, template caches, connections.
    for size in {main, small, big}:
        for path in targets[size].paths.values():
            wrk(
                base + path,
                cookie=targets[size].cookie,
                seconds=2,
                connections=connections,
                allow_empty=True,
            )
            settle(base)
    for repeat in range(repeats):
        refs = {key: load(key, path, signed_cookie) for key, _, path in REFERENCES}
        for key, _ in PAGES:
            page = load(key, targets[main].paths[key], targets[main].cookie)
            at_small = load(
                f"{key}@small", targets[small].paths[key], targets[small].cookie
            )
            at_big = load(f"{key}@big", targets[big].paths[key], targets[big].cookie)
            results.ratios.setdefault(key, []).append(
                page.rps / refs["signed_in"].rps if refs["signed_in"].rps else 0.0
            )
            results.scale.setdefault(key, []).append(
                at_big.rps / at_small.rps if at_small.rps else 0.0
            )
        log(
            f"repeat {repeat + 1}/{repeats}: signed-in {refs['signed_in'].rps:.0f} req/s, "
            + ", ".join(
                f"{key} {results.runs[key][-1].rps:.0f} "
                f"({results.runs[key + '@small'][-1].rps:.0f} @{small}, "
                f"{results.runs[key + '@big'][-1].rps:.0f} @{big})"
                for key, _ in PAGES
            )
        )
    return results


def median_of(results: list[LoadResult], attribute: str) -> float:
    return statistics.median(getattr(r, attribute) for r in results)
