"""Reads of letters that pages share, kept out of the views."""

import datetime as dt

from django.db.models import Q

from jobtrack.wallclock import local_day_bounds

from .models import UNSENT_STATUSES, Letter, LetterKind


def withdrawal_letter(*, application) -> Letter | None:
    """The application's withdrawal letter, once drafted (the newest, should letters
    drafted per round before a withdrawal needed no interview be there too)."""
    return (
        Letter.objects.filter(application=application, kind=LetterKind.WITHDRAWAL)
        .select_related("interviewer")
        .order_by("-id")
        .first()
    )


# What a row of the list shows, read with it: a letter's text and its application's and
# interview's notes stay in the database.
LIST_ROW_FIELDS = (
    "kind",
    "status",
    "created_at",
    "application__company",
    "application__role",
    "interview__ends_at",
    "interviewer__name",
    "interviewer__title",
)


class LettersTodayFirst:
    """The list's rows in order, for the CappedPaginator: unsent letters of interviews
    that ended today (the user's day) first, then the letters about a whole application
    (withdrawals, at most one per application), then every other letter newest first.

    Read as two ordered, limited queries rather than one sorted on a computed column,
    so a page costs an index walk however many letters the user has.
    """

    def __init__(self, letters, by_interview, *, user, now: dt.datetime):
        """``letters``: the user's letters, the Trash included (counted apart, see
        count_live); ``by_interview``: the live letters read through their interviews."""
        start, end = local_day_bounds(instant=now, zone=user.zone)
        due_today = Q(
            interview__ends_at__gte=start,
            interview__ends_at__lt=end,
            status__in=UNSENT_STATUSES,
        )
        # The page is read through the interviews' owner (a letter's owner is always its
        # interview's): PostgreSQL then walks the interviews by end time through their
        # (owner, ends_at) index. Filtering on both owners made it misjudge the row count
        # as tiny and join and sort every letter instead.
        by_interview = by_interview.select_related(
            "application", "interview", "interviewer"
        ).only(*LIST_ROW_FIELDS)
        ordered = by_interview.order_by("-interview__ends_at", "id")
        self._letters = letters
        self._ordered = ordered
        self._today = ordered.filter(due_today)
        self._whole = (
            letters.live()
            .filter(interview__isnull=True)
            .select_related("application", "interviewer")
            # No interview to read: its empty id says so.
            .only(
                "interview",
                *(
                    field
                    for field in LIST_ROW_FIELDS
                    if not field.startswith("interview__")
                ),
            )
            .order_by("-created_at", "-id")
        )

    def count(self) -> int:
        return self._letters.count_live()

    def count_up_to(self, limit: int) -> int:
        return self._letters.count_live(up_to=limit)

    def __getitem__(self, window: slice) -> list[Letter]:
        start, stop = window.start or 0, window.stop
        today = list(self._today[:stop])
        whole = list(self._whole[:stop])
        head = today + whole
        rows = head[start:stop]
        rest_start = max(start - len(head), 0)
        need = (stop - start) - len(rows)
        # The rest leaves out today's letters by id (all of them when the page needs the
        # rest); a negated date-and-status test was misjudged the same way. Read even
        # when today's letters fill the page: the same queries every time.
        others = self._ordered.exclude(pk__in=[letter.pk for letter in today])
        rest = list(others[rest_start : rest_start + max(need, 1)])
        for group, due in ((today, True), (whole, False), (rest, False)):
            for letter in group:
                letter.due_today = due
        return rows + rest[:need]
