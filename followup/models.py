"""What the follow-through adds to an interview: where its invite came from, and the
private calendar feed of each user."""

import secrets

from django.conf import settings
from django.db import models

from applications.models import Interview
from jobtrack.ownership import OwnedQuerySet

# 32 random bytes: the feed URL is the only key a calendar client can hold.
FEED_TOKEN_BYTES = 32


def feed_token_new() -> str:
    return secrets.token_urlsafe(FEED_TOKEN_BYTES)


class InterviewInvite(models.Model):
    """The calendar invite an interview was imported from: its join link and identity."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    interview = models.OneToOneField(
        Interview, on_delete=models.CASCADE, related_name="invite"
    )
    uid = models.CharField("invite UID", max_length=255, blank=True)
    sequence = models.PositiveIntegerField(default=0)
    summary = models.CharField(max_length=300, blank=True)
    join_url = models.URLField("join link", max_length=500, blank=True)
    location = models.CharField(max_length=300, blank=True)
    imported_at = models.DateTimeField(auto_now_add=True)

    objects = OwnedQuerySet.as_manager()

    class Meta:
        indexes = [
            # Importing an invite again finds the interview it already made.
            models.Index(fields=["owner", "uid"], name="invite_owner_uid"),
        ]

    def __str__(self):
        return self.summary or self.uid


class CalendarFeed(models.Model):
    """A user's private calendar address; no row means no feed (revoked or never made)."""

    owner = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed"
    )
    token = models.CharField(max_length=64, unique=True, default=feed_token_new)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = OwnedQuerySet.as_manager()

    def __str__(self):
        return f"calendar feed of {self.owner}"
