from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("Reports")

    def ready(self):
        # Last: its effects queue the PDF of the versions the drafting effects froze.
        from . import (
            guards_pdf,  # noqa: F401
            rules,  # noqa: F401 — registers the permissions
        )
