"""The network's results counters on the public portal (R6.3).

* **rounds held** — rounds whose on-site visit happened: in ``report_drafting`` or a later state
  (cancelled rounds excluded, whenever they were cancelled);
* **countries taking part** — as **beneficiary** (the countries of those rounds) and as
  **cooperating** (the countries of the experts with an accepted seat on them; OAS coordinators
  have no country of their own and are not counted), and both together;
* **experts mobilised** — distinct experts with an accepted seat on those rounds;
* **recommendations issued** — recommendations of reports the country approved (rounds
  ``approved``, ``published`` or ``closed_internal``).

Per year: a round counts in the year its visit was completed (the audit entry of the move to
``report_drafting``); recommendations in the year the report was approved.

``results()`` runs six aggregate queries and keeps the answer for ten minutes in Django's cache;
``clear()`` drops it (the ``publish`` effect calls it after commit).
"""

from dataclasses import dataclass, field

from django.core.cache import cache
from django.db.models import Count, Min, OuterRef, Subquery
from django.db.models.functions import ExtractYear

from accounts.enums import Role
from rounds.enums import RoundState
from rounds.models import Round, RoundEvent

S = RoundState

HELD_STATES = (S.REPORT_DRAFTING, S.COUNTRY_REVIEW, S.APPROVED, S.PUBLISHED, S.CLOSED_INTERNAL)
ISSUED_STATES = (S.APPROVED, S.PUBLISHED, S.CLOSED_INTERNAL)
CACHE_KEY = "reports:results-counters:v1"
CACHE_SECONDS = 600


@dataclass
class Counters:
    rounds_held: int = 0
    beneficiary_countries: int = 0
    cooperating_countries: int = 0
    countries: int = 0  # beneficiary or cooperating
    experts: int = 0
    recommendations: int = 0


@dataclass
class Results:
    total: Counters
    by_year: dict = field(default_factory=dict)  # year -> Counters (countries: not computed)

    @property
    def years(self):
        return sorted(self.by_year, reverse=True)

    def rows(self):
        return [(year, self.by_year[year]) for year in self.years]


def _first_event_year(to_state):
    first = (
        RoundEvent.objects.filter(round_id=OuterRef("pk"), to_state=to_state)
        .values("round_id")
        .annotate(at=Min("created_at"))
        .values("at")[:1]
    )
    return ExtractYear(Subquery(first))


def held_rounds():
    return Round.objects.filter(status__in=HELD_STATES)


def compute():
    """The counters, straight from the database (six queries)."""
    from panels.models import PanelSeat

    from .models import Recommendation

    held = held_rounds()
    seats = PanelSeat.objects.filter(
        round__status__in=HELD_STATES, status="accepted", user__role=Role.EXPERT
    )
    issued = Recommendation.objects.filter(report__round__status__in=ISSUED_STATES)

    total = Counters()
    beneficiaries = list(held.values_list("country_id", flat=True))
    total.rounds_held = len(beneficiaries)
    beneficiary_ids = set(beneficiaries)
    total.beneficiary_countries = len(beneficiary_ids)
    pairs = set(seats.values_list("user_id", "user__expert_profile__country_id").distinct())
    total.experts = len({user for user, _country in pairs})
    cooperating_ids = {country for _user, country in pairs if country is not None}
    total.cooperating_countries = len(cooperating_ids)
    total.countries = len(beneficiary_ids | cooperating_ids)
    total.recommendations = issued.count()

    by_year = {}

    def year(value):
        return by_year.setdefault(value, Counters())

    for row in (
        held.annotate(year=_first_event_year(S.REPORT_DRAFTING))
        .values("year")
        .annotate(rounds=Count("pk"), beneficiaries=Count("country", distinct=True))
        .order_by()
    ):
        if row["year"] is None:
            continue
        item = year(row["year"])
        item.rounds_held = row["rounds"]
        item.beneficiary_countries = row["beneficiaries"]
    seat_year = (
        RoundEvent.objects.filter(round_id=OuterRef("round_id"), to_state=S.REPORT_DRAFTING)
        .values("round_id")
        .annotate(at=Min("created_at"))
        .values("at")[:1]
    )
    for row in (
        seats.annotate(year=ExtractYear(Subquery(seat_year)))
        .values("year")
        .annotate(
            experts=Count("user", distinct=True),
            countries=Count("user__expert_profile__country", distinct=True),
        )
        .order_by()
    ):
        if row["year"] is None:
            continue
        item = year(row["year"])
        item.experts = row["experts"]
        item.cooperating_countries = row["countries"]
    approved_year = (
        RoundEvent.objects.filter(round_id=OuterRef("report__round_id"), to_state=S.APPROVED)
        .values("round_id")
        .annotate(at=Min("created_at"))
        .values("at")[:1]
    )
    for row in (
        issued.annotate(year=ExtractYear(Subquery(approved_year)))
        .values("year")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        if row["year"] is None:
            continue
        year(row["year"]).recommendations = row["n"]
    return Results(total=total, by_year=by_year)


def results():
    """The counters, from the cache when they were computed in the last ten minutes."""
    value = cache.get(CACHE_KEY)
    if value is None:
        value = compute()
        cache.set(CACHE_KEY, value, CACHE_SECONDS)
    return value


def clear():
    cache.delete(CACHE_KEY)
