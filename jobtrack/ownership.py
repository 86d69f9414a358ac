"""Owner scoping shared by every app's querysets: the one place a user's rows are chosen."""

from django.db import models


class OwnedQuerySet(models.QuerySet):
    """Ownership written once: every view reaches rows through ``for_user``."""

    def for_user(self, user):
        if not user.is_authenticated:
            return self.none()
        return self.filter(owner=user)
