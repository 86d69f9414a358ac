"""The Celery settings that "never lost, never doubled" rests on, and how they relate."""

from django.conf import settings

from jobtrack.celery import app


def test_tasks_are_acked_late_requeued_on_worker_loss_and_taken_one_at_a_time():
    assert app.conf.task_acks_late is True
    assert app.conf.task_reject_on_worker_lost is True
    assert app.conf.worker_prefetch_multiplier == 1


def test_visibility_timeout_is_set_in_all_three_places():
    timeout = settings.CELERY_VISIBILITY_TIMEOUT
    assert app.conf.broker_transport_options["visibility_timeout"] == timeout
    assert app.conf.result_backend_transport_options["visibility_timeout"] == timeout
    assert app.conf.visibility_timeout == timeout


def test_time_limits_lease_and_retries_fit_under_the_visibility_timeout():
    """A task still running, or waiting for its retry, must never be redelivered."""
    soft, hard = app.conf.task_soft_time_limit, app.conf.task_time_limit
    lease = settings.REMINDER_LEASE_SECONDS
    longest_retry = settings.REMINDER_RETRY_MAX_SECONDS * 1.5  # with jitter
    assert soft < hard < lease
    assert longest_retry + lease < settings.CELERY_VISIBILITY_TIMEOUT
    assert settings.EMAIL_TIMEOUT * 3 < soft  # connect, EHLO, DATA each within it


def test_beat_runs_the_sweep_on_a_static_utc_schedule():
    entry = app.conf.beat_schedule["reminders-sweep"]
    assert entry["task"] == "reminders.tasks.reminders_sweep_task"
    assert entry["schedule"] == settings.REMINDER_SWEEP_SECONDS
    assert app.conf.timezone == "UTC" and app.conf.enable_utc is True
    app.loader.import_default_modules()  # what the worker does at start: autodiscovery
    assert "reminders.tasks.reminders_sweep_task" in app.tasks
