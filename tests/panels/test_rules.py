"""One test per rule of phase 2 (docs/rules.md R2.1–R2.7), through the pages."""

import pytest
from django.urls import reverse

from notifications.models import OutgoingMessage
from panels.enums import CountryOpinion, SeatKind, SeatStatus
from panels.models import PanelSeat
from rounds.models import RoundEvent
from rounds.request_models import CountryOfInterest
from rounds.services import Blocked, transition_round
from tests import factories as f
from tests.panels.conftest import invitation_token

pytestmark = pytest.mark.django_db


def panel_url(rnd):
    return reverse("panels:panel", args=[rnd.code])


def propose(client, rnd, user, kind=SeatKind.SPECIALIST, rank=1, **extra):
    return client.post(
        reverse("panels:propose", args=[rnd.code]),
        {"user": user.pk, "kind": kind, "rank": rank, **extra},
    )


def opinion(client, rnd, seat, value, comment=""):
    return client.post(
        reverse("panels:opinion", args=[rnd.code, seat.pk]),
        {"opinion": value, "comment": comment},
    )


def test_r2_1_focal_point_agrees_or_objects_with_comment(client, cast, forming):
    client.force_login(cast.secretariat)
    assert propose(client, forming, cast.expert_cl).status_code == 302
    assert propose(client, forming, cast.expert_uy, rank=2).status_code == 302
    chile = PanelSeat.objects.get(round=forming, user=cast.expert_cl)
    uruguay = PanelSeat.objects.get(round=forming, user=cast.expert_uy)
    # The focal point is told, and sees the proposal with the profile.
    proposals = OutgoingMessage.objects.filter(
        recipient=cast.gt_focal_point, message_type="panel_proposal"
    )
    assert proposals.count() == 2
    client.force_login(cast.gt_focal_point)
    html = client.get(panel_url(forming)).content.decode()
    assert "Valentina Rojas Fuentes" in html
    assert "Diseño y reforma de programas de protección social." in html

    # Objecting needs a comment: nothing changes without it, and the page says why.
    response = opinion(client, forming, chile, "object")
    assert response.status_code == 200
    assert "Please say why you object" in response.content.decode()
    chile.refresh_from_db()
    assert chile.country_opinion == CountryOpinion.PENDING

    opinion(client, forming, chile, "object", "No conoce programas rurales.")
    opinion(client, forming, uruguay, "agree")
    chile.refresh_from_db()
    uruguay.refresh_from_db()
    assert (chile.country_opinion, chile.country_comment) == (
        CountryOpinion.OBJECTED,
        "No conoce programas rurales.",
    )
    assert uruguay.country_opinion == CountryOpinion.AGREED
    event = RoundEvent.objects.filter(round=forming, action="panels.seat.country_objected").get()
    assert (event.actor, event.comment, event.visibility) == (
        cast.gt_focal_point,
        "No conoce programas rurales.",
        "country",
    )

    # Only the specialist the country agreed with can be invited.
    client.force_login(cast.secretariat)
    response = client.post(reverse("panels:invite", args=[forming.code, chile.pk]), follow=True)
    assert "The country has not agreed with this candidate yet (R2.1)." in response.content.decode()
    chile.refresh_from_db()
    assert chile.status == SeatStatus.PROPOSED
    client.post(reverse("panels:invite", args=[forming.code, uruguay.pk]))
    uruguay.refresh_from_db()
    assert uruguay.status == SeatStatus.INVITED


def test_r2_2_ripso_panel_needs_two_specialists_and_two_coordinators(client, cast, forming):
    seat = f.PanelSeatFactory(round=forming, user=cast.expert_cl)
    f.PanelSeatFactory(round=forming, user=cast.coordinator, kind=SeatKind.COORDINATOR)
    client.force_login(cast.secretariat)
    html = client.get(panel_url(forming)).content.decode()
    assert "1 of 2 accepted" in html
    assert "Specialist (cooperating country): 1 of 2 seats accepted." in html
    assert "OAS specialist (coordination): 1 of 2 seats accepted." in html
    with pytest.raises(Blocked) as refused:
        transition_round(forming.pk, "confirm_panel", cast.secretariat)
    assert refused.value.details == [
        "Specialist (cooperating country): 1 of 2 seats accepted.",
        "OAS specialist (coordination): 1 of 2 seats accepted.",
    ]
    f.PanelSeatFactory(round=forming, user=cast.expert_uy)
    f.PanelSeatFactory(round=forming, user=cast.coordinator2, kind=SeatKind.COORDINATOR)
    html = client.get(panel_url(forming)).content.decode()
    assert "Every seat is held by someone who accepted, and the rules hold." in html
    assert reverse("rounds:transition", args=[forming.code, "confirm_panel"]) in html
    rnd = transition_round(forming.pk, "confirm_panel", cast.secretariat)
    assert rnd.status == "preparation"
    assert seat.round_id == rnd.pk


def test_r2_3_mecigep_experts_from_three_selected_states(client, cast, mecigep):
    costa_rica = f.ExpertFactory(
        full_name="Sofía Araya Mora", profile__country=f.CountryFactory(code="CR")
    )
    chile_2 = f.ExpertFactory(
        full_name="Tomás Vidal Soto", profile__country=f.CountryFactory(code="CL")
    )
    states = {c: f.CountryFactory(code=c).pk for c in ("CL", "UY", "MX", "GT")}
    url = reverse("panels:select_states", args=[mecigep.code])
    client.force_login(cast.gt_focal_point)
    html = client.get(panel_url(mecigep)).content.decode()
    assert "Up to 3 experts, officials of 3 different member states" in html
    # Their own country is not offered (R2.5), nor twice the same state.
    response = client.post(url, {"state_1": states["GT"]})
    assert response.status_code == 200
    response = client.post(url, {"state_1": states["CL"], "state_2": states["CL"]})
    assert "Choose three different member states (R2.3)." in response.content.decode()
    assert mecigep.selected_states.count() == 0
    client.post(url, {"state_1": states["CL"], "state_2": states["UY"], "state_3": states["MX"]})
    assert sorted(mecigep.selected_states.values_list("country__code", flat=True)) == [
        "CL",
        "MX",
        "UY",
    ]

    client.force_login(cast.secretariat)
    html = client.get(panel_url(mecigep)).content.decode()
    assert "Sofía Araya Mora" not in html  # Costa Rica was not selected: not suggested
    response = propose(client, mecigep, costa_rica)
    assert "MECIGEP experts come from the member states selected by the country (R2.3)." in (
        response.content.decode()
    )
    for expert in (cast.expert_cl, cast.expert_uy, cast.expert_mx):
        assert propose(client, mecigep, expert).status_code == 302
    response = propose(client, mecigep, chile_2)
    assert "MECIGEP experts come from three different member states (R2.3)." in (
        response.content.decode()
    )
    assert mecigep.panel_seats.filter(kind=SeatKind.SPECIALIST).count() == 3

    # Three experts and the OAS expert (seated when the request was accepted): the panel can
    # be confirmed once the experts accept.
    assert mecigep.panel_seats.get(kind=SeatKind.COORDINATOR).user == cast.coordinator
    mecigep.panel_seats.update(status=SeatStatus.ACCEPTED)
    assert transition_round(mecigep.pk, "confirm_panel", cast.secretariat).status == "preparation"


def test_r2_4_invited_expert_accepts_ad_honorem(client, cast, forming):
    seat = f.PanelSeatFactory(
        round=forming,
        user=cast.expert_cl,
        status=SeatStatus.PROPOSED,
        country_opinion=CountryOpinion.AGREED,
    )
    client.force_login(cast.secretariat)
    client.post(reverse("panels:invite", args=[forming.code, seat.pk]))
    token = invitation_token(cast.expert_cl)
    url = reverse("panels:invitation", args=[token])

    client.force_login(cast.expert_cl)
    html = client.get(url).content.decode()
    assert forming.title in html
    assert forming.goal in html
    assert "Ad honorem" in html
    assert "dates to be agreed" in html
    # Accepting without confirming ad honorem participation and no conflict: refused.
    response = client.post(url, {"answer": "accept", "accept-availability": "Marzo."})
    assert response.status_code == 200
    assert "Confirm that you take part ad honorem." in response.content.decode()
    assert "Declare that you have no conflict of interest." in response.content.decode()
    seat.refresh_from_db()
    assert seat.status == SeatStatus.INVITED

    response = client.post(
        url,
        {
            "answer": "accept",
            "accept-ad_honorem": "on",
            "accept-no_conflict": "on",
            "accept-availability": "Segunda quincena de marzo.",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == forming.get_absolute_url()
    seat.refresh_from_db()
    assert (seat.status, seat.ad_honorem_confirmed, seat.no_conflict_declared) == (
        SeatStatus.ACCEPTED,
        True,
        True,
    )
    assert seat.availability == "Segunda quincena de marzo."
    told = OutgoingMessage.objects.filter(message_type="panel_invitation_accepted")
    assert [m.recipient for m in told] == [cast.coordinator]  # the round's coordinator


def test_r2_5_no_specialist_from_the_beneficiary_state(client, cast, forming):
    guatemalan = f.ExpertFactory(
        email="experto.gt@example.org",
        full_name="Óscar Guatemalteco Paz",
        profile__country=f.CountryFactory(code="GT"),
    )
    client.force_login(cast.secretariat)
    assert "Óscar Guatemalteco Paz" not in client.get(panel_url(forming)).content.decode()
    response = client.post(
        reverse("panels:propose", args=[forming.code]),
        {"email": "EXPERTO.GT@example.org", "kind": SeatKind.SPECIALIST, "rank": 1},
    )
    assert response.status_code == 200
    assert "A specialist cannot be an official of the beneficiary state (R2.5)." in (
        response.content.decode()
    )
    assert not forming.panel_seats.filter(user=guatemalan).exists()


def test_r2_6_warns_without_team_management_and_records_override(client, cast, forming):
    profile = cast.expert_uy.expert_profile
    profile.manages_teams = False
    profile.save()
    client.force_login(cast.secretariat)
    html = client.get(panel_url(forming)).content.decode()
    assert "This expert has no recorded experience managing teams (R2.6)." in html
    # Going ahead without a reason: refused, the warning shown again, the rank kept.
    response = propose(client, forming, cast.expert_uy, rank=7)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Check these warnings; to go ahead, write why." in html
    assert '<option value="7" selected>' in html
    assert not forming.panel_seats.filter(user=cast.expert_uy).exists()

    reason = "Dirigió la reforma del registro social uruguayo."
    assert propose(client, forming, cast.expert_uy, override_reason=reason).status_code == 302
    seat = forming.panel_seats.get(user=cast.expert_uy)
    assert (seat.override_reason, seat.override_by) == (reason, cast.secretariat)
    event = RoundEvent.objects.get(round=forming, action="panels.seat.proposed")
    assert event.data["override_reason"] == reason
    assert event.data["warnings"] == [
        "This expert has no recorded experience managing teams (R2.6)."
    ]
    # A candidate without warnings needs no reason, and none is recorded.
    assert propose(client, forming, cast.expert_cl).status_code == 302
    assert forming.panel_seats.get(user=cast.expert_cl).override_reason == ""


def test_r2_7_warns_when_not_from_a_country_of_interest(client, cast, forming):
    CountryOfInterest.objects.create(round=forming, country=f.CountryFactory(code="CL"))
    client.force_login(cast.secretariat)
    response = client.get(panel_url(forming))
    candidates = {c["user"]: c for c in response.context["groups"][0]["candidates"]}
    warning = "This expert is not from a country of interest named in the request (R2.7)."
    assert [str(w) for w in candidates[cast.expert_uy]["warnings"]] == [warning]
    assert candidates[cast.expert_cl]["warnings"] == []
    assert "from a country of interest" in candidates[cast.expert_cl]["reasons"]
    # Chile comes first: the country asked for its experience.
    assert response.context["groups"][0]["candidates"][0]["user"] == cast.expert_cl
    response = propose(client, forming, cast.expert_uy)
    assert warning in response.content.decode()
    assert propose(client, forming, cast.expert_uy, override_reason="Único experto disponible.")
    assert forming.panel_seats.get(user=cast.expert_uy).override_reason == (
        "Único experto disponible."
    )


def test_r2_3_mecigep_suggests_only_experts_a_proposal_would_not_refuse(client, cast, mecigep):
    """Candidates ("Propose") are only people the hard rules accept: from a selected member
    state, and not from a state already on the panel; none before the country selects."""
    from panels.candidates import suggest_candidates
    from panels.eligibility import hard_problems
    from panels.services import select_states

    chile_2 = f.ExpertFactory(
        full_name="Tomás Vidal Soto", profile__country=cast.expert_cl.expert_profile.country
    )
    f.ExpertFactory(full_name="Sofía Araya Mora", profile__country=f.CountryFactory(code="CR"))
    client.force_login(cast.secretariat)
    html = client.get(panel_url(mecigep)).content.decode()
    assert suggest_candidates(mecigep) == []
    assert "once the country has selected the member states" in html

    chile, uruguay = cast.expert_cl.expert_profile.country, cast.expert_uy.expert_profile.country
    select_states(mecigep, cast.gt_focal_point, [chile, uruguay])
    names = {c["user"].full_name for c in suggest_candidates(mecigep)}
    assert names == {cast.expert_cl.full_name, chile_2.full_name, cast.expert_uy.full_name}

    assert propose(client, mecigep, cast.expert_cl).status_code == 302
    suggested = [c["user"] for c in suggest_candidates(mecigep)]
    assert suggested == [cast.expert_uy]  # Chile is on the panel: Tomás is not suggested
    for user in suggested:
        assert hard_problems(mecigep, user, SeatKind.SPECIALIST) == []
    html = client.get(panel_url(mecigep)).content.decode()
    assert "Tomás Vidal Soto" not in html and "Sofía Araya Mora" not in html
