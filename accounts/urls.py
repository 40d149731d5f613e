from django.urls import path

import ripso.converters  # noqa: F401 — registers <id:…> (404 for ids past what a database stores)

from . import views, views_secretariat, views_team

app_name = "accounts"
urlpatterns = [
    # Log in and out, passwords
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", views.LogoutView.as_view(), name="logout"),
    path("password/reset/", views.PasswordResetView.as_view(), name="password_reset"),
    path("password/reset/sent/", views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "password/reset/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "password/reset/done/",
        views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("password/change/", views.PasswordChangeView.as_view(), name="password_change"),
    # Every person
    path("language/", views.set_language, name="set_language"),
    path("profile/", views.profile, name="profile"),
    path("people/<id:user_id>/cv/", views.expert_cv, name="expert_cv"),
    # Invitations and public account requests
    path("invitation/<str:token>/", views.accept_invitation, name="accept_invitation"),
    path("request/", views.request_account, name="request_account"),
    path("request/sent/", views.request_account_done, name="request_account_done"),
    # The focal point's team
    path("team/", views_team.team, name="team"),
    # Secretariat
    path("invite/", views_secretariat.InviteView.as_view(), name="invite"),
    path("people/", views_secretariat.PeopleView.as_view(), name="people"),
    path("invitations/", views_secretariat.InvitationListView.as_view(), name="invitations"),
    path(
        "invitations/<id:pk>/resend/",
        views_secretariat.resend_invitation,
        name="invitation_resend",
    ),
    path("requests/", views_secretariat.AccountRequestListView.as_view(), name="account_requests"),
    path(
        "requests/<id:pk>/decide/",
        views_secretariat.AccountRequestDecideView.as_view(),
        name="account_request_decide",
    ),
]
