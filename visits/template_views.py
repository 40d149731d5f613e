"""The secretariat's questionnaire templates (R3.3: per theme) and the evaluation results across
rounds. Not on a round: anyone but the secretariat gets 404 (nothing to know here)."""

from urllib.parse import urlencode

import rules
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import evaluation
from . import template_services as ts
from .forms import EvaluationFilterForm, SectionForm, TemplateForm, TemplateQuestionForm
from .models import QuestionnaireTemplate, TemplateQuestion

PER_PAGE = 25


def _staff(user, perm="visits.manage_templates"):
    if not rules.has_perm(perm, user):
        raise Http404


@login_required
def template_list(request):
    _staff(request.user)
    templates = QuestionnaireTemplate.objects.select_related("topic").annotate(
        n_questions=Count("questions", distinct=True), n_copies=Count("copies", distinct=True)
    )
    q = (request.GET.get("q") or "").strip()
    if q:
        templates = templates.filter(Q(title__icontains=q) | Q(description__icontains=q))
    kind = request.GET.get("kind") or ""
    if kind:
        templates = templates.filter(kind=kind)
    page = Paginator(templates.order_by("kind", "title", "pk"), PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "visits/templates/list.html",
        {
            "page": page,
            "q": q,
            "kind": kind,
            "kinds": TemplateForm.base_fields["kind"].choices,
            "query": urlencode({k: v for k, v in (("q", q), ("kind", kind)) if v}),
        },
    )


@login_required
def template_create(request):
    _staff(request.user)
    form = TemplateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        template = ts.save_template(request.user, **form.cleaned_data)
        messages.success(request, _("Template created. Add its sections and questions."))
        return redirect(template.get_absolute_url())
    return render(
        request,
        "visits/templates/form.html",
        {"form": form, "template": None},
        status=400 if form.is_bound else 200,
    )


def _detail(request, template, *, form=None, question_form=None, status=200):
    questions = list(template.questions.select_related("section").order_by("position", "pk"))
    sections = list(template.sections.all())
    groups = [{"section": None, "questions": [q for q in questions if q.section_id is None]}]
    groups += [
        {"section": s, "questions": [q for q in questions if q.section_id == s.pk]}
        for s in sections
    ]
    return render(
        request,
        "visits/templates/detail.html",
        {
            "template": template,
            "groups": [g for g in groups if g["questions"] or g["section"]],
            "question_count": len(questions),
            "form": form or TemplateForm(instance=template),
            "question_form": question_form or TemplateQuestionForm(template=template),
            "section_form": SectionForm(),
        },
        status=status,
    )


@login_required
def template_detail(request, pk):
    """The template: its sections and questions, and its settings (title, theme, kind...)."""
    _staff(request.user)
    template = get_object_or_404(QuestionnaireTemplate.objects.select_related("topic"), pk=pk)
    if request.method == "POST":
        form = TemplateForm(request.POST, instance=template)
        if form.is_valid():
            ts.save_template(request.user, template, **form.cleaned_data)
            messages.success(request, _("Template saved."))
            return redirect(template.get_absolute_url())
        return _detail(request, template, form=form, status=400)
    return _detail(request, template)


@login_required
@require_POST
def template_section_add(request, pk):
    _staff(request.user)
    template = get_object_or_404(QuestionnaireTemplate, pk=pk)
    form = SectionForm(request.POST)
    if form.is_valid():
        ts.add_section(template, request.user, form.cleaned_data["title"])
        messages.success(request, _("Section added."))
    else:
        messages.warning(request, _("Give the section a title."))
    return redirect(template.get_absolute_url() + "#questions")


@login_required
@require_POST
def template_question_add(request, pk):
    _staff(request.user)
    template = get_object_or_404(QuestionnaireTemplate, pk=pk)
    form = TemplateQuestionForm(request.POST, template=template)
    if form.is_valid():
        data = form.cleaned_data
        try:
            ts.save_question(
                template, request.user, text=data["text"], type=data["type"],
                help_text=data["help_text"], required=data["required"],
                choices=form.choice_list(), section=data["section"],
            )  # fmt: skip
        except ts.QuestionnaireError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Question added."))
            return redirect(template.get_absolute_url() + "#questions")
    return _detail(request, template, question_form=form, status=400)


@login_required
def template_question_edit(request, pk, question_pk):
    _staff(request.user)
    question = get_object_or_404(
        TemplateQuestion.objects.select_related("template"), pk=question_pk, template_id=pk
    )
    template = question.template
    form = TemplateQuestionForm(
        request.POST or None,
        template=template,
        initial=TemplateQuestionForm.initial_for(question),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            ts.save_question(
                template, request.user, question, text=data["text"], type=data["type"],
                help_text=data["help_text"], required=data["required"],
                choices=form.choice_list(), section=data["section"],
            )  # fmt: skip
        except ts.QuestionnaireError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Question saved."))
            return redirect(template.get_absolute_url() + "#questions")
    return render(
        request,
        "visits/templates/question_edit.html",
        {"template": template, "question": question, "form": form},
        status=400 if form.is_bound else 200,
    )


@login_required
@require_POST
def template_question_delete(request, pk, question_pk):
    _staff(request.user)
    question = get_object_or_404(
        TemplateQuestion.objects.select_related("template"), pk=question_pk, template_id=pk
    )
    ts.delete_question(question, request.user)
    messages.success(request, _("Question deleted."))
    return redirect(question.template.get_absolute_url() + "#questions")


@login_required
def evaluations(request):
    """End-of-round evaluations across rounds: the average of each rating question per round."""
    _staff(request.user, "visits.view_evaluations")
    form = EvaluationFilterForm(request.GET or None, years=evaluation.available_years())
    year = form.cleaned_data["year"] if form.is_valid() else None
    texts, rows = evaluation.overview(year)
    page = Paginator(rows, PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "visits/evaluations.html",
        {
            "form": form,
            "texts": texts,
            "page": page,
            "year": year,
            "query": urlencode({"year": year}) if year else "",
        },
    )
