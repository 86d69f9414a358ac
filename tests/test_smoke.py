from django.conf import settings


def test_settings_load_with_test_environment():
    assert settings.USE_TZ
    assert settings.AUTH_USER_MODEL == "accounts.User"
