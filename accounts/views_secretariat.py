"""The secretariat's pages about people: invite, list, account requests.

Access: anonymous visitors are sent to the login page; anyone logged in without the permission
gets **404**, not 403 (the project answers 404 wherever a page is not yours, lists included).
"""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.db import transaction
from django.db.models import Case, Count, Exists, IntegerField, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Lower
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.decorators.http import require_POST
from django.views.generic import FormView, ListView

from . import services
from .enums import AccountRequestStatus, Role
from .forms import CountryChoiceField, DecisionApproveForm, DecisionRejectForm, InviteForm
from .models import AccountRequest, Invitation, User


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
        context["waiting_invitations"] = latest_invitations().filter(used_at__isnull=True).count()
        return context


def latest_invitations():
    """The newest invitation to each address that has no account yet (an older one was
    replaced by it), annotated with how many links that address has been sent."""
    same_address = Invitation.objects.annotate(address=Lower("email")).filter(
        address=Lower(OuterRef("email"))
    )
    sends = same_address.order_by().values("address").annotate(n=Count("pk")).values("n")
    return (
        Invitation.objects.annotate(
            has_account=Exists(User.objects.filter(email__iexact=OuterRef("email"))),
            newer=Exists(same_address.filter(created_at__gt=OuterRef("created_at"))),
            sends=Subquery(sends, output_field=IntegerField()),
        )
        .filter(newer=False)
        .filter(Q(has_account=False) | Q(used_at__isnull=False))
    )


class InvitationFilterForm(forms.Form):
    STATES = [
        ("waiting", gettext_lazy("Not accepted yet")),
        ("accepted", gettext_lazy("Accepted")),
        ("all", gettext_lazy("All")),
    ]
    state = forms.ChoiceField(label=gettext_lazy("Show"), choices=STATES, required=False)
    q = forms.CharField(label=gettext_lazy("Name or e-mail"), required=False)


class InvitationListView(PermissionOr404Mixin, ListView):
    """Account invitations and their state (sent, expired, accepted); resend from here."""

    permission_required = "accounts.invite_person"
    template_name = "accounts/invitations.html"
    context_object_name = "invitations"
    paginate_by = 50

    def get_queryset(self):
        self.filter_form = InvitationFilterForm(self.request.GET or None)
        state, words = "waiting", []
        if self.filter_form.is_valid():
            state = self.filter_form.cleaned_data["state"] or "waiting"
            words = self.filter_form.cleaned_data["q"].split()
        qs = latest_invitations().select_related(
            "invited_by", "institution__country", "expert_country"
        )
        if state == "waiting":
            qs = qs.filter(used_at__isnull=True)
        elif state == "accepted":
            qs = qs.filter(used_at__isnull=False)
        for word in words:
            qs = qs.filter(Q(full_name__icontains=word) | Q(email__icontains=word))
        self.state = state
        return qs.order_by("-created_at", "-pk")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["filter_form"] = self.filter_form
        context["state"] = self.state
        context["now"] = timezone.now()
        query = self.request.GET.copy()
        query.pop("page", None)
        context["querystring"] = query.urlencode()
        context["resend_minutes"] = int(services.RESEND_INTERVAL.total_seconds() // 60)
        return context


@login_required
@require_POST
def resend_invitation(request, pk):
    """Send a new link (the old one stops working); back to the list with what happened."""
    if not request.user.has_perm("accounts.invite_person"):
        raise Http404
    invitation = get_object_or_404(Invitation, pk=pk)
    back = request.POST.get("back", "")
    try:
        new, _token = services.resend_invitation(invitation, actor=request.user)
    except services.InvitationUsed:
        messages.info(
            request,
            _("%(email)s already accepted the invitation: the account exists.")
            % {"email": invitation.email},
        )
    except services.AccountExists as exc:
        messages.info(request, _account_exists_message(exc.email))
    except services.InvitationReplaced:
        messages.info(
            request,
            _("A newer invitation was already sent to %(email)s: nothing else was sent.")
            % {"email": invitation.email},
        )
    except services.ResendTooSoon as exc:
        messages.warning(
            request,
            _(
                "An invitation was sent to %(email)s at %(sent)s. So as not to flood the "
                "person's inbox, you can send another from %(when)s."
            )
            % {
                "email": invitation.email,
                "sent": date_format(timezone.localtime(exc.last_sent), "DATETIME_FORMAT"),
                "when": date_format(timezone.localtime(exc.allowed_from), "DATETIME_FORMAT"),
            },
        )
    else:
        messages.success(
            request,
            _(
                "A new invitation was sent to %(name)s (%(email)s); the link works until "
                "%(date)s. The earlier link no longer works."
            )
            % {
                "name": new.full_name,
                "email": new.email,
                "date": date_format(timezone.localtime(new.expires_at), "DATE_FORMAT"),
            },
        )
    url = reverse("accounts:invitations")
    return redirect(f"{url}?{back}" if back and back.isprintable() else url)


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
