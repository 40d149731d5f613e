from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from pypdf import PdfReader
from pypdf.errors import FileNotDecryptedError, PyPdfError

from ripso.uploads import too_large

PDF_MAGIC = b"%PDF-"


def validate_pdf_upload(uploaded):
    """Accept a PDF judged by its content, never by its name or the browser's content type.

    The file must start with ``%PDF-``, parse with pypdf and weigh at most
    ``settings.MAX_UPLOAD_BYTES``.
    """
    limit = settings.MAX_UPLOAD_BYTES
    if uploaded.size > limit:
        raise too_large(uploaded.size, limit)
    uploaded.seek(0)
    head = uploaded.read(len(PDF_MAGIC))
    uploaded.seek(0)
    not_pdf = ValidationError(
        _("This file is not a PDF. Save your CV as PDF and upload that file."), code="not_pdf"
    )
    if head != PDF_MAGIC:
        raise not_pdf
    try:
        reader = PdfReader(uploaded)
        if reader.is_encrypted and not reader.decrypt(""):
            raise ValidationError(
                _("This PDF is protected by a password. Upload a copy without a password."),
                code="encrypted",
            )
        if len(reader.pages) < 1:
            raise not_pdf
    except FileNotDecryptedError as exc:
        raise ValidationError(
            _("This PDF is protected by a password. Upload a copy without a password."),
            code="encrypted",
        ) from exc
    except (PyPdfError, ValueError, TypeError, KeyError, OSError) as exc:
        raise not_pdf from exc
    finally:
        uploaded.seek(0)
