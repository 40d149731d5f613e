"""Convening the international expert panel (phase 2, R2.1–R2.7).

Every write locks the round's row first, so two secretariat users filling the last seat, or an
expert accepting while the seat is given to someone else, serialise and the loser gets a clear
``PanelError``. Services never take ``request``; views turn errors into messages.
"""

import secrets
from datetime import timedelta

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.enums import Role
from accounts.models import User
from notifications.enums import MessageType, Task
from notifications.services import queue_message, resolve_task
from rounds.enums import Methodology, RoundState
from rounds.models import Round
from rounds.services import RoundError, log_event

from .candidates import suggest_candidates
from .eligibility import hard_problems, seat_limits, soft_warnings
from .enums import (
    GRACE_AFTER_DEADLINE,  # noqa: F401 — re-exported: the deadlines and the tests use it
    INVITATION_DAYS,
    REMINDER_BEFORE,  # noqa: F401
    CountryOpinion,
    SeatKind,
    SeatStatus,
)
from .models import PanelSeat, SelectedState

MAX_SELECTED_STATES = 3


class PanelError(Exception):
    def __init__(self, message, *, details=()):
        super().__init__(message)
        self.message = message
        self.details = list(details)


class NeedsOverride(PanelError):
    """Soft rules (R2.6, R2.7) warn; the secretariat may go ahead with a recorded reason."""


def _lock_round(rnd):
    locked = Round.objects.select_for_update().get(pk=rnd.pk)
    if locked.status != RoundState.PANEL_FORMING:
        raise PanelError(
            _("The panel can no longer be changed: the round is now “%(state)s”.")
            % {"state": locked.staff_state_name}
        )
    return locked


# --- Writes --------------------------------------------------------------------------------
def _seat_coordinator(locked, user, actor, *, rank):
    """An OAS specialist takes a coordination seat, accepted at once: OAS staff coordinate as
    part of their work, so there is no invitation, no ad honorem or conflict declaration and no
    country agreement (R2.1 is about the specialists). ``Round.coordinators`` follows the seats.
    The caller holds the round's lock and has checked the rules."""
    _minimum, maximum = seat_limits(locked, SeatKind.COORDINATOR)
    taken = locked.panel_seats.holding().filter(kind=SeatKind.COORDINATOR).count()
    if taken >= maximum:
        raise PanelError(
            _("All coordination seats are taken (%(max)d): withdraw someone first.")
            % {"max": maximum}
        )
    now = timezone.now()
    seat = PanelSeat.objects.create(
        round=locked,
        user=user,
        kind=SeatKind.COORDINATOR,
        status=SeatStatus.ACCEPTED,
        rank=rank,
        proposed_by=actor,
        country_opinion=CountryOpinion.AGREED,
        responded_at=now,
    )
    locked.coordinators.add(user)
    log_event(
        locked,
        actor,
        "panels.seat.coordinator_seated",
        visibility="staff",
        data={"user": user.pk, "kind": SeatKind.COORDINATOR},
    )
    return seat


def seat_chosen_coordinators(rnd, actor):
    """When a request is accepted (effect of ``accept``): the OAS coordinators chosen then take
    the coordination seats, accepted (R2.2: 2 for RIPSO; R2.3: 1 OAS expert for MECIGEP).
    Refuses (rolling the acceptance back) someone who is not an OAS specialist, or more
    coordinators than the methodology has seats."""
    chosen = list(rnd.coordinators.order_by("full_name", "pk"))
    _minimum, maximum = seat_limits(rnd, SeatKind.COORDINATOR)
    if len(chosen) > maximum:
        raise RoundError(
            _("A %(methodology)s round has %(max)d OAS coordination seats: choose at most %(max)d.")
            % {"methodology": rnd.get_methodology_display(), "max": maximum}
        )
    for rank, user in enumerate(chosen, start=1):
        problems = hard_problems(rnd, user, SeatKind.COORDINATOR)
        if problems:
            raise RoundError(f"{user.full_name}: {problems[0]}")
        if rnd.panel_seats.holding().filter(user=user).exists():
            continue
        _seat_coordinator(rnd, user, actor, rank=rank)


def propose(rnd, user, kind, actor, *, rank=0, override_reason=""):
    """Propose ``user`` for a seat. Hard rules refuse; soft rules need ``override_reason``.

    An OAS specialist chosen for a coordination seat is seated at once (accepted), like the
    coordinators chosen when the request was accepted."""
    override_reason = (override_reason or "").strip()
    with transaction.atomic():
        locked = _lock_round(rnd)
        problems = hard_problems(locked, user, kind)
        if problems:
            raise PanelError(problems[0], details=problems)
        if locked.panel_seats.holding().filter(user=user).exists():
            raise PanelError(_("%(name)s already has a seat on this panel.") % {"name": user})
        if kind == SeatKind.COORDINATOR:
            return _seat_coordinator(locked, user, actor, rank=rank)
        warnings = soft_warnings(locked, user, kind)
        if warnings and not override_reason:
            raise NeedsOverride(
                _("Check these warnings; to go ahead, write why."), details=warnings
            )
        seat = PanelSeat.objects.create(
            round=locked,
            user=user,
            kind=kind,
            rank=rank,
            proposed_by=actor,
            override_reason=override_reason if warnings else "",
            override_by=actor if warnings else None,
            country_opinion=(
                CountryOpinion.AGREED if kind == SeatKind.COORDINATOR else CountryOpinion.PENDING
            ),
        )
        log_event(
            locked,
            actor,
            "panels.seat.proposed",
            visibility="staff",
            data={
                "user": user.pk,
                "kind": kind,
                "warnings": [str(w) for w in warnings],
                "override_reason": seat.override_reason,
            },
        )
        resolve_task(locked.code, [Task.FILL_SEAT], actor=actor)
        if kind == SeatKind.SPECIALIST:
            for focal_point in _focal_points(locked):
                queue_message(
                    MessageType.PANEL_PROPOSAL,
                    recipient=focal_point,
                    context={"round": locked, "seat": seat},
                    link=reverse("panels:panel", args=[locked.code]),
                    round_code=locked.code,
                    ref=seat_ref(seat),
                )
    return seat


def seat_ref(seat):
    """What messages about one seat carry (notifications ``ref``)."""
    return f"seat:{seat.pk}"


def _focal_points(rnd):
    return User.objects.filter(
        role=Role.FOCAL_POINT, institution_id=rnd.institution_id, is_active=True
    )


def secretariat_of(rnd):
    coordinators = rnd.coordinators.filter(is_active=True)
    if coordinators.exists():
        return coordinators
    return User.objects.filter(role=Role.SECRETARIAT, is_active=True)


def give_country_opinion(seat, actor, *, agree, comment=""):
    """R2.1: the focal point agrees with a proposed specialist or objects (with a comment)."""
    comment = (comment or "").strip()
    if not agree and not comment:
        raise PanelError(
            _("Please say why you object, so the Secretariat can propose someone else.")
        )
    with transaction.atomic():
        locked = _lock_round(seat.round)
        seat = PanelSeat.objects.select_for_update().get(pk=seat.pk)
        if seat.kind != SeatKind.SPECIALIST or seat.status not in SeatStatus.holding():
            raise PanelError(_("This proposal is no longer open."))
        seat.country_opinion = CountryOpinion.AGREED if agree else CountryOpinion.OBJECTED
        seat.country_comment = comment
        seat.save(update_fields=["country_opinion", "country_comment"])
        log_event(
            locked,
            actor,
            "panels.seat.country_" + seat.country_opinion,
            comment=comment,
            visibility="country",
            data={"user": seat.user_id},
        )
        resolve_task(locked.code, [Task.ANSWER_PROPOSAL], actor=actor, ref=seat_ref(seat))
    return seat


def invite(seat, actor, *, days=INVITATION_DAYS):
    """Invite the person of a proposed seat (R2.4). Returns the one-time token."""
    with transaction.atomic():
        locked = _lock_round(seat.round)
        seat = PanelSeat.objects.select_for_update().get(pk=seat.pk)
        if seat.status != SeatStatus.PROPOSED:
            raise PanelError(_("Only a proposed candidate can be invited."))
        if seat.kind == SeatKind.SPECIALIST and seat.country_opinion != CountryOpinion.AGREED:
            raise PanelError(_("The country has not agreed with this candidate yet (R2.1)."))
        _minimum, maximum = seat_limits(locked, seat.kind)
        taken = locked.panel_seats.filter(
            kind=seat.kind, status__in=[SeatStatus.INVITED, SeatStatus.ACCEPTED]
        ).count()
        if taken >= maximum:
            raise PanelError(_("All seats of this kind are taken or have open invitations."))
        token = secrets.token_urlsafe(24)
        now = timezone.now()
        seat.status = SeatStatus.INVITED
        seat.invited_at = now
        seat.response_deadline = now + timedelta(days=days)
        seat.token_hash = PanelSeat.hash_token(token)
        seat.reminders_sent = 0
        seat.save()
        log_event(
            locked, actor, "panels.seat.invited", visibility="staff", data={"user": seat.user_id}
        )
        queue_message(
            MessageType.PANEL_INVITATION,
            recipient=seat.user,
            context={"round": locked, "seat": seat},
            link=reverse("panels:invitation", args=[token]),
            round_code=locked.code,
            ref=seat_ref(seat),
        )
    return token


def find_invitation(token):
    """The seat an invitation link belongs to, whatever became of it since: the hash is kept after
    an answer, a withdrawal or an expiry, so a link opened again gets a clear "already answered"
    or "expired" page instead of "unknown link"."""
    return (
        PanelSeat.objects.select_related("round__country", "round__institution", "user")
        .filter(token_hash=PanelSeat.hash_token(token))
        .first()
    )


def respond(seat, user, *, accept, ad_honorem=False, no_conflict=False, availability="", reason=""):
    """The invited person accepts (ad honorem, no conflict of interest, availability) or
    declines with a reason. Refused when the link is not theirs, expired, already answered, or
    the seat was given to someone else meanwhile."""
    reason = (reason or "").strip()
    with transaction.atomic():
        rnd = Round.objects.select_for_update().get(pk=seat.round_id)
        seat = PanelSeat.objects.select_for_update().get(pk=seat.pk)
        if seat.user_id != user.pk:
            raise PanelError(_("This invitation is addressed to someone else."))
        if seat.status != SeatStatus.INVITED:
            raise PanelError(_("This invitation was already answered or withdrawn."))
        if not seat.is_open_invitation:
            raise PanelError(
                _("This invitation expired. Contact the Secretariat if you are still available.")
            )
        if rnd.status != RoundState.PANEL_FORMING:
            raise PanelError(_("The panel of this round is already complete."))
        if accept:
            if not (ad_honorem and no_conflict):
                raise PanelError(
                    _(
                        "To accept, confirm your ad honorem participation and that you have no "
                        "conflict of interest."
                    )
                )
            _minimum, maximum = seat_limits(rnd, seat.kind)
            accepted = rnd.panel_seats.filter(kind=seat.kind, status=SeatStatus.ACCEPTED).count()
            if accepted >= maximum:
                raise PanelError(_("Sorry: this seat has meanwhile been given to someone else."))
            seat.status = SeatStatus.ACCEPTED
            seat.ad_honorem_confirmed = True
            seat.no_conflict_declared = True
            seat.availability = availability.strip()
        else:
            if not reason:
                raise PanelError(_("Please give a short reason for declining."))
            seat.status = SeatStatus.DECLINED
            seat.decline_reason = reason
        seat.responded_at = timezone.now()
        seat.save()
        log_event(
            rnd,
            user,
            f"panels.seat.{seat.status}",
            comment=reason,
            visibility="staff",
            data={"user": user.pk},
        )
        message_type = (
            MessageType.PANEL_INVITATION_ACCEPTED
            if accept
            else MessageType.PANEL_INVITATION_DECLINED
        )
        resolve_task(rnd.code, [Task.ANSWER_INVITATION], actor=user, ref=seat_ref(seat))
        next_best = None if accept else next_best_candidate(rnd, seat.kind)
        for person in secretariat_of(rnd):
            queue_message(
                message_type,
                recipient=person,
                context={"round": rnd, "seat": seat, "next_best": next_best, "reason": reason},
                link=reverse("panels:panel", args=[rnd.code]),
                round_code=rnd.code,
            )
    return seat


def next_best_candidate(rnd, kind):
    candidates = suggest_candidates(rnd, kind, limit=1)
    return candidates[0]["user"] if candidates else None


def withdraw_seat(seat, actor, *, reason=""):
    with transaction.atomic():
        locked = _lock_round(seat.round)
        seat = PanelSeat.objects.select_for_update().get(pk=seat.pk)
        if seat.status not in SeatStatus.holding():
            raise PanelError(_("This seat is not held any more."))
        seat.status = SeatStatus.WITHDRAWN
        seat.save(update_fields=["status"])
        if seat.kind == SeatKind.COORDINATOR:
            locked.coordinators.remove(seat.user)  # Round.coordinators follows the seats
        log_event(
            locked,
            actor,
            "panels.seat.withdrawn",
            comment=reason,
            visibility="staff",
            data={"user": seat.user_id},
        )
        resolve_task(
            locked.code, [Task.ANSWER_PROPOSAL, Task.ANSWER_INVITATION], ref=seat_ref(seat)
        )
    return seat


def select_states(rnd, actor, countries):
    """MECIGEP (R2.3): the beneficiary selects up to three member states, not its own."""
    countries = list(countries)
    if len(countries) > MAX_SELECTED_STATES:
        raise PanelError(_("Select at most three member states (R2.3)."))
    if any(c.pk == rnd.country_id for c in countries):
        raise PanelError(_("Experts cannot come from your own country (R2.5)."))
    with transaction.atomic():
        locked = _lock_round(rnd)
        if locked.methodology != Methodology.MECIGEP:
            raise PanelError(_("Only MECIGEP rounds select member states."))
        locked.selected_states.all().delete()
        SelectedState.objects.bulk_create(
            SelectedState(round=locked, country=c, selected_by=actor) for c in countries
        )
        log_event(
            locked,
            actor,
            "panels.states_selected",
            visibility="country",
            data={"countries": [c.code for c in countries]},
        )


def invitation_deadline_default():
    return timezone.now() + timedelta(days=INVITATION_DAYS)
