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
5. Entries list oldest first; within a day and kind, in the order they happened (an
   interview's end) or were added.

The three sources are one SQL UNION in that order: a page reads each source through its
index only as far as the page reaches, an export reads it in chunks, and neither grows
with the number of entries.
"""

import datetime as dt
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass

from django.db import connections
from django.db.models import (
    Aggregate,
    Case,
    CharField,
    DateField,
    Exists,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Cast, Coalesce, TruncDate
from django.db.models.lookups import IsNull
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
from jobtrack.compiled import kept_compiled
from jobtrack.links import pk_url

from .models import EDITABLE_FIELDS, Activity, ActivityKind, ContactMethod, EntryEdit

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
    "e_at",
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


# The page that edits an automatic entry, by kind; an added activity has its own.
EDIT_VIEWS = {
    ActivityKind.APPLICATION: "insights:application_entry",
    ActivityKind.INTERVIEW: "insights:interview_entry",
}


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
    def edit_url(self) -> str:
        return pk_url(
            EDIT_VIEWS.get(self.kind, "insights:activity_edit"), self.source_pk
        )

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


def _automatic_dated(edits: bool, moment: str) -> dict:
    """What the period, its order and the weekly count read of an automatic entry."""
    return {
        "e_at": F(moment),
        "e_hidden": Coalesce(F("record_edit__hidden"), Value(False))
        if edits
        else Value(False),
        "e_source_pk": F("pk"),
    }


def _automatic_whole(edits: bool) -> dict:
    """Edited when any editable field holds the user's value: one COALESCE over the
    edit's fields, which the ORM builds for a fraction of one lookup per field."""
    if not edits:
        return {
            "e_edited": Value(False),
            "e_result": Value(None, output_field=CharField()),
        }
    edited_fields = [
        Cast(f"record_edit__{name}", CharField())
        if name == "date"
        else F(f"record_edit__{name}")
        for name in EDITABLE_FIELDS
    ]
    return {
        "e_edited": IsNull(Coalesce(*edited_fields), False),
        "e_result": F("record_edit__result"),
    }


def application_day(zone, *, prefix: str = ""):
    """An application's date: the day applied on, else the day it was added."""
    return Coalesce(
        f"{prefix}applied_on", TruncDate(f"{prefix}created_at", tzinfo=zone)
    )


def _applications(user, *, edits: bool = True, whole: bool = True):
    """Applications as entries; ``whole=False`` annotates only the date, kind, source
    and hidden flag, which counting and ordering read."""
    rows = Application.objects.for_user(user).annotate(
        e_date=_edited_or(
            "date", application_day(user.zone), edits, output_field=DateField()
        ),
        e_kind=Value(ActivityKind.APPLICATION.value),
        **_automatic_dated(edits, "created_at"),
    )
    if not whole:
        return rows
    return rows.annotate(
        e_stage=Value(""),
        e_employer=_edited_or("employer", F("company"), edits),
        e_position=_edited_or("position", F("role"), edits),
        e_person=_edited_or("person", Value(""), edits),
        e_contact=_edited_or("contact", F("posting_url"), edits),
        e_method=_edited_or("method", Value(ContactMethod.ONLINE.value), edits),
        e_status=F("status"),
        **_automatic_whole(edits),
    )


def _interviews(user, *, edits: bool = True, whole: bool = True):
    """Done interviews as entries; ``whole`` as for _applications."""
    ended = TruncDate("ends_at", tzinfo=user.zone)
    rows = (
        Interview.objects.for_user(user)
        .filter(status=InterviewStatus.DONE)
        .annotate(
            e_date=_edited_or("date", ended, edits, output_field=DateField()),
            e_kind=Value(ActivityKind.INTERVIEW.value),
            **_automatic_dated(edits, "ends_at"),
        )
    )
    if not whole:
        return rows
    method = Case(
        *[When(format=k, then=Value(v.value)) for k, v in METHOD_BY_FORMAT.items()],
        default=Value(ContactMethod.VIDEO.value),
    )
    return rows.annotate(
        e_stage=F("stage"),
        e_employer=_edited_or("employer", F("application__company"), edits),
        e_position=_edited_or("position", F("application__role"), edits),
        e_person=_edited_or("person", _people("name"), edits),
        e_contact=_edited_or("contact", _people("email"), edits),
        e_method=_edited_or("method", method, edits),
        e_status=F("application__status"),
        **_automatic_whole(edits),
    )


def _added(user, *, whole: bool = True):
    """Added activities as entries; ``whole`` as for _applications."""
    rows = Activity.objects.for_user(user).annotate(
        e_date=F("date"),
        e_kind=F("kind"),
        e_hidden=F("hidden"),
        e_source_pk=F("pk"),
        e_at=F("created_at"),
    )
    if not whole:
        return rows
    return rows.annotate(
        e_stage=Value(""),
        e_employer=F("employer"),
        e_position=F("position"),
        e_person=F("person"),
        e_contact=F("contact"),
        e_method=F("method"),
        e_result=F("result"),
        e_status=Value(""),
        e_edited=Value(False),
    )


AUTOMATIC_SOURCES = {
    ActivityKind.APPLICATION: _applications,
    ActivityKind.INTERVIEW: _interviews,
}
ADDED = "added"
SOURCES = {**AUTOMATIC_SOURCES, ADDED: _added}


def automatic_entry(*, user, kind: str, pk: int, edits: bool = True) -> RecordEntry:
    """One automatic entry as shown (``edits``) or as recorded; DoesNotExist if not
    the user's."""
    row = AUTOMATIC_SOURCES[kind](user, edits=edits).values(*COLUMNS).get(pk=pk)
    return _entry(row)


# Rule 5.
ORDER = ("e_date", "e_kind", "e_at", "e_source_pk")


def _parts(
    *,
    user,
    start: dt.date | None,
    end: dt.date | None,
    include_hidden: bool,
    whole: bool = True,
    in_order: bool = False,
) -> list[tuple[QuerySet, tuple[str, ...]]]:
    """The three sources (applications, done interviews, added activities) narrowed to
    the period, each part still a queryset of its own model; ``whole=False`` annotates
    only the date, kind, moment, source and hidden flag.

    With a start and an end, each part but the few entries dated by an edit is read by
    an index of its own, and beside it is ORDER in the columns that index holds (a
    time's day in the user's zone never goes back as the time goes on); ``in_order``
    when a part is to be read in that order and cut short."""
    applications = _applications(user, whole=whole)
    interviews = _interviews(user, whole=whole)
    added = _added(user, whole=whole)
    if start and end:
        first, after = (
            dt.datetime.combine(day, dt.time(), tzinfo=user.zone)
            for day in (start, end + dt.timedelta(days=1))
        )
        edited = Q(record_edit__date__range=(start, end))
        own_day = _own_day(in_order)
        parts = [
            (applications.filter(edited), ("record_edit__date", "created_at", "pk")),
            (
                applications.filter(
                    own_day["application"], applied_on__range=(start, end)
                ),
                ("applied_on", "created_at", "pk"),
            ),
            (
                applications.filter(
                    own_day["application"],
                    applied_on__isnull=True,
                    created_at__gte=first,
                    created_at__lt=after,
                ),
                ("created_at", "pk"),
            ),
            (interviews.filter(edited), ("record_edit__date", "ends_at", "pk")),
            (
                interviews.filter(
                    own_day["interview"], ends_at__gte=first, ends_at__lt=after
                ),
                ("ends_at", "pk"),
            ),
            (
                added.filter(date__range=(start, end)),
                ("date", "kind", "created_at", "pk"),
            ),
        ]
    else:
        period = Q()
        if start:
            period &= Q(e_date__gte=start)
        if end:
            period &= Q(e_date__lte=end)
        parts = [
            (source.filter(period), ORDER)
            for source in (applications, interviews, added)
        ]
    if not include_hidden:
        parts = [(part.filter(e_hidden=False), order) for part, order in parts]
    return parts


def _own_day(in_order: bool) -> dict:
    """Not dated by an edit, for applications and interviews. Read in order and cut
    short, as an anti-join: after an outer join the planner takes the edit's date being
    null for rare, and would read the whole period to sort it rather than its index."""
    if not in_order:
        own_day = Q(record_edit__date__isnull=True)
        return {"application": own_day, "interview": own_day}
    return {
        source: ~Exists(
            EntryEdit.objects.filter(**{source: OuterRef("pk")}, date__isnull=False)
        )
        for source in ("application", "interview")
    }


def _sources(**kwargs) -> list[QuerySet]:
    return [part for part, _ in _parts(**kwargs)]


def _union(sources, columns):
    first, *others = (source.order_by().values(*columns) for source in sources)
    return first.union(*others, all=True) if others else first


def record_queryset(
    *,
    user,
    start: dt.date | None = None,
    end: dt.date | None = None,
    include_hidden: bool = True,
):
    """One query over the three sources, oldest first, as dicts keyed by COLUMNS."""
    sources = _sources(user=user, start=start, end=end, include_hidden=include_hidden)
    return _union(sources, COLUMNS).order_by(*ORDER)


# A page number past this is past the end of any record: it asks for the last page.
FURTHEST_PAGE = 10**9


@dataclass(frozen=True)
class RecordPage:
    """One page of a period's entries. ``total`` is None while entries follow the page:
    counting them would read every entry of the period for one number."""

    entries: list[RecordEntry]
    number: int
    per_page: int
    total: int | None

    @property
    def has_next(self) -> bool:
        return self.total is None

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def has_other_pages(self) -> bool:
        return self.has_previous or self.has_next

    @property
    def previous_page_number(self) -> int:
        return self.number - 1

    @property
    def next_page_number(self) -> int:
        return self.number + 1

    @property
    def end_index(self) -> int:
        """How many entries this page and those before it hold."""
        return (self.number - 1) * self.per_page + len(self.entries)


def record_page(
    *, user, start: dt.date, end: dt.date, number, per_page: int
) -> RecordPage:
    """One page of a period's entries, the page number read as Django's
    ``Paginator.get_page`` reads it: not a number is the first page, below one or past
    the end the last. Each part of the period is read through its index only as far
    as the page's entries reach, so a page costs the same however long the record; the
    period is counted only to find its last page."""
    number = _page_number(number)
    if number is not None:
        page = _read_page(user, start=start, end=end, number=number, per_page=per_page)
        if page.entries or number == 1:
            return page
    parts = _sources(user=user, start=start, end=end, include_hidden=True, whole=False)
    total = _union(parts, ["e_source_pk"]).count()
    last = max(1, -(-total // per_page))
    return _read_page(user, start=start, end=end, number=last, per_page=per_page)


def _page_number(typed) -> int | None:
    """A page number typed by hand: not a number is the first page; below one, or
    past any record, the last (None)."""
    try:
        number = int(typed)
    except (TypeError, ValueError):
        return 1
    return number if 1 <= number <= FURTHEST_PAGE else None


def _read_page(
    user, *, start: dt.date, end: dt.date, number: int, per_page: int
) -> RecordPage:
    """The page's entries, and one more to tell whether another page follows."""
    offset = (number - 1) * per_page
    keys = _page_keys(
        user=user, start=start, end=end, offset=offset, reach=offset + per_page + 1
    )
    return RecordPage(
        entries=_read_whole(user, keys[:per_page]),
        number=number,
        per_page=per_page,
        total=None if len(keys) > per_page else offset + len(keys),
    )


@kept_compiled
def _page_keys(*, user, start: dt.date, end: dt.date, offset: int, reach: int):
    """The ORDER columns of the period's entries from ``offset`` up to ``reach``. Each
    part gives only its first rows up to ``reach``, in its index's order, where the
    database takes a limit on each part of a union (SQLite reads them whole). Built
    from the user, the period and the page alone, its SQL is kept (jobtrack.compiled):
    it cost several times more to build than to run."""
    parts = _parts(
        user=user,
        start=start,
        end=end,
        include_hidden=True,
        whole=False,
        in_order=True,
    )
    if connections[parts[0][0].db].features.supports_slicing_ordering_in_compound:
        first, *others = (
            part.order_by(*order).values(*ORDER)[:reach] for part, order in parts
        )
        rows = first.union(*others, all=True)
    else:
        rows = _union([part for part, _ in parts], ORDER)
    return rows.order_by(*ORDER)[offset:reach]


def _read_whole(user, keys: list[dict]) -> list[RecordEntry]:
    """The entries of ``keys`` read whole, in their order: the people met are joined
    for these interviews and not for every one of the period."""
    wanted = defaultdict(list)
    for key in keys:
        wanted[_source_of(key["e_kind"])].append(key["e_source_pk"])
    if not wanted:
        return []
    parts = [SOURCES[name](user).filter(pk__in=pks) for name, pks in wanted.items()]
    read = {
        (_source_of(row["e_kind"]), row["e_source_pk"]): row
        for row in _union(parts, COLUMNS)
    }
    return [_entry(read[_source_of(key["e_kind"]), key["e_source_pk"]]) for key in keys]


def _source_of(kind: str) -> str:
    """Which source an entry's kind comes from: an automatic kind names its own, every
    other kind is an added activity."""
    return kind if kind in AUTOMATIC_SOURCES else ADDED


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


@kept_compiled
def _visible_dates(*, user, start: dt.date, end: dt.date):
    """The date of every visible entry of a period, one row per entry; built from the
    user and the period alone, its SQL is kept (jobtrack.compiled)."""
    sources = _sources(
        user=user, start=start, end=end, include_hidden=False, whole=False
    )
    return _union(sources, ["e_date"])


def week_progress(*, user, today: dt.date | None = None) -> WeekProgress:
    """Monday to Sunday of the user's week; hidden entries do not count."""
    today = today or timezone.now().astimezone(user.zone).date()
    start = today - dt.timedelta(days=today.weekday())
    end = start + dt.timedelta(days=6)
    dates = [row["e_date"] for row in _visible_dates(user=user, start=start, end=end)]
    return WeekProgress(
        start=start,
        end=end,
        count=len(dates),
        days=len(set(dates)),
        target=user.weekly_activity_target,
        different_days=user.weekly_target_different_days,
    )
