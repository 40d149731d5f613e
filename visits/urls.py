from django.urls import path

import ripso.converters  # noqa: F401 — registers <id:…> (404 for ids past what a database stores)

from . import more_views, template_views, views

app_name = "visits"
R = "rounds/<str:code>/questionnaires/"
Q = R + "<id:pk>/"
QQ = Q + "questions/<id:question_pk>/"
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
    path(Q + "files/<id:file_pk>/", more_views.attachment_download, name="attachment"),
    path(Q + "files/<id:file_pk>/remove/", more_views.attachment_remove, name="attachment_remove"),
    path(Q + "release/", views.release, name="release"),
    path(Q + "submit/", views.submit, name="submit"),
    path(Q + "send/", more_views.send_own, name="send_own"),
    path(Q + "answers.pdf", more_views.answers_pdf, name="pdf"),
    path(Q + "responses/", more_views.responses, name="responses"),
    path(T, template_views.template_list, name="templates"),
    path(T + "new/", template_views.template_create, name="template_create"),
    path(T + "<id:pk>/", template_views.template_detail, name="template"),
    path(
        T + "<id:pk>/sections/new/",
        template_views.template_section_add,
        name="template_section_add",
    ),
    path(
        T + "<id:pk>/questions/new/",
        template_views.template_question_add,
        name="template_question_add",
    ),
    path(
        T + "<id:pk>/questions/<id:question_pk>/",
        template_views.template_question_edit,
        name="template_question_edit",
    ),
    path(
        T + "<id:pk>/questions/<id:question_pk>/delete/",
        template_views.template_question_delete,
        name="template_question_delete",
    ),
    path("questionnaires/evaluations/", template_views.evaluations, name="evaluations"),
]

# --- Logistics of the visit (R3.5) and its visibility (R4.4): visits/logistics_views.py --------
from . import logistics_table, logistics_views  # noqa: E402

L = "rounds/<str:code>/logistics/"
urlpatterns += [
    path(L, logistics_views.logistics, name="logistics"),
    path(L + "items/<id:pk>/", logistics_views.arrangement_update, name="logistics_item"),
    path(L + "items/<id:pk>/files/", logistics_views.attachment_add, name="logistics_attach"),
    path(
        L + "items/<id:pk>/files/<id:attachment_pk>/",
        logistics_views.attachment_download,
        name="logistics_file",
    ),
    path(
        L + "items/<id:pk>/files/<id:attachment_pk>/remove/",
        logistics_views.attachment_remove,
        name="logistics_file_remove",
    ),
    path(L + "items/new/", logistics_views.add_other, name="logistics_add"),
    path(L + "table/", logistics_table.logistics_table, name="logistics_table"),
    path(L + "table/save/", logistics_table.save_table, name="logistics_table_save"),
    path(L + "table/bulk/", logistics_table.bulk_update, name="logistics_bulk"),
    path(L + "visibility/", logistics_views.visibility, name="logistics_visibility"),
    path(L + "dates/", logistics_views.planned_start, name="logistics_dates"),
]

# --- The agenda and the visit record (visits/agenda_views.py) ---------------------------------
from . import agenda_views  # noqa: E402

A = "rounds/<str:code>/agenda/"
urlpatterns += [
    path(A, agenda_views.agenda, name="agenda"),
    path(A + "visit/", agenda_views.visit_edit, name="agenda_visit"),
    path(A + "items/new/", agenda_views.item_add, name="agenda_item_add"),
    path(A + "items/<id:pk>/", agenda_views.item_edit, name="agenda_item_edit"),
    path(A + "items/<id:pk>/delete/", agenda_views.item_delete, name="agenda_item_delete"),
    path(A + "release/", agenda_views.release, name="agenda_release"),
    path(A + "print/", agenda_views.agenda_print, name="agenda_print"),
    path(A + "agenda.pdf", agenda_views.agenda_pdf, name="agenda_pdf"),
    path(A + "my-agenda.ics", agenda_views.agenda_ics, name="agenda_ics"),
    path(A + "agenda.ics", agenda_views.agenda_ics_all, name="agenda_ics_all"),
    path("rounds/<str:code>/visit-notes/", agenda_views.visit_notes, name="visit_notes"),
    path(
        "rounds/<str:code>/visit-notes/<id:item_pk>/",
        agenda_views.note_save,
        name="visit_note_save",
    ),
]
