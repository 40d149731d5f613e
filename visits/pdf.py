"""The country's answers to a questionnaire as an A4 PDF (WeasyPrint), for the experts and the
secretariat once submitted. Same pattern as panels/letters.py: only our static files are read."""

from django.db.models import Prefetch
from django.template.loader import render_to_string
from django.utils import timezone

from panels.letters import _local_fetcher, _static_dir

from .models import Answer, Attachment, Clarification, Question


def answers_context(questionnaire):
    questions = list(
        Question.objects.filter(questionnaire=questionnaire)
        .select_related("section")
        .prefetch_related(
            Prefetch(
                "answers",
                queryset=Answer.objects.filter(respondent__isnull=True)
                .select_related("updated_by")
                .prefetch_related(
                    Prefetch("attachments", queryset=Attachment.objects.order_by("created_at"))
                ),
                to_attr="shared_answers",
            ),
            Prefetch("clarifications", queryset=Clarification.objects.select_related("author")),
        )
        .order_by("section__position", "section_id", "position", "pk")
    )
    groups = []
    for question in questions:
        question.answer = question.shared_answers[0] if question.shared_answers else None
        if not groups or groups[-1]["section"] != question.section:
            groups.append({"section": question.section, "questions": []})
        groups[-1]["questions"].append(question)
    # Questions without a section come first, as on the page; numbered across sections.
    groups.sort(key=lambda g: g["section"] is not None)
    number = 0
    for group in groups:
        for question in group["questions"]:
            number += 1
            question.number = number
    return {
        "questionnaire": questionnaire,
        "round": questionnaire.round,
        "groups": groups,
        "question_count": len(questions),
        "generated": timezone.localtime(),
    }


def render_answers_pdf(questionnaire):
    """The PDF bytes, in the language of the request."""
    from weasyprint import HTML  # heavy import: only when a PDF is asked for

    html = render_to_string("visits/pdf/answers.html", answers_context(questionnaire))
    return HTML(string=html, base_url=_static_dir(), url_fetcher=_local_fetcher()).write_pdf()
