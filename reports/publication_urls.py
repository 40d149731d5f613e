"""Publication (R5.4) and follow-up (R5.5) URLs: included by reports/urls.py (namespace
"reports")."""

from django.urls import path

import ripso.converters  # noqa: F401 — registers <id:…> (404 for ids past what a database stores)

from . import publication_views as views

urlpatterns = [
    path("rounds/<str:code>/publication/", views.publication_page, name="publication"),
    path(
        "rounds/<str:code>/publication/choose/",
        views.publication_choose,
        name="publication_choose",
    ),
    path(
        "rounds/<str:code>/publication/authorization/",
        views.authorization_upload,
        name="authorization_upload",
    ),
    path(
        "rounds/<str:code>/publication/authorization/<id:pk>/",
        views.authorization_download,
        name="authorization_download",
    ),
    path(
        "rounds/<str:code>/publication/summary/",
        views.publication_summary,
        name="publication_summary",
    ),
    path("rounds/<str:code>/follow-up/", views.follow_up, name="follow_up"),
    path(
        "rounds/<str:code>/follow-up/<id:pk>/",
        views.follow_up_save,
        name="follow_up_save",
    ),
    path("follow-up/", views.follow_up_overview, name="follow_up_overview"),
]
