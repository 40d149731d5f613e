"""The reports app's URLs (namespace "reports"). On this branch only publication and the
placeholder of the published PDF; the lead merges the drafting/review and PDF URLs in here."""

from django.urls import path

from . import portal_views
from .publication_urls import urlpatterns as publication_urlpatterns

app_name = "reports"
urlpatterns = [
    *publication_urlpatterns,
    # PLACEHOLDER (branch rpub only): the PDF helper owns reports:version_pdf; drop this line when
    # merging their URLs.
    path(
        "rounds/<str:code>/report/versions/<int:number>/pdf/",
        portal_views.version_pdf_placeholder,
        name="version_pdf",
    ),
]
