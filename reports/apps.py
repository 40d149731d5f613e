from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("Reports")

    def ready(self):
        # Order matters for the transition effects: drafting (new report, frozen versions), then
        # publication, then the PDF last (its effects queue the PDF of the frozen versions).
        from . import (
            audit,  # noqa: F401 — sentences of the reports app's audit actions
            deadlines,  # noqa: F401 — the review-deadline beat task
            guards,  # noqa: F401 — guards of send_for_review (R5.3)
            guards_pdf,  # noqa: F401 — R5.1 budget, rendering of frozen versions
            guards_publication,  # noqa: F401 — permissions, guards, effects of R5.4
            next_steps,  # noqa: F401 — drafting, review and publication tasks
            rules,  # noqa: F401 — registers the permissions
            services,  # noqa: F401 — transition effects (new report, frozen versions)
            sources,  # noqa: F401 — the visit's notes and agenda feed the report
        )
