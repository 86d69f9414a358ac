# The browser fixtures of tests/e2e, for the log form's JavaScript test in this folder.
from tests.e2e.conftest import (  # noqa: F401
    browser,
    live_url,
    page,
    sign_in,
    signed_in_page,
)
