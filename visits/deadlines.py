"""Questionnaire deadlines (celery beat): remind the respondents before the deadline and once
after it. Nothing expires: a late answer is still welcome."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from notifications.enums import MessageType
from notifications.services import queue_message

from .enums import QuestionnaireStatus
from .models import Questionnaire
from .services import country_contacts, questionnaire_ref

REMINDER_BEFORE = timedelta(days=3)


def process_questionnaire_deadlines(now=None):
    """Remind the country (focal point and technical team) of a released questionnaire whose
    answers are due within three days, and once more when the deadline has passed. Safe to run
    every hour: each reminder is counted on the row under a lock. Returns the questionnaires
    reminded."""
    now = now or timezone.now()
    due = Questionnaire.objects.filter(status=QuestionnaireStatus.RELEASED, deadline__isnull=False)
    reminded = 0
    for pk in due.filter(deadline__lte=now + REMINDER_BEFORE, reminders_sent=0).values_list(
        "pk", flat=True
    ):
        reminded += _remind(pk, now, before=True)
    for pk in due.filter(deadline__lte=now, reminders_sent=1).values_list("pk", flat=True):
        reminded += _remind(pk, now, before=False)
    return reminded


def _remind(pk, now, *, before):
    with transaction.atomic():
        questionnaire = (
            Questionnaire.objects.select_related("round").select_for_update(of=("self",)).get(pk=pk)
        )
        if questionnaire.status != QuestionnaireStatus.RELEASED:
            return 0
        overdue = questionnaire.deadline <= now
        # A questionnaire released with a deadline already past gets the overdue reminder once.
        questionnaire.reminders_sent = (
            2 if (before and overdue) else questionnaire.reminders_sent + 1
        )
        questionnaire.save(update_fields=["reminders_sent"])
        rnd = questionnaire.round
        for person in country_contacts(rnd):
            queue_message(
                MessageType.QUESTIONNAIRE_REMINDER,
                recipient=person,
                context={"round": rnd, "questionnaire": questionnaire, "overdue": overdue},
                link=questionnaire.get_absolute_url(),
                round_code=rnd.code,
                ref=questionnaire_ref(questionnaire),
            )
        return 1
