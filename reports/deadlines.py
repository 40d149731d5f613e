"""The country's review deadline (celery beat, R5.2): remind the focal point and the technical
team three days before the review is due, and once more when it is overdue. Nothing expires:
a late answer is still welcome."""

from datetime import timedelta

from celery import shared_task
from django.db import transaction
from django.utils import timezone

from notifications.enums import MessageType
from notifications.services import queue_message
from rounds.enums import RoundState

from .models import Report
from .services import country_contacts

REMINDER_BEFORE = timedelta(days=3)


def process_review_deadlines(now=None):
    """Remind the country of a report under review whose deadline is within three days, and
    once more after it passed. Safe to run every hour: each reminder is counted on the report
    under a lock. Returns the number of reports reminded."""
    now = now or timezone.now()
    due = Report.objects.filter(
        round__status=RoundState.COUNTRY_REVIEW, review_deadline__isnull=False
    )
    reminded = 0
    for pk in due.filter(
        review_deadline__lte=now + REMINDER_BEFORE, review_reminders_sent=0
    ).values_list("pk", flat=True):
        reminded += _remind(pk, now, before=True)
    for pk in due.filter(review_deadline__lte=now, review_reminders_sent=1).values_list(
        "pk", flat=True
    ):
        reminded += _remind(pk, now, before=False)
    return reminded


def _remind(pk, now, *, before):
    with transaction.atomic():
        report = Report.objects.select_related("round").select_for_update(of=("self",)).get(pk=pk)
        rnd = report.round
        if rnd.status != RoundState.COUNTRY_REVIEW:
            return 0
        overdue = report.review_deadline <= now
        # Sent for review with a deadline already past: only the overdue reminder, once.
        report.review_reminders_sent = (
            2 if (before and overdue) else report.review_reminders_sent + 1
        )
        report.save(update_fields=["review_reminders_sent"])
        for person in country_contacts(rnd):
            queue_message(
                MessageType.REPORT_REVIEW_REMINDER,
                recipient=person,
                context={"round": rnd, "report": report, "overdue": overdue},
                link=report.get_absolute_url(),
                round_code=rnd.code,
            )
        return 1


@shared_task(name="reports.process_review_deadlines")
def process_review_deadlines_task():
    return {"reminded": process_review_deadlines()}
