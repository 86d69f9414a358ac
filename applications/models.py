"""Applications, interviews and the people met; every row belongs to one user."""

from django.conf import settings
from django.db import models
from django.db.models import F, OuterRef, Q, Subquery
from django.db.models.functions import Lower, Upper
from django.utils import timezone

from jobtrack.bounds import (
    APPLICATION_NOTES_MAX,
    NOTE_MAX,
    max_length_constraint,
    validate_date_in_range,
)
from jobtrack.links import pk_url
from jobtrack.ownership import OwnedQuerySet


class ApplicationStatus(models.TextChoices):
    SAVED = "saved", "Saved"
    APPLIED = "applied", "Applied"
    INTERVIEWING = "interviewing", "Interviewing"
    OFFER = "offer", "Offer"
    ACCEPTED = "accepted", "Accepted"
    REJECTED = "rejected", "Rejected"
    WITHDRAWN = "withdrawn", "Withdrawn"
    GHOSTED = "ghosted", "Ghosted"


CLOSED_STATUSES = (
    ApplicationStatus.ACCEPTED,
    ApplicationStatus.REJECTED,
    ApplicationStatus.WITHDRAWN,
    ApplicationStatus.GHOSTED,
)


class ApplicationQuerySet(OwnedQuerySet):
    trash_lookups = ("trashed_at",)

    def active(self):
        return self.exclude(status__in=CLOSED_STATUSES)

    def decisions_due(self, *, start, end):
        """Open applications whose expected decision falls between two dates, soonest
        first."""
        return (
            self.active()
            .filter(decision_expected_on__range=(start, end))
            .order_by("decision_expected_on", "id")
        )

    def search(self, text: str):
        text = text.strip()
        if not text:
            return self
        return self.filter(
            Q(company__icontains=text)
            | Q(role__icontains=text)
            | Q(location__icontains=text)
        )


def application_title(*, role: str, company: str) -> str:
    """How an application is named on every page and in every menu."""
    return f"{role} at {company}"


class Application(models.Model):
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="applications"
    )
    company = models.CharField(max_length=200)
    role = models.CharField(max_length=200)
    posting_url = models.URLField("posting URL", max_length=500, blank=True)
    location = models.CharField(max_length=200, blank=True)
    status = models.CharField(
        max_length=20,
        choices=ApplicationStatus.choices,
        default=ApplicationStatus.APPLIED,
    )
    applied_on = models.DateField(
        null=True, blank=True, validators=[validate_date_in_range]
    )
    next_step = models.CharField(
        "stated next step",
        max_length=300,
        blank=True,
        help_text="What they said happens next, e.g. “Hear back by Friday”.",
    )
    decision_expected_on = models.DateField(
        "decision expected on",
        null=True,
        blank=True,
        validators=[validate_date_in_range],
    )
    still_interested = models.BooleanField(default=True)
    withdrawal_reason = models.CharField(
        max_length=300,
        blank=True,
        help_text="Optional, short and neutral, e.g. “I have accepted another offer”.",
    )
    notes = models.TextField(blank=True, max_length=APPLICATION_NOTES_MAX)
    # Follow-through: when the status last changed (check-ins stop once it moves on), the
    # last reply to a check-in, and the last "Not yet" to the gone-quiet suggestion.
    status_changed_at = models.DateTimeField(null=True, blank=True)
    checkin_replied_at = models.DateTimeField(null=True, blank=True)
    ghost_dismissed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Set when the user deletes it: in the Trash, with everything logged for it, until
    # restored or purged (trash.rules).
    trashed_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = ApplicationQuerySet.as_manager()

    class Meta:
        ordering = ["-updated_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=ApplicationStatus.values),
                name="application_status_valid",
            ),
            max_length_constraint(
                "notes", limit=APPLICATION_NOTES_MAX, name="application_notes_length"
            ),
        ]
        indexes = [
            # Applications list: one user's rows, newest first, optionally by status.
            models.Index(
                fields=["owner", "status", "-updated_at"], name="app_owner_status"
            ),
            models.Index(fields=["owner", "-updated_at"], name="app_owner_updated"),
            # Counts per status (the dashboard, the list's filters): read from this small
            # index alone, without visiting the rows.
            models.Index(
                fields=["owner", "status"],
                condition=Q(trashed_at__isnull=True),
                name="app_live_owner_status",
            ),
            # Decisions due: one user's expected decision dates in a range.
            models.Index(
                fields=["owner", "decision_expected_on"],
                name="app_owner_decision",
                condition=Q(decision_expected_on__isnull=False),
            ),
            # The Trash page and the purge: only deleted rows are indexed.
            models.Index(
                fields=["trashed_at"],
                condition=Q(trashed_at__isnull=False),
                name="app_trashed",
            ),
            # The work-search record of a period (the dashboard's week): by the day
            # applied, or the day added when that is unknown; a page of the record is
            # read in (applied_on, created_at, id) order and cut short, so a day with
            # hundreds of applications is not read whole to sort it.
            models.Index(
                fields=["owner", "applied_on", "created_at", "id"],
                name="app_owner_applied_order",
            ),
            models.Index(
                fields=["owner", "created_at", "id"],
                condition=Q(applied_on__isnull=True),
                name="app_owner_undated_created",
            ),
            # The letter checklist compares letters to the same company (iexact).
            models.Index(F("owner"), Upper("company"), name="app_owner_company"),
        ]

    def __str__(self):
        return application_title(role=self.role, company=self.company)

    def save(self, *args, **kwargs):
        """Stamp `status_changed_at` whenever the status differs from the stored one."""
        if self.status != getattr(self, "_loaded_status", None):
            self.status_changed_at = timezone.now()
            update_fields = kwargs.get("update_fields")
            if update_fields is not None:
                kwargs["update_fields"] = {*update_fields, "status_changed_at"}
        super().save(*args, **kwargs)
        self._loaded_status = self.status

    def get_absolute_url(self):
        return pk_url("overview:application_detail", self.pk)

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        instance._loaded_status = instance.__dict__.get("status")
        return instance

    @property
    def is_closed(self) -> bool:
        return self.status in CLOSED_STATUSES

    @property
    def offers_withdrawal(self) -> bool:
        """Once the user no longer wants the job, a gracious withdrawal is the next letter."""
        return not self.still_interested or self.status == ApplicationStatus.WITHDRAWN


class Stage(models.TextChoices):
    SCREEN = "screen", "Phone/video screen"
    FIRST = "first", "First interview"
    SECOND = "second", "Second interview"
    LATER = "later", "Later round"
    PANEL = "panel", "Panel interview"
    FINAL = "final", "Final round"


class InterviewFormat(models.TextChoices):
    PHONE = "phone", "Phone"
    VIDEO = "video", "Video"
    ONSITE = "onsite", "On site"


class InterviewStatus(models.TextChoices):
    SCHEDULED = "scheduled", "Scheduled"
    DONE = "done", "Done"


class ConversationNotes(models.Model):
    """What makes a letter specific; kept per person met, or for the whole team."""

    specific_detail = models.TextField(
        blank=True,
        max_length=NOTE_MAX,
        help_text="One thing only this conversation had: a story, a project, a question.",
    )
    topics = models.TextField("topics discussed", blank=True, max_length=NOTE_MAX)
    learned = models.TextField(
        "what you learned about the role or company", blank=True, max_length=NOTE_MAX
    )
    challenge = models.TextField(
        "a challenge of the role that came up", blank=True, max_length=NOTE_MAX
    )
    how_to_meet_challenge = models.TextField(
        "how you would meet it", blank=True, max_length=NOTE_MAX
    )
    open_question = models.TextField(
        "a question still open", blank=True, max_length=NOTE_MAX
    )
    materials = models.TextField(
        "materials to offer",
        blank=True,
        max_length=NOTE_MAX,
        help_text="Work samples, figures, portfolio pieces, references.",
    )
    link_to_share = models.URLField(
        "an article or resource to share", max_length=500, blank=True
    )

    NOTE_FIELDS = (
        "specific_detail",
        "topics",
        "learned",
        "challenge",
        "how_to_meet_challenge",
        "open_question",
        "materials",
        "link_to_share",
    )
    # The free-text notes, each at most NOTE_MAX characters (the link has its own limit).
    TEXT_NOTE_FIELDS = NOTE_FIELDS[:-1]

    class Meta:
        abstract = True

    @classmethod
    def notes_length_constraint(cls, name: str) -> models.CheckConstraint:
        return max_length_constraint(*cls.TEXT_NOTE_FIELDS, limit=NOTE_MAX, name=name)


class InterviewQuerySet(OwnedQuerySet):
    trash_lookups = ("trashed_at", "application__trashed_at")

    def done(self):
        return self.filter(status=InterviewStatus.DONE)

    def upcoming(self, now):
        return self.filter(status=InterviewStatus.SCHEDULED, ends_at__gte=now)


class Interview(ConversationNotes):
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="interviews"
    )
    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="interviews"
    )
    stage = models.CharField(max_length=20, choices=Stage.choices, default=Stage.FIRST)
    format = models.CharField(
        max_length=20, choices=InterviewFormat.choices, default=InterviewFormat.VIDEO
    )
    status = models.CharField(
        max_length=20, choices=InterviewStatus.choices, default=InterviewStatus.DONE
    )
    starts_at = models.DateTimeField(
        null=True, blank=True, validators=[validate_date_in_range]
    )
    ends_at = models.DateTimeField(validators=[validate_date_in_range])
    timezone = models.CharField(
        max_length=64, help_text="The user's timezone when the interview was logged."
    )
    interviewers = models.ManyToManyField(
        "Interviewer", through="Participation", related_name="interviews"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Deleted on its own (its application's trashed_at covers it when that was deleted).
    trashed_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = InterviewQuerySet.as_manager()

    class Meta:
        ordering = ["-ends_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(stage__in=Stage.values), name="interview_stage_valid"
            ),
            models.CheckConstraint(
                condition=Q(format__in=InterviewFormat.values),
                name="interview_format_valid",
            ),
            models.CheckConstraint(
                condition=Q(status__in=InterviewStatus.values),
                name="interview_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(starts_at__isnull=True) | Q(ends_at__gt=F("starts_at")),
                name="interview_ends_after_start",
            ),
            ConversationNotes.notes_length_constraint("interview_notes_length"),
        ]
        indexes = [
            # Dashboard: a user's interviews around today, by end time.
            models.Index(fields=["owner", "-ends_at"], name="interview_owner_ends"),
            # Dashboard: scheduled interviews coming up or overdue, in the order shown
            # (end time, then id): the first ten are read and nothing is sorted.
            models.Index(
                fields=["owner", "status", "ends_at", "id"],
                name="interview_owner_status_ends_id",
            ),
            models.Index(
                fields=["trashed_at"],
                condition=Q(trashed_at__isnull=False),
                name="interview_trashed",
            ),
            # Insights: a user's interviews per application in the order they ended,
            # with every column the figures read, so they come from the index alone.
            models.Index(
                fields=["owner", "application", "ends_at", "id"],
                include=["starts_at", "status", "stage", "trashed_at"],
                name="interview_owner_app_ends",
            ),
        ]

    def __str__(self):
        return f"{self.get_stage_display()} – {self.application}"

    def get_absolute_url(self):
        return pk_url("overview:interview_detail", self.pk)

    @property
    def is_done(self) -> bool:
        return self.status == InterviewStatus.DONE


class InterviewerQuerySet(OwnedQuerySet):
    trash_lookups = ("application__trashed_at",)

    def with_last_greeting(self):
        """The greeting used with each person last time, to greet them the same way again."""
        latest = Participation.objects.filter(interviewer=OuterRef("pk")).order_by(
            "-interview__ends_at", "-id"
        )
        return self.annotate(last_greeting=Subquery(latest.values("greeting")[:1]))


class Interviewer(models.Model):
    """A person met at one company; offered again in later rounds of that application."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="interviewers"
    )
    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="interviewers"
    )
    name = models.CharField(max_length=150)
    title = models.CharField(max_length=150, blank=True)
    email = models.EmailField(blank=True)
    is_coordinator = models.BooleanField(
        "recruiter or coordinator",
        default=False,
        help_text="Recruiters and coordinators get the withdrawal and check-in letters.",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = InterviewerQuerySet.as_manager()

    class Meta:
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(
                "application",
                Lower("name"),
                name="interviewer_unique_name_per_application",
                violation_error_message="This person is already listed for this application.",
            ),
        ]

    def __str__(self):
        return f"{self.name}, {self.title}" if self.title else self.name


class Greeting(models.TextChoices):
    """How a letter greets its reader; "formal" uses a title such as Dr. typed in the name."""

    FIRST_NAME = "first_name", "First name (“Dear Ana”)"
    FORMAL = "formal", "Formal (“Dear Dr. Rivera” when a title is in the name)"
    FULL_NAME = "full_name", "Full name (“Dear Ana Rivera”)"


class Participation(ConversationNotes):
    """One person at one interview, with the notes from that conversation."""

    interview = models.ForeignKey(
        Interview, on_delete=models.CASCADE, related_name="participations"
    )
    interviewer = models.ForeignKey(
        Interviewer, on_delete=models.CASCADE, related_name="participations"
    )
    greeting = models.CharField(
        max_length=20, choices=Greeting.choices, default=Greeting.FORMAL
    )
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["interview", "interviewer"], name="participation_unique_person"
            ),
            models.CheckConstraint(
                condition=Q(greeting__in=Greeting.values),
                name="participation_greeting_valid",
            ),
            ConversationNotes.notes_length_constraint("participation_notes_length"),
        ]

    def __str__(self):
        return f"{self.interviewer} at {self.interview}"


class FormSubmission(models.Model):
    """A one-time token a form page carries, consumed by the save it made.

    Stored in the transaction of that save: a second post with the same token (a double
    click, Back and save again) finds this row and is shown what the first one made.
    """

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="form_submissions",
    )
    token = models.UUIDField()
    interview = models.ForeignKey(
        Interview, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    application = models.ForeignKey(
        Application, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["owner", "token"], name="form_submission_once"
            ),
        ]

    def __str__(self):
        return str(self.token)

    def saved_object(self):
        """What the first submission made: the interview, else the application."""
        return self.interview or self.application
