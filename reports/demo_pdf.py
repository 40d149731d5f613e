"""Demo preparer: before ``send_for_review`` the working draft is rendered synchronously (not
through Celery), so the 20-page guard (R5.1) passes in ``seed_demo`` and in the tests'
``make_round``. Idempotent: a preview of the current text is not rendered twice."""

from accounts.enums import Role
from accounts.models import User
from rounds.demo import prepare

from . import rendering
from .enums import RenderStatus
from .models import Report
from .snapshot import content, content_hash


@prepare("send_for_review")
def rendered_working_draft(rnd, *, at, people):
    report = Report.objects.filter(round=rnd).first()
    if report is None:  # the drafting preparers normally wrote it; a bare one otherwise
        report = Report.objects.create(round=rnd, title=rnd.title, language="es")
    preview = rendering.latest_preview(report)
    if (
        preview
        and preview.render_status == RenderStatus.DONE
        and preview.content_hash == content_hash(content(report))
    ):
        return
    author = User.objects.filter(role=Role.SECRETARIAT, is_active=True).order_by("pk").first()
    rendering.render(rendering.snapshot_preview(report, author))
