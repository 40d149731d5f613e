"""Who hears about a round's transition, and with which message (notifications.MessageType)."""

from accounts.enums import Role
from accounts.models import User
from notifications.enums import MessageType
from notifications.services import queue_message

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


def notify_transition(rnd, spec, actor, event):
    message_type = MESSAGE_FOR_TRANSITION[spec.name]
    for user in recipients_for(rnd, spec, actor):
        queue_message(
            message_type,
            recipient=user,
            context={"round": rnd, "actor": actor, "event": event, "comment": event.comment},
            link=rnd.get_absolute_url(),
            round_code=rnd.code,
        )
