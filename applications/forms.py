"""Forms for applications and for logging an interview; querysets always scoped to the user."""

import datetime as dt
import html
import json
import zoneinfo

from django import forms
from django.db import models
from django.utils import timezone
from django.utils.safestring import mark_safe

from jobtrack.bounds import (
    DATE_RANGE_MESSAGE,
    EARLIEST_DATE,
    LATEST_DATE,
    PEOPLE_PER_INTERVIEW_MAX,
    long_text_formfield,
    validate_date_in_range,
)
from letters.drafting import note_use_by_stage

from .interviews import DecisionAnswer, PersonEntry
from .models import (
    Application,
    ApplicationStatus,
    ConversationNotes,
    Interview,
    Interviewer,
    InterviewStatus,
    Participation,
)
from .selectors import applications_menu, interviews_like, people_met_before

NOTE_FIELDS = list(ConversationNotes.NOTE_FIELDS)
# A short example of a good note for each field; any shape works, the drafts reword it.
NOTE_EXAMPLES = {
    "specific_detail": "e.g. asked me to sketch the schema live",
    "topics": "e.g. on-call, the reporting roadmap",
    "learned": "e.g. the team ships every Friday",
    "challenge": "e.g. too many handoffs between shifts",
    "how_to_meet_challenge": "e.g. At Fernway I cut handoffs with one shared board",
    "open_question": "e.g. How is success measured in year one?",
    "materials": "e.g. the case study on the intake form",
    "link_to_share": "https://… a piece you mentioned",
}
NOTE_HELP = {
    "specific_detail": "A moment, a question, something they showed you: "
    "any wording works.",
    "how_to_meet_challenge": "Something you did (“At Fernway I…”) or would do "
    "(“I would start with…”).",
    "open_question": "About the work, never pay or perks.",
    "link_to_share": "The letter says it is the piece you mentioned.",
}
# A "done" interview may end a few minutes ahead: clocks differ and people round up.
FUTURE_GRACE = dt.timedelta(minutes=10)
DATETIME_LOCAL_FORMAT = "%Y-%m-%dT%H:%M"


DATE_LIMITS = {"min": EARLIEST_DATE.isoformat(), "max": LATEST_DATE.isoformat()}
DATETIME_LIMITS = {"min": f"{EARLIEST_DATE}T00:00", "max": f"{LATEST_DATE}T23:59"}


def _formfield(db_field, **kwargs):
    """Model fields as form fields; a URL typed without a scheme is taken as https, a
    long text field checks its limit on the server (jobtrack.bounds)."""
    if isinstance(db_field, models.URLField):
        kwargs.setdefault("assume_scheme", "https")
    return long_text_formfield(db_field, **kwargs)


def _note_widgets(rows: int = 2) -> dict:
    widgets = {
        name: forms.Textarea(attrs={"rows": rows, "placeholder": NOTE_EXAMPLES[name]})
        for name in NOTE_FIELDS
    }
    widgets["specific_detail"].attrs["rows"] = 3
    widgets["link_to_share"] = forms.URLInput(
        attrs={"placeholder": NOTE_EXAMPLES["link_to_share"]}
    )
    return widgets


class NotesLayoutMixin:
    """The detail that makes a letter specific up front; the other notes folded away."""

    def primary_note(self):
        return self["specific_detail"]

    def more_notes(self):
        return [self[name] for name in NOTE_FIELDS if name != "specific_detail"]

    def note_use(self) -> str:
        """For the page's script, as JSON: the note fields, and which of them each
        stage's letters use (the others are hidden for that stage), with its usual
        greeting. A data attribute, since the page allows no inline script."""
        return json.dumps({"fields": NOTE_FIELDS, "stages": note_use_by_stage()})

    def more_notes_open(self) -> bool:
        """Unfolded when something is in there: typed notes, or an error to fix."""
        return any(bound.errors or bound.value() for bound in self.more_notes())


class ApplicationForm(forms.ModelForm):
    class Meta:
        model = Application
        formfield_callback = _formfield
        fields = [
            "company",
            "role",
            "location",
            "posting_url",
            "status",
            "applied_on",
            "next_step",
            "decision_expected_on",
            "still_interested",
            "withdrawal_reason",
            "notes",
        ]
        widgets = {
            "applied_on": forms.DateInput(
                attrs={"type": "date", **DATE_LIMITS}, format="%Y-%m-%d"
            ),
            "decision_expected_on": forms.DateInput(
                attrs={"type": "date", **DATE_LIMITS}, format="%Y-%m-%d"
            ),
            "posting_url": forms.URLInput(attrs={"placeholder": "https://…"}),
            "notes": forms.Textarea(attrs={"rows": 4}),
        }
        labels = {"still_interested": "I'm still interested in this job"}

    # Only an application that already exists can be given up on.
    EDIT_ONLY = ("still_interested", "withdrawal_reason")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance._state.adding:
            for name in self.EDIT_ONLY:
                del self.fields[name]

    def clean(self):
        cleaned = super().clean()
        applied_on = cleaned.get("applied_on")
        decision = cleaned.get("decision_expected_on")
        if applied_on and decision and decision < applied_on:
            self.add_error(
                "decision_expected_on",
                "The decision date can't be before the date you applied.",
            )
        return cleaned


class ApplicationFilterForm(forms.Form):
    """The list's status filter and search box; invalid input just means "no filter"."""

    ACTIVE = "active"
    status = forms.ChoiceField(
        required=False,
        choices=[("", "All"), (ACTIVE, "Active"), *ApplicationStatus.choices],
    )
    q = forms.CharField(required=False, max_length=200, label="Search")

    def filter(self, queryset):
        if not self.is_valid():
            return queryset
        status = self.cleaned_data["status"]
        if status == self.ACTIVE:
            queryset = queryset.active()
        elif status:
            queryset = queryset.filter(status=status)
        return queryset.search(self.cleaned_data["q"])


class LocalDateTimeField(forms.DateTimeField):
    """A datetime-local input read and shown in the user's timezone, not the server's;
    only times in the sane range (``jobtrack.bounds``) are accepted."""

    widget = forms.DateTimeInput(
        attrs={"type": "datetime-local", **DATETIME_LIMITS},
        format=DATETIME_LOCAL_FORMAT,
    )
    default_validators = [validate_date_in_range]

    def __init__(self, *, zone: zoneinfo.ZoneInfo | None = None, **kwargs):
        self.zone = zone or zoneinfo.ZoneInfo("UTC")
        super().__init__(**kwargs)

    def to_python(self, value):
        with timezone.override(self.zone):
            try:
                return super().to_python(value)
            except OverflowError:  # year 1 or 9999 moved across a UTC offset
                raise forms.ValidationError(
                    DATE_RANGE_MESSAGE, code="date_range"
                ) from None

    def prepare_value(self, value):
        if isinstance(value, dt.datetime) and timezone.is_aware(value):
            return value.astimezone(self.zone).replace(tzinfo=None)
        return super().prepare_value(value)


# A decision date further out than this after the interview is a typo in the year.
DECISION_HORIZON = dt.timedelta(days=366)
# A scheduled interview further ahead than this is asked about: likely a typo in the year.
SCHEDULED_HORIZON = dt.timedelta(days=365)


def implausible_date_message(*, status: str, ends_at: dt.datetime, zone) -> str:
    """Why the date asks for a second look ("" when it looks right): a round more than a
    year ahead, or a finished one from before last year."""
    now = timezone.now()
    shown = f"{ends_at.astimezone(zone):%A %-d %B %Y}"
    if status == InterviewStatus.SCHEDULED and ends_at > now + SCHEDULED_HORIZON:
        return f"This interview is more than a year ahead ({shown}). Check the year."
    if (
        status == InterviewStatus.DONE
        and ends_at.astimezone(zone).year < now.astimezone(zone).year - 1
    ):
        return f"This interview was before last year ({shown}). Check the year."
    return ""


class MenuSelect(forms.Select):
    """A long menu (the latest applications), written in one pass.

    Django's select renders a template per option and builds an option dict for each
    first; for a hundred applications that was the costliest part of the log form and
    of the letters list. The markup is Django's own, character for character; a menu
    with option groups is left to Django. Text is escaped as ``conditional_escape``
    does, with the standard library's ``html.escape`` that Django's ``escape`` wraps,
    without the lazy-text checks around each call.
    """

    def render(self, name, value, attrs=None, renderer=None):
        if self.allow_multiple_selected or any(
            isinstance(label, list | tuple) for _, label in self.choices
        ):
            return super().render(name, value, attrs, renderer)
        wanted = set(self.format_value(value))
        options = []
        has_selected = False
        for option_value, label in self.choices:
            option_value = "" if option_value is None else str(option_value)
            selected = not has_selected and option_value in wanted
            has_selected |= selected
            options.append(
                f'\n  <option value="{_escaped(option_value)}"'
                f"{' selected' if selected else ''}>{_escaped(label)}</option>\n"
            )
        return mark_safe(
            f'<select name="{_escaped(name)}"'
            f"{_attributes(self.build_attrs(self.attrs, attrs))}>"
            f"{''.join(options)}\n</select>"
        )


def _escaped(text) -> str:
    """``conditional_escape``: markup already safe is kept, anything else escaped."""
    if hasattr(text, "__html__"):
        return text.__html__()
    return html.escape(str(text))


def _attributes(attrs: dict) -> str:
    """HTML attributes in the order given, as django/forms/widgets/attrs.html writes them
    (``flatatt`` puts the boolean ones last)."""
    return "".join(
        f" {_escaped(key)}"
        if value is True
        else f' {_escaped(key)}="{_escaped(value)}"'
        for key, value in attrs.items()
        if value is not False
    )


class InterviewForm(NotesLayoutMixin, forms.ModelForm):
    """The interview itself: which application (or a new one), when, what, and team notes."""

    application = forms.ModelChoiceField(
        queryset=Application.objects.none(),
        required=False,
        empty_label="— a new application —",
        label="Application",
        widget=MenuSelect,
    )
    new_company = forms.CharField(max_length=200, required=False, label="Company")
    new_role = forms.CharField(max_length=200, required=False, label="Role")
    status = forms.ChoiceField(
        choices=[
            (InterviewStatus.DONE, "It's over — draft my letters"),
            (InterviewStatus.SCHEDULED, "I'm entering it ahead of time"),
        ],
        widget=forms.RadioSelect,
        initial=InterviewStatus.DONE,
        label="Has it happened yet?",
    )
    ends_at = LocalDateTimeField(
        label="Ended at",
        help_text="When it will end, if you're entering it ahead of time.",
    )
    starts_at = LocalDateTimeField(label="Started at (optional)", required=False)
    still_interested = forms.TypedChoiceField(
        choices=[("yes", "Yes, I still want this job"), ("no", "No, not any more")],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        initial="yes",
        label="",  # the section's legend asks the question
    )
    withdrawal_reason = forms.CharField(
        max_length=Application._meta.get_field("withdrawal_reason").max_length,
        required=False,
        label="Why, in a few words (optional)",
        widget=forms.TextInput(
            attrs={"placeholder": "e.g. I have accepted another offer"}
        ),
        help_text="The withdrawal letter gives it as one short, neutral sentence. "
        "Leave it empty to give no reason.",
    )
    decision_expected_on = forms.DateField(
        required=False,
        label="When did they say you would hear back?",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text="Worth asking before you leave. Leave it empty if you don't know yet.",
    )
    no_decision_date = forms.BooleanField(required=False, label="They gave no date")
    returning = forms.ModelMultipleChoiceField(
        queryset=Interviewer.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="People you met there before",
    )
    confirm_date = forms.BooleanField(required=False, label="Yes, the date is right")
    confirm_duplicate = forms.BooleanField(
        required=False, label="Yes, save it: this is another interview"
    )
    CONFIRMATIONS = ("confirm_date", "confirm_duplicate")

    class Meta:
        model = Interview
        formfield_callback = _formfield
        fields = ["stage", "format", *NOTE_FIELDS]
        widgets = {"format": forms.RadioSelect, **_note_widgets()}
        labels = {"specific_detail": "A detail from the day"}
        help_texts = {
            **NOTE_HELP,
            "specific_detail": "Something only this interview had, for the letter to the "
            "whole team (used when you name no one).",
        }

    def __init__(self, *args, user, application=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.zone = user.zone
        for name in ("ends_at", "starts_at"):
            self.fields[name].zone = self.zone
        editing = self.instance.pk is not None
        if editing:
            # An interview stays with its application; moving rounds is not a thing.
            del self.fields["application"]
            del self.fields["new_company"]
            del self.fields["new_role"]
            application = self.instance.application
            self.initial.setdefault("status", self.instance.status)
            self.initial.setdefault("ends_at", self.instance.ends_at)
            self.initial.setdefault("starts_at", self.instance.starts_at)
            self.initial.setdefault(
                "still_interested", "yes" if application.still_interested else "no"
            )
            self.initial.setdefault(
                "decision_expected_on", application.decision_expected_on
            )
        else:
            field = self.fields["application"]
            # Any of the user's applications is accepted; the menu offers a few.
            field.queryset = Application.objects.for_user(user)
            wanted = application.pk if application is not None else None
            if wanted is None and self.is_bound:
                wanted = self.data.get(self.add_prefix("application"))
            offered = applications_menu(user=user, chosen=wanted)
            field.widget.choices = [("", field.empty_label)] + [
                (a.pk, field.label_from_instance(a)) for a in offered
            ]
            self.initial.setdefault(
                "ends_at", timezone.now().replace(second=0, microsecond=0)
            )
            if self.is_bound:
                application = self._posted_application() or application
        self.selected_application = application
        self.duplicate_of = None
        if application is not None:
            self.initial.setdefault("withdrawal_reason", application.withdrawal_reason)
        self.fields["returning"].queryset = people_met_before(
            user=user,
            application=application,
            interview=self.instance if editing else None,
        )

    def _posted_application(self) -> Application | None:
        """The application chosen in the submitted data, so its people are offered again."""
        field = self.fields["application"]
        try:
            return field.clean(self.data.get(self.add_prefix("application")))
        except forms.ValidationError:
            return None

    def clean(self):
        cleaned = super().clean()
        if "application" in self.fields:
            self._clean_application(cleaned)
        ends_at = cleaned.get("ends_at")
        starts_at = cleaned.get("starts_at")
        if ends_at and starts_at and starts_at >= ends_at:
            self.add_error("starts_at", "The start must be before the end.")
        if (
            ends_at
            and cleaned.get("status") == InterviewStatus.DONE
            and ends_at > timezone.now() + FUTURE_GRACE
        ):
            self.add_error(
                "ends_at",
                "This time is still in the future. Fix it, or choose "
                "“I'm entering it ahead of time”.",
            )
        self._clean_decision(cleaned)
        if (
            ends_at
            and not self.has_error("ends_at")
            and not cleaned.get("confirm_date")
        ):
            message = implausible_date_message(
                status=cleaned.get("status"), ends_at=ends_at, zone=self.zone
            )
            if message:
                self.add_error("confirm_date", message)
        return cleaned

    def confirmations(self):
        """The questions to answer before saving: asked, or answered with a tick."""
        return [
            self[name]
            for name in self.CONFIRMATIONS
            if self[name].errors or (self.is_bound and self[name].value())
        ]

    def errors_besides_confirmations(self) -> list[str]:
        """Fields with errors to fix, as opposed to questions to answer with a tick."""
        return [name for name in self.errors if name not in self.CONFIRMATIONS]

    def check_duplicate(self, people: list[PersonEntry]) -> bool:
        """False, with a question on the form, when the same interview is already logged
        (same application, start, end and people) and saving it again was not confirmed."""
        data = self.cleaned_data
        if data.get("confirm_duplicate") or "application" not in self.fields:
            return True
        same = interviews_like(
            user=self.user,
            application=data.get("application"),
            new_application=self.new_application(),
            starts_at=data.get("starts_at"),
            ends_at=data["ends_at"],
            names=[person.name for person in people],
        )
        if not same:
            return True
        when = same[0].ends_at.astimezone(self.zone)
        self.add_error(
            "confirm_duplicate",
            f"You already logged this interview: {same[0].application}, ending "
            f"{when:%A %-d %B %Y, %H:%M}, with the same people. "
            "Saving again makes a second copy with its own letters.",
        )
        self.duplicate_of = same[0]
        return False

    def _clean_decision(self, cleaned):
        decision = cleaned.get("decision_expected_on")
        if decision is None:
            return
        if cleaned.get("no_decision_date"):
            self.add_error(
                "decision_expected_on",
                "Give the date they named, or tick “They gave no date”, not both.",
            )
            return
        ends_at = cleaned.get("ends_at")
        if ends_at is None:
            return
        day = ends_at.astimezone(self.zone).date()
        if decision < day:
            self.add_error(
                "decision_expected_on",
                "This date is before the interview. Check the date they named.",
            )
        elif decision > day + DECISION_HORIZON:
            self.add_error(
                "decision_expected_on",
                "This date is more than a year after the interview. Check the year.",
            )

    def withdrawal_reason_answer(self) -> str | None:
        """The reason to store, or None to keep the stored one: it only counts when
        the user says they are no longer interested."""
        data = self.cleaned_data
        return None if data["still_interested"] else data.get("withdrawal_reason", "")

    def decision_answer(self) -> DecisionAnswer | None:
        """A date, "no date given", or None when the question was left unanswered."""
        data = self.cleaned_data
        if data.get("decision_expected_on"):
            return DecisionAnswer(data["decision_expected_on"])
        if data.get("no_decision_date"):
            return DecisionAnswer(None)
        return None

    def _clean_application(self, cleaned):
        application = cleaned.get("application")
        company = cleaned.get("new_company", "")
        role = cleaned.get("new_role", "")
        if application and (company or role):
            self.add_error(
                "application",
                "Pick an existing application or type a new one, not both.",
            )
        elif not application and not (company or role):
            if not self.has_error("application"):
                self.add_error(
                    "application",
                    "Choose the application, or type the company and role of a new one.",
                )
        elif not application:
            if not company:
                self.add_error("new_company", "Add the company of the new application.")
            if not role:
                self.add_error("new_role", "Add the role of the new application.")

    def interview_details(self) -> dict:
        """What the rule functions store on the interview row."""
        data = self.cleaned_data
        details = {name: data[name] for name in ("stage", "format", *NOTE_FIELDS)}
        details.update(
            status=data["status"],
            ends_at=data["ends_at"],
            starts_at=data.get("starts_at"),
            timezone=self.user.timezone,
        )
        return details

    def returning_people(self) -> list[PersonEntry]:
        """The people ticked from earlier rounds: known details, no new notes."""
        return [
            PersonEntry(p.name, p.title, p.email, is_coordinator=p.is_coordinator)
            for p in self.cleaned_data.get("returning", [])
        ]

    def new_application(self) -> dict | None:
        data = self.cleaned_data
        if data.get("application") or "new_company" not in data:
            return None
        return {"company": data["new_company"], "role": data["new_role"]}


class PersonForm(NotesLayoutMixin, forms.ModelForm):
    """One person met: who they are, and the notes from this conversation with them."""

    name = forms.CharField(max_length=150, required=False)
    title = forms.CharField(max_length=150, required=False)
    email = forms.EmailField(required=False)
    is_coordinator = forms.BooleanField(
        required=False,
        label="Recruiter or coordinator",
        help_text="They get the withdrawal and check-in letters.",
    )

    class Meta:
        model = Participation
        formfield_callback = _formfield
        fields = ["greeting", *NOTE_FIELDS]
        widgets = {"greeting": forms.RadioSelect, **_note_widgets()}
        labels = {"specific_detail": "The detail only this conversation had"}
        help_texts = NOTE_HELP

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("DELETE"):
            return cleaned
        if not cleaned.get("name") and not self.has_error("name"):
            if self.has_changed() or not self.empty_permitted:
                self.add_error("name", "Add this person's name, or remove their card.")
        return cleaned

    def person(self) -> PersonEntry:
        data = self.cleaned_data
        return PersonEntry(
            name=data["name"],
            title=data.get("title", ""),
            email=data.get("email", ""),
            is_coordinator=data.get("is_coordinator", False),
            greeting=data["greeting"],
            notes={name: data.get(name, "") for name in NOTE_FIELDS},
        )


class BasePeopleFormSet(forms.BaseFormSet):
    default_error_messages = {
        "too_many_forms": "An interview can list at most %(num)d people: "
        "remove the extra cards.",
    }

    def kept_forms(self):
        """Rows saved: people already on the interview, and new cards the user filled in."""
        for index, form in enumerate(self.forms):
            if self.can_delete and self._should_delete_form(form):
                continue
            if index < self.initial_form_count() or form.has_changed():
                yield form

    def clean(self):
        if any(self.errors):
            return
        seen: set[str] = set()
        for form in self.kept_forms():
            name = form.cleaned_data.get("name", "")
            key = name.casefold()
            if key in seen:
                form.add_error("name", f"{name} is listed twice; keep one card.")
            seen.add(key)

    def people(self) -> list[PersonEntry]:
        return [form.person() for form in self.kept_forms()]


PEOPLE_PREFIX = "people"


def people_formset_class(*, people_known: bool):
    """People cards: the known people's, or one blank card when nobody is known yet (the
    page adds more in the browser from its template). A post claiming more than the limit
    is one error, never built.

    ``absolute_max`` caps the forms Django constructs from ``TOTAL_FORMS``; without it
    a forged count of 1,000 became 1,000 forms validated and rendered.
    """
    return forms.formset_factory(
        PersonForm,
        formset=BasePeopleFormSet,
        extra=0 if people_known else 1,
        can_delete=True,
        max_num=PEOPLE_PER_INTERVIEW_MAX,
        absolute_max=PEOPLE_PER_INTERVIEW_MAX,
        validate_max=True,
    )
