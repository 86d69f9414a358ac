"""Bounded work per request, each test written as the attack: an oversized letter or
note, the people-formset bomb, a huge PDF paragraph, Unicode digits as ids, far dates,
a display name that smuggles an address, an editor post with no fields, and methods a
page does not answer. The limits themselves live in jobtrack/bounds.py."""

import html
import re
import time

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from applications.models import Application, Interview, Participation
from exports import documents as export_documents
from exports.content import letter_content
from exports.documents import PDF_CHUNK_CHARS, build_pdf, pdf_chunks
from exports.formats import letter_export
from jobtrack.bounds import (
    APPLICATION_NOTES_MAX,
    LETTER_BODY_MAX,
    NOTE_MAX,
    PEOPLE_PER_INTERVIEW_MAX,
    PROFILE_LINKS_MAX,
    SIGNATURE_MAX,
    parse_id,
)
from letters.drafting import letters_draft_for_interview
from letters.models import Letter, LetterStatus
from tests.applications.forms_data import log_data
from tests.exports.support import eml_message, finished_letter, pdf_text
from tests.factories import (
    InterviewerFactory,
    InterviewFactory,
    LetterFactory,
    ParticipationFactory,
    profile_post,
)

pytestmark = pytest.mark.django_db

LOG_URL = reverse("applications:interview_log")
TOO_LONG = "characters long; the limit is"


def textarea_value(page: str, name: str) -> str:
    """What a textarea shows, as the browser reads it (Django adds one leading newline)."""
    found = re.search(
        rf'<textarea[^>]*name="{re.escape(name)}"[^>]*>(.*?)</textarea>', page, re.S
    )
    assert found, f"no textarea {name}"
    return html.unescape(found.group(1)).removeprefix("\n")


def numbered_words(length: int) -> str:
    """Whole unique words in order, at most ``length`` characters: a lost or moved word
    shows in a comparison."""
    words, size = [], -1
    while size + 7 <= length:
        words.append(f"w{len(words):05d}")
        size += 7
    return " ".join(words)


@pytest.fixture
def letter(alice):
    interview = InterviewFactory(application__owner=alice)
    participation = ParticipationFactory(interview=interview)
    return LetterFactory(interview=interview, interviewer=participation.interviewer)


# -- oversized text --------------------------------------------------------------------


@pytest.mark.parametrize("url_name", ["letters:edit", "letters:finish"])
def test_a_25000_character_letter_is_refused_with_the_text_kept(
    alice_client, letter, url_name
):
    body = numbered_words(25_000)
    response = alice_client.post(
        reverse(url_name, args=[letter.pk]), {"subject": "Thanks", "body": body}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert len(body) > 24_990
    assert f"This is {len(body):,} {TOO_LONG} 20,000." in page
    assert 'id="letter-errors"' in page  # said above the text, not only under it
    assert textarea_value(page, "body") == body
    letter.refresh_from_db()
    assert letter.body != body
    assert letter.status == LetterStatus.DRAFT


def test_the_letter_textarea_has_no_maxlength_to_cut_a_paste(alice_client, letter):
    page = alice_client.get(reverse("letters:edit", args=[letter.pk])).content.decode()
    textarea = re.search(r'<textarea[^>]*name="body"[^>]*>', page).group(0)
    assert "maxlength" not in textarea


def test_a_letter_at_the_limit_is_saved(alice_client, letter):
    body = numbered_words(LETTER_BODY_MAX)
    assert len(body) <= LETTER_BODY_MAX
    alice_client.post(
        reverse("letters:edit", args=[letter.pk]), {"subject": "Thanks", "body": body}
    )
    letter.refresh_from_db()
    assert letter.body == body


def test_the_database_refuses_a_body_over_the_limit(letter):
    letter.body = "x" * (LETTER_BODY_MAX + 1)
    with pytest.raises(IntegrityError), transaction.atomic():
        letter.save(update_fields=["body"])


def test_a_10000_character_note_is_refused_and_kept_on_the_log_page(alice_client):
    note = numbered_words(10_000)
    data = log_data(
        new_company="Acme",
        new_role="Engineer",
        people=[{"name": "Ana Rivera", "topics": note}],
    )
    response = alice_client.post(LOG_URL, data)
    page = response.content.decode()
    assert response.status_code == 200
    assert f"This is {len(note):,} {TOO_LONG} 2,000." in page
    assert textarea_value(page, "people-0-topics") == note
    textarea = re.search(r'<textarea[^>]*name="people-0-topics"[^>]*>', page).group(0)
    assert "maxlength" not in textarea
    assert not Interview.objects.exists()


def test_a_note_at_the_limit_is_accepted(alice_client):
    note = numbered_words(NOTE_MAX)
    data = log_data(
        new_company="Acme",
        new_role="Engineer",
        specific_detail=note,
        people=[{"name": "Ana Rivera", "learned": note}],
    )
    response = alice_client.post(LOG_URL, data)
    assert response.status_code == 302
    assert Participation.objects.get().learned == note


def test_application_notes_over_the_limit_are_refused_and_kept(alice_client):
    notes = numbered_words(APPLICATION_NOTES_MAX + 500)
    response = alice_client.post(
        reverse("applications:create"),
        {"company": "Acme", "role": "Engineer", "status": "applied", "notes": notes},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert TOO_LONG in page
    assert textarea_value(page, "notes") == notes
    assert not Application.objects.exists()


def test_the_longest_notes_still_draft_a_letter_within_the_limit(alice):
    """Every note at its limit, for every stage: drafting never breaks the body limit."""
    notes = {
        name: numbered_words(NOTE_MAX)
        for name in Interview.TEXT_NOTE_FIELDS
        if name != "open_question"
    }
    notes["open_question"] = numbered_words(NOTE_MAX - 1) + "?"
    link = "https://example.com/" + "a" * 470
    for stage in ("screen", "first", "second", "later", "panel", "final"):
        interview = InterviewFactory(
            application__owner=alice, stage=stage, link_to_share=link, **notes
        )
        ParticipationFactory(interview=interview, link_to_share=link, **notes)
        drafted = letters_draft_for_interview(interview=interview)
        assert drafted
        assert all(len(letter.body) <= LETTER_BODY_MAX for letter in drafted)


# -- the people formset bomb -----------------------------------------------------------


@pytest.mark.parametrize("page", ["log", "edit"])
def test_a_forged_total_of_1000_people_is_one_error_not_1000_forms(
    alice, alice_client, page
):
    data = log_data(new_company="Acme", new_role="Engineer", total=3)
    data["people-TOTAL_FORMS"] = "1000"
    url = LOG_URL
    if page == "edit":
        interview = InterviewFactory(application__owner=alice)
        url = reverse("applications:interview_edit", args=[interview.pk])
    started = time.perf_counter()
    response = alice_client.post(url, data)
    elapsed = time.perf_counter() - started
    text = response.content.decode()
    assert response.status_code == 200
    assert f"An interview can list at most {PEOPLE_PER_INTERVIEW_MAX} people" in text
    cards = set(re.findall(r'name="people-(\d+)-name"', text))
    assert len(cards) <= PEOPLE_PER_INTERVIEW_MAX
    assert Interview.objects.count() == (1 if page == "edit" else 0)
    print(f"TOTAL_FORMS=1000 on {page}: {len(text)} bytes, {elapsed * 1000:.0f} ms")


def test_twelve_people_are_accepted(alice_client):
    people = [{"name": f"Person {n}"} for n in range(PEOPLE_PER_INTERVIEW_MAX)]
    data = log_data(new_company="Acme", new_role="Engineer", people=people)
    response = alice_client.post(LOG_URL, data)
    assert response.status_code == 302
    assert Participation.objects.count() == PEOPLE_PER_INTERVIEW_MAX


# -- the long PDF paragraph ------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        numbered_words(20_000),
        "x" * 20_000,
        ("Line one of many.\n" * 2_000)[:20_000],
        "e\u0301" * 5_000,
        "🙂\ufe0f " * 3_000,
        "  " + "word " * 900,
    ],
    ids=["words", "one-word", "lines", "combining", "emoji", "leading-space"],
)
def test_pdf_chunks_keep_every_character_in_order_within_the_bound(text):
    chunks = pdf_chunks(text)
    assert all(0 < len(chunk) <= PDF_CHUNK_CHARS for chunk in chunks)
    assert "".join("".join(chunks).split()) == "".join(text.split())
    assert all(chunk[0] not in "\u0301\ufe0f" for chunk in chunks)


def _long_letter(alice, body: str) -> Letter:
    alice.signature = ""
    alice.save(update_fields=["signature"])
    return finished_letter(interview__application__owner=alice, body=body)


@pytest.mark.parametrize("shape", ["one paragraph", "many paragraphs"])
def test_the_longest_letter_pdf_is_laid_out_in_bounded_blocks_and_keeps_all_text(
    alice, monkeypatch, shape
):
    words = numbered_words(LETTER_BODY_MAX - 200)  # room for the blank lines
    if shape == "many paragraphs":
        parts = words.split(" ")
        words = "\n\n".join(
            " ".join(parts[i : i + 50]) for i in range(0, len(parts), 50)
        )
    letter = _long_letter(alice, words)
    laid_out = []
    markup = export_documents.pdf_markup

    def spy(text):
        laid_out.append(len(text))
        return markup(text)

    monkeypatch.setattr(export_documents, "pdf_markup", spy)
    started = time.perf_counter()
    data = letter_export(letter=letter, fmt="pdf").data
    print(
        f"PDF of {len(words)} characters ({shape}): {time.perf_counter() - started:.3f} s"
    )
    assert max(laid_out) <= PDF_CHUNK_CHARS
    assert re.findall(r"w\d{5}", pdf_text(data)) == words.split()


def test_an_unbroken_20000_character_word_reaches_the_pdf_whole(alice):
    letter = _long_letter(alice, "Q" * LETTER_BODY_MAX)
    data = build_pdf(letter_content(letter=letter))
    assert "".join(pdf_text(data).split()).count("Q") >= LETTER_BODY_MAX


# -- Unicode digits as ids -------------------------------------------------------------

UNICODE_DIGITS = ["²", "①", "¹0", "٣", "99999999999999999999999"]


@pytest.mark.parametrize("value", UNICODE_DIGITS)
def test_unicode_digits_in_the_letters_list_filter_are_ignored(
    alice_client, letter, value
):
    response = alice_client.get(reverse("letters:list"), {"application": value})
    assert response.status_code == 200
    assert reverse("letters:edit", args=[letter.pk]) in response.content.decode()


@pytest.mark.parametrize("value", UNICODE_DIGITS)
def test_unicode_digits_on_the_log_page_get_are_a_404(alice_client, value):
    response = alice_client.get(LOG_URL, {"application": value})
    assert response.status_code == 404


@pytest.mark.parametrize("value", UNICODE_DIGITS)
def test_unicode_digits_posted_to_the_log_page_are_a_form_error(alice_client, value):
    response = alice_client.post(LOG_URL, log_data(application=value))
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not Interview.objects.exists()


@pytest.mark.parametrize(
    ("value", "expected"),
    [("12", 12), (" 7 ", 7), ("²", None), ("①", None), ("¹0", None), ("-1", None)],
)
def test_parse_id_takes_ascii_digits_only(value, expected):
    assert parse_id(value) == expected


# -- far dates -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "zone", ["UTC", "Europe/Berlin", "Pacific/Kiritimati", "America/Los_Angeles"]
)
@pytest.mark.parametrize(
    "ends_at", ["0001-01-01T00:00", "1989-12-31T23:59", "9999-12-31T23:59"]
)
@pytest.mark.parametrize("status", ["done", "scheduled"])
def test_far_interview_dates_are_a_form_error(
    alice, alice_client, zone, ends_at, status
):
    alice.timezone = zone
    alice.save(update_fields=["timezone"])
    data = log_data(new_company="Acme", new_role="Engineer", ends_at=ends_at)
    data["status"] = status
    response = alice_client.post(LOG_URL, data)
    assert response.status_code == 200
    assert "Enter a date between 1990 and 2100" in response.content.decode()
    assert not Interview.objects.exists()


def test_a_far_start_time_on_the_edit_page_is_a_form_error(alice, alice_client):
    interview = InterviewFactory(application__owner=alice)
    data = log_data(starts_at="0001-01-01T00:00")
    response = alice_client.post(
        reverse("applications:interview_edit", args=[interview.pk]), data
    )
    assert response.status_code == 200
    assert "Enter a date between 1990 and 2100" in response.content.decode()


@pytest.mark.parametrize("field", ["applied_on", "decision_expected_on"])
@pytest.mark.parametrize("value", ["0001-01-01", "2101-01-01"])
def test_far_application_dates_are_a_form_error(alice_client, field, value):
    data = {"company": "Acme", "role": "Engineer", "status": "applied", field: value}
    response = alice_client.post(reverse("applications:create"), data)
    assert response.status_code == 200
    assert "Enter a date between 1990 and 2100" in response.content.decode()
    assert not Application.objects.exists()


def test_dates_at_the_edges_of_the_range_are_accepted(alice_client):
    data = {
        "company": "Acme",
        "role": "Engineer",
        "status": "applied",
        "applied_on": "1990-01-01",
        "decision_expected_on": "2100-12-31",
    }
    response = alice_client.post(reverse("applications:create"), data)
    assert response.status_code == 302


# -- a display name that smuggles an address -------------------------------------------


@pytest.mark.parametrize(
    "name",
    [
        "Ana Müller <ceo@evil.test>",
        'Müller, "Ana"; ceo@evil.test',
        'José "<ceo@evil.test>"',
        "Zoë: undisclosed;",
        'Ünal \\ "x" <ceo@evil.test>, bcc@evil.test',
        "Ana Rivera <ceo@evil.test>",
    ],
)
def test_the_eml_goes_only_to_the_interviewers_address(alice_client, alice, name):
    interviewer = InterviewerFactory(
        application__owner=alice, name=name, email="ana@corp.test"
    )
    letter = finished_letter(
        interview__application=interviewer.application, interviewer=interviewer
    )
    response = alice_client.get(reverse("exports:letter", args=[letter.pk, "eml"]))
    data = (
        b"".join(response.streaming_content) if response.streaming else response.content
    )
    message = eml_message(data)
    addresses = message["To"].addresses
    assert [a.addr_spec for a in addresses] == ["ana@corp.test"]
    assert addresses[0].display_name == name
    assert [a.addr_spec for a in message["From"].addresses] == [alice.email]
    assert message["Cc"] is None and message["Bcc"] is None


# -- the empty editor post -------------------------------------------------------------


@pytest.mark.parametrize("url_name", ["letters:edit", "letters:finish"])
@pytest.mark.parametrize(
    "data", [{}, {"subject": "Thanks"}, {"body": "Dear Ana,"}, {"body": "  \n "}]
)
def test_an_editor_post_without_its_fields_saves_nothing(
    alice_client, letter, url_name, data
):
    before = (letter.subject, letter.body)
    response = alice_client.post(reverse(url_name, args=[letter.pk]), data)
    assert response.status_code == 200
    assert "is-invalid" in response.content.decode()
    letter.refresh_from_db()
    assert (letter.subject, letter.body) == before
    assert letter.status == LetterStatus.DRAFT


# -- methods a page does not answer ----------------------------------------------------


def test_every_page_of_the_applications_and_letters_apps_refuses_other_methods(
    alice_own_client, alice_objects
):
    """Walks the URL resolver: a route added later is checked without being listed."""
    from tests.security.url_patterns import OBJECT_ROUTES, all_routes, kwargs_for

    namespaces = {"applications", "letters", "exports", "reminders"}
    routes = [r for r in all_routes() if r.namespace in namespaces]
    assert {r.namespace for r in routes} == namespaces
    checked = 0
    for route in routes:
        if route.name in OBJECT_ROUTES:
            kwargs = kwargs_for(route, alice_objects)[0]
        else:
            kwargs = dict.fromkeys(route.kwargs, "x")
        url = reverse(route.name, kwargs=kwargs)
        for method in ("put", "delete", "trace", "patch"):
            response = getattr(alice_own_client, method)(url)
            assert response.status_code == 405, (route.name, method)
            checked += 1
    assert Letter.objects.filter(pk=alice_objects["letter"].pk).exists()
    assert checked >= 4 * 20


def test_read_only_pages_still_answer_get_and_head(alice_own_client, alice_objects):
    for url in (
        reverse("overview:dashboard"),
        reverse("overview:application_list"),
        reverse("overview:application_detail", args=[alice_objects["application"].pk]),
        reverse("overview:interview_detail", args=[alice_objects["interview"].pk]),
        reverse("letters:list"),
    ):
        assert alice_own_client.get(url).status_code == 200
        assert alice_own_client.head(url).status_code == 200


def test_the_checklist_of_an_oversized_paste_checks_the_text_up_to_the_limit(
    alice_client, letter, monkeypatch
):
    from letters import views

    seen = []
    checklist = views.letter_checklist

    def spy(*, letter, subject, body):
        seen.append((len(subject), len(body)))
        return checklist(letter=letter, subject=subject, body=body)

    monkeypatch.setattr(views, "letter_checklist", spy)
    response = alice_client.post(
        reverse("letters:checklist", args=[letter.pk]),
        {"subject": "s" * 5_000, "body": "Thanks. " * 12_500},
    )
    assert response.status_code == 200
    assert seen == [(200, LETTER_BODY_MAX)]


# -- the profile's signature and links ---------------------------------------------------


@pytest.mark.parametrize(
    "field, limit", [("signature", SIGNATURE_MAX), ("links", PROFILE_LINKS_MAX)]
)
def test_a_profile_text_over_its_limit_is_refused_and_kept(
    alice, alice_client, field, limit
):
    """A pasted 20,000-character signature used to break every letter drafted after."""
    text = numbered_words(limit + 5_000)
    data = profile_post(alice, **{"signature": "Alice", "links": "", field: text})
    response = alice_client.post(reverse("accounts:profile"), data)
    page = response.content.decode()
    assert response.status_code == 200
    assert f"This is {len(text):,} {TOO_LONG} {limit:,}." in page
    assert textarea_value(page, field) == text
    textarea = re.search(rf'<textarea[^>]*name="{field}"[^>]*>', page).group(0)
    assert "maxlength" not in textarea
    alice.refresh_from_db()
    assert getattr(alice, field) != text
    data[field] = numbered_words(limit)
    assert alice_client.post(reverse("accounts:profile"), data).status_code == 302


@pytest.mark.parametrize(
    "field, limit", [("signature", SIGNATURE_MAX), ("links", PROFILE_LINKS_MAX)]
)
def test_the_database_refuses_a_profile_text_over_its_limit(alice, field, limit):
    setattr(alice, field, "x" * (limit + 1))
    with pytest.raises(IntegrityError), transaction.atomic():
        alice.save(update_fields=[field])


def test_the_longest_signature_links_and_notes_still_draft_within_the_limit(alice):
    """Every note, the signature, the links and the phone at their limits, for every
    stage: drafting never breaks the body limit (a database constraint, so a 500)."""
    alice.signature = "\n".join(
        f"s{line:03d} " + "x" * 55 for line in range(SIGNATURE_MAX // 60)
    )[:SIGNATURE_MAX]
    alice.links = "\n".join(
        f"https://example.com/{line:03d}/" + "y" * 50 for line in range(20)
    )[:PROFILE_LINKS_MAX]
    alice.phone = "+" + "1" * 39
    alice.full_name = "A" * 150
    alice.save()
    assert len(alice.signature) > SIGNATURE_MAX - 60
    assert len(alice.links) == PROFILE_LINKS_MAX
    notes = {
        name: numbered_words(NOTE_MAX)
        for name in Interview.TEXT_NOTE_FIELDS
        if name != "open_question"
    }
    notes["open_question"] = numbered_words(NOTE_MAX - 1) + "?"
    link = "https://example.com/" + "a" * 470
    longest = 0
    for stage in ("screen", "first", "second", "later", "panel", "final"):
        interview = InterviewFactory(
            application__owner=alice, stage=stage, link_to_share=link, **notes
        )
        ParticipationFactory(interview=interview, link_to_share=link, **notes)
        drafted = letters_draft_for_interview(interview=interview)
        assert drafted
        for letter in drafted:
            assert alice.signature.splitlines()[-1] in letter.body
            longest = max(longest, len(letter.body))
    assert longest <= LETTER_BODY_MAX
    print(f"longest draft: {longest:,} of {LETTER_BODY_MAX:,} characters")
