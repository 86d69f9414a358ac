import os

from django.conf import settings


def test_the_test_environment_reaches_the_settings():
    """jobtrack.test_environment's defaults took effect before Django read its settings:
    a fast hasher, mail kept in memory, no throttling, the test run's own var directory."""
    assert settings.PASSWORD_HASHERS == [
        "django.contrib.auth.hashers.MD5PasswordHasher"
    ]
    assert settings.EMAIL_BACKEND == os.environ["EMAIL_BACKEND"]
    assert settings.AXES_ENABLED is False
    assert str(settings.VAR_DIR) == os.environ["JOBTRACK_VAR_DIR"]
