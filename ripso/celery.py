"""The Celery application. Tasks are thin and take ids (see docs/architecture.md)."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ripso.settings")

app = Celery("ripso")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
