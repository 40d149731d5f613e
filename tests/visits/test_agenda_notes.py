"""R4.3: the visit record — notes per agenda item by the panel and the secretariat, never read
by the country; ``visit_findings`` for the report."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from rounds.services import transition_round
from visits import agenda_services as services
from visits.agenda_models import VisitNote
from visits.demo_agenda import panel_notes

from .agenda_builders import add, set_dates


@pytest.fixture
def rnd(make_round):
    """Guatemala's round during the visit (its final agenda comes from the demo preparer)."""
    return make_round("visit_in_progress")


@pytest.fixture
def visit(rnd):
    return services.visit_of(rnd, create=False)


def _item(visit, title="Mesa técnica: focalización y registro de hogares"):
    item = visit.items.get(title=title)
    item.visit = visit
    return item


NOTE = {
    "attendance": "14 personas del MIDES y del Registro Social",
    "findings": "HALLAZGO-CONFIDENCIAL: el registro no se actualiza desde 2021.",
    "challenges": "Interoperabilidad con el registro civil.",
    "ideas": "Actualización continua por ventanilla.",
}


def test_r4_3_panel_member_records_notes_on_an_item(cast, visit):
    item = _item(visit)
    note = services.save_note(item, cast.expert_cl, NOTE, expected_version=0)
    assert (note.author, note.version, note.findings) == (cast.expert_cl, 1, NOTE["findings"])
    again = services.save_note(item, cast.expert_cl, {**NOTE, "ideas": "Otra idea"},
                               expected_version=1)  # fmt: skip
    assert (again.pk, again.version, again.ideas) == (note.pk, 2, "Otra idea")


def test_r4_3_several_panel_members_write_on_the_same_item(cast, visit):
    item = _item(visit)
    services.save_note(item, cast.expert_cl, NOTE, expected_version=0)
    services.save_note(item, cast.expert_uy, {"findings": "Otra mirada"}, expected_version=0)
    services.save_note(item, cast.secretariat, {"attendance": "12"}, expected_version=0)
    assert sorted(VisitNote.objects.filter(item=item).values_list("author__email", flat=True)) == (
        sorted([cast.expert_cl.email, cast.expert_uy.email, cast.secretariat.email])
    )


def test_r4_3_a_save_from_an_older_window_is_refused(cast, visit):
    item = _item(visit)
    services.save_note(item, cast.expert_cl, NOTE, expected_version=0)
    services.save_note(item, cast.expert_cl, {"findings": "Segunda ventana"}, expected_version=1)
    with pytest.raises(services.Conflict) as exc:
        services.save_note(item, cast.expert_cl, {"findings": "Primera ventana"},
                           expected_version=1)  # fmt: skip
    assert exc.value.latest.findings == "Segunda ventana"
    assert VisitNote.objects.get().findings == "Segunda ventana"


def test_r4_3_the_country_cannot_write_notes(cast, visit):
    item = _item(visit)
    for person in (cast.gt_focal_point, cast.gt_team_member):
        with pytest.raises(services.NotAllowed):
            services.save_note(item, person, NOTE, expected_version=0)
    assert not VisitNote.objects.exists()


def test_r4_3_notes_are_written_only_during_the_visit(cast, make_round):
    rnd = make_round("visit_scheduled")
    item = _item(services.visit_of(rnd, create=False))
    with pytest.raises(services.NotAllowed):
        services.save_note(item, cast.expert_cl, NOTE, expected_version=0)


def test_r4_3_after_the_visit_notes_are_read_only(client, cast, rnd, visit):
    item = _item(visit)
    services.save_note(item, cast.expert_cl, NOTE, expected_version=0)
    transition_round(rnd.pk, "complete_visit", cast.secretariat, confirmed=True)
    rnd.refresh_from_db()
    item.visit.round = rnd
    with pytest.raises(services.NotAllowed):
        services.save_note(item, cast.expert_cl, NOTE, expected_version=1)
    client.force_login(cast.expert_cl)
    html = client.get(reverse("visits:visit_notes", args=[rnd.code])).content.decode()
    assert NOTE["findings"] in html
    assert "data-autosave " not in html
    response = client.post(reverse("visits:visit_note_save", args=[rnd.code, item.pk]),
                           {**NOTE, "version": "1"})  # fmt: skip
    assert response.status_code == 403


def test_r4_3_the_country_never_reads_the_notes(client, cast, rnd, visit):
    services.save_note(_item(visit), cast.expert_cl, NOTE, expected_version=0)
    url = reverse("visits:visit_notes", args=[rnd.code])
    for person in (cast.gt_focal_point, cast.gt_team_member):
        client.force_login(person)
        assert client.get(url).status_code == 403
        for page in (reverse("visits:agenda", args=[rnd.code]), rnd.get_absolute_url()):
            html = client.get(page).content.decode()
            assert "HALLAZGO-CONFIDENCIAL" not in html
            assert url not in html
    client.force_login(cast.hn_focal_point)
    assert client.get(url).status_code == 404


def test_r4_3_panel_and_secretariat_read_each_others_notes(client, cast, rnd, visit):
    services.save_note(_item(visit), cast.expert_uy, NOTE, expected_version=0)
    for person in (cast.expert_cl, cast.coordinator, cast.secretariat):
        client.force_login(person)
        html = client.get(reverse("visits:visit_notes", args=[rnd.code])).content.decode()
        assert "HALLAZGO-CONFIDENCIAL" in html
        assert cast.expert_uy.full_name in html


def test_r4_3_note_autosave_answers_with_the_new_version(client, cast, rnd, visit):
    item = _item(visit)
    client.force_login(cast.expert_cl)
    url = reverse("visits:visit_note_save", args=[rnd.code, item.pk])
    response = client.post(url, {**NOTE, "version": "0"}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert response.status_code == 200
    assert f'id="id_n{item.pk}_version"' in html and 'value="1"' in html
    assert VisitNote.objects.get().findings == NOTE["findings"]
    stale = client.post(url, {**NOTE, "findings": "Viejo", "version": "0"}, HTTP_HX_REQUEST="true")
    assert 'role="alert"' in stale.content.decode()
    assert VisitNote.objects.get().findings == NOTE["findings"]


def test_r4_3_visit_findings_groups_the_notes_by_item_in_agenda_order(cast, rnd, visit):
    working = _item(visit)
    interview = _item(visit, "Entrevista con organizaciones de la sociedad civil")
    services.save_note(interview, cast.expert_uy, {"findings": "Pagos tardíos"},
                       expected_version=0)  # fmt: skip
    services.save_note(working, cast.expert_cl, NOTE, expected_version=0)
    services.save_note(working, cast.expert_uy, {"challenges": "Datos viejos"}, expected_version=0)
    services.save_note(interview, cast.expert_cl, {}, expected_version=0)  # empty: left out
    findings = services.visit_findings(rnd)
    assert [(g["item"].title, [n.author.email for n in g["notes"]]) for g in findings] == [
        (working.title, [cast.expert_cl.email, cast.expert_uy.email]),
        (interview.title, [cast.expert_uy.email]),
    ]
    assert findings[0]["notes"][0].findings == NOTE["findings"]


def test_r4_3_an_item_with_notes_cannot_be_deleted(cast, rnd, visit):
    item = _item(visit)
    services.save_note(item, cast.expert_cl, NOTE, expected_version=0)
    with pytest.raises(services.AgendaError):
        services.delete_item(item, cast.secretariat)
    assert visit.items.filter(pk=item.pk).exists()


def test_demo_notes_are_added_once_by_the_panel(cast, rnd):
    panel_notes(rnd, at=None, people={})
    panel_notes(rnd, at=None, people={})
    notes = VisitNote.objects.filter(item__visit__round=rnd)
    assert notes.count() == 8
    assert set(notes.values_list("author__role", flat=True)) <= {"expert", "secretariat"}
    assert len(services.visit_findings(rnd)) == 8


@pytest.mark.parametrize("count", [1, 24])
def test_visit_notes_page_queries_do_not_grow_with_items(client, cast, make_round, count):
    rnd = make_round("preparation")
    visit = set_dates(services.visit_of(rnd), cast.gt_focal_point)
    for n in range(count):
        day, slot = divmod(n, 6)
        add(visit, cast.gt_focal_point, day % 4, f"{8 + slot:02d}:00", f"{8 + slot:02d}:50",
            "working", f"Mesa {n}")  # fmt: skip
    VisitNote.objects.bulk_create(
        VisitNote(item=item, author=author, findings=f"Hallazgo {item.pk}")
        for item in visit.items.all()
        for author in (cast.expert_cl, cast.expert_uy)
    )
    client.force_login(cast.expert_cl)
    url = reverse("visits:visit_notes", args=[rnd.code])
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    assert response.content.decode().count("Hallazgo ") == count * 2
    assert len(queries) == 8, [q["sql"] for q in queries]
