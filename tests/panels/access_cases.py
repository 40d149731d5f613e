"""The panel rows of the access matrix (tests/test_access.py): URL arguments, POST data and the
checks that an allowed write did what it says. Each builder runs inside the test's savepoint, on
Guatemala's round while its panel is being formed (Chile and Uruguay accepted, Mexico invited)."""

from datetime import timedelta

from django.utils import timezone

from accounts.models import Country
from notifications.models import OutgoingMessage
from panels.enums import CountryOpinion, SeatKind, SeatStatus
from panels.models import PanelSeat
from rounds.models import Round
from tests import factories as f

MATRIX_TOKEN = "panel-token-de-la-matriz"


def seat_of(rnd, user):
    return PanelSeat.objects.get(round=rnd, user=user)


def _open_mexicos_invitation(rnd, w):
    """The factory's invited seat has no link yet: give it one, as ``services.invite`` would."""
    PanelSeat.objects.filter(round=rnd, user=w.cast.expert_mx).update(
        token_hash=PanelSeat.hash_token(MATRIX_TOKEN),
        invited_at=timezone.now(),
        response_deadline=timezone.now() + timedelta(days=10),
    )
    return {"token": MATRIX_TOKEN}


# --- GET ------------------------------------------------------------------------------------
def panel_kwargs(w, role):
    return {"code": w.round.code}


def letter_kwargs(w, role):
    return {"code": w.round.code, "pk": seat_of(w.round, w.cast.expert_cl).pk}


def answer_kwargs(w, role):
    return {"pk": seat_of(w.round, w.cast.expert_mx).pk}


def invitation_kwargs(w, role):
    return _open_mexicos_invitation(w.round, w)


def seat_kwargs(w, role):
    """GET of a POST-only seat URL: any seat of the round will do."""
    return {"code": w.round.code, "pk": seat_of(w.round, w.cast.expert_mx).pk}


# --- POST -----------------------------------------------------------------------------------
def code_of(w, rnd):
    return {"code": rnd.code}


def propose_data(w, rnd):
    return {"user": w.other_expert.pk, "kind": SeatKind.SPECIALIST, "rank": "3"}


def proposed(w, rnd, before, role):
    seat = seat_of(rnd, w.other_expert)
    assert (seat.status, seat.kind, seat.rank) == (SeatStatus.PROPOSED, SeatKind.SPECIALIST, 3)
    assert seat.proposed_by == w.users[role]


def opinion_kwargs(w, rnd):
    seat = f.PanelSeatFactory(round=rnd, user=w.other_expert, status=SeatStatus.PROPOSED)
    return {"code": rnd.code, "pk": seat.pk}


def objection_data(w, rnd):
    return {"opinion": "object", "comment": "No conoce programas rurales."}


def objected(w, rnd, before, role):
    seat = seat_of(rnd, w.other_expert)
    assert (seat.country_opinion, seat.country_comment) == (
        CountryOpinion.OBJECTED,
        "No conoce programas rurales.",
    )


def invite_kwargs(w, rnd):
    """Sofía Almeida left her coordination seat; another OAS specialist is proposed for it.
    (A specialist seat would need Chile or Mexico out of the way, and they are columns.)"""
    PanelSeat.objects.filter(round=rnd, user=w.cast.coordinator2).update(status=SeatStatus.DECLINED)
    specialist = f.CoordinatorFactory(email="oas.nueva@example.org", full_name="Inés Nueva Paz")
    seat = f.PanelSeatFactory(
        round=rnd,
        user=specialist,
        kind=SeatKind.COORDINATOR,
        status=SeatStatus.PROPOSED,
        country_opinion=CountryOpinion.AGREED,
    )
    return {"code": rnd.code, "pk": seat.pk}


def invited(w, rnd, before, role):
    seat = PanelSeat.objects.get(round=rnd, user__email="oas.nueva@example.org")
    assert seat.status == SeatStatus.INVITED
    assert seat.response_deadline > timezone.now()
    assert OutgoingMessage.objects.count() == before["messages"] + 1
    message = OutgoingMessage.objects.latest("pk")
    assert (message.recipient, message.message_type) == (seat.user, "panel_invitation")


def withdraw_kwargs(w, rnd):
    return {"code": rnd.code, "pk": seat_of(rnd, w.cast.expert_mx).pk}


def withdrawn(w, rnd, before, role):
    assert seat_of(rnd, w.cast.expert_mx).status == SeatStatus.WITHDRAWN


def states_kwargs(w, rnd):
    Round.objects.filter(pk=rnd.pk).update(methodology="mecigep")
    return {"code": rnd.code}


def states_data(w, rnd):
    ids = dict(Country.objects.filter(code__in=["CL", "UY", "MX"]).values_list("code", "pk"))
    return {"state_1": ids["CL"], "state_2": ids["UY"], "state_3": ids["MX"]}


def states_selected(w, rnd, before, role):
    codes = sorted(rnd.selected_states.values_list("country__code", flat=True))
    assert codes == ["CL", "MX", "UY"]


def invitation_post_kwargs(w, rnd):
    return _open_mexicos_invitation(rnd, w)


def decline_data(w, rnd):
    return {"answer": "decline", "decline-reason": "Sin disponibilidad en esas fechas."}


def declined(w, rnd, before, role):
    seat = seat_of(rnd, w.cast.expert_mx)
    assert (seat.status, seat.decline_reason) == (
        SeatStatus.DECLINED,
        "Sin disponibilidad en esas fechas.",
    )


def roster_propose_data(w, rnd):
    return {"round": rnd.code, "override_reason": "Experiencia reconocida en registros sociales."}


def proposed_from_roster(w, rnd, before, role):
    seat = seat_of(rnd, w.other_expert)
    assert (seat.status, seat.kind) == (SeatStatus.PROPOSED, SeatKind.SPECIALIST)
    assert seat.proposed_by == w.users[role]
