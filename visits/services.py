"""Every write on a questionnaire (R3.2): drafting, release, assignment, answers, clarifications,
submission. Views call these; services raise ``QuestionnaireError`` and never touch a request.
Deadline reminders are in ``visits.deadlines``."""

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.enums import Role
from accounts.models import User
from notifications.enums import MessageType
from notifications.services import queue_message
from rounds.services import RoundError, log_event

from .enums import Audience, QuestionnaireKind, QuestionnaireStatus, QuestionType
from .models import Answer, Assignment, Clarification, Question, Questionnaire, Section


class QuestionnaireError(RoundError):
    """A domain error; the view shows ``message`` (and ``details``) and keeps what was typed."""


class NotAllowed(QuestionnaireError):
    """The person may not do this now (their role, or the questionnaire's status)."""


class Conflict(QuestionnaireError):
    """Someone else saved the answer since this person loaded it: nothing is overwritten.

    ``latest`` is the answer as it is now (its text, version and who saved it), so the person
    sees the other text and can merge theirs into it.
    """

    def __init__(self, message, *, latest):
        super().__init__(message)
        self.latest = latest


class Incomplete(QuestionnaireError):
    """Required questions are unanswered; ``details`` lists them."""


def _check(user, perm, obj):
    if not user.has_perm(perm, obj):
        raise NotAllowed(_("This action is not possible on this questionnaire now."))


def _locked(questionnaire):
    """The questionnaire row, locked: status changes and drafting serialise on it."""
    return (
        Questionnaire.objects.select_related("round").select_for_update().get(pk=questionnaire.pk)
    )


def create_questionnaire(rnd, user, *, title, kind=QuestionnaireKind.TECHNICAL,
                         audience=Audience.COUNTRY_TEAM, deadline=None):  # fmt: skip
    """The secretariat opens a questionnaire on an accepted, open round (it starts drafting)."""
    if not user.has_perm("visits.create_questionnaire", rnd):
        raise NotAllowed(_("Questionnaires are created by the Technical Secretariat."))
    title = (title or "").strip()
    if not title:
        raise QuestionnaireError(_("Give the questionnaire a title."))
    with transaction.atomic():
        questionnaire = Questionnaire.objects.create(
            round=rnd, kind=kind, title=title, audience=audience, deadline=deadline,
            created_by=user,
        )  # fmt: skip
        log_event(
            rnd, user, "visits.questionnaire.created", visibility="panel",
            data={"questionnaire": questionnaire.pk, "title": title},
        )  # fmt: skip
    return questionnaire


def add_section(questionnaire, user, title):
    title = (title or "").strip()
    if not title:
        raise QuestionnaireError(_("Give the section a title."))
    with transaction.atomic():
        questionnaire = _locked(questionnaire)
        _check(user, "visits.draft_questions", questionnaire)
        last = questionnaire.sections.aggregate(m=Max("position"))["m"] or 0
        return Section.objects.create(questionnaire=questionnaire, title=title, position=last + 1)


def draft_question(questionnaire, user, *, text, type=QuestionType.LONG_TEXT, help_text="",
                   required=True, choices=(), section=None):  # fmt: skip
    """An expert or the secretariat adds a question while the questionnaire is being drafted.
    Every drafter sees every draft (R3.2: the experts see each other's questions)."""
    text = (text or "").strip()
    choices = [c.strip() for c in choices if c and c.strip()]
    if not text:
        raise QuestionnaireError(_("Write the question."))
    if type in QuestionType.with_choices() and len(choices) < 2:
        raise QuestionnaireError(_("A question with choices needs at least two choices."))
    if type not in QuestionType.with_choices():
        choices = []
    with transaction.atomic():
        questionnaire = _locked(questionnaire)
        _check(user, "visits.draft_questions", questionnaire)
        if section is not None and section.questionnaire_id != questionnaire.pk:
            raise QuestionnaireError(_("That section belongs to another questionnaire."))
        last = questionnaire.questions.aggregate(m=Max("position"))["m"] or 0
        return Question.objects.create(
            questionnaire=questionnaire, section=section, position=last + 1, type=type,
            text=text, help_text=(help_text or "").strip(), required=required, choices=choices,
            author=user,
        )  # fmt: skip


def move_question(question, user, direction):
    """Swap a question with its neighbour in the same section (``direction`` "up" or "down")
    while drafting. Returns False at either end."""
    with transaction.atomic():
        questionnaire = _locked(question.questionnaire)
        _check(user, "visits.draft_questions", questionnaire)
        siblings = list(
            questionnaire.questions.filter(section_id=question.section_id).order_by(
                "position", "pk"
            )
        )
        index = next(i for i, q in enumerate(siblings) if q.pk == question.pk)
        other = index - 1 if direction == "up" else index + 1
        if not 0 <= other < len(siblings):
            return False
        a, b = siblings[index], siblings[other]
        Question.objects.filter(pk=a.pk).update(position=b.position)
        Question.objects.filter(pk=b.pk).update(position=a.position)
        if a.position == b.position:  # equal positions (never in practice): make them distinct
            Question.objects.filter(pk=b.pk).update(
                position=a.position + (1 if other > index else -1)
            )
        return True


def release(questionnaire, user, *, deadline=None):
    """The secretariat releases the questions to the country (R3.2). An empty questionnaire is
    refused: the country would have nothing to answer. The focal point is told."""
    with transaction.atomic():
        questionnaire = _locked(questionnaire)
        _check(user, "visits.release_questionnaire", questionnaire)
        if not questionnaire.questions.exists():
            raise QuestionnaireError(_("Add at least one question before releasing it."))
        questionnaire.status = QuestionnaireStatus.RELEASED
        questionnaire.released_at = timezone.now()
        if deadline is not None:
            questionnaire.deadline = deadline
        questionnaire.reminders_sent = 0
        questionnaire.save(update_fields=["status", "released_at", "deadline", "reminders_sent"])
        rnd = questionnaire.round
        log_event(
            rnd, user, "visits.questionnaire.released", from_state="", to_state="",
            data={"questionnaire": questionnaire.pk, "from": "drafting", "to": "released"},
        )  # fmt: skip
        for person in country_contacts(rnd, focal_points_only=True):
            queue_message(
                MessageType.QUESTIONNAIRE_RELEASED,
                recipient=person,
                context={"round": rnd, "questionnaire": questionnaire},
                link=questionnaire.get_absolute_url(),
                round_code=rnd.code,
            )
    return questionnaire


def team_of(rnd):
    """The technical team of the round's institution: the people questions are assigned to."""
    return User.objects.filter(
        role=Role.TEAM_MEMBER, institution_id=rnd.institution_id, is_active=True
    ).order_by("full_name", "pk")


def country_contacts(rnd, *, focal_points_only=False):
    roles = [Role.FOCAL_POINT] if focal_points_only else [Role.FOCAL_POINT, Role.TEAM_MEMBER]
    return User.objects.filter(
        role__in=roles, institution_id=rnd.institution_id, is_active=True
    ).order_by("pk")


def assign(question, user, assignee):
    """The focal point asks a team member of the round's institution to answer ``question``;
    ``assignee=None`` removes the assignment."""
    with transaction.atomic():
        questionnaire = _locked(question.questionnaire)
        _check(user, "visits.assign_questions", questionnaire)
        if assignee is None:
            Assignment.objects.filter(question=question).delete()
            return None
        if not team_of(questionnaire.round).filter(pk=assignee.pk).exists():
            raise QuestionnaireError(
                _("Questions are assigned to members of your institution's technical team.")
            )
        assignment, _created = Assignment.objects.update_or_create(
            question=question, defaults={"assignee": assignee, "assigned_by": user}
        )
        return assignment


def _respondent_for(questionnaire, user):
    return None if questionnaire.audience == Audience.COUNTRY_TEAM else user


def _clean_value(question, value):
    """(text, choices) of an answer; a choice that is not offered is refused."""
    if question.type == QuestionType.SINGLE_CHOICE:
        value = (value or "").strip() if isinstance(value, str) else ""
        if value and value not in question.choices:
            raise QuestionnaireError(_("Choose one of the options offered."))
        return "", [value] if value else []
    if question.type == QuestionType.MULTIPLE_CHOICE:
        values = [v for v in (value or []) if v]
        if any(v not in question.choices for v in values):
            raise QuestionnaireError(_("Choose among the options offered."))
        return "", [c for c in question.choices if c in values]
    if question.type == QuestionType.FILE:
        raise QuestionnaireError(_("Files are attached with the upload button."))
    text = value or ""
    if question.type == QuestionType.SHORT_TEXT:
        text = " ".join(text.split())[:500]
    return text, []


def save_answer(question, user, value, expected_version):
    """Save an answer (autosave while typing). ``expected_version`` is the version the person
    started from: if someone else saved since, nothing is overwritten and ``Conflict`` carries
    the latest answer. Saving what is already there succeeds whatever the version.
    Returns the saved ``Answer``."""
    with transaction.atomic():
        question = (
            Question.objects.select_related("questionnaire__round", "assignment")
            .select_for_update(of=("self",))
            .get(pk=question.pk)
        )
        questionnaire = question.questionnaire
        if not user.has_perm("visits.answer_question", question):
            if questionnaire.is_answered:
                raise NotAllowed(_("The answers were submitted; they can no longer be changed."))
            raise NotAllowed(_("You may not answer this question."))
        text, choices = _clean_value(question, value)
        respondent = _respondent_for(questionnaire, user)
        answer = Answer.objects.filter(question=question, respondent=respondent).first()
        if answer is None:
            answer = Answer(question=question, respondent=respondent)
        if answer.text == text and answer.choices == choices and answer.pk:
            return answer
        if answer.version != expected_version:
            who = answer.updated_by.full_name if answer.updated_by else _("someone else")
            raise Conflict(
                _(
                    "%(name)s saved this answer while you were typing. Their text is shown; "
                    "yours was not saved: add it again to theirs."
                )
                % {"name": who},
                latest=answer,
            )
        answer.text = text
        answer.choices = choices
        answer.version += 1
        answer.updated_by = user
        answer.updated_at = timezone.now()
        answer.save()
        return answer


def missing_answers(questionnaire):
    """The required questions still without an answer (the submit checklist); blank text is
    no answer."""
    answers = {
        a.question_id: a
        for a in Answer.objects.filter(
            question__questionnaire=questionnaire, respondent__isnull=True
        )
    }
    return [
        q
        for q in questionnaire.questions.filter(required=True).order_by("position", "pk")
        if q.pk not in answers or answers[q.pk].is_empty
    ]


def submit_answers(questionnaire, user):
    """The focal point submits the country's answers as a whole. Refused, listing them, while a
    required question is unanswered. From then on the secretariat and the panel read them and
    nobody changes them."""
    with transaction.atomic():
        questionnaire = _locked(questionnaire)
        _check(user, "visits.submit_answers", questionnaire)
        missing = missing_answers(questionnaire)
        if missing:
            raise Incomplete(
                _("Some required questions have no answer yet."),
                details=[q.text for q in missing],
            )
        questionnaire.status = QuestionnaireStatus.SUBMITTED
        questionnaire.submitted_at = timezone.now()
        questionnaire.submitted_by = user
        questionnaire.save(update_fields=["status", "submitted_at", "submitted_by"])
        log_event(
            questionnaire.round, user, "visits.questionnaire.submitted",
            data={"questionnaire": questionnaire.pk, "from": "released", "to": "submitted"},
        )  # fmt: skip
    return questionnaire


def add_clarification(question, user, text):
    """A message in the question's thread (the country asks, the experts explain)."""
    text = (text or "").strip()
    if not text:
        raise QuestionnaireError(_("Write a message."))
    with transaction.atomic():
        questionnaire = _locked(question.questionnaire)
        _check(user, "visits.clarify", questionnaire)
        return Clarification.objects.create(question=question, author=user, text=text)
