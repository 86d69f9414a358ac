"""Kept pages (jobtrack.pagecache): served again only while nothing of the user's has
changed, never to anyone else, never with a message or a dead form token."""

import re
import time

import pytest
import time_machine
from django.conf import settings
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from jobtrack.pagecache import page_key
from letters.models import LetterStatus
from letters.sent_link import letter_sent_token
from reminders.delivery import unsubscribe_token
from tests.factories import ApplicationFactory, LetterFactory, UserFactory, reload

pytestmark = pytest.mark.page_cache

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@pytest.fixture
def browser(alice):
    """A signed-in browser that has been given its CSRF cookie, as after any page."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(alice)
    client.get(reverse("overview:dashboard"))
    assert settings.CSRF_COOKIE_NAME in client.cookies
    return client


def test_a_page_looked_at_again_is_served_without_rendering(
    alice, browser, django_assert_num_queries
):
    ApplicationFactory(owner=alice, company="Acme")
    first = browser.get(reverse("overview:application_list"))
    with django_assert_num_queries(2):  # the session and the user, nothing else
        again = browser.get(reverse("overview:application_list"))
    assert again.status_code == 200
    assert again.content == first.content
    assert "Acme" in again.text


def test_a_save_shows_on_the_next_page_at_once(alice, browser):
    application = ApplicationFactory(owner=alice, company="Acme", role="Dev")
    page = reverse("overview:application_detail", args=[application.pk])
    browser.get(page)
    form = browser.get(reverse("applications:edit", args=[application.pk]))
    browser.post(
        reverse("applications:edit", args=[application.pk]),
        {
            "csrfmiddlewaretoken": TOKEN.search(form.text)[1],
            "company": "Globex",
            "role": "Dev",
            "status": "applied",
            "still_interested": "on",
        },
        follow=True,  # the page with "Changes saved." is rendered, and not kept
    )
    assert "Globex" in browser.get(page).text


def test_any_write_by_the_user_marks_their_pages_stale(alice, browser):
    before = reload(alice).data_changed_at
    browser.get(reverse("overview:dashboard"))
    assert reload(alice).data_changed_at == before
    browser.post(reverse("overview:dashboard"))  # refused (GET only), still marks
    assert reload(alice).data_changed_at != before


def test_another_user_with_the_same_cookie_value_never_gets_the_page(alice, browser):
    ApplicationFactory(owner=alice, company="Alice's secret employer")
    browser.get(reverse("overview:application_list"))
    mallory = UserFactory(email="mallory@example.com")
    stranger = Client()
    stranger.force_login(mallory)
    stranger.cookies[settings.CSRF_COOKIE_NAME] = browser.cookies[
        settings.CSRF_COOKIE_NAME
    ].value
    page = stranger.get(reverse("overview:application_list"))
    assert page.status_code == 200
    assert "secret employer" not in page.text


def test_a_message_is_shown_once_and_never_kept(alice, browser):
    application = ApplicationFactory(owner=alice)
    page = reverse("overview:application_detail", args=[application.pk])
    browser.get(page)
    form = browser.get(reverse("applications:edit", args=[application.pk]))
    saved = browser.post(
        reverse("applications:edit", args=[application.pk]),
        {
            "csrfmiddlewaretoken": TOKEN.search(form.text)[1],
            "company": "Acme",
            "role": "Dev",
            "status": "applied",
            "still_interested": "on",
        },
        follow=True,
    )
    assert saved.redirect_chain[-1][0] == page
    assert "Changes saved." in saved.text
    assert "Changes saved." not in browser.get(page).text
    assert "Changes saved." not in browser.get(page).text


def test_the_form_token_of_a_kept_page_is_accepted(alice, browser):
    letter = LetterFactory(owner=alice, body="Thank you for the talk.")
    page = reverse("letters:edit", args=[letter.pk])
    browser.get(page)
    kept = browser.get(page)
    response = browser.post(
        reverse("letters:skip", args=[letter.pk]),
        {"csrfmiddlewaretoken": TOKEN.search(kept.text)[1]},
    )
    assert response.status_code != 403


def test_without_a_csrf_cookie_the_page_is_rendered_and_not_kept(alice):
    client = Client()
    client.force_login(alice)
    request = client.get(reverse("overview:dashboard")).wsgi_request
    assert page_key(request) is None
    assert settings.CSRF_COOKIE_NAME in client.cookies  # the page handed one out


def test_a_change_made_outside_the_users_requests_shows_within_the_minute(
    alice, browser
):
    application = ApplicationFactory(owner=alice, company="Acme")
    page = reverse("overview:application_list")
    with time_machine.travel(time.time(), tick=False) as clock:
        browser.get(page)
        application.company = "Initech"
        application.save()  # as the worker does: no request of the user
        clock.shift(settings.PAGE_CACHE_SECONDS - 1)
        assert "Acme" in browser.get(page).text
        clock.shift(1)
        assert "Initech" in browser.get(page).text


def test_while_one_request_renders_a_page_again_the_others_get_the_kept_one(
    alice, browser
):
    application = ApplicationFactory(owner=alice, company="Acme")
    page = reverse("overview:application_list")
    with time_machine.travel(time.time(), tick=False) as clock:
        key = page_key(browser.get(page).wsgi_request)
        application.company = "Initech"
        application.save()
        clock.shift(settings.PAGE_CACHE_SECONDS)
        assert cache.add(f"{key}:renewing", True)  # another request is rendering it
        assert "Acme" in browser.get(page).text
        cache.delete(f"{key}:renewing")
        assert "Initech" in browser.get(page).text


def test_turned_off_every_page_is_rendered(alice, browser, settings):
    settings.PAGE_CACHE_SECONDS = 0
    ApplicationFactory(owner=alice, company="Acme")
    browser.get(reverse("overview:application_list"))
    ApplicationFactory(owner=alice, company="Initech")
    assert "Initech" in browser.get(reverse("overview:application_list")).text


def test_a_letter_marked_sent_from_the_email_link_shows_on_the_kept_pages_at_once(
    alice, browser
):
    letter = LetterFactory(owner=alice, interviewer__name="Ana Rivera")
    page = reverse("letters:edit", args=[letter.pk])
    browser.get(page)
    assert "Mark as sent</button>" in browser.get(page).text  # the kept page
    phone = Client()  # signed out, from the reminder email
    phone.post(
        reverse("letters:sent_link", args=[letter_sent_token(letter=letter)]),
        {"revision": letter.revision},
    )
    assert reload(letter).status == LetterStatus.SENT
    assert "Mark as sent</button>" not in browser.get(page).text


def test_reminders_turned_off_from_the_email_link_mark_the_pages_stale(alice):
    before = reload(alice).data_changed_at
    Client().post(
        reverse("reminders:unsubscribe", args=[unsubscribe_token(user=alice)])
    )
    assert not reload(alice).reminders_enabled
    assert reload(alice).data_changed_at not in (None, before)
