"""Every write with business meaning on a round. Views call these; they never set a state."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_fsm import ConcurrentTransition, TransitionNotAllowed

from accounts.enums import Role
from accounts.models import User

from . import audit, guards
from .enums import Methodology, RoundState
from .models import Round, RoundCounter, RoundEvent
from .notify import notify_transition
from .snapshots import record_submission
from .workflow import TRANSITIONS


class RoundError(Exception):
    """A domain error; the view shows ``message`` to the person and keeps what they typed."""

    def __init__(self, message, *, details=()):
        super().__init__(message)
        self.message = message
        self.details = list(details)


class NotAllowed(RoundError):
    """The person may not run this action on this round."""


class StateChanged(RoundError):
    """The round is no longer in a state where the action applies (someone else acted first)."""


class Blocked(RoundError):
    """Guards object: ``details`` lists what is missing."""


class NeedsConfirmation(RoundError):
    """The transition asks a question first (``details``, e.g. "The visit is planned from … to
    …; start it today?"): it runs only with ``confirmed=True``."""


def next_round_code(year=None):
    """Take the next code of the year (RIPSO-2026-004) under a row lock: no duplicates."""
    year = year or timezone.now().year
    with transaction.atomic():
        RoundCounter.objects.get_or_create(year=year)
        counter = RoundCounter.objects.select_for_update().get(year=year)
        counter.last += 1
        counter.save(update_fields=["last"])
    return f"RIPSO-{year}-{counter.last:03d}"


def create_round(*, creator, institution, title, topics=(), **fields):
    """Open a draft request for ``institution`` (phase 1 starts here, R1.1)."""
    with transaction.atomic():
        rnd = Round(
            code=next_round_code(),
            title=title,
            institution=institution,
            country=institution.country,
            created_by=creator,
            **fields,
        )
        if creator.role == Role.FOCAL_POINT and not rnd.contact_email:
            rnd.contact_name = creator.full_name
            rnd.contact_position = creator.position
            rnd.contact_email = creator.email
            rnd.contact_phone = creator.phone
        rnd.save()
        if topics:
            rnd.topics.set(topics)
        log_event(rnd, creator, "rounds.round.created", to_state=rnd.status, visibility="country")
    return rnd


def log_event(
    rnd, actor, action, *, from_state="", to_state="", comment="", data=None, visibility="all"
):
    """Record one entry of the round's audit trail. ``action`` must have a sentence in
    ``rounds.audit`` (registered by the app that records it)."""
    audit.check(action)
    return RoundEvent.objects.create(
        round=rnd,
        actor=actor,
        action=action,
        from_state=from_state,
        to_state=to_state,
        comment=comment,
        data=data or {},
        visibility=visibility,
    )


def _clean_params(name, params):
    if name != "accept":
        if params:
            raise RoundError(_("This action takes no extra choices."))
        return {}
    methodology = params.get("methodology")
    if methodology not in Methodology.values:
        raise Blocked(
            _("Choose the methodology of the round (RIPSO or MECIGEP)."),
            details=[_("Choose the methodology of the round (RIPSO or MECIGEP).")],
        )
    coordinators = list(params.get("coordinators") or [])
    for user in coordinators:
        if not (isinstance(user, User) and user.is_secretariat):
            raise RoundError(_("Coordinators must be secretariat staff."))
    return {"methodology": methodology, "coordinators": coordinators}


def transition_round(round_id, name, actor, *, comment="", confirmed=False, **params):
    """Run one lifecycle transition, the only way a round changes state.

    Inside one transaction: lock the round's row, check the actor's permission with the same
    predicate as the FSM's ``permission=``, refuse if a comment is required and missing or a
    guard objects, refuse with ``NeedsConfirmation`` if the transition asks a question (a
    visit started before its dates) and the person did not answer it (``confirmed``), run the
    transition, save, write the audit entry and queue the notifications (sent after commit).
    Two people acting at once: the second waits for the lock, then finds the state changed and
    gets ``StateChanged``.
    """
    spec = TRANSITIONS.get(name)
    if spec is None:
        raise RoundError(_("Unknown action."))
    comment = (comment or "").strip()
    with transaction.atomic():
        rnd = Round.objects.select_for_update().get(pk=round_id)
        method = getattr(rnd, name)
        meta = method._django_fsm
        current = rnd.status
        if not actor.has_perm("rounds.view_round_details", rnd):
            # Checked before the state, so an outsider learns nothing about the round.
            raise NotAllowed(_("You may not do this on this round."))
        if not meta.has_transition(current):
            raise StateChanged(
                _("This action is no longer possible: the round is now “%(state)s”.")
                % {"state": rnd.state_name_for(actor)}
            )
        transition_meta = meta.get_transition(current)
        if not transition_meta.has_perm(rnd, actor):
            raise NotAllowed(_("You may not do this on this round."))
        if spec.comment_required and not comment:
            raise Blocked(
                _("Please write a comment: this action needs one."),
                details=[str(spec.comment_label)],
            )
        clean = _clean_params(name, params)
        missing = guards.blockers(rnd, name)
        if missing:
            raise Blocked(_("This cannot be done yet."), details=missing)
        asked = guards.questions(rnd, name)
        if asked and not confirmed:
            raise NeedsConfirmation(asked[0], details=asked)
        try:
            method(**clean)
        except TransitionNotAllowed as exc:  # a guard changed between check and call
            raise Blocked(
                _("This cannot be done yet."), details=guards.blockers(rnd, name)
            ) from exc
        rnd.state_changed_at = timezone.now()
        try:
            with transaction.atomic():  # a savepoint: the refused save leaves the rest usable
                rnd.save()
        except ConcurrentTransition as exc:
            # Another writer changed the state after our read: on SQLite (the demo) the row lock
            # is a no-op and the FSM's conditional UPDATE is what catches it.
            latest = Round.objects.get(pk=round_id)
            raise StateChanged(
                _("This action is no longer possible: the round is now “%(state)s”.")
                % {"state": latest.state_name_for(actor)}
            ) from exc
        if clean.get("coordinators"):
            rnd.coordinators.set(clean["coordinators"])
        if name == "submit":
            record_submission(rnd, actor)
        guards.run_effects(rnd, name, actor, comment)
        event = log_event(
            rnd,
            actor,
            f"rounds.round.{RoundState(rnd.status).value}",
            from_state=current,
            to_state=rnd.status,
            comment=comment,
            data={"transition": name, "from": current, "to": rnd.status}
            | ({"methodology": clean["methodology"]} if "methodology" in clean else {})
            # What the person confirmed (e.g. starting the visit before its first day).
            | ({"confirmed": asked} if asked else {}),
            visibility=spec.visibility,
        )
        notify_transition(rnd, spec, actor, event)
    return rnd


def available_actions(rnd, user):
    """The transitions this person may fire now, each with what still blocks it.

    Permission and source state decide whether an action is offered at all; guards decide
    whether it is enabled, and their messages tell the person exactly what is missing.
    """
    actions = []
    for transition_meta in rnd.get_all_status_transitions():
        if transition_meta.source != rnd.status and transition_meta.source not in ("*", "+"):
            continue
        if not transition_meta.has_perm(rnd, user):
            continue
        spec = TRANSITIONS[transition_meta.name]
        actions.append(
            {
                "spec": spec,
                "blockers": guards.blockers(rnd, spec.name),
                "questions": guards.questions(rnd, spec.name),
            }
        )
    order = list(TRANSITIONS)
    actions.sort(key=lambda a: order.index(a["spec"].name))
    return actions


def save_request(rnd, form, actor):
    """Save the request form as a draft (no completeness check) and note the change."""
    with transaction.atomic():
        locked = Round.objects.select_for_update().get(pk=rnd.pk)
        if not locked.request_is_editable:
            raise StateChanged(
                _("The request can no longer be edited: the round is now “%(state)s”.")
                % {"state": locked.state_name_for(actor)}
            )
        form.save()
        if form.changed_data:
            log_event(
                rnd,
                actor,
                "rounds.request.edited",
                data={"fields": sorted(form.changed_data)},
                visibility="country",
            )
    return rnd
