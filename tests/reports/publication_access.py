"""The publication, follow-up and portal rows of the access matrix (tests/test_access.py).

Built inside each test's savepoint from Guatemala's round in country review: the focal point
approves it (``approved``), chooses public and uploads the authorization (``authorized``), the
secretariat publishes it (``published``, its final version with a PDF). Mexico declined before
the panel was confirmed: on these rounds she is "anyone else".

``reports:version_pdf#published``: the PDF of a published report's final version is public (the
PDF rows themselves are in tests/reports/pdf_access.py).
"""

from django.core.files.base import ContentFile
from django.utils import timezone

from reports.models import PublicationAuthorization, Recommendation, Report
from rounds.demo import run_preparers
from rounds.models import Round
from rounds.services import transition_round
from tests.access_table import (
    FORBIDDEN,
    LOGIN,
    NOT_ALLOWED,
    NOT_FOUND,
    OK,
    REDIRECT,
    PostCase,
    everyone,
    row,
)
from tests.reports.publication_helpers import authorize, give_report, pdf_bytes, signed_pdf


def snapshot():
    return {
        "reports": list(
            Report.objects.order_by("pk").values_list(
                "pk", "publication_choice", "summary", "published_at"
            )
        ),
        "authorizations": PublicationAuthorization.objects.count(),
        "follow_up": list(
            Recommendation.objects.order_by("pk").values_list("pk", "follow_up_status", "version")
        ),
    }


# --- Builders ------------------------------------------------------------------------------------
def approved(w):
    rnd = Round.objects.get(pk=w.rounds["country_review"].pk)
    if rnd.status == "country_review":
        run_preparers(rnd, "approve", at=timezone.now(), people={})
        rnd = transition_round(rnd.pk, "approve", w.cast.gt_focal_point)
    give_report(rnd)
    return rnd


def chose_public(w):
    rnd = approved(w)
    report = Report.objects.get(round=rnd)
    report.publication_choice = "public"
    report.publication_chosen_by = w.cast.gt_focal_point
    report.save()
    return rnd


def authorized(w):
    rnd = approved(w)
    authorize(rnd, w.cast.gt_focal_point)
    return rnd


def published(w):
    rnd = authorized(w)
    rnd = transition_round(rnd.pk, "publish", w.cast.secretariat)
    version = Report.objects.get(round=rnd).versions.get(kind="final")
    # What the rendering task stores once the transaction commits (it never commits here).
    version.pdf.save("final.pdf", ContentFile(pdf_bytes(2)), save=False)
    version.render_status, version.page_count = "done", 2
    version.save()
    return rnd


def code(builder):
    return lambda w, role: {"code": builder(w).code}


def authorization_kwargs(w, role):
    rnd = authorized(w)
    return {"code": rnd.code, "pk": Report.objects.get(round=rnd).authorizations.get().pk}


def recommendation_kwargs(w, role):
    rnd = approved(w)
    return {"code": rnd.code, "pk": Recommendation.objects.filter(report__round=rnd).first().pk}


def version_pdf_kwargs(w, role):
    rnd = published(w)
    return {"code": rnd.code, "pk": Report.objects.get(round=rnd).versions.get(kind="final").pk}


# fmt: off
#                       anon   S          C          F          T          E          I          O-F        O-T        O-E        former
POST_ONLY = row(        LOGIN, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED, LOGIN)
PUBLICATION = row(      LOGIN, OK,        OK,        OK,        FORBIDDEN, FORBIDDEN, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, LOGIN)
FOLLOW_UP = row(        LOGIN, OK,        OK,        OK,        OK,        OK,        NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, LOGIN)

EXPECTED = {
    # The publication page (R5.4): S and C view, F chooses; T and E are on the round: 403.
    "reports:publication": PUBLICATION,
    "reports:publication_choose": POST_ONLY,
    "reports:authorization_upload": POST_ONLY,
    "reports:publication_summary": POST_ONLY,
    # The signed authorization: S, C and F only, through this view.
    "reports:authorization_download": PUBLICATION,
    # Follow-up of recommendations (R5.5): everyone on the round reads it.
    "reports:follow_up": FOLLOW_UP,
    "reports:follow_up_save": POST_ONLY,
    "reports:follow_up_overview": row(
                            LOGIN, OK,        OK,        NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, LOGIN),
    # The published final version's PDF is public (the portal links it).
    "reports:version_pdf#published": everyone(OK),
    # The public portal: no login, the same for everyone.
    "portal:home": everyone(OK),
    "portal:reports": everyone(OK),
    "portal:results": everyone(OK),
    "portal:report": everyone(OK),
    # A report approved but not published: nobody finds it on the portal.
    "portal:report#unpublished": everyone(NOT_FOUND),
    "portal:report#internal": everyone(NOT_FOUND),
}

KWARGS = {
    "reports:publication": code(approved),
    "reports:publication_choose": code(approved),
    "reports:authorization_upload": code(approved),
    "reports:publication_summary": code(approved),
    "reports:authorization_download": authorization_kwargs,
    "reports:follow_up": code(approved),
    "reports:follow_up_save": recommendation_kwargs,
    "reports:version_pdf#published": version_pdf_kwargs,
    "portal:report": code(published),
    "portal:report#unpublished": code(authorized),
    "portal:report#internal": lambda w, role: {
        "code": transition_round(approved(w).pk, "keep_internal", w.cast.gt_focal_point).code
    },
}


# --- Writes ----------------------------------------------------------------------------------------
def _on(builder):
    return lambda w, rnd: {"code": builder(w).code}


def _chosen(w, rnd, before, role):
    assert Report.objects.get(round=rnd).publication_choice == "public"


def _uploaded(w, rnd, before, role):
    authorization = Report.objects.get(round=rnd).authorizations.get()
    assert (authorization.signed_by, authorization.uploaded_by) == ("Ana Ruiz", w.users[role])


def _summary_saved(w, rnd, before, role):
    assert Report.objects.get(round=rnd).summary == "Resumen para el portal."


def _summary_data(w, rnd):
    return {"summary": "Resumen para el portal.", "expected": Report.objects.get(round=rnd).summary}


def _follow_up_on(w, rnd):
    return recommendation_kwargs(w, None)


def _follow_up_data(w, rnd):
    item = Recommendation.objects.filter(report__round=rnd).first()
    return {f"r{item.pk}-status": "in_progress", f"r{item.pk}-note": "En curso.",
            f"r{item.pk}-version": item.version}  # fmt: skip


def _followed_up(w, rnd, before, role):
    item = Recommendation.objects.filter(report__round=rnd).first()
    assert (item.follow_up_status, item.follow_up_note) == ("in_progress", "En curso.")


def _transition_on(builder, name):
    return lambda w, rnd: {"code": builder(w).code, "name": name}


def _published(w, rnd, before, role):
    rnd.refresh_from_db()
    assert rnd.status == "published"
    assert Report.objects.get(round=rnd).published_at is not None


def _kept_internal(w, rnd, before, role):
    rnd.refresh_from_db()
    assert rnd.status == "closed_internal"
    assert Report.objects.get(round=rnd).publication_choice == "internal"


#                             anon   S          C          F          T          E          I          O-F        O-T        O-E        former
FOCAL_POINT_WRITE = row(      LOGIN, FORBIDDEN, FORBIDDEN, REDIRECT,  FORBIDDEN, FORBIDDEN, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, LOGIN)
SECRETARIAT_WRITE = row(      LOGIN, REDIRECT,  REDIRECT,  FORBIDDEN, FORBIDDEN, FORBIDDEN, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, LOGIN)
FOLLOW_UP_WRITE = row(        LOGIN, REDIRECT,  REDIRECT,  REDIRECT,  FORBIDDEN, FORBIDDEN, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, LOGIN)

POST_EXPECTED = {
    "reports:publication_choose": PostCase(
        "reports:publication_choose", FOCAL_POINT_WRITE, "country_review",
        kwargs=_on(approved), data=lambda w, rnd: {"choice": "public"}, done=_chosen),
    "reports:authorization_upload": PostCase(
        "reports:authorization_upload", FOCAL_POINT_WRITE, "country_review",
        kwargs=_on(chose_public),
        data=lambda w, rnd: {"file": signed_pdf(), "signed_by": "Ana Ruiz"}, done=_uploaded),
    "reports:publication_summary": PostCase(
        "reports:publication_summary", SECRETARIAT_WRITE, "country_review",
        kwargs=_on(approved), data=_summary_data, done=_summary_saved),
    "reports:follow_up_save": PostCase(
        "reports:follow_up_save", FOLLOW_UP_WRITE, "country_review",
        kwargs=_follow_up_on, data=_follow_up_data, done=_followed_up),
    "rounds:transition#publish": PostCase(
        "rounds:transition", SECRETARIAT_WRITE, "country_review",
        kwargs=_transition_on(authorized, "publish"), done=_published),
    "rounds:transition#keep_internal": PostCase(
        "rounds:transition", FOCAL_POINT_WRITE, "country_review",
        kwargs=_transition_on(approved, "keep_internal"), done=_kept_internal),
}
# fmt: on
