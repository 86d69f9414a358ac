import pytest

from tests.factories import UserFactory


@pytest.fixture
def alice(db):
    """Owns the data in most tests."""
    return UserFactory(email="alice@example.com", full_name="Alice Martin")


@pytest.fixture
def charlie(db):
    """Another user: must never see or change alice's data."""
    return UserFactory(email="charlie@example.com", full_name="Charlie Brown")


@pytest.fixture
def alice_client(client, alice):
    client.force_login(alice)
    return client


@pytest.fixture
def charlie_client(client, charlie):
    client.force_login(charlie)
    return client
