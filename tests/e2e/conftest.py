"""Playwright fixtures shared by the browser tests: Debian's Chromium against live_server.

Every test in tests/e2e/ is marked `browser`. Without /usr/bin/chromium the tests skip on a
developer machine and fail in CI (CI is set), so a missing browser is never silently green.
"""

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

# Playwright's sync API runs an event loop in this thread; Django's ORM refuses to run
# inside one unless told the caller knows what it is doing (tests touch the DB directly).
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
# UserFactory's password; users built by the factories sign in with it.
PASSWORD = "correct horse battery"
E2E_DIR = Path(__file__).resolve().parent

# The live server serves static files from the finders; whitenoise only needs STATIC_ROOT
# to exist, and warns on every live server start when it does not.
Path(settings.STATIC_ROOT).mkdir(parents=True, exist_ok=True)


def pytest_collection_modifyitems(items):
    """Mark every test under tests/e2e/ as a browser test (`-m "not browser"` skips them),
    served with the page cache as in production."""
    for item in items:
        if E2E_DIR in Path(str(item.path)).resolve().parents:
            item.add_marker(pytest.mark.browser)
            item.add_marker(pytest.mark.page_cache)


# One Playwright per process: Playwright's sync API refuses a second instance in the same
# thread, and other folders import these fixtures (each import is its own session fixture).
_running: dict = {}


def _chromium():
    if "browser" not in _running:
        from playwright.sync_api import sync_playwright

        playwright = sync_playwright().start()
        _running["playwright"] = playwright
        _running["browser"] = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS
        )
    return _running["browser"]


def _chromium_stop():
    browser = _running.pop("browser", None)
    if browser is not None:
        browser.close()
        _running.pop("playwright").stop()


@pytest.fixture(scope="session")
def browser() -> Iterator:
    """One headless Chromium for the whole run; each test gets its own context."""
    if not os.path.exists(CHROMIUM):
        message = f"{CHROMIUM} is missing: install Debian's chromium package"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    yield _chromium()
    _chromium_stop()


def _new_page(browser, viewport: dict, **options):
    context = browser.new_context(
        viewport=viewport,
        locale="en-US",
        timezone_id="Europe/Berlin",  # the factories' default user timezone
        **options,
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    return context, page


@pytest.fixture
def page(browser) -> Iterator:
    """A fresh desktop-width page (1280x900) with no cookies."""
    context, page = _new_page(browser, DESKTOP)
    yield page
    context.close()


@pytest.fixture
def phone_page(browser) -> Iterator:
    """A fresh phone-width page (390x844, touch) with no cookies."""
    context, page = _new_page(browser, PHONE, is_mobile=True, has_touch=True)
    yield page
    context.close()


@pytest.fixture
def live_url(live_server) -> Callable[..., str]:
    """live_url("overview:application_detail", pk) -> absolute URL on the live server."""

    def build(name: str, *args, query: str = "") -> str:
        url = live_server.url + reverse(name, args=args)
        return f"{url}?{query}" if query else url

    return build


@pytest.fixture
def sign_in(live_url) -> Callable:
    """sign_in(page, user) signs in through the real login form and returns the page."""

    def do_sign_in(page, user, password: str = PASSWORD):
        page.goto(live_url("accounts:login"))
        page.fill("input[name='username']", user.email)
        page.fill("input[name='password']", password)
        page.locator("main form [type=submit]").first.click()
        page.wait_for_url(lambda url: "/accounts/login/" not in url)
        return page

    return do_sign_in


@pytest.fixture
def signed_in_page(page, sign_in) -> Callable:
    """signed_in_page(user) -> the desktop page, signed in as that user."""
    return lambda user, password=PASSWORD: sign_in(page, user, password)


@pytest.fixture
def signed_in_phone_page(phone_page, sign_in) -> Callable:
    """signed_in_phone_page(user) -> the phone page, signed in as that user."""
    return lambda user, password=PASSWORD: sign_in(phone_page, user, password)
