"""Demo preparers of the publication transitions (R5.4), see rounds/demo.py.

``publish``: the focal point chose *public* and uploaded a signed authorization — a small real
PDF letter (WeasyPrint) "Autorización de publicación" signed by a fictional authority. The
report, a portal summary and the final version are made here only when the drafting app has not
made them (on its own branch the approval freezes the final version).

``keep_internal``: the focal point chose *internal*.

Actors are found on the round (``people`` may be empty in tests): the focal point of the
beneficiary institution, else whoever created the round. Idempotent per round.
"""

import hashlib
import logging
from functools import lru_cache
from html import escape

from django.core.files.base import ContentFile

from accounts.enums import Role
from accounts.models import User
from rounds.demo import prepare

from . import snapshot
from .enums import PublicationChoice, VersionKind
from .models import PublicationAuthorization, Report, ReportVersion

SIGNERS = {
    "es": "Dra. Mariana Estrada Lobos, Ministra",
    "en": "Hon. Patricia Clarke, Minister",
    "pt": "Dra. Helena Duarte, Ministra",
    "fr": "Mme Josette Pierre, Ministre",
}


def _focal_point(rnd):
    user = (
        User.objects.filter(role=Role.FOCAL_POINT, institution_id=rnd.institution_id)
        .order_by("-is_active", "pk")
        .first()
    )
    return user or rnd.created_by


def _report(rnd, at):
    report = Report.objects.filter(round=rnd).first()
    if report is None:
        report = Report.objects.create(
            round=rnd, title=rnd.title, language="es", created_at=at or rnd.created_at
        )
    if not report.summary.strip():
        report.summary = (
            f"Ronda de cooperación técnica entre pares sobre «{rnd.title}» "
            f"({rnd.institution.name}). {rnd.goal}".strip()
        )[:1500]
        report.save(update_fields=["summary"])
    return report


def _final_version(report, at):
    if report.versions.filter(kind=VersionKind.FINAL).exists():
        return
    number = report.versions.exclude(number=None).order_by("-number").first()
    content = snapshot.content(report)
    ReportVersion.objects.create(
        report=report,
        kind=VersionKind.FINAL,
        number=(number.number + 1) if number else 1,
        content=content,
        content_hash=snapshot.content_hash(content),
        created_at=at,
    )


@lru_cache(maxsize=16)
def authorization_pdf(institution, country, round_code, title, signer):
    """A one-page letter authorizing publication, as PDF bytes (WeasyPrint, no network)."""
    from weasyprint import HTML

    logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)  # quiet demo seeding
    html = f"""<!DOCTYPE html><html lang="es"><head><meta charset="utf-8"><style>
      @page {{ size: A4; margin: 2.5cm; }}
      body {{ font-family: sans-serif; font-size: 11pt; line-height: 1.5; color: #1f2933; }}
      h1 {{ font-size: 15pt; color: #0b3d6e; }}
      .sign {{ margin-top: 3cm; border-top: 1px solid #333; width: 8cm; padding-top: .2cm; }}
    </style></head><body>
    <p>{escape(institution)} · {escape(country)}</p>
    <h1>Autorización de publicación</h1>
    <p>A la Secretaría Técnica de la Red Interamericana de Protección Social (RIPSO),
    Departamento de Inclusión Social de la OEA:</p>
    <p>Por la presente autorizamos la publicación en el portal público de la Red del informe
    final de la ronda de cooperación técnica {escape(round_code)}, «{escape(title)}», en la
    versión aprobada por nuestra institución.</p>
    <p>Atentamente,</p>
    <div class="sign">{escape(signer)}<br>{escape(institution)}</div>
    <p><small>Documento ficticio generado para los datos de demostración.</small></p>
    </body></html>"""
    return HTML(string=html, url_fetcher=_no_fetch).write_pdf()


def _no_fetch(url, *args, **kwargs):
    raise ValueError(f"Refusing to fetch {url!r} for a demo letter")


@prepare("publish")
def public_choice_and_signed_authorization(rnd, *, at, people):
    report = _report(rnd, at)
    _final_version(report, at)
    focal_point = _focal_point(rnd)
    if report.publication_choice != PublicationChoice.PUBLIC:
        report.publication_choice = PublicationChoice.PUBLIC
        report.publication_chosen_by = focal_point
        report.publication_chosen_at = at
        report.save(
            update_fields=["publication_choice", "publication_chosen_by", "publication_chosen_at"]
        )
    if report.authorizations.exists():
        return
    from rounds.demo import country_language

    signer = SIGNERS[country_language(rnd.country.code)]
    data = authorization_pdf(rnd.institution.name, rnd.country.name_es, rnd.code, rnd.title, signer)
    authorization = PublicationAuthorization(
        report=report,
        original_name=f"autorizacion-{rnd.code}.pdf",
        sha256=hashlib.sha256(data).hexdigest(),
        signed_by=signer,
        uploaded_by=focal_point,
        uploaded_at=at,
    )
    authorization.file.save("authorization.pdf", ContentFile(data), save=False)
    authorization.save()


@prepare("keep_internal")
def internal_choice(rnd, *, at, people):
    report = _report(rnd, at)
    if report.publication_choice == PublicationChoice.INTERNAL:
        return
    report.publication_choice = PublicationChoice.INTERNAL
    report.publication_chosen_by = _focal_point(rnd)
    report.publication_chosen_at = at
    report.save(
        update_fields=["publication_choice", "publication_chosen_by", "publication_chosen_at"]
    )
