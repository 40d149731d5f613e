from celery import shared_task

from . import deadlines


@shared_task(name="panels.process_invitation_deadlines")
def process_invitation_deadlines():
    reminded, expired = deadlines.process_invitation_deadlines()
    return {"reminded": reminded, "expired": expired}
