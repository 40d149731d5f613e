"""The expert roster (phase 2): the secretariat's directory of experts, each expert's page, and
the forms with which the secretariat invites and edits experts and experts keep their topics.

Access (docs/access.md, "roster" row): the roster and the edit pages are the secretariat's
(OAS coordinators are secretariat staff); an expert's page is also open to the expert. Anyone
else logged in gets **404**; anonymous visitors go to the login page.
"""

import rules
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Count, IntegerField, OuterRef, Prefetch, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accounts import services as account_services
from accounts.enums import Role
from accounts.models import Invitation, User
from accounts.rules import is_same_person
from rounds.enums import OPEN_STATES, RoundState
from rounds.models import Round
from rounds.rules import is_secretariat

from . import services as panel_services
from .eligibility import rounds_open_to
from .enums import SeatKind, SeatStatus
from .expertise import set_expertise
from .models import Expertise, PanelSeat
from .roster_forms import (
    PAGE_SIZE,
    ExpertEditForm,
    ExpertInviteForm,
    MyTopicsForm,
    RosterFilterForm,
    RosterProposeForm,
)

can_view_roster = is_secretariat
can_edit_expert = is_secretariat
can_view_expert = is_secretariat | is_same_person


@rules.predicate
def is_expert(user):
    return bool(user and user.is_authenticated and user.is_active and user.role == Role.EXPERT)


def _topics_prefetch():
    return Prefetch(
        "expertise",
        queryset=Expertise.objects.select_related("topic").order_by(
            "topic__methodology", "topic__position", "topic__name_en"
        ),
        to_attr="topic_rows",
    )


ROSTER_COLUMNS = [
    "full_name",
    "role",
    "is_active",
    "expert_profile__position",
    "expert_profile__languages",
    "expert_profile__manages_teams",
    "expert_profile__country__code",
    "expert_profile__country__name_es",
    "expert_profile__country__name_en",
    "expert_profile__country__name_pt",
    "expert_profile__country__name_fr",
    "expert_profile__institution__name",
    "expert_profile__institution__acronym",
]


def listed_experts():
    """Who the roster lists: active experts with a profile (filters narrow this down)."""
    return User.objects.filter(role=Role.EXPERT, is_active=True, expert_profile__isnull=False)


def roster_rows(ids):
    """The experts ``ids`` with what the table shows, in that order: three queries whatever the
    number (the count of accepted seats is a subquery, topics and open panels are prefetched)."""
    accepted = (
        PanelSeat.objects.filter(user=OuterRef("pk"), status=SeatStatus.ACCEPTED)
        .order_by()
        .values("user")
        .annotate(n=Count("pk"))
        .values("n")
    )
    open_seats = (
        PanelSeat.objects.filter(status__in=SeatStatus.holding(), round__status__in=OPEN_STATES)
        .select_related("round")
        .order_by("round__code")
    )
    rows = (
        User.objects.filter(pk__in=ids)
        .select_related("expert_profile__country", "expert_profile__institution")
        .only(*ROSTER_COLUMNS)
        .order_by()  # put in the ids' order below
        .annotate(rounds_served=Coalesce(Subquery(accepted, output_field=IntegerField()), 0))
        .prefetch_related(
            _topics_prefetch(),
            Prefetch("panel_seats", queryset=open_seats, to_attr="open_seats"),
        )
    )
    by_id = {user.pk: user for user in rows}
    return [by_id[pk] for pk in ids if pk in by_id]


@login_required
def roster(request):
    if not can_view_roster(request.user):
        raise Http404
    form = RosterFilterForm(request.GET or None)
    # Two steps: the ids of every match, sorted by name (one narrow scan serves both the count
    # and the page), then the page's 25 rows with their details. The text search scans each
    # profile once instead of twice, and deep pages cost what the first does
    # (tests/perf/bench_roster.py).
    ids = list(
        form.filter(listed_experts()).order_by("full_name", "pk").values_list("pk", flat=True)
    )
    page = Paginator(ids, PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = roster_rows(list(page.object_list))
    query = request.GET.copy()
    query.pop("page", None)
    pending = list(
        Invitation.objects.usable()
        .filter(role=Role.EXPERT)
        .select_related("expert_country")
        .order_by("full_name", "pk")
    )
    return render(
        request,
        "panels/roster.html",
        {
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "pending_invitations": pending,
            # "Propose for a round" is offered while some panel is being formed.
            "can_propose": Round.objects.filter(status=RoundState.PANEL_FORMING).exists(),
            "back": request.GET.urlencode(),
        },
    )


def _roster_url(back):
    """The roster with the search the person came from (only its own filters are kept)."""
    kept = QueryDict(back or "", mutable=True)
    allowed = {"q", "topic", "country", "language", "manages_teams", "similar", "page"}
    for key in list(kept):
        if key not in allowed:
            del kept[key]
    url = reverse("panels:roster")
    return f"{url}?{kept.urlencode()}" if kept else url


def _forming_rounds():
    held = PanelSeat.objects.holding().select_related("user__expert_profile")
    return (
        Round.objects.filter(status=RoundState.PANEL_FORMING)
        .select_related("country", "institution")
        .prefetch_related(
            "selected_states",
            "countries_of_interest",
            Prefetch("panel_seats", queryset=held, to_attr="holding_seats"),
        )
        .order_by("code")
    )


@login_required
@require_http_methods(["GET", "POST"])
def roster_propose(request, user_id):
    """Propose an expert found in the roster for a round being formed: the same rules as the
    panel page (hard rules refuse, warnings need a reason), then back to the same search."""
    if not can_view_roster(request.user):
        raise Http404
    expert = get_object_or_404(
        listed_experts().select_related("expert_profile__country", "expert_profile__institution"),
        pk=user_id,
    )
    rows = rounds_open_to(expert, _forming_rounds())
    data = request.POST if request.method == "POST" else None
    form = RosterProposeForm(data, rows=rows, initial={"back": request.GET.get("back", "")})
    chosen = None
    if request.method == "POST" and form.is_valid():
        chosen = next(r for r in rows if r["round"].code == form.cleaned_data["round"])
        rnd = chosen["round"]
        next_rank = max(
            (s.rank for s in rnd.holding_seats if s.kind == SeatKind.SPECIALIST), default=0
        )
        try:
            panel_services.propose(
                rnd,
                expert,
                SeatKind.SPECIALIST,
                request.user,
                rank=next_rank + 1,
                override_reason=form.cleaned_data["override_reason"],
            )
        except panel_services.NeedsOverride as exc:
            form.add_error("override_reason", exc.message)
        except panel_services.PanelError as exc:
            for problem in exc.details or [exc.message]:
                form.add_error(None, problem)
        else:
            messages.success(
                request,
                _(
                    "%(name)s is proposed for the panel of %(code)s. The country is asked to "
                    "agree (R2.1); then you can invite the expert from the panel page."
                )
                % {"name": expert.full_name, "code": rnd.code},
            )
            return redirect(_roster_url(form.cleaned_data["back"]))
    return render(
        request,
        "panels/roster_propose.html",
        {
            "expert": expert,
            "profile": expert.expert_profile,
            "form": form,
            "open_rows": [r for r in rows if not r["problems"]],
            "closed_rows": [r for r in rows if r["problems"]],
            "chosen": form["round"].value(),
            "roster_url": _roster_url(form["back"].value()),
        },
        status=400 if form.errors else 200,
    )


@login_required
def expert_detail(request, user_id):
    viewer = request.user
    # Decided before the lookup: whether the id exists is nobody else's business.
    if not (is_secretariat(viewer) or viewer.pk == user_id):
        raise Http404
    expert = get_object_or_404(
        User.objects.select_related(
            "expert_profile__country", "expert_profile__institution__country"
        ).prefetch_related(_topics_prefetch()),
        pk=user_id,
        role=Role.EXPERT,
    )
    if not can_view_expert(viewer, expert):
        raise Http404
    seats = PanelSeat.objects.filter(user=expert).select_related(
        "round__country", "round__institution"
    )
    if not is_secretariat(viewer):
        # A proposal the secretariat has not turned into an invitation is its own and the
        # country's business (R2.1): the expert learns of a seat when invited.
        seats = seats.exclude(status=SeatStatus.PROPOSED).exclude(
            status=SeatStatus.WITHDRAWN, invited_at__isnull=True
        )
    seats = list(seats.order_by("-created_at", "-pk"))
    if is_secretariat(viewer):
        openable = {seat.round_id for seat in seats}
    else:
        openable = set(
            Round.objects.visible_to(viewer)
            .filter(pk__in=[seat.round_id for seat in seats])
            .values_list("pk", flat=True)
        )
    for seat in seats:
        seat.can_open_round = seat.round_id in openable
    return render(
        request,
        "panels/expert.html",
        {
            "expert": expert,
            "profile": getattr(expert, "expert_profile", None),
            "seats": seats,
            "rounds_served": sum(seat.status == SeatStatus.ACCEPTED for seat in seats),
            "is_self": viewer.pk == expert.pk,
            "can_edit": can_edit_expert(viewer),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def expert_edit(request, user_id):
    if not can_edit_expert(request.user):
        raise Http404
    expert = get_object_or_404(
        User.objects.select_related("expert_profile"), pk=user_id, role=Role.EXPERT
    )
    profile = getattr(expert, "expert_profile", None)
    data = request.POST if request.method == "POST" else None
    files = request.FILES if request.method == "POST" else None
    form = ExpertEditForm(data, files, instance=profile, expert=expert)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            account_services.update_profile(
                expert,
                user_fields=form.user_fields(),
                expert_fields=form.expert_fields(),
                cv=form.cleaned_data.get("cv_file"),
                remove_cv=bool(form.cleaned_data.get("remove_cv")),
            )
            set_expertise(expert, form.cleaned_data["topics"])
        messages.success(request, _("The profile of %(name)s was saved.") % {"name": expert})
        return redirect("panels:expert", user_id=expert.pk)
    return render(
        request,
        "panels/expert_form.html",
        {"form": form, "expert": expert, "profile": profile},
    )


@login_required
@require_http_methods(["GET", "POST"])
def expert_new(request):
    if not can_edit_expert(request.user):
        raise Http404
    form = ExpertInviteForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            with transaction.atomic():
                invitation, _token = account_services.invite_person(
                    email=data["email"],
                    full_name=data["full_name"],
                    role=Role.EXPERT,
                    invited_by=request.user,
                    language=data["language"],
                    institution=data["institution"],
                    country=data["country"],
                )
        except account_services.AccountExists as exc:
            form.add_error(
                "email",
                _(
                    "%(email)s already has an account: look the person up in the roster or "
                    "on the People page."
                )
                % {"email": exc.email},
            )
        else:
            messages.success(
                request,
                _(
                    "Invitation sent to %(name)s (%(email)s); the link works until %(date)s. "
                    "The expert appears in the roster once the account is created; you can then "
                    "complete the profile and the topics."
                )
                % {
                    "name": invitation.full_name,
                    "email": invitation.email,
                    "date": date_format(invitation.expires_at, "DATE_FORMAT"),
                },
            )
            return redirect("panels:roster")
    return render(request, "panels/expert_new.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def my_topics(request):
    """An expert keeps their own topics of expertise current."""
    user = request.user
    if not is_expert(user):
        raise Http404
    form = MyTopicsForm(request.POST if request.method == "POST" else None, user=user)
    if request.method == "POST" and form.is_valid():
        set_expertise(user, form.cleaned_data["topics"])
        messages.success(request, _("Your topics of expertise were saved."))
        return redirect("panels:expert", user_id=user.pk)
    return render(request, "panels/expert_topics.html", {"form": form})
