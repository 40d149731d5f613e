from . import pdf_urls

app_name = "reports"
urlpatterns = [*pdf_urls.urlpatterns]
