"""One-click unsubscribe from reminder emails; works signed out, the signed token is the key."""

from django.contrib.auth import get_user_model
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from .delivery import unsubscribe_user_id
from .schedule import reminders_turn_off


# Mail clients POST here without cookies or a CSRF token (RFC 8058 one-click): the signed
# token is what authorises the change, and all it can do is turn reminders off.
@csrf_exempt
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    user_id = unsubscribe_user_id(token=token)
    user = get_user_model().objects.filter(pk=user_id).first() if user_id else None
    if user is None:
        return render(request, "reminders/unsubscribe_invalid.html", status=400)
    if request.method == "POST":
        reminders_turn_off(user=user)
        return render(request, "reminders/unsubscribe_done.html", {"email": user.email})
    return render(request, "reminders/unsubscribe.html", {"email": user.email})
