"""The report's pages while it is drafted and reviewed: the drafting page (sections, the panel's
contributions, recommendations), the versions, their comparison and the reading page on which
the country comments and decides. Thin glue: the rules are in ``reports.services``; access in
``reports.rules`` (outsiders 404 through ``get_round_for``, participants without the
permission 403)."""

from datetime import datetime, time

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from ripso import autosave
from ripso.dates import refusal
from rounds import guards as round_guards
from rounds.services import available_actions
from rounds.views import get_round_for

from . import diff, services, snapshot
from .enums import SectionKind, VersionKind
from .forms import (
    AssignForm,
    CommentForm,
    CompareForm,
    ContributionForm,
    CreditForm,
    DeadlineForm,
    RecommendationForm,
    SectionForm,
)
from .models import Contribution, Report, ReviewComment


def _report(rnd):
    report = Report.objects.filter(round=rnd).first()
    if report is not None:
        report.round = rnd  # one instance: the rules' seat cache is shared
    return report


def _report_or_404(rnd):
    report = _report(rnd)
    if report is None:
        raise Http404
    return report


def _back(rnd, anchor=""):
    response = redirect("reports:drafting", code=rnd.code)
    if anchor:
        response["Location"] += f"#{anchor}"
    return response


def _end_of_day(day):
    if day is None:
        return None
    return timezone.make_aware(datetime.combine(day, time(23, 59)))


# --- Entry --------------------------------------------------------------------------------------
@login_required
def report(request, code):
    """The round's report for whoever opens it: the drafting page for the secretariat and the
    panel, the version under review (or the final one) for the country."""
    user = request.user
    rnd = get_round_for(user, code)
    if user.has_perm("reports.view_draft", rnd):
        return redirect("reports:drafting", code=rnd.code)
    if user.has_perm("reports.view_versions", rnd):
        report = _report_or_404(rnd)
        latest = report.versions.exclude(kind=VersionKind.PREVIEW).order_by("-number").first()
        if latest is None:
            raise Http404
        return redirect("reports:version", code=rnd.code, number=latest.number)
    raise PermissionDenied


# --- The drafting page --------------------------------------------------------------------------
def _sections(report):
    contributions = Contribution.objects.select_related("author").order_by("assigned_at", "pk")
    return list(
        report.sections.select_related("updated_by")
        .prefetch_related(Prefetch("contributions", queryset=contributions))
        .order_by("position", "pk")
    )


def _country_comments(report):
    return list(
        ReviewComment.objects.filter(version__report=report)
        .select_related("author", "version", "resolved_by")
        .order_by("resolved_at", "-created_at", "-pk")
    )


def render_drafting(request, rnd, *, overrides=None, rec_form=None, status=200):
    """The drafting page. ``overrides`` maps ``"section-<pk>"``/``"contribution-<pk>"`` to
    ``{"form": bound-like form, "conflict": message, "latest": row}`` (a refused save keeps
    what was typed)."""
    user = request.user
    overrides = overrides or {}
    report = _report(rnd)
    can_edit = user.has_perm("reports.edit_report", rnd)
    context = {"round": rnd, "report": report, "can_edit": can_edit}
    if report is None:
        return render(request, "reports/drafting.html", context, status=status)
    can_contribute = user.has_perm("reports.contribute", rnd)
    members = list(services.panel_members(rnd)) if can_edit else []
    comments = _country_comments(report)
    sections = _sections(report)
    for section in sections:
        key = f"section-{section.pk}"
        section.key = key
        section.comments = [c for c in comments if c.section_kind == section.kind]
        section.open_comments = sum(1 for c in section.comments if not c.resolved_at)
        section.note_authors = snapshot.note_authors(report, [section])
        if can_edit:
            override = overrides.get(key, {})
            section.form = override.get("form") or SectionForm(
                initial={"body": section.body, "version": section.version}
            )
            section.form.auto_id = f"id_{key}_%s"
            section.conflict = override.get("conflict")
            section.latest = override.get("latest")
            section.assign_form = AssignForm(members=members, auto_id=f"id_assign{section.pk}_%s")
        for contribution in section.contributions.all():
            contribution.key = f"contribution-{contribution.pk}"
            contribution.mine = contribution.author_id == user.pk
            if contribution.mine and can_contribute:
                override = overrides.get(contribution.key, {})
                contribution.form = override.get("form") or ContributionForm(
                    initial={"body": contribution.body, "version": contribution.version}
                )
                contribution.form.auto_id = f"id_{contribution.key}_%s"
                contribution.conflict = override.get("conflict")
                contribution.latest = override.get("latest")
        section.mine = [c for c in section.contributions.all() if c.mine]
        section.others = [c for c in section.contributions.all() if not hasattr(c, "form")]
    recommendations = list(report.recommendations.order_by("position", "pk"))
    preview = (
        report.versions.filter(kind=VersionKind.PREVIEW).order_by("-created_at", "-pk").first()
    )
    actions = {a["spec"].name: a for a in available_actions(rnd, user)}
    context.update(
        sections=sections,
        recommendations=recommendations,
        rec_form=rec_form or (RecommendationForm() if can_edit else None),
        can_contribute=can_contribute,
        general_comments=[c for c in comments if not c.section_kind],
        open_comment_count=sum(1 for c in comments if not c.resolved_at),
        can_resolve=user.is_secretariat,
        preview=preview,
        send_action=actions.get("send_for_review"),
        blockers=round_guards.blockers(rnd, "send_for_review") if can_edit else [],
        deadline_form=DeadlineForm(
            initial={
                "deadline": timezone.localdate(report.review_deadline)
                if report.review_deadline
                else None
            }
        )
        if user.is_secretariat
        else None,
        has_versions=any(True for _v in report.versions.filter(number__isnull=False)[:1]),
        note_authors=snapshot.note_authors(report, sections),
        credit_form=CreditForm(initial={"credit": report.credit_note_authors})
        if can_edit
        else None,
    )
    return render(request, "reports/drafting.html", context, status=status)


@login_required
def drafting(request, code):
    rnd = get_round_for(request.user, code, "reports.view_draft")
    return render_drafting(request, rnd)


@login_required
@require_POST
def start(request, code):
    rnd = get_round_for(request.user, code, "reports.edit_report")
    services.ensure_report(rnd, request.user, findings=services.collect_findings(rnd))
    messages.success(request, _("The report is ready to be drafted."))
    return _back(rnd)


def _autosave_response(request, rnd, *, key, form_class, save, row_name):
    """Shared by the master text and the contributions: htmx autosave (a status partial back)
    or a plain "Save" (the page again, or the drafting page with the conflict, 409)."""
    htmx = bool(request.headers.get("HX-Request"))
    form = form_class(request.POST)
    context = {"key": key}
    if not form.is_valid():
        context["error"] = _("This text could not be read: reload the page.")
    else:
        mine = form.cleaned_data["body"]
        try:
            saved = save(mine, form.cleaned_data["version"])
        except services.Conflict as exc:
            latest = exc.latest
            context.update(conflict=exc.message, latest=latest)
            if htmx:
                # R5.1: both texts side by side; nothing more is saved until the person chooses.
                return autosave.conflict_response(
                    request,
                    message=exc.message,
                    form_id=f"form-{key}",
                    version=latest.version,
                    version_input=f"id_{key}_version",
                    rows=[
                        autosave.row(
                            f"id_{key}_body",
                            mine=services.html.clean(mine),
                            theirs=latest.body,
                            html=True,
                        )
                    ],
                    saved_by=latest.updated_by.full_name if latest.updated_by else None,
                    saved_at=latest.updated_at,
                )
            if not htmx:
                # The page again, the person's text in the box, theirs shown above it; saving
                # again (with the latest version) replaces theirs deliberately.
                kept = form_class(initial={"body": services.html.clean(mine),
                                           "version": latest.version})  # fmt: skip
                overrides = {key: {"form": kept, "conflict": exc.message, "latest": latest}}
                return render_drafting(request, rnd, overrides=overrides, status=409)
        except services.ReportError as exc:
            context["error"] = exc.message
        else:
            context["saved"] = saved
            context["ready"] = getattr(saved, "submitted_at", None)
            context["row_name"] = row_name
    if htmx:
        # htmx swaps only 2xx answers by default: the status partial says what happened.
        return render(request, "reports/_save_status.html", context)
    if "saved" in context:
        messages.success(request, _("Saved."))
    else:
        messages.warning(request, context["error"])
    return _back(rnd, key)


@login_required
@require_POST
def section_save(request, code, kind):
    rnd = get_round_for(request.user, code, "reports.edit_report")
    report = _report_or_404(rnd)
    section = get_object_or_404(report.sections, kind=kind)
    return _autosave_response(
        request, rnd, key=f"section-{section.pk}", form_class=SectionForm, row_name="section",
        save=lambda body, version: services.save_section(section, request.user, body, version),
    )  # fmt: skip


@login_required
@require_POST
def assign(request, code, kind):
    rnd = get_round_for(request.user, code, "reports.edit_report")
    report = _report_or_404(rnd)
    section = get_object_or_404(report.sections, kind=kind)
    members = list(services.panel_members(rnd))
    form = AssignForm(request.POST, members=members)
    if not form.is_valid():
        messages.warning(request, refusal(form, "due_at", _("Choose a member of the panel.")))
        return _back(rnd, f"section-{kind}")
    author = next(m for m in members if str(m.pk) == form.cleaned_data["author"])
    try:
        services.assign_section(
            section, request.user, author, due_at=_end_of_day(form.cleaned_data["due_at"])
        )
    except services.ReportError as exc:
        messages.warning(request, exc.message)
    else:
        messages.success(
            request,
            _("%(name)s is asked for a contribution to “%(section)s” and was told by e-mail.")
            % {"name": author.full_name, "section": section.title},
        )
    return _back(rnd, f"section-{kind}")


def _contribution(user, code, pk, perm):
    rnd = get_round_for(user, code, perm)
    report = _report_or_404(rnd)
    contribution = get_object_or_404(
        Contribution.objects.select_related("section", "author"), pk=pk, section__report=report
    )
    return rnd, contribution


@login_required
@require_POST
def contribution_save(request, code, pk):
    rnd, contribution = _contribution(request.user, code, pk, "reports.contribute")
    if contribution.author_id != request.user.pk:
        raise PermissionDenied
    ready = {"1": True, "0": False}.get(request.POST.get("ready", ""))
    return _autosave_response(
        request, rnd, key=f"contribution-{contribution.pk}", form_class=ContributionForm,
        row_name="contribution",
        save=lambda body, version: services.save_contribution(
            contribution, request.user, body, version, ready=ready
        ),
    )  # fmt: skip


@login_required
@require_POST
def contribution_adopt(request, code, pk):
    rnd, contribution = _contribution(request.user, code, pk, "reports.edit_report")
    try:
        services.adopt_contribution(contribution, request.user)
    except services.ReportError as exc:
        messages.warning(request, exc.message)
    else:
        messages.success(
            request,
            _("%(name)s's contribution was added at the end of the section's text: edit it there.")
            % {"name": contribution.author.full_name},
        )
    return _back(rnd, f"section-{contribution.section.kind}")


@login_required
@require_POST
def contribution_remove(request, code, pk):
    rnd, contribution = _contribution(request.user, code, pk, "reports.edit_report")
    services.remove_contribution(contribution, request.user)
    messages.success(request, _("The assignment was withdrawn."))
    return _back(rnd, f"section-{contribution.section.kind}")


# --- Recommendations ----------------------------------------------------------------------------
def _rec_data(form):
    return {f: form.cleaned_data[f] for f in services.REC_FIELDS}


@login_required
@require_POST
def recommendation_add(request, code):
    rnd = get_round_for(request.user, code, "reports.edit_report")
    report = _report_or_404(rnd)
    form = RecommendationForm(request.POST)
    if form.is_valid():
        try:
            rec = services.add_recommendation(report, request.user, **_rec_data(form))
        except services.ReportError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Recommendation added."))
            return _back(rnd, f"recommendation-{rec.pk}")
    return render_drafting(request, rnd, rec_form=form, status=400)


def _recommendation(user, code, pk):
    rnd = get_round_for(user, code, "reports.edit_report")
    report = _report_or_404(rnd)
    return rnd, get_object_or_404(report.recommendations, pk=pk)


@login_required
@require_http_methods(["GET", "POST"])
def recommendation_edit(request, code, pk):
    rnd, rec = _recommendation(request.user, code, pk)
    latest, status = None, 200
    if request.method == "POST":
        form = RecommendationForm(request.POST)
        if form.is_valid():
            try:
                services.update_recommendation(
                    rec, request.user, form.cleaned_data["version"], **_rec_data(form)
                )
            except services.Conflict as exc:
                latest = exc.latest
                form.add_error(None, exc.message)
                # What was typed stays; saving again (now from the latest version) replaces it.
                data = request.POST.copy()
                data["version"] = str(latest.version)
                form = RecommendationForm(data)
                form.is_valid()
                form.add_error(None, exc.message)
                status = 409
            except services.ReportError as exc:
                form.add_error(None, exc.message)
                status = 400
            else:
                messages.success(request, _("Recommendation saved."))
                return _back(rnd, f"recommendation-{rec.pk}")
        else:
            status = 400
    else:
        form = RecommendationForm(
            initial={f: getattr(rec, f) for f in services.REC_FIELDS} | {"version": rec.version}
        )
    return render(
        request,
        "reports/recommendation_form.html",
        {"round": rnd, "rec": rec, "form": form, "latest": latest},
        status=status,
    )


@login_required
@require_POST
def recommendation_move(request, code, pk):
    rnd, rec = _recommendation(request.user, code, pk)
    direction = "up" if request.POST.get("direction") == "up" else "down"
    services.move_recommendation(rec, request.user, direction)
    return _back(rnd, f"recommendation-{rec.pk}")


@login_required
@require_POST
def recommendation_delete(request, code, pk):
    rnd, rec = _recommendation(request.user, code, pk)
    services.delete_recommendation(rec, request.user)
    messages.success(request, _("Recommendation deleted."))
    return _back(rnd, "recommendations")


@login_required
@require_POST
def note_credit(request, code):
    """The secretariat chooses whether the report names the authors of the visit notes."""
    rnd = get_round_for(request.user, code, "reports.edit_report")
    report = _report_or_404(rnd)
    form = CreditForm(request.POST)
    form.is_valid()  # a checkbox: absent means off
    try:
        services.set_credit_note_authors(report, request.user, form.cleaned_data.get("credit"))
    except services.NotAllowed:
        raise PermissionDenied from None
    if report.credit_note_authors:
        messages.success(request, _("The report names the authors of the visit notes."))
    else:
        messages.success(request, _("The report names no author of the visit notes."))
    return _back(rnd, "note-authors")


@login_required
@require_POST
def review_deadline(request, code):
    rnd = get_round_for(request.user, code, "reports.view_draft")
    if not request.user.is_secretariat:
        raise PermissionDenied
    report = _report_or_404(rnd)
    form = DeadlineForm(request.POST)
    if not form.is_valid():
        messages.warning(request, refusal(form, "deadline", _("Give a valid date.")))
        return _back(rnd, "send")
    day = form.cleaned_data["deadline"]
    if day is not None and day < timezone.localdate():
        messages.warning(request, _("The review deadline cannot be in the past."))
        return _back(rnd, "send")
    try:
        services.set_review_deadline(report, request.user, _end_of_day(day))
    except services.NotAllowed:
        raise PermissionDenied from None
    messages.success(request, _("Review deadline saved."))
    return _back(rnd, "send")


# --- Versions, comparison, the reading page and the country's review -------------------------
def _versions_round(user, code):
    rnd = get_round_for(user, code, "reports.view_versions")
    return rnd, _report_or_404(rnd)


def _frozen(report):
    return report.versions.exclude(kind=VersionKind.PREVIEW).filter(number__isnull=False)


@login_required
def versions(request, code):
    rnd, report = _versions_round(request.user, code)
    rows = list(
        _frozen(report)
        .select_related("created_by")
        .annotate(comment_count=Count("comments"))
        .order_by("-number")
    )
    numbers = sorted(v.number for v in rows)
    compare_form = None
    if len(numbers) >= 2:
        compare_form = CompareForm(numbers=numbers, initial={"a": numbers[-2], "b": numbers[-1]})
    return render(
        request,
        "reports/versions.html",
        {"round": rnd, "report": report, "versions": rows, "compare_form": compare_form,
         "can_draft": request.user.has_perm("reports.view_draft", rnd)},
    )  # fmt: skip


@login_required
def compare(request, code):
    rnd, report = _versions_round(request.user, code)
    frozen = {v.number: v for v in _frozen(report)}
    form = CompareForm(request.GET or None, numbers=sorted(frozen))
    if not form.is_valid():
        messages.warning(request, _("Choose two versions to compare."))
        return redirect("reports:versions", code=rnd.code)
    old, new = frozen[form.cleaned_data["a"]], frozen[form.cleaned_data["b"]]
    if old.number > new.number:
        old, new = new, old
    return render(
        request,
        "reports/compare.html",
        {
            "round": rnd,
            "report": report,
            "old": old,
            "new": new,
            "sections": diff.diff_sections(old.content, new.content),
            "recommendations": diff.diff_recommendations(old.content, new.content),
        },
    )


def _annex_tables(annexes, language):
    """Annexes as simple tables for the reading page, ``[(name, headers, rows)]``, with the same
    columns as the PDF and in the report's language (the annexes are part of the report)."""
    from .rendering import _agenda_rows

    annexes = annexes or {}
    tables = []
    with translation.override(language or "es"):
        if annexes.get("panel"):
            tables.append((_("Expert panel"), [_("Name"), _("Country"), _("Role")],
                           [[p.get("name"), p.get("country"), p.get("role")]
                            for p in annexes["panel"]]))  # fmt: skip
        agenda = _agenda_rows(annexes.get("agenda"))
        if agenda:
            tables.append((_("Agenda of the technical visit"),
                           [_("When"), _("Activity"), _("Where / with whom")],
                           [[a["when"], a["what"], a["where"]] for a in agenda]))  # fmt: skip
        if annexes.get("institutions"):
            tables.append((_("Institutions met"), [], [[name] for name in annexes["institutions"]]))
    return tables


@login_required
def version(request, code, number, comment_form=None):
    user = request.user
    rnd, report = _versions_round(user, code)
    version = get_object_or_404(_frozen(report).select_related("created_by"), number=number)
    comments = list(
        version.comments.select_related("author", "resolved_by").order_by("created_at", "pk")
    )
    under_review = services.review_version(report)
    reviewing = (
        user.has_perm("reports.comment", rnd)
        and under_review is not None
        and under_review.pk == version.pk
    )
    sections = []
    for section in version.content.get("sections", []):
        section = dict(section)
        section["comments"] = [c for c in comments if c.section_kind == section["kind"]]
        sections.append(section)
    actions = {a["spec"].name: a for a in available_actions(rnd, user)} if reviewing else {}
    return render(
        request,
        "reports/version.html",
        {
            "round": rnd,
            "report": report,
            "version": version,
            "content": version.content,
            "sections": sections,
            "general_comments": [c for c in comments if not c.section_kind],
            "annexes": _annex_tables(
                version.content.get("annexes"), version.content.get("language")
            ),
            "reviewing": reviewing,
            "newer": under_review
            if under_review is not None
            and under_review.number > version.number
            and version.kind == VersionKind.PRELIMINARY
            else None,
            "comment_form": comment_form or (CommentForm() if reviewing else None),
            "request_changes": actions.get("request_changes"),
            "approve": actions.get("approve"),
            "can_draft": user.has_perm("reports.view_draft", rnd),
            "can_resolve": user.is_secretariat,
            "recommendations_kind": SectionKind.RECOMMENDATIONS,
            "annexes_kind": SectionKind.ANNEXES,
        },
        status=400 if comment_form is not None else 200,
    )


@login_required
@require_POST
def comment_add(request, code, number):
    rnd, report = _versions_round(request.user, code)
    if not request.user.has_perm("reports.comment", rnd):
        raise PermissionDenied
    target = get_object_or_404(_frozen(report), number=number)
    form = CommentForm(request.POST)
    if form.is_valid():
        try:
            comment = services.add_comment(
                target, request.user, form.cleaned_data["section_kind"], form.cleaned_data["text"]
            )
        except services.ReportError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Comment added. The Secretariat sees it beside the text."))
            response = redirect("reports:version", code=rnd.code, number=target.number)
            response["Location"] += f"#comment-{comment.pk}"
            return response
    return version(request, code, number, comment_form=form)


@login_required
@require_POST
def comment_resolve(request, code, pk):
    rnd = get_round_for(request.user, code, "reports.view_draft")
    report = _report_or_404(rnd)
    comment = get_object_or_404(
        ReviewComment.objects.select_related("version__report"), pk=pk, version__report=report
    )
    try:
        comment = services.resolve_comment(
            comment, request.user, resolved=request.POST.get("resolved") != "0"
        )
    except services.NotAllowed:
        raise PermissionDenied from None
    messages.success(request, _("Comment marked as addressed.") if comment.resolved_at
                     else _("Comment open again."))  # fmt: skip
    if request.POST.get("next") == "version":
        response = redirect("reports:version", code=rnd.code, number=comment.version.number)
    else:
        response = _back(rnd)
    response["Location"] += f"#comment-{comment.pk}"
    return response
