"""Reads of applications, interviews and people that pages and forms share."""

from typing import NamedTuple

from django.db.models import Count, Q
from django.db.models.functions import Coalesce, Lower
from django.shortcuts import get_object_or_404

from jobtrack.bounds import parse_id
from jobtrack.compiled import kept_compiled

from .models import (
    Application,
    Interview,
    Interviewer,
    Participation,
    application_title,
)

# Application menus offer the most recently active ones (plus the one chosen): a menu of
# thousands helps no one and made the pages grow with the number of applications.
APPLICATIONS_OFFERED = 100


def application_of_user_or_404(*, user, pk) -> Application:
    """The user's application for a page; anyone else's, or one in the Trash, is a 404."""
    return get_object_or_404(Application.objects.for_user(user), pk=pk)


def interview_of_user_or_404(*, user, pk) -> Interview:
    """The user's interview, with its application, for a page; anyone else's is a 404."""
    return get_object_or_404(
        Interview.objects.for_user(user).select_related("application"), pk=pk
    )


def application_status_counts(*, user) -> dict[str, int]:
    """How many of the user's applications are in each status, in one query."""
    return {row["status"]: row["n"] for row in _status_counts(user=user)}


@kept_compiled
def _status_counts(*, user):
    """COUNT(*) rather than of a column: the count is read from the (owner, status)
    index of live rows alone (app_live_owner_status), without visiting the rows."""
    return (
        Application.objects.for_user(user)
        .order_by()
        .values("status")
        .annotate(n=Count("*"))
    )


class MenuApplication(NamedTuple):
    """An application as a menu offers it, read as a plain row: a menu shows nothing
    else, and a hundred model instances took three times as long as these."""

    pk: int
    company: str
    role: str

    def __str__(self):
        return application_title(role=self.role, company=self.company)


def applications_menu(*, user, chosen=None) -> list[MenuApplication]:
    """The applications a menu offers: the most recently active ones, plus `chosen` (a pk
    as posted or asked for) when it is the user's and not among them."""
    owned = (
        Application.objects.for_user(user)
        .order_by("-updated_at", "-id")
        .values_list("pk", "company", "role")
    )
    offered = [MenuApplication(*row) for row in owned[:APPLICATIONS_OFFERED]]
    chosen = parse_id(chosen)
    if chosen is not None and all(a.pk != chosen for a in offered):
        offered += [MenuApplication(*row) for row in owned.filter(pk=chosen)]
    return offered


def people_met_before(*, user, application, interview=None):
    """The people of an application offered again on the log form, with how the user
    greeted them last; those already in `interview` are left out."""
    if application is None:
        return Interviewer.objects.none()
    people = (
        Interviewer.objects.for_user(user)
        .filter(application=application)
        .with_last_greeting()
    )
    if interview is not None:
        people = people.exclude(participations__interview=interview)
    return people


def interview_people_rows(*, interview) -> list[dict]:
    """The people of a saved interview, as the log form's starting rows."""
    rows = []
    for participation in interview.participations.select_related("interviewer"):
        person = participation.interviewer
        row = {
            "name": person.name,
            "title": person.title,
            "email": person.email,
            "is_coordinator": person.is_coordinator,
            "greeting": participation.greeting,
        }
        row.update(
            {name: getattr(participation, name) for name in Participation.NOTE_FIELDS}
        )
        rows.append(row)
    return rows


def application_most_recent(*, user) -> Application | None:
    """The application the log page starts on: the open one touched last."""
    return (
        Application.objects.for_user(user)
        .active()
        .order_by("-updated_at", "-id")
        .first()
    )


def interviews_like(
    *, user, application=None, new_application=None, starts_at, ends_at, names
) -> list[Interview]:
    """Interviews already logged with the same application (or one with the same company
    and role as a new one), the same start and end, and the same people."""
    interviews = Interview.objects.for_user(user).filter(
        ends_at=ends_at, starts_at=starts_at
    )
    if application is not None:
        interviews = interviews.filter(application=application)
    else:
        interviews = interviews.annotate(
            company_key=Lower("application__company"),
            role_key=Lower("application__role"),
        ).filter(
            company_key=new_application["company"].strip().lower(),
            role_key=new_application["role"].strip().lower(),
        )
    wanted = sorted({name.strip().casefold() for name in names if name.strip()})
    return [
        interview
        for interview in interviews.select_related("application").prefetch_related(
            "participations__interviewer"
        )
        if sorted(
            {
                p.interviewer.name.strip().casefold()
                for p in interview.participations.all()
            }
        )
        == wanted
    ]


def interviews_overlapping(*, interview) -> list[Interview]:
    """The user's other interviews whose time overlaps this one's: an interview with no
    start is the moment it ended; two ending at the same minute overlap."""
    start = interview.starts_at or interview.ends_at
    return list(
        Interview.objects.for_user(interview.owner)
        .exclude(pk=interview.pk)
        .annotate(began=Coalesce("starts_at", "ends_at"))
        .filter(
            Q(ends_at__gt=start, began__lt=interview.ends_at)
            | Q(ends_at=interview.ends_at)
        )
        .select_related("application")
        .order_by("ends_at", "id")
    )
