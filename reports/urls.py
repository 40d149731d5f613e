"""The reports app's URLs (namespace "reports"): drafting and review, PDF/DOCX, publication.
The public portal has its own namespace ("portal", reports/portal_urls.py)."""

from django.urls import path

import ripso.converters  # noqa: F401 — registers <id:…> (404 for ids past what a database stores)

from . import pdf_urls, views
from .publication_urls import urlpatterns as publication_urlpatterns

app_name = "reports"
R = "rounds/<str:code>/report/"

# --- Drafting and review (reports/views.py) -----------------------------------------------------
urlpatterns = [
    path(R, views.report, name="report"),
    path(R + "draft/", views.drafting, name="drafting"),
    path(R + "start/", views.start, name="start"),
    path(R + "sections/<str:kind>/", views.section_save, name="section_save"),
    path(R + "sections/<str:kind>/assign/", views.assign, name="assign"),
    path(R + "contributions/<id:pk>/", views.contribution_save, name="contribution_save"),
    path(R + "contributions/<id:pk>/adopt/", views.contribution_adopt, name="contribution_adopt"),
    path(
        R + "contributions/<id:pk>/remove/", views.contribution_remove, name="contribution_remove"
    ),
    path(R + "recommendations/new/", views.recommendation_add, name="recommendation_add"),
    path(R + "recommendations/<id:pk>/", views.recommendation_edit, name="recommendation_edit"),
    path(
        R + "recommendations/<id:pk>/move/", views.recommendation_move, name="recommendation_move"
    ),
    path(
        R + "recommendations/<id:pk>/delete/",
        views.recommendation_delete,
        name="recommendation_delete",
    ),
    path(R + "deadline/", views.review_deadline, name="review_deadline"),
    path(R + "note-authors/", views.note_credit, name="note_credit"),
    path(R + "versions/", views.versions, name="versions"),
    path(R + "versions/compare/", views.compare, name="compare"),
    path(R + "versions/<id:number>/", views.version, name="version"),
    path(R + "versions/<id:number>/comments/", views.comment_add, name="comment_add"),
    path(R + "comments/<id:pk>/resolve/", views.comment_resolve, name="comment_resolve"),
]

# --- PDF and DOCX of versions (reports/pdf_views.py) and publication (R5.4, follow-up) --------
urlpatterns += [*pdf_urls.urlpatterns, *publication_urlpatterns]
