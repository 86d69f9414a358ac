"""The work-search record's own rows: activities the user adds, and edits of automatic ones.

Every application and done interview is an entry of the record without a row here
(insights.record). An EntryEdit holds what the user changed in one automatic entry:
a field left null shows the automatic value, so later changes to the application still
show; ``hidden`` takes the entry out of exports and counts.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q

from jobtrack.ownership import OwnedQuerySet


class ActivityKind(models.TextChoices):
    """What an entry of the record is; the first two are the automatic ones."""

    APPLICATION = "application", "Application"
    INTERVIEW = "interview", "Interview"
    JOB_FAIR = "job_fair", "Job fair"
    WORKSHOP = "workshop", "Workshop"
    NETWORKING = "networking", "Networking meeting"
    AGENCY = "agency", "Agency appointment"
    OTHER = "other", "Other"


AUTOMATIC_KINDS = (ActivityKind.APPLICATION, ActivityKind.INTERVIEW)
MANUAL_KINDS = [kind for kind in ActivityKind if kind not in AUTOMATIC_KINDS]


class ContactMethod(models.TextChoices):
    ONLINE = "online", "Online"
    EMAIL = "email", "Email"
    IN_PERSON = "in_person", "In person"
    PHONE = "phone", "Phone"
    VIDEO = "video", "Video"


class Activity(models.Model):
    """An activity the user added: a job fair, a workshop, an agency appointment…"""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="activities"
    )
    kind = models.CharField(
        max_length=20,
        choices=[(kind.value, kind.label) for kind in MANUAL_KINDS],
        default=ActivityKind.JOB_FAIR,
    )
    date = models.DateField()
    employer = models.CharField(
        "employer or event", max_length=200, help_text="Company, agency or event name."
    )
    position = models.CharField(
        "position or activity",
        max_length=200,
        blank=True,
        help_text="The job asked about, or what the activity was.",
    )
    person = models.CharField("person contacted", max_length=150, blank=True)
    contact = models.CharField(
        "address, email, website or phone",
        max_length=300,
        blank=True,
        help_text="How the employer or person can be reached.",
    )
    method = models.CharField(
        max_length=20, choices=ContactMethod.choices, default=ContactMethod.IN_PERSON
    )
    result = models.CharField(
        "result or status",
        max_length=300,
        blank=True,
        help_text="E.g. “Awaiting reply”, “Invited to interview”, “Not selected”.",
    )
    hidden = models.BooleanField(
        "hide from the record",
        default=False,
        help_text="Hidden entries stay listed here but leave exports and counts.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = OwnedQuerySet.as_manager()

    class Meta:
        verbose_name_plural = "activities"
        ordering = ["-date", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=[kind.value for kind in MANUAL_KINDS]),
                name="activity_kind_valid",
            ),
            models.CheckConstraint(
                condition=Q(method__in=ContactMethod.values),
                name="activity_method_valid",
            ),
        ]
        indexes = [
            # The record and its exports: one user's activities in a date range.
            models.Index(fields=["owner", "date"], name="activity_owner_date"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.employer} ({self.date})"


# Null means "as recorded automatically"; an empty string means the user cleared it.
EDITABLE_FIELDS = (
    "date",
    "employer",
    "position",
    "person",
    "contact",
    "method",
    "result",
)


class EntryEdit(models.Model):
    """The user's changes to one automatic entry (an application or a done interview)."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="entry_edits"
    )
    application = models.OneToOneField(
        "applications.Application",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="record_edit",
    )
    interview = models.OneToOneField(
        "applications.Interview",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="record_edit",
    )
    date = models.DateField(null=True, blank=True)
    employer = models.CharField(max_length=200, null=True, blank=True)  # noqa: DJ001
    position = models.CharField(max_length=200, null=True, blank=True)  # noqa: DJ001
    person = models.CharField(max_length=150, null=True, blank=True)  # noqa: DJ001
    contact = models.CharField(max_length=300, null=True, blank=True)  # noqa: DJ001
    method = models.CharField(  # noqa: DJ001
        max_length=20, choices=ContactMethod.choices, null=True, blank=True
    )
    result = models.CharField(max_length=300, null=True, blank=True)  # noqa: DJ001
    hidden = models.BooleanField(default=False)
    updated_at = models.DateTimeField(auto_now=True)

    objects = OwnedQuerySet.as_manager()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(application__isnull=False, interview__isnull=True)
                | Q(application__isnull=True, interview__isnull=False),
                name="entry_edit_one_source",
            ),
            models.CheckConstraint(
                condition=Q(method__isnull=True) | Q(method__in=ContactMethod.values),
                name="entry_edit_method_valid",
            ),
        ]

    def __str__(self):
        return f"Edit of {self.application or self.interview}"

    @property
    def changes_anything(self) -> bool:
        return self.hidden or any(
            getattr(self, name) is not None for name in EDITABLE_FIELDS
        )


class Period:
    """The spans the insights page offers (insights.figures.period_start)."""

    MONTH = "month"
    QUARTER = "quarter"
    ALL = "all"
    CHOICES = (
        (MONTH, "This month"),
        (QUARTER, "Last 3 months"),
        (ALL, "All time"),
    )


class FiguresSnapshot(models.Model):
    """The insights page's figures for one user and period, kept so that a view reads
    them instead of going through the whole account (insights.figures).

    ``reflects`` is the user's ``data_changed_at`` read before the figures were taken
    and ``day`` the user's date then (periods and weeks count from today): the figures
    are current while both still hold. The companies' response times are rows of
    CompanyFigure, so a page of them is a slice of an index however many there are.
    Derived data: neither exported nor counted with the account's data.
    """

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="figures_snapshots",
    )
    period = models.CharField(max_length=10, choices=Period.CHOICES)
    day = models.DateField()
    reflects = models.DateTimeField(null=True, blank=True)
    computed_at = models.DateTimeField()
    payload = models.JSONField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["owner", "period"], name="figures_snapshot_owner_period"
            ),
        ]

    def __str__(self):
        return f"Insights of {self.owner_id} ({self.period}, {self.day})"


class CompanyFigure(models.Model):
    """One company's median response time in a snapshot, ``rank`` 1 the slowest."""

    # The unique (snapshot, rank) index serves the lookups by snapshot.
    snapshot = models.ForeignKey(
        FiguresSnapshot,
        on_delete=models.CASCADE,
        related_name="companies",
        db_index=False,
    )
    rank = models.PositiveIntegerField()
    company = models.CharField(max_length=200)
    median_days = models.FloatField()
    steps = models.PositiveIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["snapshot", "rank"], name="company_figure_snapshot_rank"
            ),
        ]

    def __str__(self):
        return f"{self.rank}. {self.company}"
