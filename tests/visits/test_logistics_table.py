"""The logistics table (issue 11, item 12) and the readiness card following saves (item 8):
statuses changed in place, "confirm all" for a traveller, one status for a whole column — each
permission-checked (R3.5), confirmed when it undoes done items, audited once, all or nothing,
and refused when someone else changed an item meanwhile."""

import re

import pytest
from django.urls import reverse

from accounts.models import User
from rounds.models import RoundEvent
from tests import factories as f
from visits import logistics_services as services
from visits.logistics_models import Arrangement, ArrangementKind, ArrangementStatus, Side

K = ArrangementKind
S = ArrangementStatus


@pytest.fixture
def rnd(make_round):
    return make_round("preparation")


@pytest.fixture(autouse=True)
def read_in_english(cast):
    """Pages follow each person's language: the people of these tests read English."""
    User.objects.update(preferred_language="en")


def item(rnd, kind, traveller=None):
    return Arrangement.objects.get(round=rnd, kind=kind, traveller=traveller)


def seen(items):
    """The ``v-<pk>``/``o-<pk>`` fields of the table, as the person loaded it."""
    data = {}
    for i in items:
        data[f"v-{i.pk}"] = str(i.version)
        data[f"o-{i.pk}"] = i.status
    return data


def bulk_url(rnd):
    return reverse("visits:logistics_bulk", args=[rnd.code])


def save_url(rnd):
    return reverse("visits:logistics_table_save", args=[rnd.code])


def table_url(rnd):
    return reverse("visits:logistics_table", args=[rnd.code])


def readiness_of(html):
    """The readiness card's text, squeezed."""
    start = html.index('id="readiness"')
    return re.sub(
        r"\s+", " ", re.sub(r"<[^>]+>", " ", html[start : html.index("</section>", start)])
    )


def events(rnd, action):
    return list(RoundEvent.objects.filter(round=rnd, action=action).order_by("pk"))


# --- Item 8: the readiness card follows the saves made on the page ------------------------------
def test_r3_5_htmx_item_save_sends_the_readiness_out_of_band(rnd, cast, client):
    hotel = item(rnd, K.HOTEL)
    client.force_login(cast.gt_focal_point)
    page = client.get(reverse("visits:logistics", args=[rnd.code])).content.decode()
    assert "0 of 4 ready" in readiness_of(page)
    p = f"a{hotel.pk}-"
    response = client.post(
        reverse("visits:logistics_item", args=[rnd.code, hotel.pk]),
        {p + "status": "confirmed", p + "version": "0"},
        HTTP_HX_REQUEST="true",
    )
    html = response.content.decode()
    assert f'id="item-{hotel.pk}"' in html
    assert re.search(r'<section[^>]*id="readiness"[^>]*hx-swap-oob="true"', html)
    # Local: 1 of 4 ready; the focal point's international view (12 items, no per diem) unchanged.
    assert "1 of 4 ready (1 confirmed)" in readiness_of(html)
    assert "0 of 12 ready" in readiness_of(html)


def test_r3_5_full_post_item_save_shows_the_new_readiness(rnd, cast, client):
    hotel = item(rnd, K.HOTEL)
    client.force_login(cast.gt_focal_point)
    p = f"a{hotel.pk}-"
    response = client.post(
        reverse("visits:logistics_item", args=[rnd.code, hotel.pk]),
        {p + "status": "confirmed", p + "version": "0"},
        follow=True,
    )
    assert "1 of 4 ready (1 confirmed)" in readiness_of(response.content.decode())


# --- The table ---------------------------------------------------------------------------------
def test_r3_5_table_shows_travellers_by_kind_for_the_secretariat(rnd, cast, client):
    client.force_login(cast.secretariat)
    html = client.get(table_url(rnd)).content.decode()
    for person in (cast.expert_cl, cast.expert_uy, cast.coordinator, cast.coordinator2):
        assert person.full_name in html
        assert f'value="traveller:{person.pk}"' in html  # "confirm all" per traveller
    for kind in ("flights", "insurance", "visa", "per_diem"):
        assert f'name="bulk-{kind}"' in html  # one status for a whole column
    assert html.count('class="form-select form-select-sm logistics-status') == 16
    assert 'value="local"' not in html  # local items are the country's (R3.5)
    assert GET_CHANGES_NOTHING(rnd)


def GET_CHANGES_NOTHING(rnd):
    return not RoundEvent.objects.filter(round=rnd, action__startswith="visits.logistics.").exists()


def test_r3_5_table_for_the_focal_point_hides_per_diem_and_edits_local_only(rnd, cast, client):
    client.force_login(cast.gt_focal_point)
    html = client.get(table_url(rnd)).content.decode()
    assert "Per diem" not in html and "Viáticos" not in html
    assert 'name="bulk-' not in html and 'value="traveller:' not in html
    assert 'value="local"' in html
    assert html.count("logistics-status") == 4  # the four local items, editable


def test_r3_5_table_for_an_expert_shows_only_her_own_travel(rnd, cast, client):
    client.force_login(cast.expert_cl)
    html = client.get(table_url(rnd)).content.decode()
    assert cast.expert_cl.full_name in html
    assert cast.expert_uy.full_name not in html
    assert "logistics-status" not in html  # nothing to edit


# --- Confirm all for a traveller -------------------------------------------------------------------
def test_r3_5_confirm_all_for_a_traveller_without_javascript(rnd, cast, client):
    mine = list(rnd.arrangements.filter(traveller=cast.expert_cl))
    item(rnd, K.VISA, cast.expert_cl).__class__.objects.filter(
        pk=item(rnd, K.VISA, cast.expert_cl).pk
    ).update(status=S.CONFIRMED)
    mine = list(rnd.arrangements.filter(traveller=cast.expert_cl))
    client.force_login(cast.coordinator)
    response = client.post(bulk_url(rnd), {"scope": f"traveller:{cast.expert_cl.pk}", **seen(mine)})
    assert response.status_code == 302 and response["Location"] == table_url(rnd)
    after = rnd.arrangements.filter(traveller=cast.expert_cl)
    assert set(after.values_list("status", flat=True)) == {S.CONFIRMED}
    # The visa was already confirmed: left alone. The other three changed, once, by her.
    assert sorted(after.values_list("kind", "version", "updated_by")) == [
        ("flights", 1, cast.coordinator.pk),
        ("insurance", 1, cast.coordinator.pk),
        ("per_diem", 1, cast.coordinator.pk),
        ("visa", 0, None),
    ]
    # Nobody else's items moved.
    assert not rnd.arrangements.exclude(traveller=cast.expert_cl).filter(status=S.CONFIRMED)
    [event] = events(rnd, "visits.logistics.bulk_updated")
    assert (event.actor, event.data["count"], event.data["to"], event.data["scope"]) == (
        cast.coordinator, 3, "confirmed", f"traveller:{cast.expert_cl.pk}"
    )  # fmt: skip
    assert event.visibility == "staff"
    assert not events(rnd, "visits.logistics.updated")  # one event per action, not per item
    page = client.get(response["Location"]).content.decode()
    assert "3 arrangements updated" in page


def test_r3_5_confirm_all_for_a_traveller_with_htmx_returns_table_and_readiness(rnd, cast, client):
    mine = list(rnd.arrangements.filter(traveller=cast.expert_uy))
    client.force_login(cast.secretariat)
    response = client.post(
        bulk_url(rnd),
        {"scope": f"traveller:{cast.expert_uy.pk}", **seen(mine)},
        HTTP_HX_REQUEST="true",
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert html.startswith("<form") or 'id="logistics-table"' in html.split("\n", 1)[0]
    assert "4 arrangements updated" in html
    assert re.search(r'<section[^>]*id="readiness"[^>]*hx-swap-oob="true"', html)
    assert "4 of 16 ready (4 confirmed)" in readiness_of(html)


# --- A whole column ----------------------------------------------------------------------------------
def test_r3_5_set_a_whole_column_to_confirmed(rnd, cast, client):
    flights = list(rnd.arrangements.filter(kind=K.FLIGHTS))
    client.force_login(cast.secretariat)
    client.post(
        bulk_url(rnd), {"scope": "kind:flights", "bulk-flights": "confirmed", **seen(flights)}
    )
    assert set(rnd.arrangements.filter(kind=K.FLIGHTS).values_list("status", flat=True)) == {
        S.CONFIRMED
    }
    assert not rnd.arrangements.exclude(kind=K.FLIGHTS).filter(status=S.CONFIRMED).exists()
    [event] = events(rnd, "visits.logistics.bulk_updated")
    assert (event.data["count"], event.data["scope"], event.data["from"]) == (
        4, "kind:flights", {"todo": 4}
    )  # fmt: skip


def test_r3_5_column_undoing_confirmed_items_asks_first(rnd, cast, client):
    Arrangement.objects.filter(round=rnd, kind=K.INSURANCE, traveller=cast.expert_cl).update(
        status=S.CONFIRMED
    )
    column = list(rnd.arrangements.filter(kind=K.INSURANCE))
    data = {"scope": "kind:insurance", "bulk-insurance": "in_progress", **seen(column)}
    client.force_login(cast.secretariat)
    response = client.post(bulk_url(rnd), data)
    html = response.content.decode()
    assert response.status_code == 200  # a confirmation step, not a redirect
    assert 'name="confirmed" value="1"' in html
    assert "already done" in html and cast.expert_cl.full_name in html
    assert not rnd.arrangements.filter(kind=K.INSURANCE, status=S.IN_PROGRESS).exists()
    assert not events(rnd, "visits.logistics.bulk_updated")
    # The column keeps the status chosen while the person decides.
    assert re.search(r'<option value="in_progress" selected>', html)
    client.post(bulk_url(rnd), {**data, "confirmed": "1"})
    assert set(rnd.arrangements.filter(kind=K.INSURANCE).values_list("status", flat=True)) == {
        S.IN_PROGRESS
    }


def test_r3_5_column_not_needed_needs_a_reason(rnd, cast, client):
    column = list(rnd.arrangements.filter(kind=K.VISA))
    data = {"scope": "kind:visa", "bulk-visa": "not_needed", **seen(column)}
    client.force_login(cast.secretariat)
    html = client.post(bulk_url(rnd), data).content.decode()
    assert 'name="reason"' in html
    assert not rnd.arrangements.filter(status=S.NOT_NEEDED).exists()
    client.post(bulk_url(rnd), {**data, "reason": "Sin visa para la región"})
    assert set(rnd.arrangements.filter(kind=K.VISA).values_list("status", "not_needed_reason")) == {
        (S.NOT_NEEDED, "Sin visa para la región")
    }


# --- Permission, conflicts, all or nothing ---------------------------------------------------------------
@pytest.mark.parametrize(
    ("who", "scope"),
    [
        ("focal_point", "kind:flights"),
        ("expert_on_panel", "traveller:{cl}"),
        ("team_member", "kind:flights"),
        ("secretariat", "local"),
    ],
)
def test_r3_5_bulk_is_refused_to_whoever_may_not_edit_those_items(rnd, cast, client, who, scope):
    scope = scope.format(cl=cast.expert_cl.pk)
    items = list(rnd.arrangements.all())
    client.force_login(cast.user(who))
    response = client.post(
        bulk_url(rnd), {"scope": scope, "bulk-flights": "confirmed", **seen(items)}
    )
    assert response.status_code == 403
    assert not rnd.arrangements.filter(status=S.CONFIRMED).exists()
    assert not events(rnd, "visits.logistics.bulk_updated")


def test_r3_5_country_confirms_all_local_items(rnd, cast, client):
    local = list(rnd.arrangements.filter(side=Side.LOCAL))
    client.force_login(cast.gt_team_member)
    client.post(bulk_url(rnd), {"scope": "local", **seen(local)})
    assert set(rnd.arrangements.filter(side=Side.LOCAL).values_list("status", flat=True)) == {
        S.CONFIRMED
    }
    [event] = events(rnd, "visits.logistics.bulk_updated")
    assert (event.data["count"], event.visibility) == (4, "all")


def test_r3_5_bulk_with_a_stale_item_saves_nothing_and_names_who(rnd, cast, client):
    mine = list(rnd.arrangements.filter(traveller=cast.expert_cl))  # as loaded
    flights = item(rnd, K.FLIGHTS, cast.expert_cl)
    services.update_arrangement(
        flights, cast.coordinator2, status=S.IN_PROGRESS, version=0, notes="Reservado"
    )
    client.force_login(cast.coordinator)
    response = client.post(
        bulk_url(rnd), {"scope": f"traveller:{cast.expert_cl.pk}", **seen(mine)}, follow=True
    )
    html = response.content.decode()
    assert cast.coordinator2.full_name in html and "nothing was saved" in html
    # All or nothing: not even the three items nobody else touched.
    assert sorted(rnd.arrangements.filter(traveller=cast.expert_cl).values_list("status", flat=True)) == [
        S.IN_PROGRESS, S.TODO, S.TODO, S.TODO
    ]  # fmt: skip
    assert not events(rnd, "visits.logistics.bulk_updated")


def test_r3_5_bulk_refuses_an_item_added_to_the_scope_meanwhile(rnd, cast, client):
    local = list(rnd.arrangements.filter(side=Side.LOCAL))
    services.add_other_item(rnd, cast.gt_focal_point, "Catering")
    client.force_login(cast.gt_team_member)
    client.post(bulk_url(rnd), {"scope": "local", **seen(local)})
    assert not rnd.arrangements.filter(status=S.CONFIRMED).exists()


# --- Statuses changed in place --------------------------------------------------------------------------
def test_r3_5_inline_status_save_changes_only_what_the_person_changed(rnd, cast, client):
    table = list(rnd.arrangements.filter(side=Side.INTERNATIONAL))
    # Someone else confirms Uruguay's flights after the table was loaded: not touched here.
    uy = item(rnd, K.FLIGHTS, cast.expert_uy)
    services.update_arrangement(uy, cast.coordinator2, status=S.CONFIRMED, version=0)
    cl = item(rnd, K.FLIGHTS, cast.expert_cl)
    data = {**seen(table), **{f"s-{i.pk}": i.status for i in table}, f"s-{cl.pk}": "in_progress"}
    client.force_login(cast.secretariat)
    response = client.post(save_url(rnd), data, HTTP_HX_REQUEST="true")
    assert "1 arrangement updated" in response.content.decode()
    cl.refresh_from_db()
    uy.refresh_from_db()
    assert (cl.status, cl.updated_by, uy.status) == (S.IN_PROGRESS, cast.secretariat, S.CONFIRMED)
    # A single change is audited as a single edit.
    [event] = [e for e in events(rnd, "visits.logistics.updated") if e.actor == cast.secretariat]
    assert (event.data["arrangement"], event.data["to"]) == (cl.pk, "in_progress")
    assert not events(rnd, "visits.logistics.bulk_updated")
    assert "1 of 16 ready" in readiness_of(response.content.decode())


def test_r3_5_inline_not_needed_asks_for_the_reason_then_saves(rnd, cast, client):
    visa = item(rnd, K.VISA, cast.expert_cl)
    data = {**seen([visa]), f"s-{visa.pk}": "not_needed"}
    client.force_login(cast.secretariat)
    html = client.post(save_url(rnd), data, HTTP_HX_REQUEST="true").content.decode()
    assert 'name="reason"' in html
    visa.refresh_from_db()
    assert visa.status == S.TODO
    client.post(save_url(rnd), {**data, "reason": "Chile no necesita visa"})
    visa.refresh_from_db()
    assert (visa.status, visa.not_needed_reason) == (S.NOT_NEEDED, "Chile no necesita visa")


def test_r3_5_inline_save_of_someone_elses_per_diem_is_404_for_the_country(rnd, cast, client):
    per_diem = item(rnd, K.PER_DIEM, cast.expert_cl)
    client.force_login(cast.gt_focal_point)
    response = client.post(save_url(rnd), {**seen([per_diem]), f"s-{per_diem.pk}": "confirmed"})
    assert response.status_code == 404
    per_diem.refresh_from_db()
    assert per_diem.status == S.TODO


def test_r3_5_inline_save_of_an_international_item_is_refused_to_the_country(rnd, cast, client):
    flights = item(rnd, K.FLIGHTS, cast.expert_cl)
    client.force_login(cast.gt_focal_point)
    response = client.post(save_url(rnd), {**seen([flights]), f"s-{flights.pk}": "confirmed"})
    assert response.status_code == 403
    flights.refresh_from_db()
    assert flights.status == S.TODO


# --- Queries ----------------------------------------------------------------------------------------------
def _with_travellers(make_round, cast, travellers):
    rnd = make_round("preparation")
    rnd.panel_seats.exclude(user=cast.expert_cl).update(status="withdrawn")
    for _ in range(travellers - 1):
        f.PanelSeatFactory(round=rnd, user=f.ExpertFactory(), kind="specialist", status="accepted")
    services.ensure_logistics(rnd)
    rnd.arrangements.filter(kind=K.FLIGHTS).update(status=S.CONFIRMED, updated_by=cast.coordinator)
    return rnd


@pytest.mark.parametrize("travellers", [1, 12])
@pytest.mark.parametrize(
    ("role", "queries"), [("secretariat", 10), ("focal_point", 9), ("expert_on_panel", 9)]
)
def test_logistics_table_queries_do_not_grow_with_travellers(
    client, cast, make_round, travellers, role, queries, django_assert_num_queries
):
    rnd = _with_travellers(make_round, cast, travellers)
    client.force_login(cast.user(role))
    url = table_url(rnd)
    assert client.get(url).status_code == 200  # warms the session
    with django_assert_num_queries(queries):
        response = client.get(url)
    assert response.status_code == 200
