from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PanelsConfig(AppConfig):
    name = "panels"
    verbose_name = _("Panels")

    def ready(self):
        from . import (
            audit,  # noqa: F401 — sentences of the panel's audit actions
            guards,  # noqa: F401 — registers the confirm_panel guard
            next_steps,  # noqa: F401 — the panel's tasks on My work and the round page
        )
