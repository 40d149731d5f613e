"""The expert panel's pages: the panel (one page, adapted to the viewer), the invitations and the
invitation letters. Thin glue: the rules are in ``panels.services``; access in ``panels.rules``."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from rounds.enums import RoundState
from rounds.views import get_round_for

from . import candidates, eligibility, services
from .enums import SEAT_RULES, CountryOpinion, SeatKind, SeatStatus
from .forms import (
    RANKS,
    OpinionForm,
    ProposeForm,
    SelectStatesForm,
    WithdrawForm,
)
from .letters import render_invitation_letter
from .models import PanelSeat
from .services import NeedsOverride, PanelError

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


def get_panel_round(user, code, perm="panels.view_panel"):
    """The round if ``user`` may see it, it has a panel (it was accepted), and ``perm`` holds.

    Outsiders get 404 from ``get_round_for``; a round without a panel is 404 to everyone; a
    participant of the round without ``perm`` gets 403 (docs/access.md, "Panels").
    """
    rnd = get_round_for(user, code)
    if not rnd.methodology:
        raise Http404
    if not user.has_perm(perm, rnd):
        raise PermissionDenied
    return rnd


def _panel_url(rnd):
    return redirect("panels:panel", code=rnd.code)


# --- The panel page ---------------------------------------------------------------------------
def _requirements(rnd):
    if rnd.methodology == "mecigep":
        return _(
            "Up to 3 experts, officials of 3 different member states selected by the "
            "beneficiary country, and 1 OAS expert for coordination, secretariat and technical "
            "support (R2.3)."
        )
    return _(
        "2 specialists from the social protection institutions of cooperating countries, for "
        "the substantive analysis, and 2 OAS specialists for the general coordination (R2.2)."
    )


def _seat_row(seat, *, manage, can_opine, forming, taken, maximum, opinion_form):
    now = timezone.now()
    agreed = seat.kind == SeatKind.COORDINATOR or seat.country_opinion == CountryOpinion.AGREED
    invite_blocker = ""
    if seat.status == SeatStatus.PROPOSED and not agreed:
        invite_blocker = _("Waiting for the country's agreement (R2.1).")
    elif seat.status == SeatStatus.PROPOSED and taken >= maximum:
        invite_blocker = _("All seats of this kind are taken or have open invitations.")
    profile = getattr(seat.user, "expert_profile", None)
    return {
        "seat": seat,
        "profile": profile,
        "areas": [a.strip() for a in profile.areas_of_expertise.splitlines() if a.strip()]
        if profile
        else [],
        "overdue": seat.status == SeatStatus.INVITED
        and seat.response_deadline is not None
        and seat.response_deadline <= now,
        "can_invite": manage and forming and seat.status == SeatStatus.PROPOSED,
        "invite_blocker": invite_blocker,
        "can_withdraw": manage and forming and seat.status in SeatStatus.holding(),
        "can_opine": can_opine
        and forming
        and seat.kind == SeatKind.SPECIALIST
        and seat.status == SeatStatus.PROPOSED,
        "opinion_form": opinion_form,
        "letter": manage
        and seat.kind == SeatKind.SPECIALIST
        and seat.status in SeatStatus.holding(),
    }


def _is_for(form, user, kind):
    return (
        form is not None and form.data.get("user") == str(user.pk) and form.data.get("kind") == kind
    )


def _as_email_form(form):
    """A refused proposal of someone who is not among the suggestions: shown in the "someone
    else" form, with their address and the errors."""
    data = form.data.copy()
    user = getattr(form, "cleaned_data", {}).get("user")
    if user is not None:
        data["email"] = user.email
    data["user"] = ""
    email_form = ProposeForm(data)
    email_form.is_valid()
    email_form._errors = form.errors
    return email_form


def _candidate_rows(rnd, kind, *, next_rank, propose_form, propose_warnings):
    rows = []
    for candidate in candidates.suggest_candidates(rnd, kind):
        user = candidate["user"]
        bound = _is_for(propose_form, user, kind)
        form = (
            propose_form
            if bound
            else ProposeForm(initial={"user": user.pk, "kind": kind, "rank": min(next_rank, RANKS)})
        )
        form.auto_id = f"id_{kind}_{user.pk}_%s"  # one form per candidate: ids stay unique
        warnings = propose_warnings if bound and propose_warnings else candidate["warnings"]
        # OAS specialists have no expert profile: asking would cost a query per candidate.
        profile = user.expert_profile if kind == SeatKind.SPECIALIST else None
        rows.append({**candidate, "profile": profile, "form": form})
        rows[-1]["warnings"] = warnings
    return rows


def render_panel(request, rnd, *, propose_form=None, propose_warnings=(), opinion=None,
                 states_form=None, status=200):  # fmt: skip
    """The panel page for this viewer; the POST views re-render it with their bound form."""
    user = request.user
    manage = user.has_perm("panels.manage_panel", rnd)
    view_proposal = user.has_perm("panels.view_proposal", rnd)
    can_opine = user.has_perm("panels.give_opinion", rnd)
    can_select = user.has_perm("panels.select_states", rnd)
    forming = rnd.status == RoundState.PANEL_FORMING
    seats = list(
        rnd.panel_seats.select_related(*SEAT_PEOPLE).order_by("kind", "rank", "created_at", "pk")
    )
    if not view_proposal:  # an expert on the panel sees its members only
        seats = [s for s in seats if s.status == SeatStatus.ACCEPTED]
    for seat in seats:
        seat.badge_class = STATUS_BADGE[seat.status]
        seat.opinion_class = OPINION_CLASS[seat.country_opinion]
    holding = [s for s in seats if s.status in SeatStatus.holding()]
    groups = []
    for kind, (minimum, maximum) in SEAT_RULES[rnd.methodology].items():
        kind_seats = [s for s in holding if s.kind == kind]
        taken = sum(s.status in (SeatStatus.INVITED, SeatStatus.ACCEPTED) for s in kind_seats)
        rows = []
        for seat in kind_seats:
            bound = opinion if opinion and opinion[0] == seat.pk else None
            rows.append(
                _seat_row(
                    seat,
                    manage=manage,
                    can_opine=can_opine,
                    forming=forming,
                    taken=taken,
                    maximum=maximum,
                    opinion_form=bound[1] if bound else OpinionForm(),
                )
            )
        next_rank = max((s.rank for s in kind_seats), default=0) + 1
        groups.append(
            {
                "kind": kind,
                "label": SeatKind(kind).label,
                "minimum": minimum,
                "maximum": maximum,
                "accepted": sum(s.status == SeatStatus.ACCEPTED for s in kind_seats),
                "rows": rows,
                "next_rank": next_rank,
                "waiting_for_states": manage
                and forming
                and kind == SeatKind.SPECIALIST
                and rnd.methodology == "mecigep"
                and not rnd.selected_states.exists(),
                "candidates": _candidate_rows(
                    rnd,
                    kind,
                    next_rank=next_rank,
                    propose_form=propose_form,
                    propose_warnings=propose_warnings,
                )
                if manage and forming
                else [],
            }
        )
    matched = any(
        _is_for(propose_form, c["user"], g["kind"]) for g in groups for c in g["candidates"]
    )
    email_bound = propose_form is not None and not matched
    if email_bound and propose_form.data.get("user"):
        propose_form = _as_email_form(propose_form)
    selected = list(rnd.selected_states.select_related("country")) if view_proposal else []
    if states_form is None and can_select and forming and rnd.methodology == "mecigep":
        initial = {f"state_{i}": s.country_id for i, s in enumerate(selected, start=1)}
        states_form = SelectStatesForm(rnd=rnd, initial=initial)
    context = {
        "round": rnd,
        "forming": forming,
        "manage": manage,
        "view_proposal": view_proposal,
        "can_opine": can_opine,
        "is_country": user.role in ("focal_point", "team_member"),
        "requirements": _requirements(rnd),
        "groups": groups,
        "released": [s for s in seats if s.status in SeatStatus.released()] if manage else [],
        "blockers": eligibility.panel_blockers(rnd) if manage and forming else [],
        "selected_states": selected,
        "states_form": states_form if can_select and forming else None,
        "email_form": propose_form
        if email_bound
        else ProposeForm(initial={"kind": SeatKind.SPECIALIST, "rank": 1}),
        "email_warnings": propose_warnings if email_bound else (),
        "deadline_days": services.INVITATION_DAYS,
    }
    return render(request, "panels/panel.html", context, status=status)


@login_required
def panel(request, code):
    rnd = get_panel_round(request.user, code)
    return render_panel(request, rnd)


# --- The panel's writes -----------------------------------------------------------------------
@login_required
@require_POST
def propose(request, code):
    rnd = get_panel_round(request.user, code, "panels.manage_panel")
    form = ProposeForm(request.POST)
    warnings = ()
    if form.is_valid():
        data = form.cleaned_data
        try:
            seat = services.propose(
                rnd,
                data["user"],
                data["kind"],
                request.user,
                rank=data["rank"],
                override_reason=data["override_reason"],
            )
        except NeedsOverride as exc:
            warnings = exc.details
            form.add_error("override_reason", exc.message)
        except PanelError as exc:
            if _no_longer_forming(rnd):
                messages.error(request, exc.message)
                return _panel_url(rnd)
            for problem in exc.details or [exc.message]:
                form.add_error(None, problem)
        else:
            if seat.status == SeatStatus.ACCEPTED:  # an OAS specialist: seated at once
                text = _("%(name)s now holds a seat: “%(seat)s”.")
            else:
                text = _("%(name)s is proposed for a seat: “%(seat)s”.")
            messages.success(
                request, text % {"name": seat.user.full_name, "seat": seat.get_kind_display()}
            )
            return _panel_url(rnd)
    return render_panel(request, rnd, propose_form=form, propose_warnings=warnings)


def _no_longer_forming(rnd):
    """Someone confirmed the panel (or cancelled the round) meanwhile: the forms are gone."""
    rnd.refresh_from_db(fields=["status"])
    return rnd.status != RoundState.PANEL_FORMING


def _seat_of(rnd, pk):
    return get_object_or_404(PanelSeat.objects.select_related("user", "round"), round=rnd, pk=pk)


@login_required
@require_POST
def opinion(request, code, pk):
    rnd = get_panel_round(request.user, code, "panels.give_opinion")
    seat = _seat_of(rnd, pk)
    form = OpinionForm(request.POST)
    if form.is_valid():
        agree = form.cleaned_data["opinion"] == "agree"
        try:
            services.give_country_opinion(
                seat, request.user, agree=agree, comment=form.cleaned_data["comment"]
            )
        except PanelError as exc:
            messages.error(request, exc.message)
        else:
            if agree:
                text = _("Thank you: you agree with %(name)s. The Secretariat can now invite them.")
            else:
                text = _("Your objection to %(name)s is recorded; the Secretariat will read it.")
            messages.success(request, text % {"name": seat.user.full_name})
        return _panel_url(rnd)
    return render_panel(request, rnd, opinion=(seat.pk, form))


@login_required
@require_POST
def invite(request, code, pk):
    rnd = get_panel_round(request.user, code, "panels.manage_panel")
    seat = _seat_of(rnd, pk)
    try:
        services.invite(seat, request.user)
    except PanelError as exc:
        messages.error(request, exc.message)
    else:
        seat.refresh_from_db()
        messages.success(
            request,
            _("Invitation sent to %(name)s by e-mail. Answer expected by %(date)s.")
            % {
                "name": seat.user.full_name,
                "date": date_format(timezone.localtime(seat.response_deadline), "DATE_FORMAT"),
            },
        )
    return _panel_url(rnd)


@login_required
@require_POST
def withdraw(request, code, pk):
    rnd = get_panel_round(request.user, code, "panels.manage_panel")
    seat = _seat_of(rnd, pk)
    form = WithdrawForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    try:
        services.withdraw_seat(seat, request.user, reason=reason)
    except PanelError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request, _("%(name)s no longer holds a seat.") % {"name": seat.user.full_name}
        )
    return _panel_url(rnd)


@login_required
@require_POST
def select_states(request, code):
    rnd = get_panel_round(request.user, code, "panels.select_states")
    form = SelectStatesForm(request.POST, rnd=rnd)
    if form.is_valid():
        try:
            services.select_states(rnd, request.user, form.cleaned_data["countries"])
        except PanelError as exc:
            if _no_longer_forming(rnd):
                messages.error(request, exc.message)
                return _panel_url(rnd)
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("The member states are saved."))
            return _panel_url(rnd)
    return render_panel(request, rnd, states_form=form)


@login_required
def letter(request, code, pk):
    rnd = get_panel_round(request.user, code, "panels.manage_panel")
    seat = get_object_or_404(
        PanelSeat.objects.select_related(*SEAT_PEOPLE),
        round=rnd,
        pk=pk,
        kind=SeatKind.SPECIALIST,
        status__in=SeatStatus.holding(),
    )
    response = HttpResponse(render_invitation_letter(seat), content_type="application/pdf")
    filename = f"{rnd.code}-invitation-{seat.pk}.pdf"
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response
