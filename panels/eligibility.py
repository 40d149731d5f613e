"""Who may sit on a panel (R2.3, R2.5), what the secretariat is warned about (R2.6, R2.7) and
what still stops the panel from being confirmed (R2.2/R2.3)."""

from django.utils.translation import gettext as _

from accounts.enums import Role
from rounds.enums import Methodology

from .enums import SEAT_RULES, SeatKind, SeatStatus


def expert_country(user):
    profile = getattr(user, "expert_profile", None)
    if profile is not None:
        return profile.country
    return user.institution.country if user.institution_id else None


def seat_limits(rnd, kind):
    rules = SEAT_RULES.get(rnd.methodology or Methodology.RIPSO)
    return rules[kind]


# --- Rules ---------------------------------------------------------------------------------
def hard_problems(rnd, user, kind, *, selected=None, taken=None):
    """R2.5 and R2.3: what makes a candidate impossible for this seat.

    ``selected`` (ids of the member states a MECIGEP country selected) and ``taken`` (ids of the
    countries of the specialists holding a seat, with the person's own seat left out) may be
    passed when checking many rounds at once, so that they are read once (the roster)."""
    problems = []
    if kind == SeatKind.COORDINATOR:
        if not (user.role == Role.SECRETARIAT and user.is_oas_specialist):
            problems.append(_("Coordination seats are for OAS specialists of the Secretariat."))
        return problems
    if user.role != Role.EXPERT:
        problems.append(_("Specialist seats are for experts of the roster."))
        return problems
    country = expert_country(user)
    if country is not None and country.pk == rnd.country_id:
        problems.append(_("A specialist cannot be an official of the beneficiary state (R2.5)."))
    if rnd.methodology == Methodology.MECIGEP:
        if selected is None:
            selected = set(rnd.selected_states.values_list("country_id", flat=True))
        if country is None or country.pk not in selected:
            problems.append(
                _("MECIGEP experts come from the member states selected by the country (R2.3).")
            )
        if taken is None:
            taken = (
                rnd.panel_seats.holding()
                .filter(kind=SeatKind.SPECIALIST)
                .exclude(user=user)
                .values_list("user__expert_profile__country_id", flat=True)
            )
        if country is not None and country.pk in set(taken):
            problems.append(_("MECIGEP experts come from three different member states (R2.3)."))
    return problems


def soft_warnings(rnd, user, kind, *, interest=None):
    """R2.6 and R2.7: what the secretariat is warned about, and may override with a reason.

    ``interest`` (the ids of the countries of interest) may be passed when checking many people
    at once, so that the list is read once."""
    if kind != SeatKind.SPECIALIST:
        return []
    warnings = []
    profile = getattr(user, "expert_profile", None)
    if profile is None or not profile.manages_teams:
        warnings.append(_("This expert has no recorded experience managing teams (R2.6)."))
    if profile is None or not profile.similar_initiatives_experience.strip():
        warnings.append(
            _("This expert has no recorded experience with similar initiatives (R2.6).")
        )
    if interest is None:
        interest = set(rnd.countries_of_interest.values_list("country_id", flat=True))
    country = expert_country(user)
    if interest and (country is None or country.pk not in interest):
        warnings.append(
            _("This expert is not from a country of interest named in the request (R2.7).")
        )
    return warnings


def panel_blockers(rnd):
    """What stops ``confirm_panel`` (R2.2/R2.3, R2.5, every seat accepted)."""
    rules = SEAT_RULES.get(rnd.methodology or Methodology.RIPSO)
    seats = list(rnd.panel_seats.holding().select_related("user__expert_profile__country"))
    messages = []
    for kind, (minimum, maximum) in rules.items():
        accepted = [s for s in seats if s.kind == kind and s.status == SeatStatus.ACCEPTED]
        label = SeatKind(kind).label
        if len(accepted) < minimum:
            messages.append(
                _("%(kind)s: %(have)d of %(need)d seats accepted.")
                % {"kind": label, "have": len(accepted), "need": minimum}
            )
        if len(accepted) > maximum:
            messages.append(_("%(kind)s: at most %(max)d seats.") % {"kind": label, "max": maximum})
    pending = [s for s in seats if s.status != SeatStatus.ACCEPTED]
    if pending:
        messages.append(
            _("%(n)d candidates have not accepted yet: withdraw them or wait for their answer.")
            % {"n": len(pending)}
        )
    for seat in seats:
        if seat.status == SeatStatus.ACCEPTED and seat.kind == SeatKind.SPECIALIST:
            for problem in hard_problems(rnd, seat.user, seat.kind):
                messages.append(f"{seat.user}: {problem}")
    return messages


def rounds_open_to(user, rounds):
    """For the roster's "propose for a round": each round being formed with what a proposal of
    ``user`` as a specialist would meet — ``problems`` (hard rules, or a seat already held:
    not offered) and ``warnings`` (soft rules: need a reason). ``rounds`` must be prefetched
    with ``selected_states``, ``countries_of_interest`` and ``holding_seats`` (the seats held,
    with ``user__expert_profile``), so the whole list costs a fixed number of queries."""
    rows = []
    for rnd in rounds:
        held = rnd.holding_seats
        taken = {
            s.user.expert_profile.country_id
            for s in held
            if s.kind == SeatKind.SPECIALIST
            and s.user_id != user.pk
            and getattr(s.user, "expert_profile", None) is not None
        }
        problems = hard_problems(
            rnd,
            user,
            SeatKind.SPECIALIST,
            selected={s.country_id for s in rnd.selected_states.all()},
            taken=taken,
        )
        if any(s.user_id == user.pk for s in held):
            problems.append(_("%(name)s already has a seat on this panel.") % {"name": user})
        interest = {c.country_id for c in rnd.countries_of_interest.all()}
        warnings = (
            [] if problems else soft_warnings(rnd, user, SeatKind.SPECIALIST, interest=interest)
        )
        rows.append({"round": rnd, "problems": problems, "warnings": warnings})
    return rows
