"""gunicorn entry for the benchmark: a raw WSGI hello at /bench/raw, Django elsewhere."""

import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")

from django.core.wsgi import get_wsgi_application  # noqa: E402

django_application = get_wsgi_application()
HELLO = b"hello"


def application(environ, start_response):
    if environ.get("PATH_INFO") == "/bench/raw":
        start_response(
            "200 OK",
            [("Content-Type", "text/plain"), ("Content-Length", str(len(HELLO)))],
        )
        return [HELLO]
    return django_application(environ, start_response)
