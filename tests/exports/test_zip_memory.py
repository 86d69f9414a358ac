"""A ZIP of 5,000 letters streams with flat memory: one letter at a time, never the archive."""

import tempfile
import tracemalloc
import zipfile

import pytest
from django.utils import timezone

from applications.models import Interviewer
from exports.formats import letters_zip_stream
from letters.models import Letter, LetterKind, LetterStatus
from tests.factories import ApplicationFactory, InterviewFactory

# Stated bound for the Python heap while streaming. Measured (tracemalloc, SQLite and
# PostgreSQL alike): 1.6 MiB at 1,000 letters, 4.5 MiB at 5,000, for a 1.6 MB archive.
# What grows is only the ZIP central directory that zipfile must keep until the end
# (~0.7 KiB per member); no letter and no finished member stays in memory.
PEAK_BOUND = 8 * 1024 * 1024
LETTER_BODY = (
    "Dear Ms. Example,\n\nThank you for your time today talking about the platform. "
    * 3
    + "\n\nBest regards,"
)


def make_letters(user, count: int) -> None:
    application = ApplicationFactory(owner=user, company="Big Co", role="Engineer")
    interview = InterviewFactory(application=application)
    interviewers = Interviewer.objects.bulk_create(
        Interviewer(owner=user, application=application, name=f"Person {n}")
        for n in range(count)
    )
    now = timezone.now()
    Letter.objects.bulk_create(
        (
            Letter(
                owner=user,
                application=application,
                interview=interview,
                interviewer=person,
                kind=LetterKind.FIRST,
                subject=f"Thank you {n}",
                body=LETTER_BODY,
                status=LetterStatus.FINISHED,
                finished_at=now,
            )
            for n, person in enumerate(interviewers)
        ),
        batch_size=500,
    )


def stream_to_disk(user, out) -> int:
    """Consume the stream the way a WSGI server does, measuring the heap's peak."""
    stream = letters_zip_stream(letters=Letter.objects.for_user(user))
    tracemalloc.start()
    try:
        for chunk in stream:
            out.write(chunk)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return peak


@pytest.mark.django_db
def test_zip_of_5000_letters_stays_under_the_memory_bound(alice):
    make_letters(alice, 5000)
    with tempfile.TemporaryFile() as out:
        peak = stream_to_disk(alice, out)
        out.seek(0)
        with zipfile.ZipFile(out) as archive:
            names = archive.namelist()
            assert len(names) == 5000
            assert len(set(names)) == 5000
            assert archive.read(names[-1]).decode().endswith("Best regards,\n")
    print(f"peak traced memory for 5,000 letters: {peak / 1024 / 1024:.2f} MiB")
    assert peak < PEAK_BOUND
