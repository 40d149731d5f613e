"""Who may see and do what on a round's report (docs/access.md, report rows).

Predicates take the round (the report is reached through it with ``rounds.views.get_round_for``
first, so anyone not on the round gets 404 before these are asked; a participant without the
permission gets 403). Published final reports are public (the portal needs no login).
"""

import rules

from rounds.enums import RoundState
from rounds.rules import (
    is_focal_point_of_round,
    is_panelist_of_round,
    is_secretariat,
    is_team_member_of_round,
)

S = RoundState

# From the end of the visit on, the round has a report.
REPORT_STATES = frozenset(
    {S.REPORT_DRAFTING, S.COUNTRY_REVIEW, S.APPROVED, S.PUBLISHED, S.CLOSED_INTERNAL}
)
# States in which the country reads frozen versions.
REVIEWED_STATES = frozenset({S.COUNTRY_REVIEW, S.APPROVED, S.PUBLISHED, S.CLOSED_INTERNAL})


@rules.predicate
def has_report_phase(user, rnd):
    return rnd is not None and rnd.status in REPORT_STATES


@rules.predicate
def is_drafting(user, rnd):
    return rnd is not None and rnd.status == S.REPORT_DRAFTING


@rules.predicate
def is_in_review(user, rnd):
    return rnd is not None and rnd.status == S.COUNTRY_REVIEW


@rules.predicate
def is_approved(user, rnd):
    return rnd is not None and rnd.status == S.APPROVED


@rules.predicate
def was_sent_to_country(user, rnd):
    """The country has received at least one version (it may be drafting again after asking for
    changes: it still reads the versions it received)."""
    if rnd is None:
        return False
    if rnd.status in REVIEWED_STATES:
        return True
    return (
        rnd.status == S.REPORT_DRAFTING
        and rnd.events.filter(action="rounds.round.country_review").exists()
    )


staff = is_secretariat
panel = is_panelist_of_round
country = is_focal_point_of_round | is_team_member_of_round

# Drafts and contributions (S, C edit; E own sections edit, the rest view; F, T never).
rules.add_perm("reports.view_draft", (staff | panel) & has_report_phase)
rules.add_perm("reports.edit_report", staff & is_drafting)
rules.add_perm("reports.contribute", panel & is_drafting)  # own contributions: checked in services
# Versions sent for review: S, C, F, T, E read them; F and T comment; F decides.
rules.add_perm(
    "reports.view_versions", ((staff | panel) & has_report_phase) | (country & was_sent_to_country)
)
rules.add_perm("reports.comment", country & is_in_review)
# Publication (R5.4): the focal point chooses and uploads the authorization; S and C see it.
rules.add_perm("reports.view_publication", (staff | is_focal_point_of_round) & has_report_phase)
rules.add_perm("reports.choose_publication", is_focal_point_of_round & is_approved)
