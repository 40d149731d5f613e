from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VisitsConfig(AppConfig):
    name = "visits"
    verbose_name = _("Visits")

    def ready(self):
        from django_fsm.signals import post_transition

        from . import guards_logistics  # noqa: F401 — registers the schedule_visit guard
        from .logistics_services import on_round_transition

        post_transition.connect(on_round_transition, dispatch_uid="visits.logistics.checklist")
