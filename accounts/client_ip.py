"""Which address a request comes from, for sign-in lockouts and rate limits alike.

Behind reverse proxies the TCP peer is the proxy, so everyone would share one address: one
person's failed sign-ins would lock a user out for all, and one rate limit would cover
every visitor. With settings.TRUSTED_PROXY_COUNT = N (0 by default: no proxy), the client is
the address the outermost of our N proxies saw: the N-th entry from the right of
X-Forwarded-For. Entries further left were sent by the client and are never trusted.

A dozen lines rather than django-ipware: the rule is this one slice of a header, and both
django-axes and django-ratelimit take a callable for it.
"""

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str:
    """The client's IP address as our own proxies report it, else the TCP peer."""
    peer = request.META.get("REMOTE_ADDR", "")
    count = settings.TRUSTED_PROXY_COUNT
    if count <= 0:
        return peer
    hops = [
        hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
    ]
    if len(hops) < count:
        return peer  # not through all our proxies: only the peer is known
    candidate = hops[-count]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return peer
