#!/usr/bin/env python
"""Page benchmarks on a large data set: latency (p50/p95) and query counts of the main pages.

    .venv/bin/python tests/perf/bench.py [--rounds 2000] [--users 500] [--requests 30] [--keep]

(``make bench`` runs it with the local PostgreSQL up.) It never touches the configured database:

- ``DATABASE_URL`` on PostgreSQL: a throw-away database ``ripso_bench`` on the same server is
  dropped, created, migrated and filled, and dropped again at the end (``--keep`` keeps it);
- otherwise (SQLite): a temporary SQLite file, deleted at the end (``--keep`` keeps it).

The data set is ``manage.py seed_bulk`` (35 countries, 500 users, ≥ 2,000 rounds in every
state, 2024–2026). Then ``django.test.Client`` logs in (``force_login``) as a secretariat user,
the busiest focal point and the busiest expert and requests the home page, the round list (first
page, page 5, a search, a state filter) and a round page, ``--requests`` times each after one
warm-up request, and prints a table. DEBUG is off unless the environment sets it.
Exit status 1 if any page does not answer 200.
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[2]
BENCH_DB = "ripso_bench"


def prepare_database(keep):
    """Point DATABASE_URL at a fresh, empty database; return a cleanup function."""
    url = os.environ.get("DATABASE_URL", "")
    parts = urlsplit(url)
    if parts.scheme.startswith("postgres"):
        import psycopg
        from psycopg import sql

        admin = urlunsplit(parts._replace(path="/postgres"))
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(BENCH_DB))
            )
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(BENCH_DB)))
        os.environ["DATABASE_URL"] = urlunsplit(parts._replace(path=f"/{BENCH_DB}"))
        where = f"PostgreSQL database {BENCH_DB} on {parts.hostname}:{parts.port or 5432}"

        def cleanup():
            if keep:
                return
            with psycopg.connect(admin, autocommit=True) as conn:
                conn.execute(
                    sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(
                        sql.Identifier(BENCH_DB)
                    )
                )

        return where, cleanup
    if url and not url.startswith("sqlite"):
        sys.exit(f"bench.py: unsupported DATABASE_URL scheme {parts.scheme!r}")
    tmp = Path(tempfile.mkdtemp(prefix="ripso-bench-"))
    os.environ["DATABASE_URL"] = f"sqlite:///{tmp / 'bench.sqlite3'}"
    where = f"SQLite file {tmp / 'bench.sqlite3'}"

    def cleanup():
        if keep:
            return
        for child in tmp.iterdir():
            child.unlink()
        tmp.rmdir()

    return where, cleanup


def percentile(values, pct):
    ordered = sorted(values)
    index = max(0, min(len(ordered) - 1, round(pct / 100 * len(ordered) + 0.5) - 1))
    return ordered[index]


def measure(client, url, requests):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:  # the warm-up request, counted
        response = client.get(url)
    count = len(queries)  # now: the next request's request_started signal empties the log
    timings = []
    for _ in range(requests):
        started = time.perf_counter()
        response = client.get(url)
        timings.append((time.perf_counter() - started) * 1000)
    return {
        "status": response.status_code,
        "p50": statistics.median(timings),
        "p95": percentile(timings, 95),
        "queries": count,
    }


def pick_users():
    from django.db.models import Count, Q

    from accounts.enums import Role
    from accounts.models import User

    secretariat = User.objects.filter(role=Role.SECRETARIAT, is_active=True).order_by("pk").first()
    focal = (
        User.objects.filter(role=Role.FOCAL_POINT, is_active=True)
        .annotate(n=Count("institution__rounds"))
        .order_by("-n", "pk")
        .first()
    )
    expert = (
        User.objects.filter(role=Role.EXPERT, is_active=True)
        .annotate(n=Count("panel_seats", filter=Q(panel_seats__status="accepted")))
        .order_by("-n", "pk")
        .first()
    )
    return [("secretariat", secretariat), ("focal point", focal), ("expert", expert)]


def pages_for(label, user):
    from django.db.models import Count
    from django.urls import reverse

    from rounds.models import Round

    home, rounds = reverse("rounds:home"), reverse("rounds:list")
    visible = Round.objects.visible_to(user)
    if label == "expert":
        visible = visible.filter(panel_seats__user=user, panel_seats__status="accepted")
    busiest = visible.annotate(n=Count("events")).order_by("-n", "-created_at").first()
    total = Round.objects.visible_to(user).count()
    pages = [("home", home), ("round list", rounds)]
    if total > 4 * 25:
        pages.append(("round list, page 5", f"{rounds}?page=5"))
    pages += [
        ("round list, search", f"{rounds}?q=cuidados"),
        ("round list, state", f"{rounds}?state=preparation"),
    ]
    if busiest is not None:
        pages.append((f"round page ({busiest.status})", busiest.get_absolute_url()))
    return pages, total


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=2000)
    parser.add_argument("--users", type=int, default=500)
    parser.add_argument("--requests", type=int, default=30)
    parser.add_argument("--keep", action="store_true", help="keep the bench database")
    args = parser.parse_args()

    sys.path.insert(0, str(ROOT))
    os.chdir(ROOT)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ripso.settings")
    os.environ.setdefault("DEBUG", "0")
    import warnings

    warnings.filterwarnings("ignore", message="No directory at", module="django")
    os.environ.pop("REDIS_URL", None)  # no page under test sends anything; keep Celery eager
    where, cleanup = prepare_database(args.keep)
    failed = False
    try:
        import django

        django.setup()
        from django.core.management import call_command
        from django.db import connections
        from django.test import Client

        print(f"Bench database: {where}")
        started = time.perf_counter()
        call_command("migrate", verbosity=0, interactive=False)
        migrated = time.perf_counter()
        call_command("seed_bulk", rounds=args.rounds, users=args.users)
        seeded = time.perf_counter()
        print(f"migrate {migrated - started:.1f} s, seed_bulk {seeded - migrated:.1f} s\n")

        header = (
            f"{'user':<12} {'page':<34} {'rounds':>6} {'status':>6} {'p50 ms':>8} "
            f"{'p95 ms':>8} {'queries':>7}"
        )
        print(header)
        print("-" * len(header))
        for label, user in pick_users():
            client = Client()
            client.force_login(user)
            pages, total = pages_for(label, user)
            for name, url in pages:
                result = measure(client, url, args.requests)
                failed |= result["status"] != 200
                print(
                    f"{label:<12} {name:<34} {total:>6} {result['status']:>6} "
                    f"{result['p50']:>8.1f} {result['p95']:>8.1f} {result['queries']:>7}"
                )
        print(
            f"\n{args.requests} requests per page after one warm-up request (whose queries are "
            "counted); 'rounds' = rounds the user may see."
        )
        connections.close_all()
    finally:
        cleanup()
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
