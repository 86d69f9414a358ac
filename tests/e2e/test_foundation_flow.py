"""What a person does in the browser on day one, end to end against a live server."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from accounts.models import User
from applications.models import Interview
from letters.models import Letter
from tests.factories import (
    ApplicationFactory,
    InterviewFactory,
    LetterFactory,
    ParticipationFactory,
)

pytestmark = pytest.mark.browser

PASSPHRASE = "plum-harbour-violin-42"


def test_new_user_signs_up_logs_an_interview_with_two_people_and_finds_it_today(
    page, live_server, live_url
):
    # 1. Sign up; the timezone comes from the browser (the context runs in Berlin),
    #    then confirm through the emailed link: its page asks for the password again.
    page.goto(live_url("accounts:signup"))
    page.fill("input[name='email']", "robin@example.com")
    page.fill("input[name='full_name']", "Robin Park")
    expect(page.locator("select[name='timezone']")).to_have_value("Europe/Berlin")
    page.fill("input[name='password1']", PASSPHRASE)
    page.fill("input[name='password2']", PASSPHRASE)
    page.get_by_role("button", name="Create my account").click()
    expect(page.get_by_role("heading", name="Check your email")).to_be_visible()
    robin = User.objects.get(email="robin@example.com")
    assert robin.timezone == "Europe/Berlin"
    assert not robin.is_active

    # The live server shares this process, so its email is in the locmem outbox.
    (message,) = [m for m in mail.outbox if m.to == ["robin@example.com"]]
    link = re.search(r"https?://\S+(/accounts/signup/confirm/\S+/)", message.body)
    assert link, message.body
    page.goto(live_server.url + link.group(1))  # the email names SITE_URL's host
    expect(page.locator("input[name='full_name']")).to_have_value("Robin Park")
    page.fill("input[name='password1']", PASSPHRASE)
    page.fill("input[name='password2']", PASSPHRASE)
    page.get_by_role("button", name="Confirm and sign in").click()
    expect(page.get_by_role("link", name="Robin Park")).to_be_visible()
    expect(page.get_by_role("status")).to_contain_text("Your email is confirmed")
    assert User.objects.get(email="robin@example.com").is_active

    # 2. Sign out, then sign in through the login form.
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url(re.compile(r"/accounts/login/"))
    page.fill("input[name='username']", "robin@example.com")
    page.fill("input[name='password']", PASSPHRASE)
    page.locator("main form [type=submit]").click()
    expect(page.get_by_role("heading", name=re.compile("Today"))).to_be_visible()

    # 3. Create an application.
    page.goto(live_url("applications:create"))
    page.fill("input[name='company']", "Northwind Analytics")
    page.fill("input[name='role']", "Data Engineer")
    page.locator("main form button[type=submit]", has_text="Save").click()
    page.wait_for_url(re.compile(r"/applications/\d+/$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Data Engineer")

    # 4. Log an interview from there, with two interviewers and a detail for each.
    page.get_by_role("link", name="Log an interview").last.click()
    page.wait_for_url(re.compile(r"/interviews/log/"))
    expect(page.locator("select[name='application'] option:checked")).to_contain_text(
        "Northwind"
    )
    page.fill("input[name='people-0-name']", "Priya Raman")
    page.fill("input[name='people-0-title']", "Head of Data")
    page.fill(
        "textarea[name='people-0-specific_detail']",
        "the nightly batch that now finishes before 6 am",
    )
    page.click("#add-person")
    page.fill("input[name='people-1-name']", "Tom Becker")
    page.fill("textarea[name='people-1-specific_detail']", "their on-call rota")
    page.get_by_role("button", name="Save and draft the letters").click()
    page.wait_for_url(re.compile(r"/interviews/\d+/$"))
    main = page.locator("main")
    expect(main).to_contain_text("Priya Raman")
    expect(main).to_contain_text("Tom Becker")
    interview = Interview.objects.get(application__company="Northwind Analytics")
    assert interview.participations.count() == 2
    assert Letter.objects.filter(interview=interview).count() == 2

    # 5. The dashboard puts it first: ended today, letters not sent.
    page.get_by_role("link", name="Today").click()
    attention = page.locator("main")
    expect(attention).to_contain_text("Northwind Analytics")
    expect(page.get_by_role("link", name=re.compile("Priya Raman"))).to_be_visible()
    expect(page.get_by_role("link", name=re.compile("Tom Becker"))).to_be_visible()


@pytest.fixture
def alices_pages(alice, live_url):
    """Every page of alice's data that takes an object id."""
    interview = InterviewFactory(application=ApplicationFactory(owner=alice))
    participation = ParticipationFactory(interview=interview)
    letter = LetterFactory(interview=interview, interviewer=participation.interviewer)
    application = interview.application
    return [
        live_url("overview:application_detail", application.pk),
        live_url("applications:edit", application.pk),
        live_url("trash:application_delete", application.pk),
        live_url("applications:interview_log", query=f"application={application.pk}"),
        live_url("overview:interview_detail", interview.pk),
        live_url("applications:interview_edit", interview.pk),
        live_url("trash:interview_delete", interview.pk),
        live_url("letters:edit", letter.pk),
    ]


def test_another_user_gets_404_on_every_page_of_the_first_users_data(
    browser, alice, charlie, alices_pages, sign_in
):
    alice_context = browser.new_context()
    alice_page = sign_in(alice_context.new_page(), alice)
    charlie_context = browser.new_context()
    charlie_page = sign_in(charlie_context.new_page(), charlie)
    try:
        for url in alices_pages:
            if "interviews/log/" in url:
                continue  # alice's own log page is a 200; charlie's is checked below
            assert alice_page.goto(url).status == 200, url
        for url in alices_pages:
            response = charlie_page.goto(url)
            if "interviews/log/" in url:
                # The log page is charlie's own; alice's application must not be offered.
                assert response.status in (200, 404), url
                assert "application=" in url
                options = charlie_page.locator("select[name='application'] option")
                assert all(
                    text.strip() in ("", "— a new application —")
                    for text in options.all_text_contents()
                )
                continue
            assert response.status == 404, url
            expect(charlie_page.locator("body")).not_to_contain_text(alice.email)
    finally:
        alice_context.close()
        charlie_context.close()
