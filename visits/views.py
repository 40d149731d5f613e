"""The questionnaire pages: the round's list and one page per questionnaire, adapted to the
viewer (drafting, release, assignment, autosaved answers, clarifications, submission). Thin glue:
the rules are in ``visits.services``; access in ``visits.rules``."""

from datetime import datetime, time

import rules
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ripso import autosave
from ripso.converters import parse_id
from rounds.enums import Methodology
from rounds.views import get_round_for

from . import services
from .enums import Audience, QuestionnaireKind, QuestionnaireStatus
from .forms import (
    AnswerForm,
    AssignForm,
    ClarificationForm,
    CreateQuestionnaireForm,
    FromTemplateForm,
    QuestionForm,
    ReleaseForm,
    SectionForm,
)
from .models import Answer, Attachment, Clarification, Question

STATUS_BADGE = {
    QuestionnaireStatus.DRAFTING: "text-bg-light border",
    QuestionnaireStatus.RELEASED: "text-bg-info",
    QuestionnaireStatus.SUBMITTED: "text-bg-success",
    QuestionnaireStatus.CLOSED: "text-bg-secondary",
}


def get_questionnaires_round(user, code):
    """The round if ``user`` may see its questionnaires. Outsiders get 404 (``get_round_for``);
    a round not accepted has none (404 to everyone); other participants get 403."""
    rnd = get_round_for(user, code)
    if not rnd.methodology:
        raise Http404
    if not user.has_perm("visits.view_questionnaires", rnd):
        raise PermissionDenied
    return rnd


def get_questionnaire(user, code, pk, perm=None):
    rnd = get_round_for(user, code)
    questionnaire = get_object_or_404(rnd.questionnaires, pk=pk)
    questionnaire.round = rnd  # one instance: the panel-seat cache of the rules is shared
    if not user.has_perm("visits.view_questionnaire", questionnaire):
        raise PermissionDenied
    if perm and not user.has_perm(perm, questionnaire):
        raise PermissionDenied
    return questionnaire


def get_question(user, code, pk, question_pk, perm):
    """A question of a questionnaire ``user`` may see; ``perm`` is asked of the question (the
    rules read the questionnaire through it)."""
    questionnaire = get_questionnaire(user, code, pk)
    question = get_object_or_404(
        questionnaire.questions.select_related("assignment"), pk=question_pk
    )
    question.questionnaire = questionnaire
    if not user.has_perm(perm, question):
        raise PermissionDenied
    return question


def _back(questionnaire, anchor=""):
    response = redirect(questionnaire.get_absolute_url())
    if anchor:
        response["Location"] += f"#{anchor}"
    return response


# --- The list -------------------------------------------------------------------------------
@login_required
def questionnaire_list(request, code, create_form=None):
    user = request.user
    rnd = get_questionnaires_round(user, code)
    questionnaires = [
        q for q in rnd.questionnaires.order_by("created_at", "pk")
        if user.has_perm("visits.view_questionnaire", _with_round(q, rnd))
    ]  # fmt: skip
    for q in questionnaires:
        q.badge_class = STATUS_BADGE[q.status]
    can_create = user.has_perm("visits.create_questionnaire", rnd)
    if can_create and create_form is None:
        create_form = CreateQuestionnaireForm(initial={"title": _("Technical questionnaire")})
    has_evaluation = any(q.kind == QuestionnaireKind.EVALUATION for q in questionnaires)
    return render(
        request,
        "visits/list.html",
        {
            "round": rnd,
            "questionnaires": questionnaires,
            "create_form": create_form if can_create else None,
            # R3.3: a MECIGEP round gets its self-assessment from a template.
            "template_form": FromTemplateForm()
            if can_create and rnd.methodology == Methodology.MECIGEP
            else None,
            "can_open_evaluation": rules.has_perm("visits.view_evaluations", user)
            and rnd.status in services.EVALUATION_STATES
            and not has_evaluation,
            "is_staff": rules.has_perm("visits.manage_templates", user),
        },
        status=400 if create_form is not None and create_form.is_bound else 200,
    )


def _with_round(questionnaire, rnd):
    questionnaire.round = rnd
    return questionnaire


@login_required
@require_POST
def questionnaire_create(request, code):
    user = request.user
    rnd = get_questionnaires_round(user, code)
    if not user.has_perm("visits.create_questionnaire", rnd):
        raise PermissionDenied
    form = CreateQuestionnaireForm(request.POST)
    if not form.is_valid():
        return questionnaire_list(request, code, create_form=form)
    audience = form.cleaned_data["audience"]
    questionnaire = services.create_questionnaire(
        rnd, user, title=form.cleaned_data["title"], audience=audience,
        # The technical questionnaire (R3.2) is the country's; others are ad hoc.
        kind=QuestionnaireKind.TECHNICAL if audience == Audience.COUNTRY_TEAM
        else QuestionnaireKind.OTHER,
    )  # fmt: skip
    messages.success(request, _("Questionnaire created. The panel can draft its questions now."))
    return redirect(questionnaire.get_absolute_url())


# --- One questionnaire ----------------------------------------------------------------------
def _questions(questionnaire, *, with_answers, respondent=None):
    """The questions with what the page shows; ``respondent``: their own answers (a
    per-respondent questionnaire), otherwise the country's shared answer."""
    prefetch = [Prefetch("clarifications", queryset=Clarification.objects.select_related("author"))]
    if with_answers:
        answers = Answer.objects.filter(respondent=respondent)
        prefetch.append(
            Prefetch(
                "answers",
                queryset=answers.select_related("updated_by").prefetch_related(
                    Prefetch(
                        "attachments",
                        queryset=Attachment.objects.select_related("uploaded_by").order_by(
                            "created_at", "pk"
                        ),
                    )
                ),
                to_attr="shared_answers",
            )
        )
    questions = list(
        Question.objects.filter(questionnaire=questionnaire)
        .select_related("author", "assignment__assignee")
        .prefetch_related(*prefetch)
        .order_by("position", "pk")
    )
    for question in questions:
        question.questionnaire = questionnaire
        if with_answers:
            question.answer = question.shared_answers[0] if question.shared_answers else None
    return questions


def answer_form(question, data=None):
    answer = getattr(question, "answer", None)
    initial = {"version": answer.version if answer else 0}
    if answer is not None:
        initial["value"] = answer.choices if question.type == "multiple_choice" else (
            answer.choices[0] if answer.choices else answer.text
        )  # fmt: skip
    form = AnswerForm(data, question=question, initial=initial)
    form.auto_id = f"id_q{question.pk}_%s"
    return form


def render_questionnaire(request, questionnaire, *, question_form=None, release_form=None,
                         status=200):  # fmt: skip
    user = request.user
    rnd = questionnaire.round
    own = questionnaire.per_respondent
    can_send_own = own and user.has_perm("visits.send_own_answers", questionnaire)
    sent_own = own and services.has_sent(questionnaire, user)
    read_answers = user.has_perm("visits.read_answers", questionnaire)
    can_draft = user.has_perm("visits.draft_questions", questionnaire)
    can_assign = user.has_perm("visits.assign_questions", questionnaire)
    can_clarify = user.has_perm("visits.clarify", questionnaire)
    can_submit = user.has_perm("visits.submit_answers", questionnaire)
    sections = list(questionnaire.sections.all())
    respondent_view = own and (can_send_own or sent_own)
    questions = _questions(
        questionnaire,
        with_answers=(read_answers and not own) or respondent_view,
        respondent=user if respondent_view else None,
    )
    if own:
        read_answers = respondent_view  # a respondent reads their own answers on this page
    team_choices = [(str(p.pk), p.full_name) for p in services.team_of(rnd)] if can_assign else []
    can_merge = user.has_perm("visits.merge_questions", questionnaire)
    for question in questions:
        question.can_answer = user.has_perm("visits.answer_question", question)
        question.can_edit = can_draft and user.has_perm("visits.edit_question", question)
        if question.can_answer:
            if question.type != "file":
                question.form = answer_form(question)
            question.can_attach = True  # the upload field is written out in the template
        if can_assign:
            assignment = getattr(question, "assignment", None)
            question.assignee_value = str(assignment.assignee_id) if assignment else ""
    groups = [{"section": None, "questions": [q for q in questions if q.section_id is None]}]
    for section in sections:
        groups.append(
            {"section": section, "questions": [q for q in questions if q.section_id == section.pk]}
        )
    groups = [g for g in groups if g["questions"] or g["section"] is not None]
    missing = []
    if can_submit or can_send_own:
        missing = [q for q in questions if q.required and (q.answer is None or q.answer.is_empty)]
    return render(
        request,
        "visits/questionnaire.html",
        {
            "round": rnd,
            "questionnaire": questionnaire,
            "badge_class": STATUS_BADGE[questionnaire.status],
            "groups": groups,
            "question_count": len(questions),
            "read_answers": read_answers,
            "can_draft": can_draft,
            "can_release": user.has_perm("visits.release_questionnaire", questionnaire),
            "can_assign": can_assign,
            # One <select> per question, written out in the template (150 crispy fields cost
            # a second on a long questionnaire); the choices are AssignForm's.
            "assign_options": AssignForm(team_choices=team_choices).fields["assignee"].choices
            if can_assign
            else [],
            "can_clarify": can_clarify,
            "can_submit": can_submit,
            "can_merge": can_merge,
            "can_send_own": can_send_own,
            "sent_own": sent_own,
            "can_pdf": user.has_perm("visits.download_pdf", questionnaire),
            "can_responses": user.has_perm("visits.view_responses", questionnaire),
            "missing": missing,
            "question_form": question_form
            or (QuestionForm(questionnaire=questionnaire) if can_draft else None),
            "section_form": SectionForm() if can_draft else None,
            "release_form": release_form or ReleaseForm(),
        },
        status=status,
    )


@login_required
def questionnaire_detail(request, code, pk):
    return render_questionnaire(request, get_questionnaire(request.user, code, pk))


@login_required
@require_POST
def section_add(request, code, pk):
    questionnaire = get_questionnaire(request.user, code, pk, "visits.draft_questions")
    form = SectionForm(request.POST)
    if form.is_valid():
        services.add_section(questionnaire, request.user, form.cleaned_data["title"])
        messages.success(request, _("Section added."))
    else:
        messages.warning(request, _("Give the section a title."))
    return _back(questionnaire, "draft")


@login_required
@require_POST
def question_add(request, code, pk):
    questionnaire = get_questionnaire(request.user, code, pk, "visits.draft_questions")
    form = QuestionForm(request.POST, questionnaire=questionnaire)
    if form.is_valid():
        data = form.cleaned_data
        try:
            question = services.draft_question(
                questionnaire, request.user, text=data["text"], type=data["type"],
                help_text=data["help_text"], required=data["required"],
                choices=form.choice_list(), section=data["section"],
            )  # fmt: skip
        except services.QuestionnaireError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Question added."))
            return _back(questionnaire, f"question-{question.pk}")
    return render_questionnaire(request, questionnaire, question_form=form, status=400)


@login_required
@require_POST
def question_move(request, code, pk, question_pk):
    question = get_question(request.user, code, pk, question_pk, "visits.draft_questions")
    direction = "up" if request.POST.get("direction") == "up" else "down"
    services.move_question(question, request.user, direction)
    return _back(question.questionnaire, f"question-{question.pk}")


def _deadline(day):
    if day is None:
        return None
    return timezone.make_aware(datetime.combine(day, time(23, 59)))


@login_required
@require_POST
def release(request, code, pk):
    questionnaire = get_questionnaire(request.user, code, pk, "visits.release_questionnaire")
    form = ReleaseForm(request.POST)
    if not form.is_valid():
        return render_questionnaire(request, questionnaire, release_form=form, status=400)
    try:
        services.release(
            questionnaire, request.user, deadline=_deadline(form.cleaned_data["deadline"])
        )
    except services.QuestionnaireError as exc:
        messages.warning(request, exc.message)
    else:
        messages.success(request, _("Questionnaire released to the country."))
    return _back(questionnaire)


@login_required
@require_POST
def assign(request, code, pk, question_pk):
    question = get_question(request.user, code, pk, question_pk, "visits.assign_questions")
    assignee_id = request.POST.get("assignee") or ""
    assignee = None
    if assignee_id:
        pk = parse_id(assignee_id)
        team = services.team_of(question.questionnaire.round)
        assignee = team.filter(pk=pk).first() if pk is not None else None
        if assignee is None:
            messages.warning(
                request,
                _("Questions are assigned to members of your institution's technical team."),
            )
            return _back(question.questionnaire, f"question-{question.pk}")
    services.assign(question, request.user, assignee)
    messages.success(request, _("Assignment saved."))
    return _back(question.questionnaire, f"question-{question.pk}")


def _checklist(user, questionnaire):
    """The submit/send card after an autosave: the required questions still unanswered."""
    own = questionnaire.per_respondent
    can_submit = user.has_perm("visits.submit_answers", questionnaire)
    can_send_own = own and user.has_perm("visits.send_own_answers", questionnaire)
    if not (can_submit or can_send_own):
        return {}
    respondent = user if own else None
    return {
        "checklist": True,
        "questionnaire": questionnaire,
        "round": questionnaire.round,
        "can_submit": can_submit,
        "can_send_own": can_send_own,
        "missing": services.missing_answers(questionnaire, respondent),
    }


def _answer_conflict(request, question, exc, mine):
    """409 with both answers side by side (R3.2): the person chooses, nothing is lost."""
    latest = exc.latest
    choice = question.type in ("single_choice", "multiple_choice")
    field_id = f"id_q{question.pk}_value" + ("_0" if choice else "")
    if choice:
        theirs = latest.choices
        mine = mine if isinstance(mine, list) else [mine] if mine else []
    else:
        theirs = latest.text
    return autosave.conflict_response(
        request,
        message=exc.message,
        form_id=f"answer-form-{question.pk}",
        version=latest.version,
        version_input=f"id_q{question.pk}_version",
        rows=[autosave.row(field_id, mine=mine, theirs=theirs, choices=choice)],
        saved_by=latest.updated_by.full_name if latest.updated_by else None,
        saved_at=latest.updated_at,
    )


@login_required
@require_POST
def answer(request, code, pk, question_pk):
    """Save one answer: htmx autosave (a status partial back) or the plain "Save" button."""
    question = get_question(request.user, code, pk, question_pk, "visits.answer_question")
    htmx = bool(request.headers.get("HX-Request"))
    form = AnswerForm(request.POST, question=question)
    context = {"question": question}
    if not form.is_valid():
        context["error"] = _("This answer could not be read: reload the page.")
    else:
        value = form.cleaned_data["value"]
        try:
            saved = services.save_answer(
                question, request.user, value, form.cleaned_data["version"]
            )
        except services.Conflict as exc:
            latest = exc.latest
            mine = value if isinstance(value, list) else (value or "")
            context.update(conflict=exc.message, latest=latest,
                           mine=", ".join(mine) if isinstance(mine, list) else mine)  # fmt: skip
            if htmx:
                return _answer_conflict(request, question, exc, mine)
        except services.QuestionnaireError as exc:
            context["error"] = exc.message
        else:
            context.update(saved=saved)
    if htmx:
        if "saved" in context:
            context.update(_checklist(request.user, question.questionnaire))
        return render(request, "visits/_answer_status.html", context)
    if "saved" in context:
        messages.success(request, _("Answer saved."))
    elif "conflict" in context:
        messages.warning(request, f"{context['conflict']} {_('Your text:')} {context['mine']}")
    else:
        messages.warning(request, context["error"])
    return _back(question.questionnaire, f"question-{question.pk}")


@login_required
@require_POST
def clarify(request, code, pk, question_pk):
    question = get_question(request.user, code, pk, question_pk, "visits.clarify")
    form = ClarificationForm(request.POST)
    if form.is_valid():
        services.add_clarification(question, request.user, form.cleaned_data["text"])
        messages.success(request, _("Message added to the question's thread."))
    else:
        messages.warning(request, _("Write a message."))
    return _back(question.questionnaire, f"question-{question.pk}")


@login_required
@require_POST
def submit(request, code, pk):
    questionnaire = get_questionnaire(request.user, code, pk, "visits.submit_answers")
    try:
        services.submit_answers(questionnaire, request.user)
    except services.Incomplete as exc:
        messages.warning(request, exc.message + " " + "; ".join(exc.details))
    else:
        messages.success(
            request, _("Answers submitted. The Secretariat and the panel can read them now.")
        )
    return _back(questionnaire)
