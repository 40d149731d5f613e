"""Next steps: for a round and a person, what that person must do now and what the round waits
for (from whom). "My work" and the round page both read it, so every decision a person must take
is reachable from both, with a link to the page where it is done.

A *step provider* is a function ``(ctx) -> iterable of Step`` registered with ``@step_provider``.
The core registers the request phase here; each later phase registers its own from its app, the
same way it registers guards (``rounds.guards``)::

    # visits/next_steps.py, imported from VisitsConfig.ready()
    from rounds.next_steps import Who, step_provider


    @step_provider
    def visibility_of_the_visit(ctx):
        for rnd in ctx.in_states(RoundState.PREPARATION):
            ...
            yield ctx.step(
                rnd,
                _("Record the visibility…"),
                url,
                who=Who.FOCAL_POINT,
                mine=ctx.is_focal_point(rnd),
                rule="R4.4",
            )

so ``rounds`` never imports a later app. **The contract**: a provider reads all of ``ctx.rounds``
with a fixed number of queries (``round_id__in=ctx.round_ids``), never one per round — My work asks
for many rounds at once. It reuses the state, the guards' vocabulary and the permissions
(``rules``) rather than restating rules; the guards themselves stay the authority (the round page
shows their messages under the disabled button).
"""

from dataclasses import dataclass, field

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from accounts.enums import Role

from .enums import RoundState
from .models import Round

S = RoundState

_PROVIDERS = []


def step_provider(func):
    """Register the decorated function as a step provider (see the module docstring)."""
    if func not in _PROVIDERS:
        _PROVIDERS.append(func)
    return func


class Who:
    """Whom a step waits for, as the page says it ("Waiting for: …")."""

    SECRETARIAT = pgettext_lazy("waiting for", "the Technical Secretariat")
    FOCAL_POINT = pgettext_lazy("waiting for", "the country's focal point")
    COUNTRY = pgettext_lazy("waiting for", "the country's team")
    EXPERTS = pgettext_lazy("waiting for", "the panel's experts")
    PANEL = pgettext_lazy("waiting for", "the expert panel")


@dataclass
class Step:
    """One thing a round waits for. ``mine``: the viewer is the one to do it (My work lists it
    as a task, with ``url``). ``waits_for``: who does it, in words. ``order`` sorts the steps of a
    round (lower first); ``primary`` marks the decision that moves the round on."""

    round: object
    text: str
    url: str
    waits_for: str
    mine: bool
    rule: str = ""
    order: int = 50
    primary: bool = False
    key: str = field(default="")


class StepContext:
    """What providers read: the person, the rounds, and role tests that cost no query."""

    def __init__(self, user, rounds):
        self.user = user
        self.rounds = list(rounds)
        self.round_ids = [r.pk for r in self.rounds]
        self.is_staff = bool(user.is_authenticated and user.role == Role.SECRETARIAT)
        self._seats = None

    def in_states(self, *states):
        return [r for r in self.rounds if r.status in states]

    def is_focal_point(self, rnd):
        return self.user.role == Role.FOCAL_POINT and self.user.institution_id == rnd.institution_id

    def is_team_member(self, rnd):
        return self.user.role == Role.TEAM_MEMBER and self.user.institution_id == rnd.institution_id

    def is_country(self, rnd):
        return self.is_focal_point(rnd) or self.is_team_member(rnd)

    def seat(self, rnd):
        """The viewer's own seat on ``rnd`` as ``(pk, status)``, or None (one query for all
        rounds; it also fills ``rounds.rules``' per-round cache, so permission checks that ask
        about the viewer's seat cost nothing more)."""
        if self._seats is None:
            self._seats = {}
            if self.user.is_authenticated and self.round_ids:
                # The seats' model through the reverse relation: rounds never imports panels.
                seat_model = Round._meta.get_field("panel_seats").related_model
                rows = seat_model.objects.filter(
                    user_id=self.user.pk,
                    round_id__in=self.round_ids,
                    status__in=["proposed", "invited", "accepted"],
                ).values_list("round_id", "pk", "status")
                for round_id, pk, status in rows:
                    self._seats[round_id] = (pk, status)
            for r in self.rounds:
                seat = self._seats.get(r.pk)
                cache = r.__dict__.setdefault("_seat_status_cache", {})
                cache.setdefault(self.user.pk, seat[1] if seat else None)
        return self._seats.get(rnd.pk)

    def is_panelist(self, rnd):
        seat = self.seat(rnd)
        return bool(seat and seat[1] == "accepted")

    def step(self, rnd, text, url, *, who, mine, rule="", order=50, primary=False, key=""):
        return Step(
            round=rnd,
            text=text,
            url=url,
            waits_for=who,
            mine=bool(mine),
            rule=rule,
            order=order,
            primary=primary,
            key=key,
        )


def steps_for(rounds, user):
    """``{round pk: [Step, …]}`` for ``rounds`` as seen by ``user``, each list sorted (the
    viewer's own steps first, then by ``order``). A fixed number of queries for any number of
    rounds (each provider's own)."""
    ctx = StepContext(user, rounds)
    result = {r.pk: [] for r in ctx.rounds}
    if not ctx.rounds:
        return result
    for provider in _PROVIDERS:
        for step in provider(ctx) or ():
            result[step.round.pk].append(step)
    for steps in result.values():
        steps.sort(key=lambda s: (not s.mine, not s.primary, s.order))
    return result


def steps_of_round(rnd, user):
    return steps_for([rnd], user)[rnd.pk]


def round_url(rnd, anchor="actions"):
    return f"{rnd.get_absolute_url()}#{anchor}"


# --- Phase 1: the formal request (R1.2, R1.6) --------------------------------------------------
@step_provider
def request_steps(ctx):
    for rnd in ctx.in_states(S.DRAFT, S.RETURNED):
        edit = reverse("rounds:request_edit", args=[rnd.code])
        if rnd.status == S.RETURNED:
            text = _("Make the changes the Secretariat asked for and submit the request again")
        else:
            text = _("Complete the request and submit it to the Technical Secretariat")
        if ctx.is_team_member(rnd):
            yield ctx.step(
                rnd,
                _("Help complete the request (your focal point submits it)"),
                edit,
                who=Who.FOCAL_POINT,
                mine=True,
                rule="R1.2",
                order=20,
            )
            continue
        yield ctx.step(
            rnd,
            text,
            edit,
            who=Who.FOCAL_POINT,
            mine=ctx.is_focal_point(rnd),
            rule="R1.2",
            order=10,
            primary=True,
            key="submit",
        )
    for rnd in ctx.in_states(S.SUBMITTED):
        yield ctx.step(
            rnd,
            _("Decide on the request: accept it, return it for changes or decline it"),
            round_url(rnd),
            who=Who.SECRETARIAT,
            mine=ctx.is_staff,
            rule="R1.6",
            order=10,
            primary=True,
            key="decide",
        )
