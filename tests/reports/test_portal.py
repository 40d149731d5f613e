"""The public portal (no login): published final reports only, full-text search, filters, a
page per report with its PDF link, Spanish and English; query counts of its pages."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from reports import counters
from reports.models import Report
from rounds.models import Topic
from tests.reports.publication_helpers import (
    FINDINGS_WORD,
    approved_round,
    give_report,
    published_round,
)


@pytest.fixture(autouse=True)
def _fresh(settings, tmp_path):
    settings.LANGUAGE_CODE = "en"
    settings.MEDIA_ROOT = tmp_path
    counters.clear()
    yield
    counters.clear()


def listed(client, **params):
    response = client.get(reverse("portal:reports"), params)
    assert response.status_code == 200
    return [r.round.code for r in response.context["page"]]


def test_the_portal_answers_without_login(client, cast, make_round):
    rnd = published_round(make_round, cast)
    for name, args in [("home", []), ("reports", []), ("results", []), ("report", [rnd.code])]:
        assert client.get(reverse(f"portal:{name}", args=args)).status_code == 200


def test_only_published_reports_are_listed(client, cast, make_round):
    published = published_round(make_round, cast)
    approved = approved_round(make_round, title="Cuidados comunitarios")
    internal = make_round("closed_internal", title="Pensiones no contributivas")
    give_report(internal)
    assert listed(client) == [published.code]
    home = client.get(reverse("portal:home"))
    assert [r.round.code for r in home.context["latest"]] == [published.code]
    for rnd in (approved, internal):
        assert client.get(reverse("portal:report", args=[rnd.code])).status_code == 404


def test_unpublished_reports_answer_404_to_everyone(client, cast, make_round):
    rnd = approved_round(make_round)
    target = reverse("portal:report", args=[rnd.code])
    for user in (None, cast.hn_focal_point, cast.expert_mx, cast.gt_focal_point, cast.secretariat):
        client.logout()
        if user is not None:
            client.force_login(user)
        assert client.get(target).status_code == 404
    assert client.get(reverse("portal:report", args=["RIPSO-1999-999"])).status_code == 404


def test_a_published_report_page_shows_its_facts_and_links_the_pdf(client, cast, make_round):
    rnd = published_round(make_round, cast)
    report = Report.objects.get(round=rnd)
    version = report.versions.get(kind="final")
    response = client.get(reverse("portal:report", args=[rnd.code]))
    page = response.content.decode()
    assert report.title in page
    assert "Guatemala" in page and "Ministerio de Desarrollo Social" in page
    assert report.summary in page
    assert page.count("Recomendación ") == 3
    assert "Priority: High" in page
    pdf = reverse("reports:version_pdf", kwargs={"code": rnd.code, "pk": version.pk})
    assert f'href="{pdf}"' in page
    # The panel: Chile and Uruguay (accepted experts) and the OAS coordinators.
    assert response.context["panel_countries"] == ["Chile", "Uruguay"]
    assert response.context["panel_oas"] is True
    assert [t.pk for t in response.context["topics"]] == list(
        rnd.topics.values_list("pk", flat=True)
    )


def test_search_finds_a_word_of_the_findings_and_its_start(client, cast, make_round):
    rnd = published_round(make_round, cast)
    other = published_round(make_round, cast, title="Pensiones")
    Report.objects.filter(round=other).update(search_text="Pensiones no contributivas.")
    assert listed(client, q=FINDINGS_WORD) == [rnd.code]
    assert listed(client, q="GEORREF") == [rnd.code]  # the start of a word, any case
    assert listed(client, q="pensiones contributivas") == [other.code]
    assert listed(client, q="pensiones georreferenciación") == []
    assert listed(client, q="!!! & | :*") == sorted([rnd.code, other.code], reverse=True)


def test_the_search_uses_the_gin_index(cast, make_round):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexdef FROM pg_indexes WHERE indexname = 'reports_report_search_gin'"
        )
        (definition,) = cursor.fetchone()
    assert "gin" in definition
    assert "to_tsvector('simple'::regconfig, COALESCE(search_text, ''::text))" in definition
    from reports.portal_views import search

    with connection.cursor() as cursor:
        cursor.execute("SET enable_seqscan = off")
    qs, _ranked = search(Report.objects.all(), "focaliza")
    assert "reports_report_search_gin" in qs.explain()


def test_filters_by_country_topic_and_year(client, cast, make_round):
    topics = list(Topic.objects.filter(methodology="ripso").order_by("pk")[:2])
    gt = published_round(make_round, cast, topics=[topics[0]])
    hn = published_round(
        make_round, cast, institution=cast.hn_institution, title="Registro", topics=[topics[1]]
    )
    Report.objects.filter(round=hn).update(
        published_at=timezone.now().replace(year=timezone.now().year - 1)
    )
    assert listed(client, country="GT") == [gt.code]
    assert listed(client, country="HN") == [hn.code]
    assert listed(client, topic=topics[1].pk) == [hn.code]
    assert listed(client, year=timezone.now().year) == [gt.code]
    assert listed(client, year=timezone.now().year - 1, country="GT") == []
    response = client.get(reverse("portal:reports"))
    form = response.context["form"]
    assert [c for c, _n in form.fields["country"].choices] == ["", "GT", "HN"]
    assert [y for y, _l in form.fields["year"].choices][1:] == [
        timezone.now().year,
        timezone.now().year - 1,
    ]


def test_the_portal_looks_like_a_public_site(client, cast, make_round):
    published_round(make_round, cast)
    page = client.get(reverse("portal:home")).content.decode()
    assert "Inter-American Social Protection Network" in page
    assert "My work" not in page and "Inbox" not in page  # no app navigation
    assert reverse("accounts:set_language") in page  # the language switcher
    assert "Members&#x27; area" in page or "Members' area" in page


def test_the_portal_speaks_spanish_and_english(client, cast, make_round):
    rnd = published_round(make_round, cast)
    target = reverse("portal:report", args=[rnd.code])
    page = client.get(target, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<html lang="en">' in page
    client.post(reverse("accounts:set_language"), {"language": "es", "next": target})
    page = client.get(target).content.decode()
    assert '<html lang="es">' in page


# --- Query counts ------------------------------------------------------------------------------
def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_report_list_costs_the_same_for_one_or_many_reports(client, cast, make_round):
    url = reverse("portal:reports")
    published_round(make_round, cast)
    one = count_queries(client, url)
    for i in range(4):
        published_round(make_round, cast, title=f"Ronda {i}")
    assert len(client.get(url).context["page"]) == 5
    many = count_queries(client, url)
    assert (one, many) == (6, 6)
    search = f"{url}?q=registro&country=GT"
    assert count_queries(client, search) == 6


def test_the_report_page_and_the_home_cost_a_fixed_number_of_queries(client, cast, make_round):
    rnd = published_round(make_round, cast)
    assert count_queries(client, reverse("portal:report", args=[rnd.code])) == 4
    counters.clear()
    first = count_queries(client, reverse("portal:home"))
    cached = count_queries(client, reverse("portal:home"))
    assert (first, cached) == (8, 2)
