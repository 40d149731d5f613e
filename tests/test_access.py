"""The access matrix: every URL of the project × every role, compared with an explicit table.

The intended access (the policy) and the decisions taken where it is silent are in
docs/access.md. The rules this file checks:

* ``EXPECTED`` has one row per URL pattern (plus a few variants, ``name#variant``). The patterns
  are found by walking the URL resolver, so a new URL without a row fails
  ``test_every_url_pattern_has_a_row_in_the_table``.
* Each URL × role is its own test (GET), and a GET never changes anything.
* Writes (POST-only endpoints, transitions, forms) are checked in ``POST_EXPECTED``: a refused
  POST changes nothing, an allowed one does what it says.
* The round page, the request form and the submission page are also checked in several states
  (``STATE_EXPECTED``).
* ``test_access_matrix_size`` carries the number of URL × role cases in its test id.

Outcomes: ``OK`` 200 · ``LOGIN`` 302 to the login page · ``REDIRECT`` 302 elsewhere · ``FORBIDDEN``
403 (a participant of the round who may not do this) · ``NOT_FOUND`` 404 (anyone else: nothing
leaks) · ``NOT_ALLOWED`` 405 (wrong method) · ``CONFLICT`` 409.
"""

from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.test import override_settings
from django.urls import NoReverseMatch, URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from accounts.models import AccountRequest, ExpertProfile, Invitation
from notifications.enums import MessageState, MessageType
from notifications.models import OutgoingMessage
from rounds.enums import DocumentKind, RoundState
from rounds.models import Round, RoundEvent
from rounds.request_models import ReferenceDocument, Topic
from rounds.services import transition_round
from tests import conftest
from tests import factories as f
from tests.access_table import (
    CONFLICT,
    FORBIDDEN,
    LOGIN,
    NOT_ALLOWED,
    NOT_FOUND,
    OK,
    PDF,
    REDIRECT,
    ROLES,
    PostCase,
    everyone,
    row,
)
from tests.notifications import inbox_access
from tests.panels import access_cases as panel_cases
from tests.reports import drafting_access, pdf_access, publication_access
from tests.rounds import history_access
from tests.visits import access_cases as visit_cases
from tests.visits import agenda_access as agenda_cases
from tests.visits import logistics_access
from tests.visits import questionnaire_more_access as questionnaire_more_cases

# --- Areas that keep their rows in their own module (tests/access_table.py) --------------------
AREAS = (
    questionnaire_more_cases,
    logistics_access,
    agenda_cases,
    drafting_access,
    pdf_access,
    publication_access,
    history_access,
    inbox_access,
)
_MERGED = set()


def _merge_areas(*names):
    """Add the areas' rows to this module's tables (each table once). The parametrised tests
    call it for the tables they read, since their cases are built when the module is read."""
    for name in names or ("EXPECTED", "KWARGS", "POST_EXPECTED"):
        if name in _MERGED:
            continue
        table = globals()[name]
        for area in AREAS:
            rows = getattr(area, name, {})
            assert not set(rows) & set(table), (area.__name__, set(rows) & set(table))
            table.update(rows)
        _MERGED.add(name)


# fmt: off
#                        anon    S          C          F          T          E          I          O-F        O-T        O-E        former
LOGGED_IN = row(         LOGIN,  OK,        OK,        OK,        OK,        OK,        OK,        OK,        OK,        OK,        LOGIN)
SECRETARIAT_ONLY = row(  LOGIN,  OK,        OK,        NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, LOGIN)
POST_ONLY = row(         LOGIN,  NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED, LOGIN)

# GET of every URL pattern, on Guatemala's round while its panel is being formed (the state in
# which every role of the access policy exists at once).
EXPECTED = {
    # --- rounds ------------------------------------------------------------------------------
    "rounds:home": LOGGED_IN,
    "rounds:list": LOGGED_IN,
    "rounds:request_create": row(
                         LOGIN,  NOT_FOUND, NOT_FOUND, OK,        NOT_FOUND, NOT_FOUND, NOT_FOUND, OK,        NOT_FOUND, NOT_FOUND, LOGIN),
    "rounds:request_queue": SECRETARIAT_ONLY,
    "rounds:topics": SECRETARIAT_ONLY,
    "rounds:topic_create": SECRETARIAT_ONLY,
    "rounds:topic_edit": SECRETARIAT_ONLY,
    "rounds:detail": row(LOGIN,  OK,        OK,        OK,        OK,        OK,        OK,        NOT_FOUND, NOT_FOUND, NOT_FOUND, LOGIN),
    # The request can no longer be edited once accepted: participants 403, others 404.
    "rounds:request_edit": row(
                         LOGIN,  FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, NOT_FOUND, NOT_FOUND, NOT_FOUND, LOGIN),
    # The "request sent" page exists only for the country while the request is under review.
    "rounds:request_submitted": row(
                         LOGIN,  NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, LOGIN),
    # A request submitted twice (returned in between); the panel is not seated on it.
    "rounds:request_changes": row(
                         LOGIN,  OK,        OK,        OK,        OK,        NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, LOGIN),
    "rounds:document_download": row(
                         LOGIN,  OK,        OK,        OK,        OK,        OK,        FORBIDDEN, NOT_FOUND, NOT_FOUND, NOT_FOUND, LOGIN),
    "rounds:document_remove": POST_ONLY,
    # "Cancel the round" is offered to the secretariat only.
    "rounds:transition": row(
                         LOGIN,  OK,        OK,        FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, NOT_FOUND, NOT_FOUND, NOT_FOUND, LOGIN),
    # An action the lifecycle does not have.
    "rounds:transition#unknown": row(
                         LOGIN,  NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, LOGIN),
    # A round code that does not exist: the same answers as somebody else's round.
    "rounds:detail#missing": row(
                         LOGIN,  NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, LOGIN),
    # The site's icon (browsers ask for /favicon.ico whatever the pages link).
    "favicon": everyone(OK),
    # Translations for the scripts (the report editor's toolbar): public, no data.
    "javascript-catalog": everyone(OK),
    # --- notifications -----------------------------------------------------------------------
    "notifications:inbox": LOGGED_IN,
    "notifications:mark_all_read": POST_ONLY,
    # Each person opens a message of their own...
    "notifications:detail": LOGGED_IN,
    # ...and nobody else's, the secretariat included (they have the outbox).
    "notifications:detail#focal_points_message": row(
                         LOGIN,  NOT_FOUND, NOT_FOUND, OK,        NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, LOGIN),
    "notifications:outbox": SECRETARIAT_ONLY,
    "notifications:retry": POST_ONLY,
    # --- accounts ----------------------------------------------------------------------------
    # Logged-in people are sent on to their work.
    "accounts:login": row(
                         OK,     REDIRECT,  REDIRECT,  REDIRECT,  REDIRECT,  REDIRECT,  REDIRECT,  REDIRECT,  REDIRECT,  REDIRECT,  OK),
    "accounts:logout": everyone(NOT_ALLOWED),
    "accounts:password_reset": everyone(OK),
    "accounts:password_reset_done": everyone(OK),
    # A link with a wrong token: the page says the link is not valid.
    "accounts:password_reset_confirm": everyone(OK),
    "accounts:password_reset_complete": everyone(OK),
    "accounts:password_change": LOGGED_IN,
    "accounts:set_language": everyone(NOT_ALLOWED),
    "accounts:profile": LOGGED_IN,
    # Chile's CV: the secretariat and the expert herself.
    "accounts:expert_cv": row(
                         LOGIN,  OK,        OK,        NOT_FOUND, NOT_FOUND, OK,        NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, LOGIN),
    # A fresh invitation for a new person; someone logged in is told to log out first.
    "accounts:accept_invitation": row(
                         OK,     CONFLICT,  CONFLICT,  CONFLICT,  CONFLICT,  CONFLICT,  CONFLICT,  CONFLICT,  CONFLICT,  CONFLICT,  OK),
    "accounts:request_account": everyone(OK),
    "accounts:request_account_done": everyone(OK),
    # Each country's own team page (its focal point invites colleagues): Honduras sees its own.
    "accounts:team": row(
                         LOGIN,  NOT_FOUND, NOT_FOUND, OK,        OK,        NOT_FOUND, NOT_FOUND, OK,        OK,        NOT_FOUND, LOGIN),
    "accounts:invite": SECRETARIAT_ONLY,
    "accounts:people": SECRETARIAT_ONLY,
    # Account invitations and their state; "send again" is a POST.
    "accounts:invitations": SECRETARIAT_ONLY,
    "accounts:invitation_resend": POST_ONLY,
    "accounts:account_requests": SECRETARIAT_ONLY,
    "accounts:account_request_decide": SECRETARIAT_ONLY,
    # --- panels: the expert roster (panels/roster.py) ----------------------------------------
    "panels:roster": SECRETARIAT_ONLY,
    "panels:expert_new": SECRETARIAT_ONLY,
    "panels:expert_edit": SECRETARIAT_ONLY,
    # Propose an expert found in the roster for a round being formed (Sofía, Costa Rica).
    "panels:roster_propose": SECRETARIAT_ONLY,
    # Chile's page: the secretariat and the expert herself.
    "panels:expert": row(LOGIN,  OK,        OK,        NOT_FOUND, NOT_FOUND, OK,        NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, LOGIN),
    # Each expert keeps their own topics of expertise.
    "panels:my_topics": row(
                         LOGIN,  NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, OK,        OK,        NOT_FOUND, NOT_FOUND, OK,        LOGIN),
    # --- panels (docs/access.md, "Panels") ---------------------------------------------------
    # The panel page: S, C and F see the proposal; E sees the members; T and I are refused.
    "panels:panel": row( LOGIN,  OK,        OK,        OK,        FORBIDDEN, OK,        FORBIDDEN, NOT_FOUND, NOT_FOUND, NOT_FOUND, LOGIN),
    "panels:propose": POST_ONLY,
    "panels:opinion": POST_ONLY,
    "panels:invite": POST_ONLY,
    "panels:withdraw": POST_ONLY,
    "panels:select_states": POST_ONLY,
    # Chile's invitation letter: the secretariat only.
    "panels:letter": row(LOGIN,  OK,        OK,        FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, NOT_FOUND, NOT_FOUND, NOT_FOUND, LOGIN),
    # Each person's own open invitations (an empty list for most).
    "panels:my_invitations": LOGGED_IN,
    # Mexico's invitation, reached from "My invitations": hers only.
    "panels:answer": row(LOGIN,  NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, OK,        NOT_FOUND, NOT_FOUND, NOT_FOUND, LOGIN),
    # Mexico's e-mailed link: anyone else logged in reads "addressed to someone else" (403).
    "panels:invitation": row(
                         LOGIN,  FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, OK,        FORBIDDEN, FORBIDDEN, FORBIDDEN, LOGIN),
    "panels:invitation#unknown_link": row(
                         LOGIN,  NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, LOGIN),
    # --- visits: questionnaires (docs/access.md, "Questionnaires") -------------------------
    # The list: S, C, F, T, E (F and T see released questionnaires only); I is refused.
    "visits:list": row(  LOGIN,  OK,        OK,        OK,        OK,        OK,        FORBIDDEN, NOT_FOUND, NOT_FOUND, NOT_FOUND, LOGIN),
    # Released questions: S, C, F, T, E. (Answers before submission: F and T only, tested in
    # tests/visits.)
    "visits:questionnaire": row(
                         LOGIN,  OK,        OK,        OK,        OK,        OK,        FORBIDDEN, NOT_FOUND, NOT_FOUND, NOT_FOUND, LOGIN),
    # Draft questions: S, C, E.
    "visits:questionnaire#drafting": row(
                         LOGIN,  OK,        OK,        FORBIDDEN, FORBIDDEN, OK,        FORBIDDEN, NOT_FOUND, NOT_FOUND, NOT_FOUND, LOGIN),
    "visits:create": POST_ONLY,
    "visits:section_add": POST_ONLY,
    "visits:question_add": POST_ONLY,
    "visits:question_move": POST_ONLY,
    "visits:release": POST_ONLY,
    "visits:assign": POST_ONLY,
    "visits:answer": POST_ONLY,
    "visits:clarify": POST_ONLY,
    "visits:submit": POST_ONLY,
}
# fmt: on


# --- The world every case runs in ---------------------------------------------------------------
# Built once for the module inside a transaction that is rolled back at the end; each test runs
# in a savepoint of it (pytest-django's ``db``), so a POST in one case never leaks into the next.
# Hundreds of cases stay fast this way.
STATES = (
    "draft",
    "submitted",
    "returned",
    "declined",
    "cancelled",
    "panel_forming",
    "preparation",
    "country_review",
)


@dataclass
class World:
    cast: object
    round: object  # Guatemala, panel forming: every role of the access policy exists at once
    rounds: dict  # state -> a Guatemalan round in that state
    resubmitted: object  # Guatemala, submitted twice
    hn_round: object  # Honduras's own request, submitted
    document: object
    invitation_token: str
    account_invitation: object
    account_request: object
    other_expert: object
    users: dict = field(default_factory=dict)
    own_messages: dict = field(default_factory=dict)

    def fresh(self, state):
        return Round.objects.get(pk=self.rounds[state].pk)


def _message(user, subject="Mensaje de prueba", state=MessageState.SENT):
    return OutgoingMessage.objects.create(
        recipient=user,
        to_email=user.email,
        message_type=MessageType.ROUND_SUBMITTED,
        language=user.preferred_language,
        subject=subject,
        body_text="Texto de prueba.\n",
        state=state,
    )


def _plain(fixture):
    """The function behind a conftest fixture: the standard cast, built once per module here."""
    return fixture._fixture_function


def build_world():
    cast = _plain(conftest.cast)(None)
    make_round = _plain(conftest.make_round)(cast)
    rounds = {state: make_round(state) for state in STATES if state != "panel_forming"}
    rounds["draft"] = make_round("draft", title="Borrador Confidencial de Guatemala")
    hn_round = make_round("submitted", institution=cast.hn_institution, title="Registro Social")
    rnd = rounds["panel_forming"] = make_round(
        "panel_forming",
        title="Programa Bono Social Rural",
        description="DESCRIPCION-SOLO-PARA-PARTICIPANTES del programa.",
    )
    resubmitted = make_round("returned", title="Registro de Hogares")
    resubmitted = transition_round(resubmitted.pk, "submit", cast.gt_focal_point)
    document = ReferenceDocument(
        round=rnd,
        title="Evaluación 2024",
        kind=DocumentKind.REPORT,
        original_name="evaluacion.pdf",
        content_type="application/pdf",
        size=len(PDF),
        uploaded_by=cast.gt_focal_point,
    )
    document.file.save("upload", ContentFile(PDF), save=False)
    document.save()
    ExpertProfile.objects.get(user=cast.expert_cl).cv.save("cv.pdf", ContentFile(PDF))
    other_expert = f.ExpertFactory(
        email="sofia.araya@example.org",
        full_name="Sofía Araya Mora",
        profile__country=f.CountryFactory(code="CR"),
    )
    account_invitation = f.InvitationFactory(
        email="nueva.persona@example.org",
        token="token-de-la-matriz",
        institution=cast.mides,
    )
    account_request = AccountRequest.objects.create(
        full_name="Rosa Quispe Mamani",
        email="rosa.quispe@example.org",
        country=f.CountryFactory(code="BO"),
        institution_name="Ministerio de Desarrollo Productivo",
        position="Analista",
        requested_role="team_member",
    )
    users = {role: cast.user(role) for role in ROLES if role != "other_expert"}
    users["other_expert"] = other_expert
    own = {role: _message(user) for role, user in users.items() if user.is_authenticated}
    # The focal point's message bounced: the secretariat may send it again from the outbox.
    OutgoingMessage.objects.filter(pk=own["focal_point"].pk).update(state=MessageState.FAILED)
    return World(
        cast=cast,
        round=rnd,
        rounds=rounds,
        resubmitted=resubmitted,
        hn_round=hn_round,
        document=document,
        invitation_token="token-de-la-matriz",
        account_invitation=account_invitation,
        account_request=account_request,
        other_expert=other_expert,
        users=users,
        own_messages=own,
    )


@pytest.fixture(scope="module")
def shared_world(django_db_setup, django_db_blocker, tmp_path_factory):
    fast = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    media = tmp_path_factory.mktemp("access-media")
    with (
        django_db_blocker.unblock(),
        override_settings(MEDIA_ROOT=media, PASSWORD_HASHERS=fast),
        transaction.atomic(),
    ):
        yield build_world()
        transaction.set_rollback(True)


@pytest.fixture
def world(shared_world, db):
    """The shared world, inside this test's own savepoint."""
    return shared_world


def _own_message_id(w, role):
    message = w.own_messages.get(role) or w.own_messages["focal_point"]
    return {"pk": message.pk}


def _reset_confirm_kwargs(w, role):
    user = w.cast.gt_focal_point
    return {"uidb64": urlsafe_base64_encode(force_bytes(user.pk)), "token": "wrong-token"}


KWARGS = {
    "rounds:detail": lambda w, role: {"code": w.round.code},
    "rounds:detail#missing": lambda w, role: {"code": "RIPSO-1999-999"},
    "rounds:request_edit": lambda w, role: {"code": w.round.code},
    "rounds:request_submitted": lambda w, role: {"code": w.round.code},
    "rounds:request_changes": lambda w, role: {"code": w.resubmitted.code},
    "rounds:document_download": lambda w, role: {"code": w.round.code, "pk": w.document.pk},
    "rounds:document_remove": lambda w, role: {"code": w.round.code, "pk": w.document.pk},
    "rounds:transition": lambda w, role: {"code": w.round.code, "name": "cancel"},
    "rounds:transition#unknown": lambda w, role: {"code": w.round.code, "name": "fly_away"},
    "notifications:detail": _own_message_id,
    "notifications:detail#focal_points_message": lambda w, role: {
        "pk": w.own_messages["focal_point"].pk
    },
    "notifications:retry": lambda w, role: {"pk": w.own_messages["focal_point"].pk},
    "accounts:password_reset_confirm": _reset_confirm_kwargs,
    "accounts:expert_cv": lambda w, role: {"user_id": w.cast.expert_cl.pk},
    "accounts:accept_invitation": lambda w, role: {"token": w.invitation_token},
    "accounts:account_request_decide": lambda w, role: {"pk": w.account_request.pk},
    "rounds:topic_edit": lambda w, role: {"pk": Topic.objects.order_by("pk").first().pk},
    "panels:expert": lambda w, role: {"user_id": w.cast.expert_cl.pk},
    "panels:expert_edit": lambda w, role: {"user_id": w.cast.expert_cl.pk},
    "panels:roster_propose": lambda w, role: {"user_id": w.other_expert.pk},
    "accounts:invitation_resend": lambda w, role: {"pk": w.account_invitation.pk},
    "panels:panel": panel_cases.panel_kwargs,
    "panels:propose": panel_cases.panel_kwargs,
    "panels:select_states": panel_cases.panel_kwargs,
    "panels:opinion": panel_cases.seat_kwargs,
    "panels:invite": panel_cases.seat_kwargs,
    "panels:withdraw": panel_cases.seat_kwargs,
    "panels:letter": panel_cases.letter_kwargs,
    "panels:answer": panel_cases.answer_kwargs,
    "panels:invitation": panel_cases.invitation_kwargs,
    "panels:invitation#unknown_link": lambda w, role: {"token": "no-such-panel-token"},
    "visits:list": visit_cases.list_kwargs,
    "visits:create": visit_cases.list_kwargs,
    "visits:questionnaire": visit_cases.released_kwargs,
    "visits:questionnaire#drafting": visit_cases.drafting_kwargs,
    "visits:section_add": visit_cases.drafting_kwargs,
    "visits:question_add": visit_cases.drafting_kwargs,
    "visits:release": visit_cases.drafting_kwargs,
    "visits:submit": visit_cases.released_kwargs,
    "visits:question_move": visit_cases.question_kwargs,
    "visits:assign": visit_cases.question_kwargs,
    "visits:answer": visit_cases.question_kwargs,
    "visits:clarify": visit_cases.question_kwargs,
}


# --- Walking the URL patterns -------------------------------------------------------------------
def _walk(patterns, namespace="", prefix=""):
    """(name, route) of every URL pattern, namespaces included; the admin and static excluded."""
    for pattern in patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            if pattern.namespace == "admin":
                continue  # the Django admin: tested separately below
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _walk(pattern.url_patterns, inner, route)
        elif isinstance(pattern, URLPattern):
            if getattr(pattern.callback, "__name__", "") == "serve":
                continue  # static or media files in DEBUG
            name = f"{namespace}{pattern.name}" if pattern.name else f"<unnamed {route}>"
            yield name, "/" + route


def url_pattern_names():
    return sorted({name for name, _route in _walk(get_resolver().url_patterns)})


def test_every_url_pattern_has_a_row_in_the_table():
    """A URL added without deciding who may open it fails here: add it to EXPECTED."""
    in_table = {key.split("#")[0] for key in EXPECTED}
    assert set(url_pattern_names()) - in_table == set()
    assert in_table - set(url_pattern_names()) == set()


def test_every_url_with_arguments_has_a_way_to_build_them():
    for key in EXPECTED:
        try:
            reverse(key.split("#")[0])
        except NoReverseMatch:
            assert key in KWARGS, key
        else:
            assert key not in KWARGS, key


# --- Running one case ---------------------------------------------------------------------------
def snapshot():
    """Everything a stray write could change."""
    return {
        "events": RoundEvent.objects.count(),
        "messages": OutgoingMessage.objects.count(),
        "states": list(Round.objects.order_by("pk").values_list("pk", "status")),
        "rounds": Round.objects.count(),
        "documents": ReferenceDocument.objects.count(),
        "pending_account_requests": AccountRequest.objects.filter(status="pending").count(),
        "unused_invitations": Invitation.objects.filter(used_at__isnull=True).count(),
        "topics": Topic.objects.count(),
        "visits": visit_cases.snapshot(),
        **{area.__name__: area.snapshot() for area in AREAS if hasattr(area, "snapshot")},
    }


def login_as(client, w, role):
    if role != "anonymous":
        client.force_login(w.users[role])


def check_outcome(response, expected, url):
    login_url = reverse("accounts:login")
    got = response.status_code
    if expected == LOGIN:
        assert got == 302, f"{url}: {got}"
        location = urlsplit(response["Location"])
        assert location.path == login_url, response["Location"]
        assert location.query.startswith("next="), response["Location"]
    elif expected == REDIRECT:
        assert got == 302, f"{url}: {got}"
        assert (
            urlsplit(response["Location"]).path != login_url or "next=" not in response["Location"]
        )
    else:
        assert got == expected, f"{url}: {got}"
    if response.streaming:
        b"".join(response.streaming_content)  # the test client closes the file at the end


# --- Writes ---------------------------------------------------------------------------------------
def _transition(name, to_state, **data):
    def kwargs(w, rnd):
        return {"code": rnd.code, "name": name}

    def done(w, rnd, before, role):
        rnd.refresh_from_db()
        assert rnd.status == to_state
        assert RoundEvent.objects.count() == before["events"] + 1

    return {"kwargs": kwargs, "data": lambda w, rnd: dict(data), "done": done}


def _accept_data(w, rnd):
    return {"methodology": "ripso", "coordinators": [w.cast.coordinator.pk]}


def _accepted_with_coordinator_seated(w, rnd, before, role):
    """Accepted, and the coordinator chosen is seated at once (two audit entries)."""
    rnd.refresh_from_db()
    assert rnd.status == RoundState.PANEL_FORMING
    assert RoundEvent.objects.count() == before["events"] + 2
    seat = rnd.panel_seats.get(user=w.cast.coordinator)
    assert (seat.kind, seat.status) == ("coordinator", "accepted")


def _request_data(w, rnd):
    return {
        "title": "Programa de Cuidados Comunitarios",
        "coi-TOTAL_FORMS": "2",
        "coi-INITIAL_FORMS": "0",
        "coi-MIN_NUM_FORMS": "2",
        "coi-MAX_NUM_FORMS": "2",
    }


def _document_on(w, rnd):
    doc = ReferenceDocument(
        round=rnd,
        title="Nota conceptual",
        kind=DocumentKind.CONCEPTUAL,
        url="https://example.org/n",
    )
    doc.save()
    return {"code": rnd.code, "pk": doc.pk}


def _round_created(w, rnd, before, role):
    assert Round.objects.count() == before["rounds"] + 1


def _request_saved(w, rnd, before, role):
    rnd.refresh_from_db()
    assert rnd.title == "Programa de Cuidados Comunitarios"


def _document_removed(w, rnd, before, role):
    assert rnd.documents.count() == 0


def _all_read(w, rnd, before, role):
    message = w.own_messages[role]
    message.refresh_from_db()
    assert message.read_at is not None


def _retried(w, rnd, before, role):
    message = w.own_messages["focal_point"]
    message.refresh_from_db()
    assert message.state == MessageState.PENDING


def _topic_data(w, rnd):
    return {
        "methodology": "ripso",
        "name_es": "Cuidados de largo plazo",
        "name_en": "Long-term care",
        "position": "99",
        "is_active": "on",
    }


def _topic_created(w, rnd, before, role):
    assert Topic.objects.filter(name_en="Long-term care").count() == 1


def _colleague_invited(w, rnd, before, role):
    invitation = Invitation.objects.get(email="marta.colega@example.org")
    assert (invitation.role, invitation.institution) == ("team_member", w.users[role].institution)


def _request_rejected(w, rnd, before, role):
    w.account_request.refresh_from_db()
    assert w.account_request.status == "rejected"


def _expert_invite_data(w, rnd):
    country = ExpertProfile.objects.get(user=w.cast.expert_uy).country_id
    return {
        "full_name": "Nuevo Experto",
        "email": "nuevo.experto@example.org",
        "country": country,
        "language": "es",
    }


def _expert_invited(w, rnd, before, role):
    invitation = Invitation.objects.get(email="nuevo.experto@example.org", used_at__isnull=True)
    assert (invitation.role, invitation.expert_country.code) == ("expert", "UY")


def _sent_an_hour_ago(w, rnd):
    """The matrix's account invitation, sent an hour ago (a resend right away is refused)."""
    Invitation.objects.filter(pk=w.account_invitation.pk).update(
        created_at=timezone.now() - timedelta(hours=1)
    )
    return {"pk": w.account_invitation.pk}


def _invitation_resent(w, rnd, before, role):
    sent = Invitation.objects.filter(email="nueva.persona@example.org").order_by("created_at")
    old, new = list(sent)
    assert old.revoked_at is not None and new.is_usable
    assert new.invited_by == w.users[role]


def _two_topics():
    return list(Topic.objects.order_by("pk").values_list("pk", flat=True)[:2])


def _expert_edit_data(w, rnd):
    return {
        "full_name": "Valentina Rojas Fuentes",
        "position": "Asesora principal",
        "country": ExpertProfile.objects.get(user=w.cast.expert_cl).country_id,
        "languages": "es, en",
        "topics": _two_topics(),
    }


def _expert_edited(w, rnd, before, role):
    profile = ExpertProfile.objects.get(user=w.cast.expert_cl)
    assert profile.position == "Asesora principal"
    assert sorted(profile.user.expertise.values_list("topic_id", flat=True)) == _two_topics()


def _own_topics_saved(w, rnd, before, role):
    topics = w.users[role].expertise.values_list("topic_id", flat=True)
    assert sorted(topics) == _two_topics()


# fmt: off
#                               anon   S          C          F          T          E          I          O-F        O-T        O-E        former
SECRETARIAT_ACTION = row(       LOGIN, REDIRECT,  REDIRECT,  FORBIDDEN, FORBIDDEN, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, LOGIN)
FOCAL_POINT_ACTION_DRAFT = row( LOGIN, FORBIDDEN, FORBIDDEN, REDIRECT,  FORBIDDEN, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, LOGIN)
QUESTIONNAIRE_SECRETARIAT = row(LOGIN, REDIRECT,  REDIRECT,  FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, NOT_FOUND, NOT_FOUND, NOT_FOUND, LOGIN)
QUESTIONNAIRE_DRAFTERS = row(   LOGIN, REDIRECT,  REDIRECT,  FORBIDDEN, FORBIDDEN, REDIRECT,  FORBIDDEN, NOT_FOUND, NOT_FOUND, NOT_FOUND, LOGIN)
QUESTIONNAIRE_FOCAL_POINT = row(LOGIN, FORBIDDEN, FORBIDDEN, REDIRECT,  FORBIDDEN, FORBIDDEN, FORBIDDEN, NOT_FOUND, NOT_FOUND, NOT_FOUND, LOGIN)
SECRETARIAT_ONLY_WRITE = row(   LOGIN, REDIRECT,  REDIRECT,  NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, LOGIN)
COUNTRY_EDIT_DRAFT = row(       LOGIN, FORBIDDEN, FORBIDDEN, REDIRECT,  REDIRECT,  NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, LOGIN)
PANEL_SECRETARIAT_WRITE = row(  LOGIN, REDIRECT,  REDIRECT,  FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, NOT_FOUND, NOT_FOUND, NOT_FOUND, LOGIN)
PANEL_COUNTRY_WRITE = row(      LOGIN, REDIRECT,  REDIRECT,  REDIRECT,  FORBIDDEN, FORBIDDEN, FORBIDDEN, NOT_FOUND, NOT_FOUND, NOT_FOUND, LOGIN)

POST_EXPECTED = {
    "rounds:transition#submit": PostCase(
        "rounds:transition", FOCAL_POINT_ACTION_DRAFT, "draft",
        **_transition("submit", RoundState.SUBMITTED)),
    "rounds:transition#withdraw": PostCase(
        "rounds:transition", FOCAL_POINT_ACTION_DRAFT, "draft",
        **_transition("withdraw", RoundState.WITHDRAWN)),
    "rounds:transition#return_for_changes": PostCase(
        "rounds:transition", SECRETARIAT_ACTION, "submitted",
        **_transition("return_for_changes", RoundState.RETURNED, comment="Falta el presupuesto.")),
    "rounds:transition#accept": PostCase(
        "rounds:transition", SECRETARIAT_ACTION, "submitted",
        **{**_transition("accept", RoundState.PANEL_FORMING), "data": _accept_data,
           "done": _accepted_with_coordinator_seated}),
    "rounds:transition#decline": PostCase(
        "rounds:transition", SECRETARIAT_ACTION, "submitted",
        **_transition("decline", RoundState.DECLINED, comment="Fuera del mandato de la red.")),
    # Once the panel is being formed the panel members are participants: 403, not 404.
    "rounds:transition#cancel": PostCase(
        "rounds:transition", row(
                                LOGIN, REDIRECT,  REDIRECT,  FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, NOT_FOUND, NOT_FOUND, NOT_FOUND, LOGIN),
        "panel_forming",
        **_transition("cancel", RoundState.CANCELLED, comment="La institución fue reestructurada.")),
    # The invited expert declined before the panel was confirmed: from then on "anyone else".
    "rounds:transition#approve": PostCase(
        "rounds:transition", row(
                                LOGIN, FORBIDDEN, FORBIDDEN, REDIRECT,  FORBIDDEN, FORBIDDEN, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, LOGIN),
        "country_review",
        **_transition("approve", RoundState.APPROVED)),
    "rounds:transition#request_changes": PostCase(
        "rounds:transition", row(
                                LOGIN, FORBIDDEN, FORBIDDEN, REDIRECT,  FORBIDDEN, FORBIDDEN, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, LOGIN),
        "country_review",
        **_transition("request_changes", RoundState.REPORT_DRAFTING, comment="Revisen la sección 3.")),
    "rounds:request_create": PostCase(
        "rounds:request_create", row(
                                LOGIN, NOT_FOUND, NOT_FOUND, REDIRECT,  NOT_FOUND, NOT_FOUND, NOT_FOUND, REDIRECT,  NOT_FOUND, NOT_FOUND, LOGIN),
        data=_request_data, done=_round_created),
    "rounds:request_edit": PostCase(
        "rounds:request_edit", COUNTRY_EDIT_DRAFT, "draft",
        kwargs=lambda w, rnd: {"code": rnd.code}, data=_request_data, done=_request_saved),
    "rounds:document_remove": PostCase(
        "rounds:document_remove", COUNTRY_EDIT_DRAFT, "draft",
        kwargs=_document_on, done=_document_removed),
    "notifications:mark_all_read": PostCase(
        "notifications:mark_all_read", row(
                                LOGIN, REDIRECT,  REDIRECT,  REDIRECT,  REDIRECT,  REDIRECT,  REDIRECT,  REDIRECT,  REDIRECT,  REDIRECT,  LOGIN),
        done=_all_read),
    "notifications:retry": PostCase(
        "notifications:retry", row(
                                LOGIN, REDIRECT,  REDIRECT,  NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, LOGIN),
        kwargs=lambda w, rnd: {"pk": w.own_messages["focal_point"].pk}, done=_retried),
    "rounds:topic_create": PostCase(
        "rounds:topic_create", SECRETARIAT_ONLY_WRITE, data=_topic_data, done=_topic_created),
    # A focal point invites colleagues to their own institution; a team member may only look.
    "accounts:team": PostCase(
        "accounts:team", row(
                                LOGIN, NOT_FOUND, NOT_FOUND, REDIRECT,  NOT_FOUND, NOT_FOUND, NOT_FOUND, REDIRECT,  NOT_FOUND, NOT_FOUND, LOGIN),
        data=lambda w, rnd: {"full_name": "Marta Colega", "email": "marta.colega@example.org", "language": "es"},
        done=_colleague_invited),
    "accounts:logout": PostCase("accounts:logout", everyone(REDIRECT)),
    "accounts:set_language": PostCase(
        "accounts:set_language", everyone(REDIRECT), data=lambda w, rnd: {"language": "en"}),
    "accounts:account_request_decide": PostCase(
        "accounts:account_request_decide", row(
                                LOGIN, REDIRECT,  REDIRECT,  NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, LOGIN),
        kwargs=lambda w, rnd: {"pk": w.account_request.pk},
        data=lambda w, rnd: {"action": "reject", "reason": "No pertenece a una institución miembro."},
        done=_request_rejected),
    "panels:expert_new": PostCase(
        "panels:expert_new", SECRETARIAT_ONLY_WRITE, data=_expert_invite_data, done=_expert_invited),
    "panels:roster_propose": PostCase(
        "panels:roster_propose", SECRETARIAT_ONLY_WRITE, "panel_forming",
        kwargs=lambda w, rnd: {"user_id": w.other_expert.pk},
        data=panel_cases.roster_propose_data, done=panel_cases.proposed_from_roster),
    "accounts:invitation_resend": PostCase(
        "accounts:invitation_resend", SECRETARIAT_ONLY_WRITE,
        kwargs=_sent_an_hour_ago, done=_invitation_resent),
    "panels:expert_edit": PostCase(
        "panels:expert_edit", SECRETARIAT_ONLY_WRITE,
        kwargs=lambda w, rnd: {"user_id": w.cast.expert_cl.pk},
        data=_expert_edit_data, done=_expert_edited),
    "panels:my_topics": PostCase(
        "panels:my_topics", row(
                                LOGIN, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, REDIRECT,  REDIRECT,  NOT_FOUND, NOT_FOUND, REDIRECT,  LOGIN),
        data=lambda w, rnd: {"topics": _two_topics()}, done=_own_topics_saved),
    # --- panels: the secretariat proposes, invites and withdraws; the country gives its opinion
    # and (MECIGEP) selects the states, or the secretariat records them on its behalf.
    "panels:propose": PostCase(
        "panels:propose", PANEL_SECRETARIAT_WRITE, "panel_forming",
        kwargs=panel_cases.code_of, data=panel_cases.propose_data, done=panel_cases.proposed),
    "panels:opinion": PostCase(
        "panels:opinion", PANEL_COUNTRY_WRITE, "panel_forming",
        kwargs=panel_cases.opinion_kwargs, data=panel_cases.objection_data, done=panel_cases.objected),
    "panels:invite": PostCase(
        "panels:invite", PANEL_SECRETARIAT_WRITE, "panel_forming",
        kwargs=panel_cases.invite_kwargs, done=panel_cases.invited),
    "panels:withdraw": PostCase(
        "panels:withdraw", PANEL_SECRETARIAT_WRITE, "panel_forming",
        kwargs=panel_cases.withdraw_kwargs, done=panel_cases.withdrawn),
    "panels:select_states": PostCase(
        "panels:select_states", PANEL_COUNTRY_WRITE, "panel_forming",
        kwargs=panel_cases.states_kwargs, data=panel_cases.states_data, done=panel_cases.states_selected),
    # Mexico declines through her e-mailed link; nobody else may answer it.
    "panels:invitation": PostCase(
        "panels:invitation", row(
                                LOGIN, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, REDIRECT,  FORBIDDEN, FORBIDDEN, FORBIDDEN, LOGIN),
        "panel_forming",
        kwargs=panel_cases.invitation_post_kwargs, data=panel_cases.decline_data, done=panel_cases.declined),
    # --- visits: the secretariat creates and releases; S, C and E draft; the focal point
    # assigns and submits; F and T (assigned) answer; everyone on the round asks in the threads.
    "visits:create": PostCase(
        "visits:create", QUESTIONNAIRE_SECRETARIAT, "panel_forming",
        kwargs=visit_cases.code_of, data=lambda w, rnd: {"title": "Cuestionario técnico"},
        done=visit_cases.created),
    "visits:question_add": PostCase(
        "visits:question_add", QUESTIONNAIRE_DRAFTERS, "panel_forming",
        kwargs=visit_cases.on_drafting,
        data=lambda w, rnd: {"type": "long_text", "text": "¿Qué evaluaciones existen?", "required": "on"},
        done=visit_cases.question_added),
    "visits:section_add": PostCase(
        "visits:section_add", QUESTIONNAIRE_DRAFTERS, "panel_forming",
        kwargs=visit_cases.on_drafting, data=lambda w, rnd: {"title": "Focalización"},
        done=visit_cases.section_added),
    "visits:question_move": PostCase(
        "visits:question_move", QUESTIONNAIRE_DRAFTERS, "panel_forming",
        kwargs=visit_cases.on_first_drafting_question, data=lambda w, rnd: {"direction": "up"},
        done=visit_cases.moved_up),
    "visits:release": PostCase(
        "visits:release", QUESTIONNAIRE_SECRETARIAT, "panel_forming",
        kwargs=visit_cases.on_drafting, done=visit_cases.released_done),
    "visits:assign": PostCase(
        "visits:assign", QUESTIONNAIRE_FOCAL_POINT, "panel_forming",
        kwargs=visit_cases.on_first_released_question, data=visit_cases.assign_data,
        done=visit_cases.unassigned),
    "visits:answer": PostCase(
        "visits:answer", row(
                                LOGIN, FORBIDDEN, FORBIDDEN, REDIRECT,  REDIRECT,  FORBIDDEN, FORBIDDEN, NOT_FOUND, NOT_FOUND, NOT_FOUND, LOGIN),
        "panel_forming",
        kwargs=visit_cases.on_first_released_question, data=visit_cases.answer_data,
        done=visit_cases.answered),
    "visits:clarify": PostCase(
        "visits:clarify", row(
                                LOGIN, REDIRECT,  REDIRECT,  REDIRECT,  REDIRECT,  REDIRECT,  FORBIDDEN, NOT_FOUND, NOT_FOUND, NOT_FOUND, LOGIN),
        "panel_forming",
        kwargs=visit_cases.on_first_released_question, data=visit_cases.clarify_data,
        done=visit_cases.clarified),
    "visits:submit": PostCase(
        "visits:submit", QUESTIONNAIRE_FOCAL_POINT, "panel_forming",
        kwargs=visit_cases.on_answered, done=visit_cases.submitted),
}
# fmt: on


def test_every_post_only_url_has_post_cases():
    post_only = {key for key, expected in EXPECTED.items() if expected == POST_ONLY}
    post_only.add("accounts:logout")
    post_only.add("accounts:set_language")
    assert post_only <= {case.url for case in POST_EXPECTED.values()}


# --- The same pages across the lifecycle ----------------------------------------------------------
# fmt: off
#                              anon   S          C          F          T          E          I          O-F        O-T        O-E        former
_BEFORE_PANEL_PAGE = row(      LOGIN, OK,        OK,        OK,        OK,        NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, LOGIN)
_EDITABLE = row(               LOGIN, FORBIDDEN, FORBIDDEN, OK,        OK,        NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, LOGIN)
_NOT_EDITABLE = row(           LOGIN, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, LOGIN)
_NOBODY = row(                 LOGIN, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, LOGIN)
_COUNTRY = row(                LOGIN, NOT_FOUND, NOT_FOUND, OK,        OK,        NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, LOGIN)
# Not sent (yet, or again): the country is sent to the round page.
_COUNTRY_REDIRECT = row(       LOGIN, NOT_FOUND, NOT_FOUND, REDIRECT,  REDIRECT,  NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, LOGIN)

STATE_EXPECTED = {
    # A draft: the secretariat may look; experts and Honduras may not know it exists.
    ("draft", "rounds:detail"): _BEFORE_PANEL_PAGE,
    ("draft", "rounds:request_edit"): _EDITABLE,
    ("draft", "rounds:request_submitted"): _COUNTRY_REDIRECT,
    ("submitted", "rounds:detail"): _BEFORE_PANEL_PAGE,
    ("submitted", "rounds:request_edit"): _NOT_EDITABLE,
    ("submitted", "rounds:request_submitted"): _COUNTRY,
    ("returned", "rounds:detail"): _BEFORE_PANEL_PAGE,
    ("returned", "rounds:request_edit"): _EDITABLE,
    ("returned", "rounds:request_submitted"): _COUNTRY_REDIRECT,
    ("declined", "rounds:detail"): _BEFORE_PANEL_PAGE,
    ("declined", "rounds:request_edit"): _NOT_EDITABLE,
    ("declined", "rounds:request_submitted"): _NOBODY,
    ("cancelled", "rounds:detail"): _BEFORE_PANEL_PAGE,
    ("cancelled", "rounds:request_edit"): _NOT_EDITABLE,
    ("cancelled", "rounds:request_submitted"): _NOBODY,
    # The panel is being formed: the invited expert sees the invitation summary.
    ("panel_forming", "rounds:detail"): EXPECTED["rounds:detail"],
    ("panel_forming", "rounds:request_edit"): EXPECTED["rounds:request_edit"],
    ("panel_forming", "rounds:request_submitted"): _NOBODY,
    # The panel is confirmed: Mexico declined and is "anyone else" from then on.
    ("preparation", "rounds:detail"): row(
                               LOGIN, OK,        OK,        OK,        OK,        OK,        NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, LOGIN),
    ("preparation", "rounds:request_edit"): row(
                               LOGIN, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, LOGIN),
    ("preparation", "rounds:request_submitted"): _NOBODY,
    # The panel page exists once the request is accepted (the round has a methodology); after
    # the panel is confirmed it shows who sits on it, and Mexico (declined) is "anyone else".
    ("draft", "panels:panel"): _NOBODY,
    ("submitted", "panels:panel"): _NOBODY,
    # Questionnaires exist once the request is accepted; after the panel is confirmed Mexico
    # (declined) is "anyone else".
    ("draft", "visits:list"): _NOBODY,
    ("submitted", "visits:list"): _NOBODY,
    ("preparation", "visits:list"): row(
                               LOGIN, OK,        OK,        OK,        OK,        OK,        NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, LOGIN),
    ("preparation", "panels:panel"): row(
                               LOGIN, OK,        OK,        OK,        FORBIDDEN, OK,        NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, LOGIN),
}
# fmt: on


# --- Areas that keep their rows in their own module (tests/access_table.py) --------------------
# (AREAS is declared near the top: the parametrised tests above read the merged tables.)
_merge_areas()


# Parametrised after the areas are merged, so their rows are cases too.
def _get_cases():
    return [pytest.param(key, role, id=f"{key}-{role}") for key in EXPECTED for role in ROLES]


@pytest.mark.parametrize(("key", "role"), _get_cases())
def test_get(client, world, key, role):
    name = key.split("#")[0]
    kwargs = KWARGS[key](world, role) if key in KWARGS else {}
    url = reverse(name, kwargs=kwargs)
    login_as(client, world, role)
    before = snapshot()
    response = client.get(url)
    check_outcome(response, EXPECTED[key][role], url)
    assert snapshot() == before, "a GET changed something"


def _post_cases():
    return [
        pytest.param(key, role, id=f"POST {key}-{role}") for key in POST_EXPECTED for role in ROLES
    ]


@pytest.mark.parametrize(("key", "role"), _post_cases())
def test_post(client, world, key, role):
    case = POST_EXPECTED[key]
    rnd = world.fresh(case.state) if case.state else None
    kwargs = case.kwargs(world, rnd) if case.kwargs else {}
    url = reverse(case.url, kwargs=kwargs)
    data = case.data(world, rnd) if case.data else {}
    login_as(client, world, role)
    before = snapshot()
    response = client.post(url, data)
    expected = case.expected[role]
    check_outcome(response, expected, url)
    if expected in (OK, REDIRECT):
        if case.done:
            case.done(world, rnd, before, role)
    else:
        assert snapshot() == before, "a refused POST changed something"


def _state_cases():
    return [
        pytest.param(state, name, role, id=f"{state}:{name}-{role}")
        for (state, name) in STATE_EXPECTED
        for role in ROLES
    ]


@pytest.mark.parametrize(("state", "name", "role"), _state_cases())
def test_get_in_state(client, world, state, name, role):
    rnd = world.fresh(state)
    url = reverse(name, kwargs={"code": rnd.code})
    login_as(client, world, role)
    before = snapshot()
    response = client.get(url)
    check_outcome(response, STATE_EXPECTED[(state, name)][role], url)
    assert snapshot() == before, "a GET changed something"


CASE_COUNT = len(_get_cases()) + len(_post_cases()) + len(_state_cases())


# --- docs/access.md --------------------------------------------------------------------------------
LABELS = {OK: "200", LOGIN: "login", REDIRECT: "302", FORBIDDEN: "**403**", NOT_FOUND: "404",
          NOT_ALLOWED: "405", CONFLICT: "409"}  # fmt: skip
HEADER = ("P", "S", "C", "F", "T", "E", "I", "O-F", "O-T", "O-E", "off")
START, END = "<!-- access tables: generated -->", "<!-- end of generated access tables -->"


def _table(first_column, rows):
    lines = [
        f"| {first_column} | " + " | ".join(HEADER) + " |",
        "|---|" + "---|" * len(HEADER),
    ]
    for label, outcomes in rows:
        lines.append(f"| {label} | " + " | ".join(LABELS[outcomes[r]] for r in ROLES) + " |")
    return "\n".join(lines)


def render_access_tables():
    """The tables of docs/access.md, from EXPECTED, STATE_EXPECTED and POST_EXPECTED."""
    routes = dict(_walk(get_resolver().url_patterns))
    get_rows = []
    for key, outcomes in EXPECTED.items():
        name, _, variant = key.partition("#")
        label = f"`{name}` `{routes[name]}`" + (
            f" ({variant.replace('_', ' ')})" if variant else ""
        )
        get_rows.append((label, outcomes))
    state_rows = [(f"{state}: `{name}`", out) for (state, name), out in STATE_EXPECTED.items()]
    post_rows = []
    for key, case in POST_EXPECTED.items():
        name, _, variant = key.partition("#")
        where = f" on a {case.state.replace('_', ' ')} round" if case.state else ""
        label = f"POST `{name}`" + (f" `{variant}`" if variant else "") + where
        post_rows.append((label, case.expected))
    return "\n\n".join(
        [
            START,
            f"{CASE_COUNT} URL × role cases.",
            "#### GET, on Guatemala's round while its panel is being formed",
            _table("URL", get_rows),
            "#### GET of the round's pages across the lifecycle",
            _table("state: URL", state_rows),
            "#### POST",
            _table("write", post_rows),
            END,
        ]
    )


def test_docs_access_md_shows_the_current_table():
    """Regenerate after changing a table above (rewrites the block in docs/access.md):
    ``DJANGO_SETTINGS_MODULE=ripso.settings .venv/bin/python -c "import django; django.setup();
    from tests.test_access import write_docs; write_docs()"``"""
    text = (Path(settings.BASE_DIR) / "docs" / "access.md").read_text(encoding="utf-8")
    assert render_access_tables() in text


def write_docs():
    path = Path(settings.BASE_DIR) / "docs" / "access.md"
    text = path.read_text(encoding="utf-8")
    before, _, rest = text.partition(START)
    _, _, after = rest.partition(END)
    path.write_text(before + render_access_tables() + after, encoding="utf-8")


@pytest.mark.parametrize("count", [CASE_COUNT], ids=[f"{CASE_COUNT} URL x role cases"])
def test_access_matrix_size(count):
    """The test id reports the size: `pytest tests/test_access.py -v -k matrix_size`."""
    print(f"\n{count} URL × role cases")
    assert count == len(ROLES) * (len(EXPECTED) + len(POST_EXPECTED) + len(STATE_EXPECTED))


# --- What the pages show --------------------------------------------------------------------------
def test_invited_expert_reads_only_the_invitation_summary(client, world):
    client.force_login(world.cast.expert_mx)
    response = client.get(world.round.get_absolute_url())
    html = response.content.decode()
    assert response.status_code == 200
    assert world.round.title in html
    assert world.round.goal.split()[0] in html
    assert "DESCRIPCION-SOLO-PARA-PARTICIPANTES" not in html
    assert world.round.contact_email not in html
    assert world.document.title not in html


def test_expert_on_the_panel_reads_the_whole_request(client, world):
    client.force_login(world.cast.expert_cl)
    html = client.get(world.round.get_absolute_url()).content.decode()
    assert "DESCRIPCION-SOLO-PARA-PARTICIPANTES" in html


def test_secretariat_reads_a_submitted_request(client, world):
    rnd = world.rounds["submitted"]
    client.force_login(world.cast.secretariat)
    response = client.get(rnd.get_absolute_url())
    assert response.status_code == 200
    assert rnd.description in response.content.decode()


@pytest.mark.parametrize("role", ["expert_on_panel", "other_expert", "other_focal_point"])
def test_a_draft_of_guatemala_is_in_no_list_of_experts_or_honduras(client, world, role):
    draft = world.rounds["draft"]
    login_as(client, world, role)
    for name in ("rounds:list", "rounds:home"):
        html = client.get(reverse(name)).content.decode()
        assert draft.code not in html
        assert "Borrador Confidencial de Guatemala" not in html
    assert client.get(draft.get_absolute_url()).status_code == 404


def test_the_secretariat_finds_the_draft_in_the_round_list(client, world):
    client.force_login(world.cast.secretariat)
    html = client.get(reverse("rounds:list"), {"q": "Borrador Confidencial"}).content.decode()
    assert world.rounds["draft"].code in html


def test_honduras_and_guatemala_see_only_their_own_rounds(client, world):
    hn_code, gt_code = world.hn_round.code, world.round.code
    client.force_login(world.cast.hn_focal_point)
    html = client.get(reverse("rounds:list")).content.decode()
    assert hn_code in html
    assert gt_code not in html
    client.force_login(world.cast.gt_focal_point)
    html = client.get(reverse("rounds:list")).content.decode()
    assert gt_code in html
    assert hn_code not in html


def test_anonymous_cannot_tell_an_existing_round_from_a_missing_one(client, world):
    existing = client.get(reverse("rounds:detail", args=[world.round.code]))
    missing = client.get(reverse("rounds:detail", args=["RIPSO-1999-999"]))
    assert existing.status_code == missing.status_code == 302
    assert existing["Location"].replace(world.round.code, "X") == missing["Location"].replace(
        "RIPSO-1999-999", "X"
    )


# --- The Django admin ---------------------------------------------------------------------------
def test_admin_sends_anonymous_to_the_admin_login(client, world):
    for url in (reverse("admin:index"), reverse("admin:accounts_user_changelist")):
        response = client.get(url)
        assert response.status_code == 302
        assert urlsplit(response["Location"]).path == reverse("admin:login")


def test_admin_keeps_a_focal_point_out(client, world):
    client.force_login(world.cast.gt_focal_point)
    for url in (reverse("admin:index"), reverse("admin:accounts_user_changelist")):
        response = client.get(url)
        assert response.status_code == 302
        assert urlsplit(response["Location"]).path == reverse("admin:login")
    # Even on the admin's own login page, nothing of the admin is shown to them.
    response = client.get(reverse("admin:index"), follow=True)
    assert b"Site administration" not in response.content


def test_admin_lets_a_superuser_in(client, world):
    """The refusals above are the admin's own, not a broken admin."""
    staff = f.SecretariatFactory(email="admin.ripso@example.org", is_staff=True, is_superuser=True)
    client.force_login(staff)
    assert client.get(reverse("admin:index")).status_code == 200
