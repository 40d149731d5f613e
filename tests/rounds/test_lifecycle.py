"""The Round lifecycle (docs/lifecycle.md): every transition, every role, every state.

Each transition: the allowed role succeeds (one audit entry, messages for the right people in
their language, never to the actor); every other role gets ``NotAllowed``; every other source
state gets ``StateChanged``; a required comment that is missing gives ``Blocked``. A refused
action writes nothing.
"""

import pytest
from django.utils import timezone, translation

from notifications.enums import MessageState, MessageType
from notifications.models import OutgoingMessage
from rounds import guards
from rounds.demo import run_preparers
from rounds.enums import RoundState
from rounds.models import Round, RoundEvent
from rounds.services import Blocked, NotAllowed, StateChanged, transition_round
from rounds.workflow import TRANSITIONS
from tests.conftest import Cast

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    """Messages to the person acting come in the active language; these tests read English."""
    with translation.override("en"):
        yield


S = RoundState
OPEN = [
    "draft",
    "submitted",
    "returned",
    "panel_forming",
    "preparation",
    "visit_scheduled",
    "visit_in_progress",
    "report_drafting",
    "country_review",
    "approved",
]
ALL_STATES = [s.value for s in RoundState]

# The design's table, written out: (transition, source, target, who may fire it).
SECRETARIAT = ("secretariat", "coordinator")
FOCAL_POINT = ("focal_point",)
TABLE = [
    ("submit", "draft", "submitted", FOCAL_POINT),
    ("submit", "returned", "submitted", FOCAL_POINT),
    ("return_for_changes", "submitted", "returned", SECRETARIAT),
    ("accept", "submitted", "panel_forming", SECRETARIAT),
    ("decline", "submitted", "declined", SECRETARIAT),
    ("withdraw", "draft", "withdrawn", FOCAL_POINT),
    ("withdraw", "submitted", "withdrawn", FOCAL_POINT),
    ("withdraw", "returned", "withdrawn", FOCAL_POINT),
    ("confirm_panel", "panel_forming", "preparation", SECRETARIAT),
    ("schedule_visit", "preparation", "visit_scheduled", SECRETARIAT),
    ("start_visit", "visit_scheduled", "visit_in_progress", SECRETARIAT),
    ("complete_visit", "visit_in_progress", "report_drafting", SECRETARIAT),
    ("send_for_review", "report_drafting", "country_review", SECRETARIAT),
    ("request_changes", "country_review", "report_drafting", FOCAL_POINT),
    ("approve", "country_review", "approved", FOCAL_POINT),
    ("publish", "approved", "published", SECRETARIAT),
    ("keep_internal", "approved", "closed_internal", FOCAL_POINT),
    *[("cancel", source, "cancelled", SECRETARIAT) for source in OPEN],
]
ALLOWED = {name: roles for name, _source, _target, roles in TABLE}
FIRST_SOURCE = {}
for _name, _source, _target, _roles in TABLE:
    FIRST_SOURCE.setdefault(_name, _source)

MESSAGE_TYPE = {
    "submit": MessageType.ROUND_SUBMITTED,
    "return_for_changes": MessageType.ROUND_RETURNED,
    "accept": MessageType.ROUND_ACCEPTED,
    "decline": MessageType.ROUND_DECLINED,
    "withdraw": MessageType.ROUND_WITHDRAWN,
    "confirm_panel": MessageType.PANEL_CONFIRMED,
    "schedule_visit": MessageType.VISIT_SCHEDULED,
    "start_visit": MessageType.VISIT_STARTED,
    "complete_visit": MessageType.VISIT_COMPLETED,
    "send_for_review": MessageType.REPORT_SENT_FOR_REVIEW,
    "request_changes": MessageType.REPORT_CHANGES_REQUESTED,
    "approve": MessageType.REPORT_APPROVED,
    "publish": MessageType.REPORT_PUBLISHED,
    "keep_internal": MessageType.ROUND_CLOSED_INTERNAL,
    "cancel": MessageType.ROUND_CANCELLED,
}

# Who hears about each transition, in the standard cast. Before the request is accepted the
# round has no coordinators, so "the secretariat" is every active staff member; from then on it
# is the round's coordinator. The panel is the accepted seats: Chile, Uruguay and the two
# coordinators (Mexico is only invited, then declines). Honduras never hears anything.
PANEL = {"expert_cl", "expert_uy", "coordinator", "coordinator2"}
COUNTRY = {"focal_point", "team_member"}
RECIPIENTS = {
    "submit": {"secretariat", "coordinator", "coordinator2", "focal_point"},
    "return_for_changes": COUNTRY,
    "accept": COUNTRY | {"coordinator"},
    "decline": COUNTRY,
    "withdraw": {"secretariat", "coordinator", "coordinator2", "team_member"},
    "confirm_panel": COUNTRY | PANEL,
    "schedule_visit": COUNTRY | PANEL,
    "start_visit": {"focal_point"} | PANEL,
    "complete_visit": {"focal_point"} | PANEL,
    "send_for_review": COUNTRY | PANEL,
    "request_changes": {"coordinator", "team_member"},
    "approve": {"coordinator", "team_member"} | PANEL,
    "publish": COUNTRY | PANEL,
    "keep_internal": {"coordinator", "team_member"} | PANEL,
}
CANCEL_RECIPIENTS = {
    "draft": COUNTRY,
    "submitted": COUNTRY,
    "returned": COUNTRY,
    **dict.fromkeys(OPEN[3:], COUNTRY | PANEL),
}
COMMENTED = ["return_for_changes", "decline", "request_changes", "cancel"]
# The person who acts is told only where the message is their confirmation (R1.7: submit).
CONFIRMS_TO_ACTOR = {"submit"}


def people(cast):
    return {
        "secretariat": cast.secretariat,
        "coordinator": cast.coordinator,
        "coordinator2": cast.coordinator2,
        "focal_point": cast.gt_focal_point,
        "team_member": cast.gt_team_member,
        "expert_cl": cast.expert_cl,
        "expert_uy": cast.expert_uy,
        "expert_mx": cast.expert_mx,
        "hn_focal_point": cast.hn_focal_point,
        "hn_team_member": cast.hn_team_member,
    }


def fire(rnd, name, actor, comment=None):
    """Run a transition the way a view would, with a comment and choices where it needs them."""
    kwargs = {}
    if name == "accept":
        kwargs = {"methodology": "ripso", "coordinators": [rnd.accept_with_coordinator]}
    if comment is None:
        comment = "Por favor revisen la sección 2." if name in COMMENTED else ""
    # What later phases' guards need (e.g. a report with its required parts, R5.3), made by the
    # demo preparers like make_round does; what they write is not this transition's doing.
    current = Round.objects.get(pk=rnd.pk).status
    if getattr(rnd, name)._django_fsm.has_transition(current):
        run_preparers(rnd, name, at=timezone.now(), people={})
    if hasattr(rnd, "mark"):
        rnd.mark = (
            RoundEvent.objects.order_by("-pk").values_list("pk", flat=True).first(),
            OutgoingMessage.objects.order_by("-pk").values_list("pk", flat=True).first() or 0,
        )
    # The prepared visit is weeks away: its date question is answered here (tested on its own
    # in tests/visits/test_visit_date_questions.py).
    return transition_round(rnd.pk, name, actor, comment=comment, confirmed=True, **kwargs)


@pytest.fixture
def round_in(make_round, cast):
    """``round_in(state)``: a Guatemalan round in ``state`` plus a mark of what exists already."""

    def build(state, *, prepare_for="", **kwargs):
        rnd = make_round(state, **kwargs)
        # What later phases' guards need to leave ``state`` (e.g. the answered technical
        # questionnaire of schedule_visit), made before the mark like make_round does.
        field = Round._meta.get_field("status")
        for t in field.get_all_transitions(Round):
            if t.source in (state, "*"):
                run_preparers(rnd, t.name, at=timezone.now(), people={})
        if prepare_for:  # what later phases' guards of that transition need (rounds/demo.py)
            run_preparers(rnd, prepare_for, at=timezone.now(), people={})
        rnd.accept_with_coordinator = cast.coordinator
        rnd.mark = (
            RoundEvent.objects.order_by("-pk").values_list("pk", flat=True).first(),
            OutgoingMessage.objects.order_by("-pk").values_list("pk", flat=True).first() or 0,
        )
        return rnd

    return build


def events_since(rnd):
    return list(RoundEvent.objects.filter(pk__gt=rnd.mark[0]).order_by("pk"))


def messages_since(rnd):
    return list(OutgoingMessage.objects.filter(pk__gt=rnd.mark[1]).order_by("pk"))


def assert_nothing_written(rnd, state):
    assert Round.objects.get(pk=rnd.pk).status == state
    assert events_since(rnd) == []
    assert messages_since(rnd) == []


# --- The table is the code's table ------------------------------------------------------------
def test_table_lists_every_transition_with_the_fsm_sources_and_targets():
    from_code = {
        (t.name, str(t.source), str(t.target))
        for t in Round._meta.get_field("status").get_all_transitions(Round)
    }
    assert from_code == {(name, source, target) for name, source, target, _ in TABLE}
    assert set(ALLOWED) == set(TRANSITIONS)
    assert set(MESSAGE_TYPE) == set(TRANSITIONS)


def test_only_submit_confirms_to_the_person_who_acted():
    assert {n for n, spec in TRANSITIONS.items() if spec.notify_actor} == CONFIRMS_TO_ACTOR


def test_comment_is_required_exactly_for_return_decline_request_changes_and_cancel():
    assert sorted(n for n, spec in TRANSITIONS.items() if spec.comment_required) == sorted(
        COMMENTED
    )


# --- The allowed role succeeds ----------------------------------------------------------------
SUCCESS_CASES = [
    pytest.param(name, source, target, role, id=f"{name}-from-{source}-by-{role}")
    for name, source, target, roles in TABLE
    for role in roles
]


@pytest.mark.parametrize(("name", "source", "target", "role"), SUCCESS_CASES)
def test_allowed_role_runs_transition_and_the_right_people_hear_of_it(
    round_in, cast, hn_round, name, source, target, role
):
    rnd = round_in(source, prepare_for=name)
    if name == "confirm_panel":  # Mexico's invitation is still open: it declines first
        rnd.panel_seats.filter(user=cast.expert_mx).update(status="declined")
    actor = cast.user(role)
    comment = f"Comentario de {actor.full_name}." if name in COMMENTED else ""

    result = fire(rnd, name, actor, comment=comment)

    assert result.status == target
    assert Round.objects.get(pk=rnd.pk).status == target
    events = events_since(rnd)
    if name == "accept":  # the coordinator chosen is seated at once, accepted (R2.2)
        seated = [e for e in events if e.action == "panels.seat.coordinator_seated"]
        assert [e.data["user"] for e in seated] == [rnd.accept_with_coordinator.pk]
        events = [e for e in events if e not in seated]
    [event] = events
    assert (event.round_id, event.actor, event.from_state, event.to_state, event.comment) == (
        rnd.pk,
        actor,
        source,
        target,
        comment,
    )
    assert event.action == f"rounds.round.{target}"
    assert event.data["transition"] == name
    assert (event.data["from"], event.data["to"]) == (source, target)

    expected = CANCEL_RECIPIENTS[source] if name == "cancel" else RECIPIENTS[name]
    if name not in CONFIRMS_TO_ACTOR:
        expected = expected - {role}
    by_name = people(cast)
    messages = messages_since(rnd)
    assert sorted(m.recipient.email for m in messages) == sorted(by_name[r].email for r in expected)
    for message in messages:
        assert message.message_type == MESSAGE_TYPE[name]
        assert message.language == message.recipient.preferred_language
        assert message.to_email == message.recipient.email
        assert message.round_code == rnd.code
        assert message.link == f"/rounds/{rnd.code}/"
        assert message.state == MessageState.PENDING  # sent after commit
        assert rnd.code in message.subject
    assert (actor.email in {m.to_email for m in messages}) == (name in CONFIRMS_TO_ACTOR)
    # Honduras's round is untouched.
    hn_round.refresh_from_db()
    assert hn_round.status == "submitted"
    assert list(hn_round.events.values_list("action", flat=True)) == [
        "rounds.round.submitted",
        "rounds.round.created",
    ]


def test_messages_are_rendered_in_each_recipients_language(round_in, cast):
    """Lucía reads Spanish, Andrés English: the same event, two languages (R6.5)."""
    rnd = round_in("submitted")
    fire(rnd, "return_for_changes", cast.secretariat)
    by_language = {m.language: m for m in messages_since(rnd)}
    assert sorted(by_language) == ["en", "es"]
    assert by_language["es"].recipient == cast.gt_focal_point
    assert by_language["en"].recipient == cast.gt_team_member
    assert by_language["en"].subject == f"{rnd.code} · Request returned for changes"
    assert by_language["es"].subject != by_language["en"].subject
    assert "Por favor revisen la sección 2." in by_language["es"].body_text
    assert "Por favor revisen la sección 2." in by_language["en"].body_text


# --- Every other role is refused --------------------------------------------------------------
REFUSAL_CASES = [
    pytest.param(name, FIRST_SOURCE[name], role, id=f"{name}-by-{role}")
    for name, roles in ALLOWED.items()
    for role in Cast.ROLES
    if role not in roles
]


@pytest.mark.parametrize(("name", "source", "role"), REFUSAL_CASES)
def test_other_roles_are_refused_and_nothing_is_written(round_in, cast, name, source, role):
    rnd = round_in(source)
    with pytest.raises(NotAllowed):
        fire(rnd, name, cast.user(role))
    assert_nothing_written(rnd, source)


def test_the_other_countrys_focal_point_cannot_act_on_guatemalas_round(round_in, cast):
    rnd = round_in("draft")
    for name in ("submit", "withdraw"):
        with pytest.raises(NotAllowed) as refused:
            fire(rnd, name, cast.hn_focal_point)
        assert refused.value.message == "You may not do this on this round."
    assert_nothing_written(rnd, "draft")


# --- A wrong source state is refused ----------------------------------------------------------
@pytest.mark.parametrize("state", ALL_STATES)
def test_transitions_from_any_other_state_are_refused_with_state_changed(round_in, cast, state):
    rnd = round_in(state)
    sources = {(name, source) for name, source, _t, _r in TABLE}
    refused = []
    for name, roles in ALLOWED.items():
        if (name, state) in sources:
            continue
        with pytest.raises(StateChanged):
            fire(rnd, name, cast.user(roles[0]))
        refused.append(name)
    assert refused == [name for name in TRANSITIONS if (name, state) not in sources]
    assert_nothing_written(rnd, state)


def test_state_changed_names_the_state_in_the_viewers_terms(round_in, cast):
    rnd = round_in("declined")
    with pytest.raises(StateChanged) as refused:
        fire(rnd, "withdraw", cast.gt_focal_point)
    assert refused.value.message == (
        "This action is no longer possible: the round is now “Not accepted”."
    )


# --- Comments ---------------------------------------------------------------------------------
COMMENT_CASES = [
    pytest.param(name, source, roles[0], id=f"{name}-from-{source}")
    for name, source, _target, roles in TABLE
    if name in COMMENTED and source in ("submitted", "country_review", "draft")
]


@pytest.mark.parametrize(("name", "source", "role"), COMMENT_CASES)
@pytest.mark.parametrize("comment", ["", "   \n  "], ids=["empty", "blank"])
def test_transition_needing_a_comment_is_blocked_without_one(
    round_in, cast, name, source, role, comment
):
    rnd = round_in(source)
    with pytest.raises(Blocked) as blocked:
        fire(rnd, name, cast.user(role), comment=comment)
    assert blocked.value.details == [str(TRANSITIONS[name].comment_label)]
    assert_nothing_written(rnd, source)


def test_r1_6_secretariat_returns_request_with_comment(round_in, cast):
    rnd = round_in("submitted")
    result = transition_round(
        rnd.pk,
        "return_for_changes",
        cast.secretariat,
        comment="  Precisen la población objetivo del programa.  ",
    )
    assert result.status == "returned"
    [event] = events_since(rnd)
    assert event.comment == "Precisen la población objetivo del programa."
    assert event.visibility == "country"
    focal_point_message = OutgoingMessage.objects.get(
        pk__gt=rnd.mark[1], recipient=cast.gt_focal_point
    )
    assert "Precisen la población objetivo del programa." in focal_point_message.body_text
    # The country can send it again once changed.
    assert transition_round(rnd.pk, "submit", cast.gt_focal_point).status == "submitted"


def test_r1_6_secretariat_declines_only_with_a_reason(round_in, cast):
    rnd = round_in("submitted")
    with pytest.raises(Blocked):
        transition_round(rnd.pk, "decline", cast.secretariat)
    assert_nothing_written(rnd, "submitted")
    rnd = transition_round(
        rnd.pk, "decline", cast.secretariat, comment="La iniciativa ya concluyó su diseño."
    )
    assert rnd.status == "declined"
    assert rnd.is_open is False


def test_r1_6_focal_point_withdraws_without_a_comment(round_in, cast):
    rnd = round_in("submitted")
    assert transition_round(rnd.pk, "withdraw", cast.gt_focal_point).status == "withdrawn"
    [event] = events_since(rnd)
    assert (event.actor, event.comment) == (cast.gt_focal_point, "")


# --- Guards -----------------------------------------------------------------------------------
def test_r1_2_submit_refused_until_contact_and_goal_given(round_in, cast):
    rnd = round_in("draft", goal="")
    # create_round filled the contact from Lucía's profile; she clears it in the form.
    Round.objects.filter(pk=rnd.pk).update(contact_name="", contact_email="", contact_phone="")
    with pytest.raises(Blocked) as blocked:
        transition_round(rnd.pk, "submit", cast.gt_focal_point)
    assert blocked.value.details == [
        "State the goal of the cooperation (R1.2).",
        "Give the main point of contact: name and e-mail (R1.2).",
        "Give the position and phone of the main point of contact (R1.2).",
    ]
    assert_nothing_written(rnd, "draft")

    Round.objects.filter(pk=rnd.pk).update(
        goal="Recomendaciones sobre focalización.",
        contact_name="Lucía Morales Quiñónez",
        contact_email="lucia.morales@example.org",
        contact_phone="+502 2201 0101",
    )
    assert transition_round(rnd.pk, "submit", cast.gt_focal_point).status == "submitted"


def test_r1_2_submit_refused_without_subject_and_description(round_in, cast):
    rnd = round_in("draft", description="   ")
    Round.objects.filter(pk=rnd.pk).update(title="")
    with pytest.raises(Blocked) as blocked:
        transition_round(rnd.pk, "submit", cast.gt_focal_point)
    assert blocked.value.details == [
        "Name the policy, program or initiative (R1.2).",
        "Describe the initiative (R1.2).",
    ]
    assert_nothing_written(rnd, "draft")


@pytest.fixture
def extra_guard():
    """Register a guard for a test and take it out of the registry afterwards."""
    added = []

    def register(transition_name, func):
        guards.guard(transition_name)(func)
        added.append((transition_name, func))
        return func

    yield register
    for transition_name, func in added:
        guards._REGISTRY[transition_name].remove(func)


def test_a_new_guard_blocks_its_transition_with_its_message(round_in, cast, extra_guard):
    def visit_dates_confirmed(rnd):
        if not getattr(rnd, "_dates_confirmed", False):
            yield "Confirm the visit dates first (R4.1)."

    rnd = round_in("visit_scheduled")
    before = guards.registered("start_visit")
    extra_guard("start_visit", visit_dates_confirmed)
    assert guards.registered("start_visit") == [*before, visit_dates_confirmed]

    with pytest.raises(Blocked) as blocked:
        transition_round(rnd.pk, "start_visit", cast.secretariat)
    assert blocked.value.details == ["Confirm the visit dates first (R4.1)."]
    assert_nothing_written(rnd, "visit_scheduled")


def test_the_extra_guard_is_gone_after_its_test(round_in, cast):
    """Guards registered by a test do not leak into the next one."""
    rnd = round_in("visit_scheduled")
    assert (
        transition_round(rnd.pk, "start_visit", cast.secretariat, confirmed=True).status
        == "visit_in_progress"
    )


def test_registering_the_same_guard_twice_keeps_one_entry(extra_guard):
    def no_objection(rnd):
        return ()

    extra_guard("start_visit", no_objection)
    guards.guard("start_visit")(no_objection)
    assert guards.registered("start_visit").count(no_objection) == 1


# --- The state is protected -------------------------------------------------------------------
def test_status_cannot_be_assigned_directly(round_in):
    rnd = round_in("draft")
    with pytest.raises(AttributeError):
        rnd.status = S.SUBMITTED
    rnd.refresh_from_db()
    assert rnd.status == "draft"


def test_fsm_method_called_outside_the_service_does_not_reach_the_database(round_in, cast):
    """Without the service nothing is saved, audited or sent."""
    rnd = round_in("draft")
    rnd.withdraw()
    assert Round.objects.get(pk=rnd.pk).status == "draft"
    assert_nothing_written(rnd, "draft")
