"""The embedded default needs no server: worker and beat on kombu's filesystem transport,
SQLite, and reminder emails written as files under var/mail/."""

import os
import subprocess
import sys
import time

from bench.launch import wait_until
from tests.integration.conftest import ROOT, Worker

# One process: migrate the fresh SQLite file under the var dir, then add two due reminders.
PREPARE = (
    "import django; django.setup();"
    "from django.core.management import call_command;"
    "call_command('migrate', verbosity=0);"
    "from tests.integration.reminder_data import due_reminders; due_reminders(2)"
)


SUBJECTS = [
    f"Subject: Send your thank-you letter to Ana {n} at Company {n} today"
    for n in (0, 1)
]


def test_worker_and_beat_send_reminders_on_the_filesystem_broker(tmp_path):
    env = {
        key: value
        for key, value in os.environ.items()
        if key
        not in {
            "REDIS_URL",
            "CELERY_BROKER_URL",
            "DATABASE_URL",
            "EMAIL_HOST",
            "EMAIL_BACKEND",
        }
    }
    env |= {
        "DEBUG": "1",
        "DJANGO_SETTINGS_MODULE": "jobtrack.settings",
        "JOBTRACK_VAR_DIR": str(tmp_path),
        "REMINDER_SWEEP_SECONDS": "0.5",
    }
    run = {"cwd": ROOT, "env": env, "check": True, "capture_output": True}
    subprocess.run([sys.executable, "-c", PREPARE], **run)
    mail_dir = tmp_path / "mail"

    def emails() -> str:
        # One send task writes both emails over one connection: one file holds them.
        return "".join(path.read_text() for path in mail_dir.glob("*.log"))

    worker = Worker(env, tmp_path / "worker.log").start()
    try:
        assert wait_until(
            lambda: all(subject in emails() for subject in SUBJECTS), timeout=30
        ), emails()
        time.sleep(2)  # four more sweeps: nothing doubles
    finally:
        worker.stop()
    log = (tmp_path / "worker.log").read_text()
    assert "filesystem://" in log
    assert (tmp_path / "celery" / "queue").is_dir()
    assert [emails().count(subject) for subject in SUBJECTS] == [1, 1]
