"""Shared builders of the publication and portal tests: a round whose report the country
approved (sections, recommendations, a final version frozen from them), a real signed PDF, the
public choice with its authorization, publication through the real transition."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from pypdf import PdfWriter

from reports import publication, snapshot
from reports.enums import Horizon, Priority, SectionKind, VersionKind
from reports.models import Recommendation, Report, ReportSection, ReportVersion
from rounds.services import transition_round

FINDINGS_WORD = "georreferenciación"


def pdf_bytes(pages=1):
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def signed_pdf(name="autorizacion-firmada.pdf", pages=1):
    return SimpleUploadedFile(name, pdf_bytes(pages), content_type="application/pdf")


def give_report(rnd, *, title=None, findings=None, recommendations=3, summary=None):
    """The report of ``rnd`` with three sections, ``recommendations`` items and (once approved)
    its final version, unless it has them already."""
    report = Report.objects.filter(round=rnd).first()
    if report is not None and report.title == rnd.title[:300]:
        # The demo preparers' report (ensure_report titles it as the round), written on the way
        # to approval: replaced, so the tests count and version what they build here.
        report.delete()
        report = None
    if report is None:
        report = Report.objects.create(round=rnd, title=title or f"Informe final: {rnd.title}")
    if not report.sections.exists():  # a demo preparer may have opened an empty report
        report.title = title or f"Informe final: {rnd.title}"
        report.summary = (
            summary
            if summary is not None
            else "La ronda revisó la focalización del programa y propone ajustes."
        )
        report.language = "es"
        report.save()
        bodies = {
            SectionKind.DESCRIPTION: "<p>Ronda de cooperación entre pares.</p>",
            SectionKind.FINDINGS: findings
            or f"<p>El registro usa <strong>{FINDINGS_WORD}</strong> de hogares rurales.</p>",
            SectionKind.COOPERATION: "<p>Intercambio con el registro social de Chile.</p>",
        }
        for position, (kind, body) in enumerate(bodies.items()):
            ReportSection.objects.create(
                report=report, kind=kind, title=str(kind.label), position=position, body=body
            )
        for i in range(recommendations):
            Recommendation.objects.create(
                report=report,
                position=i,
                text=f"Recomendación {i + 1}: actualizar el padrón cada dos años.",
                area="Registro social",
                priority=Priority.HIGH,
                responsible_institution="MIDES",
                horizon=Horizon.SHORT,
            )
    if (
        rnd.status in ("approved", "published", "closed_internal")
        and not report.versions.filter(kind=VersionKind.FINAL).exists()
    ):
        content = snapshot.content(report)
        ReportVersion.objects.create(
            report=report,
            kind=VersionKind.FINAL,
            number=2,
            content=content,
            content_hash=snapshot.content_hash(content),
        )
    return report


def approved_round(make_round, **fields):
    rnd = make_round("approved", **fields)
    give_report(rnd)
    return rnd


def authorize(rnd, focal_point, *, signed_by="Dra. Ana Ruiz, Ministra de Desarrollo Social"):
    publication.choose_publication(rnd, focal_point, "public")
    return publication.upload_authorization(
        rnd, focal_point, uploaded=signed_pdf(), signed_by=signed_by
    )


def publish(rnd, secretariat):
    return transition_round(rnd.pk, "publish", secretariat)


def published_round(make_round, cast, **fields):
    rnd = approved_round(make_round, **fields)
    hn = fields.get("institution") == cast.hn_institution
    authorize(rnd, cast.hn_focal_point if hn else cast.gt_focal_point)
    return publish(rnd, cast.secretariat)
