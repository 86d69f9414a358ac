"""One environment for every process of a benchmark run: harness, gunicorn, probes."""

import os
import sys
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var" / "bench"
DATABASE_URL = os.environ.get(
    "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/bench"
)
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/11")

ENV = {
    "DJANGO_SETTINGS_MODULE": "bench.settings",
    "DATABASE_URL": DATABASE_URL,
    "REDIS_URL": REDIS_URL,
    "CELERY_BROKER_URL": REDIS_URL,
    "JOBTRACK_VAR_DIR": str(VAR_DIR),
    "DEBUG": "0",
    "SECRET_KEY": "bench-only-not-a-secret-0123456789-abcdefghijklmnopqrstuvwxyz",
    "ALLOWED_HOSTS": "127.0.0.1,localhost",
    "SITE_URL": "http://127.0.0.1:8000",
    "SECURE_SSL_REDIRECT": "0",
    "SECURE_COOKIES": "0",
    "STATIC_MANIFEST": "1",
    "LOG_LEVEL": "WARNING",
    # Seeding writes a million rows in one statement; pages stay far under any limit.
    "DATABASE_STATEMENT_TIMEOUT": "0",
}
UNSET = ("EMAIL_HOST", "CELERY_TASK_ALWAYS_EAGER")


def bench_environ() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in UNSET}
    env.update(ENV)
    return env


def django_setup() -> None:
    """Set this process up as the benchmark's Django (idempotent)."""
    for name in UNSET:
        os.environ.pop(name, None)
    os.environ.update(ENV)
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    if str(BASE_DIR) not in sys.path:
        sys.path.insert(0, str(BASE_DIR))
    import django

    django.setup()
