"""Every write on a questionnaire (R3.2): drafting, release, assignment, answers, clarifications,
submission. Views call these; services raise ``QuestionnaireError`` and never touch a request.
Deadline reminders are in ``visits.deadlines``."""

import rules
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.enums import Role
from accounts.models import User
from notifications.enums import MessageType, Task
from notifications.services import queue_message, resolve_task
from ripso.uploads import CONTENT_TYPES, check_document
from rounds.enums import RoundState
from rounds.notify import audience_members
from rounds.services import RoundError, log_event
from rounds.workflow import Audience as Notify

from .enums import Audience, QuestionnaireKind, QuestionnaireStatus, QuestionType
from .models import (
    Answer,
    Assignment,
    Attachment,
    Clarification,
    Question,
    Questionnaire,
    QuestionnaireTemplate,
    RespondentSubmission,
    Section,
)

MAX_ATTACHMENTS = 10


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
    text, choices = _clean_question(type, text, choices)
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
        _notify_released(questionnaire, user)
    return questionnaire


def _notify_released(questionnaire, actor):
    """The focal point (country questionnaires) or every respondent is told."""
    rnd = questionnaire.round
    if questionnaire.per_respondent:
        people, message_type = respondents_of(questionnaire), MessageType.QUESTIONNAIRE_TO_ANSWER
    else:
        people = country_contacts(rnd, focal_points_only=True)
        message_type = MessageType.QUESTIONNAIRE_RELEASED
    for person in people:
        if actor is not None and person.pk == actor.pk:
            continue
        queue_message(
            message_type,
            recipient=person,
            context={"round": rnd, "questionnaire": questionnaire},
            link=questionnaire.get_absolute_url(),
            round_code=rnd.code,
            ref=questionnaire_ref(questionnaire),
        )


def questionnaire_ref(questionnaire):
    """What messages about one questionnaire carry (notifications ``ref``)."""
    return f"questionnaire:{questionnaire.pk}"


def respondents_of(questionnaire):
    """Who answers a per-respondent questionnaire, each for themselves: the panel's experts
    (accepted seats), or every participant (the country's focal point and technical team, the
    experts and the coordinators). Empty for a country questionnaire."""
    rnd = questionnaire.round
    seated = Q(panel_seats__round=rnd, panel_seats__status="accepted")
    if questionnaire.audience == Audience.PANEL_EXPERTS:
        condition = seated & Q(role=Role.EXPERT)
    elif questionnaire.audience == Audience.ALL_PARTICIPANTS:
        condition = (
            seated
            | Q(pk__in=rnd.coordinators.values("pk"))
            | Q(role__in=[Role.FOCAL_POINT, Role.TEAM_MEMBER], institution_id=rnd.institution_id)
        )
    else:
        return User.objects.none()
    ids = User.objects.filter(condition, is_active=True).values("pk")
    return User.objects.filter(pk__in=ids).order_by("role", "full_name", "pk")


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
                    "%(name)s saved this answer while you were typing. Yours was not saved "
                    "over theirs: both are shown, choose which to keep."
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


def missing_answers(questionnaire, respondent=None):
    """The required questions still without an answer (the submit checklist); blank text is
    no answer, a file question needs a file. ``respondent``: their own answers."""
    answers = {
        a.question_id: a
        for a in Answer.objects.filter(
            question__questionnaire=questionnaire, respondent=respondent
        ).prefetch_related("attachments")
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
        resolve_task(questionnaire.round.code, [Task.ANSWER_QUESTIONNAIRE], actor=user,
                     ref=questionnaire_ref(questionnaire))  # fmt: skip
        _notify_submitted(questionnaire, user)
    return questionnaire


def _notify_submitted(questionnaire, actor):
    """ "The country submitted the answers": the panel and the coordinators (or the
    secretariat) are told, once each."""
    rnd = questionnaire.round
    people = {}
    for audience in (Notify.PANEL, Notify.SECRETARIAT):
        for person in audience_members(rnd, audience):
            if person.pk != actor.pk:
                people.setdefault(person.pk, person)
    for person in people.values():
        queue_message(
            MessageType.QUESTIONNAIRE_SUBMITTED,
            recipient=person,
            context={"round": rnd, "questionnaire": questionnaire, "actor": actor},
            link=questionnaire.get_absolute_url(),
            round_code=rnd.code,
        )


def has_sent(questionnaire, user):
    """The person sent their own answers to this per-respondent questionnaire."""
    from .rules import has_sent_own_answers

    return has_sent_own_answers.test(user, questionnaire)


def send_own_answers(questionnaire, user):
    """A respondent of a per-respondent questionnaire sends their own answers (final). Refused,
    listing them, while a required question has no answer of theirs."""
    with transaction.atomic():
        questionnaire = _locked(questionnaire)
        _check(user, "visits.send_own_answers", questionnaire)
        missing = missing_answers(questionnaire, respondent=user)
        if missing:
            raise Incomplete(
                _("Some required questions have no answer yet."),
                details=[q.text for q in missing],
            )
        sent = RespondentSubmission.objects.create(questionnaire=questionnaire, respondent=user)
        log_event(
            questionnaire.round, user, "visits.questionnaire.answers_sent", visibility="panel",
            data={"questionnaire": questionnaire.pk},
        )  # fmt: skip
        resolve_task(questionnaire.round.code, [Task.ANSWER_QUESTIONNAIRE], actor=user,
                     ref=questionnaire_ref(questionnaire), only_actor=True)  # fmt: skip
    return sent


# --- Editing drafted questions (the secretariat; an expert their own) -------------------------
def _clean_question(type, text, choices):
    text = (text or "").strip()
    choices = [c.strip() for c in choices if c and c.strip()]
    if not text:
        raise QuestionnaireError(_("Write the question."))
    if type in QuestionType.with_choices() and len(choices) < 2:
        raise QuestionnaireError(_("A question with choices needs at least two choices."))
    if type not in QuestionType.with_choices():
        choices = []
    return text, choices


def update_question(question, user, *, text, type, help_text="", required=True, choices=(),
                    section=None, expected_version=None):  # fmt: skip
    """Change a drafted question. ``expected_version`` (the version the person loaded) catches
    two people editing the same question: the second is refused, nothing is overwritten."""
    text, choices = _clean_question(type, text, choices)
    with transaction.atomic():
        questionnaire = _locked(question.questionnaire)
        question = Question.objects.select_for_update().get(pk=question.pk)
        question.questionnaire = questionnaire
        _check(user, "visits.edit_question", question)
        if section is not None and section.questionnaire_id != questionnaire.pk:
            raise QuestionnaireError(_("That section belongs to another questionnaire."))
        if expected_version is not None and question.version != expected_version:
            raise QuestionnaireError(
                _(
                    "Someone else changed this question while you were editing it. Its current "
                    "text is shown: apply your change again."
                )
            )
        question.text, question.type, question.choices = text, type, choices
        question.help_text = (help_text or "").strip()
        question.required = required
        if question.section_id != (section.pk if section else None):
            question.section = section
        question.version += 1
        question.save()
        log_event(
            questionnaire.round, user, "visits.question.edited", visibility="panel",
            data={"questionnaire": questionnaire.pk, "question": question.pk},
        )  # fmt: skip
    return question


def delete_question(question, user):
    with transaction.atomic():
        questionnaire = _locked(question.questionnaire)
        question.questionnaire = questionnaire
        _check(user, "visits.edit_question", question)
        text = question.text
        Question.objects.filter(pk=question.pk).delete()
        log_event(
            questionnaire.round, user, "visits.question.deleted", visibility="panel",
            data={"questionnaire": questionnaire.pk, "text": text[:200]},
        )  # fmt: skip


def merge_questions(keep, other, user, *, text=None):
    """The secretariat merges two similar drafted questions into ``keep`` (optionally with a new
    wording); ``other`` is removed and the note of ``keep`` records who drafted what."""
    if keep.pk == other.pk:
        raise QuestionnaireError(_("Choose another question to merge with."))
    with transaction.atomic():
        questionnaire = _locked(keep.questionnaire)
        _check(user, "visits.merge_questions", questionnaire)
        pair = {
            q.pk: q
            for q in Question.objects.select_related("author")
            .select_for_update(of=("self",))
            .filter(pk__in=[keep.pk, other.pk], questionnaire=questionnaire)
        }
        if len(pair) != 2:
            raise QuestionnaireError(_("Both questions must belong to this questionnaire."))
        keep, other = pair[keep.pk], pair[other.pk]
        lines = [keep.note] if keep.note else [_author_line(keep)]
        lines.append(other.note or _author_line(other))
        if text and text.strip():
            keep.text = text.strip()
        if not keep.help_text and other.help_text:
            keep.help_text = other.help_text
        keep.required = keep.required or other.required
        keep.note = "\n".join(lines)
        keep.version += 1
        keep.save()
        other.delete()
        log_event(
            questionnaire.round, user, "visits.question.merged", visibility="panel",
            data={"questionnaire": questionnaire.pk, "kept": keep.pk, "merged": other.text[:200]},
        )  # fmt: skip
    return keep


def _author_line(question):
    name = question.author.full_name if question.author else _("unknown author")
    return _("%(name)s: “%(text)s”") % {"name": name, "text": question.text}


# --- Attachments ------------------------------------------------------------------------------
def attach_file(question, user, uploaded):
    """Attach a document to the person's answer (the shared answer of the country, or their
    own), checked by content and size like the request's documents. The answer's text and
    version are untouched, so an attachment never collides with someone typing."""
    try:
        detected = check_document(uploaded)
    except ValidationError as exc:
        raise QuestionnaireError(" ".join(exc.messages)) from exc
    with transaction.atomic():
        question = (
            Question.objects.select_related("questionnaire__round", "assignment")
            .select_for_update(of=("self",))
            .get(pk=question.pk)
        )
        if not user.has_perm("visits.answer_question", question):
            raise NotAllowed(_("You may not answer this question."))
        respondent = _respondent_for(question.questionnaire, user)
        answer, _created = Answer.objects.get_or_create(
            question=question, respondent=respondent, defaults={"updated_by": user}
        )
        if answer.attachments.count() >= MAX_ATTACHMENTS:
            raise QuestionnaireError(
                _("An answer can have at most %(n)s files. Remove one before adding another.")
                % {"n": MAX_ATTACHMENTS}
            )
        attachment = Attachment(
            answer=answer, original_name=uploaded.name[:200], size=uploaded.size,
            content_type=CONTENT_TYPES[detected], uploaded_by=user,
        )  # fmt: skip
        attachment.file.save("upload", uploaded, save=False)
        attachment.save()
        log_event(
            question.questionnaire.round, user, "visits.answer.file_attached",
            visibility="country", data={"question": question.pk, "name": attachment.original_name},
        )  # fmt: skip
    return attachment


def remove_attachment(attachment, user):
    """Remove a file from an answer (while the answer can still be changed)."""
    with transaction.atomic():
        question = (
            Question.objects.select_related("questionnaire__round", "assignment")
            .select_for_update(of=("self",))
            .get(pk=attachment.answer.question_id)
        )
        if not user.has_perm("visits.answer_question", question):
            raise NotAllowed(_("You may not change this answer."))
        if attachment.answer.respondent_id not in (None, user.pk):
            raise NotAllowed(_("You may not change this answer."))
        stored, name = attachment.file.name, attachment.original_name
        Attachment.objects.filter(pk=attachment.pk).delete()
        storage = Attachment._meta.get_field("file").storage
        transaction.on_commit(lambda: storage.delete(stored))
        log_event(
            question.questionnaire.round, user, "visits.answer.file_removed",
            visibility="country", data={"question": question.pk, "name": name},
        )  # fmt: skip


# --- Templates copied into a round (R3.3, the evaluation) ------------------------------------
def copy_template(rnd, user, template, *, title=None):
    """Copy a template's sections and questions into the round as a new questionnaire (being
    drafted: the secretariat can still adapt it, then releases it). A self-assessment is for
    MECIGEP rounds only (R3.3)."""
    evaluation = template.kind == QuestionnaireKind.EVALUATION
    if not (
        user.has_perm("visits.create_questionnaire", rnd)
        or (evaluation and rules.has_perm("visits.view_evaluations", user))
    ):
        raise NotAllowed(_("Questionnaires are created by the Technical Secretariat."))
    if template.kind == QuestionnaireKind.SELF_ASSESSMENT and rnd.methodology != "mecigep":
        raise QuestionnaireError(
            _("A self-assessment questionnaire is for MECIGEP rounds only (R3.3).")
        )
    if evaluation and rnd.status not in EVALUATION_STATES:
        raise QuestionnaireError(
            _(
                "The end-of-round evaluation is opened after the visit, once the report is being drafted."
            )
        )
    with transaction.atomic():
        questionnaire = Questionnaire.objects.create(
            round=rnd, kind=template.kind, title=(title or template.title)[:200],
            audience=template.audience, created_by=user, template=template,
        )  # fmt: skip
        sections = {}
        for t_section in template.sections.all():
            sections[t_section.pk] = Section.objects.create(
                questionnaire=questionnaire, title=t_section.title, position=t_section.position
            )
        Question.objects.bulk_create(
            [
                Question(
                    questionnaire=questionnaire,
                    section=sections.get(q.section_id),
                    position=q.position,
                    type=q.type,
                    text=q.text,
                    help_text=q.help_text,
                    required=q.required,
                    choices=q.choices,
                    author=user,
                )
                for q in template.questions.all()
            ]
        )
        log_event(
            rnd, user, "visits.questionnaire.created", visibility="panel",
            data={"questionnaire": questionnaire.pk, "title": questionnaire.title,
                  "template": template.pk},
        )  # fmt: skip
    return questionnaire


EVALUATION_STATES = frozenset(
    {
        RoundState.REPORT_DRAFTING,
        RoundState.COUNTRY_REVIEW,
        RoundState.APPROVED,
        RoundState.PUBLISHED,
        RoundState.CLOSED_INTERNAL,
    }
)


def standard_evaluation_template():
    """The standard evaluation survey (loaded by a data migration; reloaded if a test flushed
    the table)."""
    from rounds.request_models import Topic

    from .data.templates import STANDARD_EVALUATION_KEY, load_default_templates

    template = QuestionnaireTemplate.objects.filter(key=STANDARD_EVALUATION_KEY).first()
    if template is None:
        load_default_templates(QuestionnaireTemplate, Topic)
        template = QuestionnaireTemplate.objects.get(key=STANDARD_EVALUATION_KEY)
    return template


def open_evaluation(rnd, user):
    """After the visit, the secretariat opens the end-of-round evaluation: the standard survey,
    answered by every participant, released at once (each respondent is told). One per round."""
    if rnd.questionnaires.filter(kind=QuestionnaireKind.EVALUATION).exists():
        raise QuestionnaireError(_("This round already has its evaluation survey."))
    questionnaire = copy_template(rnd, user, standard_evaluation_template())
    return release(questionnaire, user)


def add_clarification(question, user, text):
    """A message in the question's thread (the country asks, the experts explain)."""
    text = (text or "").strip()
    if not text:
        raise QuestionnaireError(_("Write a message."))
    with transaction.atomic():
        questionnaire = _locked(question.questionnaire)
        _check(user, "visits.clarify", questionnaire)
        return Clarification.objects.create(question=question, author=user, text=text)
