from django.urls import path

from . import views

app_name = "visits"
Q = "rounds/<str:code>/questionnaires/<int:pk>/"
urlpatterns = [
    path("rounds/<str:code>/questionnaires/", views.questionnaire_list, name="list"),
    path("rounds/<str:code>/questionnaires/new/", views.questionnaire_create, name="create"),
    path(Q, views.questionnaire_detail, name="questionnaire"),
    path(Q + "sections/new/", views.section_add, name="section_add"),
    path(Q + "questions/new/", views.question_add, name="question_add"),
    path(Q + "questions/<int:question_pk>/move/", views.question_move, name="question_move"),
    path(Q + "questions/<int:question_pk>/assign/", views.assign, name="assign"),
    path(Q + "questions/<int:question_pk>/answer/", views.answer, name="answer"),
    path(Q + "questions/<int:question_pk>/clarify/", views.clarify, name="clarify"),
    path(Q + "release/", views.release, name="release"),
    path(Q + "submit/", views.submit, name="submit"),
]

# --- Logistics of the visit (R3.5) and its visibility (R4.4): visits/logistics_views.py --------
from . import logistics_views  # noqa: E402

L = "rounds/<str:code>/logistics/"
urlpatterns += [
    path(L, logistics_views.logistics, name="logistics"),
    path(L + "items/<int:pk>/", logistics_views.arrangement_update, name="logistics_item"),
    path(L + "items/<int:pk>/files/", logistics_views.attachment_add, name="logistics_attach"),
    path(
        L + "items/<int:pk>/files/<int:attachment_pk>/",
        logistics_views.attachment_download,
        name="logistics_file",
    ),
    path(
        L + "items/<int:pk>/files/<int:attachment_pk>/remove/",
        logistics_views.attachment_remove,
        name="logistics_file_remove",
    ),
    path(L + "items/new/", logistics_views.add_other, name="logistics_add"),
    path(L + "visibility/", logistics_views.visibility, name="logistics_visibility"),
    path(L + "dates/", logistics_views.planned_start, name="logistics_dates"),
]
