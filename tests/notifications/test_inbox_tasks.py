"""The inbox badge means "something needs me" (issue 11, item 14; docs/architecture.md, Inbox).

A message that asks its recipient to do something (``OutgoingMessage.task``) counts in the badge
until the recipient opens it or the thing is done — by them, or by a colleague who shares the
task. Messages that only inform never count; they stay "unread" until opened.
"""

import pytest
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from notifications import services
from notifications.context_processors import inbox
from notifications.enums import MessageType, Task
from notifications.models import OutgoingMessage
from panels import services as panels
from panels.enums import SeatKind
from reports import services as reports
from rounds.demo import discover, run_preparers
from rounds.enums import Methodology
from rounds.services import transition_round
from tests.conftest import COMMENT_REQUIRED

pytestmark = pytest.mark.django_db


def badge(user):
    """What the navigation shows this person: the context processor's counts."""
    request = RequestFactory().get("/")
    request.user = user
    counts = inbox(request)["inbox_counts"]
    return counts["needs_me"]


def messages_of(user, message_type):
    return OutgoingMessage.objects.filter(recipient=user, message_type=message_type)


def accepted(rnd, cast):
    return transition_round(
        rnd.pk, "accept", cast.secretariat, methodology=Methodology.RIPSO,
        coordinators=[cast.coordinator],
    )  # fmt: skip


# --- Opening ------------------------------------------------------------------------------------
def test_opening_a_message_marks_it_read_and_the_badge_drops(client, make_round, cast):
    make_round("submitted")  # Elena and Daniel are asked to decide on the request
    message = messages_of(cast.secretariat, MessageType.ROUND_SUBMITTED).get()
    assert message.task == Task.DECIDE_REQUEST
    assert badge(cast.secretariat) == 1

    client.force_login(cast.secretariat)
    response = client.get(reverse("notifications:detail", args=[message.pk]))

    assert response.status_code == 200
    message.refresh_from_db()
    assert message.read_at is not None
    assert message.done_at is None  # opened, not done: it still says what to do
    assert badge(cast.secretariat) == 0
    assert badge(cast.coordinator) == 1  # Daniel's own copy is still waiting for him


def test_the_message_page_names_the_task_and_offers_mark_as_unread(client, make_round, cast):
    make_round("submitted")
    message = messages_of(cast.secretariat, MessageType.ROUND_SUBMITTED).get()
    client.force_login(cast.secretariat)
    page = client.get(reverse("notifications:detail", args=[message.pk])).content.decode()
    assert "Por hacer: Decidir sobre la solicitud" in page
    assert reverse("notifications:mark_unread", args=[message.pk]) in page


# --- Acting on the object -----------------------------------------------------------------------
def test_accepting_the_request_settles_it_for_every_secretariat_user(make_round, cast):
    rnd = make_round("submitted")
    assert badge(cast.secretariat) == badge(cast.coordinator) == 1

    accepted(rnd, cast)

    mine = messages_of(cast.secretariat, MessageType.ROUND_SUBMITTED).get()
    daniels = messages_of(cast.coordinator, MessageType.ROUND_SUBMITTED).get()
    assert (mine.read_at is not None, mine.done_at is not None) == (True, True)
    # Daniel did not act: his copy is done (nobody needs to decide) but still unread news.
    assert (daniels.read_at is None, daniels.done_at is not None) == (True, True)
    assert badge(cast.secretariat) == badge(cast.coordinator) == 0


def test_submitting_again_settles_the_returned_request_for_focal_point_and_team(make_round, cast):
    rnd = make_round("returned")
    assert badge(cast.gt_focal_point) == 1
    assert badge(cast.gt_team_member) == 1

    transition_round(rnd.pk, "submit", cast.gt_focal_point)

    returned = messages_of(cast.gt_focal_point, MessageType.ROUND_RETURNED).get()
    assert returned.read_at is not None and returned.done_at is not None
    assert badge(cast.gt_focal_point) == 0
    assert badge(cast.gt_team_member) == 0
    # Her own submission confirmation (R1.7) is in her inbox, already read.
    confirmations = messages_of(cast.gt_focal_point, MessageType.ROUND_SUBMITTED)
    assert [(m.task, m.read_at is not None) for m in confirmations] == [("", True)] * 2
    # The secretariat is asked to decide again.
    assert badge(cast.secretariat) == 1


def test_the_focal_point_answering_a_proposal_settles_only_that_proposal(make_round, cast):
    rnd = accepted(make_round("submitted"), cast)
    chile = panels.propose(rnd, cast.expert_cl, SeatKind.SPECIALIST, cast.secretariat,
                           override_reason="Prueba")  # fmt: skip
    panels.propose(rnd, cast.expert_uy, SeatKind.SPECIALIST, cast.secretariat,
                   override_reason="Prueba")  # fmt: skip
    assert badge(cast.gt_focal_point) == 2

    panels.give_country_opinion(chile, cast.gt_focal_point, agree=True)

    assert badge(cast.gt_focal_point) == 1
    answered = messages_of(cast.gt_focal_point, MessageType.PANEL_PROPOSAL).get(
        ref=f"seat:{chile.pk}"
    )
    assert answered.read_at is not None and answered.done_at is not None


def test_an_expert_accepting_the_invitation_settles_it_and_the_reminder(make_round, cast):
    rnd = accepted(make_round("submitted"), cast)
    seat = panels.propose(rnd, cast.expert_cl, SeatKind.SPECIALIST, cast.secretariat,
                          override_reason="Prueba")  # fmt: skip
    panels.give_country_opinion(seat, cast.gt_focal_point, agree=True)
    panels.invite(seat, cast.secretariat)
    assert badge(cast.expert_cl) == 1

    panels.respond(seat, cast.expert_cl, accept=True, ad_honorem=True, no_conflict=True)

    assert badge(cast.expert_cl) == 0
    invitation = messages_of(cast.expert_cl, MessageType.PANEL_INVITATION).get()
    assert invitation.read_at is not None and invitation.done_at is not None
    # The secretariat hears of it; nothing is asked of them.
    told = messages_of(cast.coordinator, MessageType.PANEL_INVITATION_ACCEPTED).get()
    assert told.task == ""


def test_a_withdrawn_proposal_asks_the_country_nothing_more(make_round, cast):
    rnd = accepted(make_round("submitted"), cast)
    seat = panels.propose(rnd, cast.expert_cl, SeatKind.SPECIALIST, cast.secretariat,
                          override_reason="Prueba")  # fmt: skip
    panels.withdraw_seat(seat, cast.secretariat)
    proposal = messages_of(cast.gt_focal_point, MessageType.PANEL_PROPOSAL).get()
    assert proposal.read_at is None and proposal.done_at is not None
    assert badge(cast.gt_focal_point) == 0


def test_approving_the_report_settles_the_review_for_the_whole_country(make_round, cast):
    rnd = make_round("country_review")
    review = messages_of(cast.gt_focal_point, MessageType.REPORT_SENT_FOR_REVIEW).get()
    assert review.task == Task.REVIEW_REPORT
    assert badge(cast.gt_focal_point) == 1
    assert badge(cast.gt_team_member) == 1
    # The panel is told the report went to the country; it is not theirs to review.
    assert messages_of(cast.expert_cl, MessageType.REPORT_SENT_FOR_REVIEW).get().task == ""

    transition_round(rnd.pk, "approve", cast.gt_focal_point)

    review.refresh_from_db()
    assert review.read_at is not None and review.done_at is not None
    assert badge(cast.gt_focal_point) == 0
    assert badge(cast.gt_team_member) == 0


def test_a_contribution_marked_ready_settles_the_request_to_write_it(make_round, cast):
    rnd = make_round("report_drafting")
    section = reports.ensure_report(rnd, cast.secretariat).sections.order_by("pk").first()
    contribution = reports.assign_section(section, cast.secretariat, cast.expert_cl)
    assert badge(cast.expert_cl) == 1

    reports.save_contribution(contribution, cast.expert_cl, "<p>Hallazgo.</p>", 0, ready=True)

    assert badge(cast.expert_cl) == 0


def test_cancelling_a_round_settles_every_task_on_it(make_round, cast):
    rnd = make_round("submitted")
    transition_round(rnd.pk, "cancel", cast.secretariat, comment="La institución cerró.")
    assert badge(cast.secretariat) == badge(cast.coordinator) == 0


def test_a_task_each_person_does_alone_is_settled_only_for_them(make_round, cast):
    """Per-respondent questionnaires: Chile sending her answers asks Uruguay just as before."""
    rnd = make_round("preparation")
    for person in (cast.expert_cl, cast.expert_uy):
        services.queue_message(MessageType.QUESTIONNAIRE_TO_ANSWER, recipient=person,
                               context={"round": rnd, "questionnaire": None},
                               round_code=rnd.code, ref="questionnaire:99")  # fmt: skip
    services.resolve_task(rnd.code, [Task.ANSWER_QUESTIONNAIRE], actor=cast.expert_cl,
                          ref="questionnaire:99", only_actor=True)  # fmt: skip
    assert badge(cast.expert_cl) == 0
    assert badge(cast.expert_uy) == 1


# --- The scenario of the issue: "9 → 22 for one focal point in one round" -----------------------
def test_a_whole_round_leaves_the_focal_point_with_a_small_badge(make_round, cast):
    """The focal point runs a round from the draft to the approved report, doing her part at
    each step (answering the proposals, the questionnaire, approving the report). Before, her
    badge counted every message of the round (22); now it counts only what waits for her, and
    what she did never waits."""
    discover()
    focal_point = cast.gt_focal_point
    rnd = make_round("draft")
    seen = []  # (step, badge, unread) after each step

    def step(label):
        counts = OutgoingMessage.objects.for_inbox(focal_point).inbox_counts()
        seen.append((label, counts["needs_me"], counts["unread"]))

    def fire(name, actor, **kwargs):
        nonlocal rnd
        run_preparers(rnd, name, at=timezone.now(), people={})
        if name in COMMENT_REQUIRED:
            kwargs["comment"] = f"Comentario de prueba para {name}."
        if name in ("start_visit", "complete_visit"):
            kwargs["confirmed"] = True  # the demo's visit lies weeks ahead: confirmed (item 10)
        rnd = transition_round(rnd.pk, name, actor, **kwargs)
        step(name)

    fire("submit", focal_point)
    fire("return_for_changes", cast.secretariat)
    fire("submit", focal_point)
    rnd = accepted(rnd, cast)
    step("accept")
    # The panel, through the real services: the country agrees with each specialist.
    for expert in (cast.expert_cl, cast.expert_uy):
        seat = panels.propose(rnd, expert, SeatKind.SPECIALIST, cast.secretariat,
                              override_reason="Experiencia comprobada")  # fmt: skip
        step("proposed")
        panels.give_country_opinion(seat, focal_point, agree=True)
        panels.invite(seat, cast.secretariat)
        panels.respond(seat, expert, accept=True, ad_honorem=True, no_conflict=True)
    for coordinator in (cast.coordinator, cast.coordinator2):
        seat = rnd.panel_seats.holding().filter(user=coordinator).first()
        if seat is None:
            seat = panels.propose(rnd, coordinator, SeatKind.COORDINATOR, cast.secretariat)
        if seat.status == "proposed":
            panels.invite(seat, cast.secretariat)
            panels.respond(seat, coordinator, accept=True, ad_honorem=True, no_conflict=True)
    step("panel seated")
    # The questionnaire is released to her and she submits the answers (the demo's preparer).
    for name in ("confirm_panel", "schedule_visit", "start_visit", "complete_visit",
                 "send_for_review"):  # fmt: skip
        fire(name, cast.secretariat)
    fire("approve", focal_point)

    assert [(label, needs_me) for label, needs_me, _unread in seen] == [
        ("submit", 0),
        ("return_for_changes", 1),  # revise the request
        ("submit", 0),
        ("accept", 0),
        ("proposed", 1),  # give her opinion on Chile...
        ("proposed", 1),  # ...then on Uruguay (Chile's answered)
        ("panel seated", 0),
        ("confirm_panel", 0),
        ("schedule_visit", 0),  # the questionnaire was released and she submitted it
        ("start_visit", 0),
        ("complete_visit", 0),
        ("send_for_review", 1),  # review the report
        ("approve", 0),
    ]
    assert max(needs_me for _label, needs_me, _unread in seen) == 1
    mine = OutgoingMessage.objects.for_inbox(focal_point)
    # What remains unread is news she has not opened yet (the request accepted, the panel
    # confirmed, the visit scheduled, started and completed, the agenda released): no task.
    remaining = sorted(mine.unread().values_list("message_type", flat=True))
    assert mine.needs_me().count() == 0
    assert remaining == sorted(
        [
            MessageType.ROUND_ACCEPTED,
            MessageType.PANEL_CONFIRMED,
            MessageType.AGENDA_RELEASED,
            MessageType.VISIT_SCHEDULED,
            MessageType.VISIT_STARTED,
            MessageType.VISIT_COMPLETED,
        ]
    )
    # Every task she was given along the way is done.
    tasks = {(m.task, m.done_at is None) for m in mine.exclude(task="")}
    assert tasks == {
        (Task.REVISE_REQUEST, False),
        (Task.ANSWER_PROPOSAL, False),
        (Task.ANSWER_QUESTIONNAIRE, False),
        (Task.REVIEW_REPORT, False),
    }
