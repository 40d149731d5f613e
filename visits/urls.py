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
