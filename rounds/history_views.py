"""The round's history: every audit entry the person may read, by day, filterable by phase and
by person (docs/architecture.md, "Audit trail")."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils import timezone

from accounts.models import User

from . import audit
from .views import _visible_events, get_round_for

HISTORY_PAGE_SIZE = 50


@login_required
def round_history(request, code):
    user = request.user
    rnd = get_round_for(user, code)
    if not user.has_perm("rounds.view_round_details", rnd):
        # An invited expert who has not answered yet knows the round, not its history.
        raise PermissionDenied
    visible = _visible_events(rnd, user)
    # The people who appear in what this person may read (never in entries hidden from them).
    people = list(
        User.objects.filter(pk__in=visible.filter(actor__isnull=False).values("actor_id"))
        .only("pk", "full_name")
        .order_by("full_name")
    )
    phase = request.GET.get("phase", "")
    if phase not in audit.AuditPhase.values:
        phase = ""
    person = request.GET.get("person", "")
    if person not in {str(p.pk) for p in people}:
        person = ""
    events = visible
    if phase:
        events = events.filter(audit.phase_q(phase))
    if person:
        events = events.filter(actor_id=person)
    page = Paginator(events, HISTORY_PAGE_SIZE).get_page(request.GET.get("page"))
    entries = audit.describe_events(page.object_list)
    for event in entries:
        event.day = timezone.localdate(event.created_at)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "rounds/history.html",
        {
            "round": rnd,
            "page": page,
            "entries": entries,
            "phases": audit.AuditPhase.choices,
            "people": people,
            "phase": phase,
            "person": person,
            "filtered": bool(phase or person),
            "query": query.urlencode(),
        },
    )
