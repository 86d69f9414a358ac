"""Statements kept per process (jobtrack.compiled): each user runs their own, the data
is read afresh on every call, and rows come back as Django's values() gives them."""

import datetime as dt

import pytest

from applications.models import Application
from jobtrack import compiled
from jobtrack.compiled import kept_compiled
from tests.factories import ApplicationFactory, UserFactory

pytestmark = pytest.mark.django_db


@kept_compiled
def applied_since(*, user, since: dt.date):
    return (
        Application.objects.for_user(user)
        .filter(applied_on__gte=since)
        .order_by("id")
        .values("company", "applied_on")
    )


SINCE = dt.date(2026, 11, 1)


def test_rows_are_what_values_gives_converted_as_django_converts_them(alice):
    ApplicationFactory(owner=alice, company="Acme", applied_on=dt.date(2026, 11, 3))
    ApplicationFactory(owner=alice, company="Old", applied_on=dt.date(2026, 10, 3))

    rows = applied_since(user=alice, since=SINCE)

    assert rows == [{"company": "Acme", "applied_on": dt.date(2026, 11, 3)}]
    assert rows == list(applied_since.__wrapped__(user=alice, since=SINCE))


def test_another_user_with_the_same_inputs_never_runs_the_first_users_statement(
    alice, charlie
):
    ApplicationFactory(owner=alice, company="Alice's", applied_on=SINCE)
    ApplicationFactory(owner=charlie, company="Charlie's", applied_on=SINCE)

    assert [r["company"] for r in applied_since(user=alice, since=SINCE)] == ["Alice's"]
    assert [r["company"] for r in applied_since(user=charlie, since=SINCE)] == [
        "Charlie's"
    ]


def test_a_write_after_the_statement_was_kept_is_read(alice):
    assert applied_since(user=alice, since=SINCE) == []
    ApplicationFactory(owner=alice, company="New", applied_on=SINCE)
    assert [r["company"] for r in applied_since(user=alice, since=SINCE)] == ["New"]


def test_other_inputs_or_another_time_zone_build_another_statement(alice):
    ApplicationFactory(owner=alice, company="Acme", applied_on=SINCE)
    assert applied_since(user=alice, since=SINCE + dt.timedelta(days=1)) == []
    alice.timezone = "Pacific/Auckland"
    applied_since(user=alice, since=SINCE)
    assert len(compiled._kept) == 2
    assert len(applied_since(user=alice, since=SINCE)) == 1


def test_a_query_that_can_match_nothing_gives_no_rows(alice):
    @kept_compiled
    def none_of(*, user):
        return Application.objects.filter(pk__in=[]).values("pk")

    assert none_of(user=alice) == []


def test_only_values_querysets_are_kept(alice):
    @kept_compiled
    def instances(*, user):
        return Application.objects.for_user(user)

    with pytest.raises(TypeError):
        instances(user=alice)


def test_the_oldest_statements_go_first(alice, monkeypatch):
    monkeypatch.setattr(compiled, "KEPT", 3)
    users = [UserFactory() for _ in range(5)]
    for user in users:
        applied_since(user=user, since=SINCE)
    assert len(compiled._kept) == 3
    assert {key[1] for key in compiled._kept} == {u.pk for u in users[2:]}
