"""The secretariat's pages about people: invite, list, account requests.

Access: anonymous visitors are sent to the login page; anyone logged in without the permission
gets **404**, not 403 (the project answers 404 wherever a page is not yours, lists included).
"""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.db import transaction
from django.db.models import Case, Exists, IntegerField, OuterRef, Q, Value, When
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import FormView, ListView

from . import services
from .enums import AccountRequestStatus, Role
from .forms import CountryChoiceField, DecisionApproveForm, DecisionRejectForm, InviteForm
from .models import AccountRequest, User


class PermissionOr404Mixin(PermissionRequiredMixin):
    """Anonymous → login page; logged in without the permission → 404 (see module docstring)."""

    def handle_no_permission(self):
        if self.request.user.is_authenticated:
            raise Http404
        return super().handle_no_permission()


def _account_exists_message(email):
    return _(
        "%(email)s already has an account. The person can log in, or use “Forgot your "
        "password?” on the login page."
    ) % {"email": email}


class InviteView(PermissionOr404Mixin, FormView):
    permission_required = "accounts.invite_person"
    form_class = InviteForm
    template_name = "accounts/invite.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["invitation_days"] = settings.INVITATION_VALID_DAYS
        return context

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            with transaction.atomic():
                institution = data["institution"]
                if institution is None and data["new_institution_name"] and data["country"]:
                    institution = services.get_or_create_institution(
                        country=data["country"],
                        name=data["new_institution_name"],
                        acronym=data["new_institution_acronym"],
                    )
                invitation, _token = services.invite_person(
                    email=data["email"],
                    full_name=data["full_name"],
                    role=data["role"],
                    invited_by=self.request.user,
                    language=data["language"],
                    institution=institution,
                    country=data["country"],
                    is_oas_specialist=data["is_oas_specialist"],
                )
        except services.AccountExists as exc:
            form.add_error("email", _account_exists_message(exc.email))
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("Invitation sent to %(name)s (%(email)s). The link works until %(date)s.")
            % {
                "name": invitation.full_name,
                "email": invitation.email,
                "date": date_format(invitation.expires_at, "DATE_FORMAT"),
            },
        )
        return redirect("accounts:invite")


class PeopleFilterForm(forms.Form):
    q = forms.CharField(label=gettext_lazy("Name or e-mail"), required=False)
    role = forms.ChoiceField(
        label=gettext_lazy("Role"),
        required=False,
        choices=[("", gettext_lazy("All roles")), *Role.choices],
    )
    country = CountryChoiceField(required=False, empty_label=gettext_lazy("All countries"))


class PeopleView(PermissionOr404Mixin, ListView):
    permission_required = "accounts.view_people"
    template_name = "accounts/people.html"
    context_object_name = "people"
    paginate_by = 50

    def get_queryset(self):
        qs = User.objects.select_related(
            "institution__country", "expert_profile__country", "expert_profile__institution"
        ).order_by("full_name", "pk")
        self.filter_form = PeopleFilterForm(self.request.GET or None)
        if self.filter_form.is_valid():
            data = self.filter_form.cleaned_data
            if data["q"]:
                words = data["q"].split()
                for word in words:
                    qs = qs.filter(Q(full_name__icontains=word) | Q(email__icontains=word))
            if data["role"]:
                qs = qs.filter(role=data["role"])
            if data["country"]:
                qs = qs.filter(
                    Q(institution__country=data["country"])
                    | Q(expert_profile__country=data["country"])
                )
        return qs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["filter_form"] = self.filter_form
        query = self.request.GET.copy()
        query.pop("page", None)
        context["querystring"] = query.urlencode()
        return context


class AccountRequestListView(PermissionOr404Mixin, ListView):
    permission_required = "accounts.decide_account_request"
    template_name = "accounts/account_requests.html"
    context_object_name = "account_requests"
    paginate_by = 25

    def get_queryset(self):
        pending_first = Case(
            When(status=AccountRequestStatus.PENDING, then=Value(0)),
            default=Value(1),
            output_field=IntegerField(),
        )
        return (
            AccountRequest.objects.select_related("country", "decided_by")
            .annotate(
                pending_first=pending_first,
                has_account=Exists(User.objects.filter(email__iexact=OuterRef("email"))),
            )
            .order_by("pending_first", "created_at", "pk")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["pending_count"] = AccountRequest.objects.filter(
            status=AccountRequestStatus.PENDING
        ).count()
        return context


class AccountRequestDecideView(PermissionOr404Mixin, View):
    """GET shows the request and both decisions; POST ``action=approve|reject`` decides."""

    permission_required = "accounts.decide_account_request"
    template_name = "accounts/account_request_decide.html"

    def get_object(self):
        return get_object_or_404(
            AccountRequest.objects.select_related("country", "decided_by"), pk=self.kwargs["pk"]
        )

    def render_page(self, account_request, approve_form=None, reject_form=None, status=200):
        return render(
            self.request,
            self.template_name,
            {
                "account_request": account_request,
                "is_pending": account_request.status == AccountRequestStatus.PENDING,
                "has_account": services.email_has_account(account_request.email),
                "approve_form": approve_form
                or DecisionApproveForm(account_request=account_request),
                "reject_form": reject_form or DecisionRejectForm(),
            },
            status=status,
        )

    def get(self, request, pk):
        return self.render_page(self.get_object())

    def post(self, request, pk):
        account_request = self.get_object()
        action = request.POST.get("action")
        try:
            if action == "approve":
                form = DecisionApproveForm(request.POST, account_request=account_request)
                if not form.is_valid():
                    return self.render_page(account_request, approve_form=form, status=400)
                try:
                    invitation = services.approve_account_request(
                        account_request,
                        decided_by=request.user,
                        institution=form.cleaned_data["institution"],
                        new_institution_name=form.cleaned_data["new_institution_name"],
                        new_institution_acronym=form.cleaned_data["new_institution_acronym"],
                    )
                except services.AccountExists as exc:
                    messages.error(request, _account_exists_message(exc.email))
                    return redirect("accounts:account_request_decide", pk=pk)
                messages.success(
                    request,
                    _("Approved. An invitation was sent to %(email)s.")
                    % {"email": invitation.email},
                )
            elif action == "reject":
                form = DecisionRejectForm(request.POST)
                if not form.is_valid():
                    return self.render_page(account_request, reject_form=form, status=400)
                services.reject_account_request(
                    account_request, decided_by=request.user, reason=form.cleaned_data["reason"]
                )
                messages.success(
                    request,
                    _("Rejected. %(email)s was told the reason by e-mail.")
                    % {"email": account_request.email},
                )
            else:
                return redirect("accounts:account_request_decide", pk=pk)
        except services.AlreadyDecided as exc:
            decided = exc.account_request
            name = str(decided.decided_by or _("another person"))
            if decided.status == AccountRequestStatus.APPROVED:
                text = _("This request was already approved by %(name)s. Nothing was changed.")
            else:
                text = _("This request was already rejected by %(name)s. Nothing was changed.")
            messages.warning(request, text % {"name": name})
        return redirect("accounts:account_requests")
