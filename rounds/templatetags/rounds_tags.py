from django import template

from rounds.enums import CLOSED_STATES, RoundState

register = template.Library()

BADGE = {
    RoundState.DRAFT: "text-bg-light border",
    RoundState.SUBMITTED: "text-bg-info",
    RoundState.RETURNED: "text-bg-warning",
    RoundState.COUNTRY_REVIEW: "text-bg-warning",
    RoundState.APPROVED: "text-bg-success",
    RoundState.PUBLISHED: "text-bg-success",
    RoundState.DECLINED: "text-bg-secondary",
    RoundState.WITHDRAWN: "text-bg-secondary",
    RoundState.CANCELLED: "text-bg-secondary",
    RoundState.CLOSED_INTERNAL: "text-bg-secondary",
}


@register.filter
def state_badge_class(status):
    if status in BADGE:
        return BADGE[status]
    return "text-bg-secondary" if status in CLOSED_STATES else "text-bg-primary"


@register.simple_tag(takes_context=True)
def round_state_name(context, rnd):
    """The state in the viewer's terms (country-facing for the country, staff-facing otherwise)."""
    return rnd.state_name_for(context["request"].user)
