"""Limits on what sends e-mail to an address on an anonymous request (issue 12, item 3).

Password resets and account requests send mail to an address someone typed. Without a limit, a
script can flood a person's mailbox, or the secretariat's, through our server. Each kind of
request is counted per target address and per client address in fixed one-hour windows in the
cache (Redis when ``REDIS_URL`` is set, so every web worker shares the counts). Over a limit,
nothing is sent, the person sees exactly the same answer as usual (so nobody learns whether an
account exists), and a security event is logged.
"""

import hashlib
import logging

from django.conf import settings
from django.core.cache import cache

from ripso.security_log import fingerprint, security_event

WINDOW_SECONDS = 3600


def _key(scope, kind, value):
    digest = hashlib.sha256(value.strip().lower().encode()).hexdigest()[:32]
    return f"throttle:{scope}:{kind}:{digest}"


def _count(key):
    cache.add(key, 0, WINDOW_SECONDS)
    try:
        return cache.incr(key)
    except ValueError:  # expired between add() and incr()
        cache.set(key, 1, WINDOW_SECONDS)
        return 1


def allow_mail(scope, *, target, client):
    """Count one request of ``scope`` for ``target`` (an e-mail) from ``client`` (an address).

    Returns False when either count went over its limit; both are counted either way, so a
    flood keeps being refused until the window ends.
    """
    per_target = _count(_key(scope, "to", target or "-"))
    per_client = _count(_key(scope, "from", client or "-"))
    allowed = (
        per_target <= settings.MAIL_LIMIT_PER_TARGET
        and per_client <= settings.MAIL_LIMIT_PER_CLIENT
    )
    if not allowed:
        security_event(
            "mail.limited",
            level=logging.WARNING,
            scope=scope,
            ip=client,
            target=fingerprint(target),
            target_count=per_target,
            client_count=per_client,
        )
    return allowed
