"""Issue 11, item 2: the findings start from the visit notes (R4.3 → R5.3), but the report speaks
for the panel as a whole (R5.1: the secretariat systematizes the panel's contributions). No
"Notes by ‹name›" line, no author of a note in the country's version, the PDF, the DOCX or the
public portal; the words the report generates are in the report's language. Who wrote what stays
beside the text on the drafting page; the report names the authors only if the secretariat
chooses it.

The rounds are built through the real transitions with the demo's preparers (the panel's notes:
Chile's and Uruguay's experts), plus a note of the secretariat officer, who sits on no panel.
"""

import io
import re

from django.urls import reverse
from django.utils import timezone
from docx import Document
from pypdf import PdfReader

from reports import rendering, snapshot
from reports.enums import VersionKind
from reports.models import Contribution, Report
from rounds.demo import run_preparers
from rounds.services import transition_round
from tests import factories as f
from tests.conftest import COMMENT_REQUIRED, FOCAL_POINT_TRANSITIONS
from tests.reports.conftest import reads_english, section
from visits.agenda_services import save_note, visit_of

NOT_IN_ANY_VERSION = ("Notes by", "Notas de ", "Notas por")
SECRETARIAT_NOTE = "La oficina municipal atiende sin cita previa."


def advance(rnd, names, cast):
    """The rest of the round's way, as ``make_round`` walks it (same actors and preparers)."""
    for name in names:
        focal_point = rnd.institution.people.filter(role="focal_point").order_by("pk").first()
        actor = focal_point if name in FOCAL_POINT_TRANSITIONS else cast.secretariat
        kwargs = {"comment": f"Comentario para {name}."} if name in COMMENT_REQUIRED else {}
        if name in ("start_visit", "complete_visit"):
            kwargs["confirmed"] = True  # the visit lies weeks ahead of today (issue 11, item 10)
        run_preparers(rnd, name, at=timezone.now(), people={})
        rnd = transition_round(rnd.pk, name, actor, **kwargs)
    return rnd


def noted_round(make_round, cast, state, institution=None):
    """A round whose visit notes were written by two experts (the demo's) and by the
    secretariat officer, then taken to ``state``."""
    rnd = make_round("visit_in_progress", institution=institution)
    visit = visit_of(rnd, create=False)
    run_preparers(rnd, "complete_visit", at=timezone.now(), people={})  # the panel's notes
    item = visit.items.order_by("day", "start_time").first()
    item.visit = visit
    save_note(item, cast.secretariat, {"findings": SECRETARIAT_NOTE}, expected_version=0)
    route = ["complete_visit", "send_for_review", "approve", "publish"]
    return advance(rnd, route[: route.index(state) + 1], cast)


def note_authors(rnd):
    from visits.models import VisitNote

    names = set(
        VisitNote.objects.filter(item__visit__round=rnd).values_list("author__full_name", flat=True)
    )
    assert len(names) == 3  # two experts and the secretariat officer
    return names


def pdf_text(version):
    pdf = rendering.pdf_bytes(version.content, version.kind, version.number)
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def docx_text(version):
    document = Document(io.BytesIO(rendering.docx_bytes(version)))
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def panel_names(rnd):
    return {s.user.full_name for s in rnd.panel_seats.filter(status="accepted")}


def assert_names_only_in_the_panel_annex(text, rnd, authors, annex_rows):
    """The experts who wrote notes sit on the panel: the annex lists them, once each (R5.3's
    annex "filled from the round"); nothing else names them. The secretariat officer, on no
    panel, is never named."""
    for name in authors:
        expected = annex_rows if name in panel_names(rnd) else 0
        assert text.count(name) == expected, name


def findings_of(content):
    return next(s for s in content["sections"] if s["kind"] == "findings")


def findings_of_page(html):
    match = re.search(r'id="read-findings".*?</section>', html, re.S)
    assert match
    return match.group(0)


# --- Spanish -----------------------------------------------------------------------------------
def test_issue11_spanish_report_names_no_note_author_in_any_version_r5_3(
    client, cast, make_round, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    rnd = noted_round(make_round, cast, "publish")
    report = Report.objects.get(round=rnd)
    assert report.language == "es" and report.credit_note_authors is False
    authors = note_authors(rnd)

    # The drafting text: the notes' findings, no author; Spanish generated words.
    findings = section(report, "findings")
    assert SECRETARIAT_NOTE in findings.body
    for text in (findings.body, section(report, "recommendations").body):
        assert not any(word in text for word in NOT_IN_ANY_VERSION)
        assert not any(name in text for name in authors)
    assert "Desafíos:" in findings.body and "Challenges" not in findings.body
    assert "Ideas para recomendaciones" in section(report, "recommendations").body

    # The country's version (v1, the preliminary it reviewed) as the focal point reads it.
    preliminary = report.versions.get(kind=VersionKind.PRELIMINARY)
    client.force_login(cast.gt_focal_point)
    page = client.get(reverse("reports:version", args=[rnd.code, preliminary.number]))
    html = page.content.decode()
    assert page.status_code == 200
    assert not any(word in html for word in NOT_IN_ANY_VERSION)
    assert not any(name in findings_of_page(html) for name in authors)
    assert_names_only_in_the_panel_annex(html, rnd, authors, annex_rows=1)
    assert "Desafíos:" in findings_of_page(html)
    # The annexes of the reading page are the report's: Spanish headings, as in the PDF.
    assert "Agenda de la visita técnica" in html
    assert not any(f">{word}<" in html for word in ("Day", "Start", "End", "Place"))

    # The final version's PDF and DOCX.
    final = report.versions.get(kind=VersionKind.FINAL)
    for text in (pdf_text(final), docx_text(final)):
        assert not any(word in text for word in NOT_IN_ANY_VERSION)
        assert_names_only_in_the_panel_annex(text, rnd, authors, annex_rows=1)
        assert "Desafíos:" in text and "Challenges" not in text
        assert "Ideas para recomendaciones" in text

    # The public portal: no author at all (it lists the panel's countries, not its people).
    client.logout()
    portal = client.get(reverse("portal:report", args=[rnd.code])).content.decode()
    assert not any(word in portal for word in NOT_IN_ANY_VERSION)
    assert not any(name in portal for name in authors)


# --- English -----------------------------------------------------------------------------------
def test_issue11_english_report_names_no_note_author_and_speaks_english_r5_3(
    client, cast, make_round, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    jamaica = f.InstitutionFactory(country=f.CountryFactory(code="JM"), name="Ministry of Labour")
    rnd = noted_round(make_round, cast, "publish", institution=jamaica)
    report = Report.objects.get(round=rnd)
    assert report.language == "en"
    authors = note_authors(rnd)
    findings = section(report, "findings")
    assert "Challenges:" in findings.body and "Desafíos" not in findings.body
    assert not any(name in findings.body for name in authors)

    focal_point = rnd.institution.people.get(role="focal_point")
    reads_english(focal_point)
    client.force_login(focal_point)
    preliminary = report.versions.get(kind=VersionKind.PRELIMINARY)
    html = client.get(reverse("reports:version", args=[rnd.code, preliminary.number])).content
    html = html.decode()
    assert not any(word in html for word in NOT_IN_ANY_VERSION)
    assert_names_only_in_the_panel_annex(html, rnd, authors, annex_rows=1)
    assert "Agenda of the technical visit" in html

    final = report.versions.get(kind=VersionKind.FINAL)
    for text in (pdf_text(final), docx_text(final)):
        assert not any(word in text for word in NOT_IN_ANY_VERSION)
        assert_names_only_in_the_panel_annex(text, rnd, authors, annex_rows=1)
        assert "Challenges:" in text and "Ideas for recommendations" in text
        assert not any(word in text for word in ("Desafíos", "Ideas para", "Hallazgos"))

    client.logout()
    portal = client.get(reverse("portal:report", args=[rnd.code])).content.decode()
    assert not any(name in portal for name in authors)


# --- The secretariat's choice ------------------------------------------------------------------
def test_issue11_authors_are_credited_only_when_the_secretariat_chooses_it(
    client, cast, make_round, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    rnd = noted_round(make_round, cast, "complete_visit")
    report = Report.objects.get(round=rnd)
    authors = sorted(note_authors(rnd))
    assert "credit" not in findings_of(snapshot.content(report))

    # The drafting page shows who wrote what, beside the text (the secretariat and the panel).
    client.force_login(cast.secretariat)
    html = client.get(reverse("reports:drafting", args=[rnd.code])).content.decode()
    provenance = re.search(r'id="provenance-findings".*?</details>', html, re.S).group(0)
    assert all(name in provenance for name in authors)
    assert 'id="note-authors"' in html

    response = client.post(reverse("reports:note_credit", args=[rnd.code]), {"credit": "on"})
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.credit_note_authors is True
    credit = findings_of(snapshot.content(report))["credit"]
    assert credit.startswith("Los hallazgos parten de las notas de la visita de ")
    assert all(name in credit for name in authors)
    preview = rendering.snapshot_preview(report, cast.secretariat)
    assert credit in pdf_text(preview).replace("\n", " ")

    # Unticked (no "credit" sent): nobody is named again.
    client.post(reverse("reports:note_credit", args=[rnd.code]), {})
    report.refresh_from_db()
    assert report.credit_note_authors is False
    assert "credit" not in findings_of(snapshot.content(report))


def test_issue11_the_credit_line_is_in_the_report_language():
    from django.utils import translation

    from reports.snapshot import credit_line

    names = ["Valentina Rojas", "Martín Sosa", "Elena Ramírez"]
    with translation.override("es"):
        assert credit_line(names) == (
            "Los hallazgos parten de las notas de la visita de Valentina Rojas, Martín Sosa y "
            "Elena Ramírez."
        )
    with translation.override("en"):
        assert (
            credit_line(names[:1]) == "The findings start from the visit notes of Valentina Rojas."
        )
    assert credit_line([]) == ""


# --- Demo data ---------------------------------------------------------------------------------
def test_issue11_demo_reports_carry_no_author_line(make_round):
    report = Report.objects.get(round=make_round("country_review"))
    for s in report.sections.all():
        assert not any(word in s.body for word in NOT_IN_ANY_VERSION)
    for c in Contribution.objects.filter(section__report=report):
        assert c.author.full_name not in c.body
