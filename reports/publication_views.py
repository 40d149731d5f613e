"""The publication page (R5.4), the authorization download, the follow-up of recommendations
(R5.5) and the secretariat's follow-up overview. Thin: services in ``reports.publication``."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, Exists, Min, OuterRef, Q, Subquery
from django.db.models.functions import ExtractYear
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accounts.models import Country
from rounds import services as round_services
from rounds.enums import RoundState
from rounds.models import Round, RoundEvent
from rounds.views import get_round_for

from . import publication
from .enums import FollowUpStatus, PublicationChoice
from .models import PublicationAuthorization, Recommendation
from .publication_forms import (
    AuthorizationForm,
    ChoiceForm,
    FollowUpForm,
    OverviewFilterForm,
    SummaryForm,
)

OVERVIEW_PAGE_SIZE = 25


def _action(rnd, user, name):
    for action in round_services.available_actions(rnd, user):
        if action["spec"].name == name:
            return action
    return None


def _render_publication(request, rnd, *, authorization_form=None, summary_form=None, status=200):
    user = request.user
    report = publication.report_of(rnd)
    authorizations = list(report.authorizations.select_related("uploaded_by")) if report else []
    can_edit_summary = report is not None and user.has_perm("reports.edit_summary", rnd)
    if can_edit_summary and summary_form is None:
        summary_form = SummaryForm(initial={"summary": report.summary, "expected": report.summary})
    context = {
        "round": rnd,
        "report": report,
        "final": publication.final_version(report),
        "authorizations": authorizations,
        "current": authorizations[0] if authorizations else None,
        "earlier": authorizations[1:],
        "is_public": report is not None and report.publication_choice == PublicationChoice.PUBLIC,
        "is_internal": report is not None
        and report.publication_choice == PublicationChoice.INTERNAL,
        "approved": rnd.status == RoundState.APPROVED,
        "can_choose": report is not None and user.has_perm("reports.choose_publication", rnd),
        "can_download": user.has_perm("reports.download_authorization", rnd),
        "can_edit_summary": can_edit_summary,
        "can_follow_up": user.has_perm("reports.view_follow_up", rnd),
        "authorization_form": authorization_form or AuthorizationForm(),
        "summary_form": summary_form,
        "publish": _action(rnd, user, "publish"),
        "keep_internal": _action(rnd, user, "keep_internal"),
        "portal_url": reverse("portal:report", args=[rnd.code])
        if report is not None and report.is_published
        else "",
    }
    return render(request, "reports/publication/page.html", context, status=status)


@login_required
@require_GET
def publication_page(request, code):
    rnd = get_round_for(request.user, code, "reports.view_publication")
    return _render_publication(request, rnd)


@login_required
@require_POST
def publication_choose(request, code):
    user = request.user
    rnd = get_round_for(user, code, "reports.choose_publication")
    form = ChoiceForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose whether the report is public or internal."))
        return redirect("reports:publication", code=rnd.code)
    try:
        publication.choose_publication(rnd, user, form.cleaned_data["choice"])
    except round_services.NotAllowed:
        raise Http404 from None
    except round_services.RoundError as exc:
        messages.warning(request, exc.message)
    else:
        messages.success(
            request,
            _(
                "Recorded: the report will be public. Now upload the signed written "
                "authorization of your institution."
            ),
        )
    return redirect(f"{reverse('reports:publication', args=[rnd.code])}#authorization")


@login_required
@require_POST
def authorization_upload(request, code):
    user = request.user
    rnd = get_round_for(user, code, "reports.choose_publication")
    form = AuthorizationForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            publication.upload_authorization(
                rnd,
                user,
                uploaded=form.cleaned_data["file"],
                signed_by=form.cleaned_data["signed_by"],
            )
        except round_services.StateChanged as exc:
            messages.warning(request, exc.message)
            return redirect("reports:publication", code=rnd.code)
        except round_services.RoundError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(
                request,
                _(
                    "The signed authorization is on file. The Technical Secretariat has been "
                    "told and will publish the report."
                ),
            )
            return redirect("reports:publication", code=rnd.code)
    return _render_publication(request, rnd, authorization_form=form, status=400)


@login_required
@require_POST
def publication_summary(request, code):
    user = request.user
    rnd = get_round_for(user, code, "reports.edit_summary")
    form = SummaryForm(request.POST)
    if form.is_valid():
        try:
            publication.save_summary(
                rnd,
                user,
                summary=form.cleaned_data["summary"],
                expected=form.cleaned_data["expected"],
            )
        except publication.Conflict as exc:
            form = SummaryForm(
                {"summary": form.cleaned_data["summary"], "expected": exc.current or ""}
            )
            form.conflict_text = exc.current
            form.add_error(None, exc.message)
            return _render_publication(request, rnd, summary_form=form, status=409)
        except round_services.StateChanged as exc:
            messages.warning(request, exc.message)
            return redirect("reports:publication", code=rnd.code)
        messages.success(request, _("The portal summary is saved."))
        return redirect("reports:publication", code=rnd.code)
    return _render_publication(request, rnd, summary_form=form, status=400)


@login_required
@require_GET
def authorization_download(request, code, pk):
    rnd = get_round_for(request.user, code, "reports.download_authorization")
    authorization = get_object_or_404(PublicationAuthorization, pk=pk, report__round=rnd)
    response = FileResponse(
        authorization.file.open("rb"),
        as_attachment=True,
        filename=authorization.original_name or "authorization.pdf",
        content_type="application/pdf",
    )
    response["Cache-Control"] = "private, no-store"
    return response


# --- Follow-up of recommendations (R5.5) --------------------------------------------------------
def _follow_up_rows(report, can_record, bound=None):
    rows = []
    items = list(report.recommendations.order_by("position", "pk")) if report else []
    for number, item in enumerate(items, start=1):
        form = None
        if can_record:
            if bound is not None and bound[0] == item.pk:
                form = bound[1]
            else:
                form = FollowUpForm(
                    initial={
                        "status": item.follow_up_status,
                        "note": item.follow_up_note,
                        "version": item.version,
                    },
                    prefix=f"r{item.pk}",
                )
        rows.append({"number": number, "item": item, "form": form})
    return rows


def _render_follow_up(request, rnd, *, bound=None, status=200):
    user = request.user
    report = publication.report_of(rnd)
    can_record = user.has_perm("reports.record_follow_up", rnd)
    rows = _follow_up_rows(report, can_record, bound)
    counts = dict.fromkeys(FollowUpStatus.values, 0)
    for row in rows:
        counts[row["item"].follow_up_status] += 1
    context = {
        "round": rnd,
        "report": report,
        "rows": rows,
        "can_record": can_record,
        "counts": [(FollowUpStatus(s), n) for s, n in counts.items()],
    }
    return render(request, "reports/publication/follow_up.html", context, status=status)


@login_required
@require_GET
def follow_up(request, code):
    rnd = get_round_for(request.user, code, "reports.view_follow_up")
    return _render_follow_up(request, rnd)


@login_required
@require_POST
def follow_up_save(request, code, pk):
    user = request.user
    rnd = get_round_for(user, code, "reports.record_follow_up")
    form = FollowUpForm(request.POST, prefix=f"r{pk}")
    if form.is_valid():
        try:
            publication.record_follow_up(
                rnd,
                user,
                recommendation_id=pk,
                status=form.cleaned_data["status"],
                note=form.cleaned_data["note"],
                version=form.cleaned_data["version"],
            )
        except publication.Conflict as exc:
            current = exc.current
            form = FollowUpForm(
                {
                    f"r{pk}-status": form.cleaned_data["status"],
                    f"r{pk}-note": form.cleaned_data["note"],
                    f"r{pk}-version": current.version,
                },
                prefix=f"r{pk}",
            )
            form.is_valid()
            form.add_error(None, exc.message)
            form.saved = current
            return _render_follow_up(request, rnd, bound=(pk, form), status=409)
        except round_services.NotAllowed:
            raise Http404 from None
        except round_services.RoundError as exc:
            form.add_error(None, exc.message)
            return _render_follow_up(request, rnd, bound=(pk, form), status=400)
        messages.success(request, _("Follow-up saved."))
        return redirect(f"{reverse('reports:follow_up', args=[rnd.code])}#rec-{pk}")
    return _render_follow_up(request, rnd, bound=(pk, form), status=400)


def _approval_year():
    first = (
        RoundEvent.objects.filter(round_id=OuterRef("pk"), to_state=RoundState.APPROVED)
        .values("round_id")
        .annotate(at=Min("created_at"))
        .values("at")[:1]
    )
    return ExtractYear(Subquery(first))


@login_required
@require_GET
def follow_up_overview(request):
    """Across rounds (secretariat): recommendations per follow-up status, by round."""
    if not request.user.has_perm("reports.view_follow_up_overview"):
        raise Http404
    has_recommendations = Exists(Recommendation.objects.filter(report__round_id=OuterRef("pk")))
    base = Round.objects.filter(has_recommendations, status__in=publication.FOLLOW_UP_STATES)
    base = base.annotate(approved_year=_approval_year())
    countries = sorted(
        ((c.code, c.name) for c in Country.objects.filter(pk__in=base.values("country_id"))),
        key=lambda c: c[1],
    )
    years = sorted(
        {y for y in base.values_list("approved_year", flat=True).distinct() if y}, reverse=True
    )
    form = OverviewFilterForm(request.GET or None, countries=countries, years=years)
    chosen = form.values
    chosen_rounds = base
    if chosen.get("country"):
        chosen_rounds = chosen_rounds.filter(country__code=chosen["country"])
    if chosen.get("year"):
        chosen_rounds = chosen_rounds.filter(approved_year=chosen["year"])
    per_status = {
        s: Count("report__recommendations", filter=Q(report__recommendations__follow_up_status=s))
        for s in FollowUpStatus.values
    }
    rounds = (
        chosen_rounds.select_related("country", "institution")
        .annotate(total=Count("report__recommendations"), **per_status)
        .order_by("-approved_year", "-pk")
    )
    totals = Recommendation.objects.filter(
        report__round_id__in=chosen_rounds.values("pk")
    ).aggregate(
        total=Count("pk"),
        **{f"t_{s}": Count("pk", filter=Q(follow_up_status=s)) for s in FollowUpStatus.values},
    )
    page = Paginator(rounds, OVERVIEW_PAGE_SIZE).get_page(request.GET.get("page"))
    for rnd in page:
        rnd.status_counts = [getattr(rnd, s) for s in FollowUpStatus.values]
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "page": page,
        "query": query.urlencode(),
        "statuses": list(FollowUpStatus),
        "totals": [(FollowUpStatus(s), totals[f"t_{s}"] or 0) for s in FollowUpStatus.values],
        "total": totals["total"] or 0,
    }
    return render(request, "reports/publication/follow_up_overview.html", context)
