"""Letters drafted from an interview log: one per interview, person and kind, and one
withdrawal per application, which needs no interview."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse

from jobtrack.bounds import LETTER_BODY_MAX, LETTER_SUBJECT_MAX, max_length_constraint
from jobtrack.links import pk_url
from jobtrack.ownership import OwnedQuerySet


class LetterKind(models.TextChoices):
    SCREEN = "screen", "Screen thank-you"
    FIRST = "first", "First-interview thank-you"
    SECOND = "second", "Second-interview thank-you"
    PANEL = "panel", "Panel thank-you"
    FINAL = "final", "Final-round thank-you"
    WITHDRAWAL = "withdrawal", "Withdrawal"
    CHECKIN = "checkin", "Check-in"


class LetterStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    FINISHED = "finished", "Finished"
    SENT = "sent", "Sent"
    SKIPPED = "skipped", "Skipped"


# The kinds that thank someone for an interview (drafted per stage; reminded about).
THANK_YOU_KINDS = frozenset(
    {
        LetterKind.SCREEN,
        LetterKind.FIRST,
        LetterKind.SECOND,
        LetterKind.PANEL,
        LetterKind.FINAL,
    }
)
# Longest subject line a mail client shows in full; drafting and the checklist keep to it.
SUBJECT_MAX = 60

UNSENT_STATUSES = (LetterStatus.DRAFT, LetterStatus.FINISHED)
EXPORTABLE_STATUSES = (LetterStatus.FINISHED, LetterStatus.SENT)


# Drafting may rewrite or remove only a letter the user never made theirs: never edited,
# never finished, never sent. The fields it reads are never cleared by reopening.
UNTOUCHED = Q(status=LetterStatus.DRAFT, edited=False, first_finished_at__isnull=True)


class LetterQuerySet(OwnedQuerySet):
    trash_lookups = ("application__trashed_at", "interview__trashed_at")

    def untouched(self):
        """Letters drafting may still rewrite or remove (see UNTOUCHED)."""
        return self.filter(UNTOUCHED)

    def unsent(self):
        return self.filter(status__in=UNSENT_STATUSES)

    def exportable(self):
        return self.filter(status__in=EXPORTABLE_STATUSES)


class Letter(models.Model):
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="letters"
    )
    application = models.ForeignKey(
        "applications.Application", on_delete=models.CASCADE, related_name="letters"
    )
    # The round a letter answers; empty for a letter about the whole application (a
    # withdrawal). When set, it is a round of the letter's application (see the
    # migration letter_to_application: a composite foreign key).
    interview = models.ForeignKey(
        "applications.Interview",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="letters",
    )
    # Empty means the letter goes to the hiring team as a whole.
    interviewer = models.ForeignKey(
        "applications.Interviewer",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="letters",
    )
    kind = models.CharField(max_length=20, choices=LetterKind.choices)
    subject = models.CharField(max_length=LETTER_SUBJECT_MAX)
    body = models.TextField(max_length=LETTER_BODY_MAX)
    status = models.CharField(
        max_length=20, choices=LetterStatus.choices, default=LetterStatus.DRAFT
    )
    # Which phrasing of the kind was drafted, so letters to one company differ.
    variant = models.PositiveSmallIntegerField(default=0)
    edited = models.BooleanField(
        default=False,
        help_text="Set once the user changes the text; drafting never overwrites it.",
    )
    # Bumped by every change the user makes. The editor posts the revision it showed and
    # a change is a conditional UPDATE on it, so a stale tab never overwrites silently.
    revision = models.PositiveIntegerField(default=0)

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    skipped_at = models.DateTimeField(null=True, blank=True)
    # When the user first called it done (finished or sent). Reopening keeps it, so
    # drafting never takes back a letter that was once finished or sent.
    first_finished_at = models.DateTimeField(null=True, blank=True)

    objects = LetterQuerySet.as_manager()

    class Meta:
        ordering = ["-interview__ends_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=LetterKind.values), name="letter_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(status__in=LetterStatus.values), name="letter_status_valid"
            ),
            models.CheckConstraint(
                condition=~Q(status=LetterStatus.SENT) | Q(sent_at__isnull=False),
                name="letter_sent_has_time",
            ),
            models.CheckConstraint(
                condition=~Q(status=LetterStatus.FINISHED)
                | Q(finished_at__isnull=False),
                name="letter_finished_has_time",
            ),
            max_length_constraint(
                "body",
                limit=LETTER_BODY_MAX,
                name="letter_body_length",
            ),
            # A letter answers one round; only a withdrawal may stand for the whole
            # application, and an application has one such withdrawal at most.
            models.CheckConstraint(
                condition=Q(interview__isnull=False) | Q(kind=LetterKind.WITHDRAWAL),
                name="letter_round_or_withdrawal",
            ),
            models.UniqueConstraint(
                fields=["application"],
                condition=Q(interview__isnull=True),
                name="letter_one_per_application",
            ),
            # One letter of a kind per person per interview; one to the team at most.
            models.UniqueConstraint(
                fields=["interview", "interviewer", "kind"],
                condition=Q(interviewer__isnull=False),
                name="letter_unique_per_person",
            ),
            models.UniqueConstraint(
                fields=["interview", "kind"],
                condition=Q(interviewer__isnull=True),
                name="letter_unique_to_team",
            ),
        ]
        indexes = [
            # Letters list and dashboard: a user's letters by status.
            models.Index(fields=["owner", "status"], name="letter_owner_status"),
            # Insights: a user's sent letters by the time sent, with every column the
            # figures read, so they come from the index alone.
            models.Index(
                fields=["owner", "sent_at"],
                include=["kind", "application", "interview", "interviewer"],
                condition=Q(status=LetterStatus.SENT),
                name="letter_owner_sent",
            ),
            # Dashboard: a user's unsent letters newest first, so a capped count stops
            # after the cap instead of passing every other user's letters.
            models.Index(
                fields=["owner", "-id"],
                condition=Q(status__in=UNSENT_STATUSES),
                name="letter_owner_unsent",
            ),
            # Gone quiet: the check-in letters a user sent, a few among thousands.
            models.Index(
                fields=["owner"],
                condition=Q(kind=LetterKind.CHECKIN, status=LetterStatus.SENT),
                name="letter_owner_checkin_sent",
            ),
        ]

    def __str__(self):
        return self.subject

    def get_absolute_url(self):
        return pk_url("letters:edit", self.pk)

    @property
    def recipient_name(self) -> str:
        return self.interviewer.name if self.interviewer_id else "Hiring team"

    @property
    def is_exportable(self) -> bool:
        return self.status in EXPORTABLE_STATUSES

    @property
    def is_untouched(self) -> bool:
        """UNTOUCHED for a loaded letter."""
        return (
            self.status == LetterStatus.DRAFT
            and not self.edited
            and self.first_finished_at is None
        )


class VersionCause(models.TextChoices):
    DRAFTED = "drafted", "Drafted"
    EDITED = "edited", "Edited"
    REGENERATED = "regenerated", "Drafted again"
    RESTORED = "restored", "Restored"
    SENT = "sent", "Sent"
    # Only from the upgrade that started the history: the text a regeneration replaced.
    EARLIER = "earlier", "Earlier text"


class LetterVersion(models.Model):
    """One text a letter had, with when and why. The newest is the current text once the
    user has changed anything; a sent version is the text that went out."""

    letter = models.ForeignKey(
        Letter, on_delete=models.CASCADE, related_name="versions"
    )
    cause = models.CharField(max_length=20, choices=VersionCause.choices)
    subject = models.CharField(max_length=200)
    body = models.TextField()
    # A save within a minute of started_at folds into the same version (one per minute
    # of continuous typing); saved_at is the last save that went into it.
    started_at = models.DateTimeField()
    saved_at = models.DateTimeField()

    class Meta:
        ordering = ["-saved_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(cause__in=VersionCause.values),
                name="letter_version_cause_valid",
            ),
        ]
        indexes = [
            # The editor's history (newest first) and the pruning's walk per letter.
            models.Index(
                fields=["letter", "-saved_at", "-id"], name="letter_version_recent"
            ),
            # Pruning: versions past the keep-everything period.
            models.Index(fields=["saved_at"], name="letter_version_saved"),
        ]

    def __str__(self):
        return f"{self.get_cause_display()} {self.saved_at:%Y-%m-%d %H:%M}"

    def get_absolute_url(self):
        return reverse("letters:version", args=[self.letter_id, self.pk])

    @property
    def is_sent(self) -> bool:
        return self.cause == VersionCause.SENT
