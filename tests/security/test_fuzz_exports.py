"""Hypothesis puts hostile text into everything an export shows, then downloads every format.

The text goes straight into the rows (as an import or the admin could), past the forms'
validation, so the exports are tested on their own. Every format must build (python-docx
and ReportLab included), read back with an independent reader, keep newlines out of email
headers, and name its file and ZIP members safely. There is no CSV export to neutralise.
"""

import io
import re
import unicodedata
import zipfile
from email import message_from_bytes, policy
from urllib.parse import unquote

from django.db import models
from django.test import Client
from django.urls import reverse
from docx import Document
from hypothesis import HealthCheck, given, settings
from pypdf import PdfReader

from exports.content import export_clean_line, export_clean_text, letter_content
from exports.formats import FORMATS, build_eml, letter_mailto
from tests.security.fuzz_inputs import hostile_email, hostile_text

EXPORT_EXAMPLES = 30
EXAMPLES_RUN: dict[str, int] = {}
EML_HEADERS = {
    "from",
    "to",
    "subject",
    "date",
    "message-id",
    "x-unsent",
    "mime-version",
    "content-type",
    "content-transfer-encoding",
}

fuzz_settings = settings(
    max_examples=EXPORT_EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)


def storable(value: str, field: models.Field) -> str:
    """What the database can hold: PostgreSQL refuses NUL; varchar has a length."""
    value = value.replace("\x00", "")
    return value[: field.max_length] if field.max_length else value


def put(obj: models.Model, **values: str) -> None:
    for name, value in values.items():
        setattr(obj, name, storable(value, obj._meta.get_field(name)))
    obj.save()


def assert_safe_name(name: str) -> None:
    assert name.strip(" .") and len(name.encode()) <= 255, name
    assert "/" not in name and "\\" not in name, name
    assert ".." not in name, name
    assert '"' not in name and "'" not in name, name
    assert not [c for c in name if unicodedata.category(c).startswith("C")], name


def disposition_names(header: str) -> list[str]:
    assert "\r" not in header and "\n" not in header
    names = re.findall(r'filename="([^"]*)"', header)
    names += [unquote(n) for n in re.findall(r"filename\*=utf-8''([^;\s]+)", header)]
    assert names, header
    return names


def flat(text: str) -> str:
    return " ".join(text.split())


def check_eml(data: bytes, letter) -> None:
    """Headers read raw (compat32), so a malformed address cannot hide an injected one."""
    message = message_from_bytes(data, policy=policy.compat32)
    keys = [k.lower() for k in message.keys()]
    assert set(keys) <= EML_HEADERS, keys
    assert len(keys) == len(set(keys)), keys  # nothing smuggled in twice
    parsed = message_from_bytes(data, policy=policy.default)
    assert str(parsed["subject"]) == export_clean_line(letter.subject)
    assert flat(export_clean_text(letter.body)) in flat(parsed.get_content())


def test_every_export_survives_hostile_text(alice, alice_objects):
    client = Client()
    client.force_login(alice)
    letter = alice_objects["letter"]
    application, person = alice_objects["application"], alice_objects["interviewer"]
    EXAMPLES_RUN["exports"] = 0

    @fuzz_settings
    @given(
        company=hostile_text(),
        role=hostile_text(),
        person_name=hostile_text(),
        title=hostile_text(),
        person_email=hostile_email(),
        full_name=hostile_text(),
        signature=hostile_text(),
        phone=hostile_text(),
        links=hostile_text(),
        subject=hostile_text(),
        body=hostile_text(),
    )
    def run(company, role, person_name, title, person_email, full_name, **text):
        put(application, company=company, role=role)
        put(person, name=person_name, title=title, email=person_email)
        put(
            alice,
            full_name=full_name,
            signature=text["signature"],
            phone=text["phone"],
            links=text["links"],
        )
        put(letter, subject=text["subject"], body=text["body"])
        letter.refresh_from_db()

        for fmt in FORMATS:
            url = reverse("exports:letter", args=[letter.pk, fmt])
            response = client.get(url)
            assert response.status_code == 200, url
            for name in disposition_names(response["Content-Disposition"]):
                assert_safe_name(name)
            data = response.content
            if fmt == "txt":
                text_out = data.decode("utf-8")
                assert not [c for c in text_out if c not in "\t\n" and ord(c) < 32]
                assert flat(export_clean_text(letter.body)) in flat(text_out)
            elif fmt == "eml":
                check_eml(data, letter)
            elif fmt == "docx":
                Document(io.BytesIO(data))
            elif fmt == "pdf":
                assert len(PdfReader(io.BytesIO(data)).pages) >= 1

        mailto = letter_mailto(content=letter_content(letter=letter)).url
        assert not re.search(r"[\s\x00-\x1f\x7f]", mailto), mailto

        response = client.get(reverse("exports:zip_application", args=[application.pk]))
        assert response.status_code == 200
        for name in disposition_names(response["Content-Disposition"]):
            assert_safe_name(name)
        archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
        assert archive.testzip() is None
        assert archive.namelist()
        for name in archive.namelist():
            assert_safe_name(name)
        EXAMPLES_RUN["exports"] += 1

    run()
    assert EXAMPLES_RUN["exports"] >= EXPORT_EXAMPLES


def test_zip_member_names_stay_unique_and_safe_for_hostile_names(alice, alice_objects):
    """Many letters whose names clean up to the same thing still get distinct members."""
    from tests.factories import LetterFactory, ParticipationFactory

    interview = alice_objects["interview"]
    for name in ("../x", "..\\x", "x", "X.", "x\x01", "x\n", '"x"', "con", "CON.txt"):
        person = ParticipationFactory(interview=interview).interviewer
        put(person, name=name)
        LetterFactory(
            interview=interview,
            interviewer=person,
            status="finished",
            finished_at=alice_objects["letter"].finished_at,
        )
    client = Client()
    client.force_login(alice_objects["application"].owner)
    response = client.get(reverse("exports:zip_all"))
    names = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content))).namelist()
    assert len(names) == 10
    assert len({n.casefold() for n in names}) == len(names)
    for name in names:
        assert_safe_name(name)


def test_eml_with_a_line_break_in_the_interviewer_email(alice, alice_objects):
    person, letter = alice_objects["interviewer"], alice_objects["letter"]
    put(person, email="ana@example.com\r\nBcc: evil@example.com")
    letter.refresh_from_db()
    data = build_eml(letter_content(letter=letter))
    assert b"Bcc" not in data.split(b"\r\n\r\n")[0]


def test_eml_addresses_read_back_for_a_long_name_with_specials(alice, alice_objects):
    put(alice, full_name='Ana Rivera, Team: lead "quoted"; x' + " long" * 10)
    letter = alice_objects["letter"]
    letter.refresh_from_db()
    parsed = message_from_bytes(
        build_eml(letter_content(letter=letter)), policy=policy.default
    )
    assert [a.addr_spec for a in parsed["from"].addresses] == [alice.email]
