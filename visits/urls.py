from django.urls import path

from . import more_views, template_views, views

app_name = "visits"
R = "rounds/<str:code>/questionnaires/"
Q = R + "<int:pk>/"
QQ = Q + "questions/<int:question_pk>/"
T = "questionnaires/templates/"
urlpatterns = [
    path(R, views.questionnaire_list, name="list"),
    path(R + "new/", views.questionnaire_create, name="create"),
    path(R + "from-template/", more_views.from_template, name="from_template"),
    path(R + "evaluation/", more_views.open_evaluation, name="open_evaluation"),
    path(Q, views.questionnaire_detail, name="questionnaire"),
    path(Q + "sections/new/", views.section_add, name="section_add"),
    path(Q + "questions/new/", views.question_add, name="question_add"),
    path(QQ + "move/", views.question_move, name="question_move"),
    path(QQ + "edit/", more_views.question_edit, name="question_edit"),
    path(QQ + "delete/", more_views.question_delete, name="question_delete"),
    path(QQ + "merge/", more_views.question_merge, name="question_merge"),
    path(QQ + "assign/", views.assign, name="assign"),
    path(QQ + "answer/", views.answer, name="answer"),
    path(QQ + "files/", more_views.attach, name="attach"),
    path(QQ + "clarify/", views.clarify, name="clarify"),
    path(Q + "files/<int:file_pk>/", more_views.attachment_download, name="attachment"),
    path(Q + "files/<int:file_pk>/remove/", more_views.attachment_remove, name="attachment_remove"),
    path(Q + "release/", views.release, name="release"),
    path(Q + "submit/", views.submit, name="submit"),
    path(Q + "send/", more_views.send_own, name="send_own"),
    path(Q + "answers.pdf", more_views.answers_pdf, name="pdf"),
    path(Q + "responses/", more_views.responses, name="responses"),
    path(T, template_views.template_list, name="templates"),
    path(T + "new/", template_views.template_create, name="template_create"),
    path(T + "<int:pk>/", template_views.template_detail, name="template"),
    path(
        T + "<int:pk>/sections/new/",
        template_views.template_section_add,
        name="template_section_add",
    ),
    path(
        T + "<int:pk>/questions/new/",
        template_views.template_question_add,
        name="template_question_add",
    ),
    path(
        T + "<int:pk>/questions/<int:question_pk>/",
        template_views.template_question_edit,
        name="template_question_edit",
    ),
    path(
        T + "<int:pk>/questions/<int:question_pk>/delete/",
        template_views.template_question_delete,
        name="template_question_delete",
    ),
    path("questionnaires/evaluations/", template_views.evaluations, name="evaluations"),
]
