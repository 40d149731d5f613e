"""Log in and out, passwords, invitations, profiles, language; the secretariat's people pages
live in ``views_secretariat.py``.

Access: anonymous visitors are sent to the login page; a logged-in person without permission
gets **404** on every page here, secretariat lists included (one rule everywhere, and a page
that does not exist for you says nothing about what exists).
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import FileResponse, Http404, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.text import slugify
from django.utils.translation import check_for_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from ripso.client_ip import client_ip as request_address

from . import services
from .enums import Language, Role
from .forms import (
    AccountRequestForm,
    ChoosePasswordForm,
    EmailAuthenticationForm,
    EmailPasswordResetForm,
    ExpertProfileForm,
    UserProfileForm,
)
from .models import ExpertProfile, User
from .throttle import allow_mail

# Django's ModelBackend, named explicitly: several backends are configured (axes, rules).
MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"


# --- Log in, log out, passwords -------------------------------------------------------------


class LoginView(auth_views.LoginView):
    form_class = EmailAuthenticationForm
    template_name = "registration/login.html"
    redirect_authenticated_user = True


class LogoutView(auth_views.LogoutView):
    """POST only (Django's LogoutView refuses GET)."""


def locked_out(request, credentials=None, *args, **kwargs):
    """django-axes lockout response: 429 and a page that says what to do.

    axes calls this with ``(request, original_response, credentials)`` or, in older versions,
    ``(request, credentials)``; neither is needed here.
    """
    cooloff = settings.AXES_COOLOFF_TIME
    minutes = max(1, int(cooloff.total_seconds() // 60))
    response = render(request, "registration/locked_out.html", {"minutes": minutes}, status=429)
    response["Retry-After"] = str(int(cooloff.total_seconds()))
    return response


class PasswordResetView(auth_views.PasswordResetView):
    form_class = EmailPasswordResetForm
    template_name = "registration/password_reset_form.html"
    email_template_name = "registration/password_reset_email.txt"
    subject_template_name = "registration/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")

    def form_valid(self, form):
        # Links are built on SITE_URL, never on the request's Host header.
        self.extra_email_context = {"site_url": settings.SITE_URL}
        email = form.cleaned_data["email"]
        if not allow_mail("password_reset", target=email, client=request_address(self.request)):
            # Same answer as a sent link: the page never says whether an account exists.
            return HttpResponseRedirect(self.get_success_url())
        return super().form_valid(form)


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "registration/password_reset_done.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    form_class = ChoosePasswordForm
    template_name = "registration/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")

    def form_valid(self, form):
        response = super().form_valid(form)
        # "Wait 5 minutes or reset your password": a new password lifts the lockout.
        from axes.utils import reset as axes_reset

        axes_reset(username=form.user.email)
        return response


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "registration/password_reset_complete.html"


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "registration/password_change_form.html"
    success_url = reverse_lazy("accounts:profile")

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        form.fields["old_password"].label = _("Current password")
        form.fields["new_password1"].label = _("New password")
        form.fields["new_password2"].label = _("Repeat the new password")
        return form

    def form_valid(self, form):
        response = super().form_valid(form)
        messages.success(self.request, _("Your password was changed."))
        return response


# --- Language -------------------------------------------------------------------------------


def _safe_next(request, candidate):
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return None


def set_language_cookie(response, language):
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )


@require_POST
def set_language(request):
    """Like ``django.views.i18n.set_language``; a logged-in person's choice is also saved on
    their profile (``UserLanguageMiddleware`` reads it from there)."""
    next_url = (
        _safe_next(request, request.POST.get("next"))
        or _safe_next(request, request.META.get("HTTP_REFERER"))
        or "/"
    )
    response = HttpResponseRedirect(next_url)
    language = request.POST.get("language", "")
    if language in Language.values and check_for_language(language):
        set_language_cookie(response, language)
        if request.user.is_authenticated:
            services.set_preferred_language(request.user, language)
    return response


# --- Invitations ----------------------------------------------------------------------------


def _invitation_problem(request, kind, invitation=None, status=410):
    return render(
        request,
        "accounts/invitation_problem.html",
        {"kind": kind, "invitation": invitation},
        status=status,
    )


@sensitive_post_parameters("new_password1", "new_password2")
@never_cache
def accept_invitation(request, token):
    """Show who invited the person and let them choose a password; then log them in."""
    try:
        invitation = services.find_invitation(token)
    except services.InvitationNotFound:
        return _invitation_problem(request, "invalid", status=404)

    if request.user.is_authenticated:
        if request.user.email.lower() == invitation.email.lower():
            messages.info(request, _("You already have an account and you are logged in."))
            return redirect("rounds:home")
        return _invitation_problem(request, "logged_in", invitation, status=409)

    if settings.LANGUAGE_COOKIE_NAME not in request.COOKIES:
        # The e-mail was in this language: the page it leads to speaks it too, unless the visitor
        # already chose one with the language switcher.
        translation.activate(invitation.language)
        request.LANGUAGE_CODE = invitation.language

    try:
        services.check_invitation_usable(invitation)
    except services.InvitationUsed:
        return _invitation_problem(request, "used", invitation)
    except services.InvitationExpired:
        return _invitation_problem(request, "expired", invitation)

    future_user = User(email=invitation.email, full_name=invitation.full_name)
    form = ChoosePasswordForm(future_user, data=request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.accept_invitation(token, password=form.cleaned_data["new_password1"])
        except services.InvitationUsed:
            return _invitation_problem(request, "used", invitation)
        except services.InvitationExpired:
            return _invitation_problem(request, "expired", invitation)
        login(request, user, backend=MODEL_BACKEND)
        translation.activate(user.preferred_language)
        messages.success(
            request,
            _("Welcome, %(name)s. Your account is ready; from now on log in with %(email)s.")
            % {"name": user.get_short_name(), "email": user.email},
        )
        response = redirect("rounds:home")
        set_language_cookie(response, user.preferred_language)
        return response
    return render(
        request, "accounts/invitation_accept.html", {"invitation": invitation, "form": form}
    )


# --- Profile and CV -------------------------------------------------------------------------


@login_required
def profile(request):
    """Each person edits their own details; experts also their expert profile and CV."""
    # A fresh copy: an invalid form must not leave half-typed values on request.user (navbar).
    user = User.objects.get(pk=request.user.pk)
    old_language = user.preferred_language
    is_expert = user.role == Role.EXPERT
    expert_profile = ExpertProfile.objects.filter(user=user).first() if is_expert else None
    data = request.POST if request.method == "POST" else None
    files = request.FILES if request.method == "POST" else None
    user_form = UserProfileForm(data, instance=user, prefix="person")
    expert_form = (
        ExpertProfileForm(data, files, instance=expert_profile, prefix="expert")
        if is_expert
        else None
    )
    # Validate both forms, so every mistake is shown at once.
    forms_valid = [form.is_valid() for form in (user_form, expert_form) if form is not None]
    if request.method == "POST" and all(forms_valid):
        expert_fields = None
        if expert_form is not None:
            expert_fields = {
                name: expert_form.cleaned_data[name] for name in expert_form.Meta.fields
            }
        services.update_profile(
            user,
            user_fields={
                name: user_form.cleaned_data[name] for name in UserProfileForm.Meta.fields
            },
            expert_fields=expert_fields,
            cv=expert_form.cleaned_data.get("cv_file") if expert_form else None,
            remove_cv=bool(expert_form and expert_form.cleaned_data.get("remove_cv")),
        )
        # The new language applies at once, starting with this confirmation.
        translation.activate(user.preferred_language)
        messages.success(request, _("Your profile was saved."))
        response = redirect("accounts:profile")
        if user.preferred_language != old_language:
            set_language_cookie(response, user.preferred_language)
        return response
    if is_expert and expert_profile is None:
        messages.info(
            request,
            _("Please complete your expert profile: the secretariat uses it to form panels."),
        )
    return render(
        request,
        "accounts/profile.html",
        {"user_form": user_form, "expert_form": expert_form, "expert_profile": expert_profile},
    )


@login_required
def expert_cv(request, user_id):
    """Stream an expert's CV to the secretariat or to the expert; 404 for anyone else."""
    expert_profile = ExpertProfile.objects.select_related("user").filter(user_id=user_id).first()
    if (
        expert_profile is None
        or not expert_profile.cv
        or not request.user.has_perm("accounts.view_expert_cv", expert_profile.user)
    ):
        raise Http404
    try:
        handle = expert_profile.cv.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    filename = f"CV-{slugify(expert_profile.user.full_name) or expert_profile.user_id}.pdf"
    return FileResponse(
        handle, as_attachment=True, filename=filename, content_type="application/pdf"
    )


# --- Public account request -----------------------------------------------------------------


def request_account(request):
    """Anyone may ask for an account; the secretariat approves or rejects it."""
    form = AccountRequestForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        limited = not form.is_spam and not allow_mail(
            "account_request",
            target=form.cleaned_data.get("email", ""),
            client=request_address(request),
        )
        if not form.is_spam and not limited:
            data = {name: form.cleaned_data[name] for name in AccountRequestForm.Meta.fields}
            with transaction.atomic():
                services.request_account(**data)
        # A robot that filled the honeypot, or a flood over the limit, sees the same page as a
        # person: nothing to learn.
        return redirect(reverse("accounts:request_account_done"))
    return render(request, "accounts/request_account.html", {"form": form})


def request_account_done(request):
    return render(request, "accounts/request_account_done.html")
