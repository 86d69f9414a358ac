"""Letters: drafting time per letter, export time per format, and ZIPs of 1,000 and 3,000
letters measured in a fresh subprocess each (time, first byte, peak RSS)."""

import json
import statistics
import subprocess
import sys
import time

from .data import page_email
from .env import BASE_DIR, bench_environ

DRAFT_EMAIL = "drafting@bench.invalid"


def drafting(*, interviews: int) -> tuple[float, int]:
    """Milliseconds per drafted letter: interviews with two people each, letters deleted
    and drafted again by ``letters_draft_for_interview`` (as saving the log does)."""
    from django.db import transaction

    from accounts.models import User
    from applications.models import Interview, InterviewStatus
    from bench.seeding import seed_user_data, seed_users
    from letters.drafting import letters_draft_for_interview
    from letters.models import Letter

    user = User.objects.filter(email=DRAFT_EMAIL).first()
    if user is None:
        user = seed_users(count=1, first_email=DRAFT_EMAIL)[0]
        seed_user_data(
            user=user,
            applications=interviews // 2,
            interviews=interviews + interviews // 40,
            letters=2 * (interviews + interviews // 40),
            reminders=0,
        )
    Letter.objects.for_user(user).delete()
    done = list(
        Interview.objects.for_user(user)
        .filter(status=InterviewStatus.DONE)
        .select_related("application", "owner")
        .order_by("id")[:interviews]
    )
    letters_draft_for_interview(interview=done[0])  # imports and template caches
    Letter.objects.for_user(user).delete()
    started = time.perf_counter()
    for interview in done:
        with transaction.atomic():
            letters_draft_for_interview(interview=interview)
    seconds = time.perf_counter() - started
    drafted = Letter.objects.for_user(user).count()
    return seconds * 1000 / max(drafted, 1), drafted


def exports(*, letters: int) -> dict[str, float]:
    """Median milliseconds per letter for each format, over ``letters`` letters."""
    from accounts.models import User
    from exports.formats import FORMATS, letter_export
    from letters.models import Letter

    user = User.objects.get(email=page_email(1000))
    rows = list(
        Letter.objects.for_user(user)
        .exportable()
        .select_related("owner", "interviewer", "application")
        .order_by("id")[:letters]
    )
    results = {}
    for fmt in FORMATS:
        for letter in rows[:5]:
            letter_export(letter=letter, fmt=fmt)  # imports, fonts, caches
        timings = []
        for letter in rows:
            started = time.perf_counter()
            letter_export(letter=letter, fmt=fmt)
            timings.append((time.perf_counter() - started) * 1000)
        results[fmt] = statistics.median(timings)
    return results


def zip_probe(*, count: int, fmt: str) -> dict:
    """Run bench.zipprobe in a fresh interpreter; its peak RSS is the ZIP's alone."""
    out = subprocess.run(
        [sys.executable, "-m", "bench.zipprobe", str(count), fmt, page_email(1000)],
        cwd=BASE_DIR,
        env=bench_environ(),
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return json.loads(out.strip().splitlines()[-1])


def longest_pdf(*, runs: int = 5) -> dict[str, float]:
    """Median milliseconds to build the PDF of a letter at LETTER_BODY_MAX characters,
    laid out three ways: one paragraph of words, paragraphs of ~400, one unbroken run."""
    import datetime as dt

    from exports.content import LetterContent
    from exports.documents import build_pdf
    from jobtrack.bounds import LETTER_BODY_MAX

    words = "thank you for the conversation about the billing migration today".split()
    sentence = " ".join(words[i % len(words)] for i in range(LETTER_BODY_MAX // 5))
    one = sentence[:LETTER_BODY_MAX]
    blocks = [one[i : i + 398].strip() for i in range(0, LETTER_BODY_MAX, 400)]
    shapes = {
        "one paragraph": one,
        "paragraphs of 400": "\n\n".join(blocks)[:LETTER_BODY_MAX],
        "one unbroken word": "x" * LETTER_BODY_MAX,
    }
    results = {}
    for label, body in shapes.items():
        content = LetterContent(
            sender_name="Bench Sender",
            sender_email="bench@bench.invalid",
            sender_contact=("bench@bench.invalid",),
            date=dt.date(2026, 1, 1),
            date_format="j F Y",
            paper="a4",
            recipient_name="Ana Rivera",
            recipient_email="ana@bench.invalid",
            recipient_lines=("Ana Rivera", "Bench Corp"),
            subject="Thank you",
            body=body,
            signature="",
            file_stem="bench",
        )
        build_pdf(content)  # fonts and caches
        timings = []
        for _ in range(runs):
            started = time.perf_counter()
            build_pdf(content)
            timings.append((time.perf_counter() - started) * 1000)
        results[label] = statistics.median(timings)
    return results
