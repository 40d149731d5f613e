"""Who hears about a round's transition, and with which message (notifications.MessageType)."""

from accounts.enums import Role
from accounts.models import User
from notifications.enums import MessageType, Task
from notifications.services import queue_message, resolve_task

from .enums import CLOSED_STATES
from .workflow import Audience

MESSAGE_FOR_TRANSITION = {
    "submit": MessageType.ROUND_SUBMITTED,
    "return_for_changes": MessageType.ROUND_RETURNED,
    "accept": MessageType.ROUND_ACCEPTED,
    "decline": MessageType.ROUND_DECLINED,
    "withdraw": MessageType.ROUND_WITHDRAWN,
    "confirm_panel": MessageType.PANEL_CONFIRMED,
    "schedule_visit": MessageType.VISIT_SCHEDULED,
    "start_visit": MessageType.VISIT_STARTED,
    "complete_visit": MessageType.VISIT_COMPLETED,
    "send_for_review": MessageType.REPORT_SENT_FOR_REVIEW,
    "request_changes": MessageType.REPORT_CHANGES_REQUESTED,
    "approve": MessageType.REPORT_APPROVED,
    "publish": MessageType.REPORT_PUBLISHED,
    "keep_internal": MessageType.ROUND_CLOSED_INTERNAL,
    "cancel": MessageType.ROUND_CANCELLED,
}


# Who, among a transition's recipients, is asked to act on its message (the message type's task,
# notifications.enums.TASK_OF_MESSAGE); everyone else is only informed.
ASKED = {
    "submit": (Audience.SECRETARIAT,),
    "return_for_changes": (Audience.FOCAL_POINT, Audience.TEAM),
    "send_for_review": (Audience.FOCAL_POINT, Audience.TEAM),
    "request_changes": (Audience.SECRETARIAT,),
}

# What a transition settles: the tasks it is the answer to, for everyone asked. A transition
# into a closed state settles every task of the round.
SETTLES = {
    "submit": {Task.REVISE_REQUEST},
    "return_for_changes": {Task.DECIDE_REQUEST},
    "accept": {Task.DECIDE_REQUEST},
    "confirm_panel": {Task.ANSWER_PROPOSAL, Task.ANSWER_INVITATION, Task.FILL_SEAT},
    "start_visit": {Task.COMPLETE_LOGISTICS},
    "send_for_review": {Task.REVISE_REPORT, Task.WRITE_SECTION},
    "request_changes": {Task.REVIEW_REPORT},
    "approve": {Task.REVIEW_REPORT},
}


def audience_members(rnd, audience):
    active = User.objects.filter(is_active=True)
    if audience == Audience.SECRETARIAT:
        coordinators = rnd.coordinators.filter(is_active=True)
        if coordinators.exists():
            return coordinators
        return active.filter(role=Role.SECRETARIAT)
    if audience == Audience.COORDINATORS:
        return rnd.coordinators.filter(is_active=True)
    if audience == Audience.FOCAL_POINT:
        return active.filter(role=Role.FOCAL_POINT, institution_id=rnd.institution_id)
    if audience == Audience.TEAM:
        return active.filter(role=Role.TEAM_MEMBER, institution_id=rnd.institution_id)
    if audience == Audience.PANEL:
        return active.filter(panel_seats__round=rnd, panel_seats__status="accepted").distinct()
    raise ValueError(audience)


def recipients_for(rnd, spec, actor):
    """Everyone in the transition's audiences, once each; the person who acted only when the
    transition sends them a confirmation (``notify_actor``)."""
    seen = {}
    for audience in spec.notify:
        for user in audience_members(rnd, audience):
            if actor is not None and user.pk == actor.pk and not spec.notify_actor:
                continue
            seen.setdefault(user.pk, user)
    return list(seen.values())


def settle_tasks(rnd, name, actor):
    """The transition answers earlier messages: they stop asking anyone, the actor's are read."""
    if rnd.status in CLOSED_STATES:
        resolve_task(rnd.code, None, actor=actor)
    elif name in SETTLES:
        resolve_task(rnd.code, SETTLES[name], actor=actor)


def notify_transition(rnd, spec, actor, event):
    settle_tasks(rnd, spec.name, actor)
    message_type = MESSAGE_FOR_TRANSITION[spec.name]
    asked = {
        user.pk for audience in ASKED.get(spec.name, ()) for user in audience_members(rnd, audience)
    }
    for user in recipients_for(rnd, spec, actor):
        own = actor is not None and user.pk == actor.pk  # a confirmation of what they just did
        queue_message(
            message_type,
            recipient=user,
            context={"round": rnd, "actor": actor, "event": event, "comment": event.comment},
            link=rnd.get_absolute_url(),
            round_code=rnd.code,
            task=None if user.pk in asked and not own else "",
            read=own,
        )
