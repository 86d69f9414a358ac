"""Forms of the letters pages: the editor's text and the list's filters."""

from django import forms

from applications.models import Application

from .models import UNSENT_STATUSES, Letter, LetterKind, LetterStatus


class LetterTextForm(forms.Form):
    """The editor's text. A plain form: the instance is changed only by letter_update_text."""

    subject = forms.CharField(
        max_length=Letter._meta.get_field("subject").max_length,
        required=False,
        help_text="Short and plain, e.g. “Thank you – Data Engineer interview”.",
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "true"}),
    )
    body = forms.CharField(
        label="Letter",
        required=False,
        strip=False,
        widget=forms.Textarea(
            attrs={"rows": 18, "class": "letter-body", "spellcheck": "true"}
        ),
    )

    # The letter's revision the page showed: a save from a stale page is not applied.
    revision = forms.IntegerField(required=False, min_value=0, widget=forms.HiddenInput)

    @classmethod
    def for_letter(cls, letter: Letter, data=None) -> "LetterTextForm":
        initial = {
            "subject": letter.subject,
            "body": letter.body,
            "revision": letter.revision,
        }
        form = cls(data, initial=initial)
        if letter.status != LetterStatus.DRAFT:
            # Finished, sent and skipped letters are read until the user reopens them.
            for field in form.fields.values():
                field.disabled = True
                field.help_text = ""
        return form


UNSENT = "unsent"
APPLICATIONS_OFFERED = 100


class LetterFilterForm(forms.Form):
    """The list's filters, read from GET; an invalid value is ignored, never an error page."""

    status = forms.ChoiceField(
        required=False,
        choices=[("", "Any status"), (UNSENT, "Not sent yet"), *LetterStatus.choices],
    )
    application = forms.ModelChoiceField(
        queryset=Application.objects.none(),
        required=False,
        empty_label="All applications",
    )
    kind = forms.ChoiceField(
        required=False, choices=[("", "Any kind"), *LetterKind.choices]
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        owned = Application.objects.for_user(user)
        field = self.fields["application"]
        field.queryset = owned.order_by("company", "role", "id")  # any one filters
        # The menu offers the most recently active ones (and the chosen one): a menu of
        # thousands helps no one and made the page grow with the number of applications.
        offered = list(owned.order_by("-updated_at", "-id")[:APPLICATIONS_OFFERED])
        chosen = str(self.data.get(self.add_prefix("application"), ""))
        if chosen.isdigit() and all(str(a.pk) != chosen for a in offered):
            offered += list(owned.filter(pk=int(chosen)))
        offered.sort(key=lambda a: (a.company.casefold(), a.role.casefold(), a.pk))
        field.widget.choices = [("", field.empty_label)] + [
            (a.pk, field.label_from_instance(a)) for a in offered
        ]
        for field in self.fields.values():
            field.widget.attrs["class"] = "form-select form-select-sm"

    def filter(self, letters):
        """The letters matching the valid filters; invalid values filter nothing."""
        if not self.is_bound:
            return letters
        self.is_valid()  # fills cleaned_data with the fields that are valid
        status = self.cleaned_data.get("status")
        if status == UNSENT:
            letters = letters.filter(status__in=UNSENT_STATUSES)
        elif status:
            letters = letters.filter(status=status)
        if application := self.cleaned_data.get("application"):
            letters = letters.filter(interview__application=application)
        if kind := self.cleaned_data.get("kind"):
            letters = letters.filter(kind=kind)
        return letters
