from django.contrib import admin
from django.urls import include, path

from . import views

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
]
