"""Login bookkeeping that django-axes leaves to us, and security events about people.

``AXES_RESET_ON_SUCCESS`` would clear every failure matching the successful request, the
address's included, so anyone with an account could guess at another account from her address
and clear the count by logging into her own between guesses. A success clears only the failures
counted against its own account.
"""

import logging

from axes.signals import user_locked_out
from axes.utils import reset as axes_reset
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models.signals import post_save, pre_save
from django.dispatch import receiver

from ripso.security_log import fingerprint, security_event

from .models import User


@receiver(user_logged_in, dispatch_uid="accounts.reset_own_login_failures")
def reset_own_login_failures(sender, request, user, **kwargs):
    axes_reset(username=user.get_username())
    security_event("login.success", request, user=user.pk)


@receiver(user_login_failed, dispatch_uid="accounts.log_login_failure")
def log_login_failure(sender, credentials, request=None, **kwargs):
    security_event(
        "login.failure",
        request,
        level=logging.WARNING,
        username=fingerprint(credentials.get("username", "")),
    )


@receiver(user_locked_out, dispatch_uid="accounts.log_lockout")
def log_lockout(sender, request, username=None, ip_address=None, **kwargs):
    security_event(
        "login.lockout", request, level=logging.WARNING, username=fingerprint(username or "")
    )


@receiver(user_logged_out, dispatch_uid="accounts.log_logout")
def log_logout(sender, request, user, **kwargs):
    security_event("logout", request, user=getattr(user, "pk", None))


@receiver(pre_save, sender=User, dispatch_uid="accounts.remember_role")
def remember_role(sender, instance, **kwargs):
    if instance.pk:
        instance._role_before = (
            User.objects.filter(pk=instance.pk).values_list("role", flat=True).first()
        )


@receiver(post_save, sender=User, dispatch_uid="accounts.log_role_change")
def log_role_change(sender, instance, created, **kwargs):
    before = getattr(instance, "_role_before", None)
    if created or before is None or before == instance.role:
        return
    security_event(
        "role.changed",
        level=logging.WARNING,
        subject=instance.pk,
        before=before,
        after=instance.role,
    )
