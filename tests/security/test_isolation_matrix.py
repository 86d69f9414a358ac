"""The isolation matrix: every URL that takes an object id, as charlie with alice's ids.

Patterns come from Django's resolver (tests/security/url_patterns.py); a new pattern with
an id that nobody mapped to an object fails test_every_id_pattern_is_mapped, and its own
matrix case. For each pattern and each of GET and POST, charlie must get exactly what a
nonexistent id gets: 404 (or 405 where the method is not allowed for anyone), and none of
alice's rows may change.
"""

import io
import json
import zipfile

import pytest
from django.test import Client
from django.urls import reverse

from applications.models import Application, Interview, Interviewer, Participation
from followup.models import CalendarFeed, InterviewInvite
from insights.models import Activity, EntryEdit
from letters.models import Letter
from reminders.models import Reminder
from tests.security.url_patterns import (
    OBJECT_ROUTES,
    Route,
    kwargs_for,
    object_routes,
)
from trash.rules import application_trash, interview_trash

ROUTES = object_routes()
MISSING_ID = 2_000_000_000


def alice_rows(alice) -> dict[str, list[dict]]:
    owned = {"owner": alice}
    return {
        "applications": list(Application.objects.filter(**owned).values()),
        "interviews": list(Interview.objects.filter(**owned).values()),
        "interviewers": list(Interviewer.objects.filter(**owned).values()),
        "participations": list(
            Participation.objects.filter(interview__owner=alice).values()
        ),
        "letters": list(Letter.objects.filter(**owned).values()),
        "reminders": list(Reminder.objects.filter(**owned).values()),
        "activities": list(Activity.objects.filter(**owned).values()),
        "entry_edits": list(EntryEdit.objects.filter(**owned).values()),
        "invites": list(InterviewInvite.objects.filter(**owned).values()),
        "feeds": list(CalendarFeed.objects.filter(**owned).values()),
    }


def request(client: Client, method: str, url: str):
    if method == "GET":
        return client.get(url)
    return client.post(url, {"subject": "x", "body": "y", "confirm": "1"})


def test_every_id_pattern_is_mapped():
    """A new pattern with an id must be added to OBJECT_ROUTES, and stale names removed."""
    found = {route.name for route in ROUTES}
    assert found - set(OBJECT_ROUTES) == set(), "unmapped patterns with an object id"
    assert set(OBJECT_ROUTES) - found == set(), "mapped names that no longer exist"


def test_the_matrix_covers_the_views_and_exports():
    names = {route.name for route in ROUTES}
    assert {"overview:application_detail", "letters:edit", "exports:letter"} <= names
    assert len(ROUTES) >= 18


@pytest.mark.parametrize("route", ROUTES, ids=[r.name for r in ROUTES])
def test_another_users_id_is_a_404(
    route: Route, client, charlie, alice, alice_objects, alice_own_client
):
    assert route.name in OBJECT_ROUTES, f"{route.name} ({route.route}) is not mapped"
    client.force_login(charlie)
    before = alice_rows(alice)
    for kwargs in kwargs_for(route, alice_objects):
        url = reverse(route.name, kwargs=kwargs)
        missing = reverse(
            route.name, kwargs={**kwargs, **dict.fromkeys(route.id_kwargs, MISSING_ID)}
        )
        statuses = {}
        for method in ("GET", "POST"):
            nobody = request(alice_own_client, method, missing).status_code
            assert nobody in (404, 405), f"{method} {missing} as alice: {nobody}"
            got = request(client, method, url).status_code
            assert got == nobody, (
                f"charlie {method} {url}: {got}, a missing id: {nobody}"
            )
            statuses[method] = got
        assert 404 in statuses.values(), f"{url}: no method reaches the object lookup"
        assert alice_rows(alice) == before, f"charlie changed alice's data via {url}"

    # The ids were real: alice herself reaches every one of them.
    for kwargs in kwargs_for(route, alice_objects):
        url = reverse(route.name, kwargs=kwargs)
        method = (
            "GET"
            if request(alice_own_client, "GET", url).status_code != 405
            else "POST"
        )
        assert request(alice_own_client, method, url).status_code != 404, (
            f"alice {method} {url}"
        )


RESTORES = {
    "trash:restore_application",
    "trash:restore_interview",
}
LIVE_ROUTES = [r for r in ROUTES if r.name not in RESTORES]
DELETES = {"trash:application_delete", "trash:interview_delete"}
# What deleting each kind of object takes with it, by the names OBJECT_ROUTES uses.
TAKEN_WITH = {
    "application": {"application", "interview", "letter"},
    "interview": {"interview", "letter"},
}


@pytest.mark.parametrize("deleted", sorted(TAKEN_WITH))
@pytest.mark.parametrize("route", LIVE_ROUTES, ids=[r.name for r in LIVE_ROUTES])
def test_a_trashed_object_is_a_404_for_its_owner_too(
    route: Route, deleted, alice, alice_objects, alice_own_client
):
    """In the Trash, alice's own rows answer as a missing id does on every URL, and
    nothing she posts there changes them; what the delete did not take still answers."""
    if deleted == "application":
        application_trash(application=alice_objects["application"])
    else:
        interview_trash(interview=alice_objects["interview"])
    before = alice_rows(alice)
    key, _ = OBJECT_ROUTES[route.name]
    for kwargs in kwargs_for(route, alice_objects):
        url = reverse(route.name, kwargs=kwargs)
        missing = reverse(
            route.name, kwargs={**kwargs, **dict.fromkeys(route.id_kwargs, MISSING_ID)}
        )
        if key in TAKEN_WITH[deleted]:
            for method in ("GET", "POST"):
                nobody = request(alice_own_client, method, missing).status_code
                response = request(alice_own_client, method, url)
                if route.name in DELETES and method == "POST":
                    # A second click on Delete: pointed to the Trash, nothing changes.
                    assert response.url == reverse("trash:index")
                    continue
                got = response.status_code
                assert got == nobody, f"alice {method} {url} in the Trash: {got}"
            assert alice_rows(alice) == before, f"{url} changed a row in the Trash"
        else:
            got = request(alice_own_client, "GET", url).status_code
            assert got != 404, f"alice GET {url}: deleting the {deleted} took it"


def test_charlie_cannot_see_alices_trash(charlie_client, alice_objects):
    response = charlie_client.get(reverse("trash:index"))
    assert response.status_code == 200
    assert "Alicorp" not in response.text
    assert "The Trash is empty." in response.text


def test_interview_log_for_anothers_application_is_not_found(
    charlie_client, alice_objects
):
    url = reverse("applications:interview_log")
    pk = alice_objects["application"].pk
    response = charlie_client.get(f"{url}?application={pk}")
    # Another user's application is as unknown as one that does not exist.
    assert response.status_code == 404
    assert "Alicorp" not in response.content.decode()


def test_zip_of_everything_holds_only_ones_own_letters(charlie_client, alice_objects):
    response = charlie_client.get(reverse("exports:zip_all"))
    assert response.status_code == 200
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    assert not [n for n in archive.namelist() if "Alicorp" in n]
    assert all(b"Alicorp" not in archive.read(n) for n in archive.namelist())


def test_data_export_holds_only_ones_own_data(charlie_client, alice_objects):
    response = charlie_client.get(reverse("overview:data_export"))
    assert response.status_code == 200
    content = b"".join(getattr(response, "streaming_content", [response.content]))
    text = json.dumps(json.loads(content), ensure_ascii=False)
    assert "charlie@example.com" in text
    assert "Alicorp" not in text
    assert "alice@example.com" not in text


def test_admin_change_pages_refuse_a_non_staff_user(charlie_client, alice_objects):
    """The admin namespace is left out of the matrix: it is staff-only."""
    for key in ("application", "interview", "letter"):
        obj = alice_objects[key]
        url = reverse(
            f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk]
        )
        response = charlie_client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("admin:login"))


def test_insights_record_and_its_exports_hold_only_ones_own_rows(
    charlie_client, alice_objects
):
    """The pages without an id read through for_user too: alice's rows never show."""
    today = alice_objects["activity"].date
    period = {"start": today.replace(year=today.year - 1), "end": today}
    pages = [
        charlie_client.get(reverse("insights:overview"), {"period": "all"}),
        charlie_client.get(reverse("insights:record"), period),
    ]
    for layout in ("us", "de"):
        for fmt in ("csv", "pdf"):
            pages.append(
                charlie_client.get(
                    reverse("insights:export"), {**period, "layout": layout, "fmt": fmt}
                )
            )
    for response in pages:
        assert response.status_code == 200
        if response.streaming:
            content = b"".join(response.streaming_content)
        else:
            content = response.content
        assert b"Alicorp" not in content
