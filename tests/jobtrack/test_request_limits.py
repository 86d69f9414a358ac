"""Oversized and malformed requests: bounded work, and a page that says what happened."""

import pytest
from django.core.files.uploadhandler import TemporaryFileUploadHandler
from django.test import Client
from django.urls import reverse

MB = 1024 * 1024


def test_a_form_body_over_the_limit_gets_the_413_page(alice_client, settings):
    """2.6 MB of form fields (e.g. a pasted book as a note) is refused, not parsed."""
    body = {
        "company": "Acme",
        "notes": "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1),
    }
    response = alice_client.post(reverse("applications:create"), body)
    assert response.status_code == 413
    html = response.content.decode()
    assert "That was too much to send at once" in html
    assert "what you typed is still in your browser" in html


class CountingTemporaryFileHandler(TemporaryFileUploadHandler):
    """Django's disk handler, counting the bytes it was given to write."""

    written = 0

    def receive_data_chunk(self, raw_data, start):
        CountingTemporaryFileHandler.written += len(raw_data)
        return super().receive_data_chunk(raw_data, start)


@pytest.fixture
def counting_disk_writes(settings, tmp_path):
    CountingTemporaryFileHandler.written = 0
    settings.FILE_UPLOAD_TEMP_DIR = str(tmp_path)
    settings.FILE_UPLOAD_HANDLERS = [
        "jobtrack.uploads.SizeLimitUploadHandler",
        "django.core.files.uploadhandler.MemoryFileUploadHandler",
        f"{__name__}.CountingTemporaryFileHandler",
    ]
    return CountingTemporaryFileHandler


def upload(size: int):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("cv.pdf", b"%" * size, content_type="application/pdf")


def test_an_oversized_file_part_is_stopped_before_it_fills_the_disk(
    alice_client, settings, counting_disk_writes
):
    """A multipart file part is cut off at UPLOAD_MAX_FILE_SIZE, whatever the body size."""
    settings.UPLOAD_MAX_FILE_SIZE = 3 * MB
    settings.UPLOAD_MAX_REQUEST_SIZE = 100 * MB
    response = alice_client.post(
        reverse("applications:create"), {"company": "Acme", "cv": upload(12 * MB)}
    )
    assert response.status_code == 413
    assert "That was too much to send at once" in response.content.decode()
    # At most the limit (plus one read chunk) ever reached the temporary file.
    assert 0 < counting_disk_writes.written <= 3 * MB + 64 * 1024


def test_a_body_announced_over_the_request_limit_is_refused_unread(
    alice_client, settings, counting_disk_writes
):
    settings.UPLOAD_MAX_REQUEST_SIZE = 1 * MB
    response = alice_client.post(
        reverse("applications:create"), {"company": "Acme", "cv": upload(2 * MB)}
    )
    assert response.status_code == 413
    assert counting_disk_writes.written == 0


def test_a_file_under_the_limits_is_accepted(alice_client, counting_disk_writes):
    """The limits refuse only what is over them: a 3 MB file part passes the parser and
    the view answers as usual (here: the form without its company, so an error)."""
    response = alice_client.post(
        reverse("applications:create"), {"role": "Engineer", "cv": upload(3 * MB)}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["company"] == ["This field is required."]
    assert counting_disk_writes.written == 3 * MB


def test_a_forged_host_gets_the_branded_400_page(db):
    response = Client().get(reverse("accounts:login"), HTTP_HOST="evil.example.com")
    assert response.status_code == 400
    assert "We could not read that request" in response.content.decode()


def test_too_many_form_fields_get_the_400_page(alice_client, settings):
    fields = {f"f{n}": "1" for n in range(settings.DATA_UPLOAD_MAX_NUMBER_FIELDS + 1)}
    response = alice_client.post(reverse("applications:create"), fields)
    assert response.status_code == 400
    assert "We could not read that request" in response.content.decode()
