"""Download views: owner only, finished and sent letters only, safe headers, streamed ZIPs."""

import io
import zipfile

import pytest
from django.template import Context, Template
from django.urls import reverse
from django.utils import timezone

from letters.models import LetterKind, LetterStatus
from tests.exports.support import (
    SAFE_NAME,
    docx_text,
    eml_message,
    finished_letter,
    pdf_text,
    squash,
    zip_members,
)
from tests.factories import (
    ApplicationFactory,
    InterviewerFactory,
    InterviewFactory,
    LetterFactory,
)

pytestmark = pytest.mark.django_db

CONTENT_TYPES = {
    "txt": "text/plain; charset=utf-8",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
    "eml": "message/rfc822",
}


@pytest.fixture
def letter(alice):
    application = ApplicationFactory(owner=alice, company="Acme", role="Engineer")
    return finished_letter(
        interview__application=application,
        interviewer=InterviewerFactory(application=application, name="Ana Ruiz"),
        body="Dear Ms. Ruiz,\n\nThank you <b>&</b> goodbye.\n\nBest regards,",
    )


def export_url(letter, fmt):
    return reverse("exports:letter", args=[letter.pk, fmt])


def streamed(response) -> bytes:
    assert response.streaming
    return b"".join(response.streaming_content)


@pytest.mark.parametrize("fmt", sorted(CONTENT_TYPES))
def test_owner_downloads_each_format(alice_client, letter, fmt):
    response = alice_client.get(export_url(letter, fmt))
    assert response.status_code == 200
    assert response["Content-Type"] == CONTENT_TYPES[fmt]
    assert response["Content-Disposition"] == (
        f'attachment; filename="Acme - Engineer - Ana Ruiz - First-interview thank-you.{fmt}"'
    )
    assert response["Cache-Control"] == "private, no-store"
    readers = {
        "txt": lambda data: data.decode("utf-8"),
        "docx": docx_text,
        "pdf": pdf_text,
        "eml": lambda data: eml_message(data).get_content(),
    }
    assert "Thank you <b>&</b> goodbye." in squash(readers[fmt](response.content))


def test_sent_letters_export_too(alice_client, letter):
    letter.status = LetterStatus.SENT
    letter.sent_at = timezone.now()
    letter.save()
    assert alice_client.get(export_url(letter, "pdf")).status_code == 200


@pytest.mark.parametrize("status", [LetterStatus.DRAFT, LetterStatus.SKIPPED])
def test_drafts_and_skipped_letters_are_refused(alice_client, alice, status):
    letter = LetterFactory(interview__application__owner=alice, status=status)
    if status == LetterStatus.SKIPPED:
        letter.skipped_at = timezone.now()
        letter.save()
    assert alice_client.get(export_url(letter, "txt")).status_code == 404


@pytest.mark.parametrize("fmt", sorted(CONTENT_TYPES))
def test_another_users_letter_is_a_404(charlie_client, letter, fmt):
    assert charlie_client.get(export_url(letter, fmt)).status_code == 404


def test_another_users_application_zip_is_a_404(charlie_client, letter):
    url = reverse("exports:zip_application", args=[letter.interview.application.pk])
    assert charlie_client.get(url).status_code == 404


def test_interview_zip_holds_only_that_interviews_letters(alice_client, letter):
    other_round = finished_letter(
        interview__application=letter.interview.application,
        interview__owner=letter.owner,
    )
    url = reverse("exports:zip_interview", args=[letter.interview_id])
    members = zip_members(streamed(alice_client.get(url)))
    assert len(members) == 1
    assert letter.body in next(iter(members.values())).decode()
    assert other_round.interview_id != letter.interview_id


def test_another_users_interview_zip_is_a_404(charlie_client, letter):
    url = reverse("exports:zip_interview", args=[letter.interview_id])
    assert charlie_client.get(url).status_code == 404


def test_all_letters_zip_holds_only_the_users_own(charlie_client, charlie, letter):
    own = finished_letter(interview__application__owner=charlie)
    members = zip_members(streamed(charlie_client.get(reverse("exports:zip_all"))))
    assert len(members) == 1
    assert own.body in next(iter(members.values())).decode()


def test_signed_out_visitors_are_sent_to_sign_in(client, letter):
    for url in (
        export_url(letter, "pdf"),
        reverse("exports:zip_all"),
        reverse("exports:zip_application", args=[letter.interview.application.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))


def test_unknown_format_is_a_404(alice_client, letter):
    assert alice_client.get(export_url(letter, "exe")).status_code == 404
    zip_url = reverse("exports:zip_all") + "?format=exe"
    assert alice_client.get(zip_url).status_code == 404


def test_post_is_not_allowed(alice_client, letter):
    assert alice_client.post(export_url(letter, "txt")).status_code == 405


def test_non_ascii_company_travels_as_rfc5987_filename(alice_client, alice):
    application = ApplicationFactory(owner=alice, company="Zürich Straße", role="Rôle")
    letter = finished_letter(interview__application=application, interviewer=None)
    header = alice_client.get(export_url(letter, "txt"))["Content-Disposition"]
    assert header == (
        "attachment; filename*=utf-8''Z%C3%BCrich%20Stra%C3%9Fe%20-%20"
        "R%C3%B4le%20-%20Hiring%20team%20-%20First-interview%20thank-you.txt"
    )


def test_path_and_quotes_in_company_never_reach_the_header(alice_client, alice):
    application = ApplicationFactory(
        owner=alice, company='../../"evil"\r\nSet-Cookie: x=1'
    )
    letter = finished_letter(interview__application=application)
    response = alice_client.get(export_url(letter, "pdf"))
    header = response["Content-Disposition"]
    assert header.startswith('attachment; filename="evil- Set-Cookie- x=1 - ')
    assert header.count('"') == 2 and "/" not in header and "\n" not in header
    assert "Set-Cookie" not in response.headers or "x=1" not in response["Set-Cookie"]


def test_application_zip_names_members_and_skips_drafts(alice_client, alice):
    application = ApplicationFactory(
        owner=alice, company='../Acme "Inc"', role="Dev/Ops"
    )
    interview = InterviewFactory(application=application)
    lan = InterviewerFactory(application=application, name="Lan")
    finished_letter(interview=interview, interviewer=lan)
    finished_letter(interview=interview, interviewer=lan, kind=LetterKind.WITHDRAWAL)
    finished_letter(
        interview=InterviewFactory(application=application), interviewer=lan
    )
    finished_letter(interview=interview, interviewer=None)
    LetterFactory(
        interview=interview, interviewer=InterviewerFactory(application=application)
    )
    finished_letter(interview__application__owner=alice)  # another application

    url = reverse("exports:zip_application", args=[application.pk])
    response = alice_client.get(url)
    assert response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"] == (
        'attachment; filename="Acme -Inc- - Dev-Ops - letters.zip"'
    )
    names = sorted(zip_members(streamed(response)))
    assert names == [
        "Acme -Inc- - Dev-Ops - Hiring team - First-interview thank-you.txt",
        "Acme -Inc- - Dev-Ops - Lan - First-interview thank-you (2).txt",
        "Acme -Inc- - Dev-Ops - Lan - First-interview thank-you.txt",
        "Acme -Inc- - Dev-Ops - Lan - Withdrawal.txt",
    ]
    assert all(SAFE_NAME.match(name) for name in names)


@pytest.mark.parametrize("fmt", ["docx", "pdf", "eml"])
def test_zip_in_another_format_holds_readable_files(alice_client, letter, fmt):
    response = alice_client.get(reverse("exports:zip_all") + f"?format={fmt}")
    members = zip_members(streamed(response))
    (name,) = members
    assert name.endswith(f".{fmt}")
    readers = {
        "docx": docx_text,
        "pdf": pdf_text,
        "eml": lambda d: eml_message(d).get_content(),
    }
    assert "goodbye" in readers[fmt](members[name])


def test_zip_with_no_finished_letters_is_a_valid_empty_archive(alice_client, alice):
    LetterFactory(interview__application__owner=alice)
    data = streamed(alice_client.get(reverse("exports:zip_all")))
    assert zipfile.ZipFile(io.BytesIO(data)).namelist() == []


def test_zip_members_keep_non_ascii_names_as_utf8(alice_client, alice):
    application = ApplicationFactory(owner=alice, company="東京 Ünïcode", role="Rôle")
    finished_letter(interview__application=application, interviewer=None)
    data = streamed(alice_client.get(reverse("exports:zip_all")))
    (info,) = zipfile.ZipFile(io.BytesIO(data)).infolist()
    assert info.filename.startswith("東京 Ünïcode - Rôle")
    assert info.flag_bits & 0x800  # the UTF-8 name flag unzip tools honour


@pytest.mark.parametrize("count", [1, 12])
def test_zip_runs_a_fixed_number_of_queries(
    alice_client, alice, django_assert_num_queries, count
):
    """Guards the n+1 on owner, interviewer and application per letter."""
    application = ApplicationFactory(owner=alice)
    for _ in range(count):
        finished_letter(interview__application=application)
    url = reverse("exports:zip_application", args=[application.pk])
    # session, user, application, then the letters with their joins in one query
    with django_assert_num_queries(4):
        data = streamed(alice_client.get(url))
    assert len(zip_members(data)) == count


def test_single_download_runs_a_fixed_number_of_queries(
    alice_client, letter, django_assert_num_queries
):
    # session, user, the letter with owner, interviewer and application joined
    with django_assert_num_queries(3):
        alice_client.get(export_url(letter, "docx"))


def render_actions(letter) -> str:
    template = Template("{% load letter_exports %}{% export_actions letter %}")
    return template.render(Context({"letter": letter}))


def test_export_actions_offer_each_format_mailto_and_copy(letter):
    html = render_actions(letter)
    for fmt in CONTENT_TYPES:
        assert f'href="{export_url(letter, fmt)}"' in html
    assert 'href="mailto:' in html
    assert (
        "&amp;body=Dear%20Ms.%20Ruiz%2C%0D%0A%0D%0AThank%20you%20%3Cb%3E%26%3C%2Fb%3E"
        in html
    )
    assert 'data-copy-source="letter-copy-' in html
    assert (
        "Thank you &lt;b&gt;&amp;&lt;/b&gt; goodbye." in html
    )  # escaped, never markup
    assert "<script>" not in html and "onclick" not in html  # CSP: no inline script
    assert 'src="/static/js/clipboard.js"' in html


def test_export_actions_for_a_draft_explain_instead_of_offering(alice):
    html = render_actions(LetterFactory(interview__application__owner=alice))
    assert "Finish the letter" in html
    assert "mailto:" not in html and "/letters/export/" not in html


def test_export_actions_warn_when_the_letter_is_too_long_for_a_link(letter):
    letter.body = "Dear Ms. Ruiz,\n\n" + "Long enough to overflow a link. " * 90
    html = render_actions(letter)
    assert "too long for an email link" in html
    assert "Paste%20your%20letter" in html


def test_zip_form_offers_every_format_for_all_or_one_application(letter):
    application = letter.interview.application
    template = Template(
        "{% load letter_exports %}{% export_zip_form %}{% export_zip_form application %}"
    )
    html = template.render(Context({"application": application}))
    assert f'action="{reverse("exports:zip_all")}"' in html
    assert (
        f'action="{reverse("exports:zip_application", args=[application.pk])}"' in html
    )
    for fmt in CONTENT_TYPES:
        assert f'<option value="{fmt}"' in html
    assert 'method="get"' in html
    assert (
        html.count("<label") == 2 and html.count("<select") == 2
    )  # each select labelled
