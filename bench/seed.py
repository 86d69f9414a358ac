"""`python -m bench.seed`: demo or benchmark data in bulk (see bench.seeding).

Run from the checkout with the project's environment (DATABASE_URL …), e.g.
``.venv/bin/python -m bench.seed --user-email demo@example.com --applications 50``.
"""

import argparse
import os
import sys
import time

COUNTS = ("users", "applications", "interviews", "letters", "reminders")


def parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m bench.seed",
        description="Create users with applications, interviews, people, letters in "
        "every state and reminders (pending and sent), in bulk. Counts are per user.",
    )
    parser.add_argument("--users", type=int, default=1)
    parser.add_argument("--applications", type=int, default=20)
    parser.add_argument("--interviews", type=int, default=40)
    parser.add_argument("--letters", type=int, default=80)
    parser.add_argument("--reminders", type=int, default=10)
    parser.add_argument(
        "--user-email",
        default="",
        help="The first user's email; an existing user with it gets the data added.",
    )
    parser.add_argument("--password", default="demo-password-2026")
    return parser


def seed(argv: list[str] | None = None) -> str:
    """Seed as the command line asks (Django already set up); the summary printed."""
    from accounts.models import User

    from .seeding import SeedCounts, seed_user_data, seed_users

    cli = parser()
    options = vars(cli.parse_args(argv))
    for name in COUNTS:
        if options[name] < 0:
            cli.error(f"--{name} cannot be negative.")
    started = time.perf_counter()
    email = options["user_email"].strip().lower()
    existing = User.objects.filter(email=email).first() if email else None
    users = [existing] if existing else []
    users += seed_users(
        count=options["users"] - len(users),
        first_email="" if existing else email,
        password=options["password"],
    )
    total = SeedCounts()
    for user in users:
        total.add(
            seed_user_data(
                user=user,
                **{name: options[name] for name in COUNTS if name != "users"},
            )
        )
    summary = (
        f"Seeded {len(users)} user(s): {total.applications} applications, "
        f"{total.interviews} interviews, {total.interviewers} people, "
        f"{total.letters} letters, {total.reminders} reminders in "
        f"{time.perf_counter() - started:.1f}s."
    )
    if email:
        summary += f"\nSign in as {email} with password {options['password']}."
    return summary


def main() -> int:
    sys.path.insert(0, os.getcwd())
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jobtrack.settings")
    import django

    django.setup()
    print(seed(sys.argv[1:]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
