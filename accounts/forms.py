"""Forms for signing up, signing in, the profile and deleting an account."""

from django import forms
from django.contrib.auth.forms import AuthenticationForm, SetPasswordMixin

from jobtrack.bounds import long_text_formfield

from .models import User
from .regional import (
    DateStyle,
    PaperSize,
    date_style_for,
    paper_for,
    timezone_choices,
)
from .signup import account_unconfirmed_with_password

HOUR_CHOICES = [(hour, f"{hour:02d}:00") for hour in range(24)]


def _timezone_field(**kwargs) -> forms.ChoiceField:
    """Common zones first, then every canonical zone by region; static/js/jobtrack.js
    adds a search box above the list (``data-zone-search``)."""
    kwargs.setdefault("widget", forms.Select())
    kwargs["widget"].attrs["data-zone-search"] = ""
    return forms.ChoiceField(
        label="Timezone",
        choices=timezone_choices,
        help_text="Dates, reminders and “today” follow this timezone. "
        "Type a city to find it, e.g. Berlin or New York.",
        **kwargs,
    )


class AccountDetailsForm(SetPasswordMixin, forms.Form):
    """Name, timezone and password twice, with Django's password validators; the
    password is compared with the address it is for (similarity)."""

    full_name = forms.CharField(
        label="Full name (optional)",
        max_length=150,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
        help_text="Used to sign your letters. You can add it later.",
    )
    timezone = _timezone_field(
        initial="UTC", widget=forms.Select(attrs={"data-browser-timezone": ""})
    )
    password1, password2 = SetPasswordMixin.create_password_fields(
        label1="Password", label2="Password again"
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["password1"].help_text = (
            "At least 8 characters, not a common password, not all digits "
            "and not too close to your email."
        )
        self.fields["password2"].help_text = ""

    def account_email(self) -> str:
        raise NotImplementedError

    def clean(self) -> dict:
        self.validate_passwords()
        data = self.cleaned_data
        candidate = User(
            email=self.account_email(), full_name=data.get("full_name", "")
        )
        self.validate_password_for_user(candidate)
        return data


class SignUpForm(AccountDetailsForm):
    """The address and the account's details.

    It never checks whether the address is taken: accounts.signup answers that by email,
    so the page reads the same for every address.
    """

    field_order = ["email", "full_name", "timezone", "password1", "password2"]

    email = forms.EmailField(
        label="Email address",
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        help_text="We'll send a link to it to confirm it's yours.",
    )

    def clean_email(self) -> str:
        return User.objects.normalize_email(self.cleaned_data["email"]).lower()

    def account_email(self) -> str:
        return self.cleaned_data.get("email", "")


class SignUpConfirmForm(AccountDetailsForm):
    """The confirmation link's page: the details as the sign-up left them, and the
    password again, since only what the mailbox's owner types here is kept."""

    def __init__(self, *args, account: User, **kwargs):
        kwargs["initial"] = {
            "full_name": account.full_name,
            "timezone": account.timezone,
        }
        super().__init__(*args, **kwargs)
        self.account = account
        self.fields["password1"].help_text = (
            "The password you chose when you signed up, or a new one: only what you "
            "type here will sign you in."
        )
        self.fields["password1"].widget.attrs["autofocus"] = True

    def account_email(self) -> str:
        return self.account.email


class SignInForm(AuthenticationForm):
    """Django's sign-in form, asking for an email and saying plainly what went wrong.

    An account awaiting email confirmation is named only to someone with its password;
    a wrong password reads the same as an unknown address.
    """

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": "That email and password don't match an account. Check both "
        "and try again; passwords are case-sensitive.",
        "inactive": "This account is switched off.",
        "unconfirmed": "Please confirm your email address first: open the link we "
        "emailed you when you signed up. No email? Send a new link below.",
    }
    unconfirmed = False

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].label = "Email"
        self.fields["username"].widget = forms.EmailInput(
            attrs={"autofocus": True, "autocomplete": "email", "maxlength": 254}
        )

    def clean_username(self) -> str:
        # Accounts are stored in lower case; let people type their address as they like.
        return self.cleaned_data["username"].strip().lower()

    def clean(self) -> dict:
        try:
            return super().clean()
        except forms.ValidationError as error:
            if error.code != "invalid_login" or getattr(
                self.request, "axes_locked_out", False
            ):
                raise
            if not account_unconfirmed_with_password(
                email=self.cleaned_data.get("username", ""),
                password=self.cleaned_data.get("password", ""),
            ):
                raise
            self.unconfirmed = True
            raise forms.ValidationError(
                self.error_messages["unconfirmed"], code="unconfirmed"
            ) from None


class ResendConfirmationForm(forms.Form):
    """Just the address: the answer is the same "check your email" page for any."""

    email = forms.EmailField(
        label="Email address",
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )


class ProfileForm(forms.ModelForm):
    """Profile, signature and reminder preferences; the rules live in User.clean()."""

    timezone = _timezone_field()

    class Meta:
        model = User
        fields = User.PROFILE_FIELDS
        formfield_callback = long_text_formfield
        labels = {
            "signature": "Email signature",
            "reminders_enabled": "Email me reminders to send my letters",
            "first_reminder_delay_minutes": "First reminder after (minutes)",
            "evening_reminder_hour": "Evening reminder at",
            "quiet_hours_start": "Quiet from",
            "quiet_hours_end": "Quiet until",
            "paper_size": "Paper",
            "date_style": "Date format",
        }
        help_texts = {
            "paper_size": "Automatic: US Letter in the US and Canada, A4 elsewhere.",
            "date_style": "Automatic: as dates are written where your time zone is.",
            "signature": "Added under every letter, e.g. your name and a line about you.",
            "phone": "Shown in your signature if you include it.",
            "first_reminder_delay_minutes": "Counted from when the interview ends; 5 to 600.",
            "evening_reminder_hour": "Sent once more if some letters are still unsent.",
            "checkin_working_days": "Working days (Monday to Friday) after the date "
            "they said you would hear back; 1 to 20. With no date given, a week after "
            "the interview.",
            "ghost_after_days": "Counted from the last contact after a check-in; "
            "7 to 120.",
            "weekly_activity_target": "Many unemployment offices ask for 3 a week; "
            "1 to 21. The dashboard shows this week's count.",
            "weekly_target_different_days": "Count the target as met only when the "
            "activities fall on that many different days.",
        }
        widgets = {
            "signature": forms.Textarea(attrs={"rows": 4}),
            "links": forms.Textarea(attrs={"rows": 3}),
            "phone": forms.TextInput(attrs={"autocomplete": "tel", "type": "tel"}),
            "evening_reminder_hour": forms.Select(choices=HOUR_CHOICES),
            "quiet_hours_start": forms.Select(choices=HOUR_CHOICES),
            "quiet_hours_end": forms.Select(choices=HOUR_CHOICES),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["full_name"].widget.attrs["autocomplete"] = "name"
        self.fields["first_reminder_delay_minutes"].widget.attrs.update(min=5, max=600)
        self.fields["weekly_activity_target"].widget.attrs.update(min=1, max=21)
        self.fields["checkin_working_days"].widget.attrs.update(min=1, max=20)
        self.fields["ghost_after_days"].widget.attrs.update(min=7, max=120)
        zone = self.instance.timezone
        self.fields["timezone"].choices = timezone_choices(current=zone)
        self._name_automatic_choices(zone)

    def _name_automatic_choices(self, zone: str) -> None:
        """Say what "automatic" gives for the saved time zone, so nobody has to guess."""
        automatic = {
            "paper_size": PaperSize(paper_for(paper_size="auto", zone=zone)).label,
            "date_style": DateStyle(date_style_for(date_style="auto", zone=zone)).label,
        }
        for name, example in automatic.items():
            self.fields[name].choices = [
                (value, f"Automatic ({example})" if value == "auto" else label)
                for value, label in self.fields[name].choices
            ]


class DeleteAccountForm(forms.Form):
    """Deleting everything asks for the password, so an unattended session cannot do it."""

    password = forms.CharField(
        label="Your password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(
                "That is not your password. Nothing was deleted.", code="invalid"
            )
        return password
