"""Drafting the executive report (R5.1, R5.3): the report and its sections, the first text from
the visit notes, the master text with autosave and conflicts, the panel's contributions and the
structured recommendations."""

from datetime import date, time, timedelta
from types import SimpleNamespace

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from notifications.models import OutgoingMessage
from reports import services
from reports.demo_drafting import drafted_report
from reports.enums import Horizon, Priority
from reports.models import Contribution, Recommendation, Report
from rounds.models import RoundEvent
from tests import factories as f
from tests.reports.conftest import reads_english, section
from visits.models import VisitNote

HTMX = {"HTTP_HX_REQUEST": "true"}


def note(author, findings="", challenges="", ideas="", attendance=""):
    return SimpleNamespace(
        author=SimpleNamespace(full_name=author), findings=findings, challenges=challenges,
        ideas=ideas, attendance=attendance,
    )  # fmt: skip


def item(title, day=None, start=None):
    return SimpleNamespace(title=title, day=day, start_time=start)


# --- The report and its first text ----------------------------------------------------------
def test_r5_3_completing_the_visit_creates_the_report_with_its_six_sections(drafting_round):
    report = Report.objects.get(round=drafting_round)
    assert report.title == "Programa Bono Social Rural"
    assert report.language == "es"  # Guatemala works in Spanish
    sections = {s.kind: s for s in report.sections.all()}
    assert [(s.kind, s.position, s.version) for s in report.sections.all()] == [
        ("description", 1, 0),
        ("initiative", 2, 0),
        ("findings", 3, 1),  # written once: from the notes
        ("recommendations", 4, 1),
        ("cooperation", 5, 0),
        ("annexes", 6, 0),
    ]
    # R4.3 → R5.3: the panel's visit notes (the demo's, written during the visit) start the
    # findings; the ideas they noted start the recommendations.
    notes = VisitNote.objects.filter(item__visit__round=drafting_round).exclude(findings="")
    assert notes.exists()
    assert all(n.findings in sections["findings"].body for n in notes)
    assert [s.body for k, s in sections.items() if k not in ("findings", "recommendations")] == [
        "", "", "", ""
    ]  # fmt: skip
    # The transition's own audit entry tells it; the report adds none of its own.
    assert not RoundEvent.objects.filter(round=drafting_round, action__startswith="reports.")


def test_the_report_is_written_in_the_working_language_of_the_country(cast, make_round):
    jamaica = f.InstitutionFactory(country=f.CountryFactory(code="JM"), name="Ministry of Labour")
    rnd = make_round("report_drafting", institution=jamaica)
    assert rnd.report.language == "en"


def test_ensure_report_returns_the_existing_report_unchanged(report, cast):
    services.save_section(section(report, "description"), cast.secretariat, "<p>Hola</p>", 0)
    again = services.ensure_report(report.round, cast.secretariat, findings=[])
    assert again.pk == report.pk
    assert report.sections.count() == 6
    assert section(report, "description").body == "<p>Hola</p>"


def test_starting_text_turns_the_visit_notes_into_findings_and_ideas():
    findings = [
        {
            "item": item("Reunión con el registro social", date(2026, 3, 10), time(9, 30)),
            "notes": [
                note(
                    "Valentina Rojas",
                    findings="El registro cubre 80 %.\n\nSe actualiza cada 4 años.",
                    challenges="Demoras <largas>.",
                    ideas="Ventanilla única",
                ),
                note("Martín Sosa", ideas="Interoperar con identidad"),
            ],
        },
        {"item": item("Almuerzo"), "notes": [note("Martín Sosa")]},  # nothing noted: left out
    ]
    # Headings, dates and times follow the active language (the report's, set by ensure_report):
    # Spanish here. No author is named in the text (issue 11: the panel writes as one); who
    # wrote what is kept beside it (note_provenance) for the drafting page.
    with translation.override("es"):
        findings_html, ideas_html = services.starting_text(findings)
        found_by, ideas_by = services.note_provenance(findings)
    assert findings_html == (
        "<h3>Reunión con el registro social (10/03/2026 09:30)</h3>"
        "<p>El registro cubre 80 %.</p><p>Se actualiza cada 4 años.</p>"
        "<p><strong>Desafíos:</strong></p><p>Demoras &lt;largas&gt;.</p>"
    )
    assert ideas_html == (
        "<h3>Ideas para recomendaciones</h3><ul><li>Ventanilla única</li>"
        "<li>Interoperar con identidad</li></ul>"
    )
    assert found_by == [
        {"what": "Reunión con el registro social (10/03/2026 09:30)",
         "authors": ["Valentina Rojas"]}
    ]  # fmt: skip
    assert ideas_by == [
        {"what": "Ventanilla única", "authors": ["Valentina Rojas"]},
        {"what": "Interoperar con identidad", "authors": ["Martín Sosa"]},
    ]


def test_starting_text_without_notes_is_empty():
    assert services.starting_text(None) == ("", "")
    assert services.starting_text([{"item": item("Visita"), "notes": []}]) == ("", "")


def test_findings_sources_give_the_first_text_when_the_visit_is_completed(
    cast, make_round, monkeypatch
):
    def notes_of_the_visit(rnd):
        return [{"item": item("Oficina departamental"),
                 "notes": [note("Valentina Rojas", findings="Buena atención.", ideas="Tablero")]}]  # fmt: skip

    monkeypatch.setattr(services, "FINDINGS_SOURCES", [notes_of_the_visit])
    report = make_round("report_drafting").report
    assert (
        section(report, "findings").body == "<h3>Oficina departamental</h3><p>Buena atención.</p>"
    )
    assert section(report, "findings").provenance == [
        {"what": "Oficina departamental", "authors": ["Valentina Rojas"]}
    ]
    assert section(report, "recommendations").body.endswith("<ul><li>Tablero</li></ul>")
    assert section(report, "recommendations").provenance == [
        {"what": "Tablero", "authors": ["Valentina Rojas"]}
    ]
    assert section(report, "findings").version == 1


# --- The master text: sanitized, autosaved, never silently overwritten ------------------------
MALICIOUS = (
    '<p onclick="steal()">Hallazgo <strong>clave</strong></p><script>alert(1)</script>'
    '<p style="color:red">Texto</p><a href="javascript:alert(1)">enlace</a>'
    '<img src="https://evil.example/x.png" onerror="x()"><table><tr><td>Celda</td></tr></table>'
)


def test_pasted_html_with_scripts_styles_and_handlers_is_stripped(report, cast):
    findings = section(report, "findings")  # starts from the visit notes: replaced here
    saved = services.save_section(findings, cast.secretariat, MALICIOUS, findings.version)
    assert saved.body == (
        "<p>Hallazgo <strong>clave</strong></p><p>Texto</p>"
        '<a rel="noopener noreferrer nofollow">enlace</a>'
        "<table><tbody><tr><td>Celda</td></tr></tbody></table>"
    )


def test_the_autosave_view_stores_sanitized_html(client, report, cast):
    before = section(report, "findings").version  # the visit notes wrote it once
    client.force_login(cast.coordinator)  # reads English
    url = reverse("reports:section_save", args=[report.round.code, "findings"])
    response = client.post(url, {"body": MALICIOUS, "version": str(before)}, **HTMX)
    assert response.status_code == 200
    assert "Saved at" in response.content.decode()
    found = section(report, "findings")
    assert "script" not in found.body and "onclick" not in found.body and "style" not in found.body
    assert (found.version, found.updated_by) == (before + 1, cast.coordinator)


def test_two_people_editing_one_section_never_overwrite_each_other(client, report, cast):
    target = section(report, "description")
    services.save_section(target, cast.secretariat, "<p>Texto de Elena</p>", 0)
    client.force_login(cast.coordinator)
    url = reverse("reports:section_save", args=[report.round.code, "description"])
    response = client.post(url, {"body": "<p>Texto de Daniel</p>", "version": "0"}, **HTMX)
    page = response.content.decode()
    assert response.status_code == 409  # R5.1: the autosave pipeline shows the conflict
    assert "Elena Ramírez Soto saved this text while you were writing" in page
    assert "<p>Texto de Elena</p>" in page  # their text, shown
    assert "<p>Texto de Daniel</p>" in page  # and mine, beside it
    assert 'data-conflict-choice="merge"' in page
    assert 'data-version="1"' in page  # the buttons let the person decide from their version
    target.refresh_from_db()
    assert (target.body, target.version) == ("<p>Texto de Elena</p>", 1)


def test_a_conflict_without_javascript_keeps_the_typed_text_in_the_box(client, report, cast):
    target = section(report, "description")
    services.save_section(target, cast.secretariat, "<p>Texto de Elena</p>", 0)
    client.force_login(cast.coordinator)
    url = reverse("reports:section_save", args=[report.round.code, "description"])
    response = client.post(url, {"body": "<p>Texto de Daniel</p>", "version": "0"})
    page = response.content.decode()
    assert response.status_code == 409
    assert "&lt;p&gt;Texto de Daniel&lt;/p&gt;</textarea>" in page  # mine, in the box
    assert "<p>Texto de Elena</p>" in page  # theirs, shown above it
    assert f'value="1" id="id_section-{target.pk}_version"' in page  # saving again is deliberate
    target.refresh_from_db()
    assert target.body == "<p>Texto de Elena</p>"


def test_saving_what_is_already_there_succeeds_whatever_the_version(report, cast):
    target = section(report, "description")
    services.save_section(target, cast.secretariat, "<p>Igual</p>", 0)
    saved = services.save_section(target, cast.coordinator, "<p>Igual</p>", 0)
    assert (saved.version, saved.updated_by) == (1, cast.secretariat)


def test_experts_read_the_master_text_but_do_not_edit_it(client, report, cast):
    client.force_login(cast.expert_cl)
    url = reverse("reports:section_save", args=[report.round.code, "description"])
    assert client.post(url, {"body": "<p>No</p>", "version": "0"}).status_code == 403
    assert section(report, "description").body == ""
    with pytest.raises(services.NotAllowed):
        services.save_section(section(report, "description"), cast.expert_cl, "<p>No</p>", 0)


def test_the_country_never_sees_the_drafts(client, report, cast):
    for person in (cast.gt_focal_point, cast.gt_team_member):
        client.force_login(person)
        assert client.get(reverse("reports:drafting", args=[report.round.code])).status_code == 403


# --- Contributions (R5.1) ---------------------------------------------------------------------
def test_r5_1_the_secretariat_assigns_a_section_and_the_expert_is_told(client, report, cast):
    client.force_login(cast.secretariat)
    url = reverse("reports:assign", args=[report.round.code, "findings"])
    due = timezone.localdate() + timedelta(days=20)  # a deadline lies ahead (ripso/dates.py)
    response = client.post(url, {"author": str(cast.expert_cl.pk), "due_at": due.isoformat()})
    assert response.status_code == 302
    contribution = Contribution.objects.get()
    assert (contribution.section.kind, contribution.author, contribution.assigned_by) == (
        "findings", cast.expert_cl, cast.secretariat,
    )  # fmt: skip
    assert timezone.localtime(contribution.due_at).date() == due
    message = OutgoingMessage.objects.get(message_type="report_contribution_requested")
    assert message.recipient == cast.expert_cl
    assert message.link.endswith(f"/rounds/{report.round.code}/report/#section-findings")
    assert message.subject.startswith(f"{report.round.code} · ")


def test_sections_are_assigned_only_to_members_of_the_panel(report, cast):
    with pytest.raises(services.ReportError, match="members of the round's panel"):
        services.assign_section(section(report, "findings"), cast.secretariat, cast.expert_mx)
    assert not Contribution.objects.exists()


def test_r5_1_experts_write_only_their_own_contribution(client, report, cast):
    findings = section(report, "findings")
    mine = services.assign_section(findings, cast.secretariat, cast.expert_cl)
    client.force_login(cast.expert_uy)  # on the panel, but not the author
    url = reverse("reports:contribution_save", args=[report.round.code, mine.pk])
    assert client.post(url, {"body": "<p>Intruso</p>", "version": "0"}).status_code == 403
    reads_english(cast.expert_cl)
    client.force_login(cast.expert_cl)
    response = client.post(url, {"body": "<p>Mi aporte<script>x()</script></p>", "version": "0",
                                 "ready": "1"}, **HTMX)  # fmt: skip
    assert "marked as ready" in response.content.decode()
    mine.refresh_from_db()
    assert (mine.body, mine.version, mine.submitted_at is not None) == ("<p>Mi aporte</p>", 1, True)


def test_r5_1_the_secretariat_copies_a_contribution_into_the_master_text(client, report, cast):
    findings = section(report, "findings")
    base = findings.version  # the visit notes wrote it once
    services.save_section(findings, cast.secretariat, "<p>Base.</p>", base)
    contribution = services.assign_section(findings, cast.secretariat, cast.expert_cl)
    services.save_contribution(contribution, cast.expert_cl, "<p>Aporte de Chile.</p>", 0)
    client.force_login(cast.coordinator)
    response = client.post(
        reverse("reports:contribution_adopt", args=[report.round.code, contribution.pk])
    )
    assert response.status_code == 302
    findings.refresh_from_db()
    assert (findings.body, findings.version, findings.updated_by) == (
        "<p>Base.</p><p>Aporte de Chile.</p>", base + 2, cast.coordinator,
    )  # fmt: skip


def test_the_drafting_page_shows_contributions_beside_the_master_text(client, report, cast):
    findings = section(report, "findings")
    contribution = services.assign_section(findings, cast.secretariat, cast.expert_cl)
    services.save_contribution(contribution, cast.expert_cl, "<p>Texto chileno</p>", 0)
    reads_english(cast.secretariat)
    client.force_login(cast.secretariat)
    page = client.get(reverse("reports:drafting", args=[report.round.code])).content.decode()
    titles = list(report.sections.order_by("position").values_list("title", flat=True))
    positions = [page.index(f"{i}. {title}</h2>") for i, title in enumerate(titles, start=1)]
    assert positions == sorted(positions)
    assert "Valentina Rojas Fuentes" in page and "<p>Texto chileno</p>" in page
    assert "Copy into the section's text" in page
    assert "The working draft has not been rendered yet." in page  # the R5.1 page budget
    assert "data-report-editor" in page


def test_the_expert_sees_their_own_editor_and_reads_the_rest(client, report, cast):
    findings = section(report, "findings")
    services.save_section(findings, cast.secretariat, "<p>Texto maestro</p>", findings.version)
    services.assign_section(findings, cast.secretariat, cast.expert_cl)
    theirs = services.assign_section(findings, cast.secretariat, cast.expert_uy)
    services.save_contribution(theirs, cast.expert_uy, "<p>Texto uruguayo</p>", 0)
    client.force_login(cast.expert_cl)
    page = client.get(reverse("reports:drafting", args=[report.round.code])).content.decode()
    assert page.count("data-report-editor") == 1  # her contribution only
    assert "<p>Texto maestro</p>" in page and "<p>Texto uruguayo</p>" in page
    assert "Copy into the section" not in page


# --- Recommendations (R5.3 structured items) ----------------------------------------------------
def test_r5_3_recommendations_are_added_edited_reordered_and_deleted(client, report, cast):
    client.force_login(cast.secretariat)
    code = report.round.code
    add = reverse("reports:recommendation_add", args=[code])
    for text in ("Primera", "Segunda"):
        client.post(add, {"text": text, "area": "Registro", "priority": "high",
                          "responsible_institution": "MIDES", "horizon": "short", "version": "0"})  # fmt: skip
    first, second = Recommendation.objects.order_by("position")
    assert (first.text, first.priority, first.horizon, first.version) == (
        "Primera", Priority.HIGH, Horizon.SHORT, 1,
    )  # fmt: skip
    client.post(reverse("reports:recommendation_move", args=[code, second.pk]), {"direction": "up"})
    assert list(report.recommendations.values_list("text", flat=True)) == ["Segunda", "Primera"]
    edit = reverse("reports:recommendation_edit", args=[code, first.pk])
    assert client.get(edit).status_code == 200
    client.post(edit, {"text": "Primera, mejor", "area": "Pagos", "priority": "low",
                       "responsible_institution": "", "horizon": "long", "version": "1"})  # fmt: skip
    first.refresh_from_db()
    assert (first.text, first.area, first.priority, first.horizon, first.version) == (
        "Primera, mejor", "Pagos", Priority.LOW, Horizon.LONG, 2,
    )  # fmt: skip
    client.post(reverse("reports:recommendation_delete", args=[code, second.pk]))
    assert list(report.recommendations.values_list("text", flat=True)) == ["Primera, mejor"]


def test_a_recommendation_edited_by_two_people_is_not_overwritten(client, report, cast):
    rec = services.add_recommendation(report, cast.secretariat, text="Original")
    services.update_recommendation(rec, cast.secretariat, 1, text="Versión de Elena")
    client.force_login(cast.coordinator)
    response = client.post(
        reverse("reports:recommendation_edit", args=[report.round.code, rec.pk]),
        {"text": "Versión de Daniel", "priority": "medium", "horizon": "medium", "version": "1"},
    )
    page = response.content.decode()
    assert response.status_code == 409
    assert "Versión de Elena" in page and "Versión de Daniel</textarea>" in page
    assert 'name="version" value="2"' in page
    rec.refresh_from_db()
    assert (rec.text, rec.version) == ("Versión de Elena", 2)


def test_a_recommendation_without_text_is_refused_keeping_what_was_typed(client, report, cast):
    client.force_login(cast.secretariat)
    response = client.post(
        reverse("reports:recommendation_add", args=[report.round.code]),
        {
            "text": "",
            "area": "Área escrita",
            "priority": "high",
            "horizon": "short",
            "version": "0",
        },
    )
    assert response.status_code == 400
    assert 'value="Área escrita"' in response.content.decode()
    assert not Recommendation.objects.exists()


# --- Demo data ----------------------------------------------------------------------------------
def test_the_demo_preparer_writes_a_complete_report_once(report, cast):
    rnd = report.round
    drafted_report(rnd, at=None, people={})
    bodies = dict(report.sections.values_list("kind", "body"))
    counts = (
        report.recommendations.count(),
        Contribution.objects.filter(section__report=report).count(),
    )
    drafted_report(rnd, at=None, people={})
    assert dict(report.sections.values_list("kind", "body")) == bodies
    assert (report.recommendations.count(), Contribution.objects.count()) == counts == (6, 2)
    assert (
        "<table>" in bodies["findings"]
        and "Ministerio de Desarrollo Social" in bodies["description"]
    )


def test_an_idea_noted_by_two_people_is_listed_once_with_both_authors_beside_it():
    findings = [
        {"item": item("Mesa técnica"), "notes": [note("Valentina Rojas", ideas="Tablero")]},
        {"item": item("Entrevista"), "notes": [note("Martín Sosa", ideas="Tablero")]},
    ]
    with translation.override("es"):
        _findings, ideas_html = services.starting_text(findings)
        _found_by, ideas_by = services.note_provenance(findings)
    assert ideas_html == "<h3>Ideas para recomendaciones</h3><ul><li>Tablero</li></ul>"
    assert ideas_by == [{"what": "Tablero", "authors": ["Valentina Rojas", "Martín Sosa"]}]
