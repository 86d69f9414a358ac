"""Signing up and in, and the profile: thin views over Django's auth. The account's data
(its download, the delete page) reads every part, so it lives in ``overview``."""

import copy

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.decorators import method_decorator
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods

from .emailing import (
    password_reset_requested,
    signup_requested,
    signup_resend_requested,
)
from .forms import (
    ProfileForm,
    ResendConfirmationForm,
    SignInForm,
    SignUpConfirmForm,
    SignUpForm,
)
from .signup import (
    SIGNUP_LINK_DAYS,
    account_signup_confirm,
    signup_next,
    signup_token_account,
)
from .throttle import RateLimitUnavailable, account_email_limited, signin_limited

EMAIL_UNAVAILABLE = ValidationError(
    "We can't send emails just now, so nothing was sent. Please try again in a few "
    "minutes.",
    code="email_unavailable",
)
EMAIL_RETRY_AFTER_SECONDS = 60


def _email_allowed(request: HttpRequest, form) -> bool:
    """Whether the rate limits let this email go. Over a limit the page reads as usual;
    when the limits cannot be checked, the form says so and keeps what was typed."""
    try:
        return not account_email_limited(
            request=request, email=form.cleaned_data["email"]
        )
    except RateLimitUnavailable:
        form.add_error(None, EMAIL_UNAVAILABLE)
        return False


def _email_page(response: HttpResponse, form) -> HttpResponse:
    """The form page, as 503 with Retry-After when no email could be sent."""
    if form.has_error(NON_FIELD_ERRORS, EMAIL_UNAVAILABLE.code):
        response.status_code = 503
        response["Retry-After"] = str(EMAIL_RETRY_AFTER_SECONDS)
    return response


@sensitive_post_parameters("password1", "password2")
@never_cache
@require_http_methods(["GET", "POST"])
def signup(request: HttpRequest) -> HttpResponse:
    """Every valid sign-up lands on the same "check your email" page, taken address or not."""
    if request.user.is_authenticated:
        return redirect(settings.LOGIN_REDIRECT_URL)
    form = SignUpForm(request.POST or None)
    next_url = request.POST.get("next") or request.GET.get("next", "")
    if request.method == "POST" and form.is_valid():
        if _email_allowed(request, form):
            signup_requested(
                email=form.cleaned_data["email"],
                password=form.cleaned_data["password1"],
                full_name=form.cleaned_data["full_name"],
                timezone=form.cleaned_data["timezone"],
                next_url=next_url,
            )
        if not form.errors:
            return redirect("accounts:signup_sent")
    return _email_page(
        render(request, "registration/signup.html", {"form": form, "next": next_url}),
        form,
    )


@require_http_methods(["GET"])
def signup_sent(request: HttpRequest) -> HttpResponse:
    return render(request, "registration/signup_sent.html", {"days": SIGNUP_LINK_DAYS})


@sensitive_post_parameters("password1", "password2")
@never_cache
@require_http_methods(["GET", "POST"])
def signup_confirm(request: HttpRequest, token: str) -> HttpResponse:
    """The emailed link: a page asking for the password (and the name and timezone),
    which activates the account and signs it in, once, within 3 days.

    Opening the link changes nothing; the password typed here replaces the one typed at
    sign-up, which may have been a stranger's. Someone signed in to another account sees
    both addresses before switching.
    """
    account = signup_token_account(token=token)
    form = (
        None
        if account is None
        else SignUpConfirmForm(request.POST or None, account=account)
    )
    user = None
    if form is not None and request.method == "POST" and form.is_valid():
        user = account_signup_confirm(
            token=token,
            password=form.cleaned_data["password1"],
            full_name=form.cleaned_data["full_name"],
            timezone=form.cleaned_data["timezone"],
        )
        if user is None:  # used or expired while the page was open
            form = None
    if form is None:
        return render(
            request,
            "registration/signup_confirm_failed.html",
            {"days": SIGNUP_LINK_DAYS, "form": ResendConfirmationForm()},
        )
    if user is None:
        return render(
            request,
            "registration/signup_confirm.html",
            {"form": form, "account": account, "days": SIGNUP_LINK_DAYS},
        )
    if request.user.is_authenticated:
        logout(request)
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    messages.success(
        request,
        "Your email is confirmed: welcome to jobtrack. Log your next interview right "
        "after it ends and your thank-you drafts will be waiting.",
    )
    return redirect(signup_next(user=user) or settings.LOGIN_REDIRECT_URL)


@never_cache
@require_http_methods(["GET", "POST"])
def signup_resend(request: HttpRequest) -> HttpResponse:
    """A new confirmation link; answers like sign-up, whatever the address."""
    form = ResendConfirmationForm(request.POST or None, initial=request.GET)
    if request.method == "POST" and form.is_valid():
        if _email_allowed(request, form):
            signup_resend_requested(email=form.cleaned_data["email"])
        if not form.errors:
            return redirect("accounts:signup_sent")
    return _email_page(
        render(request, "registration/signup_resend.html", {"form": form}), form
    )


# Form pages answer GET and POST only, checked before anything else (Django's form views
# would take PUT as a POST, and sign-in and reset act on the request before the method).
get_and_post_only = method_decorator(
    require_http_methods(["GET", "POST"]), name="dispatch"
)


@get_and_post_only
class SignInView(auth_views.LoginView):
    """Django's sign-in, with a cap on attempts from one client across all addresses."""

    form_class = SignInForm
    redirect_authenticated_user = True

    def post(self, request, *args, **kwargs):
        if signin_limited(request=request):
            form = self.form_class(
                request, initial={"username": request.POST.get("username", "")}
            )
            return self.render_to_response(
                self.get_context_data(form=form, throttled=True), status=429
            )
        return super().post(request, *args, **kwargs)


class SignOutView(auth_views.LogoutView):
    """Django's POST-only sign-out, with a word that it worked."""

    def post(self, request, *args, **kwargs):
        response = super().post(request, *args, **kwargs)
        messages.info(request, "You're signed out. See you after your next interview.")
        return response


@get_and_post_only
class PasswordChangeView(auth_views.PasswordChangeView):
    success_url = reverse_lazy("accounts:password_change_done")


@get_and_post_only
class PasswordResetView(auth_views.PasswordResetView):
    """Queues the email for the worker (within the rate limits) and always answers the same."""

    success_url = reverse_lazy("accounts:password_reset_done")

    def form_valid(self, form):
        if _email_allowed(self.request, form):
            password_reset_requested(email=form.cleaned_data["email"])
        if form.errors:
            return _email_page(self.form_invalid(form), form)
        return HttpResponseRedirect(self.get_success_url())


@get_and_post_only
class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    success_url = reverse_lazy("accounts:password_reset_complete")


@login_required
@require_http_methods(["GET", "POST"])
def profile(request: HttpRequest) -> HttpResponse:
    # A copy, so a rejected form does not show unsaved values in the page's header.
    form = ProfileForm(request.POST or None, instance=copy.copy(request.user))
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            form.save()
        messages.success(request, "Your profile is saved.")
        return redirect("accounts:profile")
    return render(request, "accounts/profile.html", {"form": form})
