"""Phase 1 screens: the request form, documents, submission confirmation, the secretariat's
queue and the changes between submissions."""

import mimetypes

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts.enums import Role
from accounts.models import Country
from ripso import autosave

from . import guards, request_services, services
from .enums import RoundState
from .models import Round
from .request_forms import CountryFormSet, DocumentForm, RequestForm
from .request_services import REQUEST_TEXT_FIELDS
from .snapshots import diff_submissions
from .views import get_round_for

QUEUE_PAGE_SIZE = 25


def _last_return_comment(rnd):
    event = rnd.events.filter(to_state=RoundState.RETURNED).order_by("-created_at").first()
    return event


def _forms(request, rnd, own_country):
    data = request.POST if request.method == "POST" else None
    files = request.FILES if request.method == "POST" else None
    form = RequestForm(data, instance=rnd)
    initial = []
    if rnd is not None:
        initial = [
            {"country": c.country, "note": c.note}
            for c in rnd.countries_of_interest.select_related("country")
        ]
    countries = CountryFormSet(data, initial=initial, prefix="coi", own_country=own_country)
    document = DocumentForm(data, files, prefix="doc")
    return form, countries, document


def _save(rnd, user, form, countries, document):
    """Save every part that is valid; return True when nothing needed attention."""
    ok = True
    form.is_valid()
    values, topics = form.valid_values()
    request_services.save_request_fields(rnd, user, values, topics)
    if form.errors:
        ok = False
    if countries.is_valid():
        try:
            request_services.set_countries_of_interest(rnd, user, countries.entries())
        except services.RoundError as exc:
            countries._non_form_errors = countries.error_class([exc.message])
            ok = False
    else:
        ok = False
    if document.has_document():
        if document.is_valid():
            data = document.cleaned_data
            try:
                request_services.add_document(
                    rnd,
                    user,
                    title=data["title"],
                    kind=data["kind"],
                    uploaded=data.get("file"),
                    url=data.get("url", ""),
                )
            except services.RoundError as exc:
                document.add_error(None, exc.message)
                ok = False
            else:
                document = DocumentForm(prefix="doc")
        else:
            ok = False
    return ok, document


def _render_form(request, rnd, form, countries, document, *, conflict=None, status=200):
    context = {
        "conflict": conflict,
        "request_version": request_services.request_version(request_services.request_values(rnd))
        if rnd
        else "",
        "round": rnd,
        "form": form,
        "countries": countries,
        "document_form": document,
        "documents": list(rnd.documents.all()) if rnd else [],
        "return_event": _last_return_comment(rnd)
        if rnd and rnd.status == RoundState.RETURNED
        else None,
        "missing": guards.blockers(rnd, "submit") if rnd else [],
        "max_documents_reached": rnd is not None and rnd.documents.count() >= 4,
    }
    return render(request, "rounds/request_form.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def request_create(request):
    user = request.user
    if user.role != Role.FOCAL_POINT or not user.institution_id:
        raise Http404
    form, countries, document = _forms(request, None, user.institution.country)
    if request.method == "GET":
        # The main point of contact starts as the focal point (R1.2); they may change it.
        form = RequestForm(
            initial={
                "contact_name": user.full_name,
                "contact_position": user.position,
                "contact_email": user.email,
                "contact_phone": user.phone,
            }
        )
    if request.method == "POST":
        form.is_valid()
        title = (
            (form.cleaned_data.get("title") or "").strip() if hasattr(form, "cleaned_data") else ""
        )
        if not title:
            form.add_error("title", _("Give the initiative a name to save the draft."))
        else:
            rnd = services.create_round(creator=user, institution=user.institution, title=title)
            ok, document = _save(rnd, user, form, countries, document)
            return _after_save(request, rnd, ok, form, countries, document)
    return _render_form(request, None, form, countries, document)


def _after_save(request, rnd, ok, form, countries, document):
    if ok:
        messages.success(request, _("Draft saved. Nothing is sent until you submit."))
        if "review" in request.POST:
            return redirect("rounds:transition", code=rnd.code, name="submit")
        return redirect("rounds:request_edit", code=rnd.code)
    messages.warning(
        request,
        _("Some fields need attention (marked below). Everything else was saved."),
    )
    return _render_form(request, rnd, form, countries, document)


@login_required
@require_http_methods(["GET", "POST"])
def request_edit(request, code):
    user = request.user
    rnd = get_round_for(user, code)
    if not user.has_perm("rounds.edit_request", rnd):
        raise PermissionDenied  # a participant (get_round_for let them in): 403, docs/access.md
    form, countries, document = _forms(request, rnd, rnd.country)
    htmx = bool(request.headers.get("HX-Request"))
    if request.method == "POST":
        try:
            with transaction.atomic():
                # The row lock orders two people's saves; a save from an older version of the
                # request is refused where it differs from what is stored (nothing is lost).
                request_services.lock_editable(rnd, user)
                conflict = _conflict(request, rnd, form)
                if conflict is None and htmx:
                    return _autosave(request, rnd, form, countries)
                if conflict is None:
                    ok, document = _save(rnd, user, form, countries, document)
        except services.RoundError as exc:
            if htmx:
                return render(request, "rounds/_autosave_status.html", {"error": exc.message})
            messages.warning(request, exc.message)
            return redirect(rnd.get_absolute_url())
        if conflict is not None:
            message, rows, version, by, at = conflict
            if htmx:
                return autosave.conflict_response(
                    request, message=message, form_id="request-form", version=version,
                    version_input="id_request_version", rows=rows,
                    saved_by=by.full_name if by else None, saved_at=at,
                )  # fmt: skip
            # Without JavaScript: the form again with what this person typed, theirs listed
            # above it; saving again (from the current version) replaces theirs deliberately.
            form.is_valid()
            countries.is_valid()
            return _render_form(request, rnd, form, countries, document,
                                conflict={"message": message, "rows": rows}, status=409)  # fmt: skip
        rnd.refresh_from_db()
        return _after_save(request, rnd, ok, form, countries, document)
    return _render_form(request, rnd, form, countries, document)


def _conflict(request, rnd, form):
    """None when the posted form started from the stored request (or agrees with it);
    otherwise (message, rows, current version, who saved, when) for the fields that differ."""
    posted = request.POST.get("request_version")
    stored = request_services.request_values(rnd)
    version = request_services.request_version(stored)
    if not posted or posted == version:
        return None
    data = request.POST
    rows = []
    for name in REQUEST_TEXT_FIELDS:
        field = form.fields[name]
        mine, theirs = (data.get(name) or "").strip(), str(stored[name]).strip()
        if mine == theirs:
            continue
        if name in ("initiative_kind", "stage"):
            names = dict(field.choices)
            rows.append(autosave.row(
                f"id_{name}_0", label=field.label, choices=True,
                mine=[mine] if mine else [], theirs=[theirs] if theirs else [],
                mine_display=names.get(mine, ""), theirs_display=names.get(theirs, ""),
            ))  # fmt: skip
        else:
            rows.append(autosave.row(f"id_{name}", label=field.label, mine=mine, theirs=theirs))
    mine_topics = sorted(int(t) for t in data.getlist("topics") if t.isdigit())
    if mine_topics != stored["topics"]:
        topic_names = {t.pk: t.name for t in form.ripso_topics + form.mecigep_topics}
        first = (form.ripso_topics + form.mecigep_topics)[:1]
        rows.append(autosave.row(
            f"topic-{first[0].pk}" if first else "id_topics", label=form.fields["topics"].label,
            choices=True, mine=[str(t) for t in mine_topics],
            theirs=[str(t) for t in stored["topics"]],
            mine_display="; ".join(topic_names.get(t, "") for t in mine_topics),
            theirs_display="; ".join(topic_names.get(t, "") for t in stored["topics"]),
        ))  # fmt: skip
    countries = {str(c.pk): c.name for c in Country.objects.all()}
    labels = [
        (_("First country of interest"), _("Program or experience in the first country")),
        (_("Second country of interest"), _("Program or experience in the second country")),
    ]
    for i, (label, note_label) in enumerate(labels):
        theirs_c, theirs_n = stored["countries"][i] if i < len(stored["countries"]) else ["", ""]
        mine_c = data.get(f"coi-{i}-country") or ""
        mine_n = (data.get(f"coi-{i}-note") or "").strip()
        if mine_c != theirs_c:
            rows.append(autosave.row(
                f"id_coi-{i}-country", label=label, mine=mine_c, theirs=theirs_c,
                mine_display=countries.get(mine_c, ""), theirs_display=countries.get(theirs_c, ""),
            ))  # fmt: skip
        if mine_n != theirs_n.strip():
            rows.append(
                autosave.row(f"id_coi-{i}-note", label=note_label, mine=mine_n, theirs=theirs_n)
            )
    if not rows:
        return None
    by, at = request_services.last_editor(rnd)
    message = _(
        "%(name)s saved this request while you were writing. Where your text differs from "
        "theirs, both are shown: choose which to keep."
    ) % {"name": by.full_name if by else _("someone else")}
    return message, rows, version, by, at


def _autosave(request, rnd, form, countries):
    """Autosave while typing: save every valid field (files wait for "Save draft")."""
    form.is_valid()
    values, topics = form.valid_values()
    request_services.save_request_fields(rnd, request.user, values, topics)
    countries_ok = countries.is_valid()
    if countries_ok:
        try:
            request_services.set_countries_of_interest(rnd, request.user, countries.entries())
        except services.StateChanged:
            raise
        except services.RoundError:
            countries_ok = False  # the "Save draft" button shows why beside the countries
    return render(
        request,
        "rounds/_autosave_status.html",
        {
            "saved_at": timezone.now(),
            "has_errors": bool(form.errors) or not countries_ok,
            "request_version": request_services.request_version(
                request_services.request_values(rnd)
            ),
        },
    )


@login_required
@require_POST
def document_remove(request, code, pk):
    user = request.user
    rnd = get_round_for(user, code)
    if not user.has_perm("rounds.edit_request", rnd):
        raise PermissionDenied  # a participant (get_round_for let them in): 403, docs/access.md
    try:
        removed = request_services.remove_document(rnd, user, pk)
    except services.StateChanged as exc:
        messages.warning(request, exc.message)
        return redirect(rnd.get_absolute_url())
    if not removed:
        raise Http404
    messages.success(request, _("Document removed."))
    return redirect("rounds:request_edit", code=rnd.code)


@login_required
def document_download(request, code, pk):
    user = request.user
    rnd = get_round_for(user, code, perm="rounds.view_documents")
    doc = rnd.documents.filter(pk=pk).exclude(file="").first()
    if doc is None:
        raise Http404
    content_type = doc.content_type or mimetypes.guess_type(doc.original_name)[0]
    response = FileResponse(
        doc.file.open("rb"),
        as_attachment=True,
        filename=doc.original_name or f"document-{doc.pk}",
        content_type=content_type or "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
def request_submitted(request, code):
    """Confirmation after submitting: what happens next; participation voluntary (R1.7)."""
    user = request.user
    rnd = get_round_for(user, code)
    if not (user.role in Role.country_roles() and user.has_perm("rounds.view_round_details", rnd)):
        raise Http404
    if rnd.request_is_editable:
        # Not sent (yet, or again): the round page says what to do next.
        return redirect(rnd.get_absolute_url())
    if rnd.status != RoundState.SUBMITTED:
        raise Http404
    return render(request, "rounds/request_submitted.html", {"round": rnd})


@login_required
def request_queue(request):
    """The secretariat's queue of submitted requests, oldest first, with their age."""
    if not request.user.has_perm("rounds.view_all_rounds"):
        raise Http404
    rounds = (
        Round.objects.filter(status=RoundState.SUBMITTED)
        .with_list_data()
        .order_by("submitted_at", "pk")
    )
    page = Paginator(rounds, QUEUE_PAGE_SIZE).get_page(request.GET.get("page"))
    now = timezone.now()
    for rnd in page.object_list:
        rnd.waiting_days = (now - rnd.submitted_at).days if rnd.submitted_at else 0
    return render(request, "rounds/request_queue.html", {"page": page, "query": ""})


@login_required
def request_changes_view(request, code):
    """What changed between two submissions (by default: the last two)."""
    user = request.user
    rnd = get_round_for(user, code, perm="rounds.read_request")
    submissions = list(rnd.submissions.order_by("number"))
    if len(submissions) < 2:
        raise Http404
    try:
        new_n = int(request.GET.get("to", submissions[-1].number))
        old_n = int(request.GET.get("from", new_n - 1))
    except ValueError:
        raise Http404 from None
    by_number = {s.number: s for s in submissions}
    if old_n not in by_number or new_n not in by_number or old_n >= new_n:
        raise Http404
    changes = diff_submissions(by_number[old_n].data, by_number[new_n].data)
    labels = _field_labels()
    return render(
        request,
        "rounds/request_changes.html",
        {
            "round": rnd,
            "old": by_number[old_n],
            "new": by_number[new_n],
            "changes": [(labels.get(k, k), html) for k, html in changes],
            "submissions": submissions,
        },
    )


def _field_labels():
    labels = {
        f.name: f.verbose_name for f in Round._meta.get_fields() if hasattr(f, "verbose_name")
    }
    labels["topics"] = _("Topics")
    labels["countries_of_interest"] = _("Countries or experiences of interest")
    labels["documents"] = _("Reference documents")
    labels["title"] = _("Policy, program or initiative")
    return labels


def changes_url(rnd):
    return reverse("rounds:request_changes", args=[rnd.code])
