"""Celery tasks for letters: thin wrappers around the rules in letters/."""

import logging

from celery import shared_task
from django.utils import timezone

from .history import letter_versions_prune

log = logging.getLogger(__name__)


@shared_task(ignore_result=True)
def letter_versions_prune_task() -> int:
    """Beat, daily: old letter versions thinned by the rule in letters/history.py."""
    removed = letter_versions_prune(now=timezone.now())
    if removed:
        log.info("letter history: pruned %d old versions", removed)
    return removed
