"""rounds.services beyond the transitions: opening a request, codes, accept's choices, actions."""

import re

import pytest
from django.utils import timezone, translation

from notifications.models import OutgoingMessage
from rounds.enums import Methodology
from rounds.models import Round, RoundCounter, RoundEvent
from rounds.services import (
    Blocked,
    RoundError,
    available_actions,
    create_round,
    next_round_code,
    transition_round,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def actions(rnd, user):
    return [(a["spec"].name, a["blockers"]) for a in available_actions(rnd, user)]


# --- Opening a request (R1.1) -----------------------------------------------------------------
def test_r1_1_focal_point_opens_a_draft_with_herself_as_contact(cast):
    rnd = create_round(
        creator=cast.gt_focal_point, institution=cast.mides, title="Programa Mi Bono Seguro"
    )
    assert rnd.status == "draft"
    assert (rnd.country.code, rnd.institution, rnd.created_by) == (
        "GT",
        cast.mides,
        cast.gt_focal_point,
    )
    assert (rnd.contact_name, rnd.contact_position, rnd.contact_email, rnd.contact_phone) == (
        "Lucía Morales Quiñónez",
        "Directora de Cooperación Externa",
        "lucia.morales@example.org",
        "+502 2201 0101",
    )
    [event] = rnd.events.all()
    assert (event.action, event.actor, event.from_state, event.to_state, event.visibility) == (
        "rounds.round.created",
        cast.gt_focal_point,
        "",
        "draft",
        "country",
    )
    assert OutgoingMessage.objects.count() == 0  # a draft is the country's working space


def test_a_contact_given_in_the_request_is_kept(cast):
    rnd = create_round(
        creator=cast.gt_focal_point,
        institution=cast.mides,
        title="Programa Mi Bono Seguro",
        contact_name="Marta Cux Tzoc",
        contact_email="marta.cux@example.org",
    )
    assert (rnd.contact_name, rnd.contact_email, rnd.contact_phone) == (
        "Marta Cux Tzoc",
        "marta.cux@example.org",
        "",
    )


# --- Codes ------------------------------------------------------------------------------------
def test_round_codes_look_like_ripso_year_number_and_follow_each_other(cast, make_round):
    year = timezone.now().year
    first, second, third = (make_round("draft") for _ in range(3))
    codes = [first.code, second.code, third.code]
    assert all(re.fullmatch(rf"RIPSO-{year}-\d{{3}}", code) for code in codes)
    numbers = [int(code.rsplit("-", 1)[1]) for code in codes]
    assert numbers == [numbers[0], numbers[0] + 1, numbers[0] + 2]
    assert len(set(Round.objects.values_list("code", flat=True))) == Round.objects.count()
    assert RoundCounter.objects.get(year=year).last == numbers[2]


def test_each_year_starts_its_own_sequence():
    assert next_round_code(year=2031) == "RIPSO-2031-001"
    assert next_round_code(year=2031) == "RIPSO-2031-002"
    assert next_round_code(year=2032) == "RIPSO-2032-001"


def test_get_absolute_url_is_the_round_page(make_round):
    rnd = make_round("draft")
    assert rnd.get_absolute_url() == f"/rounds/{rnd.code}/"


# --- accept: methodology and coordinators (R1.6, R2.2/R2.3) ------------------------------------
@pytest.mark.parametrize("methodology", [None, "", "peer-review"])
def test_accept_requires_a_valid_methodology(make_round, cast, methodology):
    rnd = make_round("submitted")
    events_before = RoundEvent.objects.count()
    messages_before = OutgoingMessage.objects.count()
    with pytest.raises(Blocked) as blocked:
        transition_round(rnd.pk, "accept", cast.secretariat, methodology=methodology)
    assert blocked.value.details == ["Choose the methodology of the round (RIPSO or MECIGEP)."]
    rnd.refresh_from_db()
    assert (rnd.status, rnd.methodology) == ("submitted", "")
    assert (RoundEvent.objects.count(), OutgoingMessage.objects.count()) == (
        events_before,
        messages_before,
    )


@pytest.mark.parametrize("methodology", [Methodology.RIPSO, Methodology.MECIGEP])
def test_accept_sets_the_methodology_and_the_coordinators(make_round, cast, methodology):
    rnd = make_round("submitted")
    transition_round(
        rnd.pk,
        "accept",
        cast.secretariat,
        methodology=methodology,
        coordinators=[cast.coordinator],
    )
    rnd.refresh_from_db()
    assert (rnd.status, rnd.methodology) == ("panel_forming", methodology)
    assert list(rnd.coordinators.all()) == [cast.coordinator]
    event = rnd.events.first()
    assert event.data == {
        "transition": "accept",
        "from": "submitted",
        "to": "panel_forming",
        "methodology": methodology,
    }


def test_accept_without_coordinators_leaves_the_round_to_the_whole_secretariat(make_round, cast):
    rnd = make_round("submitted")
    transition_round(rnd.pk, "accept", cast.secretariat, methodology=Methodology.RIPSO)
    rnd.refresh_from_db()
    assert list(rnd.coordinators.all()) == []


@pytest.mark.parametrize("who", ["focal_point", "expert_on_panel"])
def test_accept_refuses_coordinators_who_are_not_secretariat_staff(make_round, cast, who):
    rnd = make_round("submitted")
    with pytest.raises(RoundError) as refused:
        transition_round(
            rnd.pk,
            "accept",
            cast.secretariat,
            methodology=Methodology.RIPSO,
            coordinators=[cast.user(who)],
        )
    assert refused.value.message == "Coordinators must be secretariat staff."
    rnd.refresh_from_db()
    assert (rnd.status, list(rnd.coordinators.all())) == ("submitted", [])


def test_other_transitions_take_no_extra_choices(make_round, cast):
    rnd = make_round("submitted")
    with pytest.raises(RoundError) as refused:
        transition_round(
            rnd.pk, "return_for_changes", cast.secretariat, comment="x", methodology="ripso"
        )
    assert refused.value.message == "This action takes no extra choices."
    assert Round.objects.get(pk=rnd.pk).status == "submitted"


def test_an_unknown_action_is_refused(make_round, cast):
    rnd = make_round("submitted")
    with pytest.raises(RoundError) as refused:
        transition_round(rnd.pk, "delete", cast.secretariat)
    assert refused.value.message == "Unknown action."


# --- available_actions: the buttons a person sees ---------------------------------------------
def test_focal_point_of_a_complete_draft_may_submit_or_withdraw(make_round, cast):
    rnd = make_round("draft")
    assert actions(rnd, cast.gt_focal_point) == [("submit", []), ("withdraw", [])]


def test_focal_point_of_an_incomplete_draft_sees_what_blocks_submission(make_round, cast):
    rnd = make_round("draft", description="", goal="")
    assert actions(rnd, cast.gt_focal_point) == [
        (
            "submit",
            [
                "Describe the initiative (R1.2).",
                "State the goal of the cooperation (R1.2).",
            ],
        ),
        ("withdraw", []),
    ]


@pytest.mark.parametrize(
    "role",
    [
        "team_member",
        "secretariat",
        "coordinator",
        "expert_on_panel",
        "other_focal_point",
        "anonymous",
    ],
)
def test_nobody_else_has_actions_on_a_draft_except_cancelling_staff(make_round, cast, role):
    rnd = make_round("draft")
    expected = [("cancel", [])] if role in ("secretariat", "coordinator") else []
    assert actions(rnd, cast.user(role)) == expected


def test_secretariat_reviewing_a_request_may_return_accept_decline_or_cancel(make_round, cast):
    rnd = make_round("submitted")
    assert actions(rnd, cast.secretariat) == [
        ("return_for_changes", []),
        ("accept", []),
        ("decline", []),
        ("cancel", []),
    ]
    assert actions(rnd, cast.gt_focal_point) == [("withdraw", [])]
    assert actions(rnd, cast.gt_team_member) == []


def test_focal_point_reviewing_the_report_may_approve_or_request_changes(make_round, cast):
    rnd = make_round("country_review")
    assert actions(rnd, cast.gt_focal_point) == [("request_changes", []), ("approve", [])]
    assert actions(rnd, cast.expert_cl) == []
    assert actions(rnd, cast.hn_focal_point) == []


def test_a_closed_round_offers_nothing(make_round, cast):
    rnd = make_round("published")
    for user in (cast.secretariat, cast.coordinator, cast.gt_focal_point):
        assert actions(rnd, user) == []
