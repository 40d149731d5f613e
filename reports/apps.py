from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("Reports")

    def ready(self):
        from . import (
            deadlines,  # noqa: F401 — the review-deadline beat task
            guards,  # noqa: F401 — guards of send_for_review (R5.3)
            rules,  # noqa: F401 — registers the permissions
            services,  # noqa: F401 — transition effects (new report, frozen versions)
        )
