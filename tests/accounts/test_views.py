"""Accounts: invitations, login, account requests, profile and CV, language, secretariat lists."""

import io
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfWriter

from accounts.enums import AccountRequestStatus, Role
from accounts.models import AccountRequest, ExpertProfile, Institution, Invitation, User
from notifications.enums import MessageType
from notifications.models import OutgoingMessage
from tests import factories as f

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "Ocelote-Tranvía-2024"


def pdf_bytes():
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def english_client():
    """A browser asking for English. Logged-in people read their preferred language instead,
    so tests that read messages log in people who prefer English."""
    return Client(HTTP_ACCEPT_LANGUAGE="en")


@pytest.fixture
def client():
    return english_client()


def logged_in_as(client, user):
    client.force_login(user)
    return client


def session_user_id(client):
    return client.session.get("_auth_user_id")


def invite(client, cast, **overrides):
    data = {
        "email": "Sofia.Castro@Example.org",
        "full_name": "Sofía Castro Ixcot",
        "role": Role.TEAM_MEMBER,
        "institution": cast.mides.pk,
        "country": "",
        "new_institution_name": "",
        "new_institution_acronym": "",
        "language": "es",
        **overrides,
    }
    return client.post(reverse("accounts:invite"), data)


def token_from(message):
    prefix = "/accounts/invitation/"
    assert message.link.startswith(prefix)
    return message.link[len(prefix) :].rstrip("/")


# --- Invitations ------------------------------------------------------------------------------


def test_invitation_end_to_end_sets_password_and_logs_in(client, cast):
    logged_in_as(client, cast.secretariat)
    response = invite(client, cast)
    assert response.status_code == 302
    assert response.url == reverse("accounts:invite")

    invitation = Invitation.objects.get()
    assert invitation.email == "sofia.castro@example.org"
    assert invitation.invited_by == cast.secretariat
    assert invitation.institution == cast.mides
    assert invitation.expires_at.date() == (timezone.now() + timedelta(days=14)).date()
    message = OutgoingMessage.objects.get(message_type=MessageType.ACCOUNT_INVITATION)
    assert message.to_email == "sofia.castro@example.org"
    assert message.language == "es"
    token = token_from(message)
    assert invitation.token_hash == Invitation.hash_token(token)
    assert token not in invitation.token_hash
    assert f"/accounts/invitation/{token}/" in message.body_text

    client.logout()
    url = reverse("accounts:accept_invitation", args=[token])
    page = client.get(url)
    assert page.status_code == 200
    assert "Elena Ramírez Soto" in page.content.decode()
    assert User.objects.filter(email="sofia.castro@example.org").count() == 0  # GET changes nothing

    response = client.post(url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert response.status_code == 302
    assert response.url == reverse("rounds:home")
    user = User.objects.get(email="sofia.castro@example.org")
    assert user.check_password(NEW_PASSWORD)
    assert user.role == Role.TEAM_MEMBER
    assert user.institution == cast.mides
    assert user.full_name == "Sofía Castro Ixcot"
    assert user.preferred_language == "es"
    assert session_user_id(client) == str(user.pk)
    invitation.refresh_from_db()
    assert invitation.used_at is not None
    assert invitation.user == user


def test_invitation_used_twice_is_refused(client, cast):
    invitation = f.InvitationFactory(token="tok-twice", institution=cast.mides, language="en")
    url = reverse("accounts:accept_invitation", args=["tok-twice"])
    client.post(url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert User.objects.filter(email=invitation.email).count() == 1

    other = english_client()
    response = other.post(
        url, {"new_password1": "Otra-Clave-9876", "new_password2": "Otra-Clave-9876"}
    )
    assert response.status_code == 410
    assert (
        "This link was already used — log in or reset your password." in response.content.decode()
    )
    assert User.objects.filter(email=invitation.email).count() == 1
    assert User.objects.get(email=invitation.email).check_password(NEW_PASSWORD)
    assert session_user_id(other) is None


def test_invitation_expired_is_refused(client, cast):
    invitation = f.InvitationFactory(
        token="tok-old",
        institution=cast.mides,
        language="en",
        expires_at=timezone.now() - timedelta(minutes=1),
    )
    url = reverse("accounts:accept_invitation", args=["tok-old"])
    page = client.get(url)
    assert page.status_code == 410
    assert "This link expired — ask the secretariat for a new one." in page.content.decode()
    response = client.post(url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert response.status_code == 410
    assert User.objects.filter(email=invitation.email).exists() is False


def test_invitation_with_someone_else_logged_in_asks_to_log_out(client, cast):
    invitation = f.InvitationFactory(token="tok-other", institution=cast.mides)
    logged_in_as(client, cast.gt_team_member)
    url = reverse("accounts:accept_invitation", args=["tok-other"])
    page = client.get(url)
    assert page.status_code == 409
    content = page.content.decode()
    assert "Log out first" in content
    assert "andres.perez@example.org" in content
    response = client.post(url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert response.status_code == 409
    assert User.objects.filter(email=invitation.email).exists() is False
    assert session_user_id(client) == str(cast.gt_team_member.pk)


def test_invitation_page_speaks_the_invitation_language_unless_one_was_chosen(client, cast):
    f.InvitationFactory(token="tok-lang", institution=cast.mides, language="es")
    url = reverse("accounts:accept_invitation", args=["tok-lang"])
    assert '<html lang="es">' in client.get(url).content.decode()
    client.post(reverse("accounts:set_language"), {"language": "en", "next": url})
    assert '<html lang="en">' in client.get(url).content.decode()


def test_invitation_unknown_token_answers_404(client, db):
    response = client.get(reverse("accounts:accept_invitation", args=["no-such-token"]))
    assert response.status_code == 404
    assert "This link is not valid" in response.content.decode()


def test_invitation_password_mismatch_shows_error_and_keeps_link_usable(client, cast):
    invitation = f.InvitationFactory(token="tok-typo", institution=cast.mides, language="en")
    url = reverse("accounts:accept_invitation", args=["tok-typo"])
    response = client.post(url, {"new_password1": NEW_PASSWORD, "new_password2": "different"})
    assert response.status_code == 200
    assert response.context["form"].errors["new_password2"] == [
        "The two password fields didn’t match."
    ]
    invitation.refresh_from_db()
    assert invitation.used_at is None


def test_expert_invitation_creates_expert_profile(client, cast):
    logged_in_as(client, cast.secretariat)
    peru = f.CountryFactory(code="PE")
    invite(
        client,
        cast,
        email="rosa.quispe@example.org",
        full_name="Rosa Quispe Mamani",
        role=Role.EXPERT,
        institution="",
        country=peru.pk,
        language="en",
    )
    token = token_from(OutgoingMessage.objects.get(to_email="rosa.quispe@example.org"))
    client.logout()
    client.post(
        reverse("accounts:accept_invitation", args=[token]),
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    user = User.objects.get(email="rosa.quispe@example.org")
    assert user.role == Role.EXPERT
    assert user.preferred_language == "en"
    assert user.institution is None
    assert user.expert_profile.country == peru


def test_invite_refuses_an_address_with_an_account(client, cast):
    logged_in_as(client, cast.coordinator)
    response = invite(client, cast, email="LUCIA.MORALES@example.org")
    assert response.status_code == 200
    assert response.context["form"].errors["email"] == [
        "lucia.morales@example.org already has an account. The person can log in, or use "
        "“Forgot your password?” on the login page."
    ]
    assert Invitation.objects.count() == 0
    assert OutgoingMessage.objects.count() == 0


def test_invite_requires_institution_for_country_roles(client, cast):
    logged_in_as(client, cast.secretariat)
    response = invite(client, cast, role=Role.FOCAL_POINT, institution="")
    assert response.status_code == 200
    assert "institution" in response.context["form"].errors
    assert Invitation.objects.count() == 0


def test_invite_again_revokes_the_earlier_link(client, cast):
    logged_in_as(client, cast.secretariat)
    invite(client, cast)
    invite(client, cast)
    first, second = Invitation.objects.order_by("created_at", "pk")
    assert first.revoked_at is not None
    assert second.revoked_at is None


def test_invite_page_is_404_for_a_focal_point_and_login_for_anonymous(client, cast):
    url = reverse("accounts:invite")
    anonymous = client.get(url)
    assert anonymous.status_code == 302
    assert anonymous.url == f"{reverse('accounts:login')}?next={url}"
    logged_in_as(client, cast.gt_focal_point)
    assert client.get(url).status_code == 404
    assert invite(client, cast).status_code == 404
    assert Invitation.objects.count() == 0


# --- Login ------------------------------------------------------------------------------------


def test_login_with_email_in_other_capitals(client, cast):
    response = client.post(
        reverse("accounts:login"),
        {"username": "  Lucia.MORALES@Example.ORG ", "password": f.TEST_PASSWORD},
    )
    assert response.status_code == 302
    assert response.url == reverse("rounds:home")
    assert session_user_id(client) == str(cast.gt_focal_point.pk)


def test_login_with_wrong_password_says_so(client, cast):
    response = client.post(
        reverse("accounts:login"),
        {"username": "lucia.morales@example.org", "password": "wrong"},
    )
    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        "The e-mail address or the password is not correct. Check both, or reset your password."
    ]
    assert session_user_id(client) is None


def test_logout_is_post_only(client, cast):
    logged_in_as(client, cast.gt_focal_point)
    assert client.get(reverse("accounts:logout")).status_code == 405
    assert session_user_id(client) == str(cast.gt_focal_point.pk)
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 302
    assert session_user_id(client) is None


def test_password_reset_sends_a_link_that_sets_the_password(client, cast, mailoutbox):
    response = client.post(
        reverse("accounts:password_reset"), {"email": "ANDRES.perez@example.org"}
    )
    assert response.status_code == 302
    assert len(mailoutbox) == 1
    body = mailoutbox[0].body
    link = next(line for line in body.splitlines() if "/accounts/password/reset/" in line)
    path = link.split("://", 1)[1].split("/", 1)[1]
    response = client.get("/" + path, follow=True)
    form_url = response.redirect_chain[-1][0]
    response = client.post(form_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert response.status_code == 302
    assert response.url == reverse("accounts:password_reset_complete")
    cast.gt_team_member.refresh_from_db()
    assert cast.gt_team_member.check_password(NEW_PASSWORD)


# --- Public account requests ------------------------------------------------------------------


def request_data(cast, **overrides):
    return {
        "full_name": "Tomás Herrera Ayala",
        "email": "Tomas.Herrera@Example.org",
        "country": cast.mides.country_id,
        "institution_name": "Secretaría de Bienestar Social",
        "position": "Subdirector de Programas",
        "requested_role": Role.FOCAL_POINT,
        "message": "Queremos postular en la próxima ronda.",
        "language": "es",
        "website": "",
        **overrides,
    }


def test_request_account_records_request_and_acknowledges_it(client, cast):
    response = client.post(reverse("accounts:request_account"), request_data(cast))
    assert response.status_code == 302
    assert response.url == reverse("accounts:request_account_done")
    account_request = AccountRequest.objects.get()
    assert account_request.email == "tomas.herrera@example.org"
    assert account_request.status == AccountRequestStatus.PENDING
    message = OutgoingMessage.objects.get()
    assert message.message_type == MessageType.ACCOUNT_REQUEST_RECEIVED
    assert message.to_email == "tomas.herrera@example.org"
    assert message.recipient is None


def test_request_account_honeypot_creates_nothing(client, cast):
    response = client.post(
        reverse("accounts:request_account"), request_data(cast, website="http://spam.example")
    )
    assert response.status_code == 302
    assert response.url == reverse("accounts:request_account_done")
    assert AccountRequest.objects.count() == 0
    assert OutgoingMessage.objects.count() == 0


def test_request_account_refuses_the_secretariat_role(client, cast):
    response = client.post(
        reverse("accounts:request_account"), request_data(cast, requested_role=Role.SECRETARIAT)
    )
    assert response.status_code == 200
    assert "requested_role" in response.context["form"].errors
    assert AccountRequest.objects.count() == 0


def make_account_request(cast, **fields):
    return AccountRequest.objects.create(
        **{
            "full_name": "Tomás Herrera Ayala",
            "email": "tomas.herrera@example.org",
            "country": cast.mides.country,
            "institution_name": "Secretaría de Bienestar Social",
            "position": "Subdirector de Programas",
            "requested_role": Role.FOCAL_POINT,
            "language": "es",
            **fields,
        }
    )


def test_approve_creates_institution_and_invites(client, cast):
    account_request = make_account_request(cast)
    logged_in_as(client, cast.secretariat)
    url = reverse("accounts:account_request_decide", args=[account_request.pk])
    response = client.post(
        url,
        {
            "action": "approve",
            "institution": "",
            "new_institution_name": "Secretaría de Bienestar Social",
            "new_institution_acronym": "SBS",
        },
    )
    assert response.status_code == 302
    assert response.url == reverse("accounts:account_requests")
    account_request.refresh_from_db()
    assert account_request.status == AccountRequestStatus.APPROVED
    assert account_request.decided_by == cast.secretariat
    institution = Institution.objects.get(name="Secretaría de Bienestar Social")
    assert institution.country == cast.mides.country
    assert institution.acronym == "SBS"
    invitation = Invitation.objects.get()
    assert (invitation.email, invitation.role, invitation.institution) == (
        "tomas.herrera@example.org",
        Role.FOCAL_POINT,
        institution,
    )
    assert (
        OutgoingMessage.objects.filter(
            message_type=MessageType.ACCOUNT_INVITATION, to_email="tomas.herrera@example.org"
        ).count()
        == 1
    )


def test_approve_with_an_existing_institution(client, cast):
    account_request = make_account_request(cast, requested_role=Role.TEAM_MEMBER)
    logged_in_as(client, cast.coordinator)
    client.post(
        reverse("accounts:account_request_decide", args=[account_request.pk]),
        {"action": "approve", "institution": cast.mides.pk, "new_institution_name": "Ignored"},
    )
    assert Invitation.objects.get().institution == cast.mides
    assert Institution.objects.filter(name="Ignored").exists() is False


def test_deciding_twice_tells_who_decided_first(client, cast):
    account_request = make_account_request(cast)
    url = reverse("accounts:account_request_decide", args=[account_request.pk])
    logged_in_as(client, cast.secretariat)
    client.post(url, {"action": "approve", "institution": cast.mides.pk})
    second = english_client()
    logged_in_as(second, cast.coordinator)
    response = second.post(url, {"action": "reject", "reason": "Duplicado."}, follow=True)
    assert [str(m) for m in response.context["messages"]] == [
        "This request was already approved by Elena Ramírez Soto. Nothing was changed."
    ]
    account_request.refresh_from_db()
    assert account_request.status == AccountRequestStatus.APPROVED
    assert account_request.decided_by == cast.secretariat
    assert Invitation.objects.count() == 1
    assert (
        OutgoingMessage.objects.filter(message_type=MessageType.ACCOUNT_REQUEST_REJECTED).count()
        == 0
    )


def test_reject_requires_a_reason_and_sends_it(client, cast):
    account_request = make_account_request(cast, language="en")
    url = reverse("accounts:account_request_decide", args=[account_request.pk])
    logged_in_as(client, cast.secretariat)
    response = client.post(url, {"action": "reject", "reason": "  "})
    assert response.status_code == 400
    account_request.refresh_from_db()
    assert account_request.status == AccountRequestStatus.PENDING

    response = client.post(url, {"action": "reject", "reason": "Only public servants can join."})
    assert response.status_code == 302
    account_request.refresh_from_db()
    assert account_request.status == AccountRequestStatus.REJECTED
    assert account_request.decision_note == "Only public servants can join."
    message = OutgoingMessage.objects.get(message_type=MessageType.ACCOUNT_REQUEST_REJECTED)
    assert message.to_email == "tomas.herrera@example.org"
    assert message.language == "en"
    assert "Only public servants can join." in message.body_text
    assert Invitation.objects.count() == 0


def test_approve_for_an_address_with_an_account_changes_nothing(client, cast):
    account_request = make_account_request(cast, email="lucia.morales@example.org")
    logged_in_as(client, cast.secretariat)
    client.post(
        reverse("accounts:account_request_decide", args=[account_request.pk]),
        {"action": "approve", "institution": "", "new_institution_name": "Nueva Institución"},
    )
    account_request.refresh_from_db()
    assert account_request.status == AccountRequestStatus.PENDING
    assert Invitation.objects.count() == 0
    assert Institution.objects.filter(name="Nueva Institución").exists() is False


def test_account_request_pages_are_404_for_others(client, cast):
    account_request = make_account_request(cast)
    for user in (cast.gt_focal_point, cast.expert_cl):
        client.force_login(user)
        assert client.get(reverse("accounts:account_requests")).status_code == 404
        url = reverse("accounts:account_request_decide", args=[account_request.pk])
        assert client.get(url).status_code == 404
        assert client.post(url, {"action": "reject", "reason": "x"}).status_code == 404
    account_request.refresh_from_db()
    assert account_request.status == AccountRequestStatus.PENDING


def test_account_requests_list_pending_first_oldest_first(client, cast, django_assert_num_queries):
    now = timezone.now()
    newer = make_account_request(cast, email="b@example.org")
    older = make_account_request(cast, email="a@example.org")
    decided = make_account_request(
        cast, email="c@example.org", status=AccountRequestStatus.REJECTED
    )
    AccountRequest.objects.filter(pk=older.pk).update(created_at=now - timedelta(days=3))
    AccountRequest.objects.filter(pk=newer.pk).update(created_at=now - timedelta(days=1))
    AccountRequest.objects.filter(pk=decided.pk).update(created_at=now - timedelta(days=9))
    logged_in_as(client, cast.secretariat)
    response = client.get(reverse("accounts:account_requests"))
    assert [r.pk for r in response.context["account_requests"]] == [older.pk, newer.pk, decided.pk]
    assert response.context["pending_count"] == 2


def test_account_requests_list_query_count_is_constant(client, cast, django_assert_num_queries):
    logged_in_as(client, cast.secretariat)
    url = reverse("accounts:account_requests")
    client.get(url)  # the first request after login writes the session
    make_account_request(cast)
    with django_assert_num_queries(6):
        assert client.get(url).status_code == 200
    for n in range(30):
        make_account_request(
            cast,
            email=f"p{n}@example.org",
            status=AccountRequestStatus.REJECTED,
            decided_by=cast.coordinator,
        )
    with django_assert_num_queries(6):
        response = client.get(url)
    assert len(response.context["account_requests"]) == 25


# --- People -----------------------------------------------------------------------------------


def test_people_list_filters_and_constant_queries(client, cast, django_assert_num_queries):
    logged_in_as(client, cast.secretariat)
    url = reverse("accounts:people")
    client.get(url)  # the first request after login writes the session
    with django_assert_num_queries(7):
        response = client.get(url, {"q": "Elena Ramírez"})
    assert [p.email for p in response.context["people"]] == ["elena.ramirez@example.org"]
    for n in range(30):
        f.ExpertFactory(profile__country=f.CountryFactory(code="PE"), profile__cv="cv/x.pdf")
        f.TeamMemberFactory(institution=cast.hn_institution, email=f"tm{n}@example.org")
    with django_assert_num_queries(7):
        response = client.get(url)
    assert len(response.context["people"]) == 50

    response = client.get(url, {"role": Role.FOCAL_POINT, "country": cast.mides.country_id})
    assert [p.email for p in response.context["people"]] == ["lucia.morales@example.org"]
    response = client.get(url, {"q": "rojas"})
    assert [p.email for p in response.context["people"]] == ["valentina.rojas@example.org"]
    response = client.get(url, {"country": cast.expert_uy.expert_profile.country_id})
    assert [p.email for p in response.context["people"]] == ["martin.sosa@example.org"]
    response = client.get(url)
    assert response.context["paginator"].count == User.objects.count()
    assert len(response.context["people"]) == 50


def test_people_list_is_404_for_non_secretariat(client, cast):
    for user in (cast.gt_focal_point, cast.expert_cl):
        client.force_login(user)
        assert client.get(reverse("accounts:people")).status_code == 404


# --- Profile and CV ---------------------------------------------------------------------------


def profile_data(user, **overrides):
    data = {
        "person-full_name": user.full_name,
        "person-position": user.position,
        "person-phone": user.phone,
        "person-preferred_language": user.preferred_language,
    }
    profile = getattr(user, "expert_profile", None)
    if profile is not None:
        data.update(
            {
                "expert-country": profile.country_id,
                "expert-institution": profile.institution_id or "",
                "expert-areas_of_expertise": profile.areas_of_expertise,
                "expert-languages": profile.languages,
                "expert-manages_teams": "on" if profile.manages_teams else "",
                "expert-similar_initiatives_experience": profile.similar_initiatives_experience,
            }
        )
    data.update(overrides)
    return data


def test_profile_saves_and_language_applies_at_once(client, cast):
    logged_in_as(client, cast.gt_focal_point)
    response = client.post(
        reverse("accounts:profile"),
        profile_data(
            cast.gt_focal_point,
            **{"person-phone": "+502 5555 1234", "person-preferred_language": "en"},
        ),
        follow=True,
    )
    cast.gt_focal_point.refresh_from_db()
    assert cast.gt_focal_point.phone == "+502 5555 1234"
    assert cast.gt_focal_point.preferred_language == "en"
    assert response.redirect_chain == [(reverse("accounts:profile"), 302)]
    content = response.content.decode()
    assert '<html lang="en">' in content
    assert "Your profile was saved." in content
    assert client.cookies["django_language"].value == "en"


def test_cv_upload_accepts_a_real_pdf(client, cast):
    logged_in_as(client, cast.expert_cl)
    upload = SimpleUploadedFile("../../etc/mi cv.pdf", pdf_bytes(), content_type="application/pdf")
    response = client.post(
        reverse("accounts:profile"), profile_data(cast.expert_cl, **{"expert-cv_file": upload})
    )
    assert response.status_code == 302
    profile = ExpertProfile.objects.get(user=cast.expert_cl)
    assert profile.cv.name.startswith(f"cv/{cast.expert_cl.pk}/")
    assert profile.cv.name.endswith(".pdf")
    assert "etc" not in profile.cv.name
    assert "mi cv" not in profile.cv.name
    assert profile.cv.read().startswith(b"%PDF-")


def test_cv_upload_refuses_an_exe_renamed_pdf(client, cast):
    logged_in_as(client, cast.expert_uy)
    exe = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 200
    upload = SimpleUploadedFile("cv.pdf", exe, content_type="application/pdf")
    response = client.post(
        reverse("accounts:profile"), profile_data(cast.expert_uy, **{"expert-cv_file": upload})
    )
    assert response.status_code == 200
    assert response.context["expert_form"].errors["cv_file"] == [
        "This file is not a PDF. Save your CV as PDF and upload that file."
    ]
    assert ExpertProfile.objects.get(user=cast.expert_uy).cv.name == ""


def test_cv_upload_refuses_a_pdf_header_that_does_not_parse(client, cast):
    logged_in_as(client, cast.expert_uy)
    upload = SimpleUploadedFile(
        "cv.pdf", b"%PDF-1.7\nnot really a pdf", content_type="application/pdf"
    )
    response = client.post(
        reverse("accounts:profile"), profile_data(cast.expert_uy, **{"expert-cv_file": upload})
    )
    assert response.status_code == 200
    assert "cv_file" in response.context["expert_form"].errors
    assert ExpertProfile.objects.get(user=cast.expert_uy).cv.name == ""


def test_cv_upload_refuses_a_file_over_the_limit(client, cast, settings):
    settings.MAX_UPLOAD_BYTES = 100
    logged_in_as(client, cast.expert_uy)
    upload = SimpleUploadedFile("cv.pdf", pdf_bytes(), content_type="application/pdf")
    response = client.post(
        reverse("accounts:profile"), profile_data(cast.expert_uy, **{"expert-cv_file": upload})
    )
    assert response.status_code == 200
    [error] = response.context["expert_form"].errors["cv_file"]
    assert error.startswith("The file is too large (")
    assert error.endswith("The limit is 100\xa0bytes.")
    assert ExpertProfile.objects.get(user=cast.expert_uy).cv.name == ""


@pytest.fixture
def expert_with_cv(client, cast):
    logged_in_as(client, cast.expert_cl)
    upload = SimpleUploadedFile("cv.pdf", pdf_bytes(), content_type="application/pdf")
    client.post(
        reverse("accounts:profile"), profile_data(cast.expert_cl, **{"expert-cv_file": upload})
    )
    client.logout()
    assert ExpertProfile.objects.get(user=cast.expert_cl).cv
    return cast.expert_cl


def test_cv_download_for_the_expert_and_the_secretariat(client, cast, expert_with_cv):
    url = reverse("accounts:expert_cv", args=[expert_with_cv.pk])
    for user in (expert_with_cv, cast.secretariat):
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert (
            response["Content-Disposition"]
            == 'attachment; filename="CV-valentina-rojas-fuentes.pdf"'
        )
        assert b"".join(response.streaming_content).startswith(b"%PDF-")


def test_cv_download_is_404_for_another_expert_and_a_focal_point(client, cast, expert_with_cv):
    url = reverse("accounts:expert_cv", args=[expert_with_cv.pk])
    for user in (cast.expert_uy, cast.gt_focal_point):
        client.force_login(user)
        assert client.get(url).status_code == 404
    client.logout()
    response = client.get(url)
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


def test_cv_download_404_when_there_is_no_cv(client, cast):
    client.force_login(cast.secretariat)
    assert client.get(reverse("accounts:expert_cv", args=[cast.expert_uy.pk])).status_code == 404
    assert client.get(reverse("accounts:expert_cv", args=[999999])).status_code == 404


# --- Language ---------------------------------------------------------------------------------


def test_set_language_saves_preference_and_cookie(client, cast):
    logged_in_as(client, cast.gt_focal_point)
    response = client.post(
        reverse("accounts:set_language"), {"language": "en", "next": reverse("accounts:profile")}
    )
    assert response.status_code == 302
    assert response.url == reverse("accounts:profile")
    assert response.cookies["django_language"].value == "en"
    cast.gt_focal_point.refresh_from_db()
    assert cast.gt_focal_point.preferred_language == "en"
    page = client.get(reverse("accounts:profile"))
    assert '<html lang="en">' in page.content.decode()


def test_set_language_anonymous_sets_cookie_and_ignores_unsafe_next(client, db):
    response = client.post(
        reverse("accounts:set_language"), {"language": "en", "next": "https://evil.example/"}
    )
    assert response.status_code == 302
    assert response.url == "/"
    assert response.cookies["django_language"].value == "en"
    page = client.get(reverse("accounts:login"))
    assert '<html lang="en">' in page.content.decode()


def test_set_language_refuses_get_and_unknown_languages(client, cast):
    logged_in_as(client, cast.gt_focal_point)
    assert client.get(reverse("accounts:set_language"), {"language": "en"}).status_code == 405
    client.post(reverse("accounts:set_language"), {"language": "xx"})
    cast.gt_focal_point.refresh_from_db()
    assert cast.gt_focal_point.preferred_language == "es"


# --- At the same moment (PostgreSQL row locks, real threads) -----------------------------------


def run_at_once(*calls):
    """Start every call in its own thread at the same instant; return what each returned/raised."""
    import threading

    from django.db import connection

    barrier = threading.Barrier(len(calls))
    results = [None] * len(calls)

    def worker(index, func):
        try:
            barrier.wait(timeout=10)
            results[index] = func()
        except Exception as exc:  # noqa: BLE001 — the test inspects what each thread raised
            results[index] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return results


def _postgres_only():
    from django.db import connection

    # The suite runs on PostgreSQL (make test); a race test on anything else proves nothing.
    assert connection.vendor == "postgresql", "run the suite with make test (PostgreSQL)"


@pytest.mark.django_db(transaction=True)
def test_invitation_accepted_twice_at_once_creates_one_account(cast):
    from accounts import services

    _postgres_only()
    invitation = f.InvitationFactory(token="tok-race", institution=cast.mides)
    results = run_at_once(
        lambda: services.accept_invitation("tok-race", password=NEW_PASSWORD),
        lambda: services.accept_invitation("tok-race", password="Otra-Clave-9876"),
    )
    users = [r for r in results if isinstance(r, User)]
    refused = [r for r in results if isinstance(r, services.InvitationUsed)]
    assert (len(users), len(refused)) == (1, 1), results
    assert User.objects.filter(email=invitation.email).count() == 1


@pytest.mark.django_db(transaction=True)
def test_approve_and_reject_at_once_only_one_decides(cast):
    from accounts import services

    _postgres_only()
    account_request = make_account_request(cast)
    results = run_at_once(
        lambda: services.approve_account_request(
            account_request, decided_by=cast.secretariat, institution=cast.mides
        ),
        lambda: services.reject_account_request(
            account_request, decided_by=cast.coordinator, reason="Duplicada."
        ),
    )
    already = [r for r in results if isinstance(r, services.AlreadyDecided)]
    assert len(already) == 1, results
    account_request.refresh_from_db()
    winner = (
        cast.secretariat
        if account_request.status == AccountRequestStatus.APPROVED
        else cast.coordinator
    )
    assert account_request.decided_by == winner
    assert already[0].account_request.decided_by == winner
    decisions = (
        Invitation.objects.count()
        + OutgoingMessage.objects.filter(message_type=MessageType.ACCOUNT_REQUEST_REJECTED).count()
    )
    assert decisions == 1
