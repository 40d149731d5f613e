from django.urls import path

from . import views

app_name = "panels"
urlpatterns = [
    path("rounds/<str:code>/panel/", views.panel, name="panel"),
    path("rounds/<str:code>/panel/propose/", views.propose, name="propose"),
    path("rounds/<str:code>/panel/states/", views.select_states, name="select_states"),
    path("rounds/<str:code>/panel/seats/<int:pk>/opinion/", views.opinion, name="opinion"),
    path("rounds/<str:code>/panel/seats/<int:pk>/invite/", views.invite, name="invite"),
    path("rounds/<str:code>/panel/seats/<int:pk>/withdraw/", views.withdraw, name="withdraw"),
    path("rounds/<str:code>/panel/seats/<int:pk>/letter.pdf", views.letter, name="letter"),
    path("panel/invitations/", views.my_invitations, name="my_invitations"),
    path("panel/invitations/<int:pk>/", views.answer, name="answer"),
    path("panel/invitation/<str:token>/", views.invitation, name="invitation"),
]
