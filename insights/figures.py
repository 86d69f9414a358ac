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
from functools import reduce
from operator import or_

from django.core.paginator import Page, Paginator
from django.db.models import (
    Case,
    Count,
    DateTimeField,
    DurationField,
    Exists,
    ExpressionWrapper,
    F,
    FloatField,
    Func,
    IntegerField,
    Max,
    OuterRef,
    Q,
    Value,
    When,
    Window,
)
from django.db.models.functions import (
    Coalesce,
    Greatest,
    Lag,
    RowNumber,
    Trim,
    TruncDate,
    TruncWeek,
)
from django.db.models.lookups import Exact
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
COMPANIES_PER_PAGE = 50


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
    companies: Page
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
    ).filter(Q(interviewer=OuterRef("interviewer")) | Q(interviewer__isnull=True))
    people = Participation.objects.filter(interview__in=interviews).aggregate(
        people=Count("id"), thanked=Count("id", filter=Exists(sent))
    )
    letters = Letter.objects.for_user(user).filter(
        interview__in=interviews,
        kind__in=THANK_YOU_KINDS,
        status=LetterStatus.SENT,
    )
    sent, same_day, within_day, delays = _letter_figures(letters, zone)
    return FollowThrough(
        people=people["people"],
        thanked=people["thanked"],
        sent=sent,
        median=statistics.median(delays[rank] for rank in _middle_ranks(sent))
        if sent
        else None,
        p90=_percentile(delays, sent, 0.9),
        same_day=same_day,
        within_day=within_day,
    )


def _middle_ranks(count: int) -> list[int]:
    return sorted({(count - 1) // 2, count // 2})


def _letter_figures(letters, zone) -> tuple[int, int, int, dict[int, dt.timedelta]]:
    """Counts of the sent thank-yous (all, same day, within 24 hours) and their delays
    at the ranks the median and the 90th percentile need (0-based, shortest first; a
    letter sent before the interview's end took no time), in one query: each row
    carries the counts, and only the rows at those ranks are read."""
    delay = ExpressionWrapper(
        F("sent_at") - F("interview__ends_at"), output_field=DurationField()
    )
    same_day = Exact(
        TruncDate("sent_at", tzinfo=zone), TruncDate("interview__ends_at", tzinfo=zone)
    )
    within_day = Q(sent_at__lte=F("interview__ends_at") + dt.timedelta(hours=24))
    last = F("sent") - 1
    # 1-based ranks: the middle one or two, and the two around 90% (integer division
    # floors as _percentile_ranks does).
    wanted = [last / 2 + 1, F("sent") / 2 + 1, last * 9 / 10 + 1, last * 9 / 10 + 2]
    rows = list(
        letters.annotate(
            rank=Window(RowNumber(), order_by=[delay.asc(), F("id").asc()]),
            sent=Window(Count("id")),
            same_day=Window(Count("id", filter=same_day)),
            within_day=Window(Count("id", filter=within_day)),
            delay=delay,
        )
        .order_by()
        .filter(reduce(or_, (Q(rank=rank) for rank in wanted)))
        .values_list("sent", "same_day", "within_day", "rank", "delay")
    )
    if not rows:
        return 0, 0, 0, {}
    sent, same, within, _, _ = rows[0]
    delays = {rank - 1: max(value, dt.timedelta()) for *_, rank, value in rows}
    return sent, same, within, delays


def _percentile(delays: dict[int, dt.timedelta], count: int, share: float):
    """Linear interpolation between the closest ranks (PostgreSQL's percentile_cont)."""
    if not count:
        return None
    low, high, fraction = _percentile_ranks(count, share)
    return delays[low] + (delays[high] - delays[low]) * fraction


def _percentile_ranks(count: int, share: float) -> tuple[int, int, float]:
    """Linear interpolation between the closest ranks (PostgreSQL's percentile_cont):
    the two 0-based ranks and the weight of the higher one."""
    position = (count - 1) * share
    low = int(position)
    return low, min(low + 1, count - 1), position - low


def funnel(*, user, start: dt.date | None) -> tuple[list[FunnelStep], Endings]:
    """How far the period's applications got, and how the closed ones ended."""
    applications = Application.objects.for_user(user)
    if start:
        applications = applications.alias(day=application_day(user.zone)).filter(
            day__gte=start
        )
    levels = Case(
        *[
            When(interviews__stage__in=stages, then=Value(level))
            for level, (_, stages) in enumerate(FUNNEL_STEPS, start=1)
        ],
        default=Value(0),
        output_field=IntegerField(),
    )
    offer = Q(status__in=OFFER_STATUSES)
    live_interviews = Q(interviews__trashed_at__isnull=True)
    counts = applications.annotate(
        level=Coalesce(Max(levels, filter=live_interviews), Value(0))
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


class DaysBetween(Func):
    """Days, with their fraction, from the second datetime to the first."""

    arity = 2
    output_field = FloatField()
    template = "(JULIANDAY(%(expressions)s))"
    arg_joiner = ") - JULIANDAY("

    def as_postgresql(self, compiler, connection, **extra):
        return self.as_sql(
            compiler,
            connection,
            template="CAST(EXTRACT(EPOCH FROM %(expressions)s) AS double precision)"
            " / 86400",
            arg_joiner=" - ",
            **extra,
        )


class WallClock(Func):
    """A datetime as a clock in ``zone`` shows it, without the zone: two of them
    subtract as the user's clock runs, an hour apart across a change of summer time
    as Python's datetimes of one zone do."""

    output_field = DateTimeField()

    def __init__(self, expression, zone):
        self.zone = zone
        super().__init__(expression)

    def as_postgresql(self, compiler, connection, **extra):
        sql, params = compiler.compile(self.source_expressions[0])
        return f"({sql} AT TIME ZONE %s)", (*params, self.zone.key)

    def as_sqlite(self, compiler, connection, **extra):
        sql, params = compiler.compile(self.source_expressions[0])
        zones = (self.zone.key, connection.timezone_name)
        return (
            f"(django_datetime_cast_date({sql}, %s, %s) || ' ' || "
            f"django_datetime_cast_time({sql}, %s, %s))",
            (*params, *zones, *params, *zones),
        )


class DaysBetweenDates(DaysBetween):
    """Whole days from the second date to the first."""

    def as_postgresql(self, compiler, connection, **extra):
        return self.as_sql(
            compiler,
            connection,
            template="(%(expressions)s)",
            arg_joiner=" - ",
            **extra,
        )


def company_responses(*, user, start: dt.date | None) -> list[CompanyResponse]:
    """Median days to each company's next recorded step, slowest first.

    The first interview of an application counts the calendar days since the
    application's date; each later one the time since the one before it ended. The
    database works out each step's days (the interview before comes from a window over
    the application's interviews), so only (company, days) pairs reach Python, which
    takes the medians: SQLite has no median aggregate.
    """
    zone = user.zone
    interviews = Interview.objects.for_user(user)
    if start:
        interviews = interviews.alias(
            app_day=application_day(zone, prefix="application__")
        ).filter(app_day__gte=start)
    began = Coalesce("starts_at", "ends_at")
    previous_end = Window(
        Lag("ends_at"),
        partition_by=[F("application_id")],
        order_by=[F("ends_at").asc(), F("id").asc()],
    )
    since_application = DaysBetweenDates(
        TruncDate(began, tzinfo=zone), application_day(zone, prefix="application__")
    )
    since_previous = DaysBetween(WallClock(began, zone), WallClock(previous_end, zone))
    days = Greatest(Coalesce(since_previous, since_application), Value(0.0))
    gaps: dict[str, list[float]] = defaultdict(list)
    for company, step in interviews.order_by().values_list(
        Trim("application__company"), days
    ):
        gaps[company].append(step)
    responses = [
        CompanyResponse(company, statistics.median(steps), len(steps))
        for company, steps in gaps.items()
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


def insights_for_user(
    *, user, period: str, now: dt.datetime | None = None, company_page=1
) -> Insights:
    """The page's figures; the companies' response times one page at a time."""
    now = now or timezone.now()
    today = now.astimezone(user.zone).date()
    start = period_start(period=period, today=today)
    steps, endings = funnel(user=user, start=start)
    companies = Paginator(
        company_responses(user=user, start=start), COMPANIES_PER_PAGE
    ).get_page(company_page)
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
        responses=list(companies.object_list),
        companies=companies,
        weeks=weekly_activity(user=user, start=start, today=today),
    )
