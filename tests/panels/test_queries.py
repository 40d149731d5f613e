"""The panel page and "My invitations" run the same number of queries for 1 row and for many
(docs/style.md, "Query counts"): seats, candidates, opinions and history are read in a fixed
number of queries, whatever their number."""

import pytest
from django.urls import reverse

from panels.enums import CountryOpinion, SeatKind, SeatStatus
from rounds.request_models import CountryOfInterest
from tests import factories as f

pytestmark = pytest.mark.django_db

SIZES = [1, 12]
CODES = ["AR", "BO", "BR", "CO", "CR", "EC", "SV", "PA", "PY", "PE", "DO", "JM"]


def build_panel(rnd, rows):
    """``rows`` experts of the roster and ``rows`` seats in every state, specialists and OAS."""
    CountryOfInterest.objects.create(round=rnd, country=f.CountryFactory(code="CL"))
    for i in range(rows):
        country = f.CountryFactory(code=CODES[i])
        institution = f.InstitutionFactory(country=country)
        f.ExpertFactory(
            full_name=f"Candidata {i}",
            profile__country=country,
            profile__institution=institution,
            profile__manages_teams=bool(i % 2),
        )
        seated = f.ExpertFactory(
            full_name=f"Experta {i}", profile__country=country, profile__institution=institution
        )
        status = [SeatStatus.PROPOSED, SeatStatus.INVITED, SeatStatus.DECLINED][i % 3]
        f.PanelSeatFactory(
            round=rnd,
            user=seated,
            status=status,
            rank=i + 1,
            country_opinion=[CountryOpinion.PENDING, CountryOpinion.AGREED][i % 2],
        )
        f.PanelSeatFactory(
            round=rnd,
            user=f.CoordinatorFactory(full_name=f"Especialista OEA {i}"),
            kind=SeatKind.COORDINATOR,
            status=SeatStatus.PROPOSED if i else SeatStatus.ACCEPTED,
        )
        f.CoordinatorFactory(full_name=f"Especialista libre {i}")


def second_visit(client, user, url, django_assert_num_queries, expected):
    client.force_login(user)
    assert client.get(url).status_code == 200  # warms the session
    with django_assert_num_queries(expected):
        response = client.get(url)
    assert response.status_code == 200
    return response


@pytest.mark.parametrize("rows", SIZES)
def test_panel_page_of_the_secretariat(client, cast, forming, rows, django_assert_num_queries):
    build_panel(forming, rows)
    response = second_visit(
        client,
        cast.secretariat,
        reverse("panels:panel", args=[forming.code]),
        django_assert_num_queries,
        12,
    )
    specialists, coordinators = response.context["groups"]
    assert len(specialists["rows"]) == rows - rows // 3
    assert len(specialists["candidates"]) == min(rows + 3, 10)  # + the cast's three
    assert len(coordinators["candidates"]) == min(rows + 2, 10)  # + the cast's two


@pytest.mark.parametrize("rows", SIZES)
def test_panel_page_of_the_focal_point(client, cast, forming, rows, django_assert_num_queries):
    build_panel(forming, rows)
    response = second_visit(
        client,
        cast.gt_focal_point,
        reverse("panels:panel", args=[forming.code]),
        django_assert_num_queries,
        6,
    )
    assert len(response.context["groups"][0]["rows"]) == rows - rows // 3


@pytest.mark.parametrize("rows", SIZES)
def test_my_invitations(client, cast, make_round, rows, django_assert_num_queries):
    for i in range(rows):
        rnd = make_round("draft", title=f"Programa {i}")
        type(rnd).objects.filter(pk=rnd.pk).update(status="panel_forming", methodology="ripso")
        f.PanelSeatFactory(round=rnd, user=cast.expert_mx, status=SeatStatus.INVITED)
    response = second_visit(
        client, cast.expert_mx, reverse("panels:my_invitations"), django_assert_num_queries, 4
    )
    assert len(response.context["seats"]) == rows
