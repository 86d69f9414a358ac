"""Celery tasks for reminders: thin wrappers that take ids, call letters.reminders*, retry.

Tasks are acked late and requeued if the worker dies (settings); the database lease makes a
repeated or late delivery harmless, and the attempt count in the database caps retries.
"""

import logging

from celery import shared_task
from django.utils import timezone

from .history import letter_versions_prune
from .reminder_delivery import MailDeferred, reminders_send_batch
from .reminders import Batch, reminders_sweep

log = logging.getLogger(__name__)


@shared_task(ignore_result=True)
def reminders_sweep_task() -> int:
    """Beat's tick: claim due reminders and enqueue one send per user after the commit."""
    batches = reminders_sweep(enqueue=_enqueue)
    if batches:
        log.info("reminders sweep claimed %d rows", sum(len(b.ids) for b in batches))
    return len(batches)


def _enqueue(batch: Batch) -> None:
    reminders_send_batch_task.delay(ids=list(batch.ids), token=str(batch.token))


@shared_task(bind=True, ignore_result=True, max_retries=None)
def reminders_send_batch_task(self, *, ids: list[int], token: str) -> dict:
    """Send the claimed reminders, one email per user; 4xx and connection errors come back
    with backoff+jitter."""
    try:
        outcome = reminders_send_batch(ids=ids, token=token)
    except MailDeferred as exc:
        log.warning("reminders %s deferred %.1fs: %s", ids, exc.delay, exc.reason)
        raise self.retry(
            kwargs={"ids": ids, "token": exc.token}, countdown=exc.delay, exc=exc
        ) from exc
    return {
        "sent": outcome.sent,
        "skipped": outcome.skipped,
        "waiting": outcome.waiting,
        "failed": outcome.failed,
    }


@shared_task(ignore_result=True)
def letter_versions_prune_task() -> int:
    """Beat, daily: old letter versions thinned by the rule in letters/history.py."""
    removed = letter_versions_prune(now=timezone.now())
    if removed:
        log.info("letter history: pruned %d old versions", removed)
    return removed
