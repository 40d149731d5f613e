"""More questionnaire pages: attachments (upload, download, removal), editing, merging and
deleting drafted questions, the answers as a PDF, per-respondent answers (who has not
answered), sending one's own answers, questionnaires from templates, the evaluation and its
results. Thin glue over ``visits.services``; access in ``visits.rules``."""

import mimetypes

import rules
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import evaluation, services
from .enums import QuestionnaireKind
from .forms import AttachmentForm, FromTemplateForm, MergeForm, QuestionEditForm, QuestionForm
from .models import Answer, Attachment
from .pdf import render_answers_pdf
from .views import (
    STATUS_BADGE,
    _back,
    get_question,
    get_questionnaire,
    get_questionnaires_round,
)


# --- Attachments ------------------------------------------------------------------------------
@login_required
@require_POST
def attach(request, code, pk, question_pk):
    question = get_question(request.user, code, pk, question_pk, "visits.answer_question")
    form = AttachmentForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.warning(request, _("Choose a file to attach."))
        return _back(question.questionnaire, f"question-{question.pk}")
    try:
        attachment = services.attach_file(question, request.user, form.cleaned_data["file"])
    except services.QuestionnaireError as exc:
        messages.warning(request, exc.message)
    else:
        messages.success(request, _("“%(name)s” attached.") % {"name": attachment.original_name})
    return _back(question.questionnaire, f"question-{question.pk}")


def _attachment(user, code, pk, file_pk):
    """An attachment of the questionnaire the person may read: the country's files (F, T)
    before submission, S/C/E after; a respondent's own files, and the secretariat's view of
    every respondent."""
    questionnaire = get_questionnaire(user, code, pk)
    attachment = get_object_or_404(
        Attachment.objects.select_related("answer__question"),
        pk=file_pk,
        answer__question__questionnaire=questionnaire,
    )
    respondent = attachment.answer.respondent_id
    own = respondent is not None and respondent == user.pk
    if not (own or user.has_perm("visits.read_answers", questionnaire)):
        raise PermissionDenied
    if (
        questionnaire.per_respondent
        and not own
        and not user.has_perm("visits.view_responses", questionnaire)
    ):
        raise PermissionDenied
    attachment.answer.question.questionnaire = questionnaire
    return attachment


@login_required
def attachment_download(request, code, pk, file_pk):
    attachment = _attachment(request.user, code, pk, file_pk)
    content_type = attachment.content_type or mimetypes.guess_type(attachment.original_name)[0]
    response = FileResponse(
        attachment.file.open("rb"),
        as_attachment=True,
        filename=attachment.original_name,
        content_type=content_type or "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_POST
def attachment_remove(request, code, pk, file_pk):
    attachment = _attachment(request.user, code, pk, file_pk)
    question = attachment.answer.question
    if not request.user.has_perm("visits.answer_question", question):
        raise PermissionDenied
    try:
        services.remove_attachment(attachment, request.user)
    except services.QuestionnaireError as exc:
        messages.warning(request, exc.message)
    else:
        messages.success(request, _("File removed."))
    return _back(question.questionnaire, f"question-{question.pk}")


# --- Drafted questions: edit, merge, delete ----------------------------------------------------
@login_required
def question_edit(request, code, pk, question_pk):
    question = get_question(request.user, code, pk, question_pk, "visits.edit_question")
    questionnaire = question.questionnaire
    status = 200
    if request.method == "POST":
        form = QuestionEditForm(request.POST, questionnaire=questionnaire)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.update_question(
                    question, request.user, text=data["text"], type=data["type"],
                    help_text=data["help_text"], required=data["required"],
                    choices=form.choice_list(), section=data["section"],
                    expected_version=data["version"],
                )  # fmt: skip
            except services.QuestionnaireError as exc:
                form.add_error(None, exc.message)
                question.refresh_from_db()
            else:
                messages.success(request, _("Question saved."))
                return _back(questionnaire, f"question-{question.pk}")
        status = 400
    else:
        form = QuestionEditForm(
            initial=QuestionForm.initial_for(question), questionnaire=questionnaire
        )
    return render(
        request,
        "visits/question_edit.html",
        {"round": questionnaire.round, "questionnaire": questionnaire, "question": question,
         "form": form},
        status=status,
    )  # fmt: skip


@login_required
@require_POST
def question_delete(request, code, pk, question_pk):
    question = get_question(request.user, code, pk, question_pk, "visits.edit_question")
    services.delete_question(question, request.user)
    messages.success(request, _("Question deleted."))
    return _back(question.questionnaire, "draft")


@login_required
def question_merge(request, code, pk, question_pk):
    question = get_question(request.user, code, pk, question_pk, "visits.draft_questions")
    questionnaire = question.questionnaire
    if not request.user.has_perm("visits.merge_questions", questionnaire):
        raise PermissionDenied
    form = MergeForm(request.POST or None, question=question)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.merge_questions(
                    question, form.cleaned_data["other"], request.user,
                    text=form.cleaned_data["text"],
                )  # fmt: skip
            except services.QuestionnaireError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(request, _("Questions merged; both authors are noted."))
                return _back(questionnaire, f"question-{question.pk}")
        status = 400
    return render(
        request,
        "visits/question_merge.html",
        {"round": questionnaire.round, "questionnaire": questionnaire, "question": question,
         "form": form},
        status=status,
    )  # fmt: skip


# --- Answers: the PDF, per respondent, sending one's own ---------------------------------------
@login_required
def answers_pdf(request, code, pk):
    questionnaire = get_questionnaire(request.user, code, pk, "visits.download_pdf")
    pdf = render_answers_pdf(questionnaire)
    response = HttpResponse(pdf, content_type="application/pdf")
    filename = f"{questionnaire.round.code}-{questionnaire.kind}-{questionnaire.pk}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
def responses(request, code, pk):
    """The secretariat's view of a per-respondent questionnaire: who sent their answers, who
    has not, and each respondent's answers."""
    questionnaire = get_questionnaire(request.user, code, pk, "visits.view_responses")
    people = list(services.respondents_of(questionnaire))
    sent = dict(questionnaire.respondent_submissions.values_list("respondent_id", "submitted_at"))
    questions = list(questionnaire.questions.order_by("position", "pk"))
    answers = {}
    for answer in (
        Answer.objects.filter(question__questionnaire=questionnaire, respondent__isnull=False)
        .prefetch_related("attachments")
        .order_by("pk")
    ):
        answers[(answer.respondent_id, answer.question_id)] = answer
    started = {respondent for respondent, _q in answers}
    rows = []
    for person in people:
        rows.append(
            {
                "person": person,
                "sent_at": sent.get(person.pk),
                "started": person.pk in started,
                "answers": [(q, answers.get((person.pk, q.pk))) for q in questions],
            }
        )
    waiting = [r for r in rows if r["sent_at"] is None]
    context = {
        "round": questionnaire.round,
        "questionnaire": questionnaire,
        "badge_class": STATUS_BADGE[questionnaire.status],
        "rows": rows,
        "waiting": waiting,
        "sent_count": len(rows) - len(waiting),
    }
    if questionnaire.kind == QuestionnaireKind.EVALUATION:
        context["results"] = evaluation.results(questionnaire)
    return render(request, "visits/responses.html", context)


@login_required
@require_POST
def send_own(request, code, pk):
    questionnaire = get_questionnaire(request.user, code, pk, "visits.send_own_answers")
    try:
        services.send_own_answers(questionnaire, request.user)
    except services.Incomplete as exc:
        messages.warning(request, exc.message + " " + "; ".join(exc.details))
    else:
        messages.success(request, _("Your answers were sent. Thank you."))
    return _back(questionnaire)


# --- Questionnaires from templates --------------------------------------------------------------
@login_required
@require_POST
def from_template(request, code):
    """R3.3: on a MECIGEP round the secretariat copies a self-assessment template."""
    user = request.user
    rnd = get_questionnaires_round(user, code)
    if not user.has_perm("visits.create_questionnaire", rnd):
        raise PermissionDenied
    form = FromTemplateForm(request.POST)
    if not form.is_valid():
        messages.warning(request, _("Choose a template."))
        return redirect("visits:list", code=rnd.code)
    try:
        questionnaire = services.copy_template(rnd, user, form.cleaned_data["template"])
    except services.QuestionnaireError as exc:
        messages.warning(request, exc.message)
        return redirect("visits:list", code=rnd.code)
    messages.success(
        request, _("Self-assessment copied from the template. Adapt it if needed, then release it.")
    )
    return redirect(questionnaire.get_absolute_url())


@login_required
@require_POST
def open_evaluation(request, code):
    user = request.user
    rnd = get_questionnaires_round(user, code)
    if not rules.has_perm("visits.view_evaluations", user):
        raise PermissionDenied
    try:
        questionnaire = services.open_evaluation(rnd, user)
    except services.QuestionnaireError as exc:
        messages.warning(request, exc.message)
        return redirect("visits:list", code=rnd.code)
    messages.success(request, _("Evaluation survey opened: every participant was asked to answer."))
    return redirect("visits:responses", code=rnd.code, pk=questionnaire.pk)
