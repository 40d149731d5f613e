"""Next steps of phase 5 (see rounds/next_steps.py): drafting, the country's review (R5.2) and
the publication decision (R5.4). Two or three queries for any number of rounds."""

from collections import defaultdict

from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from rounds.enums import RoundState
from rounds.next_steps import Who, step_provider

from .enums import PublicationChoice
from .models import Contribution, PublicationAuthorization, Report

S = RoundState


@step_provider
def report_steps(ctx):
    drafting = ctx.in_states(S.REPORT_DRAFTING)
    if drafting:
        pending = defaultdict(list)
        for row in Contribution.objects.filter(
            section__report__round_id__in=[r.pk for r in drafting], submitted_at__isnull=True
        ).values("section__report__round_id", "section__kind", "section__title", "author_id",
                 "author__full_name"):  # fmt: skip
            pending[row["section__report__round_id"]].append(row)
        for rnd in drafting:
            yield from _drafting_steps(ctx, rnd, pending[rnd.pk])
    for rnd in ctx.in_states(S.COUNTRY_REVIEW):
        url = reverse("reports:report", args=[rnd.code])
        if ctx.is_team_member(rnd):
            yield ctx.step(
                rnd,
                _("Read the preliminary report and send your comments to the focal point"),
                url,
                who=Who.FOCAL_POINT,
                mine=True,
                rule="R5.2",
                order=20,
            )
            continue
        yield ctx.step(
            rnd,
            _("Review the preliminary report: approve it or request changes"),
            url,
            who=Who.FOCAL_POINT,
            mine=ctx.is_focal_point(rnd),
            rule="R5.2",
            order=10,
            primary=True,
            key="review",
        )
    approved = ctx.in_states(S.APPROVED)
    if approved:
        authorized = PublicationAuthorization.objects.filter(report_id=OuterRef("pk"))
        reports = {
            row["round_id"]: row
            for row in Report.objects.filter(round_id__in=[r.pk for r in approved])
            .annotate(authorized=Exists(authorized))
            .values("round_id", "publication_choice", "summary", "authorized")
        }
        for rnd in approved:
            yield from _publication_steps(ctx, rnd, reports.get(rnd.pk))


def _drafting_steps(ctx, rnd, pending):
    drafting = reverse("reports:report", args=[rnd.code])
    for row in pending:
        if row["author_id"] == ctx.user.pk:
            yield ctx.step(
                rnd,
                _("Write your contribution to “%(section)s” and mark it ready")
                % {"section": row["section__title"]},
                f"{drafting}#section-{row['section__kind']}",
                who=Who.EXPERTS,
                mine=True,
                rule="R5.1",
                order=15,
            )
    others = [row["author__full_name"] for row in pending if row["author_id"] != ctx.user.pk]
    if others and ctx.is_staff:
        yield ctx.step(
            rnd,
            _("Contributions not marked ready yet: %(names)s")
            % {"names": ", ".join(sorted(set(others)))},
            drafting,
            who=Who.EXPERTS,
            mine=False,
            rule="R5.1",
            order=30,
        )
    yield ctx.step(
        rnd,
        _("Write the report and send it to the country for review"),
        drafting,
        who=Who.SECRETARIAT,
        mine=ctx.is_staff,
        rule="R5.1–R5.3",
        order=10,
        primary=True,
        key="send_for_review",
    )


def _publication_steps(ctx, rnd, report):
    """R5.4: the focal point decides and, for a public report, uploads the signed authorization;
    then the secretariat checks the portal summary and publishes."""
    page = reverse("reports:publication", args=[rnd.code])
    focal = ctx.is_focal_point(rnd)
    choice = report["publication_choice"] if report else PublicationChoice.UNDECIDED
    if choice == PublicationChoice.UNDECIDED:
        yield ctx.step(
            rnd,
            _("Decide on the publication of the report: public or internal"),
            page,
            who=Who.FOCAL_POINT,
            mine=focal,
            rule="R5.4",
            order=5,
            primary=True,
            key="publication",
        )
        return
    if choice != PublicationChoice.PUBLIC:
        return
    if not report["authorized"]:
        yield ctx.step(
            rnd,
            _("Upload the signed written authorization to publish the report"),
            f"{page}#authorization",
            who=Who.FOCAL_POINT,
            mine=focal,
            rule="R5.4",
            order=5,
            primary=True,
            key="publication",
        )
        if ctx.is_staff and not (report["summary"] or "").strip():
            yield ctx.step(
                rnd,
                _("Write the summary of the report for the public portal"),
                f"{page}#summary",
                who=Who.SECRETARIAT,
                mine=True,
                rule="R5.4",
                order=20,
            )
        return
    yield ctx.step(
        rnd,
        _("Check the authorization and the portal summary, then publish the report"),
        page,
        who=Who.SECRETARIAT,
        mine=ctx.is_staff,
        rule="R5.4",
        order=5,
        primary=True,
        key="publication",
    )
