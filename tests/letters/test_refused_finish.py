"""A Finish the server refuses shows the editor again at the editor's address."""

from django.urls import reverse

from letters.models import LetterStatus
from tests.factories import LetterFactory


def test_a_refused_finish_keeps_the_text_and_names_the_editors_address(
    alice, alice_client
):
    letter = LetterFactory(interview__application__owner=alice)
    response = alice_client.post(
        reverse("letters:finish", args=[letter.pk]),
        {"subject": "My typed subject", "body": "   ", "revision": letter.revision},
    )

    assert response.status_code == 200
    assert f'data-page-address="{letter.get_absolute_url()}"' in response.text
    assert 'value="My typed subject"' in response.text
    assert "data-draft-unsaved" in response.text  # the browser keeps a copy too
    letter.refresh_from_db()
    assert letter.status == LetterStatus.DRAFT


def test_the_editor_opened_normally_needs_no_new_address(alice, alice_client):
    letter = LetterFactory(interview__application__owner=alice)
    response = alice_client.get(letter.get_absolute_url())
    assert "data-page-address" not in response.text
