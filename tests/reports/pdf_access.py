"""The report PDF rows of the access matrix (tests/test_access.py): the PDF and DOCX of a
version, the working-draft preview and its status widget, on Guatemala's round in country review
(every role exists; Mexico declined its seat and is "anyone else"). The public final PDF of a
published round is checked in tests/reports/test_pdf.py."""

from django.core.files.base import ContentFile
from django.db.models import Max

from reports.enums import RenderStatus, VersionKind
from reports.models import Report, ReportVersion
from tests.access_table import (
    FORBIDDEN,
    LOGIN,
    NOT_ALLOWED,
    NOT_FOUND,
    OK,
    PDF,
    PostCase,
    row,
)

# fmt: off
#                      anon   S          C          F          T          E          I          O-F        O-T        O-E        former
_VERSIONS = row(       LOGIN, OK,        OK,        OK,        OK,        OK,        NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, LOGIN)
_DRAFTS = row(         LOGIN, OK,        OK,        FORBIDDEN, FORBIDDEN, OK,        NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, LOGIN)
_POST_ONLY = row(      LOGIN, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED, LOGIN)
# In review nobody renders working drafts (only the secretariat, while drafting).
_NOBODY_NOW = row(     LOGIN, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, LOGIN)

EXPECTED = {
    # The preliminary version sent to the country: the round's participants read it.
    "reports:version_pdf": _VERSIONS,
    "reports:version_docx": _VERSIONS,
    # A working draft: the secretariat and the panel only (the country reads sent versions).
    "reports:version_pdf#preview": _DRAFTS,
    "reports:pdf_status": _DRAFTS,
    "reports:preview_request": _POST_ONLY,
}
# fmt: on


def snapshot():
    return {
        "report_versions": list(
            ReportVersion.objects.order_by("pk").values_list(
                "pk", "kind", "render_status", "page_count", "pdf"
            )
        )
    }


def _version(w, kind):
    rnd = w.rounds["country_review"]
    report = Report.objects.get(round=rnd)
    number = None
    if kind != VersionKind.PREVIEW:
        number = (report.versions.aggregate(n=Max("number"))["n"] or 0) + 1
    version = ReportVersion(
        report=report,
        kind=kind,
        number=number,
        content={"title": report.title, "language": "es", "round": {"code": rnd.code}},
        render_status=RenderStatus.DONE,
        page_count=1,
    )
    version.pdf.save("access.pdf", ContentFile(PDF), save=False)
    version.save()
    return {"code": rnd.code, "pk": version.pk}


def _review_round(w, role):
    return {"code": w.rounds["country_review"].code}


KWARGS = {
    "reports:version_pdf": lambda w, role: _version(w, VersionKind.PRELIMINARY),
    "reports:version_docx": lambda w, role: _version(w, VersionKind.PRELIMINARY),
    "reports:version_pdf#preview": lambda w, role: _version(w, VersionKind.PREVIEW),
    "reports:pdf_status": _review_round,
    "reports:preview_request": _review_round,
}

POST_EXPECTED = {
    "reports:preview_request": PostCase(
        url="reports:preview_request",
        state="country_review",
        expected=_NOBODY_NOW,
        kwargs=lambda w, rnd: {"code": rnd.code},
    ),
}
