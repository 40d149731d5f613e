"""Results of per-respondent questionnaires, above all the end-of-round evaluation: per round
(counts per choice, open answers) and across rounds (averages of the rating questions).
Only answers their respondents sent count: drafts may still change."""

from collections import defaultdict

from django.db.models import Exists, OuterRef

from .enums import QuestionnaireKind, QuestionType
from .models import Answer, Questionnaire, RespondentSubmission


def _sent_answers():
    return Answer.objects.filter(
        respondent__isnull=False,
    ).filter(
        Exists(
            RespondentSubmission.objects.filter(
                questionnaire_id=OuterRef("question__questionnaire_id"),
                respondent_id=OuterRef("respondent_id"),
            )
        )
    )


def _numeric(choices):
    return bool(choices) and all(c.strip().isdigit() for c in choices)


def results(questionnaire):
    """One entry per question: ``counts`` [(choice, n, percent)] and ``average`` for choice
    questions, ``texts`` [(name, text)] for open ones. Three queries whatever the size."""
    questions = list(questionnaire.questions.select_related("section").order_by("position", "pk"))
    answers = defaultdict(list)
    for answer in (
        _sent_answers()
        .filter(question__questionnaire=questionnaire)
        .select_related("respondent")
        .order_by("respondent__full_name", "pk")
    ):
        answers[answer.question_id].append(answer)
    sent = questionnaire.respondent_submissions.count()
    rows = []
    for question in questions:
        row = {"question": question, "answers": len(answers[question.pk])}
        if question.type in QuestionType.with_choices():
            counts = dict.fromkeys(question.choices, 0)
            for answer in answers[question.pk]:
                for choice in answer.choices:
                    counts[choice] = counts.get(choice, 0) + 1
            total = sum(counts.values()) or 1
            row["counts"] = [(c, n, round(100 * n / total)) for c, n in counts.items()]
            if _numeric(question.choices):
                values = [int(a.choices[0]) for a in answers[question.pk] if a.choices]
                row["average"] = round(sum(values) / len(values), 2) if values else None
        else:
            row["texts"] = [
                (a.respondent.full_name, a.text) for a in answers[question.pk] if a.text.strip()
            ]
        rows.append(row)
    return {"sent": sent, "rows": rows}


def overview(year=None):
    """Across rounds: for each evaluation, the average of each rating question (by its text).
    Returns (question texts, [(questionnaire, {text: (average, n)})]). Two queries."""
    evaluations = (
        Questionnaire.objects.filter(kind=QuestionnaireKind.EVALUATION)
        .select_related("round__country")
        .order_by("-created_at", "-pk")
    )
    if year:
        evaluations = evaluations.filter(created_at__year=year)
    evaluations = list(evaluations)
    sums = defaultdict(lambda: [0, 0])
    texts = []
    for question_text, questionnaire_id, choices, question_choices in (
        _sent_answers()
        .filter(
            question__questionnaire__in=[e.pk for e in evaluations],
            question__type=QuestionType.SINGLE_CHOICE,
        )
        .order_by("question__position", "pk")
        .values_list("question__text", "question__questionnaire_id", "choices", "question__choices")
    ):
        if not (_numeric(question_choices) and choices):
            continue
        if question_text not in texts:
            texts.append(question_text)
        cell = sums[(questionnaire_id, question_text)]
        cell[0] += int(choices[0])
        cell[1] += 1
    rows = []
    for evaluation in evaluations:
        cells = []
        for text in texts:
            total, n = sums.get((evaluation.pk, text), (0, 0))
            cells.append((round(total / n, 2) if n else None, n))
        rows.append((evaluation, cells))
    return texts, rows


def available_years():
    return sorted(
        {
            d.year
            for d in Questionnaire.objects.filter(kind=QuestionnaireKind.EVALUATION).values_list(
                "created_at", flat=True
            )
        },
        reverse=True,
    )
