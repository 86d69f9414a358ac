"""Reads that combine applications with their letters, for the overview pages."""

from django.db.models import Count, Func, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from applications.models import Interview, InterviewStatus
from letters.models import UNSENT_STATUSES, Letter


def applications_with_unsent_letters(applications):
    """Each application's count of letters not sent yet (`unsent_letters`), as a
    subquery (no n+1). A bare COUNT, without GROUP BY, is 0 when there are none, and
    costs less to build and to plan than a grouped count with a fallback."""
    unsent = (
        Letter.objects.live()
        .filter(application=OuterRef("pk"), status__in=UNSENT_STATUSES)
        .order_by()
        .values(n=Func("pk", function="COUNT"))
    )
    return applications.annotate(
        unsent_letters=Subquery(unsent, output_field=IntegerField())
    )


def applications_with_summary(applications, *, now=None):
    """Interview count, the last done and the next scheduled interview, and unsent
    letters, as subqueries (no n+1)."""

    now = now or timezone.now()
    rounds = Interview.objects.live().filter(application=OuterRef("pk")).order_by()
    return applications_with_unsent_letters(
        applications.annotate(
            interview_count=Coalesce(
                Subquery(
                    rounds.values("application").annotate(n=Count("id")).values("n")
                ),
                0,
            ),
            last_interview_at=Subquery(
                rounds.filter(status=InterviewStatus.DONE)
                .order_by("-ends_at")
                .values("ends_at")[:1]
            ),
            next_interview_at=Subquery(
                rounds.filter(status=InterviewStatus.SCHEDULED, ends_at__gte=now)
                .order_by("ends_at")
                .values("ends_at")[:1]
            ),
        )
    )
