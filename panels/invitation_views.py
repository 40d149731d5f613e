"""The invited expert's side: open invitations, the invitation link, accepting or declining (R2.4)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from rounds.enums import RoundState

from . import services
from .enums import CountryOpinion, SeatStatus
from .forms import (
    AcceptInvitationForm,
    DeclineInvitationForm,
)
from .models import PanelSeat
from .services import PanelError

STATUS_BADGE = {
    SeatStatus.PROPOSED: "text-bg-light border",
    SeatStatus.INVITED: "text-bg-info",
    SeatStatus.ACCEPTED: "text-bg-success",
    SeatStatus.DECLINED: "text-bg-secondary",
    SeatStatus.EXPIRED: "text-bg-warning",
    SeatStatus.WITHDRAWN: "text-bg-secondary",
}
OPINION_CLASS = {
    CountryOpinion.PENDING: "text-body-secondary",
    CountryOpinion.AGREED: "text-success fw-semibold",
    CountryOpinion.OBJECTED: "text-danger fw-semibold",
}
SEAT_PEOPLE = (
    "user__expert_profile__country",
    "user__expert_profile__institution",
    "user__institution__country",
)


@login_required
def my_invitations(request):
    seats = (
        PanelSeat.objects.open_invitations()
        .filter(user=request.user)
        .select_related("round__country", "round__institution")
        .order_by("response_deadline", "pk")
    )
    return render(request, "panels/my_invitations.html", {"seats": seats})


def _problem(request, kind, seat=None, *, status):
    return render(
        request, "panels/invitation_problem.html", {"kind": kind, "seat": seat}, status=status
    )


def _closed_kind(seat):
    """Why an invitation can no longer be answered, or "" if it can."""
    if seat.status == SeatStatus.INVITED:
        if seat.is_lapsed:  # the same rule as My work and My invitations (PanelSeat)
            return "expired"
        if seat.round.status != RoundState.PANEL_FORMING:
            return "complete"
        return ""
    return {
        SeatStatus.ACCEPTED: "accepted",
        SeatStatus.DECLINED: "declined",
        SeatStatus.WITHDRAWN: "withdrawn",
        SeatStatus.EXPIRED: "expired",
    }.get(seat.status, "unknown")


def _answer_page(request, seat):
    closed = _closed_kind(seat)
    if closed:
        return _problem(request, closed, seat, status=410)
    accept_form = AcceptInvitationForm(prefix="accept")
    decline_form = DeclineInvitationForm(prefix="decline")
    error = ""
    if request.method == "POST":
        accepting = request.POST.get("answer") == "accept"
        if accepting:
            accept_form = AcceptInvitationForm(request.POST, prefix="accept")
            form = accept_form
        else:
            decline_form = DeclineInvitationForm(request.POST, prefix="decline")
            form = decline_form
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.respond(
                    seat,
                    request.user,
                    accept=accepting,
                    ad_honorem=data.get("ad_honorem", False),
                    no_conflict=data.get("no_conflict", False),
                    availability=data.get("availability", ""),
                    reason=data.get("reason", ""),
                )
            except PanelError as exc:
                error = exc.message
            else:
                if accepting:
                    messages.success(
                        request,
                        _(
                            "Thank you: you are on the expert panel of %(code)s. The request "
                            "and its reference documents are now open to you."
                        )
                        % {"code": seat.round.code},
                    )
                    return redirect(seat.round.get_absolute_url())
                messages.info(
                    request,
                    _("You declined the invitation. Thank you for letting the Secretariat know."),
                )
                return redirect("panels:my_invitations")
    rnd = seat.round
    context = {
        "seat": seat,
        "round": rnd,
        "topics": rnd.topics.all(),
        "overdue": seat.is_overdue,
        "last_day": seat.last_answer_day,
        "accept_form": accept_form,
        "decline_form": decline_form,
        "error": error,
    }
    return render(request, "panels/invitation.html", context, status=409 if error else 200)


@login_required
@require_http_methods(["GET", "POST"])
def answer(request, pk):
    """An open invitation of the logged-in person, reached from "My invitations"."""
    seats = (
        PanelSeat.objects.select_related("round__country", "round__institution", "user")
        .filter(user=request.user)
        .exclude(status=SeatStatus.PROPOSED)  # not invited (yet): nothing to answer
        .exclude(status=SeatStatus.WITHDRAWN, invited_at__isnull=True)
    )
    seat = get_object_or_404(seats, pk=pk)
    return _answer_page(request, seat)


@require_http_methods(["GET", "POST"])
def invitation(request, token):
    """The link of the invitation e-mail: the person it is addressed to answers here."""
    if not request.user.is_authenticated:
        messages.info(
            request,
            _(
                "Log in to read and answer your invitation to the expert panel. If you do not "
                "have an account yet, the Technical Secretariat sends you an invitation to create "
                "one: use it first, then open this link again."
            ),
        )
        return redirect_to_login(request.get_full_path())
    seat = services.find_invitation(token)
    if seat is None:
        return _problem(request, "unknown", status=404)
    if seat.user_id != request.user.pk:
        return _problem(request, "someone_else", status=403)
    return _answer_page(request, seat)
