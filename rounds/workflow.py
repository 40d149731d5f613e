"""What each transition means to people: labels, who fires it, what it asks for, whom it tells.

The transitions themselves are the ``@transition`` methods on ``rounds.models.Round``; their
guards are in ``rounds.guards``. ``docs/lifecycle.md`` is generated from here
(``manage.py lifecycle_diagram``).
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .enums import EventVisibility


class Audience:
    """Groups of people a transition notifies (resolved in rounds.notify)."""

    SECRETARIAT = "secretariat"  # every secretariat user (or the round's coordinators, if any)
    COORDINATORS = "coordinators"
    FOCAL_POINT = "focal_point"
    TEAM = "team"
    PANEL = "panel"


@dataclass(frozen=True)
class TransitionSpec:
    name: str
    label: str
    actor: str  # who fires it, for docs
    comment_required: bool = False
    comment_label: str = ""
    button: str = "primary"  # Bootstrap colour of the button
    confirm: str = ""  # question asked before a destructive or final step
    notify: tuple = ()
    visibility: str = EventVisibility.ALL
    params: tuple = field(default=())
    rules: str = ""
    notify_actor: bool = False  # the person who acted gets the message too (a confirmation)
    # Offered on its own page (e.g. the publication page, R5.4), not as a button on the round
    # page: the decision needs what that page shows (the choice, the authorization, the summary).
    elsewhere: bool = False


A = Audience
V = EventVisibility

TRANSITIONS = {
    spec.name: spec
    for spec in [
        TransitionSpec(
            "submit",
            pgettext_lazy("action", "Submit the request"),
            _("focal point"),
            notify=(A.SECRETARIAT, A.FOCAL_POINT),
            notify_actor=True,  # R1.7: the confirmation e-mail
            visibility=V.COUNTRY,
            confirm=_("Send this request to the Technical Secretariat?"),
            rules="R1.2–R1.4",
        ),
        TransitionSpec(
            "return_for_changes",
            pgettext_lazy("action", "Return for changes"),
            _("secretariat"),
            comment_required=True,
            comment_label=_("What should the country change?"),
            button="warning",
            notify=(A.FOCAL_POINT, A.TEAM),
            visibility=V.COUNTRY,
            rules="R1.6",
        ),
        TransitionSpec(
            "accept",
            pgettext_lazy("action", "Accept the request"),
            _("secretariat"),
            button="success",
            notify=(A.FOCAL_POINT, A.TEAM, A.COORDINATORS),
            visibility=V.COUNTRY,
            params=("methodology", "coordinators"),
            rules="R1.6",
        ),
        TransitionSpec(
            "decline",
            pgettext_lazy("action", "Decline the request"),
            _("secretariat"),
            comment_required=True,
            comment_label=_("Reason for declining (the country will read it)"),
            button="danger",
            confirm=_("Decline this request? This closes the round."),
            notify=(A.FOCAL_POINT, A.TEAM),
            visibility=V.COUNTRY,
            rules="R1.6",
        ),
        TransitionSpec(
            "withdraw",
            pgettext_lazy("action", "Withdraw the request"),
            _("focal point"),
            button="outline-danger",
            confirm=_("Withdraw this request? The round will be closed."),
            notify=(A.SECRETARIAT, A.TEAM),
            visibility=V.COUNTRY,
            rules="R1.6",
        ),
        TransitionSpec(
            "confirm_panel",
            pgettext_lazy("action", "Confirm the panel"),
            _("secretariat"),
            button="success",
            notify=(A.FOCAL_POINT, A.TEAM, A.PANEL, A.COORDINATORS),
            rules="R2.2, R2.3, R2.5",
        ),
        TransitionSpec(
            "schedule_visit",
            pgettext_lazy("action", "Schedule the visit"),
            _("secretariat"),
            notify=(A.FOCAL_POINT, A.TEAM, A.PANEL, A.COORDINATORS),
            rules="R3.2, R3.5, R4.1, R4.2",
        ),
        TransitionSpec(
            "start_visit",
            pgettext_lazy("action", "Start the visit"),
            _("secretariat"),
            notify=(A.FOCAL_POINT, A.PANEL, A.COORDINATORS),
        ),
        TransitionSpec(
            "complete_visit",
            pgettext_lazy("action", "Complete the visit"),
            _("secretariat"),
            confirm=_("Mark the visit as completed and start drafting the report?"),
            notify=(A.FOCAL_POINT, A.PANEL, A.COORDINATORS),
        ),
        TransitionSpec(
            "send_for_review",
            pgettext_lazy("action", "Send the report to the country"),
            _("secretariat"),
            confirm=_("Send the preliminary report to the country for review?"),
            notify=(A.FOCAL_POINT, A.TEAM, A.PANEL),
            rules="R5.1, R5.2, R5.3",
        ),
        TransitionSpec(
            "request_changes",
            pgettext_lazy("action", "Request changes to the report"),
            _("focal point"),
            comment_required=True,
            comment_label=_("What should be changed in the report?"),
            button="warning",
            notify=(A.SECRETARIAT, A.TEAM),
            visibility=V.COUNTRY,
            rules="R5.2",
        ),
        TransitionSpec(
            "approve",
            pgettext_lazy("action", "Approve the report"),
            _("focal point"),
            button="success",
            confirm=_("Approve this report as final?"),
            notify=(A.SECRETARIAT, A.TEAM, A.PANEL),
            rules="R5.2",
        ),
        TransitionSpec(
            "publish",
            pgettext_lazy("action", "Publish the report"),
            _("secretariat"),
            button="success",
            confirm=_("Publish the final report on the public portal?"),
            notify=(A.FOCAL_POINT, A.TEAM, A.PANEL),
            rules="R5.4",
            elsewhere=True,
        ),
        TransitionSpec(
            "keep_internal",
            pgettext_lazy("action", "Keep the report internal"),
            _("focal point"),
            button="secondary",
            confirm=_("Keep the report as an internal working document and close the round?"),
            notify=(A.SECRETARIAT, A.TEAM, A.PANEL),
            rules="R5.4",
            elsewhere=True,
        ),
        TransitionSpec(
            "cancel",
            pgettext_lazy("action", "Cancel the round"),
            _("secretariat"),
            comment_required=True,
            comment_label=_("Reason for cancelling (everyone on the round will read it)"),
            button="outline-danger",
            confirm=_("Cancel this round? This cannot be undone."),
            notify=(A.FOCAL_POINT, A.TEAM, A.PANEL, A.COORDINATORS),
        ),
    ]
}
