"""The reminder email's one-click "Mark as sent" link, tried the ways it can be misused."""

import datetime as dt

import pytest
import time_machine
from django.core import signing
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from letters.models import LetterStatus, LetterVersion, VersionCause
from letters.sent_link import SENT_LINK_SALT, letter_sent_token
from letters.status import letter_mark_sent, letter_update_text
from tests.factories import LetterFactory, reload

pytestmark = pytest.mark.django_db


@pytest.fixture
def letter(alice):
    return LetterFactory(
        interview__application__owner=alice,
        interview__application__company="Northwind",
        interviewer__name="Ana Rivera",
    )


def link(letter) -> str:
    return reverse("letters:sent_link", args=[letter_sent_token(letter=letter)])


def test_get_shows_a_confirmation_and_changes_nothing(client, letter):
    """Mail scanners follow links: opening one must not mark anything."""
    response = client.get(link(letter))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Mark the letter to Ana Rivera as sent?" in html
    assert f'name="revision" value="{letter.revision}"' in html
    assert response["Cache-Control"].startswith("max-age=0")
    assert reload(letter).status == LetterStatus.DRAFT


def test_post_while_signed_out_marks_only_that_letter_sent(client, letter):
    other = LetterFactory(interview=letter.interview)
    url = link(letter)
    response = client.post(url, {"revision": letter.revision})
    assert response.status_code == 302 and response.url == url
    sent = reload(letter)
    assert sent.status == LetterStatus.SENT and sent.sent_at is not None
    assert reload(other).status == LetterStatus.DRAFT
    assert LetterVersion.objects.filter(letter=letter, cause=VersionCause.SENT).exists()
    page = client.get(response.url).content.decode()
    assert "The letter to Ana Rivera is marked as sent" in page
    assert "Mark as sent</button>" not in page


def test_an_already_sent_letter_says_so_in_the_owners_time_and_stays_as_it_was(
    client, letter
):
    sent_on = dt.datetime(2026, 11, 23, 13, 5, tzinfo=dt.UTC)
    with time_machine.travel(sent_on, tick=False):
        letter_mark_sent(letter=letter)
    response = client.post(link(letter), {"revision": 0})
    assert response.status_code == 200
    html = response.content.decode()
    assert "is marked as sent" in html
    assert "sent 23 Nov 2026, 14:05." in html  # alice lives in Berlin
    assert reload(letter).sent_at == sent_on


def test_a_tampered_token_is_refused(client, letter):
    token = letter_sent_token(letter=letter)
    forged = signing.TimestampSigner(salt=SENT_LINK_SALT).sign_object(
        {"l": letter.pk + 1, "u": letter.owner_id}
    )
    for bad in (token[:-2] + "xx", token.replace(":", "", 1), forged[:-1] + "A"):
        response = client.post(
            reverse("letters:sent_link", args=[bad]), {"revision": letter.revision}
        )
        assert response.status_code == 400
        assert "This link is not valid" in response.content.decode()
    assert reload(letter).status == LetterStatus.DRAFT


def test_a_token_for_another_purpose_is_refused(client, letter):
    """The unsubscribe link signs the user with another salt: it cannot mark letters."""
    other_salt = signing.TimestampSigner(salt="letters.reminders.unsubscribe")
    token = other_salt.sign_object({"l": letter.pk, "u": letter.owner_id})
    response = client.post(reverse("letters:sent_link", args=[token]))
    assert response.status_code == 400
    assert reload(letter).status == LetterStatus.DRAFT


def test_a_link_older_than_a_week_is_refused(client, letter):
    with time_machine.travel(timezone.now() - dt.timedelta(days=7, minutes=1)):
        token = letter_sent_token(letter=letter)
    response = client.post(
        reverse("letters:sent_link", args=[token]), {"revision": letter.revision}
    )
    assert response.status_code == 400
    assert reload(letter).status == LetterStatus.DRAFT


def test_a_link_six_days_old_still_works(client, letter):
    with time_machine.travel(timezone.now() - dt.timedelta(days=6)):
        token = letter_sent_token(letter=letter)
    client.post(reverse("letters:sent_link", args=[token]), {"revision": 0})
    assert reload(letter).status == LetterStatus.SENT


def test_a_token_naming_another_users_letter_is_refused(client, letter, charlie):
    """Charlie signs his own user id beside alice's letter: the pair does not match."""
    charlies = LetterFactory(interview__application__owner=charlie)
    token = signing.TimestampSigner(salt=SENT_LINK_SALT).sign_object(
        {"l": letter.pk, "u": charlie.pk}
    )
    response = client.post(reverse("letters:sent_link", args=[token]))
    assert response.status_code == 400
    assert reload(letter).status == LetterStatus.DRAFT
    assert reload(charlies).status == LetterStatus.DRAFT


def test_alices_link_opened_by_charlie_offers_no_way_into_the_letter(
    charlie_client, letter
):
    html = charlie_client.get(link(letter)).content.decode()
    assert f'href="{letter.get_absolute_url()}"' not in html
    assert "Sign in</a> to see or change the letter" in html


def test_a_letter_edited_after_the_page_opened_is_not_marked(client, letter):
    """The page posts the revision it showed; a change in between wins."""
    shown = letter.revision
    letter_update_text(letter=letter, subject="New", body="Dear Ana,\nNew text.")
    response = client.post(link(letter), {"revision": shown})
    assert response.status_code == 409
    assert "nothing was changed" in response.content.decode()
    assert reload(letter).status == LetterStatus.DRAFT


def test_the_post_needs_the_csrf_token(letter):
    client = Client(enforce_csrf_checks=True)
    client.get(link(letter))
    response = client.post(link(letter), {"revision": letter.revision})
    assert response.status_code == 403
    assert reload(letter).status == LetterStatus.DRAFT
