"""Logistics of the visit (R3.5) and its visibility (R4.4)."""

from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from notifications.enums import MessageType
from notifications.models import OutgoingMessage
from rounds.guards import blockers
from rounds.services import Blocked, transition_round
from tests.access_table import PDF
from visits import logistics_services as services
from visits.demo_logistics import logistics_settled
from visits.logistics_models import (
    Arrangement,
    ArrangementKind,
    ArrangementStatus,
    RoundLogistics,
    Side,
    Visibility,
)

K = ArrangementKind
S = ArrangementStatus


@pytest.fixture
def rnd(make_round):
    return make_round("preparation")


def item(rnd, kind, traveller=None):
    return Arrangement.objects.get(round=rnd, kind=kind, traveller=traveller)


def settle_everything(rnd, cast):
    for a in rnd.arrangements.all():
        a.status = S.CONFIRMED
        a.save()
    services.record_visibility(
        rnd, cast.gt_focal_point, visibility=Visibility.LOW_PROFILE, version=0
    )


# --- The checklist -------------------------------------------------------------------------------
def test_r3_5_checklist_is_prepared_when_the_panel_is_confirmed(rnd, cast):
    international = rnd.arrangements.filter(side=Side.INTERNATIONAL)
    # Chile, Uruguay and the two coordinators travel: four items each.
    assert sorted(set(international.values_list("traveller__email", flat=True))) == sorted(
        [
            cast.expert_cl.email,
            cast.expert_uy.email,
            cast.coordinator.email,
            cast.coordinator2.email,
        ]
    )
    assert international.count() == 16
    assert sorted(international.filter(traveller=cast.expert_cl).values_list("kind", flat=True)) == [
        "flights", "insurance", "per_diem", "visa"
    ]  # fmt: skip
    assert sorted(rnd.arrangements.filter(side=Side.LOCAL).values_list("kind", flat=True)) == [
        "ground_transport", "hotel", "interpretation", "venues"
    ]  # fmt: skip
    # Mexico declined: no travel for Mexico.
    assert not international.filter(traveller=cast.expert_mx).exists()


def test_ensure_logistics_is_idempotent(rnd):
    before = list(rnd.arrangements.order_by("pk").values_list("pk", flat=True))
    services.ensure_logistics(rnd)
    services.ensure_logistics(rnd)
    assert list(rnd.arrangements.order_by("pk").values_list("pk", flat=True)) == before
    assert RoundLogistics.objects.filter(round=rnd).count() == 1


def test_ensure_logistics_closes_open_items_of_someone_who_left_the_panel(rnd, cast):
    flights = item(rnd, K.FLIGHTS, cast.expert_uy)
    rnd.panel_seats.filter(user=cast.expert_uy).update(status="withdrawn")
    services.ensure_logistics(rnd)
    flights.refresh_from_db()
    assert (flights.status, flights.not_needed_reason) == (S.NOT_NEEDED, "No longer on the panel.")


def test_no_checklist_before_the_panel_is_confirmed(make_round, cast, client):
    rnd = make_round("panel_forming")
    assert not RoundLogistics.objects.filter(round=rnd).exists()
    client.force_login(cast.secretariat)
    assert client.get(reverse("visits:logistics", args=[rnd.code])).status_code == 404


def test_page_prepares_a_missing_checklist_lazily(rnd, cast, client):
    RoundLogistics.objects.filter(round=rnd).delete()
    rnd.arrangements.all().delete()
    client.force_login(cast.secretariat)
    assert client.get(reverse("visits:logistics", args=[rnd.code])).status_code == 200
    assert rnd.arrangements.count() == 20


# --- Updating items ------------------------------------------------------------------------------
def test_r3_5_secretariat_confirms_flights_with_notes_and_responsible(rnd, cast):
    flights = item(rnd, K.FLIGHTS, cast.expert_cl)
    saved = services.update_arrangement(
        flights, cast.secretariat, status=S.CONFIRMED, version=0,
        responsible=cast.coordinator, notes="CM 123, llega el lunes 14:30",
    )  # fmt: skip
    saved.refresh_from_db()
    assert (saved.status, saved.version, saved.updated_by, saved.responsible, saved.notes) == (
        S.CONFIRMED, 1, cast.secretariat, cast.coordinator, "CM 123, llega el lunes 14:30"
    )  # fmt: skip
    assert rnd.events.filter(action="visits.logistics.updated", visibility="staff").count() == 1


def test_r3_5_country_may_not_edit_international_items(rnd, cast):
    flights = item(rnd, K.FLIGHTS, cast.expert_cl)
    with pytest.raises(services.NotAllowed):
        services.update_arrangement(flights, cast.gt_focal_point, status=S.CONFIRMED, version=0)
    flights.refresh_from_db()
    assert flights.status == S.TODO


def test_r3_5_secretariat_may_not_edit_local_items(rnd, cast):
    hotel = item(rnd, K.HOTEL)
    with pytest.raises(services.NotAllowed):
        services.update_arrangement(hotel, cast.secretariat, status=S.CONFIRMED, version=0)


def test_r3_5_team_member_confirms_the_hotel(rnd, cast):
    hotel = item(rnd, K.HOTEL)
    services.update_arrangement(
        hotel, cast.gt_team_member, status=S.CONFIRMED, version=0, responsible=cast.gt_team_member
    )
    hotel.refresh_from_db()
    assert (hotel.status, hotel.responsible) == (S.CONFIRMED, cast.gt_team_member)


def test_responsible_person_must_be_on_the_items_side(rnd, cast):
    hotel = item(rnd, K.HOTEL)
    with pytest.raises(services.LogisticsError, match="focal point or a member of the team"):
        services.update_arrangement(
            hotel, cast.gt_focal_point, status=S.IN_PROGRESS, version=0,
            responsible=cast.secretariat,
        )  # fmt: skip


def test_not_needed_requires_a_reason(rnd, cast):
    interpretation = item(rnd, K.INTERPRETATION)
    with pytest.raises(services.LogisticsError, match="why"):
        services.update_arrangement(
            interpretation, cast.gt_focal_point, status=S.NOT_NEEDED, version=0
        )
    services.update_arrangement(
        interpretation, cast.gt_focal_point, status=S.NOT_NEEDED, version=0,
        not_needed_reason="Todo en español",
    )  # fmt: skip
    interpretation.refresh_from_db()
    assert (interpretation.status, interpretation.not_needed_reason) == (
        S.NOT_NEEDED, "Todo en español"
    )  # fmt: skip


def test_concurrent_edit_is_refused_and_keeps_the_first_save(rnd, cast):
    hotel = item(rnd, K.HOTEL)
    services.update_arrangement(hotel, cast.gt_focal_point, status=S.IN_PROGRESS, version=0,
                                notes="Hotel Central")  # fmt: skip
    with pytest.raises(services.Conflict) as exc:
        services.update_arrangement(hotel, cast.gt_team_member, status=S.CONFIRMED, version=0,
                                    notes="Otro hotel")  # fmt: skip
    assert "Lucía Morales Quiñónez changed this arrangement" in exc.value.message
    hotel.refresh_from_db()
    assert (hotel.status, hotel.notes, hotel.version) == (S.IN_PROGRESS, "Hotel Central", 1)


def test_conflict_over_htmx_shows_the_latest_and_the_persons_text(rnd, cast, client):
    hotel = item(rnd, K.HOTEL)
    services.update_arrangement(hotel, cast.gt_focal_point, status=S.IN_PROGRESS, version=0,
                                notes="Hotel Central")  # fmt: skip
    client.force_login(cast.gt_team_member)
    p = f"a{hotel.pk}-"
    response = client.post(
        reverse("visits:logistics_item", args=[rnd.code, hotel.pk]),
        {p + "status": "confirmed", p + "notes": "Mi texto", p + "version": "0"},
        HTTP_HX_REQUEST="true",
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "Mi texto" in body and "Hotel Central" in body and 'value="1"' in body
    hotel.refresh_from_db()
    assert hotel.notes == "Hotel Central"


def test_htmx_update_returns_the_item_saved(rnd, cast, client):
    hotel = item(rnd, K.HOTEL)
    client.force_login(cast.gt_focal_point)
    p = f"a{hotel.pk}-"
    response = client.post(
        reverse("visits:logistics_item", args=[rnd.code, hotel.pk]),
        {p + "status": "confirmed", p + "notes": "Hotel Central (ficticio)", p + "version": "0",
         p + "responsible": str(cast.gt_team_member.pk)},
        HTTP_HX_REQUEST="true",
    )  # fmt: skip
    assert response.status_code == 200
    assert f'id="item-{hotel.pk}"' in response.content.decode()
    hotel.refresh_from_db()
    assert (hotel.status, hotel.notes, hotel.responsible) == (
        S.CONFIRMED, "Hotel Central (ficticio)", cast.gt_team_member
    )  # fmt: skip


def test_invalid_update_without_htmx_keeps_what_was_typed_and_says_why(rnd, cast, client):
    """Without JavaScript the page comes back with the item's form as typed, open, the reason
    beside the field and at the top; nothing saved."""
    hotel = item(rnd, K.HOTEL)
    cast.gt_focal_point.preferred_language = "en"  # reads the page in English
    cast.gt_focal_point.save(update_fields=["preferred_language"])
    client.force_login(cast.gt_focal_point)
    p = f"a{hotel.pk}-"
    response = client.post(
        reverse("visits:logistics_item", args=[rnd.code, hotel.pk]),
        {p + "status": "not_needed", p + "notes": "Reserva HX-2041 en el Hotel Central",
         p + "responsible": str(cast.gt_team_member.pk), p + "version": "0"},
    )  # fmt: skip
    html = response.content.decode()
    assert response.status_code == 400
    assert html.count("Please correct the marked fields. Nothing was saved.") == 2  # top, item
    assert "Say briefly why this arrangement is not needed." in html
    assert "Reserva HX-2041 en el Hotel Central</textarea>" in html
    assert '<option value="not_needed" selected>' in html
    assert f'<option value="{cast.gt_team_member.pk}" selected>' in html
    assert html.count('<details class="mt-2" open>') == 1  # only that item's form is open
    # Shown at the form's POST-only address: the language switch returns to the page itself.
    page = reverse("visits:logistics", args=[rnd.code])
    assert f'name="next" value="{page}"' in html
    hotel.refresh_from_db()
    assert (hotel.status, hotel.notes) == (S.TODO, "")


def test_conflict_without_htmx_shows_the_latest_and_keeps_the_persons_notes(rnd, cast, client):
    hotel = item(rnd, K.HOTEL)
    services.update_arrangement(hotel, cast.gt_focal_point, status=S.IN_PROGRESS, version=0,
                                notes="Hotel Central")  # fmt: skip
    client.force_login(cast.gt_team_member)
    p = f"a{hotel.pk}-"
    response = client.post(
        reverse("visits:logistics_item", args=[rnd.code, hotel.pk]),
        {p + "status": "confirmed", p + "notes": "Mi texto", p + "version": "0"},
    )
    html = response.content.decode()
    assert response.status_code == 409
    assert "Mi texto" in html and "Hotel Central</textarea>" in html
    hotel.refresh_from_db()
    assert hotel.notes == "Hotel Central"


def test_an_invalid_planned_first_day_without_javascript_keeps_what_was_typed(rnd, cast, client):
    client.force_login(cast.secretariat)
    response = client.post(
        reverse("visits:logistics_dates", args=[rnd.code]),
        {"planned_start": "2300-05-04", "version": "0"},
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert 'value="2300-05-04"' in html
    assert html.count("Indique una fecha entre el 1 de enero de 2000 y el ") == 2  # top, field


def test_country_adds_another_local_item(rnd, cast, client):
    client.force_login(cast.gt_team_member)
    client.post(reverse("visits:logistics_add", args=[rnd.code]), {"title": "Catering"})
    other = rnd.arrangements.get(kind=K.OTHER)
    assert (other.side, other.label, other.status) == (Side.LOCAL, "Catering", S.TODO)


# --- Attachments -----------------------------------------------------------------------------------
def test_eticket_is_checked_and_downloaded_through_the_view(rnd, cast, client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    flights = item(rnd, K.FLIGHTS, cast.expert_cl)
    client.force_login(cast.secretariat)
    url = reverse("visits:logistics_attach", args=[rnd.code, flights.pk])
    client.post(url, {"file": SimpleUploadedFile("boleto.exe", b"MZ\x90\x00", "application/pdf")})
    assert flights.attachments.count() == 0
    client.post(url, {"file": SimpleUploadedFile("boleto.pdf", PDF, "application/pdf")})
    attachment = flights.attachments.get()
    assert (attachment.original_name, attachment.size, attachment.content_type) == (
        "boleto.pdf", len(PDF), "application/pdf"
    )  # fmt: skip
    download = reverse("visits:logistics_file", args=[rnd.code, flights.pk, attachment.pk])
    client.force_login(cast.expert_cl)  # her own e-ticket
    response = client.get(download)
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF
    client.force_login(cast.expert_uy)  # someone else's travel
    assert client.get(download).status_code == 404
    client.force_login(cast.gt_team_member)
    assert client.get(download).status_code == 404


# --- Who sees what ---------------------------------------------------------------------------------
def _visible(rnd, user):
    return {(a.kind, a.traveller_id) for a in services.visible_arrangements(rnd, user)}


def test_r3_5_expert_sees_own_travel_and_local_items_only(rnd, cast):
    seen = _visible(rnd, cast.expert_cl)
    assert {k for k, t in seen if t} == {"flights", "insurance", "visa", "per_diem"}
    assert {t for k, t in seen if t} == {cast.expert_cl.pk}
    assert {k for k, t in seen if t is None} == {"hotel", "ground_transport", "venues",
                                                 "interpretation"}  # fmt: skip


def test_r3_5_focal_point_sees_travel_but_no_per_diem(rnd, cast):
    seen = _visible(rnd, cast.gt_focal_point)
    assert ("flights", cast.expert_cl.pk) in seen
    assert not any(k == "per_diem" for k, _t in seen)


def test_r3_5_team_member_sees_local_items_only(rnd, cast):
    assert {t for _k, t in _visible(rnd, cast.gt_team_member)} == {None}


def test_expert_page_shows_own_travel_not_others(rnd, cast, client):
    services.update_arrangement(
        item(rnd, K.PER_DIEM, cast.expert_uy), cast.secretariat, status=S.CONFIRMED, version=0,
        notes="VIATICO-URUGUAY",
    )  # fmt: skip
    cast.expert_cl.preferred_language = "en"  # reads the page in English
    cast.expert_cl.save(update_fields=["preferred_language"])
    client.force_login(cast.expert_cl)
    body = client.get(reverse("visits:logistics", args=[rnd.code])).content.decode()
    assert "Your travel" in body and "Valentina Rojas Fuentes" in body
    assert "Martín Sosa Pereira" not in body and "VIATICO-URUGUAY" not in body


# --- Visibility (R4.4) -------------------------------------------------------------------------------
def test_r4_4_focal_point_records_visibility_and_secretariat_is_told(rnd, cast):
    sheet = services.record_visibility(
        rnd, cast.gt_focal_point, visibility=Visibility.PUBLIC,
        notes="Prensa: comunicacion@example.org", version=0,
    )  # fmt: skip
    assert (sheet.visibility, sheet.visibility_chosen_by, sheet.visibility_notes) == (
        Visibility.PUBLIC, cast.gt_focal_point, "Prensa: comunicacion@example.org"
    )  # fmt: skip
    told = OutgoingMessage.objects.filter(message_type=MessageType.VISIT_VISIBILITY_CHOSEN)
    # The round's coordinator hears about it (the secretariat audience of the round).
    assert list(told.values_list("recipient__email", flat=True)) == [cast.coordinator.email]
    assert "comunicacion@example.org" in told.get().body_text
    services.record_visibility(rnd, cast.gt_focal_point, visibility=Visibility.LOW_PROFILE,
                               version=1)  # fmt: skip
    assert told.count() == 2
    assert "changed" in told.order_by("-pk").first().subject


@pytest.mark.parametrize("who", ["secretariat", "gt_team_member", "expert_cl"])
def test_r4_4_only_the_country_focal_point_chooses_visibility(rnd, cast, who):
    with pytest.raises(services.NotAllowed):
        services.record_visibility(rnd, getattr(cast, who), visibility=Visibility.PUBLIC, version=0)
    assert RoundLogistics.objects.get(round=rnd).visibility == ""


def test_r4_4_visibility_choice_with_a_stale_version_is_refused(rnd, cast):
    services.record_visibility(rnd, cast.gt_focal_point, visibility=Visibility.PUBLIC, version=0)
    with pytest.raises(services.Conflict):
        services.record_visibility(
            rnd, cast.gt_focal_point, visibility=Visibility.LOW_PROFILE, version=0
        )
    assert RoundLogistics.objects.get(round=rnd).visibility == Visibility.PUBLIC


# --- The guard of schedule_visit ---------------------------------------------------------------------
def test_r3_5_blockers_name_exactly_what_is_missing(rnd, cast):
    for a in rnd.arrangements.exclude(traveller=cast.expert_cl):
        a.status = S.CONFIRMED
        a.save()
    services.update_arrangement(
        item(rnd, K.VISA, cast.expert_cl), cast.secretariat, status=S.NOT_NEEDED, version=0,
        not_needed_reason="Chile no requiere visa",
    )  # fmt: skip
    assert services.logistics_blockers(rnd) == [
        "3 international arrangements are not confirmed yet: flights for Valentina Rojas Fuentes "
        "(Chile), travel insurance for Valentina Rojas Fuentes (Chile), per diem for Valentina "
        "Rojas Fuentes (Chile) (R3.5).",
        "The country has not recorded its choice on the visibility of the visit (press coverage "
        "or low profile) yet (R4.4).",
    ]


def test_r3_5_blockers_for_local_items(rnd, cast):
    for a in rnd.arrangements.exclude(kind=K.HOTEL):
        a.status = S.CONFIRMED
        a.save()
    services.record_visibility(rnd, cast.gt_focal_point, visibility=Visibility.PUBLIC, version=0)
    assert services.logistics_blockers(rnd) == [
        "1 local arrangement is not confirmed yet: Hotel (R3.5)."
    ]


def test_r3_5_r4_4_visit_cannot_be_scheduled_until_logistics_are_settled(rnd, cast):
    assert any("R4.4" in b for b in blockers(rnd, "schedule_visit"))
    with pytest.raises(Blocked) as exc:
        transition_round(rnd.pk, "schedule_visit", cast.secretariat)
    assert any("international arrangements are not confirmed" in d for d in exc.value.details)
    settle_everything(rnd, cast)
    assert services.logistics_blockers(rnd) == []


def test_demo_preparer_settles_everything_idempotently(rnd):
    logistics_settled(rnd, at=timezone.now(), people={})
    logistics_settled(rnd, at=timezone.now(), people={})
    assert services.logistics_blockers(rnd) == []
    assert rnd.arrangements.filter(status=S.CONFIRMED).count() == 19
    assert item(rnd, K.HOTEL).notes.startswith("Hotel Central (ficticio)")
    assert RoundLogistics.objects.get(round=rnd).planned_start is not None


def test_later_states_have_settled_logistics(make_round):
    rnd = make_round("visit_scheduled")
    assert services.logistics_blockers(rnd) == []


# --- Readiness and reminders -------------------------------------------------------------------------
def test_readiness_counts_and_overdue_items(rnd, cast):
    hotel = item(rnd, K.HOTEL)
    hotel.status = S.CONFIRMED
    hotel.save()
    start = date(2026, 3, 16)
    summary = services.readiness(services.arrangements_for(rnd), start, today=date(2026, 3, 6))
    local = next(s for s in summary["sides"] if s["side"] == Side.LOCAL)
    assert (local["ready"], local["total"], local["confirmed"]) == (1, 4, 1)
    assert summary["days_to_visit"] == 10 and summary["visit_is_close"]
    # due 14 days before: venues, interpretation, visas (30) and flights (21) are overdue.
    assert sorted({a.kind for a in summary["overdue"]}) == [
        "flights", "interpretation", "venues", "visa"
    ]  # fmt: skip


def test_reminders_go_to_each_responsible_once_a_day_when_the_visit_is_close(rnd, cast):
    today = date(2026, 3, 2)
    services.set_planned_start(rnd, cast.secretariat, today + timedelta(days=14), version=0)
    for a in rnd.arrangements.exclude(kind=K.HOTEL).exclude(traveller=cast.expert_cl):
        a.status = S.CONFIRMED
        a.save()
    hotel = item(rnd, K.HOTEL)
    hotel.responsible = cast.gt_team_member
    hotel.save()
    assert services.remind_open_items(today=today) == 2
    reminders = OutgoingMessage.objects.filter(message_type=MessageType.LOGISTICS_REMINDER)
    by_person = {m.recipient.email: m.body_text for m in reminders}
    # Nobody is responsible for Chile's travel yet: the round's coordinator is reminded.
    assert set(by_person) == {cast.gt_team_member.email, cast.coordinator.email}
    assert "Flights for Valentina Rojas Fuentes (Chile)" in by_person[cast.coordinator.email]
    assert services.remind_open_items(today=today) == 0  # once a day
    assert services.remind_open_items(today=today + timedelta(days=1)) == 2


def test_no_reminder_without_visit_dates_or_when_far(rnd, cast):
    today = date(2026, 3, 2)
    assert services.remind_open_items(today=today) == 0
    services.set_planned_start(rnd, cast.secretariat, today + timedelta(days=15), version=0)
    assert services.remind_open_items(today=today) == 0


def test_round_page_links_the_logistics(rnd, cast, client):
    client.force_login(cast.gt_team_member)
    body = client.get(rnd.get_absolute_url()).content.decode()
    assert reverse("visits:logistics", args=[rnd.code]) in body


def test_other_country_gets_404(rnd, cast, client):
    client.force_login(cast.hn_focal_point)
    assert client.get(reverse("visits:logistics", args=[rnd.code])).status_code == 404
