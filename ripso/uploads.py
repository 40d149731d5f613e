"""Uploaded documents are judged by their content, never by their name or declared type.

``check_document(uploaded, allowed)`` returns the detected kind ("pdf", "docx", "xlsx", "pptx",
"odt") or raises a ValidationError whose message tells the person what to do. Office formats are
ZIP containers: they are opened and their declared unpacked size is bounded, so a small
"zip bomb" cannot expand into gigabytes on the server.
"""

import logging
import os
import re
import zipfile

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from pypdf import PdfReader

from ripso.security_log import security_event

DOCUMENT_KINDS = ("pdf", "docx", "xlsx", "pptx", "odt")
EXTENSIONS = {
    "pdf": {".pdf"},
    "docx": {".docx"},
    "xlsx": {".xlsx"},
    "pptx": {".pptx"},
    "odt": {".odt"},
}
CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "odt": "application/vnd.oasis.opendocument.text",
}
OOXML_MARKERS = {
    "docx": "word/document.xml",
    "xlsx": "xl/workbook.xml",
    "pptx": "ppt/presentation.xml",
}
MAX_UNPACKED_BYTES = 200 * 1024 * 1024
MAX_ZIP_ENTRIES = 5000
MAX_RATIO = 150  # unpacked / packed, for the archive as a whole


def clean_filename(name):
    """Refuse a file name that carries a folder path; return the plain name otherwise."""
    if not name or "/" in name or "\\" in name or name in {".", ".."} or "\x00" in name:
        raise ValidationError(
            _("The file name must not contain a folder path. Rename the file and try again."),
            code="path_in_name",
        )
    return name[:200]


def _pdf_parses(uploaded):
    """A file that starts like a PDF must be one: its cross-reference table and page tree parse.

    Stops polyglots (an HTML or script file behind a ``%PDF-`` header). An encrypted PDF whose
    structure parsed is accepted: its contents are its owner's business.
    """
    uploaded.seek(0)
    try:
        reader = PdfReader(uploaded, strict=False)
        if reader.is_encrypted:
            return True
        return len(reader.pages) > 0
    except Exception:  # noqa: BLE001 - pypdf raises many kinds of error on malformed input
        return False


def _detect(head, uploaded):
    if head.startswith(b"%PDF-"):
        if _pdf_parses(uploaded):
            return "pdf"
        security_event(
            "upload.refused", level=logging.WARNING, reason="pdf_does_not_parse", name=uploaded.name
        )
        return None
    if not head.startswith(b"PK\x03\x04"):
        return None
    uploaded.seek(0)
    try:
        with zipfile.ZipFile(uploaded) as archive:
            infos = archive.infolist()
            if len(infos) > MAX_ZIP_ENTRIES:
                raise _bomb()
            unpacked = sum(i.file_size for i in infos)
            packed = max(1, sum(i.compress_size for i in infos))
            if unpacked > MAX_UNPACKED_BYTES or unpacked / packed > MAX_RATIO:
                raise _bomb()
            names = {i.filename for i in infos}
            if "mimetype" in names:
                with archive.open("mimetype") as handle:
                    mimetype = handle.read(100).strip()
                if mimetype == CONTENT_TYPES["odt"].encode():
                    return "odt"
                return None
            if "[Content_Types].xml" in names:
                for kind, marker in OOXML_MARKERS.items():
                    if marker in names:
                        return kind
    except zipfile.BadZipFile:
        return None
    return None


def _bomb():
    return ValidationError(
        _(
            "This file expands to far more data than a document should. Open it, save it "
            "again and upload the new copy."
        ),
        code="zip_bomb",
    )


def size_text(size):
    """``filesizeformat`` without a useless ".0": "20 MB", "20.3 MB", "512 bytes"."""
    return re.sub(r"[.,]0(?=\D*$)", "", str(filesizeformat(size)))


def too_large(size, limit):
    """The refusal of a file of ``size`` bytes over ``limit``, in sizes that differ.

    Rounded to one decimal, a file one byte over 20 MB would read "20 MB" like its limit; then both
    are given in bytes ("20,971,521 bytes. The limit is 20,971,520 bytes (20 MB)").
    """
    shown, allowed = size_text(size), size_text(limit)
    if shown == allowed:
        in_bytes = _("%(count)s bytes")
        shown = in_bytes % {"count": number_format(size, force_grouping=True)}
        exact = in_bytes % {"count": number_format(limit, force_grouping=True)}
        allowed = f"{exact} ({allowed})"
    return ValidationError(
        _("The file is too large (%(size)s). The limit is %(limit)s.")
        % {"size": shown, "limit": allowed},
        code="too_large",
    )


def check_document(uploaded, allowed=DOCUMENT_KINDS, max_bytes=None):
    """Validate an uploaded document; return its detected kind."""
    max_bytes = max_bytes or settings.MAX_UPLOAD_BYTES
    name = clean_filename(uploaded.name)
    if uploaded.size > max_bytes:
        raise too_large(uploaded.size, max_bytes)
    allowed_names = ", ".join(k.upper() for k in allowed)
    uploaded.seek(0)
    head = uploaded.read(8)
    try:
        kind = _detect(head, uploaded)
    finally:
        uploaded.seek(0)
    if kind not in allowed:
        raise ValidationError(
            _("This file is not a valid document of an accepted type (%(types)s).")
            % {"types": allowed_names},
            code="bad_type",
        )
    ext = os.path.splitext(name)[1].lower()
    if ext not in EXTENSIONS[kind]:
        raise ValidationError(
            _(
                "The file's content is %(kind)s but its name ends in “%(ext)s”. Rename it and try again."
            )
            % {"kind": kind.upper(), "ext": ext or "—"},
            code="extension_mismatch",
        )
    return kind
