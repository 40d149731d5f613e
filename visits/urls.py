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

# --- The agenda and the visit record (visits/agenda_views.py) ---------------------------------
from . import agenda_views  # noqa: E402

A = "rounds/<str:code>/agenda/"
urlpatterns += [
    path(A, agenda_views.agenda, name="agenda"),
    path(A + "visit/", agenda_views.visit_edit, name="agenda_visit"),
    path(A + "items/new/", agenda_views.item_add, name="agenda_item_add"),
    path(A + "items/<int:pk>/", agenda_views.item_edit, name="agenda_item_edit"),
    path(A + "items/<int:pk>/delete/", agenda_views.item_delete, name="agenda_item_delete"),
    path(A + "release/", agenda_views.release, name="agenda_release"),
    path(A + "print/", agenda_views.agenda_print, name="agenda_print"),
    path(A + "agenda.pdf", agenda_views.agenda_pdf, name="agenda_pdf"),
    path(A + "my-agenda.ics", agenda_views.agenda_ics, name="agenda_ics"),
    path(A + "agenda.ics", agenda_views.agenda_ics_all, name="agenda_ics_all"),
    path("rounds/<str:code>/visit-notes/", agenda_views.visit_notes, name="visit_notes"),
    path(
        "rounds/<str:code>/visit-notes/<int:item_pk>/",
        agenda_views.note_save,
        name="visit_note_save",
    ),
]
