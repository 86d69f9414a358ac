"""The insights page's figures, from the data the tracker already keeps.

Taking the figures reads the user's whole account for the period, so they are kept
(FiguresSnapshot, one per user and period) and the page reads the kept ones: the user's
``data_changed_at`` and local day tell whether they are current, and a worker brings
them up to date when not (figures_refresh, insights.tasks). Taking them is a fixed
handful of queries, however many rows the user has: PostgreSQL returns the figures
themselves (medians and the ordered companies included); on SQLite, which has no
median aggregate, the letters' delays and the interviews' steps of the chosen period
are read into Python for their medians.

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
import logging
import statistics
from collections import Counter, defaultdict
from dataclasses import asdict, dataclass

from django.core.cache import cache
from django.core.paginator import Page, Paginator
from django.db import connections, transaction
from django.db.models import (
    Aggregate,
    Case,
    Count,
    DateField,
    DateTimeField,
    DurationField,
    ExpressionWrapper,
    F,
    FloatField,
    Func,
    IntegerField,
    Max,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
    Window,
)
from django.db.models.fields.tuple_lookups import TupleIn
from django.db.models.functions import (
    Cast,
    Coalesce,
    Greatest,
    Lag,
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
    Stage,
)
from jobtrack.cache_errors import CACHE_ERRORS
from letters.models import Letter, LetterKind, LetterStatus

from .models import CompanyFigure, FiguresSnapshot, Period
from .record import application_day

logger = logging.getLogger(__name__)

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
    computed_at: dt.datetime
    stale: bool


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
    person = "participations__interviewer"
    people = (
        _interviews(user)
        .filter(_ended(since=since, now=now))
        .aggregate(people=Count(person), thanked=Count(person, filter=_thanked(user)))
    )
    letters = _letters(user).filter(
        _ended(since=since, now=now, prefix="interview__"),
        interview__owner=user,
        kind__in=THANK_YOU_KINDS,
        status=LetterStatus.SENT,
    )
    return FollowThrough(
        people=people["people"], thanked=people["thanked"], **_sent(letters, user.zone)
    )


def _interviews(user):
    """The user's live interviews. Naming their applications' owner as well lets the
    database start from the user's applications (an index) rather than read every
    application to test it for the Trash."""
    return Interview.objects.for_user(user).filter(application__owner=user)


def _letters(user):
    """The user's live letters, their applications named by owner as in _interviews."""
    return Letter.objects.for_user(user).filter(application__owner=user)


def _ended(*, since: dt.datetime | None, now: dt.datetime, prefix: str = "") -> Q:
    """Done interviews that ended in the period, up to now."""
    ended = Q(**{f"{prefix}status": InterviewStatus.DONE, f"{prefix}ends_at__lte": now})
    if since:
        ended &= Q(**{f"{prefix}ends_at__gte": since})
    return ended


def _thanked(user) -> Q:
    """An interview's person was thanked by a sent thank-you to them or to the
    interview's team.

    Each test is a set the database reads once and looks a person up in (a hashed
    subplan), instead of a search of the letters per person met. The people are those
    of the user's live interviews, so the user's letters need no test of the Trash.
    """
    thank_yous = Letter.objects.with_trashed_for_user(user).filter(
        kind__in=THANK_YOU_KINDS, status=LetterStatus.SENT
    )
    to_team = thank_yous.filter(interviewer__isnull=True).values("interview")
    # Without NULLs in the set, a person not found is known not thanked at once.
    to_person = thank_yous.filter(interviewer__isnull=False).values(
        "interview", "interviewer"
    )
    return Q(pk__in=to_team) | Q(
        TupleIn((F("pk"), F("participations__interviewer")), to_person.query)
    )


def _sent(letters, zone) -> dict:
    """The sent thank-yous: how many, how many the same day and within 24 hours, and
    the median and 90th percentile of their delays (a letter sent before the
    interview's end took no time), interpolated as PostgreSQL's percentile_cont does.
    """
    ended = F("interview__ends_at")
    delay = Greatest(
        ExpressionWrapper(F("sent_at") - ended, output_field=DurationField()),
        Value(dt.timedelta()),
    )
    same_day = Exact(TruncDate("sent_at", tzinfo=zone), TruncDate(ended, tzinfo=zone))
    figures = {
        "sent": Count("sent_at"),
        "same_day": Count("sent_at", filter=same_day),
        "within_day": Count(
            "sent_at", filter=Q(sent_at__lte=ended + dt.timedelta(hours=24))
        ),
    }
    if PercentileCont.supported(letters.db):
        return letters.aggregate(
            **figures,
            median=PercentileCont(delay, MEDIAN),
            p90=PercentileCont(delay, P90),
        )
    delays = sorted(letters.values_list(delay, flat=True))
    return {
        **letters.aggregate(**figures),
        "median": _percentile(delays, MEDIAN),
        "p90": _percentile(delays, P90),
    }


def _percentile(ordered: list, share: float):
    """The value ``share`` of the way through ``ordered``, between the two closest
    values by linear interpolation (PostgreSQL's percentile_cont); None when empty."""
    if not ordered:
        return None
    position = (len(ordered) - 1) * share
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def funnel(*, user, start: dt.date | None) -> tuple[list[FunnelStep], Endings]:
    """How far the period's applications got, and how the closed ones ended.

    The database counts the applications per furthest stage and status (a few rows);
    Python adds them up into the steps.
    """
    applications = Application.objects.for_user(user)
    if start:
        applications = applications.alias(day=application_day(user.zone)).filter(
            day__gte=start
        )
    groups = list(
        applications.annotate(level=Coalesce(_furthest_level(user), Value(0)))
        .order_by()
        .values_list("level", "status")
        .annotate(n=Count("pk"))
    )
    statuses = Counter()
    for _, status, n in groups:
        statuses[status] += n
    steps = [FunnelStep("Applications", statuses.total(), None)]
    for step, (label, _) in enumerate(FUNNEL_STEPS, start=1):
        reached = sum(
            n
            for level, status, n in groups
            if level >= step or status in OFFER_STATUSES
        )
        steps.append(FunnelStep(label, reached, steps[-1].count))
    offer = sum(statuses[status] for status in OFFER_STATUSES)
    steps.append(FunnelStep("Offer", offer, steps[-1].count))
    rejected = statuses[ApplicationStatus.REJECTED]
    withdrawn = statuses[ApplicationStatus.WITHDRAWN]
    endings = Endings(
        open=statuses.total() - offer - rejected - withdrawn,
        offer=statuses[ApplicationStatus.OFFER],
        accepted=statuses[ApplicationStatus.ACCEPTED],
        rejected=rejected,
        withdrawn=withdrawn,
    )
    return steps, endings


def _furthest_level(user) -> Subquery:
    """The furthest funnel step an application's live interviews reached (1 for the
    first step), None without one. The interviews are looked up by owner and
    application, which one index holds."""
    levels = Case(
        *[
            When(stage__in=stages, then=Value(level))
            for level, (_, stages) in enumerate(FUNNEL_STEPS, start=1)
        ],
        default=Value(0),
        output_field=IntegerField(),
    )
    return Subquery(
        Interview.objects.filter(
            owner=user, application=OuterRef("pk"), trashed_at__isnull=True
        )
        .order_by()
        .values("application")
        .values(level=Max(levels))
    )


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
            template="date_part('epoch', %(expressions)s) / 86400",
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


MEDIAN = 0.5
P90 = 0.9


class PercentileCont(Aggregate):
    """The value ``share`` of the way through the ordered values, between the two
    closest by linear interpolation: PostgreSQL's percentile_cont. Other databases
    have none; ``_percentile`` takes it in Python there."""

    function = "percentile_cont"
    template = "%(function)s(%(share)r) WITHIN GROUP (ORDER BY %(expressions)s)"

    def __init__(self, expression, share: float, **extra):
        super().__init__(expression, share=float(share), **extra)

    @staticmethod
    def supported(alias: str) -> bool:
        return connections[alias].vendor == "postgresql"


def company_responses_keep(*, snapshot, user, start: dt.date | None) -> int:
    """The snapshot's rows of median days to each company's next recorded step, ranked
    slowest first (a tie by the name in lower case, compared as Python compares text);
    returns how many companies.

    The first interview of an application counts the calendar days since the
    application's date; each later one the time since the one before it ended.
    PostgreSQL takes the medians, ranks the companies and writes the rows in one
    statement; SQLite, which has no median aggregate, returns each step and Python
    takes them.
    """
    steps = _company_steps(user=user, start=start)
    if PercentileCont.supported(steps.db):
        return _responses_kept_by_database(steps, snapshot)
    responses = _responses_in_python(steps)
    CompanyFigure.objects.bulk_create(
        CompanyFigure(
            snapshot=snapshot,
            rank=rank,
            company=response.company,
            median_days=response.median_days,
            steps=response.steps,
        )
        for rank, response in enumerate(responses, start=1)
    )
    return len(responses)


def _company_steps(*, user, start: dt.date | None):
    """One row per live interview: its company and the days of its step (the
    interview before it comes from a window over the application's interviews)."""
    zone = user.zone
    interviews = _interviews(user)
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
    return interviews.order_by().values(
        company=Trim("application__company"),
        days=Greatest(Coalesce(since_previous, since_application), Value(0.0)),
    )


def _responses_in_python(steps) -> list[CompanyResponse]:
    """Every step read, the medians taken and the companies ordered here."""
    gaps: dict[str, list[float]] = defaultdict(list)
    for company, days in steps.values_list("company", "days"):
        gaps[company].append(days)
    responses = [
        CompanyResponse(company, statistics.median(days), len(days))
        for company, days in gaps.items()
    ]
    responses.sort(key=lambda r: (-r.median_days, r.company.lower(), r.company))
    return responses


def _responses_kept_by_database(steps, snapshot) -> int:
    """The medians are taken over the window's rows, so the steps are a derived table,
    which querysets do not write; the rows go from the query to the table unread."""
    steps_sql, params = steps.query.sql_with_params()
    connection = connections[steps.db]
    table = connection.ops.quote_name(CompanyFigure._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            INSERT INTO {table} (snapshot_id, rank, company, median_days, steps)
            SELECT %s, ROW_NUMBER() OVER (
                    ORDER BY median_days DESC, LOWER(company) COLLATE "C",
                        company COLLATE "C"
                ), company, median_days, steps
            FROM (
                SELECT company, COUNT(*) AS steps,
                    percentile_cont(0.5) WITHIN GROUP (ORDER BY days) AS median_days
                FROM ({steps_sql}) AS step
                GROUP BY company
            ) AS response
            """,
            [snapshot.pk, *params],
        )
        return cursor.rowcount


def weekly_activity(
    *, user, start: dt.date | None, today: dt.date
) -> list[WeekActivity]:
    """Applications, done interviews and sent letters per Monday-to-Sunday week, the
    three counted in one query."""
    zone = user.zone
    this_monday = today - dt.timedelta(days=today.weekday())
    first = this_monday - dt.timedelta(weeks=MAX_WEEKS - 1)
    if start:
        first = max(first, start - dt.timedelta(days=start.weekday()))
    since = _local_start(first, zone)
    applications = Application.objects.for_user(user).alias(day=application_day(zone))
    sources = {
        "applications": (applications.filter(day__gte=first), TruncWeek("day")),
        "interviews": (
            _interviews(user).filter(status=InterviewStatus.DONE, ends_at__gte=since),
            TruncWeek("ends_at", tzinfo=zone),
        ),
        "letters": (
            _letters(user).filter(status=LetterStatus.SENT, sent_at__gte=since),
            TruncWeek("sent_at", tzinfo=zone),
        ),
    }
    first_kind, *other_kinds = (
        _per_week(kind, rows, monday) for kind, (rows, monday) in sources.items()
    )
    counts = {
        (kind, week): n for kind, week, n in first_kind.union(*other_kinds, all=True)
    }
    weeks = []
    monday = first
    while monday <= this_monday:
        weeks.append(
            WeekActivity(
                monday, **{kind: counts.get((kind, monday), 0) for kind in sources}
            )
        )
        monday += dt.timedelta(weeks=1)
    return weeks


def _per_week(kind: str, rows, monday):
    """(kind, Monday, how many) for each week of ``rows``; ``monday`` truncates a
    row's day or time to its week."""
    return (
        rows.annotate(week=Cast(monday, DateField()))
        .order_by()
        .values_list(Value(kind), "week")
        .annotate(n=Count("*"))
    )


def figures_refresh(*, user, period: str, now: dt.datetime | None = None):
    """Take the user's figures for the period and keep them, the companies' rows
    included, in place of those kept before.

    The snapshot reflects ``user.data_changed_at`` as the caller read it, before the
    figures were taken: a change saved meanwhile leaves the snapshot older than the
    data, and the next view asks for another refresh.
    """
    now = now or timezone.now()
    reflects = user.data_changed_at
    today = now.astimezone(user.zone).date()
    start = period_start(period=period, today=today)
    steps, endings = funnel(user=user, start=start)
    payload = {
        "follow_through": _follow_through_kept(
            follow_through(user=user, since=_local_start(start, user.zone), now=now)
        ),
        "funnel": [[s.label, s.count, s.previous] for s in steps],
        "endings": asdict(endings),
        "weeks": [
            [w.start.isoformat(), w.applications, w.interviews, w.letters]
            for w in weekly_activity(user=user, start=start, today=today)
        ],
    }
    with transaction.atomic():
        snapshot, _ = FiguresSnapshot.objects.update_or_create(
            owner=user,
            period=period,
            defaults={
                "day": today,
                "reflects": reflects,
                "computed_at": now,
                "payload": payload,
            },
        )
        snapshot.companies.all().delete()
        snapshot.payload["companies"] = company_responses_keep(
            snapshot=snapshot, user=user, start=start
        )
        snapshot.save(update_fields=["payload"])
    try:
        cache.delete(_refresh_key(user_id=user.pk, period=period))
    except CACHE_ERRORS as error:  # the ask expires on its own
        logger.warning("insights refresh ask not cleared: %r", error)
    return snapshot


def _refresh_key(*, user_id: int, period: str) -> str:
    return f"insights-refresh:{user_id}:{period}"


REFRESH_QUEUED_SECONDS = 60


def insights_for_user(
    *,
    user,
    period: str,
    now: dt.datetime | None = None,
    company_page=1,
    enqueue_refresh=None,
) -> Insights:
    """The page's figures as kept for the user, the companies one page at a time.

    The first view of a period takes them here. Kept figures that reflect older data
    than the user's, or another day, are shown all the same, marked stale, while
    ``enqueue_refresh(user_id, period)`` has a worker bring them up to date, once
    at a time per user and period (insights.tasks); without it they are brought up to
    date here.
    """
    now = now or timezone.now()
    snapshot = FiguresSnapshot.objects.filter(owner=user, period=period).first()
    if snapshot is None:
        snapshot = figures_refresh(user=user, period=period, now=now)
    stale = (
        snapshot.reflects != user.data_changed_at
        or snapshot.day != now.astimezone(user.zone).date()
    )
    if stale and enqueue_refresh is None:
        snapshot, stale = figures_refresh(user=user, period=period, now=now), False
    elif stale and _refresh_asked(user_id=user.pk, period=period):
        transaction.on_commit(lambda: enqueue_refresh(user.pk, period), robust=True)
    return _insights_kept(snapshot, stale=stale, company_page=company_page)


def _refresh_asked(*, user_id: int, period: str) -> bool:
    """True for the first view to ask since the last refresh. With the cache down (the
    broker is usually the same Redis) nobody asks: the kept figures stay, marked stale."""
    try:
        return cache.add(
            _refresh_key(user_id=user_id, period=period),
            True,
            timeout=REFRESH_QUEUED_SECONDS,
        )
    except CACHE_ERRORS as error:
        logger.warning("insights refresh not asked for: %r", error)
        return False


def _follow_through_kept(figures: FollowThrough) -> dict:
    """The follow-through as JSON: its durations in whole microseconds, exactly."""
    return {
        **asdict(figures),
        "median": _microseconds(figures.median),
        "p90": _microseconds(figures.p90),
    }


def _microseconds(span: dt.timedelta | None) -> int | None:
    return None if span is None else span // dt.timedelta(microseconds=1)


def _span(microseconds: int | None) -> dt.timedelta | None:
    return None if microseconds is None else dt.timedelta(microseconds=microseconds)


def _insights_kept(snapshot, *, stale: bool, company_page) -> Insights:
    """The page's figures from a snapshot; its page of companies read by rank."""
    payload = snapshot.payload
    paginator = Paginator(range(payload["companies"]), COMPANIES_PER_PAGE)
    shown = paginator.get_page(company_page)
    responses = (
        [
            CompanyResponse(*row)
            for row in snapshot.companies.filter(
                rank__gte=shown.start_index(), rank__lte=shown.end_index()
            )
            .order_by("rank")
            .values_list("company", "median_days", "steps")
        ]
        if paginator.count
        else []
    )
    kept = payload["follow_through"]
    return Insights(
        period=snapshot.period,
        period_label=dict(Period.CHOICES)[snapshot.period],
        start=period_start(period=snapshot.period, today=snapshot.day),
        today=snapshot.day,
        follow_through=FollowThrough(
            **{**kept, "median": _span(kept["median"]), "p90": _span(kept["p90"])}
        ),
        funnel=[FunnelStep(*step) for step in payload["funnel"]],
        endings=Endings(**payload["endings"]),
        responses=responses,
        companies=Page(responses, shown.number, paginator),
        weeks=[
            WeekActivity(dt.date.fromisoformat(start), *counts)
            for start, *counts in payload["weeks"]
        ],
        computed_at=snapshot.computed_at,
        stale=stale,
    )
