from django.contrib import admin
from django.urls import include, path
from django.views.i18n import JavaScriptCatalog

from . import (
    converters,  # noqa: F401 — registers <id:…> before the apps' URLs are read
    views,
)

urlpatterns = [
    path("", include("rounds.urls")),
    path("", include("panels.urls")),
    path("", include("visits.urls")),
    path("", include("reports.urls")),
    path("portal/", include("reports.portal_urls")),
    path("accounts/", include("accounts.urls")),
    path("messages/", include("notifications.urls")),
    path("admin/", admin.site.urls),
    path("favicon.ico", views.favicon, name="favicon"),
    # Translations for our scripts and the report editor's toolbar (locale/*/djangojs.po).
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
]
