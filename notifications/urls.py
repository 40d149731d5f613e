from django.urls import path

from . import views

app_name = "notifications"
urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("read/", views.mark_all_read, name="mark_all_read"),
    path("read/undo/", views.undo_mark_all_read, name="undo_mark_all_read"),
    path("<int:pk>/", views.message_detail, name="detail"),
    path("<int:pk>/unread/", views.mark_unread, name="mark_unread"),
    path("outbox/", views.outbox, name="outbox"),
    path("outbox/<int:pk>/retry/", views.retry, name="retry"),
]
