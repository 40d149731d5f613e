"""URLs of the report's PDF, DOCX and working-draft preview; included by ``reports/urls.py``
(namespace ``reports``)."""

from django.urls import path

import ripso.converters  # noqa: F401 — registers <id:…> (404 for ids past what a database stores)

from . import pdf_views

R = "rounds/<str:code>/report/"
urlpatterns = [
    path(R + "versions/<id:pk>/pdf/", pdf_views.version_pdf, name="version_pdf"),
    path(R + "versions/<id:pk>/docx/", pdf_views.version_docx, name="version_docx"),
    path(R + "preview/", pdf_views.preview_request, name="preview_request"),
    path(R + "preview/status/", pdf_views.pdf_status, name="pdf_status"),
]
