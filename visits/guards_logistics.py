"""The logistics guard of ``schedule_visit`` (R3.5, R4.4; see rounds/guards.py)."""

from rounds.guards import guard

from .logistics_services import logistics_blockers


@guard("schedule_visit")
def logistics_confirmed_and_visibility_chosen(rnd):
    """Every arrangement confirmed or not needed (R3.5); the visibility chosen (R4.4)."""
    return logistics_blockers(rnd)
