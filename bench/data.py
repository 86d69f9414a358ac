"""The benchmark database: created, migrated and seeded once, reused by later runs.

Page users are seeded with bench.seeding (the test factories and bulk_create). The sweep's
million interviews are written by PostgreSQL itself (INSERT … SELECT generate_series):
building a million model instances in Python would take minutes.
"""

import time
import urllib.parse

import psycopg2

from .env import DATABASE_URL

# Page users: applications, and five interviews and ten letters per application.
PAGE_SIZES = (10, 100, 1000, 10000)
SWEEP_USERS = 100_000
SWEEP_INTERVIEWS = 1_000_000
SWEEP_DUE = 10_000  # every 100th interview's reminder
BACKLOG = 100_000  # every 10th


def page_email(size: int) -> str:
    return f"rows{size}@bench.invalid"


def database_create(*, fresh: bool) -> None:
    """Create the database (dropping it first when ``fresh``); PostgreSQL only."""
    url = urllib.parse.urlsplit(DATABASE_URL)
    name = url.path.lstrip("/")
    admin = psycopg2.connect(
        host=url.hostname,
        port=url.port or 5432,
        user=url.username or "postgres",
        password=url.password or None,
        dbname="postgres",
    )
    admin.autocommit = True
    with admin.cursor() as cursor:
        if fresh:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if not cursor.fetchone():
            cursor.execute(f'CREATE DATABASE "{name}"')
    admin.close()


def pages_retire() -> None:
    """Make the page users be seeded again (--reseed) without waiting for a delete of
    hundreds of thousands of rows: the old ones are renamed and left in place."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE accounts_user SET email = 'retired' || id || '-' || email "
            "WHERE email LIKE 'rows%%@bench.invalid' OR email = 'drafting@bench.invalid'"
        )


def database_prepare(*, sizes, log) -> None:
    """Migrate, collect static files, seed whichever page users are missing, and
    refresh the planner's statistics (autovacuum would, minutes later)."""
    from django.core.management import call_command
    from django.db import connection

    from accounts.models import User
    from bench.seeding import seed_user_data, seed_users

    call_command("migrate", verbosity=0, interactive=False)
    call_command("collectstatic", verbosity=0, interactive=False)
    for size in sizes:
        if User.objects.filter(email=page_email(size)).exists():
            continue
        started = time.perf_counter()
        user = seed_users(count=1, first_email=page_email(size))[0]
        seed_user_data(
            user=user,
            applications=size,
            interviews=5 * size,
            letters=10 * size,
            reminders=min(2 * size, 2000),
        )
        log(f"seeded {page_email(size)} in {time.perf_counter() - started:.1f}s")
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")


def _insert_select(model, count: str, values: dict[str, str], source: str = "") -> str:
    """INSERT … SELECT for every concrete column of ``model``; unnamed columns get defaults.

    ``values`` maps column names to SQL expressions over the series row ``g``.
    """
    columns, expressions = [], []
    for field in model._meta.concrete_fields:
        if field.primary_key:
            continue
        column = field.column
        if column in values:
            expression = values[column]
        elif field.null:
            expression = "NULL"
        elif field.has_default() and not callable(field.default):
            expression = _literal(field.default)
        elif field.get_internal_type() in (
            "CharField",
            "TextField",
            "EmailField",
            "URLField",
        ):
            expression = "''"
        elif field.get_internal_type() == "DateTimeField":
            expression = "now()"
        else:
            raise ValueError(f"no value for {model.__name__}.{column}")
        columns.append(f'"{column}"')
        expressions.append(expression)
    return (
        f'INSERT INTO "{model._meta.db_table}" ({", ".join(columns)}) '
        f"SELECT {', '.join(expressions)} FROM {source or f'generate_series(1, {count}) AS g'}"
    )


def _literal(value) -> str:
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int | float):
        return str(value)
    return "'" + str(value).replace("'", "''") + "'"


def sweep_prepare(*, log) -> dict:
    """A million interviews of 100,000 users, one "first" reminder each, almost all sent.

    Reminders are numbered g = 1..1,000,000 by their id; every 100th is pending and due,
    every 100th + 1 pending for tomorrow. Reused by later runs (see ``sweep_reset``).

    Dates are spread as a real account's are: applications added over two years, each
    user's interviews a month apart over ten months, so a week holds about 2 % of the
    rows. All dated in the last ten days, they made the planner's statistics say a week
    holds most rows, and the page users' week meter was read through the owner index
    (``make bench ARGS=--fresh`` re-seeds a database made before).
    """
    from django.contrib.auth.hashers import make_password
    from django.db import connection, transaction

    from accounts.models import User
    from applications.models import Application, Interview
    from reminders.models import Reminder

    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TABLE IF NOT EXISTS bench_meta (key text PRIMARY KEY, value bigint)"
        )
        cursor.execute("SELECT key, value FROM bench_meta")
        meta = dict(cursor.fetchall())
    if {"sweep_user0", "sweep_reminder0", "sweep_interview0"} <= meta.keys():
        return meta
    started = time.perf_counter()
    password = make_password("sweep").replace("'", "''")
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT coalesce(max(id), 0) FROM accounts_user")
        user0 = cursor.fetchone()[0]
        cursor.execute(
            _insert_select(
                User,
                str(SWEEP_USERS),
                {
                    "email": "'sweep' || g || '@bench.invalid'",
                    "password": f"'{password}'",
                    "full_name": "'Sweep user ' || g",
                    "timezone": "'UTC'",
                    "date_joined": "now()",
                },
            )
        )
        cursor.execute("SELECT coalesce(max(id), 0) FROM applications_application")
        app0 = cursor.fetchone()[0]
        cursor.execute(
            _insert_select(
                Application,
                "",
                {
                    "owner_id": "u.id",
                    "company": "'Company ' || u.id",
                    "role": "'Engineer'",
                    "status": "'interviewing'",
                    "still_interested": "TRUE",
                    "created_at": "now() - interval '1 day' * (u.id % 730)",
                    "updated_at": "now() - interval '1 day' * (u.id % 730)",
                },
                source=f"accounts_user u WHERE u.id > {user0} ORDER BY u.id",
            )
        )
        cursor.execute("SELECT coalesce(max(id), 0) FROM applications_interview")
        interview0 = cursor.fetchone()[0]
        per_user = SWEEP_INTERVIEWS // SWEEP_USERS
        # The k-th interview of user u ended 30 k + u % 30 + 1 days ago.
        ended_days_ago = (
            f"interval '1 day' * (1 + 30 * ((g - 1) / {SWEEP_USERS}) "
            f"+ (g - 1) % {SWEEP_USERS} % 30)"
        )
        cursor.execute(
            _insert_select(
                Interview,
                str(SWEEP_INTERVIEWS),
                {
                    # g-th interview belongs to user (g-1) % users: ten per user.
                    "owner_id": f"{user0} + 1 + (g - 1) % {SWEEP_USERS}",
                    "application_id": f"{app0} + 1 + (g - 1) % {SWEEP_USERS}",
                    "stage": "'first'",
                    "format": "'video'",
                    "status": "'done'",
                    "ends_at": f"now() - {ended_days_ago}",
                    "timezone": "'UTC'",
                },
            )
        )
        log(f"sweep: {SWEEP_INTERVIEWS:,} interviews ({per_user} per user) inserted")
        cursor.execute("SELECT coalesce(max(id), 0) FROM reminders_reminder")
        reminder0 = cursor.fetchone()[0]
        cursor.execute(
            _insert_select(
                Reminder,
                str(SWEEP_INTERVIEWS),
                {
                    "owner_id": f"{user0} + 1 + (g - 1) % {SWEEP_USERS}",
                    "interview_id": f"{interview0} + g",
                    "kind": "'first'",
                    "due_at": f"now() - {ended_days_ago} + interval '1 hour'",
                    "sent_at": f"now() - {ended_days_ago} + interval '1 hour'",
                    "attempts": "1",
                },
            )
        )
        meta = {
            "sweep_user0": user0,
            "sweep_reminder0": reminder0,
            "sweep_interview0": interview0,
        }
        for key, value in meta.items():
            cursor.execute(
                "INSERT INTO bench_meta (key, value) VALUES (%s, %s) "
                "ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value",
                [key, value],
            )
    with connection.cursor() as cursor:
        for table in (
            "accounts_user",
            "applications_application",
            "applications_interview",
            "reminders_reminder",
        ):
            cursor.execute(f"VACUUM ANALYZE {table}")
    log(f"sweep data written in {time.perf_counter() - started:.1f}s")
    return meta


def sweep_set_pending(*, meta: dict, due_every: int, later_every: int = 0) -> int:
    """Every ``due_every``-th sweep reminder pending and due, every ``later_every``-th
    (offset by one) pending for tomorrow, all others sent. Returns how many are due."""
    from django.db import connection

    r0 = meta["sweep_reminder0"]
    end = r0 + SWEEP_INTERVIEWS
    with connection.cursor() as cursor:
        # The page users' seeded reminders are not part of the sweep benchmark.
        cursor.execute(
            "UPDATE reminders_reminder SET skipped_at = now(), skip_reason = 'bench' "
            "WHERE (id <= %s OR id > %s) AND sent_at IS NULL AND failed_at IS NULL "
            "AND skipped_at IS NULL",
            [r0, end],
        )
        # Back to sent: only the rows a previous step touched (pending or claimed).
        cursor.execute(
            "UPDATE reminders_reminder SET sent_at = due_at, claimed_until = NULL, "
            "claim_token = NULL, skipped_at = NULL, failed_at = NULL, attempts = 1 "
            "WHERE id > %s AND id <= %s AND (sent_at IS NULL OR claim_token IS NOT NULL)",
            [r0, end],
        )
        cursor.execute(
            "UPDATE reminders_reminder SET sent_at = NULL, attempts = 0, "
            "due_at = now() - interval '5 minutes' - interval '1 second' * (id %% 7200) "
            "WHERE id > %s AND id <= %s AND (id - %s) %% %s = 0",
            [r0, end, r0, due_every],
        )
        changed = cursor.rowcount
        if later_every:
            cursor.execute(
                "UPDATE reminders_reminder SET sent_at = NULL, attempts = 0, "
                "due_at = now() + interval '1 day' "
                "WHERE id > %s AND id <= %s AND (id - %s) %% %s = 1",
                [r0, end, r0, later_every],
            )
        cursor.execute("ANALYZE reminders_reminder")
    return changed
