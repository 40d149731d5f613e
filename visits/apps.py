from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VisitsConfig(AppConfig):
    name = "visits"
    verbose_name = _("Visits")

    def ready(self):
        from . import (
            audit,  # noqa: F401 — sentences of the visits app's audit actions
            guards,  # noqa: F401 — registers the schedule_visit guard (R3.2)
            guards_agenda,  # noqa: F401 — the schedule_visit guard of the agenda
            guards_logistics,  # noqa: F401 — registers the schedule_visit guard
            logistics_services,  # noqa: F401 — prepares the checklist on confirm_panel
            next_steps,  # noqa: F401 — questionnaire, agenda, logistics, visibility tasks
        )
