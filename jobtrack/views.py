"""Site-wide views: the health probe and the error pages.

The error pages render without the request, so no context processor runs: no session or
user lookup, nothing that needs the database that may be the reason for the error.
"""

import sys

import redis
from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.db import DatabaseError, InterfaceError, OperationalError, connections
from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe


def error_page(template: str, status: int) -> HttpResponse:
    return HttpResponse(render_to_string(template), status=status)


def bad_request(request, exception):
    if isinstance(exception, RequestDataTooBig):
        return error_page("413.html", 413)
    return error_page("400.html", 400)


def server_error(request):
    """500, or 503 with Retry-After when the database is unreachable or silent."""
    if isinstance(sys.exception(), (OperationalError, InterfaceError)):
        drop_database_connections()
        response = error_page("503.html", 503)
        response["Retry-After"] = str(settings.DATABASE_RETRY_AFTER_SECONDS)
        return response
    return error_page("500.html", 500)


def drop_database_connections() -> None:
    """Close without Django's health check (a query that would hang on a silent server):
    the next request opens a fresh connection and recovers as soon as the database does."""
    for connection in connections.all(initialized_only=True):
        try:
            connection.close()
        except DatabaseError:
            connection.connection = None


@require_safe
@never_cache
def health(request):
    """For compose's healthcheck and load balancers: the database, and Redis when used."""
    checks = {"database": check_database()}
    if settings.REDIS_URL:
        checks["redis"] = check_redis()
    healthy = all(result == "ok" for result in checks.values())
    return JsonResponse(checks, status=200 if healthy else 503)


def check_database() -> str:
    try:
        with connections["default"].cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError as error:
        drop_database_connections()
        return f"unavailable: {type(error).__name__}"
    return "ok"


def check_redis() -> str:
    timeout = settings.DATABASE_CONNECT_TIMEOUT or 5
    try:
        redis.Redis.from_url(
            settings.REDIS_URL, socket_timeout=timeout, socket_connect_timeout=timeout
        ).ping()
    except redis.RedisError as error:
        return f"unavailable: {type(error).__name__}"
    return "ok"
