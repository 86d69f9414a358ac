"""`make chaos`: 1,000 due reminders delivered through kills, a Redis restart and a mail outage.

Loopback only and bounded in time. The script starts its own Redis (port 6390, AOF on, as
in docker-compose), a PostgreSQL database of its own on the local server, an aiosmtpd mail
sink, one Celery worker and two beats, all with the project's real settings (timings
shortened through the environment). Then, at seeded random points of the delivery:

- the worker is SIGKILLed 10 times while it is sending, and restarted a second later;
- Redis is SIGKILLed once and restarted (its AOF replays what it had);
- the mail server goes away for a minute (connections refused), then comes back.

Like docker-compose's `restart: unless-stopped`, a worker that exits by itself is
restarted a second later; the figures count those exits.

When every reminder has an end state (or the deadline passes) it prints due, delivered,
lost and duplicates. A duplicate is "accounted for" when a worker kill fell within
DUPLICATE_WINDOW after the mail server accepted the first copy: the accept→record window
reminders/delivery.py documents. Exit status 0 when nothing is lost and every
duplicate is accounted for.
"""

import argparse
import contextlib
import datetime as dt
import os
import random
import secrets
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from email import message_from_bytes
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))
from bench.launch import free_port, wait_until  # noqa: E402

CHAOS_DIR = BASE_DIR / "var" / "chaos"
PYTHON = sys.executable
DUPLICATE_WINDOW = 5.0  # seconds between the mail server's accept and a kill


def log(start: float, text: str) -> None:
    print(f"[{time.monotonic() - start:6.1f}s] {text}", flush=True)


class MailSink:
    """aiosmtpd on loopback; records every accepted message; can refuse for a while."""

    def __init__(self, port: int):
        self.port = port
        self.accepted: list[tuple[float, str]] = []  # (time, recipient)
        self.controller = None
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        message = message_from_bytes(envelope.content)
        with self.lock:
            for rcpt in envelope.rcpt_tos:
                self.accepted.append((time.time(), rcpt.lower()))
        assert message["Subject"]
        return "250 2.0.0 OK"

    def start(self) -> None:
        from aiosmtpd.controller import Controller

        self.controller = Controller(self, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self) -> None:
        if self.controller is not None:
            self.controller.stop()
            self.controller = None


class Redis:
    def __init__(self, port: int, folder: Path):
        self.port, self.folder = port, folder
        folder.mkdir(parents=True, exist_ok=True)
        self.process = None

    def start(self) -> None:
        self.process = subprocess.Popen(
            [
                "redis-server", "--port", str(self.port), "--bind", "127.0.0.1",
                "--dir", str(self.folder), "--appendonly", "yes",
                "--appendfsync", "everysec", "--save", "",
                "--maxmemory-policy", "noeviction", "--protected-mode", "yes",
            ],
            stdout=open(self.folder / "redis.log", "ab"),
            stderr=subprocess.STDOUT,
        )  # fmt: skip
        import redis

        client = redis.Redis(host="127.0.0.1", port=self.port)

        def pong() -> bool:
            try:
                return bool(client.ping())
            except redis.ConnectionError:
                return False

        if not wait_until(pong, timeout=10):
            raise RuntimeError("redis-server did not start")

    def kill(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait()


def create_database(name: str, server: str) -> None:
    import psycopg2

    connection = psycopg2.connect(f"{server}/postgres")
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        cursor.execute(f'CREATE DATABASE "{name}"')
    connection.close()


def seed(due: int) -> dict[str, int]:
    """`due` users, each with one interview ended 30 minutes ago, a draft and a due reminder."""
    from django.utils import timezone

    from accounts.models import User
    from applications.models import Application, Interview
    from letters.models import Letter
    from reminders.models import Reminder

    now = timezone.now()
    users = User.objects.bulk_create(
        User(
            email=f"chaos{n}@example.com",
            full_name=f"Chaos {n}",
            password="!",
            timezone="UTC",
            quiet_hours_start=0,  # equal start and end: no quiet hours
            quiet_hours_end=0,
        )
        for n in range(due)
    )
    applications = Application.objects.bulk_create(
        Application(owner=u, company=f"Company {u.pk}", role="Engineer") for u in users
    )
    interviews = Interview.objects.bulk_create(
        Interview(
            owner=a.owner,
            application=a,
            ends_at=now - dt.timedelta(minutes=30),
            timezone="UTC",
        )
        for a in applications
    )
    Letter.objects.bulk_create(
        Letter(
            owner=i.owner,
            application_id=i.application_id,
            interview=i,
            kind="first",
            subject="Thank you",
            body="Dear team,\n\nThank you.",
        )
        for i in interviews
    )
    Reminder.objects.bulk_create(
        Reminder(
            owner=i.owner,
            application_id=i.application_id,
            interview=i,
            kind="first",
            due_at=now - dt.timedelta(minutes=1),
        )
        for i in interviews
    )
    return {u.email: u.pk for u in users}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--due", type=int, default=1000)
    parser.add_argument("--kills", type=int, default=10)
    parser.add_argument("--outage", type=float, default=60.0, help="mail outage, s")
    parser.add_argument("--deadline", type=float, default=1200.0, help="seconds")
    parser.add_argument(
        "--seed", type=int, default=int(os.environ.get("CHAOS_SEED", 0))
    )
    parser.add_argument("--redis-port", type=int, default=6390)
    parser.add_argument("--database", default=os.environ.get("CHAOS_DB", "hard_chaos"))
    parser.add_argument(
        "--postgres",
        default=os.environ.get("CHAOS_PG", "postgres://postgres@127.0.0.1:5432"),
    )
    args = parser.parse_args()
    seed_value = args.seed or random.SystemRandom().randrange(1, 2**31)
    rng = random.Random(seed_value)

    shutil.rmtree(CHAOS_DIR, ignore_errors=True)
    CHAOS_DIR.mkdir(parents=True)
    smtp_port = free_port()
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("CELERY_", "EMAIL_", "DATABASE_", "REDIS_", "REMINDER_"))
    }
    env.update(
        {
            "DEBUG": "0",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": "127.0.0.1",
            "SITE_URL": "http://127.0.0.1:8000",
            "JOBTRACK_VAR_DIR": str(CHAOS_DIR),
            "DATABASE_URL": f"{args.postgres}/{args.database}",
            "REDIS_URL": f"redis://127.0.0.1:{args.redis_port}/9",
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": str(smtp_port),
            "EMAIL_TIMEOUT": "5",
            # Production rules, compressed in time so the run fits in minutes.
            "REMINDER_SWEEP_SECONDS": "5",
            # The lease outlasts a send task's hard time limit (90 s), as in production
            # (300 s); claims of 100 rows (1000 in production), so a kill holds back the
            # rows of the tasks it killed for one lease, not the whole backlog.
            "REMINDER_LEASE_SECONDS": "120",
            "REMINDER_SWEEP_LIMIT": "100",
            "REMINDER_RETRY_BASE_SECONDS": "10",
            "REMINDER_RETRY_MAX_SECONDS": "60",
            "CELERY_VISIBILITY_TIMEOUT": "180",
            "LOG_LEVEL": "WARNING",
        }
    )
    os.environ.update(env)
    start = time.monotonic()
    log(start, f"seed {seed_value}; postgres {args.database}; redis :{args.redis_port}")

    create_database(args.database, args.postgres)
    subprocess.run(
        [PYTHON, "manage.py", "migrate", "--noinput", "-v0"],
        cwd=BASE_DIR,
        env=env,
        check=True,
    )
    sys.path.insert(0, str(BASE_DIR))
    os.environ["DJANGO_SETTINGS_MODULE"] = "jobtrack.settings"
    import django

    django.setup()
    from django.db import connection

    from reminders.models import Reminder

    users = seed(args.due)
    log(start, f"{args.due} reminders due")

    redis = Redis(args.redis_port, CHAOS_DIR / "redis")
    redis.start()
    sink = MailSink(smtp_port)
    sink.start()
    worker_log = open(CHAOS_DIR / "worker.log", "ab")
    celery = [PYTHON, "-m", "celery", "-A", "jobtrack"]

    def start_worker():
        return subprocess.Popen(
            # As docker-compose runs it; its own process group, so a kill takes it all.
            [*celery, "worker", "--concurrency=2", "--loglevel=WARNING", "-n", "chaos@%h"],
            cwd=BASE_DIR, env=env, stdout=worker_log, stderr=subprocess.STDOUT,
            start_new_session=True,
        )  # fmt: skip

    beats = [
        subprocess.Popen(
            [
                *celery,
                "beat",
                "--loglevel=WARNING",
                "--schedule",
                str(CHAOS_DIR / f"beat{n}-schedule"),
                "--pidfile",
                str(CHAOS_DIR / f"beat{n}.pid"),
            ],
            cwd=BASE_DIR,
            env=env,
            stdout=open(CHAOS_DIR / f"beat{n}.log", "ab"),
            stderr=subprocess.STDOUT,
        )  # fmt: skip
        for n in (1, 2)
    ]
    worker = start_worker()

    # The timeline follows the delivery, so every fault lands on work in flight: the k-th
    # kill comes a random 0–1.5 s after a random number of emails were accepted (and after
    # the restarted worker has sent at least one); the outage and the Redis restart start
    # at random points of the progress too.
    targets = sorted(rng.sample(range(10, int(args.due * 0.9)), args.kills))
    outage_from = int(args.due * rng.uniform(0.15, 0.35))
    redis_from = int(args.due * rng.uniform(0.45, 0.75))
    log(
        start,
        f"timeline: kills after {targets} emails; mail refused for {args.outage:.0f}s "
        f"after {outage_from}; redis restart after {redis_from}",
    )
    t0 = time.monotonic()
    kills: list[float] = []  # wall-clock times of the kills
    crashes: list[int] = []  # exit codes of worker deaths we did not cause
    kill_due = None  # when the next kill fires, once its target is reached
    sent_at_restart = 0
    restart_worker_at = None
    redis_done = outage_started = outage_over = False
    outage_end = None
    last_report = 0.0
    finished_at = None
    left = args.due
    try:
        while True:
            now = time.monotonic() - t0
            accepted = len(sink.accepted)
            if (
                targets
                and kill_due is None
                and restart_worker_at is None
                and accepted >= targets[0]
                and (accepted > sent_at_restart or left == 0)  # idle once all is sent
            ):
                kill_due = now + rng.uniform(0, 1.5)
            if kill_due is not None and now >= kill_due:
                targets.pop(0)
                kill_due = None
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(
                        worker.pid, signal.SIGKILL
                    )  # the parent and its pool at once
                worker.wait()
                kills.append(time.time())
                log(
                    start, f"worker SIGKILLed ({len(kills)}/{args.kills}) at {accepted}"
                )
                restart_worker_at = now + 1.0
            if restart_worker_at is None and worker.poll() is not None:
                # It died on its own (Celery exits when Redis goes away mid-read): the
                # supervisor restarts it, as docker-compose's `restart: unless-stopped`.
                crashes.append(worker.returncode)
                log(start, f"worker exited by itself ({worker.returncode}); restarting")
                restart_worker_at = now + 1.0
            if restart_worker_at is not None and now >= restart_worker_at:
                worker = start_worker()
                restart_worker_at = None
                sent_at_restart = len(sink.accepted)
            if not redis_done and accepted >= redis_from:
                redis.kill()
                log(start, f"redis SIGKILLed at {accepted}")
                time.sleep(2)
                redis.start()
                log(start, "redis restarted")
                redis_done = True
            if not outage_started and accepted >= outage_from:
                sink.stop()
                log(start, f"mail server down at {accepted}: connections refused")
                outage_started, outage_end = True, now + args.outage
            if outage_started and not outage_over and now >= outage_end:
                sink.start()
                log(start, "mail server back")
                outage_over = True
            if now - last_report >= 10:
                last_report = now
                left = Reminder.objects.pending().count()
                connection.close()
                log(
                    start,
                    f"{len(sink.accepted)} emails accepted; {left} reminders pending",
                )
                chaos_over = not targets and redis_done and outage_over
                if left == 0 and chaos_over and finished_at is None:
                    finished_at = now
            if finished_at is not None and now - finished_at >= 15:
                break  # a quiet spell for late redeliveries to show up
            if now >= args.deadline:
                log(start, "deadline reached")
                break
            time.sleep(0.2)
    finally:
        if worker.poll() is None:
            os.killpg(worker.pid, signal.SIGTERM)
        for process in beats:
            if process.poll() is None:
                process.terminate()
        for process in [worker, *beats]:
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
        sink.stop()
        redis.kill()

    # The figures.
    per_user = Counter(rcpt for _, rcpt in sink.accepted)
    first_accept: dict[str, float] = {}
    for at, rcpt in sink.accepted:
        first_accept.setdefault(rcpt, at)
    delivered = sum(1 for email in users if per_user[email] >= 1)
    lost = len(users) - delivered
    duplicates = sum(count - 1 for count in per_user.values() if count > 1)
    duplicated = [email for email, count in per_user.items() if count > 1]
    accounted = sum(
        per_user[email] - 1
        for email in duplicated
        if any(0 <= k - first_accept[email] <= DUPLICATE_WINDOW for k in kills)
    )
    rows = Reminder.objects.all()
    states = {
        "sent": rows.filter(sent_at__isnull=False).count(),
        "failed": rows.filter(failed_at__isnull=False).count(),
        "skipped": rows.filter(skipped_at__isnull=False).count(),
        "pending": rows.filter(
            sent_at__isnull=True, failed_at__isnull=True, skipped_at__isnull=True
        ).count(),
    }
    marked_not_delivered = sum(
        1
        for email in rows.filter(sent_at__isnull=False).values_list(
            "owner__email", flat=True
        )
        if per_user[email] == 0
    )
    attempts = Counter(rows.values_list("attempts", flat=True))
    elapsed = time.monotonic() - t0
    print(
        "\nreminder chaos: "
        f"{args.kills} worker SIGKILLs ({len(kills)} done), Redis SIGKILLed and restarted "
        f"once, mail server refusing {args.outage:.0f}s, two beats, seed {seed_value}\n"
        f"  due:        {len(users)}\n"
        f"  delivered:  {delivered}\n"
        f"  lost:       {lost}\n"
        f"  duplicates: {duplicates} (accounted for by a kill within {DUPLICATE_WINDOW:.0f}s "
        f"after the accept: {accounted})\n"
        f"  emails accepted by the mail server: {len(sink.accepted)}\n"
        f"  database: {states}; marked sent but never accepted: {marked_not_delivered}\n"
        f"  attempts per reminder: {dict(sorted(attempts.items()))}\n"
        f"  worker deaths not caused by a kill (restarted by the supervisor): "
        f"{len(crashes)} {crashes}\n"
        f"  time from start of chaos to the end: {elapsed:.0f}s",
        flush=True,
    )
    return (
        0 if lost == 0 and accounted == duplicates and not marked_not_delivered else 1
    )


if __name__ == "__main__":
    sys.exit(main())
