from django import template
from django.conf import settings

from followup.calendar_out import feed_url
from followup.models import CalendarFeed

register = template.Library()


@register.inclusion_tag("followup/_feed_control.html", takes_context=True)
def feed_section(context):
    """The profile's calendar section: the user's feed address, if there is one."""
    user = context["user"]
    feed = CalendarFeed.objects.filter(owner=user).first()
    url = feed_url(feed=feed, site_url=settings.SITE_URL) if feed else ""
    return {
        "feed_url": url,
        "webcal_url": "webcal://" + url.split("://", 1)[-1] if url else "",
        "csrf_token": context.get("csrf_token"),
    }
