"""Production settings: `manage.py check --deploy` run the way production starts the app.

The check runs in a subprocess with a clean, production-like environment (DEBUG off, a
strong SECRET_KEY, real host names), because the test process itself runs with test
defaults (no SSL redirect, insecure cookies, a fast hasher) that the check must not see.
"""

import os
import secrets
import subprocess
import sys
from pathlib import Path

from django.conf import settings
from django.urls import reverse

from accounts.models import User

BASE_DIR = Path(__file__).resolve().parents[2]


def production_env(tmp_path: Path, **overrides: str) -> dict[str, str]:
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": os.environ.get("HOME", "/tmp"),
        "LANG": "C.UTF-8",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "jobtrack.example.com",
        "CSRF_TRUSTED_ORIGINS": "https://jobtrack.example.com",
        "SITE_URL": "https://jobtrack.example.com",
        "JOBTRACK_VAR_DIR": str(tmp_path),
    }
    if "DATABASE_URL" in os.environ:
        env["DATABASE_URL"] = os.environ["DATABASE_URL"]
    env.update(overrides)
    return {key: value for key, value in env.items() if value is not None}


def run_manage(env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_deploy_check_reports_nothing_with_production_settings(tmp_path):
    result = run_manage(
        production_env(tmp_path), "check", "--deploy", "--fail-level", "DEBUG"
    )
    assert result.returncode == 0, result.stdout + result.stderr
    # Only django-ratelimit's cache-backend checks are silenced, for the reasons given
    # next to CACHES in settings (Django's own Redis cache; one process without Redis).
    assert "System check identified no issues (2 silenced)." in result.stdout
    with_redis = run_manage(
        production_env(tmp_path, REDIS_URL="redis://127.0.0.1:6379/1"),
        "check", "--deploy", "--fail-level", "DEBUG",
    )  # fmt: skip
    assert "System check identified no issues (1 silenced)." in with_redis.stdout


def test_deploy_check_flags_a_production_setting_switched_off(tmp_path):
    """The check above can fail: without the SSL redirect Django reports W008."""
    env = production_env(tmp_path, SECURE_SSL_REDIRECT="0")
    result = run_manage(env, "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode != 0
    assert "security.W008" in result.stdout + result.stderr


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    env = production_env(tmp_path)
    del env["SECRET_KEY"]
    result = run_manage(env, "check")
    assert result.returncode != 0
    assert "SECRET_KEY (or SECRET_KEY_FILE) must be set" in result.stderr


def secret_key_seen(env: dict[str, str]) -> subprocess.CompletedProcess:
    return run_manage(
        env,
        "shell",
        "-c",
        "from django.conf import settings; print(settings.SECRET_KEY)",
    )


def test_production_reads_the_key_from_secret_key_file(tmp_path):
    """How docker-compose.yml starts with no .env: the key its init step generated."""
    key_file = tmp_path / "secret_key"
    key = secrets.token_urlsafe(48)
    key_file.write_text(key + "\n")
    env = production_env(tmp_path, SECRET_KEY=None, SECRET_KEY_FILE=str(key_file))
    result = secret_key_seen(env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == key


def test_secret_key_from_the_environment_wins_over_the_file(tmp_path):
    key_file = tmp_path / "secret_key"
    key_file.write_text(secrets.token_urlsafe(48))
    chosen = secrets.token_urlsafe(50)
    env = production_env(tmp_path, SECRET_KEY=chosen, SECRET_KEY_FILE=str(key_file))
    assert secret_key_seen(env).stdout.strip().splitlines()[-1] == chosen


def test_a_missing_or_weak_key_file_is_refused(tmp_path):
    missing = run_manage(
        production_env(
            tmp_path, SECRET_KEY=None, SECRET_KEY_FILE=str(tmp_path / "nothing")
        ),
        "check",
    )
    assert missing.returncode != 0
    assert "SECRET_KEY_FILE=" in missing.stderr and "cannot be read" in missing.stderr
    short_file = tmp_path / "short"
    short_file.write_text("k" * 20)
    short = run_manage(
        production_env(tmp_path, SECRET_KEY=None, SECRET_KEY_FILE=str(short_file)),
        "check",
    )
    assert short.returncode != 0
    assert "SECRET_KEY is 20 characters" in short.stderr


COMPOSE_EXAMPLE_KEY = "change-me-local-compose-only-not-a-secret"


def test_production_refuses_the_compose_files_example_key(tmp_path):
    """The key docker-compose.yml used to default to is public: it signs nobody's session."""
    result = run_manage(
        production_env(tmp_path, SECRET_KEY=COMPOSE_EXAMPLE_KEY), "check"
    )
    assert result.returncode != 0
    assert "ImproperlyConfigured: SECRET_KEY is the example value" in result.stderr


def test_production_refuses_a_short_key_and_accepts_fifty_characters(tmp_path):
    short = run_manage(
        production_env(tmp_path, SECRET_KEY="k" * 30 + "x" * 19), "check"
    )
    assert short.returncode != 0
    assert "SECRET_KEY is 49 characters; production needs at least 50" in short.stderr
    enough = run_manage(
        production_env(tmp_path, SECRET_KEY=secrets.token_hex(25)), "check"
    )
    assert enough.returncode == 0, enough.stderr


def test_a_mistyped_switch_is_refused_not_read_as_off(tmp_path):
    result = run_manage(production_env(tmp_path, SECURE_SSL_REDIRECT="Ture"), "check")
    assert result.returncode != 0
    assert "ImproperlyConfigured: SECURE_SSL_REDIRECT='Ture' is not a switch" in (
        result.stderr
    )


FORWARDED_HTTPS_PROBE = """
import django; django.setup()
from django.test import Client
response = Client().get(
    "/accounts/login/", HTTP_HOST="jobtrack.example.com", HTTP_X_FORWARDED_PROTO="https"
)
print(response.status_code, response.get("Location", ""))
"""


def probe_forwarded_https(tmp_path, **overrides) -> str:
    env = production_env(
        tmp_path,
        DJANGO_SETTINGS_MODULE="jobtrack.settings",
        STATIC_MANIFEST="0",
        **overrides,
    )
    result = subprocess.run(
        [sys.executable, "-c", FORWARDED_HTTPS_PROBE],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_a_client_cannot_claim_https_with_x_forwarded_proto(tmp_path):
    """Talking to gunicorn directly over http, the header is ignored: still redirected."""
    answer = probe_forwarded_https(tmp_path)
    assert answer == "301 https://jobtrack.example.com/accounts/login/"


def test_x_forwarded_proto_is_believed_when_the_deployment_says_a_proxy_sets_it(
    tmp_path,
):
    answer = probe_forwarded_https(tmp_path, SECURE_PROXY_SETS_FORWARDED_PROTO="1")
    assert answer == "200"


PRODUCTION_VALUES = {
    "SECURE_SSL_REDIRECT": True,
    "SESSION_COOKIE_SECURE": True,
    "CSRF_COOKIE_SECURE": True,
    "SECURE_HSTS_SECONDS": 31536000,
    "SECURE_PROXY_SSL_HEADER": None,
    "CSRF_TRUSTED_ORIGINS": ["https://jobtrack.example.com"],
    "PASSWORD_HASHERS[0]": "django.contrib.auth.hashers.Argon2PasswordHasher",
    "AUTHENTICATION_BACKENDS[0]": "axes.backends.AxesStandaloneBackend",
    "MIDDLEWARE[-1]": "axes.middleware.AxesMiddleware",
    "AXES_ENABLED": True,
    "DEBUG": False,
}


def test_production_settings_values(tmp_path):
    """What production actually gets, read from a process started like production."""
    names = ", ".join(f"{name!r}: s.{name}" for name in PRODUCTION_VALUES)
    code = (
        "import django; django.setup(); from django.conf import settings as s;"
        f"print(repr({{{names}}}))"
    )
    env = production_env(tmp_path, DJANGO_SETTINGS_MODULE="jobtrack.settings")
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == repr(PRODUCTION_VALUES)


def test_sessions_expire_and_mail_cannot_hang():
    assert 0 < settings.SESSION_COOKIE_AGE <= 60 * 60 * 24 * 30
    assert settings.SESSION_COOKIE_HTTPONLY
    assert 0 < settings.EMAIL_TIMEOUT <= 60


def test_password_validators_are_applied():
    from django.contrib.auth.password_validation import get_default_password_validators

    names = {type(v).__name__ for v in get_default_password_validators()}
    assert {
        "UserAttributeSimilarityValidator",
        "MinimumLengthValidator",
        "CommonPasswordValidator",
        "NumericPasswordValidator",
    } <= names


def test_sign_up_and_password_change_refuse_weak_passwords(client, alice):
    weak = {"password1": "12345678", "password2": "12345678"}
    response = client.post(
        reverse("accounts:signup"),
        {"email": "weak@example.com", "full_name": "", "timezone": "UTC", **weak},
    )
    assert response.status_code == 200
    assert "This password is too common." in response.content.decode()
    assert not User.objects.filter(email="weak@example.com").exists()

    client.force_login(alice)
    response = client.post(
        reverse("accounts:password_change"),
        {
            "old_password": "correct horse battery",
            "new_password1": "alice@example.com",
            "new_password2": "alice@example.com",
        },
    )
    assert response.status_code == 200
    assert "too similar" in response.content.decode()
    alice.refresh_from_db()
    assert alice.check_password("correct horse battery")
