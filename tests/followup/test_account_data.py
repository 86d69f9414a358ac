"""The invite an interview came from leaves with the account's data; the feed's secret
address does not."""

import json

from accounts.data import account_export, account_import
from followup.models import CalendarFeed, InterviewInvite
from tests.factories import InterviewFactory, UserFactory


def test_an_interviews_invite_is_exported_and_imported_with_it(alice):
    interview = InterviewFactory(application__owner=alice)
    InterviewInvite.objects.create(
        owner=alice,
        interview=interview,
        uid="abc@google.com",
        join_url="https://meet.google.com/xkd-qwer-tyu",
    )
    feed = CalendarFeed.objects.create(owner=alice)
    exported = json.loads(json.dumps(account_export(user=alice)))
    assert feed.token not in json.dumps(exported)

    newcomer = UserFactory(email="new@example.com")
    account_import(user=newcomer, data=exported)
    copied = InterviewInvite.objects.get(owner=newcomer)
    assert copied.join_url == "https://meet.google.com/xkd-qwer-tyu"
    assert copied.interview.owner == newcomer
    assert copied.interview != interview
