#!/usr/bin/env python
"""Public portal benchmark: the list, a search, a filtered list, a report page and the results
counters with at least 500 published reports.

    .venv/bin/python tests/perf/bench_portal.py [--reports 500] [--requests 30] [--keep]

(``make bench-portal`` runs it with the local PostgreSQL up.) Like ``bench.py`` it never touches
the configured database: a throw-away PostgreSQL database ``ripso_bench_portal`` (or a temporary
SQLite file when ``DATABASE_URL`` is not PostgreSQL), dropped at the end unless ``--keep``.

The data set: ``manage.py seed_bulk`` (rounds with panels and history in every state) until at
least ``--reports`` rounds are ``published``; then, with ``bulk_create``, for every round from
``report_drafting`` on a report (summary, 4 recommendations), and for the published ones a final
version (sections with findings text), ``published_at`` and ``search_text`` computed exactly as the
``publish`` effect does (``reports.publication.search_text_of``). An anonymous
``django.test.Client`` requests each page ``--requests`` times after one warm-up request whose
SQL queries are counted; the counters' cache is cleared before each request of the "counters
(uncached)" line. Exit status 1 if any page does not answer 200.
"""

import argparse
import os
import random
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import bench  # noqa: E402 — the sibling script: database set-up, percentiles, measuring

ROOT = bench.ROOT
BENCH_DB = "ripso_bench_portal"
BATCH = 1000
FINDINGS = [
    "La focalización del programa depende de un registro social desactualizado.",
    "La georreferenciación de los hogares rurales mejora la cobertura de las transferencias.",
    "El sistema de cuidados comunitarios carece de financiamiento estable.",
    "Las pensiones no contributivas alcanzan a la mitad de las personas mayores.",
    "La interoperabilidad entre ministerios permite verificar la elegibilidad en línea.",
    "Los programas de empleo juvenil requieren mejor seguimiento de resultados.",
]


def seed_published(minimum):
    from django.core.management import call_command

    from rounds.models import Round

    runs = 0
    while Round.objects.filter(status="published").count() < minimum:
        call_command("seed_bulk", rounds=1500, users=500, stdout=open(os.devnull, "w"))  # noqa: SIM115
        runs += 1
    return runs


def create_reports(seed):
    """Reports for every round from report_drafting on; final versions for the published."""
    from django.db import transaction

    from reports.counters import HELD_STATES
    from reports.enums import Horizon, Priority, SectionKind, VersionKind
    from reports.models import Recommendation, Report, ReportVersion
    from reports.publication import search_text_of
    from rounds.models import Round, RoundEvent

    rng = random.Random(seed)  # shapes synthetic data, not secrets
    started = time.perf_counter()
    rounds = list(
        Round.objects.filter(status__in=HELD_STATES).select_related("country", "institution")
    )
    published_at = dict(
        RoundEvent.objects.filter(to_state="published").values_list("round_id", "created_at")
    )
    with transaction.atomic():
        reports = []
        for rnd in rounds:
            published = rnd.status == "published"
            reports.append(
                Report(
                    round=rnd,
                    title=f"Informe final: {rnd.title}",
                    summary=f"La ronda analizó «{rnd.title}» con {rnd.institution.name} y "
                    "propone ajustes prácticos de diseño e implementación.",
                    publication_choice="public" if published else "",
                    published_at=published_at.get(rnd.pk, rnd.state_changed_at)
                    if published
                    else None,
                )
            )
        Report.objects.bulk_create(reports, batch_size=BATCH)
        reports = list(Report.objects.select_related("round__country", "round__institution"))
        recommendations, versions = [], []
        for report in reports:
            items = []
            for i in range(4):
                item = Recommendation(
                    report=report,
                    position=i,
                    text=f"Recomendación {i + 1}: {rng.choice(FINDINGS)}",
                    area="Protección social",
                    priority=rng.choice(Priority.values),
                    horizon=rng.choice(Horizon.values),
                )
                items.append(item)
            recommendations.extend(items)
            if report.published_at is None:
                continue
            rnd = report.round
            content = {
                "title": report.title,
                "summary": report.summary,
                "language": "es",
                "round": {
                    "code": rnd.code,
                    "title": rnd.title,
                    "country_code": rnd.country.code,
                    "country": rnd.country.name_es,
                    "institution": rnd.institution.name,
                    "methodology": rnd.methodology,
                    "visit_start": "",
                    "visit_end": "",
                },
                "sections": [
                    {
                        "kind": SectionKind.FINDINGS,
                        "title": "Hallazgos",
                        "body": "".join(f"<p>{f}</p>" for f in rng.sample(FINDINGS, 3)),
                    },
                ],
                "recommendations": [
                    {
                        "number": i + 1,
                        "text": r.text,
                        "area": r.area,
                        "priority": r.priority,
                        "horizon": r.horizon,
                        "responsible_institution": "",
                    }
                    for i, r in enumerate(items)
                ],
                "annexes": {},
            }
            report.search_text = search_text_of(content)
            versions.append(
                ReportVersion(report=report, kind=VersionKind.FINAL, number=2, content=content)
            )
        Recommendation.objects.bulk_create(recommendations, batch_size=BATCH)
        ReportVersion.objects.bulk_create(versions, batch_size=BATCH)
        Report.objects.bulk_update(
            [r for r in reports if r.published_at], ["search_text"], batch_size=BATCH
        )
    return time.perf_counter() - started, len(reports), len(versions), len(recommendations)


def portal_pages():
    from django.db.models import Count
    from django.urls import reverse

    from reports.models import Report

    published = Report.objects.filter(published_at__isnull=False)
    country = (
        published.values("round__country__code").annotate(n=Count("pk")).order_by("-n").first()
    )["round__country__code"]
    topic = (published.values("round__topics").annotate(n=Count("pk")).order_by("-n").first())[
        "round__topics"
    ]
    year = published.order_by("-published_at").first().published_at.year
    code = published.order_by("-published_at").first().round.code
    reports = reverse("portal:reports")
    return [
        ("portal home (counters cached)", reverse("portal:home")),
        ("report list, page 1", reports),
        ("report list, page 10", f"{reports}?page=10"),
        ("search: one word", f"{reports}?q=georreferenciación"),
        ("search: a word's start", f"{reports}?q=focaliz"),
        ("search: two words", f"{reports}?q=pensiones+mayores"),
        ("filtered: country", f"{reports}?country={country}"),
        ("filtered: country+topic+year", f"{reports}?country={country}&topic={topic}&year={year}"),
        ("search + filters", f"{reports}?q=cuidados&country={country}"),
        ("report page", reverse("portal:report", args=[code])),
        ("results page (cached)", reverse("portal:results")),
    ]


def matching(url):
    from django.http import QueryDict

    from reports.portal_views import published_reports, search

    path, _, query = url.partition("?")
    if not path.rstrip("/").endswith("reports"):
        return ""
    params = QueryDict(query)
    reports = published_reports()
    if params.get("country"):
        reports = reports.filter(round__country__code=params["country"])
    if params.get("topic") not in (None, "", "None"):
        reports = reports.filter(round__topics__pk=params["topic"])
    if params.get("year"):
        reports = reports.filter(published_at__year=params["year"])
    return search(reports, params.get("q", ""))[0].count()


def measure_counters(requests):
    import statistics

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from reports import counters

    counters.clear()
    with CaptureQueriesContext(connection) as queries:
        counters.results()
    timings = []
    for _ in range(requests):
        counters.clear()
        started = time.perf_counter()
        counters.results()
        timings.append((time.perf_counter() - started) * 1000)
    return statistics.median(timings), bench.percentile(timings, 95), len(queries)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--reports", type=int, default=500)
    parser.add_argument("--requests", type=int, default=30)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--keep", action="store_true", help="keep the bench database")
    args = parser.parse_args()

    sys.path.insert(0, str(ROOT))
    os.chdir(ROOT)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ripso.settings")
    os.environ.setdefault("DEBUG", "0")
    import warnings

    warnings.filterwarnings("ignore", message="No directory at", module="django")
    os.environ.pop("REDIS_URL", None)
    bench.BENCH_DB = BENCH_DB
    where, cleanup = bench.prepare_database(args.keep)
    failed = False
    try:
        import django

        django.setup()
        from django.core.management import call_command
        from django.db import connection, connections
        from django.test import Client

        from reports.models import Report

        print(f"Bench database: {where}")
        started = time.perf_counter()
        call_command("migrate", verbosity=0, interactive=False)
        migrated = time.perf_counter()
        runs = seed_published(args.reports)
        seeded = time.perf_counter()
        took, reports, versions, recommendations = create_reports(args.seed)
        print(
            f"migrate {migrated - started:.1f} s, seed_bulk x{runs} {seeded - migrated:.1f} s, "
            f"{reports} reports ({versions} published, {recommendations} recommendations) "
            f"in {took:.1f} s\n"
        )
        assert Report.objects.filter(published_at__isnull=False).count() >= args.reports
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")

        client = Client()  # anonymous: the public
        header = (
            f"{'page':<34} {'reports':>7} {'status':>6} {'p50 ms':>8} {'p95 ms':>8} {'queries':>7}"
        )
        print(header)
        print("-" * len(header))
        pages = portal_pages()
        for name, url in pages:
            result = bench.measure(client, url, args.requests)
            failed |= result["status"] != 200
            print(
                f"{name:<34} {matching(url):>7} {result['status']:>6} "
                f"{result['p50']:>8.1f} {result['p95']:>8.1f} {result['queries']:>7}"
            )
        p50, p95, queries = measure_counters(args.requests)
        print(
            f"{'counters (uncached, computed)':<34} {'':>7} {'':>6} {p50:>8.1f} {p95:>8.1f} {queries:>7}"
        )
        print(
            f"\n{args.requests} requests per page after one warm-up request (whose queries are "
            "counted); 'reports' = published reports matching. URLs:"
        )
        for name, url in pages:
            print(f"  {name}: {url}")
        connections.close_all()
    finally:
        cleanup()
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
