from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accounts.enums import Role

from . import audit, services
from .dashboards import work_for
from .enums import EventVisibility, Phase
from .forms import RoundFilterForm, TransitionForm
from .models import Round
from .next_steps import steps_of_round
from .workflow import TRANSITIONS

PAGE_SIZE = 25
LATEST_EVENTS = 8  # the round page's "latest events"; the rest on the history page


def get_round_for(user, code, perm="rounds.view_round"):
    """The round if ``user`` may see it and holds ``perm`` on it.

    Someone who may not see the round gets 404, so nobody learns it exists; a participant of the
    round (who knows it exists) without ``perm`` gets 403 (docs/access.md, notes).
    """
    rnd = get_object_or_404(Round.objects.select_related("country", "institution"), code=code)
    if not user.has_perm("rounds.view_round", rnd):
        raise Http404
    if perm != "rounds.view_round" and not user.has_perm(perm, rnd):
        raise PermissionDenied
    return rnd


@login_required
def home(request):
    return render(request, "rounds/home.html", {"work": work_for(request.user)})


@login_required
def round_list(request):
    user = request.user
    base = Round.objects.visible_to(user)
    years = sorted({d.year for d in base.dates("created_at", "year")}, reverse=True)
    form = RoundFilterForm(request.GET or None, years=years)
    rounds = form.filter(base.with_list_data()).order_by("-created_at", "-pk")
    page = Paginator(rounds, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "rounds/list.html",
        {
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "is_country": user.role in Role.country_roles(),
            "can_create": user.role == Role.FOCAL_POINT,
        },
    )


def _visible_events(rnd, user):
    events = rnd.events.select_related("actor")
    if user.has_perm("rounds.view_full_timeline", rnd):
        return events
    if user.role in Role.country_roles():
        return events.filter(visibility__in=[EventVisibility.ALL, EventVisibility.COUNTRY])
    return events.filter(visibility__in=[EventVisibility.ALL, EventVisibility.PANEL])


def _progress(rnd):
    phases = Phase.progress()
    current = rnd.phase
    index = phases.index(current)
    steps = []
    for i, phase in enumerate(phases):
        status = "done" if i < index else ("current" if i == index else "todo")
        steps.append({"phase": phase, "status": status})
    return steps


@login_required
def round_detail(request, code):
    user = request.user
    rnd = get_round_for(user, code)
    if not user.has_perm("rounds.view_round_details", rnd):
        # An invited expert who has not answered yet reads only the invitation summary, whose
        # one button opens the invitation itself (read and answer on one page).
        seat = rnd.panel_seats.filter(user=user, status="invited").select_related("round").first()
        return render(request, "rounds/invitation_summary.html", {"round": rnd, "seat": seat})
    seats = rnd.panel_seats.select_related("user", "user__expert_profile__country").order_by(
        "kind", "pk"
    )
    if user.role in Role.country_roles() or user.role == Role.EXPERT:
        seats = seats.filter(status="accepted")
    steps = steps_of_round(rnd, user)
    here = rnd.get_absolute_url()
    context = {
        "round": rnd,
        "state_name": rnd.state_name_for(user),
        "staff_view": user.role == Role.SECRETARIAT,
        "progress": _progress(rnd),
        # Decisions taken on another page (publication, R5.4) are reached by the steps below.
        "actions": [a for a in services.available_actions(rnd, user) if not a["spec"].elsewhere],
        # What this person does elsewhere (a link each); the buttons below cover the rest.
        "my_steps": [
            s for s in steps if s.mine and s.url.split("#")[0] != here and s.key != "submit"
        ],
        "waiting": [s for s in steps if not s.mine],
        "events": audit.describe_events(_visible_events(rnd, user)[:LATEST_EVENTS]),
        "seats": seats,
        "coordinators": rnd.coordinators.all(),
        "can_edit_request": user.has_perm("rounds.edit_request", rnd),
        "can_read_request": user.has_perm("rounds.read_request", rnd),
        "can_download": user.has_perm("rounds.view_documents", rnd),
        "topics": rnd.topics.all(),
        "countries_of_interest": rnd.countries_of_interest.select_related("country"),
        "documents": rnd.documents.all(),
        "submission_count": rnd.submissions.count(),
    }
    return render(request, "rounds/detail.html", context)


def _holds_transition_permission(rnd, name, user):
    """Whether ``user`` may fire transition ``name`` from some state (the FSM's permission=)."""
    transitions = getattr(rnd, name)._django_fsm.transitions.values()
    return any(t.has_perm(rnd, user) for t in transitions)


@login_required
@require_http_methods(["GET", "POST"])
def transition(request, code, name):
    user = request.user
    rnd = get_round_for(user, code)
    spec = TRANSITIONS.get(name)
    if spec is None:
        raise Http404
    offered = {a["spec"].name: a for a in services.available_actions(rnd, user)}
    if name not in offered:
        if not _holds_transition_permission(rnd, name, user):
            # A participant (get_round_for let them in): they know the round exists, so 403.
            raise PermissionDenied
        # Theirs to do, but not in this state: someone acted first (a second click, an old tab
        # or e-mail link). Say so on the round page; change nothing.
        messages.warning(
            request,
            _("This action is no longer possible: the round is now “%(state)s”.")
            % {"state": rnd.state_name_for(user)},
        )
        return redirect(rnd.get_absolute_url())
    # Not ``request.POST or None``: a one-button form (or htmx) may post an empty body.
    form = TransitionForm(request.POST if request.method == "POST" else None, spec=spec)
    # A question (a visit started before its dates) is answered on this page, not only in a
    # JavaScript dialog: the service refuses without ``confirmed=1``.
    questions = offered[name]["questions"]
    if request.method == "POST" and form.is_valid():
        try:
            services.transition_round(
                rnd.pk,
                name,
                user,
                comment=form.cleaned_data.get("comment", ""),
                confirmed=request.POST.get("confirmed") == "1",
                **form.params(),
            )
        except services.NeedsConfirmation as exc:
            questions = exc.details  # asked now, answered with the button below
        except services.NotAllowed:
            raise PermissionDenied from None
        except services.StateChanged as exc:
            messages.warning(request, exc.message)
            return redirect(rnd.get_absolute_url())
        except services.RoundError as exc:
            # Guard messages are listed once, in the "Still missing" box below.
            form.add_error(None, exc.message)
        else:
            rnd.refresh_from_db()
            if name == "submit":
                return redirect("rounds:request_submitted", code=rnd.code)
            messages.success(
                request,
                _("Done: “%(action)s”. The round is now “%(state)s”.")
                % {"action": spec.label, "state": rnd.state_name_for(user)},
            )
            return redirect(rnd.get_absolute_url())
    blockers = offered[name]["blockers"] if name in offered else []
    return render(
        request,
        "rounds/transition.html",
        {"round": rnd, "spec": spec, "form": form, "blockers": blockers, "questions": questions},
    )
