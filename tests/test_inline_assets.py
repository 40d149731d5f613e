"""Every page works under the strict Content-Security-Policy (docs/style.md, "Strict CSP").

A representative crawl — every role's home, the round list, the round page in several states and
for several roles, the request form, the transition pages (also with errors), messages, the
secretariat's pages, the public pages — is parsed with the standard library's HTML parser. No
page may carry an inline ``<script>``, a ``<style>`` element, a ``style=`` attribute, an ``on*=``
event handler, an ``hx-on`` attribute (htmx's eval is off) or a ``javascript:`` URL; scripts and
style sheets come from our own static files; every response carries the CSP header.
"""

from html.parser import HTMLParser

import pytest
from django.conf import settings
from django.db import transaction
from django.test import override_settings
from django.urls import reverse

from rounds.request_models import ReferenceDocument
from tests.panels import access_cases as panel_cases
from tests.reports import drafting_access
from tests.reports import publication_access as pub
from tests.test_access import build_world
from tests.visits import access_cases as visit_cases
from tests.visits import agenda_access as agenda_cases
from tests.visits import questionnaire_more_access as more_cases


class InlineAssetFinder(HTMLParser):
    """Collects everything a strict CSP (no 'unsafe-inline', no 'unsafe-eval') would block."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems = []
        self.scripts = []
        self.stylesheets = []
        self._in_script = False  # inside a <script src=...>

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        line = self.getpos()[0]
        if tag == "script":
            self._in_script = bool(attributes.get("src"))
            if not attributes.get("src"):
                self.problems.append(f"line {line}: inline <script>")
            else:
                self.scripts.append(attributes["src"])
        if tag == "style":
            self.problems.append(f"line {line}: <style> element")
        if tag == "link" and "stylesheet" in (attributes.get("rel") or "").split():
            self.stylesheets.append(attributes.get("href") or "")
        for name, value in attrs:
            if name == "style":
                self.problems.append(f"line {line}: style= on <{tag}>")
            elif name.startswith("on"):
                self.problems.append(f"line {line}: {name}= on <{tag}>")
            elif name.startswith(("hx-on", "data-hx-on")):
                self.problems.append(f"line {line}: {name}= on <{tag}> (needs eval)")
            elif name in ("href", "src", "action", "formaction") and (
                value or ""
            ).strip().lower().startswith("javascript:"):
                self.problems.append(f"line {line}: javascript: URL in {name}= on <{tag}>")

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = False

    def handle_data(self, data):
        if self._in_script and data.strip():
            self.problems.append(f"line {self.getpos()[0]}: code inside a <script src>")


def csp_directives(header):
    directives = {}
    for part in header.split(";"):
        words = part.split()
        if words:
            directives[words[0]] = words[1:]
    return directives


# --- The world, built once for the module (see tests/test_access.py) -----------------------------
@pytest.fixture(scope="module")
def shared_world(django_db_setup, django_db_blocker, tmp_path_factory):
    fast = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    media = tmp_path_factory.mktemp("inline-assets-media")
    with (
        django_db_blocker.unblock(),
        override_settings(MEDIA_ROOT=media, PASSWORD_HASHERS=fast),
        transaction.atomic(),
    ):
        yield build_world()
        transaction.set_rollback(True)


@pytest.fixture
def world(shared_world, db):
    return shared_world


def round_url(url_name, state, **extra):
    return lambda w: reverse(url_name, kwargs={"code": w.rounds[state].code, **extra})


def page(url, role, *, status=200, data=None):
    """A page of the crawl: ``url(world)``; ``data`` makes it a POST that re-renders a form."""
    return {"url": url, "role": role, "status": status, "data": data}


MANAGEMENT = {
    "coi-TOTAL_FORMS": "2",
    "coi-INITIAL_FORMS": "0",
    "coi-MIN_NUM_FORMS": "2",
    "coi-MAX_NUM_FORMS": "2",
}

HOME_ROLES = (
    "secretariat",
    "coordinator",
    "focal_point",
    "team_member",
    "expert_on_panel",
    "expert_invited",
    "other_focal_point",
    "other_expert",
)

PAGES = {
    # Public pages
    "login": page(lambda w: reverse("accounts:login"), "anonymous"),
    "password reset": page(lambda w: reverse("accounts:password_reset"), "anonymous"),
    "password reset sent": page(lambda w: reverse("accounts:password_reset_done"), "anonymous"),
    "password reset, invalid link": page(
        lambda w: reverse("accounts:password_reset_confirm", args=["MQ", "wrong-token"]),
        "anonymous",
    ),
    "password reset complete": page(
        lambda w: reverse("accounts:password_reset_complete"), "anonymous"
    ),
    "request an account": page(lambda w: reverse("accounts:request_account"), "anonymous"),
    "request an account, with errors": page(
        lambda w: reverse("accounts:request_account"), "anonymous", data={"email": "no"}
    ),
    "account requested": page(lambda w: reverse("accounts:request_account_done"), "anonymous"),
    "accept an invitation": page(
        lambda w: reverse("accounts:accept_invitation", args=[w.invitation_token]), "anonymous"
    ),
    "invitation link unknown": page(
        lambda w: reverse("accounts:accept_invitation", args=["no-such-token"]),
        "anonymous",
        status=404,
    ),
    # My work, for every role
    **{f"home of {role}": page(lambda w: reverse("rounds:home"), role) for role in HOME_ROLES},
    # Rounds
    "round list (secretariat)": page(lambda w: reverse("rounds:list"), "secretariat"),
    "round list, filtered (secretariat)": page(
        lambda w: reverse("rounds:list") + "?country=GT&phase=request&q=Programa", "secretariat"
    ),
    "round list (focal point)": page(lambda w: reverse("rounds:list"), "focal_point"),
    "request queue": page(lambda w: reverse("rounds:request_queue"), "secretariat"),
    **{
        f"round page, {state} ({role})": page(round_url("rounds:detail", state), role)
        for state in ("draft", "submitted", "returned", "declined", "cancelled", "preparation")
        for role in ("secretariat", "focal_point")
    },
    **{
        f"round page, panel forming ({role})": page(
            round_url("rounds:detail", "panel_forming"), role
        )
        for role in ("secretariat", "coordinator", "focal_point", "team_member", "expert_on_panel")
    },
    "round page, country review (focal point)": page(
        round_url("rounds:detail", "country_review"), "focal_point"
    ),
    "invitation summary (invited expert)": page(
        round_url("rounds:detail", "panel_forming"), "expert_invited"
    ),
    # Logistics of the visit (visits/logistics_views.py)
    **{
        f"logistics page ({role})": page(round_url("visits:logistics", "preparation"), role)
        for role in ("secretariat", "focal_point", "team_member", "expert_on_panel")
    },
    # The expert panel (panels/views.py)
    **{
        f"panel page ({role})": page(round_url("panels:panel", "panel_forming"), role)
        for role in ("secretariat", "coordinator", "focal_point", "expert_on_panel")
    },
    "panel page, confirmed (focal point)": page(
        round_url("panels:panel", "preparation"), "focal_point"
    ),
    "panel page, proposal with errors": page(
        round_url("panels:propose", "panel_forming"),
        "secretariat",
        data={"email": "nadie@example.org", "kind": "specialist", "rank": "1"},
    ),
    "my invitations": page(lambda w: reverse("panels:my_invitations"), "expert_invited"),
    "invitation": page(
        lambda w: reverse("panels:answer", kwargs=panel_cases.answer_kwargs(w, None)),
        "expert_invited",
    ),
    "invitation, with errors": page(
        lambda w: reverse("panels:answer", kwargs=panel_cases.answer_kwargs(w, None)),
        "expert_invited",
        data={"answer": "accept"},
    ),
    "invitation addressed to someone else": page(
        lambda w: reverse("panels:invitation", kwargs=panel_cases.invitation_kwargs(w, None)),
        "expert_on_panel",
        status=403,
    ),
    "invitation link unknown (panel)": page(
        lambda w: reverse("panels:invitation", args=["no-such-token"]), "expert_invited", status=404
    ),
    "new request form": page(lambda w: reverse("rounds:request_create"), "focal_point"),
    "new request form, with errors": page(
        lambda w: reverse("rounds:request_create"), "focal_point", data={"title": "", **MANAGEMENT}
    ),
    "request form, draft": page(round_url("rounds:request_edit", "draft"), "team_member"),
    "request form, returned": page(round_url("rounds:request_edit", "returned"), "focal_point"),
    "request form, with errors": page(
        round_url("rounds:request_edit", "draft"),
        "focal_point",
        data={"title": "x", "contact_email": "no-es-un-correo", **MANAGEMENT},
    ),
    "request sent": page(round_url("rounds:request_submitted", "submitted"), "focal_point"),
    "changes between submissions": page(
        lambda w: reverse("rounds:request_changes", args=[w.resubmitted.code]), "secretariat"
    ),
    "transition: submit, blocked": page(
        round_url("rounds:transition", "draft", name="submit"), "focal_point"
    ),
    "transition: withdraw": page(
        round_url("rounds:transition", "returned", name="withdraw"), "focal_point"
    ),
    "transition: accept": page(
        round_url("rounds:transition", "submitted", name="accept"), "secretariat"
    ),
    "transition: accept, with errors": page(
        round_url("rounds:transition", "submitted", name="accept"), "secretariat", data={}
    ),
    "transition: return for changes": page(
        round_url("rounds:transition", "submitted", name="return_for_changes"), "coordinator"
    ),
    "transition: return, with errors": page(
        round_url("rounds:transition", "submitted", name="return_for_changes"),
        "secretariat",
        data={"comment": ""},
    ),
    "transition: decline": page(
        round_url("rounds:transition", "submitted", name="decline"), "secretariat"
    ),
    "transition: cancel": page(
        round_url("rounds:transition", "panel_forming", name="cancel"), "secretariat"
    ),
    "transition: request changes to the report": page(
        round_url("rounds:transition", "country_review", name="request_changes"), "focal_point"
    ),
    "transition: approve the report": page(
        round_url("rounds:transition", "country_review", name="approve"), "focal_point"
    ),
    # Error pages
    "not found": page(
        lambda w: reverse("rounds:detail", args=["RIPSO-1999-999"]), "focal_point", status=404
    ),
    "forbidden": page(round_url("rounds:request_edit", "panel_forming"), "team_member", status=403),
    # Messages
    "inbox": page(lambda w: reverse("notifications:inbox"), "focal_point"),
    "inbox, unread only": page(
        lambda w: reverse("notifications:inbox") + "?show=unread", "secretariat"
    ),
    "inbox, what needs me": page(
        lambda w: reverse("notifications:inbox") + "?show=needs_me", "secretariat"
    ),
    "message": page(
        lambda w: reverse("notifications:detail", args=[w.own_messages["focal_point"].pk]),
        "focal_point",
    ),
    "outbox": page(lambda w: reverse("notifications:outbox"), "secretariat"),
    # People
    "profile (focal point)": page(lambda w: reverse("accounts:profile"), "focal_point"),
    "profile (expert)": page(lambda w: reverse("accounts:profile"), "expert_on_panel"),
    "profile, with errors": page(
        lambda w: reverse("accounts:profile"), "team_member", data={"person-full_name": ""}
    ),
    "change password": page(lambda w: reverse("accounts:password_change"), "focal_point"),
    "people": page(lambda w: reverse("accounts:people"), "secretariat"),
    "people, filtered": page(lambda w: reverse("accounts:people") + "?role=expert", "coordinator"),
    "team (focal point)": page(lambda w: reverse("accounts:team"), "focal_point"),
    "team, with errors": page(
        lambda w: reverse("accounts:team"), "focal_point", data={"email": "no"}
    ),
    "team (team member)": page(lambda w: reverse("accounts:team"), "team_member"),
    "topics": page(lambda w: reverse("rounds:topics"), "secretariat"),
    "new topic": page(lambda w: reverse("rounds:topic_create"), "secretariat"),
    "new topic, with errors": page(
        lambda w: reverse("rounds:topic_create"), "coordinator", data={"name_en": ""}
    ),
    "invite": page(lambda w: reverse("accounts:invite"), "secretariat"),
    "invite, with errors": page(
        lambda w: reverse("accounts:invite"), "secretariat", data={"email": "x"}
    ),
    "account requests": page(lambda w: reverse("accounts:account_requests"), "secretariat"),
    "account request": page(
        lambda w: reverse("accounts:account_request_decide", args=[w.account_request.pk]),
        "secretariat",
    ),
    # The expert roster
    "expert roster": page(lambda w: reverse("panels:roster"), "secretariat"),
    "expert roster, filtered": page(
        lambda w: reverse("panels:roster") + "?country=CL&language=en&manages_teams=yes&q=Rojas",
        "coordinator",
    ),
    "expert page (secretariat)": page(
        lambda w: reverse("panels:expert", args=[w.cast.expert_cl.pk]), "secretariat"
    ),
    "expert page (the expert herself)": page(
        lambda w: reverse("panels:expert", args=[w.cast.expert_cl.pk]), "expert_on_panel"
    ),
    "propose an expert from the roster": page(
        lambda w: reverse("panels:roster_propose", args=[w.other_expert.pk]), "secretariat"
    ),
    "account invitations": page(lambda w: reverse("accounts:invitations"), "secretariat"),
    "invite an expert": page(lambda w: reverse("panels:expert_new"), "secretariat"),
    "invite an expert, with errors": page(
        lambda w: reverse("panels:expert_new"), "secretariat", data={"email": "x"}
    ),
    "edit an expert": page(
        lambda w: reverse("panels:expert_edit", args=[w.cast.expert_cl.pk]), "coordinator"
    ),
    "edit an expert, with errors": page(
        lambda w: reverse("panels:expert_edit", args=[w.cast.expert_cl.pk]),
        "secretariat",
        data={"full_name": ""},
    ),
    "my topics of expertise": page(lambda w: reverse("panels:my_topics"), "expert_invited"),
    # Questionnaires (visits/views.py)
    **{
        f"questionnaires ({role})": page(round_url("visits:list", "panel_forming"), role)
        for role in ("secretariat", "focal_point")
    },
    "new questionnaire, with errors": page(
        round_url("visits:create", "panel_forming"), "secretariat", status=400, data={"title": ""}
    ),
    **{
        f"questionnaire, drafting ({role})": page(
            lambda w: reverse("visits:questionnaire", kwargs=visit_cases.drafting_kwargs(w, None)),
            role,
        )
        for role in ("secretariat", "expert_on_panel")
    },
    "questionnaire, question with errors": page(
        lambda w: reverse("visits:question_add", kwargs=visit_cases.drafting_kwargs(w, None)),
        "expert_on_panel",
        status=400,
        data={"type": "single_choice", "text": "¿Sí?", "choices": "Sí"},
    ),
    **{
        f"questionnaire, released ({role})": page(
            lambda w: reverse("visits:questionnaire", kwargs=visit_cases.released_kwargs(w, None)),
            role,
        )
        for role in ("secretariat", "focal_point", "team_member", "expert_on_panel")
    },
    # Publication (R5.4), follow-up (R5.5) and the public portal
    "publication page, public chosen (focal point)": page(
        lambda w: reverse("reports:publication", args=[pub.chose_public(w).code]), "focal_point"
    ),
    "publication page, authorized (secretariat)": page(
        lambda w: reverse("reports:publication", args=[pub.authorized(w).code]), "secretariat"
    ),
    "follow-up of recommendations (focal point)": page(
        lambda w: reverse("reports:follow_up", args=[pub.approved(w).code]), "focal_point"
    ),
    "follow-up overview": page(lambda w: reverse("reports:follow_up_overview"), "secretariat"),
    "portal home": page(lambda w: reverse("portal:home"), "anonymous"),
    "portal reports, searched": page(
        lambda w: reverse("portal:reports") + "?q=registro&country=GT", "anonymous"
    ),
    "portal report": page(
        lambda w: reverse("portal:report", args=[pub.published(w).code]), "anonymous"
    ),
    "portal results": page(lambda w: reverse("portal:results"), "anonymous"),
    # The agenda and the visit record (visits/agenda_views.py)
    **{
        f"agenda, released ({role})": page(
            lambda w: reverse("visits:agenda", kwargs=agenda_cases.released_code(w, None)), role
        )
        for role in ("secretariat", "focal_point", "team_member", "expert_on_panel")
    },
    "agenda, empty (focal point)": page(round_url("visits:agenda", "panel_forming"), "focal_point"),
    "agenda, dates with errors": page(
        round_url("visits:agenda_visit", "panel_forming"),
        "focal_point",
        status=400,
        data={
            "start_date": "2026-05-04",
            "end_date": "2026-05-10",
            "timezone": "America/Guatemala",
            "version": "0",
        },
    ),
    "agenda item, new": page(
        lambda w: reverse("visits:agenda_item_add", kwargs=agenda_cases.dated_code(w, None)),
        "focal_point",
    ),
    "agenda item, with errors": page(
        lambda w: reverse("visits:agenda_item_add", kwargs=agenda_cases.dated_code(w, None)),
        "coordinator",
        status=400,
        data={
            "day": "2026-05-04",
            "start_time": "10:00",
            "end_time": "09:00",
            "type": "working",
            "title": "",
            "version": "0",
        },
    ),
    "agenda item, edit": page(
        lambda w: reverse("visits:agenda_item_edit", kwargs=agenda_cases.item_kwargs(w, None)),
        "secretariat",
    ),
    "agenda, printable": page(
        lambda w: reverse("visits:agenda_print", kwargs=agenda_cases.released_code(w, None)),
        "team_member",
    ),
    **{
        f"visit notes, after the visit ({role})": page(
            round_url("visits:visit_notes", "country_review"), role
        )
        for role in ("coordinator", "expert_on_panel")
    },
    # The report: drafting and review (reports/views.py)
    **{
        f"report drafting ({role})": page(
            lambda w: reverse("reports:drafting", kwargs=drafting_access.code_kwargs(w, None)),
            role,
        )
        for role in ("secretariat", "expert_on_panel")
    },
    "report drafting, after changes requested": page(
        lambda w: reverse(
            "reports:drafting", kwargs=drafting_access.drafting_again_kwargs(w, None)
        ),
        "coordinator",
    ),
    "report drafting, recommendation with errors": page(
        lambda w: reverse(
            "reports:recommendation_add", kwargs=drafting_access.drafting_again_kwargs(w, None)
        ),
        "secretariat",
        status=400,
        data={"text": "", "priority": "high", "horizon": "short", "version": "0"},
    ),
    "recommendation form": page(
        lambda w: reverse(
            "reports:recommendation_edit", kwargs=drafting_access.rec_drafting_kwargs(w, None)
        ),
        "secretariat",
    ),
    "report versions": page(round_url("reports:versions", "country_review"), "focal_point"),
    **{
        f"report version under review ({role})": page(
            lambda w: reverse("reports:version", kwargs=drafting_access.version_kwargs(w, None)),
            role,
        )
        for role in ("focal_point", "secretariat")
    },
    "report version, comment with errors": page(
        lambda w: reverse("reports:comment_add", kwargs=drafting_access.version_kwargs(w, None)),
        "team_member",
        status=400,
        data={"section_kind": "findings", "text": ""},
    ),
    "report versions compared": page(
        lambda w: reverse("reports:compare", args=[w.rounds["country_review"].code]) + "?a=1&b=1",
        "expert_on_panel",
    ),
    # Questionnaires, second part (visits/more_views.py, visits/template_views.py)
    **{
        f"questionnaire page: {name}": page(
            (lambda w, k=key: reverse(k.split("#")[0], kwargs=more_cases.KWARGS[k](w, None))),
            role,
        )
        for name, key, role in (
            ("edit a draft", "visits:question_edit", "expert_on_panel"),
            ("merge drafts", "visits:question_merge", "secretariat"),
            ("submitted answers", "visits:attachment#submitted", "expert_on_panel"),
            ("answers per respondent", "visits:responses", "coordinator"),
            (
                "an expert's own questionnaire",
                "visits:questionnaire#for_experts",
                "expert_on_panel",
            ),
            ("template", "visits:template", "secretariat"),
            ("template question", "visits:template_question_edit", "secretariat"),
        )
        if key != "visits:attachment#submitted"
    },
    "questionnaire, submitted with files (expert)": page(
        lambda w: reverse(
            "visits:questionnaire",
            kwargs={
                k: v
                for k, v in more_cases.KWARGS["visits:attachment#submitted"](w, None).items()
                if k != "file_pk"
            },
        ),
        "expert_on_panel",
    ),
    "questionnaire templates": page(lambda w: reverse("visits:templates"), "secretariat"),
    "new questionnaire template": page(lambda w: reverse("visits:template_create"), "secretariat"),
    "evaluation results": page(lambda w: reverse("visits:evaluations"), "secretariat"),
}


@pytest.mark.parametrize("name", list(PAGES))
def test_page_has_no_inline_script_or_style_and_sends_the_csp(client, world, name):
    spec = PAGES[name]
    if spec["role"] != "anonymous":
        client.force_login(world.users[spec["role"]])
    url = spec["url"](world)
    response = client.get(url) if spec["data"] is None else client.post(url, spec["data"])
    assert response.status_code == spec["status"], url
    assert response["Content-Type"].startswith("text/html")

    finder = InlineAssetFinder()
    finder.feed(response.content.decode())
    finder.close()
    assert finder.problems == []
    static = settings.STATIC_URL
    # Scripts are static files, or the translation catalog our own view serves (same origin).
    catalog = reverse("javascript-catalog")
    assert all(src.startswith(static) or src == catalog for src in finder.scripts), finder.scripts
    assert all(href.startswith(static) for href in finder.stylesheets), finder.stylesheets

    header = response.headers.get("Content-Security-Policy", "")
    directives = csp_directives(header)
    assert directives["script-src"] == ["'self'"], header
    assert directives["style-src"] == ["'self'"], header
    assert "'unsafe-inline'" not in header
    assert "'unsafe-eval'" not in header


def test_the_crawl_reaches_the_base_layouts_scripts(client, world):
    """The checks above would pass on an empty page: make sure real pages were parsed."""
    client.force_login(world.users["secretariat"])
    finder = InlineAssetFinder()
    finder.feed(client.get(reverse("rounds:home")).content.decode())
    assert len(finder.scripts) >= 3
    assert len(finder.stylesheets) >= 2


def test_the_finder_catches_every_kind_of_inline_code():
    finder = InlineAssetFinder()
    finder.feed(
        "<script>alert(1)</script><style>p{}</style><p style='color:red'></p>"
        "<button onclick='x()'></button><div hx-on:click='x()'></div>"
        "<a href='javascript:x()'></a><script src='/static/a.js'>x()</script>"
    )
    assert [p.split(": ", 1)[1] for p in finder.problems] == [
        "inline <script>",
        "<style> element",
        "style= on <p>",
        "onclick= on <button>",
        "hx-on:click= on <div> (needs eval)",
        "javascript: URL in href= on <a>",
        "code inside a <script src>",
    ]


def test_uploaded_files_are_not_under_the_static_url(world):
    """Documents are served by a permission-checked view, never from STATIC/MEDIA URLs."""
    assert not world.document.get_download_url().startswith(settings.STATIC_URL)
    assert world.document.get_download_url() == reverse(
        "rounds:document_download", args=[world.round.code, world.document.pk]
    )
    assert ReferenceDocument.objects.filter(pk=world.document.pk).exists()


# --- Issue 12 item 7: nothing signed-in or downloaded is cached -----------------------------
@pytest.mark.parametrize("name", list(PAGES))
def test_signed_in_pages_are_private_and_never_stored(client, world, name):
    spec = PAGES[name]
    if spec["role"] != "anonymous":
        client.force_login(world.users[spec["role"]])
    url = spec["url"](world)
    response = client.get(url) if spec["data"] is None else client.post(url, spec["data"])
    policy = {p.strip() for p in response.get("Cache-Control", "").split(",")}
    if spec["role"] == "anonymous":
        assert "private" not in policy or url.startswith("/accounts/"), (url, policy)
    else:
        assert {"private", "no-store"} <= policy, (url, policy)
        assert "ETag" not in response


def test_downloads_are_attachments_that_are_never_stored(client, world):
    client.force_login(world.users["focal_point"])
    response = client.get(world.document.get_download_url())
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    policy = {p.strip() for p in response["Cache-Control"].split(",")}
    assert {"private", "no-store"} <= policy
