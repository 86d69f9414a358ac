"""Owner scoping shared by every app's querysets: the one place a user's rows are chosen.

A deleted application or interview waits in the Trash for a while before it is purged.
Each queryset names, in ``trash_lookups``, the ``trashed_at`` fields whose being set puts
its row in the Trash (its own, its interview's, its application's). ``for_user`` leaves
those rows out, so every page, list, export and selector that reads through it hides the
Trash without a filter of its own; only the Trash page asks for ``trashed_for_user``.
"""

from functools import reduce
from operator import or_

from django.db import models
from django.db.models import Q


class OwnedQuerySet(models.QuerySet):
    """Ownership written once: every view reaches rows through ``for_user``."""

    trash_lookups: tuple[str, ...] = ()

    def for_user(self, user):
        """The user's rows, without those in the Trash."""
        return self.with_trashed_for_user(user).live()

    def with_trashed_for_user(self, user):
        """The user's rows, the Trash included (the data export, the Trash's restores)."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(owner=user)

    def trashed_for_user(self, user):
        """The user's rows that are in the Trash."""
        return self.with_trashed_for_user(user).trashed()

    def live(self):
        """Rows not in the Trash, whoever owns them (the reminder sweep, subqueries)."""
        return self.filter(
            **{f"{lookup}__isnull": True for lookup in self.trash_lookups}
        )

    def count_live(self, *, up_to: int | None = None) -> int:
        """How many of these rows are not in the Trash, counted as all of them less
        those in it. The Trash is small: each part walks an index (the rows by owner,
        then the trashed rows' own), where ``live().count()`` joins every row to its
        application and interview. One query per part, whatever the number of rows.

        With ``up_to``, no more than that many: all rows are read only as far as that
        many live ones need, so the count costs the same however many rows there are."""
        rows = self.order_by()
        in_trash = 0
        for index, lookup in enumerate(self.trash_lookups):
            counted_before = {
                f"{name}__isnull": True for name in self.trash_lookups[:index]
            }
            in_trash += rows.filter(
                **{f"{lookup}__isnull": False}, **counted_before
            ).count()
        if up_to is not None:
            rows = rows[: up_to + in_trash]
        return rows.count() - in_trash

    def trashed(self):
        if not self.trash_lookups:
            return self.none()
        return self.filter(
            reduce(
                or_,
                (Q(**{f"{lookup}__isnull": False}) for lookup in self.trash_lookups),
            )
        )
