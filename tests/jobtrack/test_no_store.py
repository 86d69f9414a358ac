"""Private pages never sit in a shared cache; public static files keep theirs."""

from django.test import Client
from django.urls import reverse


def test_a_signed_in_page_is_no_store(alice_client):
    response = alice_client.get(reverse("overview:application_list"))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]


def test_a_signed_in_json_endpoint_is_no_store(alice_client, alice):
    from tests.factories import ApplicationFactory

    application = ApplicationFactory(owner=alice)
    response = alice_client.get(
        reverse("applications:application_people", args=[application.pk])
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert "no-store" in response["Cache-Control"]


def test_a_signed_out_page_gets_no_cache_header_it_did_not_ask_for(db):
    """The "check your inbox" page holds nobody's data; the middleware leaves it alone."""
    response = Client().get(reverse("accounts:signup_sent"))
    assert response.status_code == 200
    assert "no-store" not in response.get("Cache-Control", "")


def test_static_files_keep_their_caching_for_a_signed_in_user(alice_client, settings):
    settings.WHITENOISE_USE_FINDERS = True
    client = Client()  # a fresh client: whitenoise reads the setting when it starts
    client.cookies = alice_client.cookies
    stylesheet = client.get("/static/css/jobtrack.css")
    assert stylesheet.status_code == 200
    assert "no-store" not in stylesheet.get("Cache-Control", "")
