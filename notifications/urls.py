from django.urls import path

import ripso.converters  # noqa: F401 — registers <id:…> (404 for ids past what a database stores)

from . import views

app_name = "notifications"
urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("read/", views.mark_all_read, name="mark_all_read"),
    path("read/undo/", views.undo_mark_all_read, name="undo_mark_all_read"),
    path("<id:pk>/", views.message_detail, name="detail"),
    path("<id:pk>/unread/", views.mark_unread, name="mark_unread"),
    path("outbox/", views.outbox, name="outbox"),
    path("outbox/<id:pk>/retry/", views.retry, name="retry"),
]
