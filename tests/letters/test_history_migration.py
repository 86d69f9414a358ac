"""The migration that starts the letter history keeps every letter and every text it had."""

import datetime as dt

import pytest

from tests.migrations import migrated_to, migrated_to_newest

BEFORE = [
    ("letters", "0006_letter_body_length_limit"),
    ("accounts", "0002_user_signup_next"),
]
AFTER = [("letters", "0007_letter_history_and_revision")]
WHEN = dt.datetime(2026, 11, 20, 9, 0, tzinfo=dt.UTC)


@pytest.mark.django_db(transaction=True)
def test_every_existing_letter_keeps_its_text_and_starts_a_history():
    old = migrated_to(BEFORE)
    try:
        user = old.get_model("accounts", "User").objects.create(
            email="alice@example.com"
        )
        application = old.get_model("applications", "Application").objects.create(
            owner=user, company="Northwind", role="Data Engineer"
        )
        interview = old.get_model("applications", "Interview").objects.create(
            owner=user, application=application, ends_at=WHEN
        )
        Letter = old.get_model("letters", "Letter")
        common = {"owner": user, "interview": interview}
        rows = {
            "draft": Letter.objects.create(
                **common, kind="first", subject="Draft", body="Drafted text"
            ),
            "regenerated": Letter.objects.create(
                **common,
                kind="second",
                subject="New",
                body="Fresh draft",
                edited=False,
                previous_subject="Mine",
                previous_body="My words before the regeneration",
            ),
            "finished": Letter.objects.create(
                **common,
                kind="panel",
                subject="Done",
                body="Finished text",
                edited=True,
                status="finished",
                finished_at=WHEN,
            ),
            "sent": Letter.objects.create(
                **common,
                kind="final",
                subject="Sent",
                body="The text that went out",
                status="sent",
                finished_at=WHEN,
                sent_at=WHEN,
            ),
        }

        new = migrated_to(AFTER)

        Letter = new.get_model("letters", "Letter")
        assert Letter.objects.count() == len(rows)
        for name, before in rows.items():
            after = Letter.objects.get(pk=before.pk)
            assert (after.subject, after.body) == (before.subject, before.body), name
            versions = list(
                after.versions.order_by("saved_at", "id").values_list("cause", "body")
            )
            assert versions[-1][1] == before.body, name
        regenerated = Letter.objects.get(pk=rows["regenerated"].pk)
        assert list(
            regenerated.versions.order_by("id").values_list("cause", "body")
        ) == [
            ("earlier", "My words before the regeneration"),
            ("drafted", "Fresh draft"),
        ]
        sent = Letter.objects.get(pk=rows["sent"].pk)
        assert sent.versions.get().cause == "sent"
        assert sent.first_finished_at == WHEN
        assert Letter.objects.get(pk=rows["finished"].pk).first_finished_at == WHEN
        assert Letter.objects.get(pk=rows["draft"].pk).first_finished_at is None
    finally:
        migrated_to_newest()
