"""The letters pages: editor, live checklist, status actions, list, withdrawal."""

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from applications.models import Application, Interview
from letters import views
from letters.checklist import CheckItem
from letters.models import Letter, LetterKind, LetterStatus
from letters.status import (
    letter_actions,
    letter_finish,
    letter_mark_sent,
    letter_skip,
    letter_update_text,
)
from tests.factories import (
    ApplicationFactory,
    InterviewerFactory,
    InterviewFactory,
    LetterFactory,
    ParticipationFactory,
    reload,
)

pytestmark = pytest.mark.django_db

# Every letter URL: (name, method). Isolation and login are tested on all of them.
LETTER_URLS = [
    ("letters:edit", "get"),
    ("letters:edit", "post"),
    ("letters:checklist", "post"),
    ("letters:finish", "post"),
    ("letters:mark_sent", "post"),
    ("letters:skip", "post"),
    ("letters:reopen", "post"),
    ("letters:regenerate", "get"),
    ("letters:regenerate", "post"),
    ("letters:keep", "post"),
    ("letters:history", "get"),
]
POST_ONLY = [
    "letters:checklist",
    "letters:finish",
    "letters:mark_sent",
    "letters:skip",
    "letters:reopen",
    "letters:keep",
]
TEXT = {"subject": "Thank you – Data Engineer interview", "body": "Dear Ms. Rivera,"}


def shown(when: dt.datetime) -> str:
    """A time as the editor shows it: in the factories' user zone."""
    return f"{when.astimezone(ZoneInfo('Europe/Berlin')):%-d %b, %H:%M}"


def state_notes(response) -> list[str]:
    """The editor's note on a finished, sent or skipped letter, as one line of text."""
    notes = re.findall(
        r'<p class="[^"]*letter-state[^"]*"[^>]*>(.*?)</p>',
        response.content.decode(),
        re.S,
    )
    return [" ".join(re.sub(r"<[^>]+>", "", note).split()) for note in notes]


def messages_of(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


@pytest.fixture
def letter(alice):
    interview = InterviewFactory(
        application__owner=alice,
        application__company="Northwind",
        application__role="Data Engineer",
        stage="second",
    )
    return LetterFactory(
        interview=interview,
        kind=LetterKind.SECOND,
        interviewer__name="Ana Rivera",
        interviewer__title="Head of Data",
        interviewer__email="ana@northwind.example",
        subject="Thank you – Data Engineer interview",
        body="Dear Ms. Rivera,\n\nThank you for today.\n\nBest regards,\nAlice",
    )


# Isolation, login, methods, CSRF ---------------------------------------------------


@pytest.mark.parametrize(("name", "method"), LETTER_URLS)
def test_another_users_letter_is_404_on_every_url(charlie_client, letter, name, method):
    response = getattr(charlie_client, method)(reverse(name, args=[letter.pk]), TEXT)
    assert response.status_code == 404
    assert reload(letter).status == LetterStatus.DRAFT
    assert reload(letter).body == letter.body


def test_another_users_application_is_404_for_withdrawal(charlie_client, letter):
    url = reverse("letters:withdrawal", args=[letter.interview.application_id])
    assert charlie_client.post(url).status_code == 404
    assert Letter.objects.filter(kind=LetterKind.WITHDRAWAL).count() == 0


@pytest.mark.parametrize(("name", "method"), LETTER_URLS)
def test_every_letter_url_needs_sign_in(client, letter, name, method):
    response = getattr(client, method)(reverse(name, args=[letter.pk]), TEXT)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.parametrize("name", POST_ONLY)
def test_state_changes_refuse_get(alice_client, letter, name):
    response = alice_client.get(reverse(name, args=[letter.pk]))
    assert response.status_code == 405
    assert reload(letter).status == LetterStatus.DRAFT


def test_withdrawal_refuses_get(alice_client, letter):
    url = reverse("letters:withdrawal", args=[letter.interview.application_id])
    assert alice_client.get(url).status_code == 405


@pytest.mark.parametrize("name", [*POST_ONLY, "letters:edit", "letters:regenerate"])
def test_posts_without_csrf_token_are_refused(alice, letter, name):
    client = Client(enforce_csrf_checks=True)
    client.force_login(alice)
    response = client.post(reverse(name, args=[letter.pk]), TEXT)
    assert response.status_code == 403
    assert reload(letter).status == LetterStatus.DRAFT
    assert reload(letter).subject == letter.subject


# Editor ----------------------------------------------------------------------------


def test_editor_shows_text_recipient_interview_and_checklist(alice_client, letter):
    response = alice_client.get(reverse("letters:edit", args=[letter.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Thank you for today." in html
    assert 'value="Thank you – Data Engineer interview"' in html
    assert "Ana Rivera" in html and "Head of Data" in html
    assert "ana@northwind.example" in html
    assert "Second interview" in html and "Northwind" in html
    assert 'id="letter-checklist" aria-live="polite"' in html
    assert 'class="checklist-item' in html
    assert reverse("letters:checklist", args=[letter.pk]) in html
    assert "js/letter_editor.js" in html


def test_editor_shows_interview_time_in_the_users_timezone(alice_client, alice):
    interview = InterviewFactory(
        application__owner=alice,
        ends_at=dt.datetime(2026, 11, 23, 23, 30, tzinfo=dt.UTC),
    )
    letter = LetterFactory(interview=interview)
    html = alice_client.get(reverse("letters:edit", args=[letter.pk])).content.decode()
    # Alice lives in Berlin: 23:30 UTC is half past midnight on the next day.
    assert "Tuesday 24 November 2026, 00:30" in html


def test_editor_lists_the_sibling_letters_with_status_and_links(alice_client, letter):
    sibling = LetterFactory(
        interview=letter.interview, kind=letter.kind, interviewer__name="Ben Okafor"
    )
    letter_mark_sent(letter=sibling)
    LetterFactory(
        interviewer__name="Someone Elsewhere"
    )  # another user, another interview
    html = alice_client.get(reverse("letters:edit", args=[letter.pk])).content.decode()
    assert reverse("letters:edit", args=[sibling.pk]) in html
    assert "Ben Okafor" in html
    assert "letter-status-sent" in html
    assert "Someone Elsewhere" not in html


def test_team_letter_is_addressed_to_the_hiring_team(alice_client, alice):
    letter = LetterFactory(interview__application__owner=alice, interviewer=None)
    html = alice_client.get(reverse("letters:edit", args=[letter.pk])).content.decode()
    assert "Letter to Hiring team" in html
    assert "The hiring team" in html


def test_editor_keeps_a_fixed_number_of_queries(
    alice_client, letter, django_assert_num_queries
):
    """Guards the sibling list and recipient lookups against one query per sibling."""
    url = reverse("letters:edit", args=[letter.pk])
    alice_client.get(url)  # warm the session
    # session, user, the letter (+interview, application, interviewer), the person's
    # notes and the company's other letters (checklist), the siblings, the history
    with django_assert_num_queries(7):
        alice_client.get(url)
    for _ in range(10):
        LetterFactory(interview=letter.interview, kind=letter.kind)
    with django_assert_num_queries(7):
        alice_client.get(url)


def test_save_stores_text_and_marks_it_edited(alice_client, letter):
    url = reverse("letters:edit", args=[letter.pk])
    response = alice_client.post(url, {"subject": "Thanks", "body": "New text."})
    assert response.status_code == 302
    assert response["Location"] == url
    letter = reload(letter)
    assert (letter.subject, letter.body, letter.edited) == ("Thanks", "New text.", True)
    assert messages_of(response) == ["Saved."]


def test_save_with_the_same_text_is_not_an_edit(alice_client, letter):
    body = letter.body.replace("\n", "\r\n")
    alice_client.post(
        reverse("letters:edit", args=[letter.pk]),
        {"subject": letter.subject, "body": body},
    )
    assert reload(letter).edited is False


def test_too_long_subject_is_shown_with_the_text_kept(alice_client, letter):
    response = alice_client.post(
        reverse("letters:edit", args=[letter.pk]),
        {"subject": "x" * 201, "body": "My new words."},
    )
    assert response.status_code == 200
    assert "My new words." in response.content.decode()
    assert "201 characters long; the limit is 200" in response.content.decode()
    assert reload(letter).body != "My new words."


def test_finished_letter_text_cannot_be_changed_until_reopened(alice_client, letter):
    letter_finish(letter=letter)
    response = alice_client.post(
        reverse("letters:edit", args=[letter.pk]), {"subject": "x", "body": "Changed"}
    )
    assert reload(letter).body != "Changed"
    assert messages_of(response) == ["Reopen the letter to change its text."]


def test_finished_letter_shows_read_only_text_with_mark_sent_and_reopen(
    alice_client, letter
):
    letter_finish(letter=letter)
    html = alice_client.get(reverse("letters:edit", args=[letter.pk])).content.decode()
    assert "disabled" in html
    assert reverse("letters:mark_sent", args=[letter.pk]) in html
    assert reverse("letters:reopen", args=[letter.pk]) in html
    assert reverse("letters:finish", args=[letter.pk]) not in html


ACTION_URLS = {
    "finish": "letters:finish",
    "mark_sent": "letters:mark_sent",
    "skip": "letters:skip",
    "reopen": "letters:reopen",
    "edit": "letters:regenerate",
}


@pytest.mark.parametrize("change", [None, letter_finish, letter_mark_sent, letter_skip])
def test_the_editor_offers_exactly_the_status_tables_actions(
    alice_client, letter, change
):
    if change is not None:
        change(letter=letter)
    html = alice_client.get(reverse("letters:edit", args=[letter.pk])).content.decode()
    offered = {
        action
        for action, name in ACTION_URLS.items()
        if reverse(name, args=[letter.pk]) in html
    }
    assert offered == set(letter_actions(letter=reload(letter)))


def test_mark_sent_from_the_draft_page_keeps_the_text_typed(alice_client, letter):
    response = alice_client.post(
        reverse("letters:mark_sent", args=[letter.pk]),
        {"subject": "Thanks for today", "body": "Dear Ms. Rivera,\n\nMy own words."},
    )
    assert response.status_code == 302
    letter = reload(letter)
    assert letter.status == LetterStatus.SENT
    assert (letter.subject, letter.body) == (
        "Thanks for today",
        "Dear Ms. Rivera,\n\nMy own words.",
    )


# Live checklist --------------------------------------------------------------------


def test_checklist_is_evaluated_on_the_posted_text_and_saves_nothing(
    alice_client, letter, monkeypatch
):
    seen = {}

    def fake_checklist(*, letter, subject, body):
        seen.update(letter=letter.pk, subject=subject, body=body)
        return [
            CheckItem("Subject present and short", bool(subject)),
            CheckItem("No pay or vacation questions", "salary" not in body, "salary"),
        ]

    monkeypatch.setattr(views, "letter_checklist", fake_checklist)
    response = alice_client.post(
        reverse("letters:checklist", args=[letter.pk]),
        {"subject": "Typed subject", "body": "What is the salary?"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert seen == {
        "letter": letter.pk,
        "subject": "Typed subject",
        "body": "What is the salary?",
    }
    assert "<html" not in html  # a fragment, not a page
    assert html.count('class="checklist-item is-ok"') == 1
    assert html.count('class="checklist-item is-missing"') == 1
    assert "1 of 2" in html
    assert reload(letter).body != "What is the salary?"


def test_checklist_flags_pay_words_in_the_text_being_typed(alice_client, letter):
    url = reverse("letters:checklist", args=[letter.pk])
    clean = alice_client.post(url, {"subject": letter.subject, "body": letter.body})
    paid = alice_client.post(
        url,
        {
            "subject": letter.subject,
            "body": letter.body + "\n\nWhat is the salary and vacation policy?",
        },
    )
    assert paid.content.decode().count("is-missing") > clean.content.decode().count(
        "is-missing"
    )


# Finish, sent, skip, reopen ---------------------------------------------------------


def test_finish_saves_the_text_then_finishes(alice_client, letter):
    response = alice_client.post(
        reverse("letters:finish", args=[letter.pk]),
        {"subject": "Thank you", "body": "Dear Ana,\n\nFinal words."},
        follow=True,
    )
    letter = reload(letter)
    assert letter.status == LetterStatus.FINISHED
    assert letter.finished_at is not None
    assert (letter.body, letter.edited) == ("Dear Ana,\n\nFinal words.", True)
    assert response.redirect_chain == [(letter.get_absolute_url(), 302)]
    assert state_notes(response) == [
        f"Finished {shown(letter.finished_at)}. Send it from your email, then "
        "mark it as sent here. Reopen it to change the text."
    ]


def test_finish_with_a_placeholder_saves_the_text_and_asks_naming_the_item(
    alice_client, letter
):
    typed = letter.body.replace("today.", "today. Here is the deck: [add link]")
    response = alice_client.post(
        reverse("letters:finish", args=[letter.pk]),
        {"subject": letter.subject, "body": typed, "revision": letter.revision},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Finish the letter to Ana Rivera as it is?" in html
    assert "No placeholder or bracket left" in html
    assert "Replace or remove “[add link]”." in html
    assert "Finish anyway" in html and "Back to the letter" in html
    saved = reload(letter)
    assert (saved.status, saved.body) == (LetterStatus.DRAFT, typed)

    # "Finish anyway" posts the page's hidden form back with confirm.
    form = dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', html))
    assert form["confirm"] == "1" and form["revision"] == str(saved.revision)
    response = alice_client.post(
        reverse("letters:finish", args=[letter.pk]),
        {**form, "body": typed, "csrfmiddlewaretoken": ""},
    )
    assert response.status_code == 302
    finished = reload(letter)
    assert (finished.status, finished.body) == (LetterStatus.FINISHED, typed)


def test_finish_anyway_from_a_stale_page_changes_nothing_and_keeps_the_text(
    alice_client, letter
):
    """The letter was edited in another tab after the confirmation page opened."""
    letter_update_text(letter=letter, subject="Other tab", body="Dear Ana,\nOther.")
    response = alice_client.post(
        reverse("letters:finish", args=[letter.pk]),
        {
            "subject": "Mine",
            "body": "Dear Ana, [add link]",
            "revision": letter.revision - 1,
            "confirm": "1",
        },
    )
    assert response.status_code == 409
    assert "Dear Ana, [add link]" in response.content.decode()
    assert reload(letter).status == LetterStatus.DRAFT


def test_finish_anyway_after_another_tab_changed_and_changed_back_is_a_conflict(
    alice_client, letter
):
    """Same text, newer revision: the page that asked saw an older letter."""
    shown = letter.revision
    original = (letter.subject, letter.body)
    letter_update_text(letter=letter, subject="Other", body="Dear Ana,\nOther.")
    letter_update_text(letter=letter, subject=original[0], body=original[1])
    response = alice_client.post(
        reverse("letters:finish", args=[letter.pk]),
        {
            "subject": original[0],
            "body": original[1],
            "revision": shown,
            "confirm": "1",
        },
    )
    assert response.status_code == 409
    assert reload(letter).status == LetterStatus.DRAFT


def test_finish_with_empty_body_saves_nothing_and_keeps_the_typed_subject(
    alice_client, letter
):
    response = alice_client.post(
        reverse("letters:finish", args=[letter.pk]),
        {"subject": "My typed subject", "body": "   "},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "The letter is empty. Write it, or skip this letter." in html
    assert 'value="My typed subject"' in html
    letter = reload(letter)
    assert letter.status == LetterStatus.DRAFT
    assert letter.subject != "My typed subject"


def test_mark_sent_says_how_many_letters_of_the_interview_are_left(
    alice_client, letter
):
    LetterFactory(interview=letter.interview, kind=letter.kind)
    LetterFactory(interview=letter.interview, kind=letter.kind)
    response = alice_client.post(
        reverse("letters:mark_sent", args=[letter.pk]), follow=True
    )
    letter = reload(letter)
    assert letter.status == LetterStatus.SENT
    assert state_notes(response) == [
        f"Sent {shown(letter.sent_at)}. 2 letters of this interview are left. "
        "Reopen it to correct it: the text that went out stays in the history, "
        "marked as sent."
    ]


def test_mark_sent_of_the_last_letter_says_all_are_done(alice_client, letter):
    response = alice_client.post(
        reverse("letters:mark_sent", args=[letter.pk]), follow=True
    )
    assert (
        "Every letter of this interview is sent or skipped." in state_notes(response)[0]
    )


def test_skip_says_one_letter_is_left(alice_client, letter):
    LetterFactory(interview=letter.interview, kind=letter.kind)
    response = alice_client.post(reverse("letters:skip", args=[letter.pk]), follow=True)
    letter = reload(letter)
    assert letter.status == LetterStatus.SKIPPED
    assert state_notes(response) == [
        f"Skipped {shown(letter.skipped_at)}: it no longer counts as waiting "
        "to be sent. 1 letter of this interview is left."
    ]


@pytest.mark.parametrize(
    ("url", "status"),
    [
        ("letters:finish", LetterStatus.FINISHED),
        ("letters:mark_sent", LetterStatus.SENT),
        ("letters:skip", LetterStatus.SKIPPED),
    ],
)
def test_a_status_change_shows_one_message_on_the_editor(
    alice_client, letter, url, status
):
    response = alice_client.post(reverse(url, args=[letter.pk]), TEXT, follow=True)
    assert reload(letter).status == status
    html = response.content.decode()
    assert messages_of(response) == []
    assert html.count('class="alert') == 1 and len(state_notes(response)) == 1


@pytest.mark.parametrize(
    ("change", "summary"),
    [
        (None, "done — ready to finish"),
        (letter_finish, "done — ready to send"),
        (letter_mark_sent, "done"),
    ],
)
def test_a_complete_checklist_says_what_comes_next_for_the_letters_state(
    alice_client, letter, change, summary, monkeypatch
):
    monkeypatch.setattr(
        views, "letter_checklist", lambda **kwargs: [CheckItem("Says thank you", True)]
    )
    if change is not None:
        change(letter=letter)
    html = alice_client.get(reverse("letters:edit", args=[letter.pk])).content.decode()
    line = re.search(r'class="checklist-summary[^>]*>(.*?)</p>', html, re.S).group(1)
    assert " ".join(re.sub(r"<[^>]+>", "", line).split()) == f"1 of 1 {summary}"


def test_mark_sent_from_the_dashboard_goes_back_there_and_says_so(alice_client, letter):
    letter_finish(letter=letter)
    response = alice_client.post(
        reverse("letters:mark_sent", args=[letter.pk]),
        {
            "revision": reload(letter).revision,
            "next": reverse("overview:dashboard"),
        },
    )
    assert response.url == reverse("overview:dashboard")
    assert reload(letter).status == LetterStatus.SENT
    assert messages_of(response) == [
        "Marked the letter to Ana Rivera as sent. Every letter of this interview is "
        "sent or skipped."
    ]


def test_a_next_to_another_site_is_ignored(alice_client, letter):
    response = alice_client.post(
        reverse("letters:mark_sent", args=[letter.pk]),
        {"next": "https://evil.example/phish"},
    )
    assert response.url == letter.get_absolute_url()


def test_skip_of_a_sent_letter_is_refused_with_a_message(alice_client, letter):
    letter_mark_sent(letter=letter)
    response = alice_client.post(reverse("letters:skip", args=[letter.pk]))
    assert reload(letter).status == LetterStatus.SENT
    assert "sent already" in messages_of(response)[0]


def test_reopen_makes_a_sent_letter_a_draft_again(alice_client, letter):
    letter_mark_sent(letter=letter)
    response = alice_client.post(reverse("letters:reopen", args=[letter.pk]))
    letter = reload(letter)
    assert letter.status == LetterStatus.DRAFT
    assert letter.sent_at is None
    assert messages_of(response)[0].startswith("Reopened")


def test_skipped_letter_can_still_be_marked_sent(alice_client, letter):
    letter_skip(letter=letter)
    html = alice_client.get(reverse("letters:edit", args=[letter.pk])).content.decode()
    assert reverse("letters:mark_sent", args=[letter.pk]) in html


# Regenerate and restore ------------------------------------------------------------


def test_regenerate_asks_for_confirmation_first(alice_client, letter):
    response = alice_client.get(reverse("letters:regenerate", args=[letter.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "history" in html
    assert reload(letter).body == letter.body


def test_regenerate_of_a_sent_letter_is_refused(alice_client, letter):
    letter_mark_sent(letter=letter)
    body = reload(letter).body
    response = alice_client.post(reverse("letters:regenerate", args=[letter.pk]))
    assert response.status_code == 302
    assert reload(letter).body == body
    assert reload(letter).versions.filter(cause="regenerated").count() == 0


# Withdrawal --------------------------------------------------------------------------


# List --------------------------------------------------------------------------------

# 23 Nov 2026, 23:00 in Berlin (alice's timezone), 22:00 UTC.
LATE_EVENING = dt.datetime(2026, 11, 23, 22, 0, tzinfo=dt.UTC)


def letter_at(owner, ends_at: dt.datetime, name: str, **kwargs) -> Letter:
    interview = InterviewFactory(application__owner=owner, ends_at=ends_at)
    return LetterFactory(interview=interview, interviewer__name=name, **kwargs)


@time_machine.travel(LATE_EVENING, tick=False)
def test_list_puts_todays_unsent_letters_first_in_the_users_timezone(
    alice_client, alice
):
    this_morning = letter_at(alice, dt.datetime(2026, 11, 23, 8, tzinfo=dt.UTC), "A")
    # 00:30 on the 23rd in Berlin: today for alice, though yesterday in UTC.
    after_midnight = letter_at(
        alice, dt.datetime(2026, 11, 22, 23, 30, tzinfo=dt.UTC), "C"
    )
    sent_tonight = letter_at(alice, dt.datetime(2026, 11, 23, 21, tzinfo=dt.UTC), "B")
    letter_mark_sent(letter=sent_tonight)
    yesterday = letter_at(alice, dt.datetime(2026, 11, 22, 22, 30, tzinfo=dt.UTC), "E")

    response = alice_client.get(reverse("letters:list"))
    assert [letter.pk for letter in response.context["page"].object_list] == [
        this_morning.pk,
        after_midnight.pk,
        sent_tonight.pk,
        yesterday.pk,
    ]
    assert response.content.decode().count("Send today") == 2


def test_list_shows_only_the_users_letters(alice_client, alice, charlie):
    mine = LetterFactory(interview__application__owner=alice)
    theirs = LetterFactory(interview__application__owner=charlie)
    ApplicationFactory(owner=charlie, company="Charlies Secret Co")
    response = alice_client.get(reverse("letters:list"))
    pks = [letter.pk for letter in response.context["page"].object_list]
    assert pks == [mine.pk]
    assert theirs.pk not in pks
    assert "Charlies Secret Co" not in response.content.decode()


def test_list_filters_by_status_application_and_kind(alice_client, alice):
    first = LetterFactory(interview__application__owner=alice, kind=LetterKind.FIRST)
    second = LetterFactory(interview__application__owner=alice, kind=LetterKind.SECOND)
    sent = LetterFactory(interview=second.interview, kind=LetterKind.FIRST)
    letter_mark_sent(letter=sent)

    def listed(**params):
        response = alice_client.get(reverse("letters:list"), params)
        return {letter.pk for letter in response.context["page"].object_list}

    assert listed(status="sent") == {sent.pk}
    assert listed(status="unsent") == {first.pk, second.pk}
    assert listed(kind="second") == {second.pk}
    assert listed(application=second.interview.application_id) == {second.pk, sent.pk}
    assert listed(application=second.interview.application_id, kind="first") == {
        sent.pk
    }


def test_list_ignores_a_filter_on_another_users_application(
    alice_client, alice, charlie
):
    mine = LetterFactory(interview__application__owner=alice)
    theirs = LetterFactory(interview__application__owner=charlie)
    response = alice_client.get(
        reverse("letters:list"),
        {"application": theirs.interview.application_id, "status": "draft"},
    )
    assert response.status_code == 200
    assert [letter.pk for letter in response.context["page"].object_list] == [mine.pk]


def test_list_paginates_and_keeps_the_filters_in_page_links(alice_client, alice):
    interview = InterviewFactory(application__owner=alice)
    for interviewer in InterviewerFactory.create_batch(
        30, application=interview.application
    ):
        LetterFactory(interview=interview, interviewer=interviewer)
    response = alice_client.get(reverse("letters:list"), {"status": "draft"})
    assert len(response.context["page"].object_list) == views.LETTERS_PER_PAGE
    assert "?status=draft&amp;page=2" in response.content.decode()
    second = alice_client.get(reverse("letters:list"), {"status": "draft", "page": 2})
    assert len(second.context["page"].object_list) == 30 - views.LETTERS_PER_PAGE


def test_empty_list_invites_logging_an_interview(alice_client):
    html = alice_client.get(reverse("letters:list")).content.decode()
    assert "No letters yet" in html
    assert reverse("applications:interview_log") in html


def test_list_makes_the_same_number_of_queries_for_1_and_50_letters(
    alice_client, alice, django_assert_num_queries
):
    """Guards against one query per row for interview, application and interviewer."""
    LetterFactory(interview__application__owner=alice)
    url = reverse("letters:list")
    alice_client.get(url)
    # session, user, applications for the filter, three counts (all letters, those of
    # trashed applications, those of trashed interviews: see count_live), today's
    # unsent letters, letters about a whole application, the rest of the page
    with django_assert_num_queries(9):
        alice_client.get(url)
    for _ in range(48):
        letter = LetterFactory(interview__application__owner=alice)
    LetterFactory(
        owner=alice,
        application=letter.application,
        interview=None,
        interviewer=None,
        kind=LetterKind.WITHDRAWAL,
    )
    with django_assert_num_queries(9):
        response = alice_client.get(url)
    assert response.context["page"].paginator.count == 50
    # The withdrawal comes after today's letters, on the second page.
    with django_assert_num_queries(9):
        response = alice_client.get(url, {"page": 2})
    assert '<div class="small text-body-secondary">Withdrawal</div>' in response.text


def test_list_counts_no_letter_in_the_trash(alice_client, alice):
    kept = LetterFactory(interview__application__owner=alice)
    of_trashed_application = LetterFactory(interview__application__owner=alice)
    of_trashed_interview = LetterFactory(interview__application__owner=alice)
    of_both = LetterFactory(interview__application__owner=alice)
    LetterFactory(
        owner=alice,
        application=of_both.application,
        interview=None,
        interviewer=None,
        kind=LetterKind.WITHDRAWAL,
    )
    now = timezone.now()
    Application.objects.filter(
        pk__in=[of_trashed_application.application_id, of_both.application_id]
    ).update(trashed_at=now)
    Interview.objects.filter(
        pk__in=[of_trashed_interview.interview_id, of_both.interview_id]
    ).update(trashed_at=now)
    response = alice_client.get(reverse("letters:list"))
    assert response.context["page"].paginator.count == 1
    assert [letter.pk for letter in response.context["page"]] == [kept.pk]
    assert "1 letter." in response.content.decode()


def test_withdrawal_drafts_a_real_letter_and_opens_it(alice_client, alice):
    participation = ParticipationFactory(
        interview__application__owner=alice, interviewer__name="Ana Rivera"
    )
    application = participation.interview.application
    response = alice_client.post(reverse("letters:withdrawal", args=[application.pk]))
    withdrawal = Letter.objects.get(kind=LetterKind.WITHDRAWAL)
    assert withdrawal.owner == alice
    assert withdrawal.interviewer == participation.interviewer
    assert response["Location"] == reverse("letters:edit", args=[withdrawal.pk])
    assert messages_of(response) == ["Drafted the withdrawal letter."]


def test_list_offers_the_zip_of_the_filtered_application(alice_client, alice):
    letter = LetterFactory(interview__application__owner=alice)
    application = letter.interview.application
    everything = alice_client.get(reverse("letters:list")).content.decode()
    assert reverse("exports:zip_all") in everything
    filtered = alice_client.get(
        reverse("letters:list"), {"application": application.pk}
    ).content.decode()
    assert reverse("exports:zip_application", args=[application.pk]) in filtered
    assert reverse("exports:zip_all") not in filtered


def test_enter_in_the_subject_saves_rather_than_finishes(alice_client, letter):
    """Implicit submission uses the form's first submit button: it must be Save."""
    html = alice_client.get(reverse("letters:edit", args=[letter.pk])).content.decode()
    form = html[html.index('<form id="letter-form"') :]
    form = form[: form.index("</form>")]
    first_button = form[form.index("<button") :]
    assert "Save draft" in first_button[: first_button.index("</button>")]
