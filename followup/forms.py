"""The invite import form: a file or pasted text, read into bytes for followup.invites."""

from django import forms

from .invites import MAX_BYTES


class InviteImportForm(forms.Form):
    file = forms.FileField(
        required=False,
        label="Invite file",
        help_text="The .ics file from your calendar, or the invite email saved as .eml.",
        widget=forms.ClearableFileInput(
            attrs={"accept": ".ics,.ical,.ifb,.eml,text/calendar,message/rfc822"}
        ),
    )
    text = forms.CharField(
        required=False,
        label="…or paste the invite",
        help_text="The text starting with BEGIN:VCALENDAR, or the whole email source.",
        widget=forms.Textarea(attrs={"rows": 6, "spellcheck": "false"}),
    )

    def clean(self):
        cleaned = super().clean()
        upload = cleaned.get("file")
        text = cleaned.get("text", "")
        if upload and text.strip():
            raise forms.ValidationError(
                "Upload a file or paste the text, not both: clear one of them."
            )
        if upload:
            if upload.size > MAX_BYTES:
                self.add_error(
                    "file",
                    "This file is over 1 MB; an invite is a few kilobytes. Export the "
                    "single event, or save the invite email, and try again.",
                )
                return cleaned
            cleaned["data"] = upload.read(MAX_BYTES + 1)
        elif text.strip():
            cleaned["data"] = text.encode("utf-8")
        elif not self.has_error("file"):
            raise forms.ValidationError(
                "Choose the invite file, or paste the invite's text."
            )
        return cleaned
