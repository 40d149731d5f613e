from celery import shared_task

from . import deadlines


@shared_task(name="visits.process_questionnaire_deadlines")
def process_questionnaire_deadlines():
    return {"reminded": deadlines.process_questionnaire_deadlines()}
