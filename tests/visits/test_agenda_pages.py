"""The agenda pages: day by day, item forms, release, print, PDF and calendars."""

import io
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from icalendar import Calendar
from pypdf import PdfReader

from rounds.models import RoundEvent
from visits import agenda_services as services
from visits.agenda_models import AgendaItem, AgendaVersion, Visit
from visits.agenda_pdf import render_agenda_pdf

from .agenda_builders import START, add, complete_agenda, released_final, set_dates


@pytest.fixture
def rnd(make_round):
    return make_round("preparation")


def _url(name, rnd, **kwargs):
    return reverse(f"visits:{name}", kwargs={"code": rnd.code, **kwargs})


def _item_data(**overrides):
    return {
        "day": START.isoformat(),
        "start_time": "08:30",
        "end_time": "09:30",
        "type": "protocol",
        "title": "Reunión protocolar",
        "venue": "Despacho de la Ministra",
        "participants": "Ministra, Representación de la OEA",
        "responsible": "Lucía Morales",
        "panel_attends": "on",
        "version": "0",
        **overrides,
    }


# --- The page -------------------------------------------------------------------------------
def test_r4_2_agenda_page_shows_what_is_missing(client, cast, rnd):
    visit = set_dates(services.visit_of(rnd), cast.gt_focal_point)
    add(visit, cast.gt_focal_point, 0, "08:30", "09:30", "protocol", "Reunión protocolar")
    client.force_login(cast.gt_focal_point)
    with translation.override("en"):
        response = client.get(_url("agenda", rnd), HTTP_ACCEPT_LANGUAGE="en")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Reunión protocolar" in html
    assert html.count('id="day-2026-05-0') == 4
    assert "(R4.2 f)" in html
    assert 'id="agenda-missing"' in html


def test_a_get_of_the_agenda_creates_nothing(client, cast, rnd):
    client.force_login(cast.secretariat)
    assert client.get(_url("agenda", rnd)).status_code == 200
    assert not Visit.objects.exists()


def test_focal_point_sets_the_dates_through_the_page(client, cast, rnd):
    client.force_login(cast.gt_focal_point)
    response = client.post(
        _url("agenda_visit", rnd),
        {"start_date": "2026-05-04", "end_date": "2026-05-07", "city": "Antigua Guatemala",
         "venues": "Sala del Ministerio\nHotel", "timezone": "America/Guatemala", "version": "0"},
    )  # fmt: skip
    assert response.status_code == 302
    visit = Visit.objects.get(round=rnd)
    assert (visit.city, visit.venues, len(visit.days)) == (
        "Antigua Guatemala",
        ["Sala del Ministerio", "Hotel"],
        4,
    )


def test_r4_1_six_days_through_the_page_keeps_what_was_typed(client, cast, rnd):
    cast.gt_focal_point.preferred_language = "en"  # reads the page in English
    cast.gt_focal_point.save(update_fields=["preferred_language"])
    client.force_login(cast.gt_focal_point)
    with translation.override("en"):
        response = client.post(
            _url("agenda_visit", rnd),
            {"start_date": "2026-05-04", "end_date": "2026-05-09", "city": "Cobán",
             "venues": "", "timezone": "America/Guatemala", "version": "0"},
            HTTP_ACCEPT_LANGUAGE="en",
        )  # fmt: skip
    html = response.content.decode()
    assert response.status_code == 400
    assert "these dates make 6" in html
    assert 'value="Cobán"' in html
    assert not Visit.objects.filter(round=rnd, start_date__isnull=False).exists()


def test_focal_point_adds_an_item_through_the_page(client, cast, rnd):
    set_dates(services.visit_of(rnd), cast.gt_focal_point)
    client.force_login(cast.gt_focal_point)
    form = client.get(_url("agenda_item_add", rnd) + "?day=2026-05-05")
    assert form.status_code == 200
    assert 'value="2026-05-05" selected' in form.content.decode()
    response = client.post(_url("agenda_item_add", rnd), _item_data())
    assert response.status_code == 302
    assert response["Location"].endswith("#day-2026-05-04")
    item = AgendaItem.objects.get()
    assert (item.title, item.created_by, item.panel_attends) == (
        "Reunión protocolar",
        cast.gt_focal_point,
        True,
    )


def test_r4_1_item_outside_the_dates_through_the_page_says_why(client, cast, rnd):
    set_dates(services.visit_of(rnd), cast.gt_focal_point)
    client.force_login(cast.gt_focal_point)
    response = client.post(
        _url("agenda_item_add", rnd), _item_data(day="2026-05-10", end_time="08:00")
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "choose a day within it" in html or "elija un día" in html
    assert 'value="Despacho de la Ministra"' in html
    assert not AgendaItem.objects.exists()


def test_item_edit_conflict_shows_the_saved_item_and_what_was_typed(client, cast, rnd):
    visit = complete_agenda(rnd, cast.gt_focal_point)
    item = visit.items.get(title="Cierre")
    client.force_login(cast.secretariat)
    first = client.post(
        _url("agenda_item_edit", rnd, pk=item.pk),
        _item_data(day="2026-05-07", start_time="09:00", end_time="10:00", type="other",
                   title="Cierre (secretaría)", version="1"),
    )  # fmt: skip
    assert first.status_code == 302
    client.force_login(cast.gt_focal_point)
    second = client.post(
        _url("agenda_item_edit", rnd, pk=item.pk),
        _item_data(day="2026-05-07", start_time="09:00", end_time="10:00", type="other",
                   title="Cierre (país)", version="1"),
    )  # fmt: skip
    html = second.content.decode()
    assert second.status_code == 409
    assert 'value="Cierre (secretaría)"' in html
    assert "Cierre (país)" in html
    assert AgendaItem.objects.get(pk=item.pk).title == "Cierre (secretaría)"


def test_delete_asks_first_and_removes_the_item(client, cast, rnd):
    visit = complete_agenda(rnd, cast.gt_focal_point)
    item = visit.items.get(title="Cierre")
    client.force_login(cast.gt_focal_point)
    page = client.get(_url("agenda", rnd)).content.decode()
    assert f'action="{_url("agenda_item_delete", rnd, pk=item.pk)}"' in page
    assert "data-confirm=" in page
    response = client.post(_url("agenda_item_delete", rnd, pk=item.pk))
    assert response.status_code == 302
    assert not AgendaItem.objects.filter(pk=item.pk).exists()
    assert RoundEvent.objects.filter(action="visits.agenda.item_deleted").count() == 1


def test_team_member_reads_the_agenda_without_edit_buttons(client, cast, rnd):
    complete_agenda(rnd, cast.gt_focal_point)
    client.force_login(cast.gt_team_member)
    html = client.get(_url("agenda", rnd)).content.decode()
    assert "Mesa técnica de focalización" in html
    assert _url("agenda_item_add", rnd) not in html
    assert client.get(_url("agenda_item_add", rnd)).status_code == 403


def test_r3_4_secretariat_releases_final_through_the_page(client, cast, rnd):
    visit = complete_agenda(rnd, cast.gt_focal_point)
    client.force_login(cast.secretariat)
    page = client.get(_url("agenda", rnd)).content.decode()
    assert f'name="revision" value="{visit.revision}"' in page
    response = client.post(
        _url("agenda_release", rnd),
        {"final": "on", "note": "Versión acordada", "revision": str(visit.revision)},
    )
    assert response.status_code == 302
    version = AgendaVersion.objects.get()
    assert (version.number, version.is_final, version.note) == (1, True, "Versión acordada")
    page = client.get(_url("agenda", rnd)).content.decode()
    assert "Versión acordada" in page
    assert f'action="{_url("agenda_release", rnd)}"' not in page  # nothing new to release


def test_r4_2_release_as_final_through_the_page_says_what_is_missing(client, cast, rnd):
    visit = set_dates(services.visit_of(rnd), cast.gt_focal_point)
    add(visit, cast.gt_focal_point, 0, "08:30", "09:30", "protocol", "Reunión protocolar")
    visit.refresh_from_db()
    client.force_login(cast.secretariat)
    response = client.post(
        _url("agenda_release", rnd), {"final": "on", "revision": str(visit.revision)}
    )
    assert response.status_code == 400
    assert "(R4.2 b)" in response.content.decode()
    assert not AgendaVersion.objects.exists()


# --- Print, PDF, calendars ------------------------------------------------------------------
def test_printable_agenda_shows_the_final_version(client, cast, rnd):
    visit = released_final(rnd, cast)
    add(visit, cast.gt_focal_point, 3, "11:00", "12:00", "interview", "Aún no publicada")
    client.force_login(cast.gt_team_member)
    html = client.get(_url("agenda_print", rnd)).content.decode()
    assert "Mesa técnica de focalización" in html
    assert "Aún no publicada" not in html
    draft = client.get(_url("agenda_print", rnd) + "?draft=1").content.decode()
    assert "Aún no publicada" in draft


@pytest.mark.parametrize("language", ["en", "es"])
def test_agenda_pdf_is_a4_with_the_round_and_the_days(cast, rnd, language):
    visit = released_final(rnd, cast)
    version, items = services.displayed_agenda(visit)
    with translation.override(language):
        pdf = render_agenda_pdf(rnd, visit, version, items)
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 1
    width, height = (float(v) for v in reader.pages[0].mediabox[2:])
    assert (round(width), round(height)) == (595, 842)
    text = reader.pages[0].extract_text()
    assert rnd.code in text
    assert "Guatemala" in text
    assert "Mesa técnica de focalización" in text
    assert ("Agenda of the visit" if language == "en" else "Agenda") in text


def test_agenda_pdf_is_served_to_readers(client, cast, rnd):
    released_final(rnd, cast)
    client.force_login(cast.expert_cl)
    response = client.get(_url("agenda_pdf", rnd))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def _events(response):
    cal = Calendar.from_ical(response.content)
    return {str(e["summary"]): e for e in cal.walk("VEVENT")}, cal


def test_my_agenda_ics_of_a_panel_member_holds_the_panel_items(client, cast, rnd):
    visit = released_final(rnd, cast)
    add(visit, cast.gt_focal_point, 2, "11:00", "12:00", "other", "Sin panel", panel=False)
    visit.refresh_from_db()
    visit.round = rnd
    services.release_agenda(visit, cast.secretariat, final=True, expected_revision=visit.revision)
    client.force_login(cast.expert_cl)
    response = client.get(_url("agenda_ics", rnd))
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    events, cal = _events(response)
    assert len(events) == 7
    assert "Sin panel" not in events
    protocol = events["Reunión protocolar"]
    start = protocol.decoded("dtstart")
    assert (str(start.tzinfo), start.isoformat()) == (
        "America/Guatemala",
        "2026-05-04T08:30:00-06:00",
    )
    assert [str(c["tzid"]) for c in cal.walk("VTIMEZONE")] == ["America/Guatemala"]
    assert "Sala del Ministerio" in str(protocol["location"])


def test_my_agenda_ics_of_the_country_and_whole_agenda_hold_every_item(client, cast, rnd):
    visit = released_final(rnd, cast)
    add(visit, cast.gt_focal_point, 2, "11:00", "12:00", "other", "Sin panel", panel=False)
    visit.refresh_from_db()
    visit.round = rnd
    services.release_agenda(visit, cast.secretariat, final=True, expected_revision=visit.revision)
    client.force_login(cast.gt_team_member)
    assert len(_events(client.get(_url("agenda_ics", rnd)))[0]) == 8
    client.force_login(cast.expert_cl)
    assert len(_events(client.get(_url("agenda_ics_all", rnd)))[0]) == 8


# --- Query counts -----------------------------------------------------------------------------
def _agenda_with(rnd, cast, count):
    visit = set_dates(services.visit_of(rnd), cast.gt_focal_point)
    for n in range(count):
        day, slot = divmod(n, 8)
        add(visit, cast.gt_focal_point, day % 4, f"{8 + slot:02d}:00", f"{8 + slot:02d}:45",
            "working", f"Mesa {n}")  # fmt: skip
    visit.refresh_from_db()
    visit.round = rnd
    services.release_agenda(visit, cast.secretariat, final=False, expected_revision=visit.revision)
    return visit


@pytest.mark.parametrize("count", [1, 30])
def test_agenda_page_queries_do_not_grow_with_items(client, cast, rnd, count):
    _agenda_with(rnd, cast, count)
    client.force_login(cast.coordinator)
    client.get(_url("agenda", rnd))
    with CaptureQueriesContext(connection) as queries:
        response = client.get(_url("agenda", rnd))
    assert response.status_code == 200
    assert response.content.decode().count('class="agenda-item') == count
    assert len(queries) == 7, [q["sql"] for q in queries]


def test_visit_dates_follow_the_round_country(make_round, cast):
    rnd = make_round("preparation", institution=cast.hn_institution)
    assert services.visit_of(rnd).timezone == "America/Tegucigalpa"
    assert services.visit_of(rnd).days == []
    assert START + timedelta(days=1) not in services.visit_of(rnd).days
