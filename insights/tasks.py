"""Celery task for insights: a thin wrapper that brings a user's kept figures up to date."""

from celery import shared_task
from django.contrib.auth import get_user_model

from .figures import figures_refresh


@shared_task(ignore_result=True)
def insights_refresh_task(user_id: int, period: str) -> None:
    """Queued by the insights page when it showed figures older than the user's data
    or day; nothing to do for an account deleted meanwhile."""
    user = get_user_model().objects.filter(pk=user_id).first()
    if user is not None:
        figures_refresh(user=user, period=period)
