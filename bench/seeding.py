"""Realistic data, fast: users with applications, interviews, people, letters and reminders.

Tooling for benchmarks and demo accounts, not part of the app. Rows are built with the test
factories (``Factory.build``: no query) per slice of applications and written with
bulk_create, so a user with 10,000 applications takes seconds, not minutes. bulk_create
stamps every row "now"; the past times are written afterwards from the rows' own dates.
Counts are per user and spread evenly: 1,000 applications with 5,000 interviews is five
rounds each. Letters cycle through every status; reminders are half pending, half sent.
"""

import datetime as dt
import random
from dataclasses import dataclass

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.db.models import DateTimeField, ExpressionWrapper, F, OuterRef, Subquery
from django.utils import timezone

from accounts.models import User
from applications.models import (
    Application,
    ApplicationStatus,
    Interview,
    Interviewer,
    InterviewFormat,
    InterviewStatus,
    Participation,
    Stage,
)
from jobtrack.wallclock import local_day_bounds
from letters.drafting import KIND_FOR_STAGE
from letters.models import Letter, LetterStatus
from reminders.models import Reminder, ReminderKind
from tests.factories import (
    ApplicationFactory,
    InterviewerFactory,
    InterviewFactory,
    LetterFactory,
    ParticipationFactory,
    ReminderFactory,
)

CHUNK = 2000  # rows per INSERT
LETTER_DONE_AFTER = dt.timedelta(hours=2)  # a seeded letter is finished or sent then
APPLICATIONS_PER_SLICE = 500  # applications whose rows are built in memory at once

COMPANIES = (
    "Acme Analytics", "Northwind Labs", "Globex", "Initech", "Umbrella Health",
    "Stark Mobility", "Wayne Logistics", "Hooli", "Vandelay Imports", "Soylent Foods",
    "Cyberdyne Systems", "Tyrell Robotics", "Aperture Science", "Massive Dynamic",
    "Oscorp", "Monarch Energy", "Pied Piper", "Wonka Confections", "Gringotts Bank",
    "Blue Sun", "Nakatomi Trading", "Duff Breweries", "Sirius Cybernetics", "Zorg Industries",
)  # fmt: skip
ROLES = (
    "Backend Engineer", "Data Analyst", "Product Manager", "Site Reliability Engineer",
    "Frontend Developer", "Engineering Manager", "UX Researcher", "Data Scientist",
    "Platform Engineer", "Technical Writer", "Security Engineer", "QA Lead",
)  # fmt: skip
CITIES = ("Berlin", "Remote", "London", "Amsterdam", "Lisbon", "Munich", "Paris")
FIRST_NAMES = (
    "Ana", "Ben", "Chloe", "David", "Elena", "Farid", "Grace", "Hiro", "Ines", "Jonas",
    "Kemal", "Lena", "Marta", "Nils", "Olu", "Priya", "Quentin", "Rosa", "Sven", "Tariq",
)  # fmt: skip
LAST_NAMES = (
    "Rivera", "Schmidt", "Okafor", "Nakamura", "Novak", "Larsen", "Costa", "Dubois",
    "Fischer", "Haddad", "Ivanova", "Jensen", "Kowalski", "Moreau", "Silva", "Weber",
)  # fmt: skip
TITLES = (
    "Engineering Manager", "Senior Engineer", "Head of Product", "Recruiter",
    "Staff Engineer", "Director of Data", "Talent Partner", "CTO",
)  # fmt: skip
# Round n of an application (0-based) is this stage; later rounds stay "later".
ROUND_STAGES = (Stage.SCREEN, Stage.FIRST, Stage.SECOND, Stage.PANEL, Stage.FINAL)
APPLICATION_STATUSES = (
    [ApplicationStatus.INTERVIEWING] * 4
    + [ApplicationStatus.APPLIED] * 2
    + [ApplicationStatus.SAVED, ApplicationStatus.OFFER, ApplicationStatus.REJECTED]
    + [ApplicationStatus.WITHDRAWN, ApplicationStatus.ACCEPTED]
)
LETTER_STATUSES = tuple(LetterStatus)  # draft, finished, sent, skipped, in turn
BODY = (
    "Dear {greeting},\n\nThank you for taking the time to speak with me today about the "
    "{role} role at {company}. I especially enjoyed our conversation about {topic}, and "
    "it left me even more excited about the team's work.\n\nWhat you said about {learned} "
    "matches what I look for: I have spent the last three years on similar problems, and "
    "I would bring the same care to {company}. As promised, I am happy to share the "
    "work sample we discussed.\n\nThank you again, and I look forward to the next steps."
    "\n\nBest regards,\n{sender}"
)
TOPICS = (
    "the migration to event sourcing", "how the team runs on-call", "the new pricing "
    "model", "scaling the data pipeline", "the mobile redesign", "hiring plans for 2027",
)  # fmt: skip


@dataclass
class SeedCounts:
    applications: int = 0
    interviewers: int = 0
    interviews: int = 0
    letters: int = 0
    reminders: int = 0

    def add(self, other: "SeedCounts") -> None:
        for name in vars(self):
            setattr(self, name, getattr(self, name) + getattr(other, name))


def _spread(total: int, slots: int, index: int) -> int:
    """How many of ``total`` items slot ``index`` of ``slots`` gets (evenly, rest first)."""
    if slots <= 0:
        return 0
    return total // slots + (1 if index < total % slots else 0)


def seed_users(
    *, count: int, first_email: str = "", password: str = "demo-password-2026"
) -> list[User]:
    """``count`` users sharing one password hash (hashing per user would dominate)."""
    hashed = make_password(password)
    start = (User.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
    users = []
    for n in range(count):
        email = (
            first_email if (n == 0 and first_email) else f"seed{start + n}@example.com"
        )
        first, last = FIRST_NAMES[n % len(FIRST_NAMES)], LAST_NAMES[n % len(LAST_NAMES)]
        users.append(
            User(
                email=email.lower(),
                password=hashed,
                full_name=f"{first} {last}",
                timezone="Europe/Berlin",
                signature=f"{first} {last}",
            )
        )
    return User.objects.bulk_create(users, batch_size=CHUNK)


def seed_user_data(
    *,
    user: User,
    applications: int,
    interviews: int,
    letters: int,
    reminders: int,
    now: dt.datetime | None = None,
    seed: int = 1,
) -> SeedCounts:
    """Give one user the given numbers of rows, spread evenly over their applications."""
    now = now or timezone.now()
    rng = random.Random(seed * 7919 + user.pk)
    counts = SeedCounts()
    interviews = interviews if applications else 0
    letters = letters if interviews else 0
    reminders = min(reminders, 2 * interviews)
    # Interviews are numbered globally (0 = most recent) so the newest few end today.
    next_interview = 0
    next_letter = 0
    for first_app in range(0, applications, APPLICATIONS_PER_SLICE):
        apps = range(first_app, min(first_app + APPLICATIONS_PER_SLICE, applications))
        rounds = [_spread(interviews, applications, a) for a in apps]
        slice_interviews = sum(rounds)
        # Letters go to done interviews only, as drafting does.
        done_total = interviews - _scheduled_before(interviews)
        per_interview = [
            0
            if _is_scheduled(i)
            else _spread(letters, done_total, i - _scheduled_before(i))
            for i in range(next_interview, next_interview + slice_interviews)
        ]
        with transaction.atomic():
            counts.add(
                _seed_slice(
                    user=user,
                    apps=apps,
                    rounds=rounds,
                    letters_per_interview=per_interview,
                    first_interview=next_interview,
                    first_letter=next_letter,
                    total_interviews=interviews,
                    reminders=reminders,
                    now=now,
                    rng=rng,
                )
            )
        next_interview += slice_interviews
        next_letter += sum(per_interview)
    return counts


def _is_scheduled(index: int) -> bool:
    """One interview in fifty (never the newest three) is entered ahead of time."""
    return index >= 3 and index % 50 == 3


def _scheduled_before(index: int) -> int:
    return (index - 3 + 49) // 50 if index > 3 else 0


def _interview_end(
    index: int, total: int, now: dt.datetime, today_start: dt.datetime
) -> tuple[dt.datetime, str]:
    """Newest first: three today, a few scheduled ahead, the rest over the past year."""
    if index < 3:
        return _ended_today(index, now=now, midnight=today_start), InterviewStatus.DONE
    if _is_scheduled(index):
        return now + dt.timedelta(days=1, minutes=index), InterviewStatus.SCHEDULED
    minutes = int(index * 365 * 24 * 60 / max(total, 1))
    return now - dt.timedelta(days=1, minutes=minutes), InterviewStatus.DONE


def _ended_today(index: int, *, now: dt.datetime, midnight: dt.datetime) -> dt.datetime:
    """The index-th newest of today's three: an hour apart, or, early in the user's
    day, spread over the part of it gone by, so that all three are today's there."""
    ends = now - dt.timedelta(hours=1 + index)
    if ends >= midnight:
        return ends
    return midnight + (now - midnight) * (3 - index) / 4


def _seed_slice(
    *,
    user,
    apps: range,
    rounds: list[int],
    letters_per_interview: list[int],
    first_interview: int,
    first_letter: int,
    total_interviews: int,
    reminders: int,
    now,
    rng: random.Random,
) -> SeedCounts:
    counts = SeedCounts()
    people_per_app = max(letters_per_interview, default=0) + 1
    application_rows = []
    for a in apps:
        created = now - dt.timedelta(days=400, minutes=-a)
        application_rows.append(
            ApplicationFactory.build(
                owner=user,
                company=f"{COMPANIES[a % len(COMPANIES)]} {a // len(COMPANIES) or ''}".strip(),
                role=ROLES[rng.randrange(len(ROLES))],
                location=CITIES[a % len(CITIES)],
                posting_url=f"https://jobs.example.com/{a}",
                status=APPLICATION_STATUSES[a % len(APPLICATION_STATUSES)],
                applied_on=(created + dt.timedelta(days=1)).date(),
                next_step="Hear back by Friday" if a % 3 == 0 else "",
                notes="Referred by a former colleague." if a % 4 == 0 else "",
                created_at=created,
                updated_at=now - dt.timedelta(minutes=a),
            )
        )
    times = [(row.created_at, row.updated_at) for row in application_rows]
    application_rows = Application.objects.bulk_create(
        application_rows, batch_size=CHUNK
    )
    for row, (created_at, updated_at) in zip(application_rows, times, strict=True):
        row.created_at, row.updated_at = created_at, updated_at
    Application.objects.bulk_update(
        application_rows, ["created_at", "updated_at"], batch_size=CHUNK
    )
    counts.applications = len(application_rows)

    people: dict[int, list[Interviewer]] = {}
    interviewer_rows = []
    for application in application_rows:
        for p in range(people_per_app if any(rounds) else 0):
            first = FIRST_NAMES[(application.pk + p) % len(FIRST_NAMES)]
            last = LAST_NAMES[(application.pk * 3 + p) % len(LAST_NAMES)]
            row = InterviewerFactory.build(
                owner=user,
                application=application,
                name=f"{first} {last} {p + 1}"
                if p >= len(FIRST_NAMES)
                else f"{first} {last}",
                title=TITLES[(p + application.pk) % len(TITLES)],
                email=f"{first.lower()}.{last.lower()}@example.com",
                is_coordinator=p == people_per_app - 1,
                created_at=application.created_at,
            )
            people.setdefault(application.pk, []).append(row)
            interviewer_rows.append(row)
    Interviewer.objects.bulk_create(interviewer_rows, batch_size=CHUNK)
    counts.interviewers = len(interviewer_rows)

    interview_rows = []
    today_start, _ = local_day_bounds(instant=now, zone=user.zone)
    index = first_interview
    for application, n_rounds in zip(application_rows, rounds, strict=True):
        for r in range(n_rounds):
            ends_at, status = _interview_end(index, total_interviews, now, today_start)
            stage = ROUND_STAGES[r] if r < len(ROUND_STAGES) else Stage.LATER
            interview_rows.append(
                InterviewFactory.build(
                    owner=user,
                    application=application,
                    stage=stage,
                    format=tuple(InterviewFormat)[index % 3],
                    status=status,
                    starts_at=ends_at - dt.timedelta(minutes=45),
                    ends_at=ends_at,
                    timezone=user.timezone,
                    specific_detail=f"the story about {TOPICS[index % len(TOPICS)]}",
                    topics=TOPICS[index % len(TOPICS)],
                    learned="the team ships weekly and owns its services end to end",
                    challenge="on-call load",
                    materials="the dashboard case study",
                    created_at=ends_at,
                    updated_at=ends_at,
                )
            )
            index += 1
    Interview.objects.bulk_create(interview_rows, batch_size=CHUNK)
    counts.interviews = len(interview_rows)

    participation_rows, letter_rows, reminder_rows = [], [], []
    number = first_letter
    for j, interview in enumerate(interview_rows):
        global_index = first_interview + j
        team = people[interview.application_id][: letters_per_interview[j]]
        # Every tenth interview: nobody was named for the first letter, so it goes to
        # the hiring team.
        to_team = bool(team) and global_index % 10 == 9
        for position, person in enumerate(team):
            if not (to_team and position == 0):
                participation_rows.append(
                    ParticipationFactory.build(
                        interview=interview,
                        interviewer=person,
                        position=position,
                        specific_detail="",
                    )
                )
            letter_rows.append(
                _letter(
                    user,
                    interview,
                    None if (to_team and position == 0) else person,
                    number,
                    rng,
                    today_start=today_start,
                )
            )
            number += 1
        reminder_rows += _reminders(user, interview, global_index, reminders)
    Participation.objects.bulk_create(participation_rows, batch_size=CHUNK)
    Letter.objects.bulk_create(letter_rows, batch_size=CHUNK)
    Reminder.objects.bulk_create(reminder_rows, batch_size=CHUNK)
    _times_from_dates(applications=application_rows)
    counts.letters = len(letter_rows)
    counts.reminders = len(reminder_rows)
    return counts


def _times_from_dates(*, applications: list[Application]) -> None:
    """Created and updated times as the rows would have had them: people when their
    application was made, interviews, letters and reminders at the interview's end."""
    ids = [application.pk for application in applications]
    created = Application.objects.filter(pk=OuterRef("application_id"))
    Interviewer.objects.filter(application_id__in=ids).update(
        created_at=Subquery(created.values("created_at"))
    )
    Interview.objects.filter(application_id__in=ids).update(
        created_at=F("ends_at"), updated_at=F("ends_at")
    )
    ends = Subquery(
        Interview.objects.filter(pk=OuterRef("interview_id")).values("ends_at")
    )
    Letter.objects.filter(application_id__in=ids).update(
        created_at=ends,
        updated_at=ExpressionWrapper(
            ends + LETTER_DONE_AFTER, output_field=DateTimeField()
        ),
    )
    Reminder.objects.filter(interview__application_id__in=ids).update(created_at=ends)


def _letter(
    user, interview, person, number: int, rng: random.Random, *, today_start
) -> Letter:
    """Letters of today's interviews (today where the user lives) are drafts; older
    ones go round every status."""
    status = (
        LetterStatus.DRAFT
        if interview.ends_at >= today_start or interview.status != InterviewStatus.DONE
        else LETTER_STATUSES[number % len(LETTER_STATUSES)]
    )
    done = interview.ends_at + LETTER_DONE_AFTER
    greeting = person.name.split()[0] if person else "hiring team"
    body = BODY.format(
        greeting=greeting,
        role="the role",
        company=interview.application.company,
        topic=interview.topics,
        learned="how the team works",
        sender=user.full_name or user.email,
    )
    return LetterFactory.build(
        owner=user,
        interview=interview,
        interviewer=person,
        kind=KIND_FOR_STAGE[interview.stage],
        subject=f"Thank you – {interview.application.company} interview",
        body=body,
        status=status,
        variant=rng.randrange(3),
        edited=number % 3 == 0,
        created_at=interview.ends_at,
        updated_at=done,
        finished_at=done
        if status in (LetterStatus.FINISHED, LetterStatus.SENT)
        else None,
        first_finished_at=done
        if status in (LetterStatus.FINISHED, LetterStatus.SENT)
        else None,
        sent_at=done if status == LetterStatus.SENT else None,
        skipped_at=done if status == LetterStatus.SKIPPED else None,
    )


def _reminders(user, interview, index: int, total: int) -> list[Reminder]:
    """Two per done interview (first, evening) until ``total``; even interviews' are sent."""
    if interview.status != InterviewStatus.DONE or 2 * index >= total:
        return []
    kinds = [ReminderKind.FIRST, ReminderKind.EVENING][: total - 2 * index]
    rows = []
    for k, kind in enumerate(kinds):
        due = interview.ends_at + dt.timedelta(hours=1 + 5 * k)
        sent = index % 2 == 0
        rows.append(
            ReminderFactory.build(
                owner=user,
                interview=interview,
                kind=kind,
                due_at=due,
                sent_at=due if sent else None,
                attempts=1 if sent else 0,
                created_at=interview.ends_at,
            )
        )
    return rows
