"""Security headers on the main pages, and HTML that a strict CSP does not have to excuse.

The browser half (no CSP violation reported by Chromium while the pages run) is
tests/e2e/test_csp.py.
"""

import re

import pytest
from django.urls import reverse

SIGNED_OUT_PAGES = [
    ("accounts:login", None),
    ("accounts:signup", None),
    ("accounts:password_reset", None),
    ("accounts:signup_sent", None),
    ("accounts:signup_resend", None),
]
SIGNED_IN_PAGES = [
    ("overview:dashboard", None),
    ("overview:application_list", None),
    ("applications:create", None),
    ("overview:application_detail", "application"),
    ("applications:edit", "application"),
    ("applications:interview_log", None),
    ("overview:interview_detail", "interview"),
    ("applications:interview_edit", "interview"),
    ("letters:list", None),
    ("letters:edit", "letter"),
    ("accounts:profile", None),
    ("accounts:password_change", None),
    ("overview:account_delete", None),
]

INLINE_SCRIPT = re.compile(r"<script\b(?![^>]*\bsrc=)[^>]*>", re.I)
INLINE_STYLE = re.compile(r"<style\b|\sstyle\s*=", re.I)
EVENT_HANDLER = re.compile(r"<[^>]+\son[a-z]+\s*=", re.I)
JS_URL = re.compile(r"""(?:href|src|action)\s*=\s*["']\s*javascript:""", re.I)
EXTERNAL = re.compile(r"""(?:src|href)\s*=\s*["'](?:https?:)?//""", re.I)


def csp_directives(header: str) -> dict[str, list[str]]:
    directives = {}
    for part in header.split(";"):
        words = part.split()
        if words:
            directives[words[0]] = words[1:]
    return directives


def get_page(client, name, key, objects):
    args = [objects[key].pk] if key else []
    response = client.get(reverse(name, args=args))
    assert response.status_code == 200, f"{name}: {response.status_code}"
    return response


def assert_secure_headers(response, name):
    csp = csp_directives(response["Content-Security-Policy"])
    assert csp["default-src"] == ["'self'"], name
    assert csp["script-src"] == ["'self'"], name
    assert csp["style-src"] == ["'self'"], name
    assert csp["frame-ancestors"] == ["'none'"], name
    assert csp["object-src"] == ["'none'"], name
    assert csp["base-uri"] == ["'self'"], name
    assert csp["form-action"] == ["'self'"], name
    assert not [
        d for d, v in csp.items() if "'unsafe-inline'" in v or "'unsafe-eval'" in v
    ]
    assert response["X-Frame-Options"] == "DENY", name
    assert response["Referrer-Policy"] == "same-origin", name
    assert response["X-Content-Type-Options"] == "nosniff", name
    assert response["Cross-Origin-Opener-Policy"] == "same-origin", name


def assert_nothing_inline(html: str, name: str):
    assert not INLINE_SCRIPT.findall(html), f"{name}: inline <script>"
    assert not INLINE_STYLE.findall(html), f"{name}: inline style"
    assert not EVENT_HANDLER.findall(html), f"{name}: inline event handler"
    assert not JS_URL.findall(html), f"{name}: javascript: URL"
    assert not EXTERNAL.findall(html), f"{name}: third-party origin"


@pytest.mark.parametrize(("name", "key"), SIGNED_OUT_PAGES)
def test_signed_out_pages_send_the_security_headers(client, db, name, key):
    response = get_page(client, name, key, {})
    assert_secure_headers(response, name)
    assert_nothing_inline(response.content.decode(), name)


@pytest.mark.parametrize(("name", "key"), SIGNED_IN_PAGES)
def test_signed_in_pages_send_the_security_headers(
    alice_own_client, alice_objects, name, key
):
    response = get_page(alice_own_client, name, key, alice_objects)
    assert_secure_headers(response, name)
    assert_nothing_inline(response.content.decode(), name)


def test_error_pages_send_the_security_headers(alice_own_client, alice_objects):
    response = alice_own_client.get(reverse("letters:edit", args=[2_000_000_000]))
    assert response.status_code == 404
    assert_secure_headers(response, "404")


def test_downloads_send_the_security_headers(alice_own_client, alice_objects):
    letter = alice_objects["letter"]
    response = alice_own_client.get(reverse("exports:letter", args=[letter.pk, "txt"]))
    assert response.status_code == 200
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"].startswith("attachment;")


def test_the_inline_checks_catch_what_they_look_for():
    """The regular expressions above are not vacuous."""
    for html in (
        "<script>alert(1)</script>",
        '<p style="color:red">',
        "<style>p{}</style>",
        '<a href="#" onclick="x()">',
        '<a href="javascript:x()">',
        '<script src="https://cdn.example.com/x.js"></script>',
    ):
        with pytest.raises(AssertionError):
            assert_nothing_inline(html, "sample")
    assert_nothing_inline('<script src="/static/js/x.js"></script>', "sample")
