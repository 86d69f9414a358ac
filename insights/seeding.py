"""A half-year of one job search, fixed row by row, for screenshots and the figure checks.

Every number on the insights page can be worked out by hand from HALF_YEAR: each
application is (company, role, applied days ago, status, interviews), each interview
(stage, days ago, people), each person (name, hours from the interview's end to the
letter sent, or None when no letter went out). Interviews end at 11:00 local time.
"""

import datetime as dt
import unicodedata

from django.db import transaction
from django.utils import timezone

from applications.models import (
    Application,
    Interview,
    Interviewer,
    InterviewStatus,
    Participation,
)
from letters.models import Letter, LetterStatus

from .models import Activity, ContactMethod

HALF_YEAR = (
    ("Müller & Söhne GmbH", "Datenanalyst", 170, "rejected",
     [("screen", 160, [("Jürgen Weiß", 3)])]),
    ("Café Crème SARL", "Barista Trainer", 165, "withdrawn", []),
    ("Zoë Analytics", "Data Engineer", 150, "rejected",
     [("screen", 140, [("Ana Rivera", 2)]),
      ("first", 130, [("Ana Rivera", 20), ("Bo Chen", None)])]),
    ("Nordlicht AG", "Backend Developer", 140, "applied", []),
    ("Søren & Co", "Product Analyst", 120, "rejected",
     [("screen", 112, [("Søren Berg", 30)])]),
    ("Åsa Design", "UX Researcher", 110, "applied", []),
    ("Île Verte", "Sustainability Analyst", 100, "rejected",
     [("screen", 95, [("Émilie Roux", 1)]),
      ("first", 88, [("Émilie Roux", 4), ("Luc Martin", 4)])]),
    ("Brightwave Ltd", "Data Engineer", 85, "rejected",
     [("screen", 80, [("Priya Nair", 2)]),
      ("first", 70, [("Priya Nair", 5), ("Tom Hale", 26)])]),
    ("Kettle & Finch", "Analytics Engineer", 78, "withdrawn",
     [("screen", 74, [("Mara Lind", None)])]),
    ("Østergaard Tech", "Platform Engineer", 70, "offer",
     [("screen", 66, [("Lars Østergaard", 1)]),
      ("first", 58, [("Lars Østergaard", 3), ("Nina Holm", 3)]),
      ("panel", 45, [("Nina Holm", 2), ("Ove Dahl", 2), ("Ida Berg", 50)]),
      ("final", 35, [("Eva Lund", 6)])]),
    ("Quartz Labs", "Data Scientist", 62, "rejected", []),
    ("Harbor Health", "BI Developer", 55, "interviewing",
     [("screen", 50, [("José Álvarez", 8)]),
      ("first", 40, [("José Álvarez", 1), ("Kim Park", None)])]),
    ("Lumen Systems", "Data Engineer", 48, "applied", []),
    ("Façade Studio", "Data Analyst", 41, "accepted",
     [("screen", 38, [("Chloé Dubois", 2)]),
      ("first", 30, [("Chloé Dubois", 4)]),
      ("second", 22, [("Marc Petit", 3), ("Chloé Dubois", 3)]),
      ("final", 15, [("Hélène Blanc", 5)])]),
    ("Redwood Logistics", "Analytics Lead", 30, "rejected",
     [("screen", 27, [("Sam Ortiz", 30)])]),
    ("Pine & Oak", "Data Engineer", 21, "applied", []),
    ("Northwind Analytics", "Data Engineer", 12, "interviewing",
     [("screen", 9, [("Ana Gómez", 1)]),
      ("first", 3, [("Ana Gómez", 2), ("Raj Patel", None)])]),
    ("Tessellate", "ML Engineer", 6, "applied", []),
    ("Glück Games", "Data Analyst", 2, "applied", []),
)  # fmt: skip
ACTIVITIES = (
    ("job_fair", 60, "Jobmesse Berlin 2026", "Talked to six employers", "in_person"),
    ("workshop", 33, "Arbeitsagentur Workshop", "CV review", "in_person"),
    ("agency", 19, "Agentur für Arbeit", "Appointment with my advisor", "in_person"),
    ("networking", 4, "Data Meetup Kreuzberg", "Met two hiring managers", "in_person"),
)
FORMATS = {"screen": "phone", "first": "video", "second": "onsite", "panel": "onsite"}


def _local(day: dt.date, hour: int, zone) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), tzinfo=zone)


@transaction.atomic
def seed_half_year(*, user, now: dt.datetime | None = None) -> None:
    now = now or timezone.now()
    zone = user.zone
    today = now.astimezone(zone).date()
    for company, role, applied, status, rounds in HALF_YEAR:
        application = Application.objects.create(
            owner=user,
            company=company,
            role=role,
            status=status,
            applied_on=today - dt.timedelta(days=applied),
            posting_url=f"https://jobs.example.com/{applied}",
        )
        people: dict[str, Interviewer] = {}
        for stage, days_ago, met in rounds:
            day = today - dt.timedelta(days=days_ago)
            interview = Interview.objects.create(
                owner=user,
                application=application,
                stage=stage,
                format=FORMATS.get(stage, "video"),
                status=InterviewStatus.DONE,
                starts_at=_local(day, 10, zone),
                ends_at=_local(day, 11, zone),
                timezone=user.timezone,
            )
            for position, (name, hours) in enumerate(met):
                if name not in people:
                    slug = unicodedata.normalize("NFKD", name.split()[0])
                    slug = slug.encode("ascii", "ignore").decode().lower()
                    people[name] = Interviewer.objects.create(
                        owner=user,
                        application=application,
                        name=name,
                        email=f"{slug}@example.com",
                    )
                Participation.objects.create(
                    interview=interview, interviewer=people[name], position=position
                )
                sent = hours is not None
                Letter.objects.create(
                    owner=user,
                    application=application,
                    interview=interview,
                    interviewer=people[name],
                    kind=stage,
                    subject=f"Thank you – {role} interview",
                    body="Thank you for your time.",
                    status=LetterStatus.SENT if sent else LetterStatus.DRAFT,
                    sent_at=interview.ends_at + dt.timedelta(hours=hours)
                    if sent
                    else None,
                )
    Activity.objects.bulk_create(
        Activity(
            owner=user,
            kind=kind,
            date=today - dt.timedelta(days=days_ago),
            employer=employer,
            position=position,
            method=ContactMethod(method),
        )
        for kind, days_ago, employer, position, method in ACTIVITIES
    )
