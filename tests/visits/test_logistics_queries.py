"""The logistics page costs the same number of queries for one traveller or many."""

import pytest
from django.urls import reverse

from tests import factories as f
from visits import logistics_services as services
from visits.logistics_models import ArrangementKind, ArrangementStatus


def _round(make_round, cast, travellers):
    rnd = make_round("preparation")
    rnd.panel_seats.exclude(user=cast.expert_cl).update(status="withdrawn")
    for _ in range(travellers - 1):
        f.PanelSeatFactory(round=rnd, user=f.ExpertFactory(), kind="specialist", status="accepted")
    services.ensure_logistics(rnd)
    for item in rnd.arrangements.filter(kind=ArrangementKind.FLIGHTS):
        item.status = ArrangementStatus.IN_PROGRESS
        item.responsible = cast.coordinator
        item.notes = "Vuelo en reserva"
        item.save()
    services.set_planned_start(rnd, cast.secretariat, None, version=0)
    return rnd


@pytest.mark.parametrize("travellers", [1, 12])
@pytest.mark.parametrize(
    ("role", "queries"), [("secretariat", 11), ("focal_point", 10), ("expert_on_panel", 9)]
)
def test_logistics_page_queries(
    client, cast, make_round, travellers, role, queries, django_assert_num_queries
):
    rnd = _round(make_round, cast, travellers)
    client.force_login(cast.user(role))
    url = reverse("visits:logistics", args=[rnd.code])
    assert client.get(url).status_code == 200  # warms the session
    with django_assert_num_queries(queries):
        response = client.get(url)
    assert response.status_code == 200
