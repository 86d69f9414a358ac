"""A throwaway demo site for `make screenshots` and `make lighthouse`.

A fresh SQLite database under var/demo/, seeded through the app's own functions, served by
gunicorn the way production serves it (DEBUG off, hashed static files via whitenoise).
"""

import datetime as dt
import os
import shutil
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))
DEMO_DIR = Path(os.environ.get("JOBTRACK_DEMO_DIR", BASE_DIR / "var" / "demo"))
DEMO_PASSWORD = "demo-password-2026"
DEMO_ENV = {
    "DJANGO_SETTINGS_MODULE": "jobtrack.settings",
    "JOBTRACK_VAR_DIR": str(DEMO_DIR),
    "DEBUG": "0",
    "SECRET_KEY": "demo-only-not-a-secret-0123456789-abcdefghijklmnopqrstuvwxyz",
    "ALLOWED_HOSTS": "127.0.0.1,localhost",
    "SITE_URL": "http://127.0.0.1:8000",
    "SECURE_SSL_REDIRECT": "0",
    "SECURE_COOKIES": "0",
    "STATIC_MANIFEST": "1",
    "CELERY_TASK_ALWAYS_EAGER": "1",
    "LOG_LEVEL": "WARNING",
}
# The demo never touches a real database, broker or mail server.
UNSET = ("DATABASE_URL", "REDIS_URL", "CELERY_BROKER_URL", "EMAIL_HOST")


@dataclass
class DemoPage:
    slug: str
    path: str
    who: str | None  # "dana" (seeded), "newbie" (no data yet) or None (signed out)


def demo_setup() -> None:
    """A fresh demo database and collected static files, with Django set up in this process."""
    shutil.rmtree(DEMO_DIR, ignore_errors=True)
    DEMO_DIR.mkdir(parents=True)
    for name in UNSET:
        os.environ.pop(name, None)
    os.environ.update(DEMO_ENV)
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0, interactive=False)
    call_command("collectstatic", verbosity=0, interactive=False)


def demo_seed() -> dict:
    """Dana, a job seeker mid-search, and a brand-new user; returns users and objects."""
    from django.utils import timezone

    from accounts.models import User
    from applications.interviews import PersonEntry, interview_log
    from applications.models import Application
    from bench.seeding import seed_users
    from insights.seeding import seed_half_year

    now = timezone.now()
    [dana] = seed_users(count=1, first_email="dana@example.com", password=DEMO_PASSWORD)
    [newbie] = seed_users(
        count=1, first_email="newbie@example.com", password=DEMO_PASSWORD
    )
    User.objects.filter(pk=dana.pk).update(
        full_name="Dana Whitfield", signature="Dana Whitfield\n+49 30 1234 5678"
    )
    User.objects.filter(pk=newbie.pk).update(full_name="", signature="")
    dana.refresh_from_db()
    northwind = interview_log(
        user=dana,
        application=None,
        new_application={"company": "Northwind Analytics", "role": "Data Engineer"},
        details={
            "stage": "first",
            "format": "video",
            "status": "done",
            "starts_at": now - dt.timedelta(minutes=100),
            "ends_at": now - dt.timedelta(minutes=40),
            "timezone": "Europe/Berlin",
        },
        people=[
            PersonEntry(
                name="Priya Raman",
                title="Head of Data",
                email="priya.raman@northwind.example",
                notes={
                    "specific_detail": "the nightly batch that now finishes before 6 am",
                    "challenge": "moving the billing reports off the legacy warehouse",
                    "how_to_meet_challenge": "I led a similar migration at Contoso",
                },
            ),
            PersonEntry(
                name="Tom Becker",
                title="Senior Data Engineer",
                email="tom.becker@northwind.example",
                notes={"topics": "dbt models, data contracts, on-call"},
            ),
        ],
    ).interview
    Application.objects.filter(pk=northwind.application_id).update(
        location="Berlin (hybrid)",
        posting_url="https://jobs.example/northwind/data-engineer",
        next_step="Hear back by Friday",
    )
    globex = Application.objects.create(
        owner=dana, company="Globex", role="Backend Developer", status="applied"
    )
    interview_log(
        user=dana,
        application=globex,
        details={
            "stage": "screen",
            "format": "phone",
            "status": "scheduled",
            "ends_at": now + dt.timedelta(days=1, hours=2),
            "timezone": "Europe/Berlin",
        },
        people=[
            PersonEntry(name="Maria Lopez", title="Recruiter", is_coordinator=True)
        ],
    )
    Application.objects.create(
        owner=dana, company="Initech", role="Platform Engineer", status="saved"
    )
    Application.objects.create(
        owner=dana,
        company="Umbrella Corp",
        role="Site Reliability Engineer",
        status="rejected",
    )
    quiet = _demo_gone_quiet(dana, now)
    Application.objects.create(
        owner=dana, company="Hooli", role="Data Analyst", status="ghosted"
    )
    letter = northwind.letters.order_by("id").first()
    [zoe] = seed_users(count=1, first_email="zoe@example.com", password=DEMO_PASSWORD)
    User.objects.filter(pk=zoe.pk).update(full_name="Zoë Ångström", signature="")
    zoe.refresh_from_db()
    seed_half_year(user=zoe, now=now)
    return {
        "dana": dana,
        "newbie": newbie,
        "zoe": zoe,
        "interview": northwind,
        "letter": letter,
        "quiet": quiet,
    }


def _demo_gone_quiet(dana, now):
    """An application checked in on a month ago and quiet since: "Gone quiet?"."""
    from applications.interviews import PersonEntry, interview_log
    from applications.models import Application
    from letters.models import Letter, LetterStatus
    from reminders.models import Reminder

    ended = now - dt.timedelta(days=45)
    interview = interview_log(
        user=dana,
        application=None,
        new_application={"company": "Vandelay Industries", "role": "Data Engineer"},
        details={
            "stage": "second",
            "format": "onsite",
            "status": "done",
            "starts_at": ended - dt.timedelta(hours=1),
            "ends_at": ended,
            "timezone": "Europe/Berlin",
        },
        people=[PersonEntry(name="Art Vandelay", title="Hiring Manager")],
    ).interview
    Application.objects.filter(pk=interview.application_id).update(
        status_changed_at=ended
    )
    Letter.objects.filter(interview=interview).update(
        status=LetterStatus.SENT, sent_at=ended + dt.timedelta(hours=2)
    )
    Reminder.objects.filter(interview=interview, kind="checkin_1").update(
        sent_at=now - dt.timedelta(days=30)
    )
    Reminder.objects.filter(interview=interview, kind="checkin_2").update(
        sent_at=now - dt.timedelta(days=23)
    )
    Reminder.objects.filter(interview=interview, kind__in=["first", "evening"]).delete()
    return interview.application


def demo_pages(seed: dict) -> list[DemoPage]:
    """The main pages, by URL name; a page whose URL does not exist yet is left out."""
    from django.urls import NoReverseMatch, reverse

    interview = seed["interview"]
    wanted = [
        ("login", "accounts:login", (), None),
        ("signup", "accounts:signup", (), None),
        ("password-reset", "accounts:password_reset", (), None),
        ("dashboard", "overview:dashboard", (), "dana"),
        ("dashboard-empty", "overview:dashboard", (), "newbie"),
        ("applications", "overview:application_list", (), "dana"),
        (
            "application-detail",
            "overview:application_detail",
            (interview.application_id,),
            "dana",
        ),
        (
            "application-quiet",
            "overview:application_detail",
            (seed["quiet"].pk,),
            "dana",
        ),
        ("application-create", "applications:create", (), "dana"),
        ("interview-log", "applications:interview_log", (), "dana"),
        ("invite-import", "followup:invite_import", (), "dana"),
        ("interview-detail", "overview:interview_detail", (interview.pk,), "dana"),
        ("interview-edit", "applications:interview_edit", (interview.pk,), "dana"),
        ("letters", "letters:list", (), "dana"),
        (
            "application-delete",
            "trash:application_delete",
            (interview.application_id,),
            "dana",
        ),
        ("trash", "trash:index", (), "dana"),
        ("profile", "accounts:profile", (), "dana"),
        ("password-change", "accounts:password_change", (), "dana"),
        ("account-delete", "overview:account_delete", (), "dana"),
        ("insights", "insights:overview", (), "zoe"),
        ("record", "insights:record", (), "zoe"),
    ]
    if seed["letter"] is not None:
        wanted.insert(-5, ("letter-edit", "letters:edit", (seed["letter"].pk,), "dana"))
    pages = []
    for slug, name, args, who in wanted:
        try:
            pages.append(DemoPage(slug, reverse(name, args=args), who))
        except NoReverseMatch:
            print(f"  (skipped {slug}: no URL named {name} yet)")
    return pages


def demo_session_cookies(seed: dict) -> dict[str, tuple[str, str]]:
    """A signed-in session per demo user: {who: (cookie name, value)}."""
    from django.conf import settings
    from django.test import Client

    cookies = {}
    for who in ("dana", "newbie", "zoe"):
        client = Client()
        client.force_login(
            seed[who], backend="django.contrib.auth.backends.ModelBackend"
        )
        name = settings.SESSION_COOKIE_NAME
        cookies[who] = (name, client.cookies[name].value)
    return cookies


@contextmanager
def demo_server() -> Iterator[str]:
    """gunicorn on a free port for the demo database; yields the base URL."""
    from bench.launch import answers_http, free_port, launched

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    command = [
        sys.executable, "-m", "gunicorn", "jobtrack.wsgi",
        "--bind", f"127.0.0.1:{port}",
        "--worker-class", "gthread", "--workers", "1", "--threads", "8",
    ]  # fmt: skip
    log = DEMO_DIR / "gunicorn.log"
    log.unlink(missing_ok=True)
    with launched(
        command,
        ready=answers_http(base + "/accounts/login/", timeout=15),
        log=log,
        stop_timeout=10,
        cwd=BASE_DIR,
        env={**os.environ, "HOME": str(DEMO_DIR)},
    ):
        yield base
