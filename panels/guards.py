"""Guards that phase 2 adds to the round's lifecycle (see rounds/guards.py)."""

from rounds.guards import guard, on_transition

from .eligibility import panel_blockers
from .services import seat_chosen_coordinators


@guard("confirm_panel")
def panel_is_complete_and_valid(rnd):
    """R2.2/R2.3 seats by methodology, R2.5, and every seat held by someone who accepted."""
    return panel_blockers(rnd)


@on_transition("accept")
def coordinators_take_their_seats(rnd, actor, comment):
    """The OAS coordinators chosen when accepting the request are seated, accepted."""
    seat_chosen_coordinators(rnd, actor)
