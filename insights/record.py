"""The work-search record: every application and done interview, plus added activities.

Rules of the record:
1. An application is an entry on the day it was applied for (the day it was added when
   no date was given); method online, result the application's current status.
2. A done interview is an entry on the day it ended, in the user's timezone; the people
   met are the persons contacted, the format is the method. Scheduled ones are not yet
   an activity.
3. An activity the user added is an entry as typed.
4. An automatic entry the user edited shows the fields they changed (insights.models.
   EntryEdit). A hidden entry is listed on the record page but left out of exports and
   the weekly count.

The three sources are one SQL UNION ordered by date, so a page or an export reads it in
chunks and memory does not grow with the number of entries.
"""

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass

from django.db.models import (
    Aggregate,
    BooleanField,
    Case,
    CharField,
    DateField,
    F,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce, TruncDate
from django.utils import timezone

from applications.models import (
    Application,
    ApplicationStatus,
    Interview,
    InterviewFormat,
    InterviewStatus,
    Participation,
    Stage,
)

from .models import EDITABLE_FIELDS, Activity, ActivityKind, ContactMethod

METHOD_BY_FORMAT = {
    InterviewFormat.PHONE: ContactMethod.PHONE,
    InterviewFormat.VIDEO: ContactMethod.VIDEO,
    InterviewFormat.ONSITE: ContactMethod.IN_PERSON,
}
COLUMNS = (
    "e_date",
    "e_kind",
    "e_stage",
    "e_employer",
    "e_position",
    "e_person",
    "e_contact",
    "e_method",
    "e_result",
    "e_status",
    "e_hidden",
    "e_edited",
    "e_source_pk",
)
EXPORT_CHUNK = 500


class JoinedText(Aggregate):
    """Text values joined with ", " (STRING_AGG on PostgreSQL, GROUP_CONCAT on SQLite)."""

    function = "STRING_AGG"
    output_field = CharField()

    def __init__(self, expression, **extra):
        super().__init__(expression, Value(", "), **extra)

    def as_sqlite(self, compiler, connection, **extra):
        return self.as_sql(compiler, connection, function="GROUP_CONCAT", **extra)


@dataclass(frozen=True)
class Words:
    """What a layout calls things: labels of the choices and the page furniture."""

    kinds: dict[str, str]
    stages: dict[str, str]
    methods: dict[str, str]
    statuses: dict[str, str]
    period: str = "Period"
    page: str = "Page"


ENGLISH = Words(
    kinds=dict(ActivityKind.choices),
    stages=dict(Stage.choices),
    methods=dict(ContactMethod.choices),
    statuses=dict(ApplicationStatus.choices),
)


@dataclass(frozen=True)
class RecordEntry:
    date: dt.date
    kind: str
    stage: str
    employer: str
    position: str
    person: str
    contact: str
    method: str
    result: str | None  # None: the application's status tells the result
    status: str
    hidden: bool
    edited: bool
    source_pk: int

    @property
    def is_automatic(self) -> bool:
        return self.kind in (ActivityKind.APPLICATION, ActivityKind.INTERVIEW)

    def activity(self, words: Words = ENGLISH) -> str:
        """An interview is named by its stage, anything else by its kind."""
        if self.kind == ActivityKind.INTERVIEW and self.stage:
            return words.stages.get(self.stage, self.stage)
        return words.kinds.get(self.kind, self.kind)

    def method_text(self, words: Words = ENGLISH) -> str:
        return words.methods.get(self.method, self.method)

    def result_text(self, words: Words = ENGLISH) -> str:
        """What the user wrote, else the application's current status."""
        if self.result is not None:
            return self.result
        return words.statuses.get(self.status, self.status)

    @property
    def label(self) -> str:
        return self.activity()

    @property
    def method_label(self) -> str:
        return self.method_text()

    @property
    def result_label(self) -> str:
        return self.result_text()


def _edited_or(field: str, automatic, edits: bool, output_field=None):
    """The user's edit of the field when there is one, else the automatic value."""
    if not edits:
        return automatic
    return Coalesce(
        F(f"record_edit__{field}"), automatic, output_field=output_field or CharField()
    )


def _people(field: str) -> Subquery:
    people = (
        Participation.objects.filter(interview=OuterRef("pk"))
        .exclude(**{f"interviewer__{field}": ""})
        .order_by()
        .values("interview")
        .annotate(joined=JoinedText(f"interviewer__{field}"))
        .values("joined")
    )
    return Coalesce(Subquery(people), Value(""))


def _hidden(edits: bool):
    if not edits:
        return Value(False)
    return Coalesce(F("record_edit__hidden"), Value(False))


def _automatic_common(edits: bool) -> dict:
    if not edits:
        return {
            "e_edited": Value(False),
            "e_result": Value(None, output_field=CharField()),
            "e_source_pk": F("pk"),
        }
    changed = Q()
    for name in EDITABLE_FIELDS:
        changed |= Q(**{f"record_edit__{name}__isnull": False})
    return {
        "e_edited": Case(
            When(changed, then=Value(True)),
            default=Value(False),
            output_field=BooleanField(),
        ),
        "e_result": F("record_edit__result"),
        "e_source_pk": F("pk"),
    }


def application_day(zone, *, prefix: str = ""):
    """An application's date: the day applied on, else the day it was added."""
    return Coalesce(
        f"{prefix}applied_on", TruncDate(f"{prefix}created_at", tzinfo=zone)
    )


def _dated_applications(user, *, edits: bool = True):
    """Applications with what places an entry in a week: its day and whether it is
    hidden."""
    return Application.objects.for_user(user).annotate(
        e_date=_edited_or(
            "date", application_day(user.zone), edits, output_field=DateField()
        ),
        e_hidden=_hidden(edits),
    )


def _applications(user, *, edits: bool = True):
    return _dated_applications(user, edits=edits).annotate(
        e_kind=Value(ActivityKind.APPLICATION.value),
        e_stage=Value(""),
        e_employer=_edited_or("employer", F("company"), edits),
        e_position=_edited_or("position", F("role"), edits),
        e_person=_edited_or("person", Value(""), edits),
        e_contact=_edited_or("contact", F("posting_url"), edits),
        e_method=_edited_or("method", Value(ContactMethod.ONLINE.value), edits),
        e_status=F("status"),
        **_automatic_common(edits),
    )


def _dated_interviews(user, *, edits: bool = True):
    """Done interviews with their entry's day and whether it is hidden."""
    ended = TruncDate("ends_at", tzinfo=user.zone)
    return (
        Interview.objects.for_user(user)
        .filter(status=InterviewStatus.DONE)
        .annotate(
            e_date=_edited_or("date", ended, edits, output_field=DateField()),
            e_hidden=_hidden(edits),
        )
    )


def _interviews(user, *, edits: bool = True):
    method = Case(
        *[When(format=k, then=Value(v.value)) for k, v in METHOD_BY_FORMAT.items()],
        default=Value(ContactMethod.VIDEO.value),
    )
    return _dated_interviews(user, edits=edits).annotate(
        e_kind=Value(ActivityKind.INTERVIEW.value),
        e_stage=F("stage"),
        e_employer=_edited_or("employer", F("application__company"), edits),
        e_position=_edited_or("position", F("application__role"), edits),
        e_person=_edited_or("person", _people("name"), edits),
        e_contact=_edited_or("contact", _people("email"), edits),
        e_method=_edited_or("method", method, edits),
        e_status=F("application__status"),
        **_automatic_common(edits),
    )


def _dated_added(user):
    """Added activities with their day and whether they are hidden."""
    return Activity.objects.for_user(user).annotate(
        e_date=F("date"), e_hidden=F("hidden")
    )


def _added(user):
    return _dated_added(user).annotate(
        e_kind=F("kind"),
        e_stage=Value(""),
        e_employer=F("employer"),
        e_position=F("position"),
        e_person=F("person"),
        e_contact=F("contact"),
        e_method=F("method"),
        e_result=F("result"),
        e_status=Value(""),
        e_edited=Value(False),
        e_source_pk=F("pk"),
    )


AUTOMATIC_SOURCES = {
    ActivityKind.APPLICATION: _applications,
    ActivityKind.INTERVIEW: _interviews,
}


def automatic_entry(*, user, kind: str, pk: int, edits: bool = True) -> RecordEntry:
    """One automatic entry as shown (``edits``) or as recorded; DoesNotExist if not
    the user's."""
    row = AUTOMATIC_SOURCES[kind](user, edits=edits).values(*COLUMNS).get(pk=pk)
    return _entry(row)


def record_queryset(
    *,
    user,
    start: dt.date | None = None,
    end: dt.date | None = None,
    include_hidden: bool = True,
):
    """One query over the three sources, oldest first, as dicts keyed by COLUMNS."""
    sources = (_applications(user), _interviews(user), _added(user))
    first, *others = (
        part.values(*COLUMNS)
        for part in _in_period(
            sources, user=user, start=start, end=end, include_hidden=include_hidden
        )
    )
    return first.union(*others, all=True).order_by("e_date", "e_kind", "e_source_pk")


def _in_period(sources, *, user, start, end, include_hidden: bool) -> list:
    """The applications, interviews and added activities (in that order) narrowed to
    the entries dated start..end, hidden ones left out unless asked for."""
    period = Q()
    if start:
        period &= Q(e_date__gte=start)
    if end:
        period &= Q(e_date__lte=end)
    if not include_hidden:
        period &= Q(e_hidden=False)
    parts = list(sources)
    if start and end:
        parts[:2] = [
            narrowed
            for source, natural in zip(
                parts[:2], _natural_days(user, start, end), strict=True
            )
            for narrowed in _by_index(source, natural)
        ]
    return [part.filter(period).order_by() for part in parts]


def _natural_days(user, start: dt.date, end: dt.date) -> tuple[Q, Q]:
    """Applications and interviews whose own dates can fall in start..end, in terms their
    indexes answer (a day's margin either side for the user's time zone); the exact day,
    which an edit may override, is still filtered on top."""
    after = dt.datetime.combine(start - dt.timedelta(days=1), dt.time(), dt.UTC)
    before = dt.datetime.combine(end + dt.timedelta(days=2), dt.time(), dt.UTC)
    applications = Q(applied_on__range=(start, end)) | Q(
        applied_on__isnull=True, created_at__gte=after, created_at__lt=before
    )
    interviews = Q(ends_at__gte=after, ends_at__lt=before)
    return applications, interviews


def _by_index(source, natural: Q):
    """A source split so each part reads an index rather than every row of the user:
    rows dated by an edit (few), and the others by their own date."""
    return (
        source.filter(record_edit__date__isnull=False),
        source.filter(natural, record_edit__date__isnull=True),
    )


def _entry(row: dict) -> RecordEntry:
    return RecordEntry(
        date=row["e_date"],
        kind=row["e_kind"],
        stage=row["e_stage"],
        employer=row["e_employer"],
        position=row["e_position"],
        person=row["e_person"] or "",
        contact=row["e_contact"] or "",
        method=row["e_method"],
        result=row["e_result"],
        status=row["e_status"],
        hidden=bool(row["e_hidden"]),
        edited=bool(row["e_edited"]),
        source_pk=row["e_source_pk"],
    )


def record_entries(rows) -> list[RecordEntry]:
    return [_entry(row) for row in rows]


def record_stream(
    *, user, start: dt.date | None, end: dt.date | None
) -> Iterator[RecordEntry]:
    """The visible entries of a period, read from the database in chunks."""
    rows = record_queryset(user=user, start=start, end=end, include_hidden=False)
    for row in rows.iterator(chunk_size=EXPORT_CHUNK):
        yield _entry(row)


@dataclass(frozen=True)
class WeekProgress:
    """This week's count against the user's target, for the dashboard meter."""

    start: dt.date
    end: dt.date
    count: int
    days: int
    target: int
    different_days: bool

    @property
    def counted(self) -> int:
        """Activities that count: one per day when the target asks for different days."""
        return self.days if self.different_days else self.count

    @property
    def met(self) -> bool:
        return self.counted >= self.target

    @property
    def remaining(self) -> int:
        return max(self.target - self.counted, 0)

    @property
    def meter_value(self) -> int:
        return min(self.counted, self.target)


def entry_days(*, user, start: dt.date, end: dt.date) -> list[dt.date]:
    """The day of each visible entry from start to end, one per entry: the record's
    rules, reading only the columns that date an entry, for counting."""
    sources = (_dated_applications(user), _dated_interviews(user), _dated_added(user))
    first, *others = (
        part.values_list("e_date", flat=True)
        for part in _in_period(
            sources, user=user, start=start, end=end, include_hidden=False
        )
    )
    return list(first.union(*others, all=True))


def week_progress(*, user, today: dt.date | None = None) -> WeekProgress:
    """Monday to Sunday of the user's week; hidden entries do not count."""
    today = today or timezone.now().astimezone(user.zone).date()
    start = today - dt.timedelta(days=today.weekday())
    end = start + dt.timedelta(days=6)
    days = entry_days(user=user, start=start, end=end)
    return WeekProgress(
        start=start,
        end=end,
        count=len(days),
        days=len(set(days)),
        target=user.weekly_activity_target,
        different_days=user.weekly_target_different_days,
    )
