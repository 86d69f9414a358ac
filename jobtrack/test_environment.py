"""A pytest plugin loaded before Django is set up: the test run's environment defaults."""

import os

os.environ.setdefault(
    "SECRET_KEY", "tests-only-not-secret-0123456789-abcdefghijklmnopqrstuvwxyz"
)
os.environ.setdefault("SECURE_SSL_REDIRECT", "0")
os.environ.setdefault("SECURE_COOKIES", "0")
os.environ.setdefault("FAST_PASSWORD_HASHER", "1")
# Sign-in throttling is tested on its own (tests/security/test_axes.py); elsewhere it would
# make the test client's login(), which passes no request, raise.
os.environ.setdefault("AXES_ENABLED", "0")
os.environ.setdefault("STATIC_MANIFEST", "0")
os.environ.setdefault("EMAIL_BACKEND", "django.core.mail.backends.locmem.EmailBackend")
os.environ.setdefault(
    "JOBTRACK_VAR_DIR",
    os.path.join(os.path.dirname(os.path.dirname(__file__)), "var", "test"),
)
