"""Forms of the letters pages: the editor's text and the list's filters."""

from django import forms

from applications.forms import MenuSelect
from applications.models import Application
from applications.selectors import applications_menu
from jobtrack.bounds import (
    LETTER_BODY_MAX,
    LETTER_SUBJECT_MAX,
    TextLengthValidator,
)

from .models import UNSENT_STATUSES, Letter, LetterKind, LetterStatus
from .status import LetterAction, letter_actions


class LetterTextForm(forms.Form):
    """The editor's text. A plain form: the instance is changed only by letter_update_text.

    Both fields are required, so a post that lacks them is an error, never an empty
    letter. The body's textarea has no ``maxlength``: a browser would cut a long paste
    silently; the server refuses it with a message and the text stays in the editor.
    """

    subject = forms.CharField(
        max_length=LETTER_SUBJECT_MAX,
        help_text="Short and plain, e.g. “Thank you – Data Engineer interview”.",
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "true"}),
        error_messages={
            "required": "Add a subject line.",
            "max_length": TextLengthValidator.message,
        },
    )
    body = forms.CharField(
        label="Letter",
        strip=False,
        validators=[TextLengthValidator(LETTER_BODY_MAX)],
        widget=forms.Textarea(
            attrs={"rows": 18, "class": "letter-body", "spellcheck": "true"}
        ),
        error_messages={
            "required": "The letter is empty. Write it, or skip this letter.",
        },
    )

    def clean_body(self):
        body = self.cleaned_data["body"]
        if not body.strip():
            raise forms.ValidationError(
                self.fields["body"].error_messages["required"], code="required"
            )
        return body

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
        if LetterAction.EDIT not in letter_actions(letter=letter):
            # Finished, sent and skipped letters are read until the user reopens them.
            for field in form.fields.values():
                field.disabled = True
                field.help_text = ""
        return form


UNSENT = "unsent"


class LetterFilterForm(forms.Form):
    """The list's filters, read from GET; an invalid value is ignored, never an error page."""

    status = forms.ChoiceField(
        required=False,
        choices=[("", "Any status"), (UNSENT, "Not sent yet"), *LetterStatus.choices],
        widget=MenuSelect,
    )
    application = forms.ModelChoiceField(
        queryset=Application.objects.none(),
        required=False,
        empty_label="All applications",
        widget=MenuSelect,
    )
    kind = forms.ChoiceField(
        required=False,
        choices=[("", "Any kind"), *LetterKind.choices],
        widget=MenuSelect,
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["application"]
        # Any of the user's applications filters; the menu offers a few.
        field.queryset = Application.objects.for_user(user)
        offered = applications_menu(
            user=user, chosen=self.data.get(self.add_prefix("application"))
        )
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
            letters = letters.filter(application=application)
        if kind := self.cleaned_data.get("kind"):
            letters = letters.filter(kind=kind)
        return letters
