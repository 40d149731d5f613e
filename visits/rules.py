"""Who may see and do what on a round's questionnaires (docs/access.md, questionnaire rows;
docs/access.md "Questionnaires").

Permissions on a questionnaire or a question reuse the round's predicates through the object's
round. The round itself is reached through ``rounds.views.get_round_for`` first, so anyone who is
not on the round gets 404 before these are asked; a participant without them gets 403.
"""

import rules

from accounts.enums import Role
from rounds.enums import CLOSED_STATES, RoundState
from rounds.rules import (
    is_accepted_round,
    is_focal_point_of_round,
    is_panelist_of_round,
    is_secretariat,
    is_team_member_of_round,
)

from .enums import Audience, QuestionnaireKind, QuestionnaireStatus


def _on_round(predicate):
    """``predicate(user, round)`` asked of a questionnaire's (or a question's) round."""

    @rules.predicate(name=f"{predicate.name}_on_questionnaire")
    def on_round(user, obj):
        questionnaire = getattr(obj, "questionnaire", obj)
        return predicate.test(user, questionnaire.round)

    return on_round


@rules.predicate
def is_drafting(user, obj):
    return getattr(obj, "questionnaire", obj).status == QuestionnaireStatus.DRAFTING


@rules.predicate
def is_released(user, obj):
    return getattr(obj, "questionnaire", obj).status == QuestionnaireStatus.RELEASED


@rules.predicate
def is_answered(user, obj):
    return getattr(obj, "questionnaire", obj).status in QuestionnaireStatus.answered()


# An evaluation is answered after the visit, also once the report is published.
_ENDED_BADLY = {RoundState.CANCELLED, RoundState.DECLINED, RoundState.WITHDRAWN}


@rules.predicate
def is_round_open(user, obj):
    questionnaire = getattr(obj, "questionnaire", obj)
    if questionnaire.kind == QuestionnaireKind.EVALUATION:
        return questionnaire.round.status not in _ENDED_BADLY
    return questionnaire.round.status not in CLOSED_STATES


def _audience(value):
    @rules.predicate(name=f"audience_is_{value}")
    def audience_is(user, obj):
        return getattr(obj, "questionnaire", obj).audience == value

    return audience_is


for_country = _audience(Audience.COUNTRY_TEAM)
for_experts = _audience(Audience.PANEL_EXPERTS)
for_everyone = _audience(Audience.ALL_PARTICIPANTS)


@rules.predicate
def is_expert(user):
    return user.role == Role.EXPERT


@rules.predicate
def is_drafted_by_panel(user, obj):
    """The panel's experts draft technical (and ad hoc) questionnaires; templates come from the
    secretariat."""
    return getattr(obj, "questionnaire", obj).kind in (
        QuestionnaireKind.TECHNICAL,
        QuestionnaireKind.OTHER,
    )


@rules.predicate
def has_sent_own_answers(user, obj):
    """The person already sent their own answers to a per-respondent questionnaire (cached on
    the questionnaire: one query per page)."""
    questionnaire = getattr(obj, "questionnaire", obj)
    cache = questionnaire.__dict__.setdefault("_sent_cache", {})
    if user.pk not in cache:
        cache[user.pk] = questionnaire.respondent_submissions.filter(respondent_id=user.pk).exists()
    return cache[user.pk]


@rules.predicate
def is_question_author(user, question):
    return getattr(question, "author_id", None) == user.pk


@rules.predicate
def is_assigned_to_user(user, question):
    assignment = getattr(question, "assignment", None)
    return bool(assignment and assignment.assignee_id == user.pk)


staff = _on_round(is_secretariat)


@rules.predicate
def coordinator(user, obj):
    """A coordinator of the round (cached on the round: asked once per page)."""
    rnd = getattr(obj, "questionnaire", obj).round
    cache = rnd.__dict__.setdefault("_coordinator_cache", {})
    if user.pk not in cache:
        cache[user.pk] = bool(is_secretariat(user) and rnd.coordinators.filter(pk=user.pk).exists())
    return cache[user.pk]


focal_point = _on_round(is_focal_point_of_round)
team_member = _on_round(is_team_member_of_round)
panelist = _on_round(is_panelist_of_round)
country = focal_point | team_member
# Who answers a per-respondent questionnaire, each for themselves.
respondent = (for_experts & is_expert & panelist) | (
    for_everyone & (country | panelist | coordinator)
)

# The list of a round's questionnaires (on the round): whoever may see at least one of them.
rules.add_perm(
    "visits.view_questionnaires",
    is_secretariat | is_focal_point_of_round | is_team_member_of_round | is_panelist_of_round,
)


@rules.predicate
def is_open_round(user, rnd):
    return rnd is not None and rnd.status not in CLOSED_STATES


rules.add_perm("visits.create_questionnaire", is_secretariat & is_accepted_round & is_open_round)

# Questionnaire (object): drafts S, C, E (technical); released questions S, C, F, T, E — a
# questionnaire for the panel's experts is never shown to the country.
rules.add_perm(
    "visits.view_questionnaire",
    staff
    | (panelist & (is_drafted_by_panel | ~is_drafting))
    | (country & ~is_drafting & ~for_experts),
)
rules.add_perm(
    "visits.draft_questions",
    (staff | (panelist & is_drafted_by_panel)) & is_drafting & is_round_open,
)
rules.add_perm("visits.release_questionnaire", staff & is_drafting & is_round_open)
rules.add_perm("visits.assign_questions", focal_point & for_country & is_released & is_round_open)
# Answers of the country: its working space until submitted (F, T); then S, C, F, T, E read
# them. Per-respondent answers: the secretariat reads everyone's (each respondent their own).
rules.add_perm(
    "visits.read_answers",
    (for_country & (country | ((staff | panelist) & is_answered))) | (~for_country & staff),
)
rules.add_perm("visits.submit_answers", focal_point & for_country & is_released & is_round_open)
rules.add_perm(
    "visits.clarify", (staff | panelist | country) & for_country & is_released & is_round_open
)
rules.add_perm("visits.download_pdf", for_country & (staff | panelist | country) & is_answered)
rules.add_perm("visits.view_responses", staff & ~for_country & ~is_drafting)
rules.add_perm(
    "visits.send_own_answers", respondent & is_released & is_round_open & ~has_sent_own_answers
)
# Drafted questions: the secretariat edits, merges and deletes any; an expert their own.
rules.add_perm(
    "visits.edit_question",
    (staff | (panelist & is_drafted_by_panel & is_question_author)) & is_drafting & is_round_open,
)
rules.add_perm("visits.merge_questions", staff & is_drafting & is_round_open)

# Question (object): the focal point answers any question, a team member those assigned to
# them; a respondent of a per-respondent questionnaire their own, until they send them.
rules.add_perm(
    "visits.answer_question",
    (
        (for_country & (focal_point | (team_member & is_assigned_to_user)))
        | (respondent & ~has_sent_own_answers)
    )
    & is_released
    & is_round_open,
)


# === Logistics of the visit (R3.5) and its visibility (R4.4) ===================================
# docs/access.md, logistics rows; decisions in docs/decisions-logistics.md.
# International items: S, C edit; F views them except the travellers' per diem; E sees their own
# travel only; T does not see them. Local items: F, T edit; S, C, E view. The visibility of the
# visit is the focal point's choice (R4.4); everyone on the round sees it.
from rounds.enums import RoundState as _RoundState  # noqa: E402

from .logistics_models import ArrangementKind as _Kind  # noqa: E402
from .logistics_models import Side as _Side  # noqa: E402

# From the panel's confirmation on, a round has a logistics checklist.
LOGISTICS_STATES = frozenset(
    {
        _RoundState.PREPARATION,
        _RoundState.VISIT_SCHEDULED,
        _RoundState.VISIT_IN_PROGRESS,
        _RoundState.REPORT_DRAFTING,
        _RoundState.COUNTRY_REVIEW,
        _RoundState.APPROVED,
    }
)


@rules.predicate
def has_logistics_page(user, rnd):
    """From the panel's confirmation on; a closed round keeps the checklist it had."""
    from .logistics_models import RoundLogistics

    if rnd is None:
        return False
    if rnd.status in LOGISTICS_STATES:
        return True
    return rnd.status in CLOSED_STATES and RoundLogistics.objects.filter(round=rnd).exists()


@rules.predicate
def logistics_editable(user, rnd):
    return rnd is not None and rnd.status not in CLOSED_STATES


def _arrangement_round(predicate):
    @rules.predicate(name=f"{predicate.name}_on_arrangement")
    def on_round(user, arrangement):
        return predicate.test(user, arrangement.round)

    return on_round


@rules.predicate
def is_international(user, arrangement):
    return arrangement.side == _Side.INTERNATIONAL


@rules.predicate
def is_per_diem(user, arrangement):
    return arrangement.kind == _Kind.PER_DIEM


@rules.predicate
def is_own_travel(user, arrangement):
    return bool(user and user.is_authenticated and arrangement.traveller_id == user.pk)


_a_staff = _arrangement_round(is_secretariat)
_a_focal = _arrangement_round(is_focal_point_of_round)
_a_team = _arrangement_round(is_team_member_of_round)
_a_panel = _arrangement_round(is_panelist_of_round)
_a_open = _arrangement_round(logistics_editable)

rules.add_perm(
    "visits.view_logistics",
    is_secretariat | is_focal_point_of_round | is_team_member_of_round | is_panelist_of_round,
)
# The link on the round page: allowed and the round has (or gets) a checklist.
rules.add_perm(
    "visits.open_logistics",
    (is_secretariat | is_focal_point_of_round | is_team_member_of_round | is_panelist_of_round)
    & has_logistics_page,
)
rules.add_perm("visits.see_international", is_secretariat | is_focal_point_of_round)
rules.add_perm("visits.edit_international", is_secretariat & logistics_editable)
rules.add_perm(
    "visits.edit_local", (is_focal_point_of_round | is_team_member_of_round) & logistics_editable
)
rules.add_perm("visits.choose_visibility", is_focal_point_of_round & logistics_editable)
rules.add_perm(
    "visits.set_visit_start", (is_secretariat | is_focal_point_of_round) & logistics_editable
)
rules.add_perm(
    "visits.view_arrangement",
    _a_staff
    | (is_international & ((_a_focal & ~is_per_diem) | (_a_panel & is_own_travel)))
    | (~is_international & (_a_focal | _a_team | _a_panel)),
)
rules.add_perm(
    "visits.edit_arrangement",
    ((is_international & _a_staff) | (~is_international & (_a_focal | _a_team))) & _a_open,
)


# --- The agenda and the visit record (R3.4, R4.1–R4.3; docs/access.md "Agenda") -------------
# Agenda: S, C and the focal point edit it (docs/access.md); the technical team and the panel read
# it. Visit notes: the panel (accepted seats, coordinators included) and the secretariat only;
# the country never reads them.
AGENDA_EDITABLE_STATES = frozenset(
    {
        RoundState.PANEL_FORMING,
        RoundState.PREPARATION,
        RoundState.VISIT_SCHEDULED,
        RoundState.VISIT_IN_PROGRESS,
    }
)


@rules.predicate
def has_methodology(user, rnd):
    """The round was accepted once: it has (or had) a visit to prepare."""
    return rnd is not None and bool(rnd.methodology)


@rules.predicate
def is_agenda_editable(user, rnd):
    return rnd is not None and rnd.status in AGENDA_EDITABLE_STATES


@rules.predicate
def is_visit_in_progress(user, rnd):
    return rnd is not None and rnd.status == RoundState.VISIT_IN_PROGRESS


# "My agenda" of a panel member holds only the items the panel attends.
is_agenda_panel_reader = is_panelist_of_round & ~is_secretariat

rules.add_perm(
    "visits.view_agenda",
    (is_secretariat | is_focal_point_of_round | is_team_member_of_round | is_panelist_of_round)
    & has_methodology,
)
rules.add_perm(
    "visits.edit_agenda",
    (is_secretariat | is_focal_point_of_round) & has_methodology & is_agenda_editable,
)
rules.add_perm("visits.release_agenda", is_secretariat & has_methodology & is_agenda_editable)
rules.add_perm("visits.view_visit_notes", (is_secretariat | is_panelist_of_round) & has_methodology)
rules.add_perm(
    "visits.write_visit_notes",
    (is_secretariat | is_panelist_of_round) & has_methodology & is_visit_in_progress,
)
# Questionnaire templates (not on a round): the secretariat.
rules.add_perm("visits.manage_templates", is_secretariat)
rules.add_perm("visits.view_evaluations", is_secretariat)
