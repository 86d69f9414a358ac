"""The letters list counts letters only up to a cap: past it, "More than N letters" and
pages that say "Page N" with Previous and Next, at the same cost however many."""

import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from applications.models import Application
from letters import views
from tests.factories import InterviewerFactory, InterviewFactory, LetterFactory

CAP = 4
PER_PAGE = 2


@pytest.fixture(autouse=True)
def small_pages(monkeypatch):
    monkeypatch.setattr(views, "LETTERS_COUNTED_UP_TO", CAP)
    monkeypatch.setattr(views, "LETTERS_PER_PAGE", PER_PAGE)


def letters_of(owner, n: int) -> list:
    interview = InterviewFactory(application__owner=owner)
    return [
        LetterFactory(interview=interview, interviewer=interviewer)
        for interviewer in InterviewerFactory.create_batch(
            n, application=interview.application
        )
    ]


def listed(client, **params):
    return client.get(reverse("letters:list"), params)


def count_line(response) -> str:
    return re.search(r'id="letter-count">([^<]*)<', response.text).group(1)


def page_links(response) -> dict[str, str]:
    links = re.findall(r'<a class="page-link" href="([^"]*)">(\w+)</a>', response.text)
    return {text: href for href, text in links}


CURRENT_PAGE = re.compile(r'aria-current="page"><span class="page-link">([^<]*)<')


def current_page(response) -> str:
    return CURRENT_PAGE.search(response.text).group(1)


def test_under_the_cap_the_list_says_how_many_and_of_how_many_pages(
    alice_client, alice
):
    letters_of(alice, CAP)
    response = listed(alice_client)
    assert count_line(response) == f"{CAP} letters."
    assert current_page(response) == "Page 1 of 2"
    assert page_links(response) == {"Next": "?page=2"}


def test_over_the_cap_the_list_says_more_than_and_pages_on_without_a_total(
    alice_client, alice
):
    letters_of(alice, 2 * PER_PAGE + 3)  # four pages, the last with one letter
    first = listed(alice_client)
    assert count_line(first) == f"More than {CAP} letters."
    assert current_page(first) == "Page 1"
    assert page_links(first) == {"Next": "?page=2"}

    third = listed(alice_client, page=3)
    assert current_page(third) == "Page 3"
    assert page_links(third) == {"Previous": "?page=2", "Next": "?page=4"}

    last = listed(alice_client, page=4)
    assert current_page(last) == "Page 4"
    assert len(last.context["page"].object_list) == 1
    assert page_links(last) == {"Previous": "?page=3"}

    shown = [
        letter.pk
        for n in (1, 2, 3, 4)
        for letter in listed(alice_client, page=n).context["page"].object_list
    ]
    assert len(shown) == len(set(shown)) == 2 * PER_PAGE + 3


def test_a_full_last_page_over_the_cap_offers_no_next(alice_client, alice):
    letters_of(alice, 3 * PER_PAGE)
    last = listed(alice_client, page=3)
    assert current_page(last) == "Page 3"
    assert page_links(last) == {"Previous": "?page=2"}


def test_over_the_cap_with_filters_says_they_match(alice_client, alice):
    letters_of(alice, CAP + 1)
    response = listed(alice_client, status="draft")
    assert count_line(response) == f"More than {CAP} letters match the filters."
    assert page_links(response) == {"Next": "?status=draft&amp;page=2"}


def test_letters_in_the_trash_are_not_counted_against_the_cap(alice_client, alice):
    letters_of(alice, CAP)
    trashed = letters_of(alice, 3)
    Application.objects.filter(pk=trashed[0].application_id).update(
        trashed_at=timezone.now()
    )
    assert count_line(listed(alice_client)) == f"{CAP} letters."

    letters_of(alice, 1)
    assert count_line(listed(alice_client)) == f"More than {CAP} letters."


@pytest.mark.parametrize("letters", [CAP - 1, 2 * PER_PAGE + 3])
@pytest.mark.parametrize(
    "typed, shown",
    [
        ("abc", 1),
        ("²", 1),
        ("1.5", 1),
        ("", 1),
        ("0", "last"),
        ("-3", "last"),
        ("999999999", "last"),
        ("9" * 40, "last"),
    ],
)
def test_odd_page_numbers_show_a_sensible_page(
    alice_client, alice, letters, typed, shown
):
    letters_of(alice, letters)
    response = listed(alice_client, page=typed)
    assert response.status_code == 200
    last = -(-letters // PER_PAGE)
    assert response.context["page"].number == (last if shown == "last" else shown)
    assert response.context["page"].object_list


def test_a_page_costs_the_same_queries_with_few_letters_or_many(
    alice_client, alice, charlie, django_assert_num_queries
):
    letters_of(alice, PER_PAGE + 1)
    letters_of(charlie, 4 * CAP)
    charlie_client = Client()
    charlie_client.force_login(charlie)
    listed(alice_client)
    listed(charlie_client)
    # session, user, applications for the filter, the count (its two parts in the
    # Trash, then all letters up to the cap), and the page's three reads
    with django_assert_num_queries(9):
        few = listed(alice_client)
    with django_assert_num_queries(9):
        many = listed(charlie_client)
    with django_assert_num_queries(9):
        listed(charlie_client, page=2)
    assert count_line(few) == f"{PER_PAGE + 1} letters."
    assert count_line(many) == f"More than {CAP} letters."
