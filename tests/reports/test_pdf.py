"""The report's PDF (reports/rendering.py): rendering through the task, the 20-page budget
(R5.1) on ``send_for_review``, working-draft previews, the effects that render frozen versions,
fetching limited to our static files, the DOCX export and the downloads."""

import http.server
import io
import re
import threading
from pathlib import Path

import docx
import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pypdf import PdfReader

from reports import rendering
from reports.enums import PAGE_BUDGET, RenderStatus, SectionKind, VersionKind
from reports.models import ReportVersion
from reports.snapshot import content, content_hash
from reports.tasks import render_version
from rounds.guards import blockers, run_effects
from rounds.services import Blocked, transition_round
from tests.reports.conftest import reads_english
from tests.reports.pdf_support import fill_report, paragraphs, sample_content, set_extra_paragraphs

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def drafting(make_round):
    """Guatemala's round in report drafting with the demo report written (Spanish)."""
    rnd = make_round("report_drafting")
    return rnd, fill_report(rnd, "es")


def frozen(report, kind=VersionKind.PRELIMINARY, number=1):
    """A version as the drafting code's transition effect freezes it (pending PDF)."""
    data = content(report)
    return ReportVersion.objects.create(
        report=report, kind=kind, number=number, content=data, content_hash=content_hash(data)
    )


def pages_in(version):
    with version.pdf.open("rb") as handle:
        return len(PdfReader(handle).pages)


# --- Rendering ----------------------------------------------------------------------------------
def test_render_version_task_stores_the_pdf_with_its_page_count(drafting):
    _rnd, report = drafting
    version = frozen(report, number=2)

    assert render_version.delay(version.pk).get() == RenderStatus.DONE

    version.refresh_from_db()
    assert version.render_status == RenderStatus.DONE
    assert version.render_error == ""
    assert version.page_count == pages_in(version) >= 3  # cover, contents, text
    assert version.rendered_at is not None
    assert 0 < version.render_seconds < 30
    assert Path(version.pdf.name).name.startswith(f"{report.round.code}-v2-preliminar")
    text = "\n".join(page.extract_text() for page in PdfReader(version.pdf.open("rb")).pages)
    assert "Red Interamericana de Protección Social / Inter-American Social Protection Network" in (
        text.replace("\n", " ")
    )
    assert report.round.code in text
    assert "Hallazgos del intercambio entre pares" in text
    assert "Actualizar la ficha socioeconómica" in text  # the recommendations table
    assert f"Página 3 de {version.page_count}" in text  # the footer counts the pages (in Spanish)


def test_render_version_task_leaves_a_rendered_or_deleted_version_alone(drafting):
    _rnd, report = drafting
    version = frozen(report)
    rendering.render(version)
    rendered_at = ReportVersion.objects.get(pk=version.pk).rendered_at

    assert render_version.delay(version.pk).get() is None  # delivered twice: rendered once
    assert ReportVersion.objects.get(pk=version.pk).rendered_at == rendered_at
    assert render_version.delay(987654).get() is None  # a preview replaced in the meantime


def test_render_failure_is_kept_on_the_version_with_a_message_for_people(drafting, settings):
    _rnd, report = drafting
    version = frozen(report)
    not_a_directory = Path(settings.MEDIA_ROOT).parent / "a-file"
    not_a_directory.write_text("x")
    settings.MEDIA_ROOT = not_a_directory  # the file cannot be stored

    render_version.delay(version.pk)

    version.refresh_from_db()
    assert version.render_status == RenderStatus.FAILED
    assert version.render_error.startswith("The PDF could not be produced. Render it again")
    assert "Errno" not in version.render_error and not version.pdf


def test_pdf_is_in_the_reports_language_with_running_header_and_table_of_contents():
    english = rendering.pdf_bytes(sample_content("en"), VersionKind.FINAL, 3)
    reader = PdfReader(io.BytesIO(english))
    cover, toc, first = (reader.pages[i].extract_text() for i in range(3))
    assert "FINAL REPORT · VERSION 3" in cover  # small capitals on the cover
    assert "Guatemala" in cover and "RIPSO-2026-003" in cover
    assert "Contents" in toc
    # target-counter: the table of contents gives the page each chapter starts on.
    assert re.search(r"1\. Brief description of the round \.+ 3\n", toc)
    assert re.search(r"6\. Annexes \.+ 8\n", toc)
    assert "FINAL · RIPSO-2026-003" in first
    draft = PdfReader(io.BytesIO(rendering.pdf_bytes(sample_content("en"), VersionKind.PREVIEW)))
    assert "WORKING DRAFT · RIPSO-2026-003" in draft.pages[2].extract_text()
    assert "NOT FOR CIRCULATION" in draft.pages[0].extract_text()


# --- Fetching: our static files only -------------------------------------------------------------
class _Recorder(http.server.BaseHTTPRequestHandler):
    requests = []

    def do_GET(self):
        self.requests.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "image/png")
        self.end_headers()

    def log_message(self, *args):
        pass


def test_url_fetcher_refuses_external_and_local_files_outside_static(tmp_path):
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Recorder)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    secret = tmp_path / "secret.css"
    secret.write_text("body { background: red; }")
    external = f"http://127.0.0.1:{server.server_port}/tracker.png"
    data = sample_content("es")
    data["sections"][0]["body"] += (
        f'<p><img src="{external}"><img src="https://example.org/logo.png">'
        f'<img src="file://{secret}"><img src="../../../../etc/passwd">'
        f'<link rel="stylesheet" href="file://{secret}"></p>'
    )
    fetcher = rendering.static_only_fetcher()
    try:
        pdf = rendering.pdf_bytes(data, VersionKind.PRELIMINARY, 1, fetcher=fetcher)
    finally:
        server.shutdown()

    assert rendering.count_pages(pdf) >= 3  # rendered, without the refused resources
    assert _Recorder.requests == []  # nothing reached the server
    assert external in fetcher.refused
    assert "https://example.org/logo.png" in fetcher.refused
    assert f"file://{secret}" in fetcher.refused
    assert any(url.endswith("/etc/passwd") for url in fetcher.refused)
    static = Path(settings.STATICFILES_DIRS[0]).resolve().as_uri()
    assert fetcher.fetched == [f"{static}/img/logo.svg"]


# --- The 20-page budget (R5.1) --------------------------------------------------------------------
_MEASURED = {}


def paragraphs_for_21_pages(report):
    """The fewest filler paragraphs in the findings that make the report 21 pages, measured with
    the real renderer's layout (a linear estimate, then bisection); one fewer makes 20."""
    from weasyprint import HTML

    base = content(report)
    key = content_hash(base)
    if key in _MEASURED:
        return _MEASURED[key]
    findings = next(i for i, s in enumerate(base["sections"]) if s["kind"] == "findings")
    text = base["sections"][findings]["body"]

    def pages(n):
        base["sections"][findings]["body"] = text + paragraphs(n)
        html = rendering.html_for(base, VersionKind.PREVIEW)
        fetcher = rendering.static_only_fetcher()
        return len(
            HTML(string=html, base_url=rendering.static_base_url(), url_fetcher=fetcher)
            .render()
            .pages
        )

    target = PAGE_BUDGET + 1
    sample = 40
    per_paragraph = (pages(sample) - pages(0)) / sample
    guess = max(1, round(sample + (target - pages(sample)) / per_paragraph))
    low, high = max(0, guess - 4), guess + 4  # want pages(low) < target <= pages(high)
    while pages(low) >= target:
        low, high = max(0, low - 8), low
    while pages(high) < target:
        low, high = high, high + 8
    while high - low > 1:
        middle = (low + high) // 2
        if pages(middle) >= target:
            high = middle
        else:
            low = middle
    _MEASURED[key] = high
    return high


def render_preview(report, user, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        version = rendering.request_preview(report, user)
    version.refresh_from_db()
    return version


@pytest.mark.slow
def test_r5_1_report_of_21_rendered_pages_is_refused_by_send_for_review(
    drafting, cast, django_capture_on_commit_callbacks
):
    rnd, report = drafting
    set_extra_paragraphs(report, paragraphs_for_21_pages(report))

    preview = render_preview(report, cast.secretariat, django_capture_on_commit_callbacks)

    assert (preview.render_status, preview.page_count, pages_in(preview)) == ("done", 21, 21)
    assert blockers(rnd, "send_for_review") == ["The report has 21 pages: at most 20 (R5.1)."]
    with pytest.raises(Blocked) as refused:
        transition_round(rnd.pk, "send_for_review", cast.secretariat)
    assert "The report has 21 pages: at most 20 (R5.1)." in refused.value.details
    rnd.refresh_from_db()
    assert rnd.status == "report_drafting"


@pytest.mark.slow
def test_r5_1_report_of_20_rendered_pages_is_accepted_by_send_for_review(
    drafting, cast, django_capture_on_commit_callbacks
):
    rnd, report = drafting
    set_extra_paragraphs(report, paragraphs_for_21_pages(report) - 1)

    preview = render_preview(report, cast.secretariat, django_capture_on_commit_callbacks)

    assert (preview.render_status, preview.page_count, pages_in(preview)) == ("done", 20, 20)
    assert blockers(rnd, "send_for_review") == []
    with django_capture_on_commit_callbacks(execute=True):
        rnd = transition_round(rnd.pk, "send_for_review", cast.secretariat)
    assert rnd.status == "country_review"


def test_r5_1_send_for_review_asks_to_render_the_working_draft_first(drafting):
    rnd, _report = drafting
    assert "Render the working draft to count its pages (R5.1)." in blockers(rnd, "send_for_review")


def test_r5_1_a_preview_of_an_older_text_does_not_count(
    drafting, cast, django_capture_on_commit_callbacks
):
    rnd, report = drafting
    preview = render_preview(report, cast.secretariat, django_capture_on_commit_callbacks)
    assert rendering.budget(report).is_current
    assert blockers(rnd, "send_for_review") == []

    report.sections.filter(kind=SectionKind.COOPERATION).update(body="<p>Texto nuevo.</p>")

    budget = rendering.budget(report)
    assert (budget.preview, budget.pages, budget.is_current) == (preview, preview.page_count, False)
    assert blockers(rnd, "send_for_review") == [
        "Render the working draft to count its pages (R5.1)."
    ]


def test_r5_1_a_preview_still_rendering_says_to_wait(drafting, cast):
    rnd, report = drafting
    rendering.snapshot_preview(report, cast.secretariat)  # queued, not rendered yet
    assert blockers(rnd, "send_for_review") == [
        "Wait until the working draft is rendered: its pages are being counted."
    ]


# --- Previews -------------------------------------------------------------------------------------
def test_request_preview_replaces_the_older_preview_and_its_file(
    drafting, cast, django_capture_on_commit_callbacks
):
    rnd, report = drafting
    first = render_preview(report, cast.secretariat, django_capture_on_commit_callbacks)
    old_file = Path(first.pdf.path)
    assert old_file.exists()

    second = render_preview(report, cast.secretariat, django_capture_on_commit_callbacks)

    assert list(report.versions.values_list("pk", "kind")) == [(second.pk, "preview")]
    files = sorted(p for p in old_file.parent.iterdir())
    assert files == [Path(second.pdf.path)]  # one file: the older one was deleted
    assert second.content_hash == content_hash(content(report))
    assert rnd.events.filter(action="reports.preview.requested").count() == 2


def test_request_preview_is_refused_once_the_report_left_drafting(make_round, cast):
    rnd = make_round("country_review")
    report = rnd.report
    with pytest.raises(rendering.RenderRefused):
        rendering.request_preview(report, cast.secretariat)


# --- Effects of the transitions ------------------------------------------------------------------
def test_send_for_review_effect_renders_the_frozen_pending_versions(
    drafting, cast, django_capture_on_commit_callbacks
):
    rnd, report = drafting
    done = frozen(report, number=1)
    rendering.render(done)
    done_at = ReportVersion.objects.get(pk=done.pk).rendered_at
    waiting = frozen(report, number=2)

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        run_effects(rnd, "send_for_review", cast.secretariat, "")
    assert len(callbacks) == 1

    waiting.refresh_from_db()
    assert (waiting.render_status, waiting.page_count) == ("done", pages_in(waiting))
    assert ReportVersion.objects.get(pk=done.pk).rendered_at == done_at  # not rendered again


def test_approve_renders_the_final_version_after_the_transition_commits(
    make_round, cast, django_capture_on_commit_callbacks
):
    rnd = make_round("country_review")
    report = fill_report(rnd, "en")
    final = frozen(report, kind=VersionKind.FINAL, number=9)  # what the drafting effect freezes

    with django_capture_on_commit_callbacks(execute=True):
        rnd = transition_round(rnd.pk, "approve", cast.gt_focal_point)

    final.refresh_from_db()
    assert rnd.status == "approved"
    assert (final.render_status, final.page_count) == ("done", pages_in(final))
    assert Path(final.pdf.name).name.startswith(f"{rnd.code}-v9-final")


# --- Downloads -----------------------------------------------------------------------------------
def test_version_pdf_download_has_a_readable_file_name(client, drafting, cast):
    rnd, report = drafting
    version = rendering.render(frozen(report, number=2))
    client.force_login(cast.secretariat)

    response = client.get(reverse("reports:version_pdf", args=[rnd.code, version.pk]))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert f'filename="{rnd.code}-v2-preliminar.pdf"' in response["Content-Disposition"]
    body = b"".join(response.streaming_content)
    assert len(PdfReader(io.BytesIO(body)).pages) == version.page_count


def test_version_pdf_not_rendered_yet_sends_back_with_a_message(client, drafting, cast):
    rnd, report = drafting
    version = frozen(report)
    client.force_login(cast.secretariat)
    response = client.get(reverse("reports:version_pdf", args=[rnd.code, version.pk]), follow=False)
    assert response.status_code == 302
    assert response["Location"] == rnd.get_absolute_url()


def test_final_pdf_of_a_published_round_is_public_and_nothing_else_is(client, make_round):
    rnd = make_round("published")
    report = fill_report(rnd, "es")
    final = rendering.render(frozen(report, kind=VersionKind.FINAL, number=4))
    preliminary = rendering.render(frozen(report, kind=VersionKind.PRELIMINARY, number=3))

    response = client.get(reverse("reports:version_pdf", args=[rnd.code, final.pk]))
    assert response.status_code == 200
    assert f'filename="{rnd.code}-v4-final.pdf"' in response["Content-Disposition"]
    b"".join(response.streaming_content)

    for url in (
        reverse("reports:version_pdf", args=[rnd.code, preliminary.pk]),
        reverse("reports:version_docx", args=[rnd.code, final.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))


def test_version_docx_opens_in_word_with_headings_lists_tables_and_recommendations(
    client, drafting, cast
):
    rnd, report = drafting
    version = frozen(report, number=1)
    client.force_login(cast.expert_cl)

    response = client.get(reverse("reports:version_docx", args=[rnd.code, version.pk]))

    assert response.status_code == 200
    assert f'filename="{rnd.code}-v1-preliminar.docx"' in response["Content-Disposition"]
    document = docx.Document(io.BytesIO(response.content))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert headings[:6] == [
        "Resumen",
        "1. Breve descripción de la ronda",
        "Metodología",
        "2. Estado de la iniciativa",
        "3. Hallazgos del intercambio entre pares",
        "Focalización",
    ]
    bullets = [p.text for p in document.paragraphs if p.style.name == "List Bullet"]
    assert "Cuestionario técnico previo, respondido por el equipo del programa." in bullets
    numbered = [p.text for p in document.paragraphs if p.style.name == "List Number"]
    assert numbered[0] == "No hay un tablero de indicadores compartido entre las direcciones."
    bold = [r.text for p in document.paragraphs for r in p.runs if r.bold]
    assert "Ministerio de Desarrollo Social (MIDES)" in bold
    recommendations = next(t for t in document.tables if len(t.columns) == 6)
    assert len(recommendations.rows) == 1 + 8
    assert recommendations.rows[1].cells[3].text == "Alta"  # in the report's language
    assert recommendations.rows[1].cells[4].text == "Dirección de Focalización, MIDES"
    coverage = document.tables[0]
    assert [c.text for c in coverage.rows[1].cells] == ["2022", "141.300", "72", "610"]


# --- The page-budget widget ------------------------------------------------------------------------
def test_preview_request_view_queues_the_rendering_and_answers_the_widget(
    client, drafting, cast, django_capture_on_commit_callbacks
):
    rnd, report = drafting
    reads_english(cast.secretariat)
    client.force_login(cast.secretariat)
    url = reverse("reports:preview_request", args=[rnd.code])

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post(url, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Waiting to render the working draft" in html
    assert 'hx-trigger="every 2s"' in html  # polls while pending
    assert len(callbacks) == 1  # rendering queued on commit, not done in the request
    preview = report.versions.get(kind=VersionKind.PREVIEW)
    assert preview.render_status == RenderStatus.PENDING

    callbacks[0]()  # the transaction committed: eager Celery renders now
    response = client.get(reverse("reports:pdf_status", args=[rnd.code]))
    html = response.content.decode()
    preview.refresh_from_db()
    assert f"<strong>{preview.page_count}</strong> of 20 pages" in html
    assert "hx-trigger" not in html  # polling stops
    assert "Up to date" in html
    assert reverse("reports:version_pdf", args=[rnd.code, preview.pk]) in html


def test_pdf_status_widget_over_budget_says_what_to_do(drafting, client, cast):
    rnd, report = drafting
    preview = rendering.snapshot_preview(report, cast.secretariat)
    ReportVersion.objects.filter(pk=preview.pk).update(
        render_status=RenderStatus.DONE, page_count=23
    )
    reads_english(cast.expert_cl)
    client.force_login(cast.expert_cl)
    html = client.get(reverse("reports:pdf_status", args=[rnd.code])).content.decode()
    assert "<strong>23</strong> of 20 pages" in html
    assert "pdf-budget-over" in html
    assert "3 pages over the limit: shorten the text" in html
    assert "Render again" not in html  # experts read; the secretariat renders

    report.sections.filter(kind=SectionKind.COOPERATION).update(body="<p>Otro texto.</p>")
    html = client.get(reverse("reports:pdf_status", args=[rnd.code])).content.decode()
    assert "The text changed since this rendering: render again" in html


def test_preview_request_without_htmx_goes_back_to_the_page_it_came_from(client, drafting, cast):
    rnd, _report = drafting
    client.force_login(cast.secretariat)
    url = reverse("reports:preview_request", args=[rnd.code])
    response = client.post(url, {"next": "/rounds/x/report/"})
    assert response["Location"] == "/rounds/x/report/"
    response = client.post(url, {"next": "https://elsewhere.example/"})
    assert response["Location"] == rnd.get_absolute_url()


@pytest.mark.parametrize("rows", [1, 12])
def test_pdf_status_widget_query_count(client, drafting, cast, rows):
    rnd, report = drafting
    report.recommendations.filter(position__gte=rows).delete()
    preview = rendering.snapshot_preview(report, cast.secretariat)
    ReportVersion.objects.filter(pk=preview.pk).update(
        render_status=RenderStatus.DONE, page_count=9
    )
    if rows > 1:
        for i in range(rows):
            report.recommendations.create(text=f"Recomendación adicional {i}", position=20 + i)
    client.force_login(cast.secretariat)
    url = reverse("reports:pdf_status", args=[rnd.code])
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    # The same for 1 and many recommendations (the current text is hashed, annexes included).
    assert len(queries) == 15, [q["sql"] for q in queries]
