"""Choice labels by value, built once per process: ``get_FOO_display`` builds the
field's whole choices dict on every call, and the overview pages show dozens a render."""

from applications.models import ApplicationStatus, InterviewFormat, Stage
from letters.models import LetterStatus

APPLICATION_STATUS_LABELS = dict(ApplicationStatus.choices)
STAGE_LABELS = dict(Stage.choices)
INTERVIEW_FORMAT_LABELS = dict(InterviewFormat.choices)
LETTER_STATUS_LABELS = dict(LetterStatus.choices)


def label(labels: dict[str, str], value: str) -> str:
    """The label of `value`, or the value itself when it is not a choice (as
    ``get_FOO_display`` does)."""
    return labels.get(value, value)
