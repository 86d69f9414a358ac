"""The "Today" page's queries: a fixed handful, however much data the user has."""

import datetime as dt
from dataclasses import dataclass, field
from typing import NamedTuple

from django.db import connections
from django.db.models import Q
from django.utils import timezone

from applications.models import (
    CLOSED_STATUSES,
    Application,
    ApplicationStatus,
    Interview,
    InterviewStatus,
)
from applications.selectors import application_status_counts
from jobtrack.compiled import kept_compiled
from jobtrack.wallclock import local_day_bounds
from letters.models import UNSENT_STATUSES, Letter
from reminders.followthrough import ghost_candidates

from .labels import LETTER_STATUS_LABELS, STAGE_LABELS, label
from .selectors import applications_with_unsent_letters

UPCOMING_LIMIT = 10
PER_STATUS_LIMIT = 5
# Scheduled interviews whose time has passed are worth a nudge for two weeks.
OVERDUE_WINDOW = dt.timedelta(days=14)
# "Decisions due this week": today and the six days after it.
DECISION_WINDOW = dt.timedelta(days=6)
DECISIONS_LIMIT = 10
GHOSTS_LIMIT = 5
# Beyond this many, "more than" says as much as the exact figure and costs a scan.
OLDER_UNSENT_CAP = 99
ACTIVE_STATUSES = [s for s in ApplicationStatus if s not in CLOSED_STATUSES]
# The page reads its rows as plain tuples of the columns it shows: it shows a few columns
# of a few rows, and model instances (every column converted, descriptors, signals) cost
# more than the rest of the page's work on them.
INTERVIEW_COLUMNS = (
    "pk",
    "status",
    "stage",
    "format",
    "starts_at",
    "ends_at",
    "application__company",
    "application__role",
)
LETTER_COLUMNS = (
    "letters__id",
    "letters__status",
    "letters__revision",
    "letters__interviewer_id",
    "letters__interviewer__name",
)


class InterviewerRow(NamedTuple):
    name: str | None


class LetterRow(NamedTuple):
    """A letter as "Needs your attention" shows it. Its link and recipient are the
    model's own rules, which read only the fields named here."""

    pk: int
    status: str
    revision: int
    interviewer_id: int | None
    interviewer: InterviewerRow

    get_absolute_url = Letter.get_absolute_url
    recipient_name = Letter.recipient_name

    def get_status_display(self) -> str:
        return label(LETTER_STATUS_LABELS, self.status)


class InterviewApplicationRow(NamedTuple):
    company: str
    role: str


class InterviewRow(NamedTuple):
    """An interview as the page shows it; `letters` is filled for the ended ones."""

    pk: int
    status: str
    stage: str
    format: str
    starts_at: dt.datetime | None
    ends_at: dt.datetime
    application: InterviewApplicationRow
    letters: list[LetterRow]

    get_absolute_url = Interview.get_absolute_url

    def get_stage_display(self) -> str:
        return label(STAGE_LABELS, self.stage)

    @classmethod
    def from_row(cls, row) -> "InterviewRow":
        """From the values of INTERVIEW_COLUMNS, in that order."""
        *interview, company, role = row
        return cls(*interview, InterviewApplicationRow(company, role), [])


class ApplicationRow(NamedTuple):
    pk: int
    company: str
    role: str
    status: str
    unsent_letters: int

    get_absolute_url = Application.get_absolute_url


class DecisionRow(NamedTuple):
    pk: int
    company: str
    role: str
    decision_expected_on: dt.date

    get_absolute_url = Application.get_absolute_url


@dataclass
class StatusGroup:
    status: str
    label: str
    count: int
    applications: list[ApplicationRow] = field(default_factory=list)

    @property
    def more(self) -> int:
        return self.count - len(self.applications)


@dataclass
class Dashboard:
    attention: list[InterviewRow]
    overdue: list[InterviewRow]
    upcoming: list[InterviewRow]
    groups: list[StatusGroup]
    total_applications: int
    older_unsent: int
    decisions: list[DecisionRow] = field(default_factory=list)
    gone_quiet: list[Application] = field(default_factory=list)

    @property
    def older_unsent_over_cap(self) -> bool:
        return self.older_unsent > OLDER_UNSENT_CAP

    @property
    def is_new_user(self) -> bool:
        return self.total_applications == 0


def dashboard_for_user(*, user, now: dt.datetime | None = None) -> Dashboard:
    """Today's interviews with letters to send, what is coming, and applications by status."""
    now = now or timezone.now()
    day_start, _ = local_day_bounds(instant=now, zone=user.zone)
    interviews = Interview.objects.for_user(user)
    # 1. Ended today and not finished with: some letter unsent, or no letter at all yet.
    # 2. Entered ahead of time and now over: the notes and letters are still to come.
    # Read together, newest first (the order of both), with their letters.
    ended = interviews.filter(
        Q(status=InterviewStatus.DONE, ends_at__gte=day_start, ends_at__lte=now)
        | Q(
            status=InterviewStatus.SCHEDULED,
            ends_at__gte=now - OVERDUE_WINDOW,
            ends_at__lt=now,
        )
    )
    attention, overdue = [], []
    for interview in _with_letters(ended):
        if interview.status == InterviewStatus.SCHEDULED:
            overdue.append(interview)
        elif _not_finished_with(interview):
            attention.append(interview)
    # 3. Coming up.
    upcoming = [
        InterviewRow.from_row(row)
        for row in interviews.upcoming(now)
        .order_by("ends_at", "id")
        .values_list(*INTERVIEW_COLUMNS)[:UPCOMING_LIMIT]
    ]
    # 4. Unsent letters of earlier days, counted up to a cap, so nothing is forgotten.
    older_unsent = len(_older_unsent_ids(user=user, day_start=day_start))
    # 5. Decisions they said would come this week, on applications still open.
    today = now.astimezone(user.zone).date()
    decisions = [DecisionRow(**row) for row in _decisions_due(user=user, today=today)]
    # 6. Checked in on, and quiet since: suggested as ghosted.
    gone_quiet = ghost_candidates(user=user, now=now, limit=GHOSTS_LIMIT)
    groups, total = _status_groups(user)
    return Dashboard(
        attention, overdue, upcoming, groups, total, older_unsent, decisions, gone_quiet
    )


@kept_compiled
def _decisions_due(*, user, today: dt.date):
    """Built from the user and the day alone, its SQL is kept (jobtrack.compiled)."""
    return (
        Application.objects.for_user(user)
        .decisions_due(start=today, end=today + DECISION_WINDOW)
        .values(*DecisionRow._fields)[:DECISIONS_LIMIT]
    )


@kept_compiled
def _older_unsent_ids(*, user, day_start: dt.datetime):
    """Unsent letters of earlier days, newest first, up to one past the cap. Newest
    first: the read walks the index of the user's unsent letters (letter_owner_unsent)
    and stops at the cap, whoever else has letters. Built from the user and the day
    alone, its SQL is kept (jobtrack.compiled)."""
    return (
        Letter.objects.for_user(user)
        .unsent()
        .filter(Q(interview__isnull=True) | Q(interview__ends_at__lt=day_start))
        .order_by("-id")
        .values("pk")[: OLDER_UNSENT_CAP + 1]
    )


def _with_letters(ended) -> list[InterviewRow]:
    """The interviews with their letters (oldest letter first), newest first, from one
    join: a day's interviews and letters are few, and a prefetch costs a query and
    more to build than the rows."""
    interviews: dict[int, InterviewRow] = {}
    rows = ended.order_by("-ends_at", "-id", "letters__id").values_list(
        *INTERVIEW_COLUMNS, *LETTER_COLUMNS
    )
    split = len(INTERVIEW_COLUMNS)
    for row in rows:
        interview = interviews.get(row[0])
        if interview is None:
            interview = interviews[row[0]] = InterviewRow.from_row(row[:split])
        *letter, interviewer_name = row[split:]
        if letter[0] is not None:
            interview.letters.append(
                LetterRow(*letter, InterviewerRow(interviewer_name))
            )
    return list(interviews.values())


def _not_finished_with(interview) -> bool:
    """Some letter of the interview unsent, or no letter at all yet. Told from the
    letters the page shows anyway: a day's interviews are few, and two EXISTS
    subqueries cost more to build than the rows they spare."""
    return not interview.letters or any(
        letter.status in UNSENT_STATUSES for letter in interview.letters
    )


def _latest_per_status(*, user) -> list[ApplicationRow]:
    """The latest few applications of each active status, newest first, with their
    unsent letters."""
    if connections[
        Application.objects.db
    ].features.supports_slicing_ordering_in_compound:
        rows = _latest_per_status_rows(user=user)
    else:
        # SQLite takes no LIMIT inside a UNION: one short read per status, then the rows.
        ids = [pk for status in ACTIVE_STATUSES for pk in _latest_ids(user, status)]
        rows = _summaries(Application.objects.filter(pk__in=ids))
    return [ApplicationRow(**row) for row in rows]


@kept_compiled
def _latest_per_status_rows(*, user):
    """One UNION ALL of a short read of the (owner, status, updated) index per active
    status, and those rows by primary key alone (with the owner too, the planner may
    walk all of the user's rows to find twenty). Built from the user alone, its SQL is
    kept (jobtrack.compiled): it cost several times more to build than to run."""
    first, *rest = (_latest_ids(user, status) for status in ACTIVE_STATUSES)
    return _summaries(Application.objects.filter(pk__in=first.union(*rest, all=True)))


def _latest_ids(user, status):
    """The ids of the user's latest few applications in ``status``."""
    return (
        Application.objects.for_user(user)
        .filter(status=status)
        .order_by("-updated_at", "-id")
        .values_list("pk", flat=True)[:PER_STATUS_LIMIT]
    )


def _summaries(applications):
    return (
        applications_with_unsent_letters(applications)
        .order_by("-updated_at", "-id")
        .values(*ApplicationRow._fields)
    )


def _status_groups(user) -> tuple[list[StatusGroup], int]:
    """Counts per status (one query, from an index), and the latest few of each active
    status with their unsent letters (one query): the same queries and cost at 100
    applications as at 10,000."""
    counts = application_status_counts(user=user)
    latest: dict[str, list[ApplicationRow]] = {s: [] for s in ACTIVE_STATUSES}
    for application in _latest_per_status(user=user):
        latest[application.status].append(application)
    groups = [
        StatusGroup(status.value, status.label, counts[status], latest[status])
        for status in ACTIVE_STATUSES
        if counts.get(status)
    ]
    return groups, sum(counts.values())
