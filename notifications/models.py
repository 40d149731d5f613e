from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .enums import MessageState, MessageType


class OutgoingMessageQuerySet(models.QuerySet):
    def for_inbox(self, user):
        return self.filter(recipient=user)

    def unread(self):
        return self.filter(read_at__isnull=True)

    def due_for_resend(self, older_than_seconds=60):
        cutoff = timezone.now() - timezone.timedelta(seconds=older_than_seconds)
        return self.filter(
            state=MessageState.PENDING,
            created_at__lte=cutoff,
            attempts__lt=settings.OUTBOX_MAX_ATTEMPTS,
        )


class OutgoingMessage(models.Model):
    """A message, persisted before it is sent (the outbox) and shown in the recipient's inbox.

    Rows are written in the same transaction as the event that causes them, rendered in the
    recipient's language; a Celery task sends each after commit and a periodic task resends
    whatever is still pending, so nothing is lost while the broker or the mail server is down.
    """

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="messages",
        verbose_name=_("recipient"),
    )
    to_email = models.EmailField(_("e-mail address"))
    message_type = models.CharField(_("type"), max_length=40, choices=MessageType.choices)
    language = models.CharField(_("language"), max_length=2)
    subject = models.CharField(_("subject"), max_length=250)
    body_text = models.TextField(_("text"))
    body_html = models.TextField(_("HTML"), blank=True)
    link = models.CharField(_("link"), max_length=300, blank=True)
    state = models.CharField(
        _("state"), max_length=10, choices=MessageState.choices, default=MessageState.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now, db_index=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)
    round_code = models.CharField(_("round"), max_length=20, blank=True, db_index=True)

    objects = OutgoingMessageQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        indexes = [
            models.Index(fields=["recipient", "read_at"]),
            models.Index(fields=["state", "created_at"]),
        ]

    def __str__(self):
        return f"{self.to_email}: {self.subject}"
