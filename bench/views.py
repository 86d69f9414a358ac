"""Reference views: what the cheapest possible Django pages cost on the same server."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse


def bare(request: HttpRequest) -> HttpResponse:
    """Every middleware, no session read, no template."""
    return HttpResponse(b"hello", content_type="text/plain")


@login_required
def signed_in(request: HttpRequest) -> HttpResponse:
    """Session and user loaded, no template: the floor a signed-in page cannot go under."""
    return HttpResponse(f"hello {request.user.pk}".encode(), content_type="text/plain")
