import datetime as dt

import pytest
from django.utils import timezone

from applications.stages import stage_suggest
from tests.factories import ApplicationFactory, InterviewFactory


@pytest.mark.parametrize(
    ("earlier", "expected"),
    [
        ([], "first"),
        (["screen"], "first"),
        (["screen", "first"], "second"),
        (["first", "second"], "later"),
        (["second", "later"], "later"),
        (["panel"], "later"),
        (["final"], "final"),
    ],
)
def test_the_next_stage_follows_the_latest_round(db, earlier, expected):
    application = ApplicationFactory()
    start = timezone.now() - dt.timedelta(days=30)
    for day, stage in enumerate(earlier):
        InterviewFactory(
            application=application, stage=stage, ends_at=start + dt.timedelta(days=day)
        )
    assert stage_suggest(application=application) == expected


def test_no_application_means_a_first_round(db):
    assert stage_suggest(application=None) == "first"


def test_the_interview_being_edited_is_not_its_own_earlier_round(db):
    application = ApplicationFactory()
    screen = InterviewFactory(application=application, stage="screen")
    assert (
        stage_suggest(application=application, exclude_interview_id=screen.pk)
        == "first"
    )
