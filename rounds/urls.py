from django.urls import path

from . import views

app_name = "rounds"
urlpatterns = [
    path("", views.home, name="home"),
    path("rounds/", views.round_list, name="list"),
    path("rounds/new/", views.request_create, name="request_create"),
    path("rounds/<str:code>/", views.round_detail, name="detail"),
    path("rounds/<str:code>/request/", views.request_edit, name="request_edit"),
    path("rounds/<str:code>/actions/<str:name>/", views.transition, name="transition"),
]
