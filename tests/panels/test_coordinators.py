"""OAS coordinators are seated, accepted, when they are chosen (R2.2, R2.3): no invitation, no
ad honorem or conflict-of-interest declaration, and ``Round.coordinators`` follows the seats."""

import pytest
from django.urls import reverse

from notifications.models import OutgoingMessage
from panels.enums import SeatKind, SeatStatus
from panels.models import PanelSeat
from rounds.enums import RoundState
from rounds.models import RoundEvent
from rounds.services import RoundError, transition_round
from tests import factories as f


def accept(rnd, actor, methodology, coordinators):
    return transition_round(
        rnd.pk, "accept", actor, methodology=methodology, coordinators=coordinators
    )


def test_r2_2_coordinators_chosen_at_acceptance_are_seated_accepted_without_invitation(
    cast, make_round
):
    rnd = make_round("submitted")
    mark = OutgoingMessage.objects.order_by("-pk").values_list("pk", flat=True).first()
    rnd = accept(rnd, cast.secretariat, "ripso", [cast.coordinator, cast.coordinator2])

    seats = PanelSeat.objects.filter(round=rnd).order_by("user__full_name")
    assert [(s.user, s.kind, s.status) for s in seats] == sorted(
        [
            (cast.coordinator, SeatKind.COORDINATOR, SeatStatus.ACCEPTED),
            (cast.coordinator2, SeatKind.COORDINATOR, SeatStatus.ACCEPTED),
        ],
        key=lambda t: t[0].full_name,
    )
    assert all(s.invited_at is None and s.token_hash == "" for s in seats)
    assert set(rnd.coordinators.all()) == {cast.coordinator, cast.coordinator2}
    # Audited, staff-only; no invitation e-mail, only the plain "request accepted" one.
    seated = RoundEvent.objects.filter(round=rnd, action="panels.seat.coordinator_seated")
    assert sorted(e.data["user"] for e in seated) == sorted(
        [cast.coordinator.pk, cast.coordinator2.pk]
    )
    assert {e.visibility for e in seated} == {"staff"}
    to_coordinators = OutgoingMessage.objects.filter(
        pk__gt=mark, recipient__in=[cast.coordinator, cast.coordinator2]
    )
    assert sorted(to_coordinators.values_list("message_type", flat=True)) == [
        "round_accepted",
        "round_accepted",
    ]
    assert "coordination seat" in to_coordinators.first().body_text
    # The panel page counts them as accepted; nothing is left for them to answer.
    assert not PanelSeat.objects.open_invitations().filter(round=rnd).exists()


def test_r2_3_mecigep_oas_expert_is_seated_and_a_second_one_is_refused(cast, make_round):
    rnd = make_round("submitted")
    with pytest.raises(RoundError, match="1 puestos de coordinación de la OEA"):
        accept(rnd, cast.secretariat, "mecigep", [cast.coordinator, cast.coordinator2])
    rnd.refresh_from_db()
    assert (rnd.status, rnd.panel_seats.count(), rnd.coordinators.count()) == ("submitted", 0, 0)

    rnd = accept(rnd, cast.secretariat, "mecigep", [cast.coordinator])
    seat = rnd.panel_seats.get()
    assert (seat.user, seat.kind, seat.status) == (
        cast.coordinator,
        SeatKind.COORDINATOR,
        SeatStatus.ACCEPTED,
    )


def test_r2_2_only_oas_specialists_can_be_chosen_as_coordinators(client, cast, make_round):
    """The acceptance form offers OAS specialists only; staff who are not are refused."""
    rnd = make_round("submitted")
    client.force_login(cast.secretariat)
    url = reverse("rounds:transition", args=[rnd.code, "accept"])
    form_html = client.get(url).content.decode()
    assert cast.coordinator.full_name in form_html
    assert f'value="{cast.secretariat.pk}"' not in form_html
    response = client.post(url, {"methodology": "ripso", "coordinators": [cast.secretariat.pk]})
    assert response.status_code == 200  # the form again, with the error
    rnd.refresh_from_db()
    assert (rnd.status, rnd.panel_seats.count()) == (RoundState.SUBMITTED, 0)
    with pytest.raises(RoundError, match="OAS specialists"):
        accept(rnd, cast.secretariat, "ripso", [cast.secretariat])


def test_r2_2_an_oas_specialist_chosen_later_on_the_panel_page_is_seated_at_once(
    client, cast, make_round
):
    rnd = make_round("submitted")
    rnd = accept(rnd, cast.secretariat, "ripso", [cast.coordinator])
    client.force_login(cast.secretariat)
    page = client.get(reverse("panels:panel", args=[rnd.code])).content.decode()
    assert "Seat as coordinator" in page
    response = client.post(
        reverse("panels:propose", args=[rnd.code]),
        {"user": cast.coordinator2.pk, "kind": SeatKind.COORDINATOR, "rank": "2"},
    )
    assert response.status_code == 302
    seat = rnd.panel_seats.get(user=cast.coordinator2)
    assert seat.status == SeatStatus.ACCEPTED
    assert set(rnd.coordinators.all()) == {cast.coordinator, cast.coordinator2}
    assert not OutgoingMessage.objects.filter(
        recipient=cast.coordinator2, message_type="panel_invitation"
    ).exists()
    # A third one: both seats are taken.
    third = f.CoordinatorFactory(full_name="Inés Tercera Paz")
    response = client.post(
        reverse("panels:propose", args=[rnd.code]),
        {"user": third.pk, "kind": SeatKind.COORDINATOR, "rank": "3"},
    )
    assert "All coordination seats are taken (2)" in response.content.decode()
    assert not rnd.panel_seats.filter(user=third).exists()


def test_r2_2_withdrawing_a_coordination_seat_removes_the_coordinator(client, cast, make_round):
    rnd = make_round("submitted")
    rnd = accept(rnd, cast.secretariat, "ripso", [cast.coordinator, cast.coordinator2])
    seat = rnd.panel_seats.get(user=cast.coordinator2)
    client.force_login(cast.secretariat)
    response = client.post(reverse("panels:withdraw", args=[rnd.code, seat.pk]))
    assert response.status_code == 302
    seat.refresh_from_db()
    assert seat.status == SeatStatus.WITHDRAWN
    assert list(rnd.coordinators.all()) == [cast.coordinator]
