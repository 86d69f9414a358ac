"""`manage.py seed`: demo or benchmark data in bulk (see applications.seeding)."""

import time

from django.core.management.base import BaseCommand, CommandError

from accounts.models import User
from applications.seeding import SeedCounts, seed_user_data, seed_users


class Command(BaseCommand):
    help = (
        "Create users with applications, interviews, people, letters in every state and "
        "reminders (pending and sent), in bulk. Counts are per user."
    )

    def add_arguments(self, parser):
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

    def handle(self, *args, **options):
        for name in ("users", "applications", "interviews", "letters", "reminders"):
            if options[name] < 0:
                raise CommandError(f"--{name} cannot be negative.")
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
                    applications=options["applications"],
                    interviews=options["interviews"],
                    letters=options["letters"],
                    reminders=options["reminders"],
                )
            )
        elapsed = time.perf_counter() - started
        self.stdout.write(
            f"Seeded {len(users)} user(s): {total.applications} applications, "
            f"{total.interviews} interviews, {total.interviewers} people, "
            f"{total.letters} letters, {total.reminders} reminders in {elapsed:.1f}s."
        )
        if email:
            self.stdout.write(
                f"Sign in as {email} with password {options['password']}."
            )
