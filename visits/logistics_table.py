"""The logistics checklist as a table (issue 11, item 12): one row per traveller, one column per
kind of international arrangement, the local arrangements below; statuses edited in place,
"confirm all" per traveller and "set the whole column". Thin glue over
``visits.logistics_bulk``; works without JavaScript (POST, then back to the table) and with htmx
(the table and the readiness card are swapped in place)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from . import logistics_bulk as bulk
from . import logistics_services as services
from .logistics_models import INTERNATIONAL_KINDS, ArrangementStatus, Side
from .logistics_views import STATUS_BADGE, get_logistics_round, readiness_context

# Inline choices: "not needed" asks for a reason in a second step.
STATUS_CHOICES = ArrangementStatus.choices


def _cell(item, user, posted):
    item.can_edit = user.has_perm("visits.edit_arrangement", item)
    item.badge_class = STATUS_BADGE[item.status]
    # While a step is pending (a reason, a confirmation), the table keeps what was chosen.
    # What the person saw stays what they saw: a concurrent change is still detected then.
    posted = posted or {}
    item.chosen = posted.get(f"s-{item.pk}", item.status)
    item.seen_status = posted.get(f"o-{item.pk}", item.status)
    item.seen_version = posted.get(f"v-{item.pk}", item.version)
    return item


def table_context(rnd, sheet, user, posted=None):
    """Rows (travellers) × columns (international kinds) of what ``user`` may see, the local
    items, and the readiness card. Queries do not grow with the travellers."""
    visible = services.visible_arrangements(rnd, user)
    context = readiness_context(rnd, sheet, user, visible)
    for item in visible:
        _cell(item, user, posted)
    international = [i for i in visible if i.side == Side.INTERNATIONAL]
    kinds = [k for k in INTERNATIONAL_KINDS if any(i.kind == k for i in international)]
    rows = {}
    for item in international:
        row = rows.setdefault(
            item.traveller_id,
            {"pk": item.traveller_id, "label": services.traveller_label(item.traveller), "by": {}},
        )
        row["by"][item.kind] = item
    for row in rows.values():
        items = list(row["by"].values())
        row["cells"] = [row["by"].get(k) for k in kinds]
        row["items"] = items
        row["ready"] = sum(i.is_done for i in items)
        row["can_confirm"] = all(i.can_edit for i in items) and any(
            i.status != ArrangementStatus.CONFIRMED for i in items
        )
    columns = []
    for kind in kinds:
        items = [i for i in international if i.kind == kind]
        columns.append(
            {
                "kind": kind.value,
                "label": kind.label,
                "items": items,
                "ready": sum(i.is_done for i in items),
                "can_edit": all(i.can_edit for i in items),
                "chosen": (posted or {}).get(f"bulk-{kind.value}", ""),
            }
        )
    local = [i for i in visible if i.side == Side.LOCAL]
    context.update(
        round=rnd,
        sheet=sheet,
        rows=list(rows.values()),
        columns=columns,
        local=local,
        can_confirm_local=bool(local)
        and all(i.can_edit for i in local)
        and any(i.status != ArrangementStatus.CONFIRMED for i in local),
        can_edit_any=any(i.can_edit for i in visible),
        status_choices=STATUS_CHOICES,
        bulk_choices=[(s.value, s.label) for s in bulk.BULK_STATUSES],
    )
    return context


def _render(request, rnd, sheet, posted=None, **extra):
    context = table_context(rnd, sheet, request.user, posted)
    context.update(extra)
    if request.headers.get("HX-Request"):
        return render(request, "visits/logistics/_table.html", {**context, "oob": True})
    return render(request, "visits/logistics/table.html", context)


def _back(rnd):
    return redirect("visits:logistics_table", code=rnd.code)


@login_required
def logistics_table(request, code):
    rnd, sheet = get_logistics_round(request.user, code)
    return _render(request, rnd, sheet)


def _done(request, rnd, sheet, changed):
    if changed:
        text = ngettext(
            "Saved: %(n)s arrangement updated.", "Saved: %(n)s arrangements updated.", len(changed)
        ) % {"n": len(changed)}
    else:
        text = _("Nothing to change: they already had that status.")
    if not request.headers.get("HX-Request"):
        messages.success(request, text)
        return _back(rnd)
    return _render(request, rnd, sheet, notice=text)


def _refused(request, rnd, sheet, exc):
    if isinstance(exc, bulk.NotAllowed):
        raise PermissionDenied
    if not request.headers.get("HX-Request"):
        messages.warning(request, exc.message)
        return _back(rnd)
    return _render(request, rnd, sheet, problem=exc.message)


def _step(request, rnd, sheet, exc, *, action, scope=""):
    """A second step (a reason, a "yes"): the table again, with what was chosen kept."""
    return _render(
        request,
        rnd,
        sheet,
        posted=request.POST,
        step={
            "message": exc.message,
            "needs_reason": exc.needs_reason,
            "items": [services.describe(i) for i in exc.items],
            "action": action,
            "scope": scope,
        },
    )


@login_required
@require_POST
def save_table(request, code):
    """The statuses changed in the table (``s-<pk>`` differing from ``o-<pk>``, as seen)."""
    user = request.user
    rnd, sheet = get_logistics_round(user, code)
    visible = {i.pk for i in services.visible_arrangements(rnd, user)}
    statuses = {}
    for name, value in request.POST.items():
        if not (name.startswith("s-") and name[2:].isdigit()):
            continue
        pk = int(name[2:])
        if pk not in visible:
            raise Http404  # another traveller's item: nothing tells it exists
        if value != request.POST.get(f"o-{pk}"):
            statuses[pk] = value
    try:
        changed = bulk.save_statuses(
            rnd,
            user,
            statuses=statuses,
            seen=bulk.parse_seen(request.POST),
            reason=request.POST.get("reason", ""),
        )
    except bulk.NeedsConfirmation as exc:
        return _step(request, rnd, sheet, exc, action="save")
    except bulk.LogisticsError as exc:
        return _refused(request, rnd, sheet, exc)
    return _done(request, rnd, sheet, changed)


@login_required
@require_POST
def bulk_update(request, code):
    """ "Confirm all" for a traveller (``scope=traveller:<pk>``) or the local side
    (``scope=local``), or one status for a whole column (``scope=kind:<kind>``, status in
    ``bulk-<kind>``)."""
    user = request.user
    rnd, sheet = get_logistics_round(user, code)
    try:
        scope = bulk.Scope.parse(request.POST.get("scope"))
    except bulk.LogisticsError as exc:
        return _refused(request, rnd, sheet, exc)
    if scope.name == "kind":
        status = request.POST.get(f"bulk-{scope.key}", "")
        if not status:
            return _refused(request, rnd, sheet, bulk.LogisticsError(_("Choose a status.")))
    else:
        status = ArrangementStatus.CONFIRMED
    try:
        changed = bulk.bulk_set_status(
            rnd,
            user,
            scope=scope,
            status=status,
            seen=bulk.parse_seen(request.POST),
            reason=request.POST.get("reason", ""),
            confirmed=request.POST.get("confirmed") == "1",
        )
    except bulk.NeedsConfirmation as exc:
        return _step(request, rnd, sheet, exc, action="bulk", scope=str(scope))
    except bulk.LogisticsError as exc:
        return _refused(request, rnd, sheet, exc)
    return _done(request, rnd, sheet, changed)
