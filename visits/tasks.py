from celery import shared_task

from . import deadlines


@shared_task(name="visits.process_questionnaire_deadlines")
def process_questionnaire_deadlines():
    return {"reminded": deadlines.process_questionnaire_deadlines()}


@shared_task(name="visits.remind_open_logistics")
def remind_open_logistics():
    from .logistics_services import remind_open_items

    return {"queued": remind_open_items()}
