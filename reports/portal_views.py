"""The public portal (no login): published final reports, searchable and filtered, a page per
report, and the network's results counters (R6.3). Spanish and English (the language switcher).

Only reports the secretariat published (``published_at`` set, round ``published``) ever appear;
anything else answers 404, to everyone.

Full-text search: on PostgreSQL a ``to_tsvector('simple', search_text)`` match with prefix terms
(``focaliz`` finds *focalización*), served by a GIN expression index (migration
``reports.0002``); the ``simple`` configuration because reports are written in the
four languages of the network and people search them in another; newest first (no ranking: it would compute the vector of
every match). Elsewhere (SQLite, ``make
run``) every word must appear in the text (``icontains``).
"""

from datetime import date

from django.contrib.postgres.search import SearchQuery, SearchVector
from django.core.paginator import Paginator
from django.db import connection
from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_GET

from accounts.models import Country
from rounds.enums import RoundState
from rounds.request_models import Topic

from . import counters
from .enums import Horizon, Priority
from .models import Report
from .publication import final_version
from .publication_forms import PortalFilterForm, search_words

PAGE_SIZE = 20
LATEST = 6
SEARCH_CONFIG = "simple"


def published_reports():
    return Report.objects.filter(published_at__isnull=False, round__status=RoundState.PUBLISHED)


def search(reports, text):
    """Reports whose text holds every word of ``text`` (as a prefix, on PostgreSQL)."""
    words = search_words(text)
    if not words:
        return reports, False
    if connection.vendor == "postgresql":
        query = SearchQuery(
            " & ".join(f"{word}:*" for word in words), search_type="raw", config=SEARCH_CONFIG
        )
        vector = SearchVector("search_text", config=SEARCH_CONFIG)
        # alias, not annotate: the vector is only matched (by the GIN index), never selected.
        return reports.alias(document=vector).filter(document=query), True
    for word in words:
        reports = reports.filter(search_text__icontains=word)
    return reports, False


def _filter_choices():
    published = published_reports()
    round_ids = published.values("round_id")
    countries = sorted(
        (
            (c.code, c.name)
            for c in Country.objects.filter(rounds__pk__in=round_ids).distinct().order_by()
        ),
        key=lambda c: c[1],
    )
    topics = sorted(
        ((t.pk, t.name) for t in Topic.objects.filter(rounds__pk__in=round_ids).distinct()),
        key=lambda t: t[1],
    )
    years = sorted({d.year for d in published.dates("published_at", "year")}, reverse=True)
    return countries, topics, years


def _with_list_data(reports):
    return reports.select_related("round__country", "round__institution").prefetch_related(
        "round__topics"
    )


@require_GET
def home(request):
    latest = _with_list_data(published_reports().order_by("-published_at", "-pk"))[:LATEST]
    return render(
        request,
        "portal/home.html",
        {
            "results": counters.results(),
            "latest": latest,
            "form": PortalFilterForm(),
        },
    )


@require_GET
def report_list(request):
    countries, topics, years = _filter_choices()
    form = PortalFilterForm(request.GET or None, countries=countries, topics=topics, years=years)
    chosen = form.values
    reports = published_reports()
    if chosen.get("country"):
        reports = reports.filter(round__country__code=chosen["country"])
    if chosen.get("topic"):
        reports = reports.filter(round__topics__pk=chosen["topic"])
    if chosen.get("year"):
        reports = reports.filter(published_at__year=chosen["year"])
    reports, _indexed = search(reports, chosen.get("q", ""))
    page = Paginator(_with_list_data(reports.order_by("-published_at", "-pk")), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "portal/list.html",
        {
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "searching": bool(chosen),
            "q": chosen.get("q", ""),
        },
    )


def _date(value):
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


def _panel_countries(rnd):
    """The countries of the experts who took part (accepted seats), and the OAS."""
    names, oas = set(), False
    seats = rnd.panel_seats.filter(status="accepted").select_related(
        "user__expert_profile__country"
    )
    for seat in seats:
        profile = getattr(seat.user, "expert_profile", None)
        if profile is not None and profile.country_id:
            names.add(profile.country.name)
        else:
            oas = True
    return sorted(names), oas


@require_GET
def report_detail(request, code):
    report = (
        published_reports()
        .select_related("round__country", "round__institution")
        .filter(round__code=code)
        .first()
    )
    if report is None:
        raise Http404
    rnd = report.round
    version = final_version(report)
    if version is None:
        raise Http404
    content = version.content or {}
    recommendations = []
    for item in content.get("recommendations", []):
        priority, horizon = item.get("priority"), item.get("horizon")
        recommendations.append(
            {
                **item,
                "priority_label": Priority(priority).label
                if priority in Priority.values
                else item.get("priority_label", ""),
                "horizon_label": Horizon(horizon).label
                if horizon in Horizon.values
                else item.get("horizon_label", ""),
            }
        )
    countries, oas = _panel_countries(rnd)
    info = content.get("round") or {}
    return render(
        request,
        "portal/report.html",
        {
            "report": report,
            "round": rnd,
            "version": version,
            "topics": list(rnd.topics.all()),
            "recommendations": recommendations,
            "panel_countries": countries,
            "panel_oas": oas,
            "visit_start": _date(info.get("visit_start")),
            "visit_end": _date(info.get("visit_end")),
            "summary": report.summary or content.get("summary", ""),
        },
    )


@require_GET
def results(request):
    return render(request, "portal/results.html", {"results": counters.results()})
