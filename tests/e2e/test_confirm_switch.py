"""A confirmation link opened while signed in to another account asks before switching."""

import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from playwright.sync_api import expect

from accounts.models import User
from tests.factories import UserFactory

pytestmark = pytest.mark.browser


def mallory_link(live_server) -> str:
    Client().post(
        reverse("accounts:signup"),
        {
            "email": "mallory@example.com",
            "full_name": "",
            "timezone": "UTC",
            "password1": "mallory was here 2026",
            "password2": "mallory was here 2026",
        },
    )
    (message,) = [m for m in mail.outbox if m.to == ["mallory@example.com"]]
    found = re.search(r"https?://\S+(/accounts/signup/confirm/\S+/)", message.body)
    return live_server.url + found.group(1)


@pytest.mark.parametrize("width", ["page", "phone_page"])
def test_staying_keeps_the_account_and_continuing_switches(
    request, live_server, sign_in, width
):
    page = request.getfixturevalue(width)
    alice = UserFactory(email="alice@example.com", full_name="Alice Martin")
    link = mallory_link(live_server)
    sign_in(page, alice)

    page.goto(link)
    expect(page.get_by_role("heading", name="Switch accounts?")).to_be_visible()
    expect(page.locator("main")).to_contain_text("alice@example.com")
    expect(page.locator("main")).to_contain_text("mallory@example.com")
    page.get_by_role("link", name="Stay as alice@example.com").click()
    expect(page.get_by_role("heading", name=re.compile("Today"))).to_be_visible()
    expect(page.locator("body")).to_contain_text("Alice Martin")  # nav, maybe folded
    assert not User.objects.get(email="mallory@example.com").is_active

    page.goto(link)
    page.fill("input[name='password1']", "mallory was here 2026")
    page.fill("input[name='password2']", "mallory was here 2026")
    page.get_by_role("button", name="Continue as mallory@example.com").click()
    expect(page.get_by_role("status")).to_contain_text("Your email is confirmed")
    assert User.objects.get(email="mallory@example.com").is_active
    expect(page.locator("body")).not_to_contain_text("Alice Martin")
