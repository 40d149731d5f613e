from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("Reports")

    def ready(self):
        # Order matters for the transition effects: publication, then the PDF last (its effects
        # queue the PDF of the versions the drafting effects froze).
        from . import (
            guards_pdf,  # noqa: F401 — R5.1 budget, rendering of frozen versions
            guards_publication,  # noqa: F401 — permissions, guards, effects of R5.4
            rules,  # noqa: F401 — registers the permissions
        )
