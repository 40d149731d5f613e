from celery import shared_task

from . import services


@shared_task(name="notifications.send_message", acks_late=True)
def send_message(message_id):
    return services.deliver(message_id)


@shared_task(name="notifications.resend_pending")
def resend_pending():
    return services.resend_pending()
