"""The reminder email as it reads: wording per count, a one-line Subject, per-letter links."""

import datetime as dt
import email
import email.policy
import re
import zoneinfo

import pytest
import time_machine
from django.core import mail

from reminders.delivery import reminder_intro, reminders_send_batch
from reminders.schedule import reminders_claim_due, reminders_schedule_for_interview
from tests.factories import (
    ApplicationFactory,
    InterviewerFactory,
    InterviewFactory,
    LetterFactory,
)

pytestmark = pytest.mark.django_db
BERLIN = zoneinfo.ZoneInfo("Europe/Berlin")
ENDED = dt.datetime(2026, 11, 23, 14, 0, tzinfo=BERLIN)


def interview_with_letters(owner, company: str, *names: str, ends_at=ENDED):
    application = ApplicationFactory(owner=owner, company=company, role="Analyst")
    interview = InterviewFactory(application=application, ends_at=ends_at)
    for name in names:
        LetterFactory(
            interview=interview,
            interviewer=InterviewerFactory(application=application, name=name),
        )
    with time_machine.travel(ENDED + dt.timedelta(minutes=5), tick=False):
        reminders_schedule_for_interview(interview=interview)
    return interview


def the_email():
    now = ENDED + dt.timedelta(hours=1, minutes=1)
    batch = reminders_claim_due(now=now)
    with time_machine.travel(now, tick=False):
        reminders_send_batch(ids=batch.ids, token=batch.token)
    [message] = mail.outbox
    return message


def test_one_interview_with_one_letter_reads_for_both_of_you(alice):
    interview_with_letters(alice, "Acme", "Ana Rivera")
    message = the_email()
    assert (
        "Your interview is over: now is the best moment to send your letter, while "
        "the conversation is fresh for both of you." in message.body
    )


def test_one_interview_with_three_people_reads_for_everyone_you_met(alice):
    interview_with_letters(alice, "Acme", "Ana Rivera", "Ben Okafor", "Chen Wei")
    message = the_email()
    assert (
        "send your 3 letters, while the conversation is fresh for everyone you met"
        in (message.body)
    )
    assert "both of you" not in message.body


def test_two_interviews_in_one_email_never_read_as_one(alice):
    interview_with_letters(alice, "Acme", "Ana Rivera")
    interview_with_letters(
        alice, "Globex", "Ben Okafor", ends_at=ENDED - dt.timedelta(minutes=30)
    )
    message = the_email()
    html = message.alternatives[0][0]
    intro = (
        "Your 2 interviews are over: now is the best moment to send your letters, "
        "while each conversation is still fresh."
    )
    for text in (message.body, html):
        assert intro in text
        assert "Your interview is over" not in text and "both of you" not in text


@pytest.mark.parametrize(
    ("interviews", "letters", "evening", "expected"),
    [
        (1, 1, True, "The day is nearly over and one letter is still unsent."),
        (2, 3, True, "The day is nearly over and 3 letters are still unsent."),
        (1, 2, False, "Your interview is over: now is the best moment to send your 2"),
        (3, 3, False, "Your 3 interviews are over"),
    ],
)
def test_the_intro_is_worded_for_its_counts(interviews, letters, evening, expected):
    intro = reminder_intro(interviews=interviews, letters=letters, evening=evening)
    assert intro.startswith(expected)


@pytest.mark.parametrize(
    ("company", "people"),
    [
        ("Société Générale", ("Zoë Ångström", "Ana Rivera", "Ben Okafor")),
        ("Northwind Analytics International", ("Ana Rivera", "Ben Okafor")),
        ("深圳市腾讯计算机系统有限公司" * 4, ("王小明", "李华", "张伟")),
    ],
)
def test_the_subject_header_is_one_line_without_a_leading_space(alice, company, people):
    interview_with_letters(alice, company, *people)
    message = the_email()
    raw = message.message().as_bytes()
    head = raw.split(b"\n\n", 1)[0].decode("ascii")
    [line] = [line for line in head.splitlines() if line.startswith("Subject:")]
    following = head.splitlines()[head.splitlines().index(line) + 1]
    assert not following[:1].isspace(), "the Subject header is folded"
    assert len(line) <= 998
    parsed = email.message_from_bytes(raw, policy=email.policy.default)
    assert parsed["subject"] == message.subject
    assert parsed["subject"] == parsed["subject"].strip()
    assert "\n" not in parsed["subject"]
    assert message.subject.startswith("Send your thank-you letters to")


def test_each_letter_has_its_own_mark_as_sent_link(alice, settings):
    settings.SITE_URL = "https://jobtrack.example"
    interview = interview_with_letters(alice, "Acme", "Ana Rivera", "Ben Okafor")
    message = the_email()
    html = message.alternatives[0][0]
    links = re.findall(r"https://jobtrack\.example/letters/sent/[^\s\"<]+/", html)
    assert len(set(links)) == 2
    for link in links:
        assert link in message.body
    for letter in interview.letters.all():
        assert f"Mark the letter to {letter.recipient_name} as sent" in html
