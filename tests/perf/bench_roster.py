#!/usr/bin/env python
"""Expert roster benchmark: search by topic and country on thousands of expert profiles.

    .venv/bin/python tests/perf/bench_roster.py [--experts 5000] [--requests 30] [--explain] [--keep]

(``make bench-roster`` runs it with the local PostgreSQL up.) Like ``bench.py`` it never touches
the configured database: a throw-away PostgreSQL database ``ripso_bench_roster`` (or a temporary
SQLite file when ``DATABASE_URL`` is not PostgreSQL), dropped at the end unless ``--keep``.

The data set: ``manage.py seed_bulk --rounds 600 --users 500`` (rounds with panels in every
state), then ``--experts`` more experts written with ``bulk_create``: an ExpertProfile each
(country, institution, position, areas, languages, team and similar-experience answers), 1–4
topics of expertise, and for one in three 1–3 panel seats (accepted, invited or declined) on
existing rounds. Then ``django.test.Client`` logs in as a secretariat user and requests each
roster URL ``--requests`` times after one warm-up request whose SQL queries are counted; the table
shows p50/p95 in milliseconds. ``--explain`` prints PostgreSQL's plans of the topic + country page.
DEBUG is off unless the environment sets it. Exit status 1 if any page does not answer 200.
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
BENCH_DB = "ripso_bench_roster"
BATCH = 1000


def create_experts(count, seed):
    """``count`` experts with profiles, topics and some seats, with bulk_create; returns seconds."""
    from django.contrib.auth.hashers import make_password
    from django.db import transaction

    from accounts.enums import Role
    from accounts.models import Country, ExpertProfile, Institution, User
    from panels.models import Expertise, PanelSeat
    from rounds.management.commands import seed_bulk
    from rounds.models import Round
    from rounds.request_models import Topic

    rng = random.Random(seed)  # shapes synthetic data, not secrets
    started = time.perf_counter()
    countries = list(Country.objects.all())
    institutions = {}
    for inst in Institution.objects.all():
        institutions.setdefault(inst.country_id, []).append(inst)
    topics = list(Topic.objects.values_list("pk", flat=True))
    rounds = list(Round.objects.exclude(methodology="").values_list("pk", flat=True))
    password = make_password("ripso-demo")
    positions = [
        "Director(a) de programas sociales",
        "Jefe(a) de la División de Información Social",
        "Coordinador(a) de Transferencias Monetarias",
        "Asesor(a) de políticas de cuidados",
        "Gerente de Protección Social",
        "Especialista en evaluación",
    ]
    with transaction.atomic():
        users = [
            User(
                email=f"roster.expert{i:05d}@example.org",
                password=password,
                full_name=f"{rng.choice(seed_bulk.FIRST_NAMES)} {rng.choice(seed_bulk.LAST_NAMES)} "
                f"{rng.choice(seed_bulk.LAST_NAMES)}",
                role=Role.EXPERT,
                position=rng.choice(positions),
                preferred_language=rng.choice(["es", "es", "en", "pt", "fr"]),
            )
            for i in range(count)
        ]
        User.objects.bulk_create(users, batch_size=BATCH)
        users = list(User.objects.filter(email__startswith="roster.expert").order_by("pk"))
        profiles, expertise, seats = [], [], []
        for user in users:
            country = rng.choice(countries)
            profiles.append(
                ExpertProfile(
                    user=user,
                    country=country,
                    institution=rng.choice(institutions.get(country.pk) or [None]),
                    position=user.position,
                    areas_of_expertise="\n".join(rng.sample(seed_bulk.TOPICS, 3)),
                    languages=rng.choice(["es", "es, en", "en", "pt, es", "fr, en", "Español"]),
                    manages_teams=rng.random() < 0.7,
                    similar_initiatives_experience=""
                    if rng.random() < 0.2
                    else "Años de experiencia en programas similares.",
                )
            )
            for topic in rng.sample(topics, rng.randint(1, 4)):
                expertise.append(Expertise(user=user, topic_id=topic))
            if rounds and rng.random() < 1 / 3:
                for round_id in rng.sample(rounds, rng.randint(1, 3)):
                    status = rng.choice(["accepted", "accepted", "invited", "declined"])
                    seats.append(
                        PanelSeat(round_id=round_id, user=user, kind="specialist", status=status)
                    )
        ExpertProfile.objects.bulk_create(profiles, batch_size=BATCH)
        Expertise.objects.bulk_create(expertise, batch_size=BATCH)
        PanelSeat.objects.bulk_create(seats, batch_size=BATCH)
    return time.perf_counter() - started, len(expertise), len(seats)


def roster_pages():
    from django.db.models import Count
    from django.urls import reverse

    from accounts.models import Country, ExpertProfile
    from panels.models import Expertise

    roster = reverse("panels:roster")
    # The most common topic and, for it, the country with most experts: a realistic worst case.
    topic = (Expertise.objects.values("topic_id").annotate(n=Count("pk")).order_by("-n").first())[
        "topic_id"
    ]
    country = (
        ExpertProfile.objects.filter(user__expertise__topic_id=topic)
        .values("country__code")
        .annotate(n=Count("pk"))
        .order_by("-n")
        .first()
    )["country__code"]
    rare = Country.objects.order_by("code").first().code
    busiest = (
        ExpertProfile.objects.annotate(n=Count("user__panel_seats"))
        .order_by("-n", "pk")
        .values_list("user_id", flat=True)
        .first()
    )
    return [
        ("roster, first page", roster),
        ("roster, page 100", f"{roster}?page=100"),
        ("topic", f"{roster}?topic={topic}"),
        ("topic + country", f"{roster}?topic={topic}&country={country}"),
        (f"topic + country ({rare})", f"{roster}?topic={topic}&country={rare}"),
        ("search: a surname", f"{roster}?q=valencia"),
        ("search: areas text", f"{roster}?q=cuidados"),
        ("search + topic + country", f"{roster}?q=programas&topic={topic}&country={country}"),
        ("language + teams + similar", f"{roster}?language=en&manages_teams=yes&similar=yes"),
        (
            "every filter",
            f"{roster}?q=ana&topic={topic}&country={country}&language=es"
            "&manages_teams=yes&similar=yes",
        ),
        ("expert page (most seats)", reverse("panels:expert", args=[busiest])),
    ]


def matching(url):
    """How many experts the roster lists for ``url`` ("" for other pages)."""
    from django.http import QueryDict

    from panels.roster import listed_experts
    from panels.roster_forms import RosterFilterForm

    path, _, query = url.partition("?")
    if not path.rstrip("/").endswith("experts"):
        return ""
    return RosterFilterForm(QueryDict(query) or None).filter(listed_experts()).count()


def explain(url):
    """PostgreSQL's plans of the roster's two steps for ``url``'s filters: the sorted ids of every
    match, then the details of the first page."""
    from django.http import QueryDict

    from accounts.models import User
    from panels.roster import listed_experts
    from panels.roster_forms import PAGE_SIZE, RosterFilterForm

    form = RosterFilterForm(QueryDict(url.split("?", 1)[1]))
    ids = form.filter(listed_experts()).order_by("full_name", "pk").values_list("pk", flat=True)
    print("\nEXPLAIN ANALYZE (the matching ids):")
    print("  " + ids.explain(analyze=True).replace("\n", "\n  "))
    page = list(ids[:PAGE_SIZE])
    rows = User.objects.filter(pk__in=page).select_related(
        "expert_profile__country", "expert_profile__institution"
    )
    print("\nEXPLAIN ANALYZE (the page's rows):")
    print("  " + rows.explain(analyze=True).replace("\n", "\n  "))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--experts", type=int, default=5000)
    parser.add_argument("--requests", type=int, default=30)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--explain", action="store_true", help="print the query plans")
    parser.add_argument("--keep", action="store_true", help="keep the bench database")
    args = parser.parse_args()

    sys.path.insert(0, str(ROOT))
    os.chdir(ROOT)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ripso.settings")
    os.environ.setdefault("DEBUG", "0")
    import warnings

    warnings.filterwarnings("ignore", message="No directory at", module="django")
    os.environ.pop("REDIS_URL", None)
    bench.BENCH_DB = BENCH_DB  # prepare_database() reads the module's name for the database
    where, cleanup = bench.prepare_database(args.keep)
    failed = False
    try:
        import django

        django.setup()
        from django.core.management import call_command
        from django.db import connection, connections
        from django.test import Client

        from accounts.enums import Role
        from accounts.models import ExpertProfile, User

        print(f"Bench database: {where}")
        started = time.perf_counter()
        call_command("migrate", verbosity=0, interactive=False)
        migrated = time.perf_counter()
        call_command("seed_bulk", rounds=600, users=500, stdout=open(os.devnull, "w"))  # noqa: SIM115
        seeded = time.perf_counter()
        took, topics, seats = create_experts(args.experts, args.seed)
        total = ExpertProfile.objects.count()
        print(
            f"migrate {migrated - started:.1f} s, seed_bulk {seeded - migrated:.1f} s, "
            f"{args.experts} experts ({topics} topics of expertise, {seats} seats) in {took:.1f} s; "
            f"{total} expert profiles in all\n"
        )
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")

        secretariat = User.objects.filter(role=Role.SECRETARIAT, is_active=True).order_by("pk")[0]
        client = Client()
        client.force_login(secretariat)
        pages = roster_pages()
        header = (
            f"{'page':<34} {'experts':>7} {'status':>6} {'p50 ms':>8} {'p95 ms':>8} {'queries':>7}"
        )
        print(header)
        print("-" * len(header))
        for name, url in pages:
            result = bench.measure(client, url, args.requests)
            failed |= result["status"] != 200
            found = matching(url)
            print(
                f"{name:<34} {found:>7} {result['status']:>6} "
                f"{result['p50']:>8.1f} {result['p95']:>8.1f} {result['queries']:>7}"
            )
        print(
            f"\n{args.requests} requests per page after one warm-up request (whose queries are "
            "counted); 'experts' = experts matching the filters. URLs:"
        )
        for name, url in pages:
            print(f"  {name}: {url}")
        if args.explain and connection.vendor == "postgresql":
            explain(pages[3][1])
        connections.close_all()
    finally:
        cleanup()
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
