"""The agenda pages (day by day, items, releases, print, PDF, calendars) and the visit record
(notes per agenda item). Thin glue: rules in ``visits.agenda_services``, access in
``visits.rules``; the round is fetched with ``get_round_for`` (outsiders 404, other participants
403)."""

from itertools import groupby

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ripso import autosave
from rounds.views import get_round_for

from . import agenda_services as services
from .agenda_calendar import agenda_calendar
from .agenda_forms import ItemForm, NoteForm, ReleaseForm, VisitForm
from .agenda_models import AgendaItem, VisitNote
from .agenda_pdf import render_agenda_pdf


def get_agenda_round(user, code, perm="visits.view_agenda"):
    """The round if ``user`` may see its agenda (404 outside the round or before the request is
    accepted, 403 for a participant without ``perm``)."""
    rnd = get_round_for(user, code)
    if not rnd.methodology:
        raise Http404
    if not user.has_perm("visits.view_agenda", rnd):
        raise PermissionDenied
    if perm != "visits.view_agenda" and not user.has_perm(perm, rnd):
        raise PermissionDenied
    return rnd


def _days(visit, items):
    """Day-by-day groups: every day of the visit (empty ones too), then any stray item."""
    by_day = {day: list(group) for day, group in groupby(items, key=lambda i: i.day)}
    days = [{"date": d, "items": by_day.pop(d, [])} for d in (visit.days if visit else [])]
    days.extend({"date": d, "items": its} for d, its in sorted(by_day.items()))
    return days


def _agenda_items(visit):
    return list(
        AgendaItem.objects.filter(visit=visit).order_by("day", "start_time", "end_time", "pk")
    )


# --- The agenda page ------------------------------------------------------------------------
@login_required
def agenda(request, code, *, visit_form=None, release_form=None, status=200):
    user = request.user
    rnd = get_agenda_round(user, code)
    can_edit = user.has_perm("visits.edit_agenda", rnd)
    can_release = user.has_perm("visits.release_agenda", rnd)
    # The visit is created on the first visit of someone who prepares it (GETs of readers
    # change nothing).
    visit = services.visit_of(rnd, create=False)
    items = _agenda_items(visit) if visit else []
    checklist = services.checklist(
        visit.start_date if visit else None, visit.end_date if visit else None, items
    )
    overlapping = {i.pk for pair in services.overlaps(items) for i in pair}
    for item in items:
        item.overlaps = item.pk in overlapping
        item.outside = bool(visit.has_dates) and not (
            visit.start_date <= item.day <= visit.end_date
        )
    versions = list(visit.versions.select_related("released_by")) if visit else []
    final = next((v for v in versions if v.is_final), None)
    latest = versions[0] if versions else None
    unreleased = bool(
        latest and visit and latest.snapshot != services.snapshot_of(visit, items)
    ) or bool(items and not versions)
    if can_edit and visit_form is None:
        visit_form = VisitForm(visit=visit) if visit else VisitForm(
            initial={"timezone": services.capital_timezone(rnd.country.code), "version": 0}
        )  # fmt: skip
    if can_release and release_form is None and visit:
        release_form = ReleaseForm(initial={"revision": visit.revision, "final": True})
    return render(
        request,
        "visits/agenda/agenda.html",
        {
            "round": rnd,
            "visit": visit,
            "days": _days(visit, items),
            "item_count": len(items),
            "checklist": checklist,
            "versions": versions,
            "final": final,
            "latest": latest,
            "unreleased": unreleased,
            "can_edit": can_edit,
            "can_release": can_release,
            "can_view_notes": user.has_perm("visits.view_visit_notes", rnd),
            "visit_form": visit_form if can_edit else None,
            "release_form": release_form if can_release else None,
            # A release is offered when there is something new (or a draft to make final).
            "can_release_now": (bool(items) and (unreleased or not latest or not latest.is_final))
            or (release_form is not None and release_form.is_bound),
        },
        status=status,
    )


@login_required
@require_POST
def visit_edit(request, code):
    user = request.user
    rnd = get_agenda_round(user, code, "visits.edit_agenda")
    visit = services.visit_of(rnd)
    form = VisitForm(request.POST, visit=visit)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.update_visit(
                visit, user, start_date=data["start_date"], end_date=data["end_date"],
                city=data["city"], venues=form.venue_list(), tz=data["timezone"],
                expected_version=data["version"],
            )  # fmt: skip
        except services.Conflict as exc:
            form.add_error(None, exc.message)
        except services.AgendaError as exc:
            form.add_error(exc.field, exc.message)
        else:
            messages.success(request, _("The visit's details are saved."))
            return redirect("visits:agenda", rnd.code)
    return agenda(request, code, visit_form=form, status=400)


# --- Items ----------------------------------------------------------------------------------
def _item_page(request, rnd, visit, form, item=None, status=200, conflict=None):
    return render(
        request,
        "visits/agenda/item_form.html",
        {"round": rnd, "visit": visit, "form": form, "item": item, "conflict": conflict},
        status=status,
    )


@login_required
def item_add(request, code):
    user = request.user
    rnd = get_agenda_round(user, code, "visits.edit_agenda")
    visit = services.visit_of(rnd, create=request.method == "POST")
    if visit is None or not visit.has_dates:
        messages.warning(request, _("Set the dates of the visit before adding items."))
        return redirect("visits:agenda", rnd.code)
    if request.method != "POST":
        initial = {"day": request.GET.get("day") or visit.start_date.isoformat()}
        return _item_page(request, rnd, visit, ItemForm(visit=visit, initial=initial))
    form = ItemForm(request.POST, visit=visit)
    if form.is_valid():
        try:
            item = services.add_item(visit, user, **form.cleaned_data)
        except services.AgendaError as exc:
            form.add_error(exc.field, exc.message)
        else:
            messages.success(request, _("Item added: %(title)s.") % {"title": item.title})
            return _back(rnd, item)
    return _item_page(request, rnd, visit, form, status=400)


def _back(rnd, item=None):
    response = redirect("visits:agenda", rnd.code)
    if item is not None:
        response["Location"] += f"#day-{item.day.isoformat()}"
    return response


def _get_item(user, code, pk, perm):
    rnd = get_agenda_round(user, code, perm)
    visit = services.visit_of(rnd, create=False)
    if visit is None:
        raise Http404
    item = get_object_or_404(AgendaItem.objects.filter(visit=visit), pk=pk)
    item.visit = visit
    return rnd, visit, item


@login_required
def item_edit(request, code, pk):
    user = request.user
    rnd, visit, item = _get_item(user, code, pk, "visits.edit_agenda")
    if request.method != "POST":
        return _item_page(request, rnd, visit, ItemForm(instance=item, visit=visit), item)
    form = ItemForm(request.POST, instance=AgendaItem(pk=item.pk), visit=visit)
    if form.is_valid():
        data = dict(form.cleaned_data)
        version = data.pop("version")
        try:
            item = services.update_item(item, user, expected_version=version, **data)
        except services.Conflict as exc:
            latest = exc.latest
            latest.visit = visit
            fresh = ItemForm(instance=latest, visit=visit)
            return _item_page(
                request, rnd, visit, fresh, latest, status=409,
                conflict={"message": exc.message, "mine": form.cleaned_data},
            )  # fmt: skip
        except services.AgendaError as exc:
            form.add_error(exc.field, exc.message)
        else:
            messages.success(request, _("Item saved: %(title)s.") % {"title": item.title})
            return _back(rnd, item)
    return _item_page(request, rnd, visit, form, item, status=400)


@login_required
@require_POST
def item_delete(request, code, pk):
    rnd, _visit, item = _get_item(request.user, code, pk, "visits.edit_agenda")
    try:
        services.delete_item(item, request.user)
    except services.AgendaError as exc:
        messages.warning(request, exc.message)
    else:
        messages.success(request, _("Item deleted: %(title)s.") % {"title": item.title})
    return _back(rnd)


# --- Releases -------------------------------------------------------------------------------
@login_required
@require_POST
def release(request, code):
    user = request.user
    rnd = get_agenda_round(user, code, "visits.release_agenda")
    visit = services.visit_of(rnd)
    form = ReleaseForm(request.POST)
    if not form.is_valid():
        return agenda(request, code, release_form=form, status=400)
    data = form.cleaned_data
    try:
        version = services.release_agenda(
            visit, user, final=data["final"], expected_revision=data["revision"], note=data["note"]
        )
    except services.AgendaError as exc:
        text = " ".join([exc.message, *exc.details])
        form.add_error(None, text)
        return agenda(request, code, release_form=form, status=400)
    if version.is_final:
        messages.success(
            request,
            _("Version %(n)d released as the final agenda. The country and the panel are told.")
            % {"n": version.number},
        )
    else:
        messages.success(
            request,
            _("Version %(n)d released as a draft. The country and the panel are told.")
            % {"n": version.number},
        )
    return redirect("visits:agenda", rnd.code)


# --- Print, PDF, calendars ------------------------------------------------------------------
def _displayed(request, rnd):
    visit = services.visit_of(rnd, create=False)
    draft = request.GET.get("draft") == "1"
    version, items = services.displayed_agenda(visit, draft=draft)
    return visit, version, items


@login_required
def agenda_print(request, code):
    rnd = get_agenda_round(request.user, code)
    visit, version, items = _displayed(request, rnd)
    return render(
        request,
        "visits/agenda/print.html",
        {"round": rnd, "visit": visit, "version": version, "days": _days(visit, items)},
    )


@login_required
def agenda_pdf(request, code):
    rnd = get_agenda_round(request.user, code)
    visit, version, items = _displayed(request, rnd)
    pdf = render_agenda_pdf(rnd, visit, version, items)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{rnd.code}-agenda.pdf"'
    return response


def _ics_response(rnd, content, name):
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{rnd.code}-{name}.ics"'
    return response


@login_required
def agenda_ics(request, code):
    """ "My agenda": the items this person takes part in (panel: the panel's items)."""
    user = request.user
    rnd = get_agenda_round(user, code)
    visit, _version, items = _displayed(request, rnd)
    mine = services.items_for_person(user, rnd, items)
    return _ics_response(rnd, agenda_calendar(rnd, visit, mine), "my-agenda")


@login_required
def agenda_ics_all(request, code):
    rnd = get_agenda_round(request.user, code)
    visit, _version, items = _displayed(request, rnd)
    return _ics_response(rnd, agenda_calendar(rnd, visit, items), "agenda")


# --- The visit record (R4.3) ----------------------------------------------------------------
def get_notes_round(user, code, perm="visits.view_visit_notes"):
    """The panel's and the secretariat's notes: anyone else on the round gets 403."""
    rnd = get_round_for(user, code)
    if not rnd.methodology:
        raise Http404
    if not user.has_perm(perm, rnd):
        raise PermissionDenied
    return rnd


def _note_form(item, note):
    form = NoteForm(instance=note, initial={"version": note.version if note else 0})
    form.auto_id = f"id_n{item.pk}_%s"
    return form


@login_required
def visit_notes(request, code):
    user = request.user
    rnd = get_notes_round(user, code)
    can_write = user.has_perm("visits.write_visit_notes", rnd)
    visit = services.visit_of(rnd, create=False)
    items = []
    if visit is not None:
        notes = VisitNote.objects.select_related("author").order_by("created_at", "pk")
        items = list(
            AgendaItem.objects.filter(visit=visit)
            .prefetch_related(Prefetch("notes", queryset=notes, to_attr="all_notes"))
            .order_by("day", "start_time", "end_time", "pk")
        )
    authors, note_count = set(), 0
    for item in items:
        item.mine = next((n for n in item.all_notes if n.author_id == user.pk), None)
        item.others = [n for n in item.all_notes if n.author_id != user.pk and not n.is_empty]
        kept = [n for n in item.all_notes if not n.is_empty]
        note_count += len(kept)
        authors.update(n.author_id for n in kept)
        item.has_notes = bool(kept)
        if can_write:
            item.form = _note_form(item, item.mine)
    return render(
        request,
        "visits/agenda/notes.html",
        {
            "round": rnd,
            "visit": visit,
            "days": _days(visit, items),
            "can_write": can_write,
            "summary": {
                "notes": note_count,
                "authors": len(authors),
                "items_with_notes": sum(1 for i in items if i.has_notes),
                "items": len(items),
                "without": [i for i in items if not i.has_notes],
            },
        },
    )


def _note_conflict(request, item, exc, data):
    """409 with both versions of the note, field by field (R4.3): the person chooses."""
    latest = exc.latest
    rows = [
        autosave.row(
            f"id_n{item.pk}_{name}",
            label=NoteForm.base_fields[name].label,
            mine=(data.get(name) or "").strip(),
            theirs=getattr(latest, name, "") if latest else "",
        )
        for name in services.NOTE_FIELDS
    ]
    differing = [r for r in rows if r["mine"] != r["theirs"]] or rows
    return autosave.conflict_response(
        request,
        message=exc.message,
        form_id=f"note-form-{item.pk}",
        version=latest.version if latest else 0,
        version_input=f"id_n{item.pk}_version",
        rows=differing,
        saved_at=latest.updated_at if latest else None,
    )


@login_required
@require_POST
def note_save(request, code, item_pk):
    """Save one's note on an item: htmx autosave (a status partial back) or the plain button."""
    user = request.user
    rnd = get_notes_round(user, code, "visits.write_visit_notes")
    visit = services.visit_of(rnd, create=False)
    if visit is None:
        raise Http404
    item = get_object_or_404(AgendaItem.objects.filter(visit=visit), pk=item_pk)
    item.visit = visit
    form = NoteForm(request.POST)
    context = {"item": item}
    if not form.is_valid():
        context["error"] = _("This note could not be read: reload the page.")
    else:
        try:
            note = services.save_note(
                item, user, form.cleaned_data, expected_version=form.cleaned_data["version"]
            )
        except services.Conflict as exc:
            if request.headers.get("HX-Request"):
                return _note_conflict(request, item, exc, form.cleaned_data)
            context.update(conflict=exc.message, latest=exc.latest)
        except services.AgendaError as exc:
            context["error"] = exc.message
        else:
            context["saved"] = note
    if request.headers.get("HX-Request"):
        return render(request, "visits/agenda/_note_status.html", context)
    if "saved" in context:
        messages.success(request, _("Note saved."))
    elif "conflict" in context:
        # Without JavaScript: the page shows the saved note; what this person typed is kept in
        # the message so that nothing is lost.
        mine = " · ".join(
            f"{NoteForm.base_fields[n].label}: {v}"
            for n in services.NOTE_FIELDS
            if (v := (form.cleaned_data.get(n) or "").strip())
        )
        messages.warning(request, f"{context['conflict']} {_('Your text:')} {mine}")
    else:
        messages.warning(request, context["error"])
    response = redirect("visits:visit_notes", rnd.code)
    response["Location"] += f"#item-{item.pk}"
    return response
