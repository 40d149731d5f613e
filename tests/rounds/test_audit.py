"""The audit trail: every action has a sentence (rounds.audit), and the round's history page.

A service that records an action without a sentence fails three ways: at runtime (``log_event``
refuses it outside production), statically (every action passed to ``log_event`` or given to a
``RoundEvent`` in the code is registered) and on the demo (no event of ``seed_demo`` reads as
its code).
"""

import ast
import re
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from accounts.models import Country
from rounds import audit
from rounds.enums import EventVisibility, RoundState
from rounds.history_views import HISTORY_PAGE_SIZE
from rounds.models import Round, RoundEvent
from rounds.services import log_event
from tests.test_views_rounds import speaks_english

pytestmark = pytest.mark.django_db
ROOT = Path(settings.BASE_DIR)
APPS = ("accounts", "rounds", "panels", "visits", "reports", "notifications")
CODE = re.compile(r"\b(?:rounds|panels|visits|reports|accounts)\.[a-z_]+(?:\.[a-z_]+)+\b")

# Actions built from a value: the prefix in the code -> every value it can take.
DYNAMIC_ACTIONS = {
    "rounds.round.": {s for s in RoundState.values if s != RoundState.DRAFT},
    "panels.seat.country_": {"agreed", "objected"},
    "panels.seat.": {"accepted", "declined"},
}


def _action_nodes():
    """(file, line, node) for the action argument of every log_event(...) and RoundEvent(...)."""
    for app in APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            if "migrations" in path.parts:
                continue
            tree = ast.parse(path.read_text(encoding="utf-8"))
            # log_event's own body hands its argument on: not an action of its own.
            inside_log_event = {
                id(n)
                for f in ast.walk(tree)
                if isinstance(f, ast.FunctionDef) and f.name == "log_event"
                for n in ast.walk(f)
            }
            for node in ast.walk(tree):
                if not isinstance(node, ast.Call) or id(node) in inside_log_event:
                    continue
                func = node.func
                name = getattr(func, "id", None) or getattr(func, "attr", None)
                owner = getattr(getattr(func, "value", None), "attr", None)
                if name == "log_event" and len(node.args) >= 3:
                    yield path, node.lineno, node.args[2]
                elif name == "RoundEvent" or (name == "create" and owner == "objects"):
                    for kw in node.keywords:
                        if kw.arg == "action":
                            yield path, node.lineno, kw.value


def _prefix(node):
    """The constant start of an f-string or a "literal" + value concatenation."""
    if isinstance(node, ast.JoinedStr):
        return "".join(v.value for v in node.values if isinstance(v, ast.Constant))
    if isinstance(node, ast.BinOp) and isinstance(node.left, ast.Constant):
        return node.left.value
    return None


def test_every_action_recorded_in_the_code_has_a_sentence():
    """Static: each action string passed to log_event (or given to a RoundEvent) is registered;
    an action built from a value must be declared in DYNAMIC_ACTIONS with all its values."""
    literals, unknown, undeclared = set(), [], []
    for path, line, node in _action_nodes():
        where = f"{path.relative_to(ROOT)}:{line}"
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            literals.add(node.value)
            if not audit.is_registered(node.value):
                unknown.append(f"{where} {node.value}")
            continue
        prefix = _prefix(node)
        if prefix not in DYNAMIC_ACTIONS:
            undeclared.append(f"{where} {ast.unparse(node)}")
            continue
        for value in DYNAMIC_ACTIONS[prefix]:
            if not audit.is_registered(prefix + value):
                unknown.append(f"{where} {prefix + value}")
    assert unknown == []
    assert undeclared == []
    # The scan finds the services' calls (a broken scan would pass on nothing).
    assert {
        "visits.visit_note.created",
        "panels.seat.proposed",
        "reports.comment.added",
    } <= literals
    assert len(literals) > 40


def test_log_event_refuses_an_action_without_a_sentence(cast, make_round):
    """Runtime: outside production an unregistered action is an error, and nothing is recorded."""
    rnd = make_round("draft")
    before = rnd.events.count()
    assert settings.AUDIT_STRICT
    with pytest.raises(audit.UnregisteredAction, match=r"visits\.brand_new_thing"):
        log_event(rnd, cast.gt_focal_point, "visits.brand_new_thing")
    assert rnd.events.count() == before


def test_in_production_an_unknown_action_is_recorded_and_reads_neutrally(
    cast, make_round, settings
):
    settings.AUDIT_STRICT = False
    rnd = make_round("draft")
    event = log_event(rnd, cast.gt_focal_point, "visits.brand_new_thing")
    with translation.override("es"):
        assert audit.describe(event) == "Otro cambio en la ronda"
    assert audit.event_phase(event) == audit.AuditPhase.PREPARATION


@pytest.mark.parametrize(
    ("action", "data", "english", "spanish"),
    [
        (
            "visits.visit_note.created",
            {"item": 1, "title": "Sesión 2: Ministerio de Hacienda"},
            "Visit note added to “Sesión 2: Ministerio de Hacienda”",
            "Nota de visita añadida a «Sesión 2: Ministerio de Hacienda»",
        ),
        (
            "rounds.request.document_added",
            {"title": "Estudio <b>de</b> canales", "link": False},
            "Reference document added: “Estudio &lt;b&gt;de&lt;/b&gt; canales”",
            "Documento de referencia agregado: «Estudio &lt;b&gt;de&lt;/b&gt; canales»",
        ),
        (
            "rounds.round.panel_forming",
            {"transition": "accept", "methodology": "ripso"},
            "Request accepted (RIPSO peer-to-peer round); the expert panel is being formed",
            "Solicitud aceptada (Ronda entre pares RIPSO); se está conformando el panel de expertos",
        ),
        (
            "rounds.round.report_drafting",
            {"transition": "request_changes"},
            "The country asked for changes to the report",
            "El país pidió cambios en el informe",
        ),
        (
            "visits.agenda.released",
            {"version": 2, "final": True},
            "Final agenda shared (version 2)",
            "Agenda definitiva compartida (versión 2)",
        ),
        (
            "reports.publication.chosen",
            {"choice": "public", "previous": ""},
            "The country chose to publish the report on the portal",
            "El país decidió publicar el informe en el portal",
        ),
    ],
)
def test_sentences_in_english_and_spanish(cast, make_round, action, data, english, spanish):
    rnd = make_round("draft")
    event = log_event(rnd, cast.secretariat, action, data=data)
    with translation.override("en"):
        assert audit.describe(event) == english
    with translation.override("es"):
        assert audit.describe(event) == spanish


def test_sentences_name_the_people_and_objects_by_their_ids(cast, make_round):
    """Data holding ids (a person, countries) reads as names; a missing object says so."""
    rnd = make_round("panel_forming")
    seat = log_event(rnd, None, "panels.seat.expired", data={"user": cast.expert_mx.pk})
    states = log_event(
        rnd, cast.gt_focal_point, "panels.states_selected", data={"countries": ["HN"]}
    )
    gone = log_event(
        rnd, cast.secretariat, "reports.recommendation.changed", data={"recommendation": 0}
    )
    with translation.override("es"):
        texts = [e.text for e in audit.describe_events([seat, states, gone])]
    name = cast.expert_mx.full_name
    assert texts[0] == f"Venció la invitación de {name}; el puesto vuelve a estar libre"
    assert texts[1].startswith("Estados miembros elegidos para los expertos: ")
    assert texts[1].endswith(Country.objects.get(code="HN").name_es)
    assert texts[2] == "Recomendación modificada: «(ya no disponible)»"


@pytest.mark.slow
def test_no_event_of_the_demo_reads_as_its_code(client):
    """Demo: every event of seed_demo has a sentence in Spanish and English, without raw codes,
    placeholders or missing objects; the history pages show none either."""
    call_command("seed_demo", stdout=StringIO())
    events = list(RoundEvent.objects.select_related("actor"))
    assert len(events) > 300
    for language in ("es", "en"):
        with translation.override(language):
            for event in audit.describe_events(events):
                text = str(event.text)
                assert audit.is_registered(event.action), event.action
                assert not CODE.search(text), (event.action, text)
                assert "%(" not in text and str(audit.MISSING) not in text, (event.action, text)
    from accounts.models import User

    client.force_login(User.objects.get(email="secretariat@example.org"))
    for rnd in Round.objects.all():
        url = reverse("rounds:history", args=[rnd.code])
        page = client.get(url, {"page": 1}).content.decode()
        assert not CODE.search(re.sub(r'(href|src|action|id|for|name)="[^"]*"', "", page)), rnd.code


# --- The history page ----------------------------------------------------------------------------
def _history(client, user, rnd, **params):
    client.force_login(user)
    response = client.get(reverse("rounds:history", args=[rnd.code]), params)
    assert response.status_code == 200
    return response


def _actions(response):
    return [e.action for e in response.context["entries"]]


def test_the_history_filters_by_phase(client, cast, make_round):
    rnd = make_round("preparation")
    log_event(rnd, cast.secretariat, "visits.agenda.item_added", visibility="staff",
              data={"item": 1, "title": "Reunión", "day": "2026-05-04"})  # fmt: skip
    request = _actions(_history(client, cast.secretariat, rnd, phase="request"))
    panel = _actions(_history(client, cast.secretariat, rnd, phase="panel"))
    preparation = _actions(_history(client, cast.secretariat, rnd, phase="preparation"))
    assert set(request) == {"rounds.round.created", "rounds.round.submitted"}
    # Accepting seats the chosen OAS coordinators (issue 11, item 4): a panel entry too.
    assert sorted(panel) == ["panels.seat.coordinator_seated", "rounds.round.panel_forming"]
    assert preparation == ["visits.agenda.item_added", "rounds.round.preparation"]
    everything = _actions(_history(client, cast.secretariat, rnd))
    assert sorted(everything) == sorted(request + panel + preparation)
    # Each entry is shown in the phase the filter put it in.
    for phase in audit.AuditPhase.values:
        response = _history(client, cast.secretariat, rnd, phase=phase)
        assert {e.phase for e in response.context["entries"]} <= {phase}
    # An unknown phase is ignored rather than an error.
    assert len(_actions(_history(client, cast.secretariat, rnd, phase="nonsense"))) == len(
        everything
    )


def test_a_cancellation_belongs_to_the_phase_it_interrupts(client, cast, make_round):
    rnd = make_round("cancelled", cancel_from="preparation")
    preparation = _actions(_history(client, cast.secretariat, rnd, phase="preparation"))
    assert "rounds.round.cancelled" in preparation
    assert "rounds.round.cancelled" not in _actions(
        _history(client, cast.secretariat, rnd, phase="request")
    )


def test_the_history_filters_by_person(client, cast, make_round):
    rnd = make_round("panel_forming")
    response = _history(client, cast.secretariat, rnd, person=cast.gt_focal_point.pk)
    assert set(_actions(response)) == {"rounds.round.created", "rounds.round.submitted"}
    assert {e.actor for e in response.context["entries"]} == {cast.gt_focal_point}
    people = [p.full_name for p in response.context["people"]]
    assert people == sorted([cast.gt_focal_point.full_name, cast.secretariat.full_name])
    # Someone who did nothing here is not a filter (the whole history is shown).
    response = _history(client, cast.secretariat, rnd, person=cast.expert_uy.pk)
    assert response.context["person"] == ""
    assert len(_actions(response)) == rnd.events.count()


def test_a_country_never_sees_secretariat_only_entries_nor_their_authors(client, cast, make_round):
    """docs/access.md (audit timeline): the country reads "all" and "country" entries, the panel
    "all" and "panel" ones, the secretariat everything; the person filter lists only people who
    appear in what the reader may see."""
    rnd = make_round("panel_forming")
    for visibility in EventVisibility.values:
        log_event(rnd, cast.coordinator2, "rounds.request.edited", comment=f"nota-{visibility}",
                  visibility=visibility)  # fmt: skip
    log_event(rnd, cast.coordinator, "panels.seat.proposed", visibility="staff",
              data={"user": cast.expert_mx.pk, "kind": "specialist"})  # fmt: skip

    def seen(user):
        response = _history(client, user, rnd)
        page = response.content.decode()
        people = {p.pk for p in response.context["people"]}
        return sorted(v for v in EventVisibility.values if f"nota-{v}" in page), people, page

    for user in (cast.gt_focal_point, cast.gt_team_member):
        notes, people, page = seen(user)
        assert notes == ["all", "country"]
        assert cast.coordinator.pk not in people
        assert cast.expert_mx.full_name not in page
    notes, people, page = seen(cast.expert_cl)
    assert notes == ["all", "panel"]
    assert cast.expert_mx.full_name not in page
    notes, people, page = seen(cast.secretariat)
    assert notes == ["all", "country", "panel", "staff"]
    assert cast.coordinator.pk in people
    assert f"Se propuso a {cast.expert_mx.full_name}" in page


def test_the_history_is_paginated_and_grouped_by_day(client, cast, make_round):
    from datetime import datetime, time, timedelta

    from django.utils import timezone

    rnd = make_round("draft")  # its first entry is today's
    noon = datetime.combine(timezone.localdate() - timedelta(days=1), time(12))
    anchor = timezone.make_aware(noon)
    for i in range(HISTORY_PAGE_SIZE + 5):
        event = log_event(rnd, cast.gt_focal_point, "rounds.request.document_added",
                          data={"title": f"Documento {i}"}, visibility="country")  # fmt: skip
        at = anchor - timedelta(days=i // 20, minutes=i)
        RoundEvent.objects.filter(pk=event.pk).update(created_at=at)
    total = rnd.events.count()
    first = _history(client, cast.gt_focal_point, rnd)
    assert len(first.context["entries"]) == HISTORY_PAGE_SIZE
    assert "Página 1 de 2" in first.content.decode()
    second = _history(client, cast.gt_focal_point, rnd, page=2)
    assert len(second.context["entries"]) == total - HISTORY_PAGE_SIZE
    # Newest first; one heading per day, each entry under its day.
    page = first.content.decode()
    days = re.findall(r'<time datetime="(\d{4}-\d{2}-\d{2})">', page)
    assert days == sorted(set(days), reverse=True) and len(days) == 4
    assert "«Documento 48»" in page and "«Documento 49»" not in page
    assert "«Documento 49»" in second.content.decode()
    # The filters stay on the page links.
    filtered = _history(client, cast.gt_focal_point, rnd, phase="request")
    assert "phase=request&amp;page=2" in filtered.content.decode()


def test_the_round_page_shows_the_latest_events_and_links_to_the_history(client, cast, make_round):
    rnd = make_round("preparation")
    client.force_login(cast.gt_focal_point)
    page = client.get(rnd.get_absolute_url()).content.decode()
    assert "Últimos eventos" in page
    assert f'href="{reverse("rounds:history", args=[rnd.code])}"' in page
    assert "Ver toda la historia" in page
    assert "Panel de expertos confirmado; comienza la preparación de la visita" in page
    assert "rounds.round." not in page


def test_the_history_page_in_english(client, cast, make_round):
    speaks_english(cast.gt_focal_point)
    rnd = make_round("panel_forming")
    page = _history(client, cast.gt_focal_point, rnd).content.decode()
    assert "Request submitted to the Technical Secretariat" in page
    assert "Request accepted (RIPSO peer-to-peer round)" in page
    assert "All phases" in page and "Everyone" in page


def test_an_invited_expert_and_outsiders_do_not_read_the_history(client, cast, make_round):
    rnd = make_round("panel_forming")
    url = reverse("rounds:history", args=[rnd.code])
    for user, status in [(cast.expert_mx, 403), (cast.hn_focal_point, 404), (cast.expert_uy, 200)]:
        client.force_login(user)
        assert client.get(url).status_code == status, user


@pytest.mark.parametrize("size", [1, 40])
def test_history_queries_do_not_grow_with_the_events(client, cast, make_round, size,
                                                     django_assert_num_queries):  # fmt: skip
    """docs/style.md, "Query counts": the same number of queries for 1 and 40 extra entries of
    every kind of referenced object (people, countries, questionnaires...), filtered or not."""
    from tests.test_query_counts import count_second_visit

    rnd = make_round("panel_forming")
    for i in range(size):
        log_event(rnd, cast.secretariat, "panels.seat.invited", data={"user": cast.expert_uy.pk})
        log_event(rnd, cast.gt_focal_point, "panels.states_selected", data={"countries": ["HN"]})
        log_event(rnd, cast.coordinator, "visits.questionnaire.released", data={"questionnaire": i})
        log_event(rnd, cast.coordinator, "reports.recommendation.added", data={"recommendation": i})
    url = reverse("rounds:history", args=[rnd.code])
    count_second_visit(client, cast.secretariat, url, {}, django_assert_num_queries, 11)
    count_second_visit(
        client, cast.secretariat, url, {"phase": "panel", "person": cast.secretariat.pk},
        django_assert_num_queries, 8,
    )  # fmt: skip
