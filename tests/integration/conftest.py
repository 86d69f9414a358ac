"""Real services for the integration tests: PostgreSQL, Redis, an SMTP server, a worker.

A test that needs a service it cannot reach is skipped with the reason, except when
JOBTRACK_REQUIRE_SERVICES=1 (CI): then it fails, so CI never passes by skipping.
"""

import asyncio
import email
import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import quote, urlsplit, urlunsplit

import pytest
from aiosmtpd.controller import Controller
from django.conf import settings
from django.db import connection

from bench.launch import free_port, wait_until

ROOT = Path(__file__).resolve().parents[2]
# Each helper of the project has its own Redis database; the reminder tests use 5.
REDIS_DB = int(os.environ.get("JOBTRACK_TEST_REDIS_DB", "5"))


def require_service(name: str, reason: str):
    message = f"{name} is needed: {reason}"
    if os.environ.get("JOBTRACK_REQUIRE_SERVICES") == "1":
        pytest.fail(message + " (JOBTRACK_REQUIRE_SERVICES=1)", pytrace=False)
    pytest.skip(message)


@pytest.fixture
def postgres(transactional_db):
    """The test database, if it is PostgreSQL (row locks and skip_locked need it)."""
    if connection.vendor != "postgresql":
        require_service("PostgreSQL", "DATABASE_URL does not point to PostgreSQL")
    return connection


@pytest.fixture(scope="session")
def redis_url() -> str:
    """REDIS_URL (or the local default) with the reminder tests' own database number."""
    base = os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/0"
    parts = urlsplit(base)
    url = urlunsplit(parts._replace(path=f"/{REDIS_DB}"))
    import redis

    try:
        redis.Redis.from_url(url, socket_connect_timeout=2).ping()
    except Exception as exc:  # noqa: BLE001 - any failure means "not reachable"
        require_service("Redis", f"{url} is not reachable ({exc})")
    return url


@pytest.fixture
def clean_redis(redis_url):
    import redis

    client = redis.Redis.from_url(redis_url)
    client.flushdb()
    yield redis_url
    client.flushdb()


class SMTPHandler:
    """An SMTP server whose answers the test scripts: 4xx/5xx replies, hangs, a held message."""

    def __init__(self):
        self.messages: list[email.message.Message] = []
        self.arrivals: list[float] = []
        self.data_replies: list[str] = []  # answers to DATA before accepting again
        self.rcpt_reply: str | None = None  # e.g. "550 ..." for every recipient
        self.hang_ehlo = 0  # connections to hang at EHLO
        self.hold_at = 0  # the n-th DATA is held until `release` is set, then refused
        self.data_calls = 0
        self.holding = threading.Event()
        self.release = threading.Event()
        self.lock = threading.Lock()

    async def handle_EHLO(self, server, session, envelope, hostname, responses):
        if self.hang_ehlo > 0:
            self.hang_ehlo -= 1
            await asyncio.sleep(30)
        session.host_name = hostname
        return responses

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.rcpt_reply:
            return self.rcpt_reply
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if self.data_replies:
            return self.data_replies.pop(0)
        self.data_calls += 1
        if self.data_calls == self.hold_at:
            self.holding.set()
            loop = asyncio.get_running_loop()
            await loop.run_in_executor(None, self.release.wait, 30)
            # The sender was killed meanwhile: the message was never accepted.
            return "451 4.3.0 aborted"
        with self.lock:
            self.messages.append(email.message_from_bytes(envelope.content))
            self.arrivals.append(time.monotonic())
        return "250 OK"

    def wait_for(self, count: int, timeout: float) -> bool:
        return wait_until(
            lambda: len(self.messages) >= count, timeout=timeout, interval=0.05
        )


@pytest.fixture
def smtp_server():
    handler = SMTPHandler()
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    yield handler, controller.port
    handler.release.set()
    controller.stop()


class Worker:
    """`celery -A jobtrack worker -B` in its own process group, against the test database."""

    def __init__(self, env: dict[str, str], log: Path):
        self.env, self.log = env, log
        self.process: subprocess.Popen | None = None

    def start(self, timeout: float = 30) -> "Worker":
        self._out = self.log.open("ab")
        self.process = subprocess.Popen(
            [
                sys.executable, "-m", "celery", "-A", "jobtrack", "worker", "-B",
                "--pool=solo", "--loglevel=INFO", "--without-gossip", "--without-mingle",
                "--schedule", str(self.log.parent / "celerybeat-schedule"),
            ],
            cwd=ROOT, env=self.env, stdout=self._out, stderr=subprocess.STDOUT,
            start_new_session=True,
        )  # fmt: skip
        wait_until(
            lambda: (
                self.process.poll() is not None or b"ready." in self.log.read_bytes()
            ),
            timeout=timeout,
        )
        if self.process.poll() is None and b"ready." in self.log.read_bytes():
            return self
        self.stop()
        raise RuntimeError(f"worker did not start:\n{self.log.read_text()[-3000:]}")

    def kill(self) -> None:
        """SIGKILL the worker and its embedded beat: no warm shutdown, no requeue."""
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(10)

    def stop(self) -> None:
        """The test has its answer: end the process group at once (Redis is flushed after)."""
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(10)
        if getattr(self, "_out", None):
            self._out.close()


def database_url() -> str:
    """The URL of the database the tests run on (the test database, not the real one)."""
    db = connection.settings_dict
    user = quote(db.get("USER") or "")
    password = quote(db.get("PASSWORD") or "")
    auth = f"{user}:{password}@" if password else (f"{user}@" if user else "")
    host = db.get("HOST") or "127.0.0.1"
    port = db.get("PORT") or 5432
    return f"postgres://{auth}{host}:{port}/{db['NAME']}"


# Short intervals so the set runs in seconds; the ratios match production: the lease is
# above the send's time, the visibility timeout above the lease and the retry delays.
FAST = {
    "REMINDER_SWEEP_SECONDS": "0.5",
    "REMINDER_LEASE_SECONDS": "4",
    "REMINDER_RETRY_BASE_SECONDS": "0.5",
    "REMINDER_RETRY_MAX_SECONDS": "2",
    "REMINDER_MAX_ATTEMPTS": "5",
    "CELERY_VISIBILITY_TIMEOUT": "20",
    "CELERY_TASK_SOFT_TIME_LIMIT": "8",
    "CELERY_TASK_TIME_LIMIT": "10",
    "EMAIL_TIMEOUT": "2",
}


@pytest.fixture
def start_worker(postgres, clean_redis, smtp_server, tmp_path):
    """Start (and at the end stop) workers wired to the test DB, Redis db 5 and the SMTP server."""
    _, port = smtp_server
    env = {
        **os.environ,
        **FAST,
        "DEBUG": "1",
        "DATABASE_URL": database_url(),
        "DATABASE_CONN_MAX_AGE": "0",
        "CELERY_BROKER_URL": clean_redis,
        "REDIS_URL": clean_redis,
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(port),
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "SITE_URL": settings.SITE_URL,
        "JOBTRACK_VAR_DIR": str(tmp_path),
        "LOG_LEVEL": "INFO",
    }
    workers: list[Worker] = []

    def start(name: str = "worker") -> Worker:
        worker = Worker(env, tmp_path / f"{name}.log").start()
        workers.append(worker)
        return worker

    yield start
    for worker in workers:
        worker.stop()


@pytest.fixture
def record_result():
    """Append one line of measurements for the closing note (var/test/...jsonl)."""
    path = Path(settings.BASE_DIR) / "var" / "test" / "reminder-integration.jsonl"
    path.parent.mkdir(parents=True, exist_ok=True)

    def record(**values):
        with path.open("a") as out:
            out.write(json.dumps(values) + "\n")

    return record
