"""Guards that phase 2 adds to the round's lifecycle (see rounds/guards.py)."""

from rounds.guards import guard

from .eligibility import panel_blockers


@guard("confirm_panel")
def panel_is_complete_and_valid(rnd):
    """R2.2/R2.3 seats by methodology, R2.5, and every seat held by someone who accepted."""
    return panel_blockers(rnd)
