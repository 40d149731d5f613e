"""The "My work" page: what waits for this person, per role. Each list is one query."""

from django.apps import apps
from django.utils.translation import gettext_lazy as _

from accounts.enums import Role

from .enums import CLOSED_STATES, RoundState
from .models import Round

S = RoundState
LIMIT = 10


def _section(key, title, queryset, empty, *, order=("-state_changed_at",)):
    rows = list(queryset.with_list_data().order_by(*order)[:LIMIT])
    return {"key": key, "title": title, "rounds": rows, "empty": empty}


def work_for(user):
    """Sections of the home page for ``user``: each a titled list of rounds needing them."""
    visible = Round.objects.visible_to(user)
    if user.role == Role.SECRETARIAT:
        return [
            _section(
                "to_decide",
                _("Requests waiting for your decision"),
                visible.filter(status=S.SUBMITTED),
                _("No request is waiting for a decision."),
                order=("state_changed_at",),
            ),
            _section(
                "panels",
                _("Panels being formed"),
                visible.filter(status=S.PANEL_FORMING),
                _("No panel is being formed."),
                order=("state_changed_at",),
            ),
            _section(
                "mine",
                _("Rounds you coordinate"),
                visible.filter(coordinators=user).exclude(status__in=CLOSED_STATES),
                _("You do not coordinate any open round."),
            ),
            _section(
                "publish",
                _("Approved reports to publish or close"),
                visible.filter(status=S.APPROVED),
                _("No approved report is waiting."),
            ),
        ]
    if user.role in Role.country_roles():
        sections = [
            _section(
                "drafts",
                _("Requests to complete and submit"),
                visible.filter(status__in=[S.DRAFT, S.RETURNED]),
                _("No request is waiting for you."),
            ),
            _section(
                "review",
                _("Reports waiting for your review"),
                visible.filter(status__in=[S.COUNTRY_REVIEW, S.APPROVED]),
                _("No report is waiting for your review."),
            ),
            _section(
                "open",
                _("Your institution's rounds in progress"),
                visible.exclude(status__in=CLOSED_STATES).exclude(
                    status__in=[S.DRAFT, S.RETURNED, S.COUNTRY_REVIEW, S.APPROVED]
                ),
                _("No other round is in progress."),
            ),
        ]
        return sections
    return [
        _section(
            "invitations",
            _("Invitations waiting for your answer"),
            # "Still open" is defined once, by panels (PanelSeat.objects.open_invitations).
            Round.objects.filter(
                pk__in=apps.get_model("panels", "PanelSeat")
                .objects.open_invitations()
                .filter(user=user)
                .values("round_id")
            ),
            _("No invitation is waiting for you."),
        ),
        _section(
            "panels",
            _("Panels you sit on"),
            Round.objects.filter(panel_seats__user=user, panel_seats__status="accepted").exclude(
                status__in=CLOSED_STATES
            ),
            _("You are not on any open panel."),
        ),
    ]
