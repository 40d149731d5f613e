"""Login bookkeeping that django-axes leaves to us.

``AXES_RESET_ON_SUCCESS`` would clear every failure matching the successful request, the
address's included, so anyone with an account could guess at another account from her address
and clear the count by logging into her own between guesses. A success clears only the failures
counted against its own account.
"""

from axes.utils import reset as axes_reset
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver


@receiver(user_logged_in, dispatch_uid="accounts.reset_own_login_failures")
def reset_own_login_failures(sender, request, user, **kwargs):
    axes_reset(username=user.get_username())
