import contextlib
import threading
import uuid

import pytest
import time_machine
from django.core.signals import request_finished, request_started
from django.test import TestCase

from jobtrack.celery import app as celery_app
from jobtrack.compiled import kept_compiled_clear
from tests.factories import UserFactory


@contextlib.contextmanager
def _celery_eager():
    """Tasks run where .delay() is called, as if a worker took them at once."""
    conf = celery_app.conf
    saved = conf.task_always_eager, conf.task_eager_propagates
    conf.task_always_eager = conf.task_eager_propagates = True
    try:
        yield
    finally:
        conf.task_always_eager, conf.task_eager_propagates = saved


@pytest.fixture(autouse=True)
def each_request_commits():
    """A request in a test ends as a real one does: what it queued for after its commit
    (emails handed to Celery) runs then, in-process, while the test's own transaction
    stays open. Tasks run eagerly only inside requests."""
    local = threading.local()

    def started(**kwargs):
        local.work = contextlib.ExitStack()
        local.work.enter_context(_celery_eager())
        local.work.enter_context(TestCase.captureOnCommitCallbacks(execute=True))

    def finished(**kwargs):
        work, local.work = getattr(local, "work", None), None
        if work is not None:
            work.close()  # runs the queued callbacks, then ends eager mode

    request_started.connect(started, dispatch_uid="tests.each_request_commits")
    request_finished.connect(finished, dispatch_uid="tests.each_request_commits.end")
    yield
    request_started.disconnect(dispatch_uid="tests.each_request_commits")
    request_finished.disconnect(dispatch_uid="tests.each_request_commits.end")


@pytest.fixture(autouse=True)
def pages_rendered_each_time(request, settings):
    """Tests change data behind the pages' back (factories), which no user can: every
    page is rendered afresh, except in tests marked `page_cache` (the cache's own tests
    and the browser tests, which change data only through the pages, as users do)."""
    if not request.node.get_closest_marker("page_cache"):
        settings.PAGE_CACHE_SECONDS = 0


@pytest.fixture(autouse=True)
def statements_compiled_afresh():
    """Statements kept by jobtrack.compiled start each test anew: a test may patch a
    constant a statement is built from, which no running process does."""
    kept_compiled_clear()


@pytest.fixture
def requests_leave_commit_work_queued(each_request_commits):
    """For tests that count a request's own work: its on-commit work is left queued."""
    request_started.disconnect(dispatch_uid="tests.each_request_commits")
    request_finished.disconnect(dispatch_uid="tests.each_request_commits.end")


@pytest.fixture
def celery_eager():
    with _celery_eager():
        yield


@pytest.fixture(autouse=True)
def fresh_rate_limits(settings):
    """Every test starts with empty rate-limit counters: its own cache key prefix."""
    prefix = f"test-{uuid.uuid4().hex}"
    settings.CACHES = {
        name: {**config, "KEY_PREFIX": prefix}
        for name, config in settings.CACHES.items()
    }


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


@pytest.fixture
def frozen_time(request):
    """Stops the clock at the test module's NOW: "today" and "in the future" hold still."""
    with time_machine.travel(request.module.NOW, tick=False) as traveller:
        yield traveller
