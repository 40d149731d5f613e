"""The reports app's URLs (namespace "reports"): drafting and review, PDF/DOCX, publication.
The public portal has its own namespace ("portal", reports/portal_urls.py)."""

from . import pdf_urls
from .publication_urls import urlpatterns as publication_urlpatterns

app_name = "reports"
urlpatterns = [*pdf_urls.urlpatterns, *publication_urlpatterns]
