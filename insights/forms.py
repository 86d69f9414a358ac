"""Forms for the insights period, record entries and the record's export."""

import datetime as dt

from django import forms
from django.utils import timezone

from .export import LAYOUT_CHOICES
from .figures import Period
from .models import EDITABLE_FIELDS, Activity

# A work-search record covers the recent past; a year ahead allows a planned fair.
EARLIEST = dt.date(2000, 1, 1)
AHEAD = dt.timedelta(days=366)
LONGEST_EXPORT = dt.timedelta(days=5 * 366)
DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _check_day(day: dt.date) -> dt.date:
    latest = timezone.localdate() + AHEAD
    if day < EARLIEST or day > latest:
        raise forms.ValidationError(
            f"Pick a date between {EARLIEST:%d %b %Y} and {latest:%d %b %Y}.",
            code="date_range",
        )
    return day


class PeriodForm(forms.Form):
    period = forms.ChoiceField(
        choices=Period.CHOICES, required=False, initial=Period.QUARTER
    )

    def chosen(self) -> str:
        if self.is_valid() and self.cleaned_data["period"]:
            return self.cleaned_data["period"]
        return Period.QUARTER


class EntryForm(forms.ModelForm):
    """The fields every entry has; an automatic entry's edit uses these alone."""

    class Meta:
        model = Activity
        fields = EDITABLE_FIELDS
        widgets = {"date": DATE_INPUT}

    def clean_date(self) -> dt.date:
        return _check_day(self.cleaned_data["date"])


class ActivityForm(EntryForm):
    class Meta(EntryForm.Meta):
        fields = ("kind", *EDITABLE_FIELDS, "hidden")
        labels = {"kind": "Type of activity"}


class RangeForm(forms.Form):
    """A date range; both ends included, in the user's calendar."""

    start = forms.DateField(label="From", widget=DATE_INPUT)
    end = forms.DateField(label="To", widget=DATE_INPUT)

    def clean_start(self) -> dt.date:
        return _check_day(self.cleaned_data["start"])

    def clean_end(self) -> dt.date:
        return _check_day(self.cleaned_data["end"])

    def clean(self) -> dict:
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end and start > end:
            raise forms.ValidationError(
                "The start date comes after the end date: swap them or pick again.",
                code="reversed",
            )
        if start and end and end - start > LONGEST_EXPORT:
            raise forms.ValidationError(
                "Pick a range of at most five years.", code="too_long"
            )
        return data


class ExportForm(RangeForm):
    layout = forms.ChoiceField(label="Layout", choices=LAYOUT_CHOICES)
    fmt = forms.ChoiceField(
        label="File", choices=[("pdf", "PDF table"), ("csv", "CSV spreadsheet")]
    )
