from django.urls import path

import ripso.converters  # noqa: F401 — registers <id:…> (404 for ids past what a database stores)

from . import history_views, request_views, topic_views, views

app_name = "rounds"
urlpatterns = [
    path("", views.home, name="home"),
    path("rounds/", views.round_list, name="list"),
    path("rounds/new/", request_views.request_create, name="request_create"),
    path("requests/", request_views.request_queue, name="request_queue"),
    path("topics/", topic_views.topic_list, name="topics"),
    path("topics/new/", topic_views.topic_edit, name="topic_create"),
    path("topics/<id:pk>/", topic_views.topic_edit, name="topic_edit"),
    path("rounds/<str:code>/", views.round_detail, name="detail"),
    path("rounds/<str:code>/history/", history_views.round_history, name="history"),
    path("rounds/<str:code>/request/", request_views.request_edit, name="request_edit"),
    path("rounds/<str:code>/submitted/", request_views.request_submitted, name="request_submitted"),
    path("rounds/<str:code>/changes/", request_views.request_changes_view, name="request_changes"),
    path(
        "rounds/<str:code>/documents/<id:pk>/",
        request_views.document_download,
        name="document_download",
    ),
    path(
        "rounds/<str:code>/documents/<id:pk>/remove/",
        request_views.document_remove,
        name="document_remove",
    ),
    path("rounds/<str:code>/actions/<str:name>/", views.transition, name="transition"),
]
