"""The autosave pipeline's server side (issue 11, items 3, 6, 19): a stale save is a conflict
answered 409 with both texts and the version to choose from, never a 500 nor an overwrite; the
demo's SQLite is set up for several people saving at once; the request's two country selects
have their own labels. The browser side is tests/e2e/test_autosave_browser.py."""

import json
import os
import re
import subprocess
import sys

import pytest
from django.conf import settings
from django.urls import reverse

from rounds.models import Round
from rounds.services import create_round
from visits import agenda_services
from visits.agenda_models import VisitNote

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


# --- R4.3 visit notes ---------------------------------------------------------------------------
@pytest.fixture
def item(make_round):
    rnd = make_round("visit_in_progress")
    visit = agenda_services.visit_of(rnd, create=False)
    item = visit.items.order_by("pk").first()
    item.visit = visit
    return item


def note_url(item):
    return reverse("visits:visit_note_save", args=[item.visit.round.code, item.pk])


def test_r4_3_a_stale_note_save_is_a_409_with_both_notes_never_a_500(client, cast, item):
    """Two windows of the same expert: the second save from version 0 does not overwrite."""
    agenda_services.save_note(item, cast.expert_cl, {"findings": "Desde la tableta"},
                              expected_version=0)  # fmt: skip
    client.force_login(cast.expert_cl)
    response = client.post(note_url(item), {"findings": "Desde el portátil", "version": "0"},
                           **HTMX)  # fmt: skip
    html = response.content.decode()
    assert response.status_code == 409
    assert "Desde la tableta" in html and "Desde el portátil" in html
    assert f'data-theirs="id_n{item.pk}_findings"' in html
    assert 'data-version="1"' in html and f'data-form="#note-form-{item.pk}"' in html
    assert VisitNote.objects.get(item=item, author=cast.expert_cl).findings == "Desde la tableta"
    # The person chose "keep mine": the same text, now from version 1, is saved.
    response = client.post(note_url(item), {"findings": "Desde el portátil", "version": "1"},
                           **HTMX)  # fmt: skip
    assert response.status_code == 200
    note = VisitNote.objects.get(item=item, author=cast.expert_cl)
    assert (note.findings, note.version) == ("Desde el portátil", 2)
    assert f'value="2" id="id_n{item.pk}_version"' in response.content.decode()


def test_r4_3_saving_what_is_already_there_succeeds_whatever_the_version(client, cast, item):
    """ "Take theirs" saves their text from the old version: nothing to overwrite, a 200."""
    agenda_services.save_note(item, cast.expert_cl, {"ideas": "Ventanilla"}, expected_version=0)
    client.force_login(cast.expert_cl)
    response = client.post(note_url(item), {"ideas": "Ventanilla", "version": "0"}, **HTMX)
    assert response.status_code == 200
    assert VisitNote.objects.get(item=item, author=cast.expert_cl).version == 1


def test_r4_3_a_stale_note_without_javascript_keeps_the_typed_text(client, cast, item):
    agenda_services.save_note(item, cast.expert_cl, {"findings": "Primera"}, expected_version=0)
    client.force_login(cast.expert_cl)
    response = client.post(note_url(item), {"findings": "Segunda", "version": "0"}, follow=True)
    assert response.status_code == 200
    assert "Segunda" in response.content.decode()  # in the message: not lost
    assert VisitNote.objects.get(item=item, author=cast.expert_cl).findings == "Primera"


# --- R1.2 the request form --------------------------------------------------------------------
@pytest.fixture
def draft(cast):
    return create_round(creator=cast.gt_focal_point, institution=cast.mides, title="Bono Rural",
                        description="Texto inicial")  # fmt: skip


def request_form(rnd, **overrides):
    data = {
        "title": rnd.title,
        "description": rnd.description,
        "coi-TOTAL_FORMS": "2", "coi-INITIAL_FORMS": "0",
        "coi-MIN_NUM_FORMS": "2", "coi-MAX_NUM_FORMS": "2",
        "coi-0-country": "", "coi-0-note": "", "coi-1-country": "", "coi-1-note": "",
        "doc-title": "", "doc-kind": "", "doc-url": "",
    }  # fmt: skip
    data.update(overrides)
    return data


def version_on(html):
    return re.search(r'name="request_version" value="([0-9a-f]+)"', html).group(1)


def test_r1_2_two_people_autosaving_the_request_never_overwrite_each_other(client, cast, draft):
    url = reverse("rounds:request_edit", args=[draft.code])
    client.force_login(cast.gt_focal_point)
    focal_version = version_on(client.get(url).content.decode())
    client.force_login(cast.gt_team_member)
    team_version = version_on(client.get(url).content.decode())
    assert team_version == focal_version
    response = client.post(url, request_form(draft, description="Texto de Andrés",
                                             request_version=team_version), **HTMX)  # fmt: skip
    assert response.status_code == 200
    new_version = version_on(response.content.decode())
    assert new_version != team_version  # the next save starts from the saved request
    # Lucía's autosave started from the old version: refused, both texts shown.
    client.force_login(cast.gt_focal_point)
    response = client.post(url, request_form(draft, description="Texto de Lucía",
                                             request_version=focal_version), **HTMX)  # fmt: skip
    html = response.content.decode()
    assert response.status_code == 409
    assert "Texto de Andrés" in html and "Texto de Lucía" in html
    assert cast.gt_team_member.full_name in html
    assert 'data-theirs="id_description"' in html and f'data-version="{new_version}"' in html
    assert Round.objects.get(pk=draft.pk).description == "Texto de Andrés"
    # She keeps hers, deliberately: saved from the version the conflict gave her.
    response = client.post(url, request_form(draft, description="Texto de Lucía",
                                             request_version=new_version), **HTMX)  # fmt: skip
    assert response.status_code == 200
    assert Round.objects.get(pk=draft.pk).description == "Texto de Lucía"


def test_r1_2_a_stale_request_without_javascript_keeps_what_was_typed(client, cast, draft):
    url = reverse("rounds:request_edit", args=[draft.code])
    client.force_login(cast.gt_focal_point)
    old = version_on(client.get(url).content.decode())
    client.post(url, request_form(draft, description="Otra versión", request_version=old), **HTMX)
    response = client.post(url, request_form(draft, description="Mi versión", save="",
                                             request_version=old))  # fmt: skip
    html = response.content.decode()
    assert response.status_code == 409
    assert "Mi versión</textarea>" in html  # mine, still in the form
    assert "Otra versión" in html  # theirs, listed above it
    assert Round.objects.get(pk=draft.pk).description == "Otra versión"


def test_r1_3_each_country_of_interest_select_has_its_own_label(client, cast, draft):
    client.force_login(cast.gt_focal_point)
    html = client.get(reverse("rounds:request_edit", args=[draft.code])).content.decode()
    labels = re.findall(r'<label[^>]*for="id_coi-\d-country"[^>]*>\s*([^<*]+?)\s*<', html)
    assert labels == ["Primer país de interés", "Segundo país de interés"]


# --- item 6: one pipeline per field, SQLite for the demo ----------------------------------------
def test_autosaved_forms_use_the_single_pipeline_not_htmx_triggers(client, cast, draft):
    client.force_login(cast.gt_focal_point)
    html = client.get(reverse("rounds:request_edit", args=[draft.code])).content.decode()
    assert 'id="request-form"' in html and "data-autosave " in html
    assert 'hx-trigger="input' not in html  # no second save on blur beside the debounce
    assert "js/autosave.js" in html and 'id="autosave-messages"' in html


def test_the_demo_sqlite_database_is_set_up_for_concurrent_autosaves(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env["DATABASE_URL"] = f"sqlite:///{tmp_path / 'demo.sqlite3'}"
    code = (
        "import django, json; django.setup();"
        "from django.conf import settings; from django.db import connection;"
        "c = connection.cursor(); c.execute('PRAGMA journal_mode'); mode = c.fetchone()[0];"
        "c.execute('PRAGMA busy_timeout'); busy = c.fetchone()[0];"
        "o = settings.DATABASES['default']['OPTIONS'];"
        "print(json.dumps([mode, busy, o.get('transaction_mode')]))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], env={**env, "DJANGO_SETTINGS_MODULE": "ripso.settings"},
        cwd=settings.BASE_DIR, capture_output=True, text=True, check=True,
    )  # fmt: skip
    assert json.loads(out.stdout.strip().splitlines()[-1]) == ["wal", 20000, "IMMEDIATE"]
