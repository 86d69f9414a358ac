"""The reminder rows: one per interview and kind, the database's record of what is due."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from jobtrack.ownership import OwnedQuerySet


class ReminderKind(models.TextChoices):
    FIRST = "first", "Soon after the interview"
    EVENING = "evening", "Evening"
    CHECKIN_1 = "checkin_1", "First check-in"
    CHECKIN_2 = "checkin_2", "Second check-in"


# The thank-you reminders of an interview's day, and the check-ins after its round: the
# unique (interview, kind) constraint keeps a round to two check-ins at most.
THANK_YOU_REMINDER_KINDS = (ReminderKind.FIRST, ReminderKind.EVENING)
CHECKIN_REMINDER_KINDS = (ReminderKind.CHECKIN_1, ReminderKind.CHECKIN_2)


# A reminder is pending until it is sent, failed for good, or skipped by a rule.
PENDING_REMINDER = Q(
    sent_at__isnull=True, failed_at__isnull=True, skipped_at__isnull=True
)


class ReminderQuerySet(OwnedQuerySet):
    # The reminder's own copy of its interview's Trash state (see Reminder.trashed_at).
    trash_lookups = ("trashed_at",)

    def pending(self):
        return self.filter(PENDING_REMINDER)

    def claimable(self, now):
        """Pending, due, not held by a live lease (a dead worker's lease expires), and not
        of an interview in the Trash (restoring it schedules its reminders again)."""
        return (
            self.pending()
            .live()
            .filter(
                Q(claimed_until__isnull=True) | Q(claimed_until__lt=now),
                due_at__lte=now,
            )
        )


class Reminder(models.Model):
    """One reminder email per interview and kind; the database, not the broker, is the truth."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminders"
    )
    interview = models.ForeignKey(
        "applications.Interview", on_delete=models.CASCADE, related_name="reminders"
    )
    kind = models.CharField(max_length=20, choices=ReminderKind.choices)
    due_at = models.DateTimeField()
    # The lease: who claimed the row (claim_token) and until when. A send only marks rows
    # whose token it holds, so a worker that outlived its lease cannot mark someone else's.
    claimed_until = models.DateTimeField(null=True, blank=True)
    claim_token = models.UUIDField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    sent_at = models.DateTimeField(null=True, blank=True)
    failed_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    skipped_at = models.DateTimeField(null=True, blank=True)
    skip_reason = models.CharField(max_length=200, blank=True)
    # When its interview, or that interview's application, went to the Trash; kept by
    # reminders_follow_trash, which the Trash's moves call. The sweep tests this column
    # in its own index instead of joining two rows for every due reminder.
    trashed_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ReminderQuerySet.as_manager()

    class Meta:
        ordering = ["due_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["interview", "kind"], name="reminder_unique_per_interview_kind"
            ),
            models.CheckConstraint(
                condition=Q(kind__in=ReminderKind.values), name="reminder_kind_valid"
            ),
        ]
        indexes = [
            # The sweep: pending reminders out of the Trash whose due time has come, oldest
            # first. With
            # the id, the index is in the sweep's exact order: it reads LIMIT rows and
            # stops, instead of sorting every due row (make bench, issue 6).
            models.Index(
                fields=["due_at", "id"],
                condition=PENDING_REMINDER & Q(trashed_at__isnull=True),
                name="reminder_pending_due",
            ),
            # Gone quiet: the check-ins a user was sent, a few among every reminder.
            models.Index(
                fields=["owner"],
                condition=Q(kind__in=CHECKIN_REMINDER_KINDS, sent_at__isnull=False),
                name="reminder_owner_checkin_sent",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} reminder for {self.interview}"
