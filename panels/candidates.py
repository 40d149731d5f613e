"""Suggested candidates for a seat, ranked: fit of topics, countries of interest, languages,
current load (R2.1: the secretariat proposes, the country agrees or objects)."""

from django.db.models import Count, Q
from django.utils.translation import gettext as _

from accounts.enums import Role
from accounts.models import User
from rounds.enums import Methodology

from .eligibility import soft_warnings
from .enums import SeatKind, SeatStatus


def suggest_candidates(rnd, kind=SeatKind.SPECIALIST, limit=10):
    """Experts ranked for a seat: fit of topics, countries of interest, languages, current load.

    Returns a list of dicts ``{"user", "score", "reasons", "warnings"}``, best first; people
    whom a hard rule would refuse (``eligibility.hard_problems``: R2.5; for MECIGEP, R2.3's
    selected and different member states) or who already hold a seat are left out, and so
    are those who had one and lost it (declined, expired, withdrawn after the country objected):
    the next best is never the person who just said no. The secretariat can still propose them
    again by name.
    """
    seated = rnd.panel_seats.values_list("user_id", flat=True)
    if kind == SeatKind.COORDINATOR:
        people = User.objects.filter(
            role=Role.SECRETARIAT, is_oas_specialist=True, is_active=True
        ).exclude(pk__in=seated)
        people = people.annotate(
            load=Count(
                "panel_seats",
                filter=Q(panel_seats__status=SeatStatus.ACCEPTED)
                & ~Q(panel_seats__round__status__in=["published", "closed_internal", "cancelled"]),
            )
        ).order_by("load", "full_name")
        return [
            {
                "user": u,
                "score": -u.load,
                "reasons": [_("%(n)d open panels") % {"n": u.load}],
                "warnings": [],
            }
            for u in people[:limit]
        ]
    topic_ids = set(rnd.topics.values_list("pk", flat=True))
    interest = set(rnd.countries_of_interest.values_list("country_id", flat=True))
    selected = set(rnd.selected_states.values_list("country_id", flat=True))
    people = (
        User.objects.filter(role=Role.EXPERT, is_active=True, expert_profile__isnull=False)
        .exclude(pk__in=seated)
        .exclude(expert_profile__country_id=rnd.country_id)
        .select_related("expert_profile__country", "expert_profile__institution")
        .annotate(
            topic_fit=Count(
                "expertise", filter=Q(expertise__topic_id__in=topic_ids), distinct=True
            ),
            load=Count(
                "panel_seats",
                filter=Q(panel_seats__status=SeatStatus.ACCEPTED)
                & ~Q(panel_seats__round__status__in=["published", "closed_internal", "cancelled"]),
                distinct=True,
            ),
        )
    )
    if rnd.methodology == Methodology.MECIGEP:
        # R2.3 is a hard rule (eligibility.hard_problems): only the member states the country
        # selected, and one expert per state. Nobody is suggested before the country selects.
        taken = rnd.panel_seats.holding().filter(
            kind=SeatKind.SPECIALIST, user__expert_profile__country__isnull=False
        )
        people = people.filter(expert_profile__country_id__in=selected).exclude(
            expert_profile__country_id__in=taken.values("user__expert_profile__country_id")
        )
    ranked = []
    for user in people:
        profile = user.expert_profile
        score = 3 * user.topic_fit
        reasons = []
        if user.topic_fit:
            reasons.append(_("%(n)d matching topics") % {"n": user.topic_fit})
        if profile.country_id in interest:
            score += 4
            reasons.append(_("from a country of interest"))
        if "es" in profile.languages.lower() or "en" in profile.languages.lower():
            score += 1
        if profile.manages_teams:
            score += 1
        score -= 2 * user.load
        if user.load:
            reasons.append(_("%(n)d open panels") % {"n": user.load})
        ranked.append({"user": user, "score": score, "reasons": reasons})
    ranked.sort(key=lambda c: (-c["score"], c["user"].full_name))
    for candidate in ranked[:limit]:
        candidate["warnings"] = soft_warnings(rnd, candidate["user"], kind, interest=interest)
    return ranked[:limit]
