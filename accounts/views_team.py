"""The focal point's team page: colleagues of the same institution, and inviting new ones.

A focal point invites colleagues of their own institution as technical-team members, who may then
edit the institution's requests and answer questionnaires (phase 1, R3.2). Team members see the
page; anyone else gets 404.
"""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from . import services
from .enums import Language, Role
from .models import Invitation, User


class ColleagueInviteForm(forms.Form):
    full_name = forms.CharField(label=gettext_lazy("Full name"), max_length=150)
    email = forms.EmailField(label=gettext_lazy("E-mail address"), max_length=254)
    language = forms.ChoiceField(
        label=gettext_lazy("Language of the invitation"), choices=Language.choices
    )


@login_required
@require_http_methods(["GET", "POST"])
def team(request):
    user = request.user
    if user.role not in Role.country_roles() or not user.institution_id:
        raise Http404
    can_invite = user.role == Role.FOCAL_POINT
    form = ColleagueInviteForm(request.POST or None, initial={"language": user.preferred_language})
    if request.method == "POST":
        if not can_invite:
            raise Http404
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.invite_person(
                    email=data["email"],
                    full_name=data["full_name"],
                    role=Role.TEAM_MEMBER,
                    invited_by=user,
                    language=data["language"],
                    institution=user.institution,
                )
            except services.AccountExists:
                form.add_error(
                    "email",
                    _(
                        "This address already has an account. Ask the Secretariat if the person "
                        "should join your team."
                    ),
                )
            else:
                messages.success(
                    request,
                    _("Invitation sent to %(email)s. The link is valid for 14 days.")
                    % {"email": data["email"]},
                )
                return redirect("accounts:team")
    people = User.objects.filter(
        institution_id=user.institution_id, role__in=Role.country_roles(), is_active=True
    ).order_by("role", "full_name")
    pending = Invitation.objects.usable().filter(institution_id=user.institution_id)
    return render(
        request,
        "accounts/team.html",
        {"form": form, "people": people, "pending": pending, "can_invite": can_invite},
    )
