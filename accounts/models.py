import zoneinfo

from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from jobtrack.bounds import PROFILE_LINKS_MAX, SIGNATURE_MAX, max_length_constraint
from jobtrack.wallclock import hour_in_quiet_hours

from .regional import DATE_FORMATS, DateStyle, PaperSize, date_style_for, paper_for


class UserManager(BaseUserManager):
    """Users sign in with their email address; there is no username."""

    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)


class User(AbstractUser):
    """A job seeker. Profile, signature and reminder preferences live on the user row."""

    username = None
    first_name = None
    last_name = None
    email = models.EmailField("email address", unique=True)
    full_name = models.CharField(max_length=150, blank=True)
    timezone = models.CharField(max_length=64, default="UTC")
    # Where the first sign-up asked to go once the address is confirmed (a path here).
    signup_next = models.CharField(max_length=2000, blank=True, default="")

    # How exported letters are laid out; "automatic" follows the time zone's country.
    paper_size = models.CharField(
        max_length=10, choices=PaperSize.choices, default=PaperSize.AUTOMATIC
    )
    date_style = models.CharField(
        "date format",
        max_length=10,
        choices=DateStyle.choices,
        default=DateStyle.AUTOMATIC,
    )

    # What goes under every letter.
    signature = models.TextField(
        blank=True,
        max_length=SIGNATURE_MAX,
        help_text="Closing lines added under every letter, e.g. your name.",
    )
    phone = models.CharField(max_length=40, blank=True)
    links = models.TextField(
        blank=True,
        max_length=PROFILE_LINKS_MAX,
        help_text="One per line: LinkedIn, portfolio, GitHub…",
    )

    # Reminder preferences, used by reminders.rules.
    reminders_enabled = models.BooleanField(default=True)
    first_reminder_delay_minutes = models.PositiveSmallIntegerField(
        default=60, validators=[MinValueValidator(5), MaxValueValidator(600)]
    )
    evening_reminder_hour = models.PositiveSmallIntegerField(
        default=18, validators=[MinValueValidator(0), MaxValueValidator(23)]
    )
    quiet_hours_start = models.PositiveSmallIntegerField(
        default=21, validators=[MinValueValidator(0), MaxValueValidator(23)]
    )
    quiet_hours_end = models.PositiveSmallIntegerField(
        default=8, validators=[MinValueValidator(0), MaxValueValidator(23)]
    )

    # Following up after a round (reminders.rules.checkin_due_at, applications ghost_candidates).
    checkin_working_days = models.PositiveSmallIntegerField(
        "check in after (working days)",
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(20)],
    )
    ghost_after_days = models.PositiveSmallIntegerField(
        "suggest “gone quiet” after (days)",
        default=21,
        validators=[MinValueValidator(7), MaxValueValidator(120)],
    )

    # The work-search target shown on the dashboard (insights.record.week_progress).
    weekly_activity_target = models.PositiveSmallIntegerField(
        "work-search activities a week",
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(21)],
    )
    weekly_target_different_days = models.BooleanField(
        "on different days", default=True
    )

    # When the user's data last changed: their kept pages are keyed on it
    # (jobtrack.pagecache).
    data_changed_at = models.DateTimeField(null=True, blank=True, editable=False)

    # What the profile page edits and the data export carries for the user row.
    PROFILE_FIELDS = (
        "full_name",
        "timezone",
        "paper_size",
        "date_style",
        "signature",
        "phone",
        "links",
        "reminders_enabled",
        "first_reminder_delay_minutes",
        "evening_reminder_hour",
        "quiet_hours_start",
        "quiet_hours_end",
        "checkin_working_days",
        "ghost_after_days",
        "weekly_activity_target",
        "weekly_target_different_days",
    )

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = []

    objects = UserManager()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(
                    evening_reminder_hour__gte=0, evening_reminder_hour__lte=23
                ),
                name="user_evening_hour_range",
            ),
            models.CheckConstraint(
                condition=Q(quiet_hours_start__gte=0, quiet_hours_start__lte=23)
                & Q(quiet_hours_end__gte=0, quiet_hours_end__lte=23),
                name="user_quiet_hours_range",
            ),
            models.CheckConstraint(
                condition=Q(first_reminder_delay_minutes__gte=5)
                & Q(first_reminder_delay_minutes__lte=600),
                name="user_first_reminder_delay_range",
            ),
            models.CheckConstraint(
                condition=Q(checkin_working_days__gte=1)
                & Q(checkin_working_days__lte=20),
                name="user_checkin_working_days_range",
            ),
            models.CheckConstraint(
                condition=Q(ghost_after_days__gte=7) & Q(ghost_after_days__lte=120),
                name="user_ghost_after_days_range",
            ),
            models.CheckConstraint(
                condition=Q(weekly_activity_target__gte=1)
                & Q(weekly_activity_target__lte=21),
                name="user_weekly_activity_target_range",
            ),
            models.CheckConstraint(
                condition=Q(paper_size__in=PaperSize.values),
                name="user_paper_size_valid",
            ),
            models.CheckConstraint(
                condition=Q(date_style__in=DateStyle.values),
                name="user_date_style_valid",
            ),
            max_length_constraint(
                "signature", limit=SIGNATURE_MAX, name="user_signature_length"
            ),
            max_length_constraint(
                "links", limit=PROFILE_LINKS_MAX, name="user_links_length"
            ),
        ]

    def __str__(self):
        return self.full_name or self.email

    def clean(self):
        """Reminder preferences must describe a day a reminder can actually be sent in."""
        super().clean()
        start, end = self.quiet_hours_start, self.quiet_hours_end
        if start is None or end is None:
            return
        if start == end:
            raise ValidationError(
                {
                    "quiet_hours_end": "Quiet hours need an end that differs from the "
                    "start, e.g. 21:00 to 08:00."
                }
            )
        hour = self.evening_reminder_hour
        if hour is not None and self.in_quiet_hours(hour):
            raise ValidationError(
                {
                    "evening_reminder_hour": f"{hour:02d}:00 falls inside your quiet "
                    f"hours ({start:02d}:00–{end:02d}:00), so the evening reminder "
                    "would never arrive. Pick an earlier hour or shorten the quiet hours."
                }
            )

    def in_quiet_hours(self, hour: int) -> bool:
        """Whether a local hour (0–23) falls in quiet hours, which may wrap past midnight."""
        return hour_in_quiet_hours(
            hour=hour, start=self.quiet_hours_start, end=self.quiet_hours_end
        )

    @property
    def display_name(self) -> str:
        return self.full_name or self.email.split("@")[0]

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        try:
            return zoneinfo.ZoneInfo(self.timezone)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            return zoneinfo.ZoneInfo("UTC")

    @property
    def paper(self) -> str:
        """The paper letters are exported on: A4 or US Letter, never automatic."""
        return paper_for(paper_size=self.paper_size, zone=self.timezone)

    @property
    def date_format(self) -> str:
        """How this user writes a date, as a Django date format string."""
        style = date_style_for(date_style=self.date_style, zone=self.timezone)
        return DATE_FORMATS[style]
