from django.urls import path

import ripso.converters  # noqa: F401 — registers <id:…> (404 for ids past what a database stores)

from . import invitation_views, roster, views

app_name = "panels"
urlpatterns = [
    path("rounds/<str:code>/panel/", views.panel, name="panel"),
    path("rounds/<str:code>/panel/propose/", views.propose, name="propose"),
    path("rounds/<str:code>/panel/states/", views.select_states, name="select_states"),
    path("rounds/<str:code>/panel/seats/<id:pk>/opinion/", views.opinion, name="opinion"),
    path("rounds/<str:code>/panel/seats/<id:pk>/invite/", views.invite, name="invite"),
    path("rounds/<str:code>/panel/seats/<id:pk>/withdraw/", views.withdraw, name="withdraw"),
    path("rounds/<str:code>/panel/seats/<id:pk>/letter.pdf", views.letter, name="letter"),
    path("panel/invitations/", invitation_views.my_invitations, name="my_invitations"),
    path("panel/invitations/<id:pk>/", invitation_views.answer, name="answer"),
    path("panel/invitation/<str:token>/", invitation_views.invitation, name="invitation"),
    # The expert roster (panels/roster.py)
    path("experts/", roster.roster, name="roster"),
    path("experts/new/", roster.expert_new, name="expert_new"),
    path("experts/me/topics/", roster.my_topics, name="my_topics"),
    path("experts/<id:user_id>/", roster.expert_detail, name="expert"),
    path("experts/<id:user_id>/edit/", roster.expert_edit, name="expert_edit"),
    path("experts/<id:user_id>/propose/", roster.roster_propose, name="roster_propose"),
]
