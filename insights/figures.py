"""The insights page's figures, from the data the tracker already keeps.

A fixed handful of queries per page, however many rows the user has; the few lists
read into Python (letter times, interview dates) are those of the chosen period.

Definitions:
1. People interviewed: one per person per done interview that ended in the period.
   A person counts as thanked when a thank-you to them, or to the whole team of that
   interview, was sent.
2. Time to send: from the interview's end to the letter's sent time, for sent
   thank-yous of those interviews; same day means the same calendar day in the
   user's timezone.
3. Funnel: applications dated in the period (applied on, else added on); an
   application reached a stage when it has an interview at that stage or a later one,
   and every stage when it reached an offer.
4. Response time: days from the application date to the first interview, and from
   each interview's end to the next interview, per company (median).
"""

import datetime as dt
import statistics
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import (
    Case,
    Count,
    Exists,
    IntegerField,
    Max,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce, TruncWeek
from django.utils import timezone

from applications.models import (
    Application,
    ApplicationStatus,
    Interview,
    InterviewStatus,
    Participation,
    Stage,
)
from letters.models import Letter, LetterKind, LetterStatus

from .record import application_day

THANK_YOU_KINDS = (
    LetterKind.SCREEN,
    LetterKind.FIRST,
    LetterKind.SECOND,
    LetterKind.PANEL,
    LetterKind.FINAL,
)
OFFER_STATUSES = (ApplicationStatus.OFFER, ApplicationStatus.ACCEPTED)
# Funnel steps after "Applications": (label, interview stages that reach it).
FUNNEL_STEPS = (
    ("Screen", (Stage.SCREEN,)),
    ("First interview", (Stage.FIRST,)),
    ("Second or panel", (Stage.SECOND, Stage.LATER, Stage.PANEL)),
    ("Final round", (Stage.FINAL,)),
)
MAX_WEEKS = 26


class Period:
    MONTH = "month"
    QUARTER = "quarter"
    ALL = "all"
    CHOICES = (
        (MONTH, "This month"),
        (QUARTER, "Last 3 months"),
        (ALL, "All time"),
    )


@dataclass(frozen=True)
class FollowThrough:
    people: int
    thanked: int
    sent: int
    median: dt.timedelta | None
    p90: dt.timedelta | None
    same_day: int
    within_day: int

    @property
    def rate(self) -> float | None:
        return self.thanked / self.people if self.people else None

    @property
    def same_day_share(self) -> float | None:
        return self.same_day / self.sent if self.sent else None

    @property
    def within_day_share(self) -> float | None:
        return self.within_day / self.sent if self.sent else None


@dataclass(frozen=True)
class FunnelStep:
    label: str
    count: int
    previous: int | None

    @property
    def conversion(self) -> float | None:
        if self.previous is None or not self.previous:
            return None
        return self.count / self.previous


@dataclass(frozen=True)
class Endings:
    open: int
    offer: int
    accepted: int
    rejected: int
    withdrawn: int


@dataclass(frozen=True)
class CompanyResponse:
    company: str
    median_days: float
    steps: int


@dataclass(frozen=True)
class WeekActivity:
    start: dt.date
    applications: int
    interviews: int
    letters: int


@dataclass(frozen=True)
class Insights:
    period: str
    period_label: str
    start: dt.date | None
    today: dt.date
    follow_through: FollowThrough
    funnel: list[FunnelStep]
    endings: Endings
    responses: list[CompanyResponse]
    weeks: list[WeekActivity]


def period_start(*, period: str, today: dt.date) -> dt.date | None:
    """First day of the period in the user's calendar; None for all time."""
    if period == Period.MONTH:
        return today.replace(day=1)
    if period == Period.QUARTER:
        month = today.month - 3
        year = today.year - 1 if month <= 0 else today.year
        month = month + 12 if month <= 0 else month
        day = min(today.day, _days_in_month(year, month))
        return dt.date(year, month, day)
    return None


def _days_in_month(year: int, month: int) -> int:
    following = dt.date(year + month // 12, month % 12 + 1, 1)
    return (following - dt.timedelta(days=1)).day


def _local_start(day: dt.date | None, zone) -> dt.datetime | None:
    return dt.datetime.combine(day, dt.time.min, tzinfo=zone) if day else None


def follow_through(*, user, since: dt.datetime | None, now: dt.datetime):
    """Thanked share of the people met, and how soon the thank-yous went out."""
    zone = user.zone
    interviews = Interview.objects.for_user(user).filter(
        status=InterviewStatus.DONE, ends_at__lte=now
    )
    if since:
        interviews = interviews.filter(ends_at__gte=since)
    sent = Letter.objects.filter(
        interview=OuterRef("interview"),
        kind__in=THANK_YOU_KINDS,
        status=LetterStatus.SENT,
    )
    thanked = Q(Exists(sent.filter(interviewer=OuterRef("interviewer")))) | Q(
        Exists(sent.filter(interviewer__isnull=True))
    )
    people = Participation.objects.filter(interview__in=interviews).aggregate(
        people=Count("id"), thanked=Count("id", filter=thanked)
    )
    times = list(
        Letter.objects.for_user(user)
        .filter(
            interview__in=interviews,
            kind__in=THANK_YOU_KINDS,
            status=LetterStatus.SENT,
        )
        .values_list("interview__ends_at", "sent_at")
    )
    delays = sorted(max(sent_at - ended, dt.timedelta()) for ended, sent_at in times)
    same_day = sum(
        1
        for ended, sent_at in times
        if ended.astimezone(zone).date() == sent_at.astimezone(zone).date()
    )
    return FollowThrough(
        people=people["people"],
        thanked=people["thanked"],
        sent=len(delays),
        median=statistics.median(delays) if delays else None,
        p90=_percentile(delays, 0.9),
        same_day=same_day,
        within_day=sum(1 for delay in delays if delay <= dt.timedelta(hours=24)),
    )


def _percentile(ordered: list[dt.timedelta], share: float) -> dt.timedelta | None:
    """Linear interpolation between the closest ranks (PostgreSQL's percentile_cont)."""
    if not ordered:
        return None
    position = (len(ordered) - 1) * share
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def funnel(*, user, start: dt.date | None) -> tuple[list[FunnelStep], Endings]:
    """How far the period's applications got, and how the closed ones ended."""
    applications = Application.objects.for_user(user)
    if start:
        applications = applications.alias(day=application_day(user.zone)).filter(
            day__gte=start
        )
    levels = Case(
        *[
            When(stage__in=stages, then=Value(level))
            for level, (_, stages) in enumerate(FUNNEL_STEPS, start=1)
        ],
        default=Value(0),
        output_field=IntegerField(),
    )
    deepest = (
        Interview.objects.live()
        .filter(application=OuterRef("pk"))
        .order_by()
        .values("application")
        .annotate(level=Max(levels))
        .values("level")
    )
    offer = Q(status__in=OFFER_STATUSES)
    counts = applications.annotate(
        level=Coalesce(Subquery(deepest), Value(0))
    ).aggregate(
        total=Count("id"),
        **{
            f"reached_{level}": Count("id", filter=Q(level__gte=level) | offer)
            for level in range(1, len(FUNNEL_STEPS) + 1)
        },
        offer=Count("id", filter=offer),
        accepted=Count("id", filter=Q(status=ApplicationStatus.ACCEPTED)),
        rejected=Count("id", filter=Q(status=ApplicationStatus.REJECTED)),
        withdrawn=Count("id", filter=Q(status=ApplicationStatus.WITHDRAWN)),
    )
    steps = [FunnelStep("Applications", counts["total"], None)]
    for level, (label, _) in enumerate(FUNNEL_STEPS, start=1):
        steps.append(FunnelStep(label, counts[f"reached_{level}"], steps[-1].count))
    steps.append(FunnelStep("Offer", counts["offer"], steps[-1].count))
    closed = counts["accepted"] + counts["rejected"] + counts["withdrawn"]
    endings = Endings(
        open=counts["total"] - closed - (counts["offer"] - counts["accepted"]),
        offer=counts["offer"] - counts["accepted"],
        accepted=counts["accepted"],
        rejected=counts["rejected"],
        withdrawn=counts["withdrawn"],
    )
    return steps, endings


def company_responses(*, user, start: dt.date | None) -> list[CompanyResponse]:
    """Median days to each company's next recorded step, slowest first."""
    zone = user.zone
    interviews = Interview.objects.for_user(user)
    if start:
        interviews = interviews.alias(
            app_day=application_day(zone, prefix="application__")
        ).filter(app_day__gte=start)
    rows = interviews.order_by("application_id", "ends_at", "id").values_list(
        "application_id",
        "application__company",
        "application__applied_on",
        "application__created_at",
        "starts_at",
        "ends_at",
    )
    gaps: dict[str, list[float]] = defaultdict(list)
    previous_app, previous_end = None, None
    for app_id, company, applied_on, created_at, starts_at, ends_at in rows:
        began = (starts_at or ends_at).astimezone(zone)
        if app_id != previous_app:
            applied = applied_on or created_at.astimezone(zone).date()
            gaps[company.strip()].append(max((began.date() - applied).days, 0))
        else:
            seconds = (began - previous_end).total_seconds()
            gaps[company.strip()].append(max(seconds / 86400, 0))
        previous_app, previous_end = app_id, ends_at.astimezone(zone)
    responses = [
        CompanyResponse(company, statistics.median(days), len(days))
        for company, days in gaps.items()
    ]
    responses.sort(key=lambda r: (-r.median_days, r.company.lower()))
    return responses


def weekly_activity(
    *, user, start: dt.date | None, today: dt.date
) -> list[WeekActivity]:
    """Applications, done interviews and sent letters per Monday-to-Sunday week."""
    zone = user.zone
    this_monday = today - dt.timedelta(days=today.weekday())
    first = this_monday - dt.timedelta(weeks=MAX_WEEKS - 1)
    if start:
        first = max(first, start - dt.timedelta(days=start.weekday()))
    since = _local_start(first, zone)
    applications = dict(
        Application.objects.for_user(user)
        .annotate(week=TruncWeek(application_day(zone)))
        .filter(week__gte=first)
        .order_by()
        .values_list("week")
        .annotate(n=Count("id"))
    )
    interviews = dict(
        Interview.objects.for_user(user)
        .filter(status=InterviewStatus.DONE, ends_at__gte=since)
        .annotate(week=TruncWeek("ends_at", tzinfo=zone))
        .order_by()
        .values_list("week")
        .annotate(n=Count("id"))
    )
    letters = dict(
        Letter.objects.for_user(user)
        .filter(status=LetterStatus.SENT, sent_at__gte=since)
        .annotate(week=TruncWeek("sent_at", tzinfo=zone))
        .order_by()
        .values_list("week")
        .annotate(n=Count("id"))
    )

    def count(table: dict, monday: dt.date) -> int:
        return sum(n for week, n in table.items() if _as_date(week) == monday)

    weeks = []
    monday = first
    while monday <= this_monday:
        weeks.append(
            WeekActivity(
                monday,
                count(applications, monday),
                count(interviews, monday),
                count(letters, monday),
            )
        )
        monday += dt.timedelta(weeks=1)
    return weeks


def _as_date(value) -> dt.date:
    return value.date() if isinstance(value, dt.datetime) else value


def insights_for_user(*, user, period: str, now: dt.datetime | None = None):
    now = now or timezone.now()
    today = now.astimezone(user.zone).date()
    start = period_start(period=period, today=today)
    steps, endings = funnel(user=user, start=start)
    return Insights(
        period=period,
        period_label=dict(Period.CHOICES)[period],
        start=start,
        today=today,
        follow_through=follow_through(
            user=user, since=_local_start(start, user.zone), now=now
        ),
        funnel=steps,
        endings=endings,
        responses=company_responses(user=user, start=start),
        weeks=weekly_activity(user=user, start=start, today=today),
    )
