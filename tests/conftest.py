"""Fixtures shared by the whole suite: the browser, fast passwords and the standard cast.

The cast is the same in every test, so a reader learns it once:

* Guatemala — Ministerio de Desarrollo Social (MIDES): focal point Lucía Morales (es) and
  technical-team member Andrés Pérez (en). Rounds are Guatemalan unless a test says otherwise.
* Honduras — a second country whose data must never leak: focal point Carmen Zelaya (es),
  team member Rafael Mejía (en) and a submitted round of their own (``hn_round``).
* Technical Secretariat: Elena Ramírez (es); OAS coordinator Daniel Whitmore (en; secretariat with
  ``is_oas_specialist``); a deactivated former staff member.
* Experts with an ExpertProfile: Valentina Rojas (Chile, es), Martín Sosa (Uruguay, en) and
  Guadalupe Herrera (Mexico, es).

``make_round(state=...)`` brings a round to any state through the real transitions
(``rounds.services.transition_round``); the FSM field is protected, so nothing assigns a state.
"""

import os
from dataclasses import dataclass

import pytest
from django.utils import timezone

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ripso.settings")

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def pytest_configure(config):
    config.addinivalue_line(
        "markers",
        "integration: starts real services (a Celery worker, Redis, an SMTP server)",
    )


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix):
    """``RIPSO_SQLITE_TEST_FILE``: the test database is that SQLite file, not SQLite's shared
    in-memory database (whose table locks fail at once where the demo's file waits), so the
    concurrency tests can run on SQLite (tests/test_any_database.py)."""
    path = os.environ.get("RIPSO_SQLITE_TEST_FILE")
    if path:
        from django.conf import settings

        settings.DATABASES["default"].setdefault("TEST", {})["NAME"] = path


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": "/usr/bin/chromium",
        "args": CHROMIUM_ARGS,
    }


@pytest.fixture(autouse=True)
def _empty_cache():
    """Counters in the cache (mail limits, portal counters) never leak from one test to the next."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """PBKDF2 costs ~0.3 s per user; MD5 is fine for fictional test accounts."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


# --- The standard cast ------------------------------------------------------------------------
@dataclass
class Cast:
    mides: object
    gt_focal_point: object
    gt_team_member: object
    hn_institution: object
    hn_focal_point: object
    hn_team_member: object
    secretariat: object
    coordinator: object
    coordinator2: object
    former_staff: object
    expert_cl: object
    expert_uy: object
    expert_mx: object

    # Role names used by the parametrised tests (the access policy's letters in brackets).
    ROLES = (
        "secretariat",  # S
        "coordinator",  # C
        "focal_point",  # F
        "team_member",  # T
        "expert_on_panel",  # E: accepted seat
        "expert_invited",  # I: invited (declined once the panel is confirmed)
        "other_focal_point",  # O: Honduras
        "other_team_member",  # O: Honduras
        "former_staff",  # deactivated secretariat account
        "anonymous",  # P: not logged in
    )

    def user(self, role):
        from django.contrib.auth.models import AnonymousUser

        return {
            "secretariat": self.secretariat,
            "coordinator": self.coordinator,
            "focal_point": self.gt_focal_point,
            "team_member": self.gt_team_member,
            "expert_on_panel": self.expert_cl,
            "expert_invited": self.expert_mx,
            "other_focal_point": self.hn_focal_point,
            "other_team_member": self.hn_team_member,
            "former_staff": self.former_staff,
            "anonymous": AnonymousUser(),
        }[role]


@pytest.fixture
def cast(db):
    from tests import factories as f

    guatemala = f.CountryFactory(code="GT")
    honduras = f.CountryFactory(code="HN")
    mides = f.InstitutionFactory(
        country=guatemala, name="Ministerio de Desarrollo Social", acronym="MIDES"
    )
    hn_institution = f.InstitutionFactory(
        country=honduras, name="Secretaría de Desarrollo Social", acronym="SEDESOL"
    )
    return Cast(
        mides=mides,
        gt_focal_point=f.FocalPointFactory(
            email="lucia.morales@example.org",
            full_name="Lucía Morales Quiñónez",
            institution=mides,
            position="Directora de Cooperación Externa",
            phone="+502 2201 0101",
            preferred_language="es",
        ),
        gt_team_member=f.TeamMemberFactory(
            email="andres.perez@example.org",
            full_name="Andrés Pérez Batz",
            institution=mides,
            preferred_language="en",
        ),
        hn_institution=hn_institution,
        hn_focal_point=f.FocalPointFactory(
            email="carmen.zelaya@example.org",
            full_name="Carmen Zelaya Ortiz",
            institution=hn_institution,
            phone="+504 2230 0202",
            preferred_language="es",
        ),
        hn_team_member=f.TeamMemberFactory(
            email="rafael.mejia@example.org",
            full_name="Rafael Mejía Turcios",
            institution=hn_institution,
            preferred_language="en",
        ),
        secretariat=f.SecretariatFactory(
            email="elena.ramirez@example.org",
            full_name="Elena Ramírez Soto",
            preferred_language="es",
        ),
        coordinator=f.CoordinatorFactory(
            email="daniel.whitmore@example.org",
            full_name="Daniel Whitmore Reyes",
            preferred_language="en",
        ),
        coordinator2=f.CoordinatorFactory(
            email="sofia.almeida@example.org",
            full_name="Sofía Almeida Brandão",
            preferred_language="pt",
        ),
        former_staff=f.SecretariatFactory(
            email="jorge.antiguo@example.org",
            full_name="Jorge Antiguo Vela",
            is_active=False,
        ),
        expert_cl=f.ExpertFactory(
            email="valentina.rojas@example.org",
            full_name="Valentina Rojas Fuentes",
            preferred_language="es",
            profile__country=f.CountryFactory(code="CL"),
        ),
        expert_uy=f.ExpertFactory(
            email="martin.sosa@example.org",
            full_name="Martín Sosa Pereira",
            preferred_language="en",
            profile__country=f.CountryFactory(code="UY"),
        ),
        expert_mx=f.ExpertFactory(
            email="guadalupe.herrera@example.org",
            full_name="Guadalupe Herrera Ruiz",
            preferred_language="es",
            profile__country=f.CountryFactory(code="MX"),
        ),
    )


# For each state: the transitions that lead there from a fresh draft.
ROUTE = {
    "draft": [],
    "submitted": ["submit"],
    "returned": ["submit", "return_for_changes"],
    "declined": ["submit", "decline"],
    "withdrawn": ["withdraw"],
    "panel_forming": ["submit", "accept"],
    "preparation": ["submit", "accept", "confirm_panel"],
    "visit_scheduled": ["submit", "accept", "confirm_panel", "schedule_visit"],
    "visit_in_progress": ["submit", "accept", "confirm_panel", "schedule_visit", "start_visit"],
    "report_drafting": [
        "submit",
        "accept",
        "confirm_panel",
        "schedule_visit",
        "start_visit",
        "complete_visit",
    ],
    "country_review": [
        "submit",
        "accept",
        "confirm_panel",
        "schedule_visit",
        "start_visit",
        "complete_visit",
        "send_for_review",
    ],
    "approved": [
        "submit",
        "accept",
        "confirm_panel",
        "schedule_visit",
        "start_visit",
        "complete_visit",
        "send_for_review",
        "approve",
    ],
    "published": [
        "submit",
        "accept",
        "confirm_panel",
        "schedule_visit",
        "start_visit",
        "complete_visit",
        "send_for_review",
        "approve",
        "publish",
    ],
    "closed_internal": [
        "submit",
        "accept",
        "confirm_panel",
        "schedule_visit",
        "start_visit",
        "complete_visit",
        "send_for_review",
        "approve",
        "keep_internal",
    ],
    "cancelled": ["cancel"],
}

COMPLETE_REQUEST = {
    "initiative_kind": "program",
    "stage": "reform",
    "expected_results": "Una hoja de ruta de ajustes al programa, acordada con el equipo técnico.",
    "description": "Programa de transferencias monetarias condicionadas para hogares rurales.",
    "goal": "Recomendaciones para rediseñar la focalización y el registro de beneficiarios.",
    "contact_name": "Lucía Morales Quiñónez",
    "contact_position": "Directora de Cooperación Externa",
    "contact_email": "lucia.morales@example.org",
    "contact_phone": "+502 2201 0101",
}


@pytest.fixture
def make_round(cast):
    """``make_round(state="report_drafting", institution=None, **request_fields)``.

    Creates a complete request with ``rounds.services.create_round`` and runs, as the person each
    transition belongs to, every transition on the way to ``state``. Seats are created when the
    round is accepted: Chile and Uruguay as accepted specialists, the coordinator in an accepted
    coordination seat (seated by the acceptance itself, as he is chosen then), his colleague
    in the other one, Mexico invited; Mexico's invitation is declined before the panel is
    confirmed (a panel is confirmed only when every remaining seat is accepted).
    ``cancel_from`` picks the state a cancelled round was cancelled from.
    """
    from accounts.enums import Role
    from accounts.models import User
    from panels.enums import SeatKind, SeatStatus
    from rounds.data.topics import load_default_topics
    from rounds.demo import discover, run_preparers
    from rounds.enums import Methodology
    from rounds.models import Topic
    from rounds.services import create_round, transition_round
    from tests import factories as f

    discover()

    def build(state="draft", institution=None, *, cancel_from="draft", title=None, **fields):
        institution = institution or cast.mides
        focal_point = (
            User.objects.filter(role=Role.FOCAL_POINT, institution=institution, is_active=True)
            .order_by("pk")
            .first()
        ) or f.FocalPointFactory(institution=institution)
        if "topics" not in fields:
            topic = Topic.objects.filter(methodology="ripso").order_by("pk").first()
            if topic is None:  # a transactional test flushed the rows the migration loaded
                load_default_topics(Topic)
                topic = Topic.objects.filter(methodology="ripso").order_by("pk").first()
            fields["topics"] = [topic]
        rnd = create_round(
            creator=focal_point,
            institution=institution,
            title=title or "Programa Bono Social Rural",
            **{**COMPLETE_REQUEST, **fields},
        )
        route = ROUTE[state]
        if state == "cancelled":
            route = [*ROUTE[cancel_from], "cancel"]
        for name in route:
            if name == "confirm_panel":
                rnd.panel_seats.filter(user=cast.expert_mx).update(status=SeatStatus.DECLINED)
            actor = focal_point if name in FOCAL_POINT_TRANSITIONS else cast.secretariat
            kwargs = {}
            if name in COMMENT_REQUIRED:
                kwargs["comment"] = f"Comentario de prueba para {name}."
            if name == "accept":
                kwargs.update(methodology=Methodology.RIPSO, coordinators=[cast.coordinator])
            # What later phases' guards need (an answered questionnaire, a final agenda...), made
            # by the same preparers as the demo data (rounds/demo.py).
            run_preparers(rnd, name, at=timezone.now(), people={})
            # The fixture's visit is three weeks away: starting it now is confirmed on purpose.
            rnd = transition_round(rnd.pk, name, actor, confirmed=True, **kwargs)
            if name == "accept":
                for user, kind, status in [
                    (cast.expert_cl, SeatKind.SPECIALIST, SeatStatus.ACCEPTED),
                    (cast.expert_uy, SeatKind.SPECIALIST, SeatStatus.ACCEPTED),
                    (cast.coordinator, SeatKind.COORDINATOR, SeatStatus.ACCEPTED),
                    (cast.coordinator2, SeatKind.COORDINATOR, SeatStatus.ACCEPTED),
                    (cast.expert_mx, SeatKind.SPECIALIST, SeatStatus.INVITED),
                ]:
                    # The coordinator chosen at acceptance is already seated (accepted).
                    if not rnd.panel_seats.filter(user=user).exists():
                        f.PanelSeatFactory(round=rnd, user=user, kind=kind, status=status)
        rnd.refresh_from_db()
        assert rnd.status == state
        return rnd

    return build


FOCAL_POINT_TRANSITIONS = frozenset(
    {"submit", "withdraw", "request_changes", "approve", "keep_internal"}
)
COMMENT_REQUIRED = frozenset({"return_for_changes", "decline", "request_changes", "cancel"})


@pytest.fixture
def hn_round(cast, make_round):
    """Honduras's own request, under review: nothing done on Guatemala's rounds may touch it."""
    return make_round("submitted", institution=cast.hn_institution, title="Registro Social Único")


# --- Celery against a real broker -------------------------------------------------------------
def _reset_broker_connections(celery_app):
    """Close and forget every pooled broker connection (kombu keeps them in global pools), so
    that the next publish connects to the current ``broker_url``."""
    from kombu import pools

    pools.reset()
    celery_app._pool = None
    celery_app.__dict__.pop("amqp", None)  # its queues, router and producer pool


@pytest.fixture
def use_broker():
    """``use_broker(url, queue=None)``: this process publishes tasks to ``url`` (instead of
    running them eagerly) until the test ends; ``queue`` replaces the default queue name."""
    from ripso.celery import app as celery_app

    keys = ("task_always_eager", "broker_url", "task_default_queue")
    saved = {key: celery_app.conf[key] for key in keys}

    def switch(url, queue=None):
        _reset_broker_connections(celery_app)
        celery_app.conf.update(
            task_always_eager=False,
            broker_url=url,
            task_default_queue=queue or saved["task_default_queue"],
        )
        return url

    try:
        yield switch
    finally:
        _reset_broker_connections(celery_app)
        celery_app.conf.update(saved)
