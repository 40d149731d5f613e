"""The logistics page of a round (R3.5) and the visibility of its visit (R4.4). Thin glue: the
rules are in ``visits.logistics_services``; access in ``visits.rules`` (logistics block)."""

import mimetypes

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ripso.dates import refusal
from rounds.views import get_round_for

from . import logistics_services as services
from .logistics_forms import (
    ArrangementForm,
    AttachmentForm,
    LogisticsFilterForm,
    OtherItemForm,
    PlannedStartForm,
    VisibilityForm,
)
from .logistics_models import ArrangementAttachment, ArrangementStatus, Side
from .rules import has_logistics_page

STATUS_BADGE = {
    ArrangementStatus.TODO: "text-bg-light border",
    ArrangementStatus.IN_PROGRESS: "text-bg-warning",
    ArrangementStatus.CONFIRMED: "text-bg-success",
    ArrangementStatus.NOT_NEEDED: "text-bg-secondary",
}


def get_logistics_round(user, code):
    """The round and its logistics sheet, if ``user`` may see them. Outsiders 404
    (``get_round_for``); participants without the permission 403; a round whose panel is not
    confirmed yet has no logistics (404 to everyone)."""
    rnd = get_round_for(user, code)
    if not user.has_perm("visits.view_logistics", rnd):
        raise PermissionDenied
    if not has_logistics_page.test(user, rnd):
        raise Http404
    sheet = services.logistics_of(rnd)
    if sheet is None:
        # A round confirmed before the checklist existed: prepared on first visit.
        sheet = services.ensure_logistics(rnd)
    return rnd, sheet


def get_arrangement(user, code, pk, perm="visits.view_arrangement"):
    rnd, _sheet = get_logistics_round(user, code)
    arrangement = get_object_or_404(
        rnd.arrangements.select_related("traveller__expert_profile__country", "responsible"),
        pk=pk,
    )
    arrangement.round = rnd
    if not user.has_perm("visits.view_arrangement", arrangement):
        raise Http404  # another traveller's item: nothing tells it exists
    if perm != "visits.view_arrangement" and not user.has_perm(perm, arrangement):
        raise PermissionDenied
    return arrangement


def _back(rnd, anchor=""):
    response = redirect("visits:logistics", code=rnd.code)
    if anchor:
        response["Location"] += f"#{anchor}"
    return response


def _decorate(item, user, candidates, form=None):
    item.badge_class = STATUS_BADGE[item.status]
    item.can_edit = user.has_perm("visits.edit_arrangement", item)
    if item.can_edit and form is None:
        form = ArrangementForm(
            prefix=f"a{item.pk}",
            candidates=candidates[item.side],
            initial={
                "status": item.status,
                "not_needed_reason": item.not_needed_reason,
                "responsible": item.responsible_id,
                "notes": item.notes,
                "version": item.version,
            },
        )
    item.form = form if item.can_edit else None
    return item


def _candidates(rnd, user):
    """Responsible-person choices, queried only for a side the person may edit."""
    return {
        Side.INTERNATIONAL: list(services.responsible_candidates(rnd, Side.INTERNATIONAL))
        if user.has_perm("visits.edit_international", rnd)
        else [],
        Side.LOCAL: list(services.responsible_candidates(rnd, Side.LOCAL))
        if user.has_perm("visits.edit_local", rnd)
        else [],
    }


def readiness_context(rnd, sheet, user, visible=None):
    """What the readiness card reads (``_readiness.html``): the page renders it, and every htmx
    save sends it again out of band, so the counters follow the saves made on the page."""
    visible = services.visible_arrangements(rnd, user) if visible is None else visible
    for item in visible:
        item.description = services.describe(item)
    start = services.visit_start(rnd, sheet)
    sees_international = any(i.side == Side.INTERNATIONAL for i in visible)
    return {
        "start": start,
        "summary": services.readiness(visible, start),
        "sees_international": sees_international,
        "own_travel_only": sees_international
        and not user.has_perm("visits.see_international", rnd),
        # What stops schedule_visit names every traveller's items (per diem included): staff only.
        "blockers": services.logistics_blockers(rnd)
        if user.has_perm("visits.edit_international", rnd)
        else [],
    }


@login_required
def logistics(request, code):
    rnd, sheet = get_logistics_round(request.user, code)
    return _page(request, rnd, sheet)


def _page(request, rnd, sheet, *, refused=None, start_form=None, status=200):
    """The logistics page. Without JavaScript a refused form is shown again here, as typed:
    ``refused`` is ``(item pk, bound form or None, {"error"|"conflict"|"mine": …})`` for an
    item's form, ``start_form`` the planned first day's bound form."""
    user = request.user
    visible = services.visible_arrangements(rnd, user)
    ready = readiness_context(rnd, sheet, user, visible)
    filters = LogisticsFilterForm(request.GET or None)
    shown = filters.filter(visible)
    candidates = _candidates(rnd, user)
    for item in shown:
        if refused and item.pk == refused[0]:
            _decorate(item, user, candidates, refused[1])
            for name, value in refused[2].items():
                setattr(item, f"refused_{name}", value)
        else:
            _decorate(item, user, candidates)
    travellers = {}
    for item in shown:
        if item.side == Side.INTERNATIONAL:
            travellers.setdefault(item.traveller_id, {"person": item.traveller, "items": []})
            travellers[item.traveller_id]["items"].append(item)
    for group in travellers.values():
        group["label"] = services.traveller_label(group["person"])
    local = [i for i in shown if i.side == Side.LOCAL]
    sees_international = ready["sees_international"]
    side = filters.cleaned_data.get("side") if filters.is_bound and filters.is_valid() else ""
    context = {
        **ready,
        "round": rnd,
        "sheet": sheet,
        "filters": filters,
        "filtered": filters.is_bound,
        "travellers": list(travellers.values()),
        "local": local,
        "sees_international": sees_international,
        "show_international": sees_international and side != Side.LOCAL,
        "show_local": side != Side.INTERNATIONAL,
        "can_edit_local": user.has_perm("visits.edit_local", rnd),
        "can_choose_visibility": user.has_perm("visits.choose_visibility", rnd),
        "can_set_start": user.has_perm("visits.set_visit_start", rnd),
        "other_form": OtherItemForm(),
        "attachment_form": AttachmentForm(),
        "visibility_form": VisibilityForm(
            initial={
                "visibility": sheet.visibility,
                "visibility_notes": sheet.visibility_notes,
                "version": sheet.version,
            }
        ),
        "start_form": start_form
        or PlannedStartForm(
            initial={"planned_start": sheet.planned_start, "version": sheet.version}
        ),
    }
    if request.method == "POST":
        # Shown at a POST-only address: switching the language comes back to the page itself.
        context["switch_next"] = reverse("visits:logistics", args=[rnd.code])
    return render(request, "visits/logistics/page.html", context, status=status)


@login_required
@require_POST
def arrangement_update(request, code, pk):
    """Save one item: htmx swaps the item back in place; without JavaScript, back to the page.
    A refusal (invalid input, someone else saved first) keeps what was typed and says why."""
    user = request.user
    item = get_arrangement(user, code, pk, "visits.edit_arrangement")
    rnd = item.round
    candidates = {item.side: list(services.responsible_candidates(rnd, item.side))}
    form = ArrangementForm(request.POST, prefix=f"a{item.pk}", candidates=candidates[item.side])
    context = {"round": rnd, "attachment_form": AttachmentForm()}
    if not form.is_valid():
        context["error"] = _("Please correct the marked fields. Nothing was saved.")
    else:
        data = form.cleaned_data
        try:
            services.update_arrangement(
                item,
                user,
                status=data["status"],
                version=data["version"],
                not_needed_reason=data["not_needed_reason"],
                responsible=data["responsible"],
                notes=data["notes"],
            )
        except services.Conflict as exc:
            context.update(conflict=exc.message, mine=data["notes"])
            form = None  # the form shows the latest version; the person's notes are kept aside
        except services.LogisticsError as exc:
            context["error"] = exc.message
        else:
            context["saved"] = True
            form = None
    if not request.headers.get("HX-Request"):
        if context.get("saved"):
            messages.success(request, _("Saved: %(item)s.") % {"item": services.describe(item)})
            return _back(rnd, f"item-{item.pk}")
        # Refused: the page again, the item's form as typed (or, after a conflict, the latest
        # version with the person's notes beside it) and the reason inside it.
        reason = context.get("conflict") or context["error"]
        messages.warning(request, reason)
        kept = {key: context[key] for key in ("error", "conflict", "mine") if context.get(key)}
        return _page(
            request,
            rnd,
            services.logistics_of(rnd),
            refused=(item.pk, form, kept),
            status=409 if context.get("conflict") else 400,
        )
    if form is None:
        item = get_arrangement(user, code, pk)  # as saved now
    context["item"] = _decorate(item, user, candidates, form)
    # The readiness card follows the save (out of band): "12 of 16 ready" is never stale.
    context.update(readiness_context(rnd, services.logistics_of(rnd), user), oob=True)
    # htmx swaps 2xx answers only: a refusal is shown in place, its reason inside.
    return render(request, "visits/logistics/_item.html", context)


@login_required
@require_POST
def attachment_add(request, code, pk):
    user = request.user
    item = get_arrangement(user, code, pk, "visits.edit_arrangement")
    form = AttachmentForm(request.POST, request.FILES)
    if not form.is_valid():
        errors = "; ".join(e for errs in form.errors.values() for e in errs)
        messages.warning(request, _("The file was not added: %(reason)s") % {"reason": errors})
        return _back(item.round, f"item-{item.pk}")
    try:
        services.add_attachment(item, user, form.cleaned_data["file"])
    except services.LogisticsError as exc:
        messages.warning(request, exc.message)
    else:
        messages.success(request, _("File added."))
    return _back(item.round, f"item-{item.pk}")


def _attachment(user, code, pk, attachment_pk, perm="visits.view_arrangement"):
    item = get_arrangement(user, code, pk, perm)
    attachment = get_object_or_404(ArrangementAttachment, arrangement=item, pk=attachment_pk)
    attachment.arrangement = item
    return attachment


@login_required
def attachment_download(request, code, pk, attachment_pk):
    attachment = _attachment(request.user, code, pk, attachment_pk)
    content_type = attachment.content_type or mimetypes.guess_type(attachment.original_name)[0]
    response = FileResponse(
        attachment.file.open("rb"),
        as_attachment=True,
        filename=attachment.original_name,
        content_type=content_type or "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_POST
def attachment_remove(request, code, pk, attachment_pk):
    attachment = _attachment(request.user, code, pk, attachment_pk, "visits.edit_arrangement")
    services.remove_attachment(attachment, request.user)
    messages.success(request, _("File removed."))
    return _back(attachment.arrangement.round, f"item-{pk}")


@login_required
@require_POST
def add_other(request, code):
    user = request.user
    rnd, _sheet = get_logistics_round(user, code)
    if not user.has_perm("visits.edit_local", rnd):
        raise PermissionDenied
    form = OtherItemForm(request.POST)
    if not form.is_valid():
        messages.warning(request, _("Describe the arrangement to add it."))
        return _back(rnd, "local")
    item = services.add_other_item(rnd, user, form.cleaned_data["title"])
    messages.success(request, _("Added: %(item)s.") % {"item": item.label})
    return _back(rnd, f"item-{item.pk}")


@login_required
@require_POST
def visibility(request, code):
    user = request.user
    rnd, _sheet = get_logistics_round(user, code)
    if not user.has_perm("visits.choose_visibility", rnd):
        raise PermissionDenied
    form = VisibilityForm(request.POST)
    if not form.is_valid():
        messages.warning(request, _("Choose how visible the visit should be."))
        return _back(rnd, "visibility")
    data = form.cleaned_data
    try:
        services.record_visibility(
            rnd,
            user,
            visibility=data["visibility"],
            notes=data["visibility_notes"],
            version=data["version"],
        )
    except services.LogisticsError as exc:
        messages.warning(request, exc.message)
    else:
        messages.success(
            request, _("The country's choice is recorded; the Secretariat has been told.")
        )
    return _back(rnd, "visibility")


@login_required
@require_POST
def planned_start(request, code):
    user = request.user
    rnd, sheet = get_logistics_round(user, code)
    if not user.has_perm("visits.set_visit_start", rnd):
        raise PermissionDenied
    form = PlannedStartForm(request.POST)
    if not form.is_valid():
        fallback = _("Enter a date like 2026-03-16, or leave it empty.")
        messages.warning(request, refusal(form, "planned_start", fallback))
        # The page again with what was typed beside the reason (no JavaScript needed).
        return _page(request, rnd, sheet, start_form=form, status=400)
    try:
        services.set_planned_start(
            rnd, user, form.cleaned_data["planned_start"], version=form.cleaned_data["version"]
        )
    except services.LogisticsError as exc:
        messages.warning(request, exc.message)
    else:
        messages.success(request, _("Planned first day of the visit saved."))
    return _back(rnd, "dates")
