"""Security events as one structured (JSON) line each, on the ``ripso.security`` logger.

An operator ships these lines to whatever collects logs (journald, Loki, a SIEM) and alerts on
them. Every line has ``event``, ``time`` (UTC, ISO 8601) and, when there is a request, the
client's ``ip`` (ripso/client_ip.py) and the acting ``user`` id; nothing secret (passwords,
tokens, typed usernames of failed log-ins are hashed).

Events: ``login.success``, ``login.failure``, ``login.lockout``, ``logout``,
``permission.denied``, ``role.changed``, ``download`` (a file served to a signed-in person),
``mail.limited``, ``upload.refused``, ``request.too_large``.
"""

import hashlib
import json
import logging

from django.utils import timezone

logger = logging.getLogger("ripso.security")


def fingerprint(value):
    """A stable, non-reversible tag for a typed value (e.g. a username that failed to log in)."""
    return hashlib.sha256((value or "").strip().lower().encode()).hexdigest()[:16]


def security_event(event, request=None, *, level=logging.INFO, **fields):
    record = {"event": event, "time": timezone.now().isoformat()}
    if request is not None:
        record["ip"] = request.META.get("REMOTE_ADDR", "")
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            record["user"] = user.pk
        record["path"] = request.path
    record.update(fields)
    logger.log(level, json.dumps(record, ensure_ascii=False, default=str, sort_keys=True))
    return record
