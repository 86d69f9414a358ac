from django.urls import reverse

from applications.models import Application
from tests.factories import (
    ApplicationFactory,
)

LIST_URL = reverse("overview:application_list")


def test_create_an_application(alice, alice_client):
    response = alice_client.post(
        reverse("applications:create"),
        {"company": "Acme", "role": "Data engineer", "status": "applied"},
    )
    application = Application.objects.get()
    assert application.owner == alice
    assert response.url == application.get_absolute_url()


def test_create_keeps_what_was_typed_and_says_what_is_missing(alice_client):
    response = alice_client.post(
        reverse("applications:create"),
        {"company": "Acme", "role": "", "status": "applied", "notes": "met at a fair"},
    )
    assert response.status_code == 200
    assert "This field is required." in response.text
    assert "met at a fair" in response.text
    assert Application.objects.count() == 0


def test_decision_date_before_application_date_is_refused(alice_client):
    response = alice_client.post(
        reverse("applications:create"),
        {
            "company": "Acme",
            "role": "Dev",
            "status": "applied",
            "applied_on": "2026-03-10",
            "decision_expected_on": "2026-03-01",
        },
    )
    assert "can&#x27;t be before the date you applied" in response.text


def test_edit_an_application(alice, alice_client):
    application = ApplicationFactory(owner=alice, company="Acme", role="Dev")
    alice_client.post(
        reverse("applications:edit", args=[application.pk]),
        {
            "company": "Acme Inc",
            "role": "Dev",
            "status": "offer",
            "still_interested": "on",
        },
    )
    application.refresh_from_db()
    assert application.company == "Acme Inc"
    assert application.status == "offer"


def test_a_new_application_is_not_asked_about_interest_or_withdrawal(
    alice, alice_client
):
    form = alice_client.get(reverse("applications:create"))
    assert 'name="still_interested"' not in form.text
    assert 'name="withdrawal_reason"' not in form.text

    alice_client.post(
        reverse("applications:create"),
        {
            "company": "Acme",
            "role": "Dev",
            "status": "applied",
            "withdrawal_reason": "x",
        },
    )
    application = Application.objects.get()
    assert application.still_interested
    assert application.withdrawal_reason == ""


def test_editing_asks_about_interest_and_the_withdrawal_reason_follows_it(
    alice, alice_client
):
    application = ApplicationFactory(owner=alice)
    form = alice_client.get(reverse("applications:edit", args=[application.pk]))
    assert 'name="still_interested"' in form.text
    # The stylesheet hides this wrapper while the box above it is ticked.
    assert 'class="col-12 withdrawal-reason"' in form.text
    assert 'class="card card-body shadow-sm application-form"' in form.text

    alice_client.post(
        reverse("applications:edit", args=[application.pk]),
        {
            "company": "Acme",
            "role": "Dev",
            "status": "withdrawn",
            "withdrawal_reason": "I have accepted another offer",
        },
    )
    application.refresh_from_db()
    assert not application.still_interested
    assert application.withdrawal_reason == "I have accepted another offer"
