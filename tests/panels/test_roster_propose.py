"""Proposing an expert from the roster (R2.1, R2.5, R2.6/R2.7, R2.3): after a search, the
secretariat proposes the person for a round being formed, with the same rules as the panel page,
and comes back to the same search."""

from urllib.parse import urlencode

import pytest
from django.urls import reverse

from panels.enums import CountryOpinion, SeatKind, SeatStatus
from panels.models import PanelSeat
from rounds.models import RoundEvent
from rounds.request_models import CountryOfInterest
from tests import factories as f

pytestmark = pytest.mark.django_db


def propose_url(user, back=""):
    url = reverse("panels:roster_propose", args=[user.pk])
    return f"{url}?{urlencode({'back': back})}" if back else url


@pytest.fixture
def sofia(cast):
    """Costa Rica, manages teams, similar experience: no warning for a round without countries
    of interest."""
    return f.ExpertFactory(
        full_name="Sofía Araya Mora",
        email="sofia.araya@example.org",
        profile__country=f.CountryFactory(code="CR"),
    )


def test_r2_1_roster_proposes_an_eligible_expert_and_keeps_the_search(client, cast, forming, sofia):
    client.force_login(cast.secretariat)
    search = "q=Araya&country=CR"
    roster = client.get(reverse("panels:roster") + "?" + search).content.decode()
    link = propose_url(sofia, search).replace("&", "&amp;")
    assert link in roster  # "Propose for a round", with the search
    page = client.get(propose_url(sofia, search))
    assert page.status_code == 200
    assert forming.code in page.content.decode()

    response = client.post(propose_url(sofia), {"round": forming.code, "back": search})
    assert response.status_code == 302
    assert response["Location"] == reverse("panels:roster") + "?" + search
    seat = PanelSeat.objects.get(round=forming, user=sofia)
    assert (seat.kind, seat.status, seat.country_opinion, seat.proposed_by) == (
        SeatKind.SPECIALIST,
        SeatStatus.PROPOSED,
        CountryOpinion.PENDING,
        cast.secretariat,
    )
    assert RoundEvent.objects.filter(round=forming, action="panels.seat.proposed").exists()
    followed = client.get(response["Location"]).content.decode()
    assert f"Sofía Araya Mora is proposed for the panel of {forming.code}" in followed


def test_r2_5_roster_refuses_an_ineligible_expert_with_the_reason(client, cast, forming):
    """A Guatemalan expert for Guatemala's round: not offered, and a forged POST is refused."""
    guatemalan = f.ExpertFactory(
        full_name="Carlos Pérez Gómez", profile__country=cast.mides.country
    )
    client.force_login(cast.secretariat)
    html = client.get(propose_url(guatemalan)).content.decode()
    assert "A specialist cannot be an official of the beneficiary state (R2.5)." in html
    assert f'value="{forming.code}"' not in html
    response = client.post(propose_url(guatemalan), {"round": forming.code})
    assert response.status_code == 400
    assert "This round is not open to this expert any more" in response.content.decode()
    assert not PanelSeat.objects.filter(user=guatemalan).exists()


def test_r2_7_roster_warnings_need_a_reason_which_is_recorded(client, cast, forming, sofia):
    CountryOfInterest.objects.create(round=forming, country=f.CountryFactory(code="CL"))
    client.force_login(cast.secretariat)
    html = client.get(propose_url(sofia)).content.decode()
    assert "not from a country of interest named in the request (R2.7)" in html
    response = client.post(propose_url(sofia), {"round": forming.code, "override_reason": ""})
    assert response.status_code == 400
    assert "Check these warnings; to go ahead, write why." in response.content.decode()
    assert not PanelSeat.objects.filter(user=sofia).exists()
    reason = "Dirigió la reforma del registro social costarricense."
    response = client.post(propose_url(sofia), {"round": forming.code, "override_reason": reason})
    assert response.status_code == 302
    seat = PanelSeat.objects.get(user=sofia, round=forming)
    assert (seat.override_reason, seat.override_by) == (reason, cast.secretariat)


@pytest.mark.parametrize(
    "role", ["focal_point", "team_member", "expert_on_panel", "expert_invited", "other_expert"]
)
def test_roster_propose_is_the_secretariats_only(client, cast, forming, sofia, role):
    user = sofia if role == "other_expert" else cast.user(role)
    client.force_login(user)
    assert client.get(propose_url(sofia)).status_code == 404
    assert client.post(propose_url(sofia), {"round": forming.code}).status_code == 404
    assert not PanelSeat.objects.filter(user=sofia).exists()


@pytest.mark.parametrize("rounds", [1, 4])
def test_roster_propose_page_queries_do_not_grow_with_rounds(
    client, cast, make_round, sofia, rounds, django_assert_num_queries
):
    for i in range(rounds):
        make_round("panel_forming", title=f"Ronda {i}")
    client.force_login(cast.secretariat)
    client.get(propose_url(sofia))  # warm the session and the caches
    with django_assert_num_queries(8):
        assert client.get(propose_url(sofia)).status_code == 200
