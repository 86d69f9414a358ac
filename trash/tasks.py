"""Celery task for the Trash: a thin wrapper that calls the purge rule."""

import logging

from celery import shared_task

from .rules import trash_purge

log = logging.getLogger(__name__)


@shared_task(ignore_result=True)
def trash_purge_task() -> dict:
    """Beat's tick: delete for good what has been in the Trash for longer than 30 days."""
    purged = trash_purge()
    if any(purged.values()):
        log.info("trash purge: %s", purged)
    return purged
