"""The secretariat's questionnaire templates (R3.3 self-assessments per theme, the standard
evaluation survey): every write. Copying a template into a round is
``visits.services.copy_template``."""

import rules
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from .enums import QuestionType
from .models import QuestionnaireTemplate, TemplateQuestion, TemplateSection
from .services import NotAllowed, QuestionnaireError, _clean_question

TEMPLATE_FIELDS = ("title", "kind", "audience", "topic", "description", "is_active")


def _check(user):
    if not rules.has_perm("visits.manage_templates", user):
        raise NotAllowed(_("Questionnaire templates are maintained by the Technical Secretariat."))


def save_template(user, template=None, **fields):
    """Create a template (``template=None``) or change its title, kind, theme, audience..."""
    _check(user)
    title = (fields.get("title") or "").strip()
    if not title:
        raise QuestionnaireError(_("Give the template a title."))
    template = template or QuestionnaireTemplate()
    for name in TEMPLATE_FIELDS:
        if name in fields:
            setattr(template, name, fields[name])
    template.title = title
    template.updated_at = timezone.now()
    template.save()
    return template


def _touch(template):
    QuestionnaireTemplate.objects.filter(pk=template.pk).update(updated_at=timezone.now())


def add_section(template, user, title):
    _check(user)
    title = (title or "").strip()
    if not title:
        raise QuestionnaireError(_("Give the section a title."))
    with transaction.atomic():
        last = template.sections.aggregate(m=Max("position"))["m"] or 0
        _touch(template)
        return TemplateSection.objects.create(template=template, title=title, position=last + 1)


def save_question(template, user, question=None, *, text, type=QuestionType.LONG_TEXT,
                  help_text="", required=True, choices=(), section=None):  # fmt: skip
    _check(user)
    text, choices = _clean_question(type, text, choices)
    if section is not None and section.template_id != template.pk:
        raise QuestionnaireError(_("That section belongs to another template."))
    with transaction.atomic():
        if question is None:
            last = template.questions.aggregate(m=Max("position"))["m"] or 0
            question = TemplateQuestion(template=template, position=last + 1)
        question.text, question.type, question.choices = text, type, choices
        question.help_text = (help_text or "").strip()
        question.required, question.section = required, section
        question.save()
        _touch(template)
    return question


def delete_question(question, user):
    _check(user)
    TemplateQuestion.objects.filter(pk=question.pk).delete()
    _touch(question.template)
