from django.db import models
from django.utils.translation import gettext_lazy as _


class MessageType(models.TextChoices):
    """Every kind of message the product sends. Each has three templates in templates/mail/:
    ``<value>.subject.txt``, ``<value>.txt`` and ``<value>.html``."""

    ACCOUNT_INVITATION = "account_invitation", _("Invitation to create an account")
    ACCOUNT_REQUEST_RECEIVED = "account_request_received", _("Account request received")
    ACCOUNT_REQUEST_REJECTED = "account_request_rejected", _("Account request not approved")
    ROUND_SUBMITTED = "round_submitted", _("Request submitted")
    ROUND_RETURNED = "round_returned", _("Request returned for changes")
    ROUND_ACCEPTED = "round_accepted", _("Request accepted")
    ROUND_DECLINED = "round_declined", _("Request declined")
    ROUND_WITHDRAWN = "round_withdrawn", _("Request withdrawn")
    PANEL_PROPOSAL = "panel_proposal", _("A specialist is proposed for your panel")
    PANEL_INVITATION = "panel_invitation", _("Invitation to an expert panel")
    PANEL_INVITATION_REMINDER = "panel_invitation_reminder", _("Reminder: invitation to a panel")
    PANEL_INVITATION_ACCEPTED = "panel_invitation_accepted", _("An expert accepted the invitation")
    PANEL_INVITATION_DECLINED = "panel_invitation_declined", _("An expert declined the invitation")
    PANEL_SEAT_FREED = "panel_seat_freed", _("An invitation expired: a panel seat is free")
    PANEL_CONFIRMED = "panel_confirmed", _("Expert panel confirmed")
    QUESTIONNAIRE_RELEASED = "questionnaire_released", _("A questionnaire is ready to answer")
    QUESTIONNAIRE_REMINDER = "questionnaire_reminder", _("Reminder: questionnaire answers due")
    VISIT_VISIBILITY_CHOSEN = (
        "visit_visibility_chosen",
        _("The country chose the visit's visibility"),
    )
    LOGISTICS_REMINDER = "logistics_reminder", _("Reminder: open logistics arrangements")
    AGENDA_RELEASED = "agenda_released", _("A version of the visit agenda was released")
    QUESTIONNAIRE_SUBMITTED = "questionnaire_submitted", _("The country submitted its answers")
    QUESTIONNAIRE_TO_ANSWER = "questionnaire_to_answer", _("A questionnaire awaits your answers")
    VISIT_SCHEDULED = "visit_scheduled", _("Visit scheduled")
    VISIT_STARTED = "visit_started", _("Visit started")
    VISIT_COMPLETED = "visit_completed", _("Visit completed")
    REPORT_CONTRIBUTION_REQUESTED = (
        "report_contribution_requested",
        _("A section of the report is assigned to you"),
    )
    REPORT_REVIEW_REMINDER = "report_review_reminder", _("Reminder: report review due")
    REPORT_SENT_FOR_REVIEW = "report_sent_for_review", _("Report sent for review")
    REPORT_CHANGES_REQUESTED = "report_changes_requested", _("Changes requested to the report")
    REPORT_APPROVED = "report_approved", _("Report approved")
    REPORT_PUBLISHED = "report_published", _("Report published")
    PUBLICATION_CHOSEN = "publication_chosen", _("The country chose how to publish its report")
    PUBLICATION_AUTHORIZATION = (
        "publication_authorization",
        _("Written authorization to publish received"),
    )
    ROUND_CLOSED_INTERNAL = "round_closed_internal", _("Round closed with an internal report")
    ROUND_CANCELLED = "round_cancelled", _("Round cancelled")


class Task(models.TextChoices):
    """What a message asks its recipient to do. A message with a task counts in the inbox badge
    until its recipient opens it or the task is done (``services.resolve_task``)."""

    DECIDE_REQUEST = "decide_request", _("Decide on the request")
    REVISE_REQUEST = "revise_request", _("Revise the request and submit it again")
    ANSWER_PROPOSAL = "answer_proposal", _("Give the country's opinion on a proposed specialist")
    ANSWER_INVITATION = "answer_invitation", _("Answer the invitation")
    FILL_SEAT = "fill_seat", _("Propose someone for the free seat")
    ANSWER_QUESTIONNAIRE = "answer_questionnaire", _("Answer the questionnaire")
    COMPLETE_LOGISTICS = "complete_logistics", _("Complete the open logistics arrangements")
    WRITE_SECTION = "write_section", _("Write your contribution to the report")
    REVIEW_REPORT = "review_report", _("Review the report")
    REVISE_REPORT = "revise_report", _("Revise the report")
    PUBLISH_REPORT = "publish_report", _("Publish the report")


# The task a message type asks of its recipients (``queue_message(task="")`` overrides it for
# those who are only informed, e.g. the team when the report reaches the country). Every other
# type only informs.
TASK_OF_MESSAGE = {
    MessageType.ROUND_SUBMITTED: Task.DECIDE_REQUEST,
    MessageType.ROUND_RETURNED: Task.REVISE_REQUEST,
    MessageType.PANEL_PROPOSAL: Task.ANSWER_PROPOSAL,
    MessageType.PANEL_INVITATION: Task.ANSWER_INVITATION,
    MessageType.PANEL_INVITATION_REMINDER: Task.ANSWER_INVITATION,
    MessageType.PANEL_INVITATION_DECLINED: Task.FILL_SEAT,
    MessageType.PANEL_SEAT_FREED: Task.FILL_SEAT,
    MessageType.QUESTIONNAIRE_RELEASED: Task.ANSWER_QUESTIONNAIRE,
    MessageType.QUESTIONNAIRE_TO_ANSWER: Task.ANSWER_QUESTIONNAIRE,
    MessageType.QUESTIONNAIRE_REMINDER: Task.ANSWER_QUESTIONNAIRE,
    MessageType.LOGISTICS_REMINDER: Task.COMPLETE_LOGISTICS,
    MessageType.REPORT_CONTRIBUTION_REQUESTED: Task.WRITE_SECTION,
    MessageType.REPORT_SENT_FOR_REVIEW: Task.REVIEW_REPORT,
    MessageType.REPORT_REVIEW_REMINDER: Task.REVIEW_REPORT,
    MessageType.REPORT_CHANGES_REQUESTED: Task.REVISE_REPORT,
    MessageType.PUBLICATION_AUTHORIZATION: Task.PUBLISH_REPORT,
}


class MessageState(models.TextChoices):
    PENDING = "pending", _("Waiting to be sent")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")
