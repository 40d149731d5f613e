"""The public portal, mounted at /portal/ with the namespace "portal" (no login)."""

from django.urls import path

from . import portal_views

app_name = "portal"
urlpatterns = [
    path("", portal_views.home, name="home"),
    path("reports/", portal_views.report_list, name="reports"),
    path("reports/<str:code>/", portal_views.report_detail, name="report"),
    path("results/", portal_views.results, name="results"),
]
