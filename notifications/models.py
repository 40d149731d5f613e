from django.conf import settings
from django.db import models
from django.db.models import Case, Count, IntegerField, Q, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .enums import MessageState, MessageType, Task

# An unread message whose task nobody has done yet: "something needs me".
NEEDS_ME = Q(read_at__isnull=True, done_at__isnull=True) & ~Q(task="")


class OutgoingMessageQuerySet(models.QuerySet):
    def for_inbox(self, user):
        return self.filter(recipient=user)

    def unread(self):
        return self.filter(read_at__isnull=True)

    def needs_me(self):
        return self.filter(NEEDS_ME)

    def inbox_counts(self):
        """``{"needs_me": n, "unread": m}`` of these messages, in one query."""
        return self.unread().aggregate(
            needs_me=Count("pk", filter=~Q(task="") & Q(done_at__isnull=True)),
            unread=Count("pk"),
        )

    def inbox_order(self):
        """What needs the person first, then the other unread messages, then the rest; newest
        first within each."""
        return self.annotate(
            inbox_rank=Case(
                When(NEEDS_ME, then=Value(0)),
                When(read_at__isnull=True, then=Value(1)),
                default=Value(2),
                output_field=IntegerField(),
            )
        ).order_by("inbox_rank", "-created_at", "-pk")

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
    # What the message asks its recipient to do (notifications.enums.Task; blank: it informs),
    # about which object of the round ("seat:12", "questionnaire:3"; blank: the round itself),
    # and when that was done, by the recipient or by a colleague sharing the task.
    task = models.CharField(_("task"), max_length=30, blank=True)
    ref = models.CharField(_("object"), max_length=40, blank=True)
    done_at = models.DateTimeField(_("task done"), null=True, blank=True)

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

    @property
    def task_label(self):
        return Task(self.task).label if self.task in Task.values else ""

    @property
    def needs_me(self):
        return bool(self.task) and self.read_at is None and self.done_at is None
