"""Every write about people with a business meaning: invitations, account requests, profiles.

Services raise ``AccountsError`` subclasses; only views turn them into messages. They never take
``request``.
"""

import secrets
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from notifications.enums import MessageType
from notifications.services import queue_message

from .enums import AccountRequestStatus, Role
from .models import AccountRequest, ExpertProfile, Institution, Invitation, User


class AccountsError(Exception):
    """A business rule refused the action; ``str(error)`` is not shown to users, views decide."""


class AccountExists(AccountsError):
    def __init__(self, email):
        super().__init__(email)
        self.email = email


class InvitationNotFound(AccountsError):
    pass


class InvitationUsed(AccountsError):
    pass


class InvitationExpired(AccountsError):
    pass


class InvitationReplaced(AccountsError):
    """A newer invitation to the same address exists: only the newest one can be resent."""


class ResendTooSoon(AccountsError):
    def __init__(self, last_sent, allowed_from):
        super().__init__(allowed_from)
        self.last_sent = last_sent
        self.allowed_from = allowed_from


# Resending an account invitation: not twice within RESEND_INTERVAL (mail can take minutes to
# arrive; a second click must not flood the person's inbox), at most RESENDS_PER_DAY links to one
# address in 24 hours.
RESEND_INTERVAL = timedelta(minutes=10)
RESENDS_PER_DAY = 5


class AlreadyDecided(AccountsError):
    def __init__(self, account_request):
        super().__init__(account_request.pk)
        self.account_request = account_request


def normalize_email(email):
    return (email or "").strip().lower()


def email_has_account(email):
    return User.objects.filter(email__iexact=normalize_email(email)).exists()


def invitation_path(token):
    return reverse("accounts:accept_invitation", args=[token])


@transaction.atomic
def invite_person(
    *,
    email,
    full_name,
    role,
    invited_by,
    language=settings.LANGUAGE_CODE,
    institution=None,
    country=None,
    is_oas_specialist=False,
):
    """Create a one-time invitation and queue the e-mail that carries its link.

    Only the token's hash is stored; the token itself travels in the queued message only. An
    earlier unused invitation to the same address is revoked, so exactly one link works.
    Raises ``AccountExists`` when the address already has an account.
    Returns ``(invitation, token)``.
    """
    email = normalize_email(email)
    if email_has_account(email):
        raise AccountExists(email)
    if role != Role.SECRETARIAT:
        is_oas_specialist = False
    if role == Role.SECRETARIAT:
        institution = None
    if role != Role.EXPERT:
        country = None
    now = timezone.now()
    Invitation.objects.usable().filter(email__iexact=email).update(revoked_at=now)
    token = secrets.token_urlsafe(32)
    invitation = Invitation.objects.create(
        email=email,
        full_name=full_name.strip(),
        role=role,
        institution=institution,
        expert_country=country,
        is_oas_specialist=is_oas_specialist,
        language=language,
        token_hash=Invitation.hash_token(token),
        invited_by=invited_by,
        expires_at=now + timedelta(days=settings.INVITATION_VALID_DAYS),
    )
    queue_message(
        MessageType.ACCOUNT_INVITATION,
        to_email=email,
        language=language,
        context={"invitation": invitation},
        link=invitation_path(token),
    )
    return invitation, token


@transaction.atomic
def resend_invitation(invitation, *, actor, now=None):
    """Send a new link for an invitation nobody has used yet; the old link stops working.

    The invitation row is locked, so two clicks send one e-mail: the second finds a newer
    invitation and raises ``InvitationReplaced``. Refuses a used invitation (``InvitationUsed``),
    an address that has an account meanwhile (``AccountExists``) and a resend too soon after
    the last one (``ResendTooSoon``). The new row, with ``invited_by=actor``, is the audit
    record (the old one keeps when it was sent, by whom, and when it was replaced).
    Returns ``(new_invitation, token)``.
    """
    now = now or timezone.now()
    locked = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if locked.used_at is not None:
        raise InvitationUsed
    if email_has_account(locked.email):
        raise AccountExists(locked.email)
    sent = Invitation.objects.filter(email__iexact=locked.email)
    if sent.filter(created_at__gt=locked.created_at).exists():
        raise InvitationReplaced
    last_day = list(
        sent.filter(created_at__gt=now - timedelta(days=1))
        .order_by("created_at")
        .values_list("created_at", flat=True)
    )
    if locked.created_at > now - RESEND_INTERVAL:
        raise ResendTooSoon(locked.created_at, locked.created_at + RESEND_INTERVAL)
    if len(last_day) >= RESENDS_PER_DAY:
        raise ResendTooSoon(locked.created_at, last_day[0] + timedelta(days=1))
    if locked.revoked_at is None:
        locked.revoked_at = now
        locked.save(update_fields=["revoked_at"])
    new, token = invite_person(
        email=locked.email,
        full_name=locked.full_name,
        role=locked.role,
        invited_by=actor,
        language=locked.language,
        institution=locked.institution,
        country=locked.expert_country,
        is_oas_specialist=locked.is_oas_specialist,
    )
    return new, token


def get_or_create_institution(*, country, name, acronym=""):
    """The institution of that name in that country, created if new (names are unique per
    country, compared without regard to capitals)."""
    name = " ".join(name.split())
    existing = Institution.objects.filter(country=country, name__iexact=name).first()
    if existing is not None:
        return existing
    return Institution.objects.create(country=country, name=name, acronym=acronym.strip())


def find_invitation(token):
    """The invitation a link points to, or ``InvitationNotFound``. Does not check usability."""
    invitation = (
        Invitation.objects.select_related("invited_by", "institution__country", "expert_country")
        .filter(token_hash=Invitation.hash_token(token))
        .first()
    )
    if invitation is None:
        raise InvitationNotFound
    return invitation


def check_invitation_usable(invitation):
    if invitation.used_at is not None:
        raise InvitationUsed
    if invitation.revoked_at is not None or invitation.expires_at <= timezone.now():
        raise InvitationExpired


@transaction.atomic
def accept_invitation(token, *, password):
    """Create the account an invitation describes and mark the invitation used.

    The invitation row is locked, so a link used twice at the same moment creates one account:
    the second call raises ``InvitationUsed``. Expired or revoked links raise
    ``InvitationExpired``. Returns the new user.
    """
    invitation = (
        Invitation.objects.select_for_update()
        .filter(token_hash=Invitation.hash_token(token))
        .first()
    )
    if invitation is None:
        raise InvitationNotFound
    check_invitation_usable(invitation)
    if email_has_account(invitation.email):
        # Someone created the account another way (the admin, another invitation).
        raise InvitationUsed
    is_expert = invitation.role == Role.EXPERT
    user = User.objects.create_user(
        email=invitation.email,
        password=password,
        full_name=invitation.full_name,
        role=invitation.role,
        institution=None if is_expert else invitation.institution,
        is_oas_specialist=invitation.is_oas_specialist,
        preferred_language=invitation.language,
    )
    if is_expert and invitation.expert_country_id:
        ExpertProfile.objects.create(
            user=user, country_id=invitation.expert_country_id, institution=invitation.institution
        )
    invitation.used_at = timezone.now()
    invitation.user = user
    invitation.save(update_fields=["used_at", "user"])
    return user


@transaction.atomic
def request_account(
    *,
    full_name,
    email,
    country,
    institution_name,
    position,
    requested_role,
    message="",
    language=settings.LANGUAGE_CODE,
):
    """Record a public account request and acknowledge it to the requester."""
    account_request = AccountRequest.objects.create(
        full_name=full_name.strip(),
        email=normalize_email(email),
        country=country,
        institution_name=institution_name.strip(),
        position=position.strip(),
        requested_role=requested_role,
        message=message.strip(),
        language=language,
    )
    queue_message(
        MessageType.ACCOUNT_REQUEST_RECEIVED,
        to_email=account_request.email,
        language=language,
        context={"account_request": account_request},
        link=reverse("accounts:login"),
    )
    return account_request


def _lock_pending_request(account_request):
    locked = (
        AccountRequest.objects.select_for_update(of=("self",))
        .select_related("country")
        .get(pk=account_request.pk)
    )
    if locked.status != AccountRequestStatus.PENDING:
        # decided_by is read after the lock, so it names whoever won the race.
        locked = AccountRequest.objects.select_related("decided_by").get(pk=locked.pk)
        raise AlreadyDecided(locked)
    return locked


@transaction.atomic
def approve_account_request(
    account_request,
    *,
    decided_by,
    institution=None,
    new_institution_name="",
    new_institution_acronym="",
):
    """Approve a pending request: invite the person with the institution the secretariat chose.

    With no ``institution`` given and a ``new_institution_name``, the institution is created in
    the request's country (or the existing one of that name is reused). The row is locked: a
    second decision raises ``AlreadyDecided``. ``AccountExists`` rolls everything back.
    Returns the invitation.
    """
    locked = _lock_pending_request(account_request)
    if institution is None and new_institution_name.strip():
        institution = get_or_create_institution(
            country=locked.country, name=new_institution_name, acronym=new_institution_acronym
        )
    invitation, _token = invite_person(
        email=locked.email,
        full_name=locked.full_name,
        role=locked.requested_role,
        invited_by=decided_by,
        language=locked.language,
        institution=institution,
        country=locked.country if locked.requested_role == Role.EXPERT else None,
    )
    locked.status = AccountRequestStatus.APPROVED
    locked.decided_by = decided_by
    locked.decided_at = timezone.now()
    locked.save(update_fields=["status", "decided_by", "decided_at"])
    return invitation


@transaction.atomic
def reject_account_request(account_request, *, decided_by, reason):
    """Reject a pending request and tell the requester why. The row is locked as in approval."""
    locked = _lock_pending_request(account_request)
    locked.status = AccountRequestStatus.REJECTED
    locked.decided_by = decided_by
    locked.decided_at = timezone.now()
    locked.decision_note = reason.strip()
    locked.save(update_fields=["status", "decided_by", "decided_at", "decision_note"])
    queue_message(
        MessageType.ACCOUNT_REQUEST_REJECTED,
        to_email=locked.email,
        language=locked.language,
        context={"account_request": locked, "reason": locked.decision_note},
        link=reverse("accounts:request_account"),
    )
    return locked


def set_preferred_language(user, language):
    if user.preferred_language != language:
        user.preferred_language = language
        user.save(update_fields=["preferred_language"])


@transaction.atomic
def update_profile(user, *, user_fields, expert_fields=None, cv=None, remove_cv=False):
    """Save a person's own profile; for experts also their ExpertProfile and CV.

    A replaced or removed CV file is deleted from storage after commit. The file is stored under
    a random name (``cv_upload_to``): the uploaded name is never used.
    """
    for name, value in user_fields.items():
        setattr(user, name, value)
    user.save(update_fields=list(user_fields))
    if expert_fields is None:
        return user
    profile = ExpertProfile.objects.filter(user=user).first() or ExpertProfile(user=user)
    for name, value in expert_fields.items():
        setattr(profile, name, value)
    profile.position = user.position
    old_name = profile.cv.name if profile.cv else ""
    if cv is not None:
        profile.cv.save("cv.pdf", cv, save=False)
    elif remove_cv:
        profile.cv = ""
    profile.save()
    if old_name and old_name != (profile.cv.name or ""):
        storage = profile.cv.storage
        transaction.on_commit(lambda: storage.delete(old_name))
    return user
