"""The invite an interview came from leaves with the account's data; the feed's secret
address does not."""

import json

from followup.models import CalendarFeed, InterviewInvite
from overview.account_data import account_export
from tests.factories import InterviewFactory


def test_an_interviews_invite_is_exported_without_the_feed_address(alice):
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
    [invite] = exported["interview_invites"]
    assert invite["join_url"] == "https://meet.google.com/xkd-qwer-tyu"
    assert invite["interview"] == interview.pk
