"""Hypothesis types hostile text into every form, the way a browser would submit it.

Each case GETs the page, reads its main POST form from the HTML (so a field added later
is fuzzed too), fills every text-like field with generated text — keeping hidden fields,
choices and dates as the page set them — submits it and follows the redirect. Nothing may
raise (the test client re-raises server errors), nothing may be evaluated, and user text
must come back escaped. Example counts: FORM_EXAMPLES per page form, LIGHT_EXAMPLES for
the light ones (sign-in, password reset, the checklist fragment).
"""

from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from applications.models import Application
from letters.models import Letter
from tests.factories import LetterFactory
from tests.security.fuzz_inputs import (
    assert_escaped,
    assert_nothing_evaluated,
    hostile_email,
    hostile_text,
    hostile_url,
)

FORM_EXAMPLES = 30  # per page form: each example renders two full pages
LIGHT_EXAMPLES = 60  # the checklist fragment
STRONG_PASSWORD = "correct horse battery staple 9"
TEXT_TYPES = {"text", "search", "tel", "", None}

# Examples each test actually ran, printed at the end of the run (tests/security/conftest.py).
EXAMPLES_RUN: dict[str, int] = {}

fuzz_settings = settings(
    max_examples=FORM_EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)


@dataclass
class Field:
    name: str
    kind: str  # input type, "textarea" or "select"
    value: str = ""
    checked: bool = False
    options: list[str] = field(default_factory=list)
    multiple: bool = False


@dataclass
class Form:
    action: str
    method: str
    fields: list[Field] = field(default_factory=list)


class FormParser(HTMLParser):
    """The forms of a page, as a browser sees them (ignoring <template> content)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[Form] = []
        self._form: Form | None = None
        self._textarea: Field | None = None
        self._select: Field | None = None
        self._in_template = 0

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "template":
            self._in_template += 1
        if self._in_template:
            return
        if tag == "form":
            self._form = Form(a.get("action") or "", (a.get("method") or "get").lower())
            self.forms.append(self._form)
        elif self._form is None or "name" not in a:
            if tag == "option" and self._select is not None:
                self._option(a)
            return
        elif tag == "input":
            kind = (a.get("type") or "text").lower()
            self._form.fields.append(
                Field(a["name"], kind, a.get("value") or "", "checked" in a)
            )
        elif tag == "textarea":
            self._textarea = Field(a["name"], "textarea")
            self._form.fields.append(self._textarea)
        elif tag == "select":
            self._select = Field(a["name"], "select", multiple="multiple" in a)
            self._form.fields.append(self._select)

    def _option(self, a):
        value = a.get("value", "")
        self._select.options.append(value)
        if "selected" in a and not self._select.checked:
            self._select.value, self._select.checked = value, True

    def handle_data(self, data):
        if self._textarea is not None and not self._in_template:
            self._textarea.value += data

    def handle_endtag(self, tag):
        if tag == "template":
            self._in_template -= 1
        elif tag == "textarea":
            self._textarea = None
        elif tag == "select":
            if self._select is not None and not self._select.checked:
                if self._select.options and not self._select.multiple:
                    self._select.value = self._select.options[0]
            self._select = None
        elif tag == "form":
            self._form = None


def main_form(html: str, page_url: str) -> Form:
    """The page's main POST form: the one with the most fields, never sign-out."""
    parser = FormParser()
    parser.feed(html)
    candidates = [
        f for f in parser.forms if f.method == "post" and "logout" not in f.action
    ]
    assert candidates, f"no POST form on {page_url}"
    form = max(candidates, key=lambda f: len(f.fields))
    form.action = urljoin(page_url, form.action or page_url)
    return form


def fill(form: Form, draw) -> dict[str, list[str]]:
    data: dict[str, list[str]] = {}
    for f in form.fields:
        kind, name = f.kind, f.name
        if "__prefix__" in name:
            continue
        if kind in ("submit", "button", "reset", "file", "image"):
            continue
        if kind == "hidden":
            data.setdefault(name, []).append(f.value)
        elif kind in ("checkbox", "radio"):
            if f.checked:
                data.setdefault(name, []).append(f.value or "on")
        elif kind == "select":
            if f.value or not f.multiple:
                data[name] = [f.value]
        elif kind == "password":
            data[name] = [STRONG_PASSWORD]
        elif kind == "email":
            data[name] = [draw(hostile_email(), label=name)]
        elif kind == "url":
            data[name] = [draw(hostile_url(), label=name)]
        elif kind == "textarea" or kind in TEXT_TYPES:
            data[name] = [draw(hostile_text(), label=name)]
        else:  # number, date, datetime-local, time: as the page filled them
            data[name] = [f.value]
    for name, values in form_radio_defaults(form).items():
        data.setdefault(name, values)
    return data


def form_radio_defaults(form: Form) -> dict[str, list[str]]:
    """A radio group with nothing checked gets its first choice, as a user would pick."""
    groups: dict[str, list[str]] = {}
    for f in form.fields:
        if f.kind == "radio":
            groups.setdefault(f.name, []).append(f.value)
    return {name: values[:1] for name, values in groups.items()}


def submit(client: Client, page_url: str, draw, forms: dict[str, Form]) -> str:
    """Fill the page's form with drawn text and post it; the form is read once per page."""
    if page_url not in forms:
        page = client.get(page_url)
        assert page.status_code == 200, f"GET {page_url}: {page.status_code}"
        forms[page_url] = main_form(page.content.decode(), page_url)
    form = forms[page_url]
    response = client.post(urlsplit(form.action).path, fill(form, draw), follow=True)
    assert response.status_code < 500
    html = response.content.decode()
    assert_escaped(html, f"after POST {page_url}")
    return html


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


SIGNED_OUT_FORMS = [
    ("accounts:signup", FORM_EXAMPLES),
    ("accounts:login", LIGHT_EXAMPLES),
    ("accounts:password_reset", LIGHT_EXAMPLES),
    ("accounts:signup_resend", LIGHT_EXAMPLES),
]
SIGNED_IN_FORMS = [
    ("accounts:profile", None),
    ("applications:create", None),
    ("applications:edit", "application"),
    ("applications:interview_log", None),
    ("applications:interview_log", "?application"),
    ("applications:interview_edit", "interview"),
    ("letters:edit", "draft"),
    ("insights:activity_add", None),
    ("insights:activity_edit", "activity"),
    ("insights:application_entry", "application"),
]


@pytest.mark.parametrize(("name", "examples"), SIGNED_OUT_FORMS)
def test_signed_out_forms_survive_hostile_text(db, name, examples):
    forms: dict[str, Form] = {}
    EXAMPLES_RUN[name] = 0

    @settings(fuzz_settings, max_examples=examples)
    @given(data=st.data())
    def run(data):
        submit(Client(), reverse(name), data.draw, forms)
        EXAMPLES_RUN[name] = EXAMPLES_RUN.get(name, 0) + 1

    run()
    assert EXAMPLES_RUN[name] >= examples


@pytest.mark.parametrize(("name", "target"), SIGNED_IN_FORMS)
def test_signed_in_forms_survive_hostile_text(alice, alice_objects, name, target):
    client = signed_in(alice)
    if target == "draft":
        url = reverse(name, args=[draft_for(alice_objects).pk])
    elif target == "?application":
        url = f"{reverse(name)}?application={alice_objects['application'].pk}"
    elif target:
        url = reverse(name, args=[alice_objects[target].pk])
    else:
        url = reverse(name)
    forms: dict[str, Form] = {}

    key = f"{name}{'?application' if target == '?application' else ''}"
    EXAMPLES_RUN[key] = 0

    @fuzz_settings
    @given(data=st.data())
    def run(data):
        submit(client, url, data.draw, forms)
        EXAMPLES_RUN[key] += 1

    run()
    assert EXAMPLES_RUN[key] >= FORM_EXAMPLES
    # Everything the examples saved is shown escaped, and drafting evaluated nothing.
    pages = ("overview:dashboard", "overview:application_list", "letters:list")
    for page in (*pages, "insights:record"):
        assert_escaped(client.get(reverse(page)).content.decode(), page)
    for application in Application.objects.filter(owner=alice)[:5]:
        html = client.get(application.get_absolute_url()).content.decode()
        assert_escaped(html, f"application {application.pk}")
    letters = Letter.objects.filter(owner=alice).order_by("-updated_at")
    for letter in letters:
        assert_nothing_evaluated(letter.subject + letter.body, f"letter {letter.pk}")
    for letter in letters[:5]:
        html = client.get(reverse("letters:edit", args=[letter.pk])).content.decode()
        assert_escaped(html, f"letter {letter.pk}")


def draft_for(objects: dict) -> Letter:
    letter = Letter.objects.filter(pk=objects.get("draft_pk")).first()
    if letter is None or letter.status != "draft":
        letter = LetterFactory(interview=objects["interview"], kind="second")
        objects["draft_pk"] = letter.pk
    return letter


def test_checklist_fragment_survives_hostile_text(alice, alice_objects):
    client = signed_in(alice)
    url = reverse("letters:checklist", args=[draft_for(alice_objects).pk])
    EXAMPLES_RUN["letters:checklist"] = 0

    @settings(fuzz_settings, max_examples=LIGHT_EXAMPLES)
    @given(subject=hostile_text(), body=hostile_text())
    def run(subject, body):
        response = client.post(url, {"subject": subject, "body": body})
        assert response.status_code < 500
        assert_escaped(response.content.decode(), "checklist")
        EXAMPLES_RUN["letters:checklist"] = EXAMPLES_RUN.get("letters:checklist", 0) + 1

    run()
    assert EXAMPLES_RUN["letters:checklist"] >= LIGHT_EXAMPLES
