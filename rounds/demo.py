"""Shared pieces of the demo and bulk data sets (``manage.py seed_demo`` / ``seed_bulk``).

Demo rounds reach their state through the real transitions (``rounds.services.transition_round``)
so that every guard runs. Later phases add guards (a confirmed panel, an answered questionnaire,
a final agenda, report sections, a written authorization...); the demo must satisfy them. Each app
does that for its own guards in a ``demo.py`` module, registering a *preparer*::

    # visits/demo.py
    from rounds.demo import prepare


    @prepare("schedule_visit")
    def answered_questionnaire_and_final_agenda(
        rnd, *, at, people
    ): ...  # create what the app's guards of schedule_visit need, dated around ``at``

``seed_demo`` imports every installed app's ``demo`` module (``discover()``) and runs the
preparers of a transition just before it fires the transition on a round. ``at`` is the
(back-dated) moment of the transition; ``people`` maps the demo e-mail addresses to users, and
is EMPTY when the tests' ``make_round`` runs the preparers (tests/conftest.py): a preparer must
find its actors on the round itself (its focal point, its panel seats, a secretariat user).
A preparer must be idempotent per round (it may run on a round that already has the data).
"""

from collections import defaultdict
from contextlib import contextmanager

from django.db.models import F, Q
from django.test.utils import override_settings
from django.utils.module_loading import autodiscover_modules

from .enums import RoundState

S = RoundState

DEMO_PASSWORD = "ripso-demo"  # noqa: S105 — documented demo password (README, make run)
DEMO_DOMAIN = "example.org"

_PREPARERS = defaultdict(list)


def prepare(transition_name):
    """Register the decorated function as a demo preparer of ``transition_name``."""

    def register(func):
        if func not in _PREPARERS[transition_name]:
            _PREPARERS[transition_name].append(func)
        return func

    return register


def discover():
    """Import ``<app>.demo`` of every installed app, so their preparers are registered."""
    autodiscover_modules("demo")


def run_preparers(rnd, transition_name, *, at, people):
    for func in _PREPARERS.get(transition_name, ()):
        func(rnd, at=at, people=people)


# The shortest run of transitions from ``draft`` to each state (the bulk data set's history, and
# the default path of a demo round). Variants (returned then resubmitted, report changes
# requested) are spelled out per demo round.
_TO_PANEL = ["submit", "accept"]
_TO_REPORT = [*_TO_PANEL, "confirm_panel", "schedule_visit", "start_visit", "complete_visit"]
PATH_TO = {
    S.DRAFT: [],
    S.SUBMITTED: ["submit"],
    S.RETURNED: ["submit", "return_for_changes"],
    S.DECLINED: ["submit", "decline"],
    S.WITHDRAWN: ["submit", "withdraw"],
    S.PANEL_FORMING: _TO_PANEL,
    S.PREPARATION: [*_TO_PANEL, "confirm_panel"],
    S.VISIT_SCHEDULED: [*_TO_PANEL, "confirm_panel", "schedule_visit"],
    S.VISIT_IN_PROGRESS: [*_TO_PANEL, "confirm_panel", "schedule_visit", "start_visit"],
    S.REPORT_DRAFTING: _TO_REPORT,
    S.COUNTRY_REVIEW: [*_TO_REPORT, "send_for_review"],
    S.APPROVED: [*_TO_REPORT, "send_for_review", "approve"],
    S.PUBLISHED: [*_TO_REPORT, "send_for_review", "approve", "publish"],
    S.CLOSED_INTERNAL: [*_TO_REPORT, "send_for_review", "approve", "keep_internal"],
    S.CANCELLED: [*_TO_PANEL, "confirm_panel", "cancel"],
}

# Where each transition leads (mirrors the @transition methods of rounds.models.Round; the
# bulk data set writes its history from this table, test_seed checks it against the FSM).
TARGET = {
    "submit": S.SUBMITTED,
    "return_for_changes": S.RETURNED,
    "accept": S.PANEL_FORMING,
    "decline": S.DECLINED,
    "withdraw": S.WITHDRAWN,
    "confirm_panel": S.PREPARATION,
    "schedule_visit": S.VISIT_SCHEDULED,
    "start_visit": S.VISIT_IN_PROGRESS,
    "complete_visit": S.REPORT_DRAFTING,
    "send_for_review": S.COUNTRY_REVIEW,
    "request_changes": S.REPORT_DRAFTING,
    "approve": S.APPROVED,
    "publish": S.PUBLISHED,
    "keep_internal": S.CLOSED_INTERNAL,
    "cancel": S.CANCELLED,
}

# Typical days between one step and the next (the demo's timelines are built from these).
TYPICAL_GAP_DAYS = {
    "submit": 12,
    "return_for_changes": 6,
    "accept": 9,
    "decline": 10,
    "withdraw": 14,
    "confirm_panel": 32,
    "schedule_visit": 38,
    "start_visit": 21,
    "complete_visit": 4,
    "send_for_review": 45,
    "request_changes": 11,
    "approve": 13,
    "publish": 19,
    "keep_internal": 16,
    "cancel": 24,
}

# Default names of social protection institutions, by the country's working language.
INSTITUTION_NAMES = {
    "es": [
        ("Ministerio de Desarrollo Social", "MDS"),
        ("Instituto Nacional de Seguridad Social", "INSS"),
        ("Secretaría de Inclusión Social", "SIS"),
    ],
    "en": [
        ("Ministry of Social Development", "MSD"),
        ("National Insurance Board", "NIB"),
        ("Social Protection Agency", "SPA"),
    ],
    "pt": [
        ("Ministério do Desenvolvimento Social", "MDS"),
        ("Instituto Nacional do Seguro Social", "INSS"),
        ("Secretaria de Inclusão Social", "SIS"),
    ],
    "fr": [
        ("Ministère des Affaires sociales", "MAS"),
        ("Caisse d'assistance sociale", "CAS"),
        ("Agence de protection sociale", "APS"),
    ],
}
ENGLISH_SPEAKING = {
    "AG",
    "BS",
    "BB",
    "BZ",
    "CA",
    "DM",
    "GD",
    "GY",
    "JM",
    "KN",
    "VC",
    "LC",
    "SR",
    "TT",
    "US",
}


def country_language(code):
    if code == "BR":
        return "pt"
    if code == "HT":
        return "fr"
    if code in ENGLISH_SPEAKING:
        return "en"
    return "es"


@contextmanager
def quiet_notifications():
    """Keep the outbox rows (they fill the inboxes) but send nothing anywhere.

    Transitions queue messages that Celery would deliver after commit: with eager Celery and the
    console backend they would flood the terminal; with a real broker a worker would e-mail
    them. Here each message is delivered in-process to Django's in-memory backend instead, so
    it ends up ``sent`` like in a real run and nothing leaves the machine.
    """
    from ripso.celery import app as celery_app

    was_eager = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True  # deliver in-process, never to a broker
    try:
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
            yield
    finally:
        celery_app.conf.task_always_eager = was_eager


def backdate_messages(round_code, *, read_before):
    """Sent demo messages carry their event's date; old ones count as read, except those still
    asking someone to act (their task not done): the inbox badge shows what waits."""
    from notifications.models import OutgoingMessage

    sent = OutgoingMessage.objects.filter(round_code=round_code, sent_at__isnull=False)
    sent.update(sent_at=F("created_at"))
    OutgoingMessage.objects.filter(
        Q(task="") | Q(done_at__isnull=False),
        round_code=round_code,
        created_at__lt=read_before,
        read_at__isnull=True,
    ).update(read_at=F("created_at"))
