"""Next steps of phases 3 and 4 (see rounds/next_steps.py): questionnaires, agenda, logistics,
the visibility of the visit (R4.4) and the visit itself.

The same conditions as the guards of ``schedule_visit`` (``visits.guards``, ``guards_agenda``,
``guards_logistics``), read for many rounds at once: one query per kind of object, never one per
round. The guards stay the authority; the round page lists their exact messages.
"""

from collections import Counter, defaultdict

from django.db.models import Count, Exists, OuterRef
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext, pgettext_lazy

from accounts.enums import Role
from rounds.enums import CLOSED_STATES, RoundState
from rounds.next_steps import Who, round_url, step_provider

from .agenda_models import AgendaVersion, Visit
from .enums import Audience, QuestionnaireKind, QuestionnaireStatus
from .logistics_models import Arrangement, ArrangementStatus, RoundLogistics, Side
from .models import Questionnaire, RespondentSubmission

S = RoundState
SECRETARIAT_AND_FOCAL_POINT = pgettext_lazy(
    "waiting for", "the Technical Secretariat and the country's focal point"
)


def _questionnaire_url(rnd, pk):
    return reverse("visits:questionnaire", args=[rnd.code, pk])


@step_provider
def questionnaires(ctx):
    """Write and release (experts, secretariat); answer and submit (the country, R3.2, R3.3);
    answer one's own questionnaire (the panel, every participant)."""
    open_rounds = {r.pk: r for r in ctx.rounds if r.status not in CLOSED_STATES and r.methodology}
    if not open_rounds:
        return
    rows = list(
        Questionnaire.objects.filter(round_id__in=list(open_rounds))
        .exclude(status=QuestionnaireStatus.CLOSED)
        .values("pk", "round_id", "kind", "audience", "status", "title")
        .order_by("round_id", "pk")
    )
    has_technical = {
        r["round_id"]
        for r in rows
        if r["kind"] == QuestionnaireKind.TECHNICAL and r["audience"] == Audience.COUNTRY_TEAM
    }
    own = [
        r["pk"]
        for r in rows
        if r["status"] == QuestionnaireStatus.RELEASED and r["audience"] != Audience.COUNTRY_TEAM
    ]
    sent = (
        set(
            RespondentSubmission.objects.filter(
                respondent_id=ctx.user.pk, questionnaire_id__in=own
            ).values_list("questionnaire_id", flat=True)
        )
        if own and not ctx.is_staff
        else set()
    )
    for rnd in open_rounds.values():
        if rnd.status == S.PREPARATION and rnd.pk not in has_technical:
            yield ctx.step(
                rnd,
                _("Create the technical questionnaire and release it to the country"),
                reverse("visits:list", args=[rnd.code]),
                who=Who.SECRETARIAT,
                mine=ctx.is_staff,
                rule="R3.2",
                order=20,
            )
    for row in rows:
        rnd = open_rounds[row["round_id"]]
        url = _questionnaire_url(rnd, row["pk"])
        names = {"title": row["title"]}
        if row["status"] == QuestionnaireStatus.DRAFTING:
            by_panel = row["kind"] in (QuestionnaireKind.TECHNICAL, QuestionnaireKind.OTHER)
            if by_panel:
                yield ctx.step(
                    rnd,
                    _("Write your questions for “%(title)s”") % names,
                    url,
                    who=Who.EXPERTS,
                    mine=ctx.is_panelist(rnd) and not ctx.is_staff,
                    rule="R3.2",
                    order=25,
                )
            yield ctx.step(
                rnd,
                _("Review the questions of “%(title)s” and release it") % names,
                url,
                who=Who.SECRETARIAT,
                mine=ctx.is_staff,
                rule="R3.3" if row["kind"] == QuestionnaireKind.SELF_ASSESSMENT else "R3.2",
                order=26,
            )
        elif row["status"] == QuestionnaireStatus.RELEASED:
            if row["audience"] == Audience.COUNTRY_TEAM:
                rule = "R3.3" if row["kind"] == QuestionnaireKind.SELF_ASSESSMENT else "R3.2"
                if ctx.is_team_member(rnd):
                    yield ctx.step(
                        rnd,
                        _("Answer the questions of “%(title)s” assigned to you") % names,
                        url,
                        who=Who.COUNTRY,
                        mine=True,
                        rule=rule,
                        order=20,
                    )
                else:
                    yield ctx.step(
                        rnd,
                        _("Answer “%(title)s” and submit the answers") % names,
                        url,
                        who=Who.COUNTRY,
                        mine=ctx.is_focal_point(rnd),
                        rule=rule,
                        order=20,
                    )
            elif row["pk"] not in sent and _answers_for_themselves(ctx, rnd, row["audience"]):
                yield ctx.step(
                    rnd,
                    _("Answer “%(title)s”") % names,
                    url,
                    who=Who.PANEL,
                    mine=True,
                    order=60,
                )


def _answers_for_themselves(ctx, rnd, audience):
    if ctx.is_staff and not ctx.is_panelist(rnd):
        return False
    if audience == Audience.PANEL_EXPERTS:
        return ctx.user.role == Role.EXPERT and ctx.is_panelist(rnd)
    return ctx.is_country(rnd) or ctx.is_panelist(rnd)


@step_provider
def preparation_of_the_visit(ctx):
    """Agenda (R3.4, R4.1), logistics (R3.5), visibility (R4.4), then scheduling the visit."""
    preparing = ctx.in_states(S.PREPARATION)
    scheduled = ctx.in_states(S.VISIT_SCHEDULED, S.VISIT_IN_PROGRESS)
    if not (preparing or scheduled):
        return
    ids = [r.pk for r in preparing + scheduled]
    final = AgendaVersion.objects.filter(visit_id=OuterRef("pk"), is_final=True)
    visits = {
        v["round_id"]: v
        for v in Visit.objects.filter(round_id__in=ids)
        .annotate(has_final=Exists(final))
        .values("round_id", "start_date", "end_date", "has_final")
    }
    prep_ids = [r.pk for r in preparing]
    sheets = dict(
        RoundLogistics.objects.filter(round_id__in=prep_ids).values_list("round_id", "visibility")
    )
    open_items = Counter()
    for row in (
        Arrangement.objects.filter(round_id__in=prep_ids)
        .exclude(status__in=ArrangementStatus.done())
        .values("round_id", "side")
        .annotate(n=Count("pk"))
    ):
        open_items[(row["round_id"], row["side"])] = row["n"]
    answered = defaultdict(bool)
    for round_id in (
        Questionnaire.objects.filter(
            round_id__in=prep_ids,
            kind=QuestionnaireKind.TECHNICAL,
            audience=Audience.COUNTRY_TEAM,
            status__in=QuestionnaireStatus.answered(),
        ).values_list("round_id", flat=True)
        if prep_ids
        else ()
    ):
        answered[round_id] = True
    for rnd in preparing:
        yield from _preparation_steps(
            ctx, rnd, visits.get(rnd.pk), rnd.pk in sheets, sheets.get(rnd.pk), open_items,
            answered[rnd.pk],
        )  # fmt: skip
    for rnd in scheduled:
        yield from _visit_steps(ctx, rnd, visits.get(rnd.pk))


def _preparation_steps(ctx, rnd, visit, has_sheet, visibility, open_items, answered):
    staff = ctx.is_staff
    focal = ctx.is_focal_point(rnd)
    agenda = reverse("visits:agenda", args=[rnd.code])
    logistics = reverse("visits:logistics", args=[rnd.code])
    missing = False
    if not visibility:
        missing = True
        yield ctx.step(
            rnd,
            _(
                "Record the country's decision on the visibility of the visit (press coverage "
                "or a low profile)"
            ),
            f"{logistics}#visibility",
            who=Who.FOCAL_POINT,
            mine=focal,
            rule="R4.4",
            order=15,
            key="visibility",
        )
    if visit is None or not (visit["start_date"] and visit["end_date"]):
        missing = True
        yield ctx.step(
            rnd,
            _("Set the dates of the visit (3 to 5 days) and build its agenda"),
            agenda,
            who=SECRETARIAT_AND_FOCAL_POINT,
            mine=staff or focal,
            rule="R4.1",
            order=30,
        )
    if visit is None or not visit["has_final"]:
        missing = True
        yield ctx.step(
            rnd,
            _("Release the final agenda of the visit"),
            agenda,
            who=Who.SECRETARIAT,
            mine=staff,
            rule="R3.4",
            order=35,
        )
    if not has_sheet:
        missing = True
        yield ctx.step(
            rnd,
            _("Prepare the logistics checklist of the visit"),
            logistics,
            who=Who.SECRETARIAT,
            mine=staff,
            rule="R3.5",
            order=40,
        )
    international = open_items[(rnd.pk, Side.INTERNATIONAL)]
    if international:
        missing = True
        yield ctx.step(
            rnd,
            ngettext(
                "Confirm the open international arrangement (%(n)d)",
                "Confirm the open international arrangements (%(n)d)",
                international,
            )
            % {"n": international},
            f"{logistics}#international",
            who=Who.SECRETARIAT,
            mine=staff,
            rule="R3.5",
            order=40,
        )
    local = open_items[(rnd.pk, Side.LOCAL)]
    if local:
        missing = True
        yield ctx.step(
            rnd,
            ngettext(
                "Confirm the open local arrangement (%(n)d)",
                "Confirm the open local arrangements (%(n)d)",
                local,
            )
            % {"n": local},
            f"{logistics}#local",
            who=Who.COUNTRY,
            mine=ctx.is_country(rnd),
            rule="R3.5",
            order=40,
        )
    if not answered:
        missing = True  # the questionnaire provider says what to do about it
    if not missing:
        yield ctx.step(
            rnd,
            _("Schedule the visit: the preparation is complete"),
            round_url(rnd),
            who=Who.SECRETARIAT,
            mine=staff,
            order=10,
            primary=True,
            key="schedule_visit",
        )


def _visit_steps(ctx, rnd, visit):
    start = visit["start_date"] if visit else None
    if rnd.status == S.VISIT_SCHEDULED:
        if start:
            text = _("Start the visit on its first day (%(date)s)") % {
                "date": date_format(start, "DATE_FORMAT")
            }
        else:
            text = _("Start the visit on its first day")
        yield ctx.step(
            rnd,
            text,
            round_url(rnd),
            who=Who.SECRETARIAT,
            mine=ctx.is_staff,
            order=10,
            primary=True,
            key="start_visit",
        )
        return
    yield ctx.step(
        rnd,
        _("Record your notes of the visit's meetings: findings, challenges, ideas"),
        reverse("visits:visit_notes", args=[rnd.code]),
        who=Who.PANEL,
        mine=ctx.is_panelist(rnd),
        rule="R4.3",
        order=20,
    )
    yield ctx.step(
        rnd,
        _("Complete the visit once its last day is over"),
        round_url(rnd),
        who=Who.SECRETARIAT,
        mine=ctx.is_staff,
        order=10,
        primary=True,
        key="complete_visit",
    )
