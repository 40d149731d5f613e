"""The report as a document: the PDF of a version (WeasyPrint, through Celery), its page count
for the 20-page budget (R5.1), the working-draft previews and the DOCX export.

* ``render(version)`` does the work synchronously (the Celery task ``reports.render_version``
  calls it; so do the demo preparer and the benchmark). Never call it inside a request: views
  queue with ``queue_render(version)``, which sends the task once the transaction commits.
* ``request_preview(report, user)`` freezes the current drafting text into the report's single
  ``preview`` version and queues its rendering; ``budget(report)`` says what the drafting page
  shows (pages, current or outdated) and what the ``send_for_review`` guard checks.
* ``docx_bytes(version)``: the same content as a Word document, for people who edit offline.

Fetching while rendering is limited to the project's own static directory
(``StaticOnlyFetcher``): a section body with an image or stylesheet from the network or from
elsewhere on the disk renders without it.
"""

import datetime
import io
import logging
import time
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.safestring import mark_safe
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from rounds.services import RoundError, log_event

from .enums import PAGE_BUDGET, RenderStatus, SectionKind, VersionKind
from .models import Report, ReportVersion
from .snapshot import content, content_hash

logger = logging.getLogger(__name__)
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)  # a line per page otherwise

NETWORK_NAME = "Red Interamericana de Protección Social / Inter-American Social Protection Network"

# Download names: RIPSO-2026-003-v2-preliminar.pdf. Fixed words per language (a file name is an
# identifier, not a sentence: it must not change when a catalogue is retranslated).
FILE_WORDS = {
    VersionKind.PREVIEW: {"es": "borrador", "en": "draft", "pt": "rascunho", "fr": "brouillon"},
    VersionKind.PRELIMINARY: {
        "es": "preliminar",
        "en": "preliminary",
        "pt": "preliminar",
        "fr": "preliminaire",
    },
    VersionKind.FINAL: {"es": "final", "en": "final", "pt": "final", "fr": "final"},
}


class RenderRefused(RoundError):
    """A preview cannot be rendered now (e.g. the report is no longer being drafted)."""


class RenderFailed(Exception):
    """WeasyPrint or pypdf could not produce the document."""


# --- Fetching: our static files only ----------------------------------------------------------
def static_dir():
    return Path(settings.STATICFILES_DIRS[0]).resolve()


def static_base_url():
    return static_dir().as_uri() + "/"


def static_only_fetcher():
    """A WeasyPrint URL fetcher that reads files under the static directory and refuses every
    other URL (http, https, ftp, data, file:// elsewhere, ``..`` escapes). ``fetched`` and
    ``refused`` list what it was asked for."""
    from weasyprint.urls import URLFetcher

    root = static_dir()

    class StaticOnlyFetcher(URLFetcher):
        def __init__(self):
            super().__init__(allowed_protocols=["file"], timeout=2)
            self.fetched = []
            self.refused = []

        def fetch(self, url, headers=None):
            parts = urlsplit(url)
            path = Path(unquote(parts.path)).resolve() if parts.scheme == "file" else None
            if (
                path is None
                or parts.netloc not in ("", "localhost")
                or not path.is_relative_to(root)
            ):
                self.refused.append(url)
                raise ValueError(f"Refusing to fetch {url!r} for a report")
            self.fetched.append(url)
            return super().fetch(path.as_uri(), headers)

    return StaticOnlyFetcher()


# --- HTML --------------------------------------------------------------------------------------
def css_string(text):
    """``text`` as a CSS string literal, safe inside <style>."""
    text = str(text).replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ")
    return mark_safe('"' + text.replace("<", "\\3c ") + '"')  # noqa: S308 — escaped just above


def _page_of_pages():
    """The footer's "page X of Y" in the current language, as CSS ``content``."""
    text = gettext("Page {page} of {pages}")
    head, _sep, rest = text.partition("{page}")
    middle, _sep, tail = rest.partition("{pages}")
    parts = []
    if head:
        parts.append(css_string(head))
    parts.append("counter(page)")
    if middle:
        parts.append(css_string(middle))
    parts.append("counter(pages)")
    if tail:
        parts.append(css_string(tail))
    return mark_safe(" ".join(parts))  # noqa: S308 — made of escaped strings


def _agenda_rows(items):
    """The agenda annex in three columns, whatever shape the visits app gives its items."""
    rows = []
    for item in items or ():
        if not isinstance(item, dict):
            rows.append({"when": "", "what": str(item), "where": ""})
            continue
        day = _date(item.get("date") or item.get("day"))
        day = date_format(day, "SHORT_DATE_FORMAT") if hasattr(day, "year") else (day or "")
        start = item.get("start") or item.get("time") or ""
        end = item.get("end") or ""
        when = " ".join(str(x) for x in (day, f"{start}–{end}" if start and end else start) if x)
        what = item.get("title") or item.get("activity") or item.get("name") or ""
        where = item.get("institution") or item.get("place") or item.get("location") or ""
        rows.append({"when": when, "what": what, "where": where})
    return rows


def _date(value):
    """An ISO date string as a date (shown in the report's locale), anything else unchanged."""
    if isinstance(value, str) and value:
        try:
            return datetime.date.fromisoformat(value[:10])
        except ValueError:
            return value
    return value


def version_label(kind):
    return {
        VersionKind.PREVIEW: _("Working draft"),
        VersionKind.PRELIMINARY: _("Preliminary report"),
        VersionKind.FINAL: _("Final report"),
    }[kind]


def html_for(data, kind, number=None, date=None):
    """The document's HTML (templates/reports/pdf/report.html) in the report's language."""
    language = data.get("language") or "es"
    with translation.override(language):
        sections = []
        for section in data.get("sections", ()):
            sections.append({**section, "anchor": f"sec-{section.get('kind', len(sections))}"})
        annexes = data.get("annexes") or {}
        running = gettext("Working draft") if kind == VersionKind.PREVIEW else ""
        if kind == VersionKind.PRELIMINARY:
            running = gettext("Preliminary")
        elif kind == VersionKind.FINAL:
            running = gettext("Final")
        code = (data.get("round") or {}).get("code", "")
        context = {
            "data": data,
            "language": language,
            "round": data.get("round") or {},
            "visit_start": _date((data.get("round") or {}).get("visit_start")),
            "visit_end": _date((data.get("round") or {}).get("visit_end")),
            "sections": sections,
            "recommendations": data.get("recommendations") or [],
            "panel": annexes.get("panel") or [],
            "agenda": _agenda_rows(annexes.get("agenda")),
            "institutions": annexes.get("institutions") or [],
            "kind": kind,
            "kind_label": version_label(kind),
            "number": number,
            "date": date or timezone.localdate(),
            "network_name": NETWORK_NAME,
            "header_left": css_string(f"{running} · {code}" if code else running),
            "header_doc": css_string(data.get("title", "")),
            "footer_pages": _page_of_pages(),
            "is_draft": kind == VersionKind.PREVIEW,
            "RECOMMENDATIONS": SectionKind.RECOMMENDATIONS,
            "ANNEXES": SectionKind.ANNEXES,
        }
        return render_to_string("reports/pdf/report.html", context)


def pdf_bytes(data, kind, number=None, date=None, fetcher=None):
    """The PDF of ``data`` (a version's content)."""
    from weasyprint import HTML  # heavy import: only when a PDF is made

    html = html_for(data, kind, number, date)
    return HTML(
        string=html, base_url=static_base_url(), url_fetcher=fetcher or static_only_fetcher()
    ).write_pdf()


def count_pages(pdf):
    from pypdf import PdfReader

    return len(PdfReader(io.BytesIO(pdf)).pages)


def filename(version, extension="pdf"):
    data = version.content or {}
    language = (data.get("language") or "es")[:2]
    word = FILE_WORDS[version.kind].get(language, FILE_WORDS[version.kind]["en"])
    code = (data.get("round") or {}).get("code") or version.report.round.code
    number = f"-v{version.number}" if version.number else ""
    return f"{code}{number}-{word}.{extension}"


# --- Rendering a version ----------------------------------------------------------------------
def render(version):
    """Render ``version`` to PDF now and store the file with its page count. Returns the version
    (done or failed). The previous file of the version, if any, is replaced."""
    version.render_status = RenderStatus.RENDERING
    version.render_error = ""
    version.save(update_fields=["render_status", "render_error"])
    started = time.perf_counter()
    old = version.pdf.name
    try:
        pdf = pdf_bytes(version.content, version.kind, version.number, _local_date(version))
        pages = count_pages(pdf)
        version.pdf.save(filename(version), ContentFile(pdf), save=False)
    except Exception:
        logger.exception("Rendering report version %s failed", version.pk)
        version.render_status = RenderStatus.FAILED
        version.render_error = str(
            _(
                "The PDF could not be produced. Render it again; if it fails again, tell the "
                "Technical Secretariat (the details are in the server's log)."
            )
        )
        version.render_seconds = round(time.perf_counter() - started, 3)
        version.save(update_fields=["render_status", "render_error", "render_seconds"])
        return version
    if old and old != version.pdf.name:
        version.pdf.storage.delete(old)
    version.page_count = pages
    version.rendered_at = timezone.now()
    version.render_seconds = round(time.perf_counter() - started, 3)
    version.render_status = RenderStatus.DONE
    version.save(
        update_fields=["pdf", "page_count", "rendered_at", "render_seconds", "render_status"]
    )
    return version


def _local_date(version):
    return timezone.localdate(version.created_at) if version.created_at else None


def claim(version_id):
    """Mark a version as rendering if nobody else is; the version, or None (gone, or already
    being rendered or rendered: a task delivered twice renders once)."""
    taken = ReportVersion.objects.filter(
        pk=version_id, render_status__in=[RenderStatus.PENDING, RenderStatus.FAILED]
    ).update(render_status=RenderStatus.RENDERING)
    if not taken:
        return None
    return ReportVersion.objects.select_related("report__round").get(pk=version_id)


def queue_render(version):
    """Send ``version`` to the Celery worker once the current transaction commits."""
    from .tasks import render_version

    pk = version.pk
    transaction.on_commit(lambda: render_version.delay(pk))


def queue_pending(report_id):
    """Queue every version of the report still waiting for its PDF (after a transition froze
    one). Runs at commit time, so it sees the versions every effect created."""
    from .tasks import render_version

    pks = list(
        ReportVersion.objects.filter(
            report_id=report_id, render_status=RenderStatus.PENDING
        ).values_list("pk", flat=True)
    )
    for pk in pks:
        render_version.delay(pk)
    return pks


def render_again(version, user):
    """A failed (or stuck) PDF: back to pending and queued again."""
    with transaction.atomic():
        ReportVersion.objects.filter(pk=version.pk).update(
            render_status=RenderStatus.PENDING, render_error=""
        )
        version.render_status, version.render_error = RenderStatus.PENDING, ""
        queue_render(version)
    return version


# --- Working-draft previews (R5.1 while drafting) -----------------------------------------------
def snapshot_preview(report, user):
    """Freeze the current drafting text into the report's one ``preview`` version (older previews
    and their files are deleted). Not queued: see ``request_preview``."""
    data = content(report)
    with transaction.atomic():
        Report.objects.select_for_update().filter(pk=report.pk).first()  # one preview at a time
        old = list(report.versions.filter(kind=VersionKind.PREVIEW))
        files = [v.pdf.name for v in old if v.pdf]
        for version in old:
            version.delete()
        version = ReportVersion.objects.create(
            report=report,
            kind=VersionKind.PREVIEW,
            content=data,
            content_hash=content_hash(data),
            created_by=user,
        )
        if files:
            storage = ReportVersion._meta.get_field("pdf").storage

            def remove():
                for name in files:
                    storage.delete(name)

            transaction.on_commit(remove)
    return version


def request_preview(report, user):
    """Render the working draft to learn its page count (R5.1): snapshot now, PDF by the worker.
    Only while the report is being drafted."""
    from rounds.enums import RoundState

    rnd = report.round
    if rnd.status != RoundState.REPORT_DRAFTING:
        raise RenderRefused(
            _("The working draft can be rendered only while the report is drafted.")
        )
    with transaction.atomic():
        version = snapshot_preview(report, user)
        log_event(
            rnd,
            user,
            "reports.preview.requested",
            data={"version": version.pk, "content_hash": version.content_hash},
            visibility="panel",
        )
        queue_render(version)
    return version


def latest_preview(report):
    return report.versions.filter(kind=VersionKind.PREVIEW).order_by("-created_at", "-pk").first()


class Budget:
    """What the drafting page shows about the 20-page budget (R5.1), and what the guard checks."""

    LIMIT = PAGE_BUDGET

    def __init__(self, report, preview=None, current_hash=None):
        self.report = report
        self.preview = preview
        self.current_hash = current_hash

    @property
    def status(self):
        return self.preview.render_status if self.preview else None

    @property
    def working(self):
        return self.status in (RenderStatus.PENDING, RenderStatus.RENDERING)

    @property
    def done(self):
        return self.status == RenderStatus.DONE

    @property
    def failed(self):
        return self.status == RenderStatus.FAILED

    @property
    def pages(self):
        return self.preview.page_count if self.done else None

    @property
    def is_current(self):
        return bool(self.preview) and self.preview.content_hash == self.current_hash

    @property
    def over(self):
        return self.pages is not None and self.pages > self.LIMIT

    @property
    def level(self):
        """ok (under 80 %), near (80–100 %), over."""
        if self.pages is None:
            return ""
        if self.over:
            return "over"
        return "near" if self.pages >= 0.8 * self.LIMIT else "ok"

    @property
    def percent(self):
        if self.pages is None:
            return 0
        return min(100, round(100 * self.pages / self.LIMIT))

    @property
    def bar(self):
        """The progress bar's value (full when over budget)."""
        return min(self.pages or 0, self.LIMIT)

    @property
    def excess(self):
        return max(0, (self.pages or 0) - self.LIMIT)

    def blockers(self):
        """What the ``send_for_review`` guard says is missing (R5.1)."""
        if not (self.done and self.is_current):
            if self.preview and self.is_current and self.working:
                yield _("Wait until the working draft is rendered: its pages are being counted.")
            else:
                yield _("Render the working draft to count its pages (R5.1).")
            return
        if self.over:
            yield _("The report has %(pages)d pages: at most %(limit)d (R5.1).") % {
                "pages": self.pages,
                "limit": self.LIMIT,
            }


def budget(report):
    if report is None:
        return Budget(None)
    return Budget(report, latest_preview(report), content_hash(content(report)))


# --- DOCX ----------------------------------------------------------------------------------------
def docx_bytes(version):
    """The version as a Word document: headings, paragraphs, lists, tables, bold and italics, the
    recommendations table and the annexes."""
    from .docx_export import build

    return build(version)
