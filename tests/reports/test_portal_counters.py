"""The network's results counters (R6.3): rounds held, countries taking part (beneficiary,
cooperating), experts mobilised, recommendations issued — in all and per year, cached."""

from datetime import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from panels.models import PanelSeat
from reports import counters
from rounds.models import RoundEvent
from tests.reports.publication_helpers import (
    approved_round,
    authorize,
    give_report,
    publish,
    published_round,
)


@pytest.fixture(autouse=True)
def _fresh(settings, tmp_path):
    settings.LANGUAGE_CODE = "en"
    settings.MEDIA_ROOT = tmp_path
    counters.clear()
    yield
    counters.clear()


def as_tuple(c):
    return (
        c.rounds_held,
        c.beneficiary_countries,
        c.cooperating_countries,
        c.countries,
        c.experts,
        c.recommendations,
    )


@pytest.fixture
def network(cast, make_round):
    """Guatemala: published (3 recommendations), closed internal (3), in country review (3, not
    yet issued), drafting (3, not issued), cancelled after its visit, and a request still under
    review. Honduras: approved (2 recommendations) with Mexico on its panel too."""
    published = published_round(make_round, cast)
    internal = make_round("closed_internal", title="Pensiones")
    give_report(internal)
    review = make_round("country_review", title="Cuidados")
    give_report(review)
    drafting = make_round("report_drafting", title="Empleo")
    give_report(drafting)
    make_round("cancelled", cancel_from="report_drafting", title="Cancelada")
    make_round("submitted", title="Nueva solicitud")
    hn = make_round("approved", institution=cast.hn_institution, title="Registro")
    give_report(hn, recommendations=0)
    from reports.models import Recommendation, Report

    report = Report.objects.get(round=hn)
    for i in range(2):
        Recommendation.objects.create(report=report, position=i, text=f"HN {i}")
    PanelSeat.objects.filter(round=hn, user=cast.expert_mx).update(status="accepted")
    return {"published": published, "internal": internal, "hn": hn, "drafting": drafting}


def test_r6_3_counters_count_rounds_held_countries_experts_and_recommendations(network):
    results = counters.compute()
    # Held: published, closed internal, country review, drafting (Guatemala) and approved
    # (Honduras) = 5; the cancelled round and the request are not. Beneficiaries: GT, HN.
    # Cooperating: Chile, Uruguay, Mexico (Honduras's panel). Experts: Rojas, Sosa, Herrera.
    # Recommendations issued: 3 (published) + 3 (internal) + 2 (Honduras, approved) = 8.
    assert as_tuple(results.total) == (5, 2, 3, 5, 3, 8)
    year = timezone.now().year
    assert list(results.by_year) == [year]
    assert as_tuple(results.by_year[year]) == (5, 2, 3, 0, 3, 8)


def test_r6_3_counters_per_year_follow_the_visit_and_the_approval(network):
    hn = network["hn"]
    last_year = timezone.now().year - 1
    RoundEvent.objects.filter(round=hn).update(
        created_at=timezone.make_aware(datetime(last_year, 6, 1))
    )
    results = counters.compute()
    this_year = results.by_year[timezone.now().year]
    before = results.by_year[last_year]
    assert as_tuple(before) == (1, 1, 3, 0, 3, 2)
    assert as_tuple(this_year) == (4, 1, 2, 0, 2, 6)
    assert as_tuple(results.total) == (5, 2, 3, 5, 3, 8)
    assert results.years == [timezone.now().year, last_year]


def test_r6_3_counters_are_cached_and_cleared_when_a_report_is_published(
    cast, make_round, network, django_capture_on_commit_callbacks
):
    first = counters.results()
    assert first.total.rounds_held == 5
    another = approved_round(make_round, title="Otra ronda")  # one more round held
    assert counters.results().total.rounds_held == 5  # from the cache
    authorize(another, cast.gt_focal_point)
    with django_capture_on_commit_callbacks(execute=True):
        publish(another, cast.secretariat)
    assert counters.results().total.rounds_held == 6
    assert counters.results().total.recommendations == 11


def test_r6_3_the_counters_take_six_queries(network, django_assert_num_queries):
    with django_assert_num_queries(6):
        counters.compute()


def test_r6_3_the_portal_shows_the_counters(client, network):
    page = client.get(reverse("portal:home")).content.decode()
    assert "cooperation rounds held" in page
    assert "countries taking part (2 beneficiary, 3 cooperating)" in page
    response = client.get(reverse("portal:results"))
    assert as_tuple(response.context["results"].total) == (5, 2, 3, 5, 3, 8)
    assert "Year by year" in response.content.decode()
