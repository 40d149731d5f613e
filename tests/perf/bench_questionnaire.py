#!/usr/bin/env python
"""Questionnaire benchmark: one questionnaire of 150 questions with answers, per role.

    .venv/bin/python tests/perf/bench_questionnaire.py [--questions 150] [--requests 20] [--keep]

(``make bench-questionnaire`` runs it with the local PostgreSQL up.) Like ``bench.py`` it never
touches the configured database: a throw-away PostgreSQL database ``ripso_bench_questionnaire``
(or a temporary SQLite file when ``DATABASE_URL`` is not PostgreSQL), dropped at the end unless
``--keep``.

The data: the tests' cast (tests/conftest.py) and a Guatemalan round in preparation built
through the real transitions; a technical questionnaire of ``--questions`` questions in six
sections (long and short text, one and several choices), drafted by the panel's two experts and
released; every question answered by the focal point, one in five with an attached file, one
in three with a clarification. Then ``django.test.Client`` requests the questionnaire page as
the secretariat, the focal point and an expert while the country is answering, then again
after submission (the secretariat and the expert read the answers), and the answers' PDF,
``--requests`` times each after one warm-up request whose SQL queries are counted.
DEBUG is off unless the environment sets it. Exit status 1 if any page does not answer 200.
"""

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import bench  # noqa: E402 — the sibling script: database set-up, percentiles, measuring

ROOT = bench.ROOT
BENCH_DB = "ripso_bench_questionnaire"
PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]>>endobj\n"
    b"xref\n0 4\n0000000000 65535 f \n0000000009 00000 n \n0000000052 00000 n \n"
    b"0000000101 00000 n \ntrailer<</Size 4/Root 1 0 R>>\nstartxref\n160\n%%EOF\n"
)


def build(size):
    """The cast, the round and the questionnaire; returns (cast, questionnaire)."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests import conftest
    from visits import services

    cast = conftest.cast._fixture_function(None)  # the fixtures' plain functions
    make_round = conftest.make_round._fixture_function(cast)
    rnd = make_round("preparation")
    questionnaire = services.create_questionnaire(
        rnd, cast.secretariat, title="Cuestionario técnico"
    )
    sections = [
        services.add_section(questionnaire, cast.secretariat, f"Sección {n + 1}") for n in range(6)
    ]
    kinds = ["long_text", "short_text", "single_choice", "multiple_choice", "long_text"]
    for n in range(size):
        kind = kinds[n % len(kinds)]
        services.draft_question(
            questionnaire, (cast.expert_cl, cast.expert_uy)[n % 2],
            text=f"Pregunta {n + 1}: ¿cómo funciona este aspecto del programa?", type=kind,
            help_text="Indique cifras y fuentes." if n % 3 == 0 else "",
            choices=["Sí", "No", "En parte"] if "choice" in kind else (),
            section=sections[n % len(sections)],
        )  # fmt: skip
    services.release(questionnaire, cast.secretariat)
    for n, question in enumerate(questionnaire.questions.order_by("position")):
        value = {
            "single_choice": "Sí",
            "multiple_choice": ["Sí", "En parte"],
            "short_text": "48 250 hogares",
        }.get(question.type, "Una respuesta de varias líneas.\n" * 4)
        services.save_answer(question, cast.gt_focal_point, value, 0)
        if n % 5 == 0:
            services.attach_file(
                question, cast.gt_focal_point, SimpleUploadedFile(f"anexo-{n}.pdf", PDF)
            )
        if n % 3 == 0:
            services.add_clarification(question, cast.expert_cl, "¿Desde qué año?")
    return cast, questionnaire


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--questions", type=int, default=150)
    parser.add_argument("--requests", type=int, default=20)
    parser.add_argument("--keep", action="store_true", help="keep the bench database")
    args = parser.parse_args()

    sys.path.insert(0, str(ROOT))
    os.chdir(ROOT)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ripso.settings")
    os.environ.setdefault("DEBUG", "0")
    os.environ.pop("REDIS_URL", None)
    bench.BENCH_DB = BENCH_DB
    where, cleanup = bench.prepare_database(args.keep)
    failed = False
    try:
        import django
        from django.conf import settings

        django.setup()
        import logging

        for name in ("weasyprint", "fontTools"):  # WeasyPrint's progress lines
            logging.getLogger(name).setLevel(logging.WARNING)
        settings.MEDIA_ROOT = tempfile.mkdtemp(prefix="ripso-bench-media-")
        settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
        settings.ALLOWED_HOSTS = ["*"]
        settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
        from django.core.management import call_command
        from django.test import Client
        from django.urls import reverse

        from visits import services

        print(f"Bench database: {where}")
        started = time.perf_counter()
        call_command("migrate", verbosity=0, interactive=False)
        migrated = time.perf_counter()
        cast, questionnaire = build(args.questions)
        built = time.perf_counter()
        print(
            f"migrate {migrated - started:.1f} s; a questionnaire of {args.questions} questions "
            f"with answers built in {built - migrated:.1f} s\n"
        )
        url = questionnaire.get_absolute_url()
        rnd = questionnaire.round
        pdf = reverse("visits:pdf", args=[rnd.code, questionnaire.pk])
        header = f"{'page':<46} {'status':>6} {'p50 ms':>8} {'p95 ms':>8} {'queries':>7}"
        print(header)
        print("-" * len(header))

        def run(label, user, target):
            nonlocal failed
            client = Client()
            client.force_login(user)
            result = bench.measure(client, target, args.requests)
            failed |= result["status"] != 200
            print(
                f"{label:<46} {result['status']:>6} {result['p50']:>8.1f} "
                f"{result['p95']:>8.1f} {result['queries']:>7}"
            )

        run("answering: secretariat (questions only)", cast.secretariat, url)
        run("answering: focal point (150 answer forms)", cast.gt_focal_point, url)
        run("answering: expert (questions only)", cast.expert_cl, url)
        services.submit_answers(questionnaire, cast.gt_focal_point)
        run("submitted: secretariat (reads the answers)", cast.secretariat, url)
        run("submitted: focal point", cast.gt_focal_point, url)
        run("submitted: expert (reads the answers)", cast.expert_cl, url)
        run("submitted: answers PDF (expert)", cast.expert_cl, pdf)
        print(
            f"\n{args.requests} requests per page after one warm-up request (whose queries are "
            f"counted, session included). Page: {url}"
        )
    finally:
        from django.db import connections

        connections.close_all()
        cleanup()
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
