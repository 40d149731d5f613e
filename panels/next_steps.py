"""Next steps of phase 2 (see rounds/next_steps.py): the panel being formed.

Reads every seat of the rounds being formed in one query, and the states a MECIGEP country
selected in another; the expert's own invitations come from ``ctx.seat`` (one query for all).
"""

from collections import defaultdict

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from rounds.enums import Methodology, RoundState
from rounds.next_steps import Who, round_url, step_provider

from .enums import SEAT_RULES, CountryOpinion, SeatKind, SeatStatus
from .models import PanelSeat, SelectedState

S = RoundState


@step_provider
def invitation_to_answer(ctx):
    """An expert's pending invitation, on any round: one click to the answer page (R2.4)."""
    if ctx.user.role != "expert":
        return
    # "Still open" is defined once, by the panel (an expired invitation is no task).
    still_open = set(
        PanelSeat.objects.open_invitations().filter(user=ctx.user).values_list("pk", flat=True)
    )
    for rnd in ctx.rounds:
        seat = ctx.seat(rnd)
        if seat and seat[1] == SeatStatus.INVITED and seat[0] in still_open:
            yield ctx.step(
                rnd,
                _("Answer the invitation to join the expert panel"),
                reverse("panels:answer", args=[seat[0]]),
                who=Who.EXPERTS,
                mine=True,
                rule="R2.4",
                order=5,
                primary=True,
                key="invitation",
            )


@step_provider
def panel_being_formed(ctx):
    forming = ctx.in_states(S.PANEL_FORMING)
    if not forming:
        return
    ids = [r.pk for r in forming]
    seats = defaultdict(list)
    for seat in PanelSeat.objects.filter(round_id__in=ids, status__in=SeatStatus.holding()).values(
        "round_id", "kind", "status", "country_opinion", "user__full_name"
    ):
        seats[seat["round_id"]].append(seat)
    mecigep = [r.pk for r in forming if r.methodology == Methodology.MECIGEP]
    with_states = (
        set(SelectedState.objects.filter(round_id__in=mecigep).values_list("round_id", flat=True))
        if mecigep
        else set()
    )
    for rnd in forming:
        yield from _panel_steps(ctx, rnd, seats[rnd.pk], rnd.pk in with_states)


def _panel_steps(ctx, rnd, seats, states_selected):
    panel = reverse("panels:panel", args=[rnd.code])
    staff = ctx.is_staff
    focal = ctx.is_focal_point(rnd)
    if rnd.methodology == Methodology.MECIGEP and not states_selected:
        yield ctx.step(
            rnd,
            _("Select the member states the experts should come from"),
            panel,
            who=Who.FOCAL_POINT,
            mine=focal,
            rule="R2.3",
            order=10,
        )
    pending_opinion = [
        s
        for s in seats
        if s["kind"] == SeatKind.SPECIALIST
        and s["status"] == SeatStatus.PROPOSED
        and s["country_opinion"] == CountryOpinion.PENDING
    ]
    if pending_opinion:
        yield ctx.step(
            rnd,
            ngettext(
                "Give your opinion on the proposed expert",
                "Give your opinion on the %(n)d proposed experts",
                len(pending_opinion),
            )
            % {"n": len(pending_opinion)},
            panel,
            who=Who.FOCAL_POINT,
            mine=focal,
            rule="R2.1",
            order=15,
        )
    to_invite = [
        s
        for s in seats
        if s["status"] == SeatStatus.PROPOSED
        and (s["kind"] == SeatKind.COORDINATOR or s["country_opinion"] == CountryOpinion.AGREED)
    ]
    if to_invite:
        yield ctx.step(
            rnd,
            ngettext(
                "Invite the proposed expert the country agreed to",
                "Invite the %(n)d proposed experts the country agreed to",
                len(to_invite),
            )
            % {"n": len(to_invite)},
            panel,
            who=Who.SECRETARIAT,
            mine=staff,
            rule="R2.4",
            order=20,
        )
    invited = [s for s in seats if s["status"] == SeatStatus.INVITED]
    if invited and (staff or focal):  # who is invited: S, C, F only (docs/access.md, panel rows)
        names = ", ".join(s["user__full_name"] for s in invited)
        yield ctx.step(
            rnd,
            _("Answer the invitation to the panel: %(names)s") % {"names": names},
            panel,
            who=Who.EXPERTS,
            mine=False,
            rule="R2.4",
            order=30,
        )
    rules = SEAT_RULES.get(rnd.methodology or Methodology.RIPSO)
    missing = 0
    for kind, (minimum, _maximum) in rules.items():
        held = sum(1 for s in seats if s["kind"] == kind)
        missing += max(0, minimum - held)
    if missing:
        yield ctx.step(
            rnd,
            ngettext(
                "Propose an expert for the free seat of the panel",
                "Propose experts for the %(n)d free seats of the panel",
                missing,
            )
            % {"n": missing},
            panel,
            who=Who.SECRETARIAT,
            mine=staff,
            rule="R2.2" if rnd.methodology != Methodology.MECIGEP else "R2.3",
            order=25,
        )
    elif all(s["status"] == SeatStatus.ACCEPTED for s in seats):
        yield ctx.step(
            rnd,
            _("Confirm the panel: every seat is accepted"),
            round_url(rnd),
            who=Who.SECRETARIAT,
            mine=staff,
            rule="R2.2",
            order=10,
            primary=True,
            key="confirm_panel",
        )
