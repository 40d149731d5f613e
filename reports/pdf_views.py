"""The PDF and DOCX of a report version, and the working-draft preview (R5.1) with its progress
widget. Thin: the work is in ``reports.rendering``; access in ``reports.rules``.

Access: a preview (working draft) needs ``reports.view_draft``; a preliminary or final version
``reports.view_versions``; the final version of a published round is public (the portal links to
it). Anyone else gets 404 (403 for participants lacking the permission, as everywhere).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from rounds.enums import RoundState
from rounds.services import RoundError
from rounds.views import get_round_for

from . import rendering
from .enums import RenderStatus, VersionKind
from .models import Report, ReportVersion

PERM_FOR_KIND = {
    VersionKind.PREVIEW: "reports.view_draft",
    VersionKind.PRELIMINARY: "reports.view_versions",
    VersionKind.FINAL: "reports.view_versions",
}


def _public_version(code, pk):
    """The final version of a published round: anyone may read it."""
    return (
        ReportVersion.objects.select_related("report__round")
        .filter(
            pk=pk,
            kind=VersionKind.FINAL,
            report__round__code=code,
            report__round__status=RoundState.PUBLISHED,
        )
        .first()
    )


def _version_for(request, code, pk):
    user = request.user
    rnd = get_round_for(user, code)  # 404 for anyone not on the round
    version = (
        ReportVersion.objects.select_related("report__round")
        .filter(pk=pk, report__round=rnd)
        .first()
    )
    if version is None:
        raise Http404
    if not user.has_perm(PERM_FOR_KIND[version.kind], rnd):
        raise PermissionDenied
    return version


def _not_ready(request, version):
    if version.render_status == RenderStatus.FAILED:
        messages.error(request, version.render_error)
    else:
        messages.info(request, _("The PDF is being rendered: try again in a few seconds."))
    return redirect(version.report.round.get_absolute_url())


@require_GET
def version_pdf(request, code, pk):
    version = _public_version(code, pk)
    if version is None:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        version = _version_for(request, code, pk)
    if version.render_status != RenderStatus.DONE or not version.pdf:
        if not request.user.is_authenticated:
            raise Http404
        return _not_ready(request, version)
    response = FileResponse(
        version.pdf.open("rb"),
        filename=rendering.filename(version, "pdf"),
        content_type="application/pdf",
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_GET
def version_docx(request, code, pk):
    version = _version_for(request, code, pk)
    response = HttpResponse(
        rendering.docx_bytes(version),
        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )
    response["Content-Disposition"] = (
        f'attachment; filename="{rendering.filename(version, "docx")}"'
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _widget(request, rnd, report):
    return render(request, "reports/_pdf_status.html", status_context(request.user, rnd, report))


def status_context(user, rnd, report):
    """The context of ``reports/_pdf_status.html`` (also used by the ``pdf_status`` tag)."""
    return {
        "round": rnd,
        "report": report,
        "budget": rendering.budget(report),
        "can_render": user.has_perm("reports.edit_report", rnd) and report is not None,
    }


@login_required
@require_GET
def pdf_status(request, code):
    """The page-budget widget (htmx polls it every 2 s while the draft renders)."""
    rnd = get_round_for(request.user, code, perm="reports.view_draft")
    report = Report.objects.filter(round=rnd).first()
    return _widget(request, rnd, report)


@login_required
@require_POST
def preview_request(request, code):
    """Render the working draft now (through the worker) to count its pages (R5.1)."""
    rnd = get_round_for(request.user, code, perm="reports.edit_report")
    report = Report.objects.filter(round=rnd).first()
    if report is None:
        raise Http404
    try:
        rendering.request_preview(report, request.user)
    except RoundError as exc:
        messages.warning(request, exc.message)
    if request.headers.get("HX-Request"):
        return _widget(request, rnd, report)
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = rnd.get_absolute_url()
    return redirect(target)
