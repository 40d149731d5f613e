"""Who may see and do what on a round (docs/access.md).

The same predicates drive the FSM's ``permission=``, the buttons shown, the views' checks and the
querysets of list pages, so what a person sees and what the server enforces cannot disagree.
"""

import rules

from accounts.enums import Role

from .enums import ACCEPTED_STATES, REQUEST_EDITABLE_STATES, RoundState

# Seat states are strings on purpose: panels depends on rounds, never the reverse.
SEAT_ACCEPTED = "accepted"
SEAT_INVITED = "invited"


@rules.predicate
def is_secretariat(user):
    return bool(user and user.is_authenticated and user.is_active and user.role == Role.SECRETARIAT)


@rules.predicate
def is_focal_point_of_round(user, rnd):
    return bool(
        user
        and user.is_authenticated
        and user.is_active
        and user.role == Role.FOCAL_POINT
        and rnd is not None
        and user.institution_id == rnd.institution_id
    )


@rules.predicate
def is_team_member_of_round(user, rnd):
    return bool(
        user
        and user.is_authenticated
        and user.is_active
        and user.role == Role.TEAM_MEMBER
        and rnd is not None
        and user.institution_id == rnd.institution_id
    )


def _seat_status(user, rnd):
    if not (user and user.is_authenticated and rnd is not None and rnd.pk):
        return None
    cache = rnd.__dict__.setdefault("_seat_status_cache", {})
    if user.pk not in cache:
        seat = rnd.panel_seats.filter(user_id=user.pk).values_list("status", flat=True).first()
        cache[user.pk] = seat
    return cache[user.pk]


@rules.predicate
def is_panelist_of_round(user, rnd):
    """An expert (or coordinator) holding an *accepted* seat on the round's panel."""
    return _seat_status(user, rnd) == SEAT_ACCEPTED


@rules.predicate
def is_invited_to_round(user, rnd):
    """Invited, not yet answered: sees only the invitation summary."""
    return _seat_status(user, rnd) == SEAT_INVITED


@rules.predicate
def is_coordinator_of_round(user, rnd):
    return bool(
        is_secretariat(user) and rnd is not None and rnd.coordinators.filter(pk=user.pk).exists()
    )


@rules.predicate
def is_request_editable(user, rnd):
    return rnd is not None and rnd.status in REQUEST_EDITABLE_STATES


@rules.predicate
def is_request_submitted(user, rnd):
    return rnd is not None and rnd.status != RoundState.DRAFT


@rules.predicate
def is_accepted_round(user, rnd):
    return rnd is not None and rnd.status in ACCEPTED_STATES


is_beneficiary = is_focal_point_of_round | is_team_member_of_round
is_participant = is_secretariat | is_beneficiary | is_panelist_of_round

# Round page and summary
rules.add_perm("rounds.view_round", is_participant | is_invited_to_round)
rules.add_perm("rounds.view_round_details", is_participant)
rules.add_perm("rounds.view_full_timeline", is_secretariat)
rules.add_perm("rounds.create_request", rules.is_authenticated & rules.is_active)
rules.add_perm("rounds.edit_request", is_beneficiary & is_request_editable)
rules.add_perm(
    "rounds.read_request",
    is_secretariat | is_beneficiary | (is_panelist_of_round & is_request_submitted),
)
rules.add_perm("rounds.view_all_rounds", is_secretariat)
rules.add_perm("rounds.view_documents", is_secretariat | is_beneficiary | is_panelist_of_round)

# Transitions: the FSM's permission= uses exactly these predicates (see models.Round).
can_act_as_secretariat = is_secretariat
can_act_as_focal_point = is_focal_point_of_round
