"""Issue 12, item 9: what answered a server error on SQLite (the demo) answers as on PostgreSQL.

* An id in an address past what a database stores (2**63 - 1) answers 404 on every address
  (``<id:…>``, ``ripso/converters.py``); so does the largest id that fits.
* Ids posted in forms (checkbox lists, the assignee, the logistics scope) past that limit are
  "not a valid choice", never ``OverflowError``.
* The loser of a concurrent transition reads "This action is no longer possible".

The suite runs on PostgreSQL; ``test_the_same_checks_pass_on_sqlite`` runs this module and the
concurrency tests again in a subprocess on a SQLite file (as the demo uses), so both databases
are covered by every run.
"""

import os
import re
import subprocess
import sys

import pytest
from django.conf import settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.urls.converters import IntConverter
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from ripso.converters import MAX_ID, IdConverter

HUGE = 10**20  # 20 digits: past 2**63 - 1
ID_NAMES = {"pk", "user_id", "number"}


def id_patterns():
    """``(name, [id parameters])`` for every named URL of ours with a numeric parameter."""
    found = []

    def walk(resolver, namespace):
        for entry in resolver.url_patterns:
            if isinstance(entry, URLResolver):
                if entry.namespace == "admin":
                    continue
                walk(entry, [*namespace, entry.namespace] if entry.namespace else namespace)
            elif isinstance(entry, URLPattern) and entry.name:
                converters = entry.pattern.converters
                numeric = [
                    key
                    for key, converter in converters.items()
                    if isinstance(converter, IdConverter | IntConverter)
                    or key in ID_NAMES
                    or key.endswith("_pk")
                ]
                if numeric:
                    found.append((":".join([*namespace, entry.name]), numeric, converters))

    walk(get_resolver(), [])
    return found


def test_every_id_in_an_address_uses_the_bounded_converter():
    patterns = id_patterns()
    assert len(patterns) > 40  # rounds, panels, visits, reports, accounts, messages
    wrong = [
        (name, key)
        for name, keys, converters in patterns
        for key in keys
        if type(converters[key]) is not IdConverter
    ]
    assert wrong == []


def test_the_id_converter_refuses_what_no_database_stores():
    converter = IdConverter()
    assert converter.to_python("0042") == 42
    assert converter.to_python(str(MAX_ID)) == MAX_ID
    with pytest.raises(ValueError):
        converter.to_python(str(MAX_ID + 1))


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    from django.db import transaction
    from django.test import override_settings

    from tests.test_access import build_world

    fast = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    media = tmp_path_factory.mktemp("ids-media")
    with (
        django_db_blocker.unblock(),
        override_settings(MEDIA_ROOT=media, PASSWORD_HASHERS=fast),
        transaction.atomic(),
    ):
        yield build_world()
        transaction.set_rollback(True)


def addresses(w, value):
    """Every id address, once per id parameter set to ``value`` (the others real)."""
    from tests.test_access import KWARGS

    for name, keys, _converters in id_patterns():
        real = KWARGS[name](w, "secretariat")
        for key in keys:
            yield name, reverse(name, kwargs={**real, key: value})


@pytest.mark.django_db
@pytest.mark.parametrize("value", [HUGE, MAX_ID + 1], ids=["20_digits", "2_63"])
def test_ids_past_the_databases_limit_answer_404_on_every_address(client, world, value):
    """As the secretariat (who sees every round), GET and POST: the address matches nothing."""
    client.force_login(world.cast.secretariat)
    answers = {}
    for name, url in addresses(world, value):
        answers[f"GET {name}"] = client.get(url).status_code
        answers[f"POST {name}"] = client.post(url).status_code
    assert len(answers) > 80
    assert {k: v for k, v in answers.items() if v != 404} == {}


@pytest.mark.django_db
def test_the_largest_id_a_database_stores_finds_nothing_and_is_no_error(client, world):
    """2**63 - 1 reaches the views: each looks it up and finds nothing (404), or refuses first
    (405 other method, 403 the secretariat may not do this, 400 an empty form); a server error
    would raise here. Nothing answers 200 or redirects as if it existed."""
    client.force_login(world.cast.secretariat)
    answers = {}
    for name, url in addresses(world, MAX_ID):
        answers[f"GET {name}"] = client.get(url).status_code
        answers[f"POST {name}"] = client.post(url).status_code
    assert {k: v for k, v in answers.items() if v not in (400, 403, 404, 405)} == {}
    assert sum(v == 404 for v in answers.values()) > 40


@pytest.mark.django_db
def test_a_huge_id_in_a_password_reset_link_is_a_broken_link(client):
    uid = urlsafe_base64_encode(force_bytes(HUGE))
    url = reverse("accounts:password_reset_confirm", args=[uid, "set-password"])
    response = client.get(url)
    assert response.status_code == 200
    assert response.context["validlink"] is False


@pytest.mark.django_db
def test_huge_ids_posted_in_checkbox_lists_are_not_a_valid_choice(world):
    """Topics of a request and of an expert, the OAS coordinators of an acceptance."""
    from panels.roster_forms import TopicsField
    from rounds.forms import TransitionForm
    from rounds.request_forms import TopicChoiceField
    from rounds.request_models import Topic

    for field in (TopicChoiceField(queryset=Topic.objects.all()), TopicsField()):
        with pytest.raises(Exception) as refused:
            field.clean([str(HUGE)])
        assert type(refused.value).__name__ == "ValidationError"
    from rounds.workflow import TRANSITIONS

    form = TransitionForm(
        {"methodology": "ripso", "coordinators": [str(HUGE)]}, spec=TRANSITIONS["accept"]
    )
    assert not form.is_valid()
    assert "coordinators" in form.errors


@pytest.mark.django_db
def test_a_huge_traveller_id_chooses_no_arrangements():
    from visits.logistics_bulk import LogisticsError, Scope

    with pytest.raises(LogisticsError):
        Scope.parse(f"traveller:{HUGE}")
    assert Scope.parse("traveller:12").key == "12"


@pytest.mark.django_db
def test_undoing_mark_all_read_with_an_impossible_moment_does_nothing(client, world):
    client.force_login(world.cast.gt_focal_point)
    response = client.post(reverse("notifications:undo_mark_all_read"), {"at": "2026-13-45T25:00"})
    assert response.status_code == 302


def test_the_same_checks_pass_on_sqlite(tmp_path):
    """This module, the concurrency tests and the date checks, on a SQLite file like the demo's."""
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env["DATABASE_URL"] = f"sqlite:///{tmp_path / 'ripso.sqlite3'}"
    env["RIPSO_SQLITE_TEST_FILE"] = str(tmp_path / "test_ripso.sqlite3")
    out = subprocess.run(
        [
            sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
            "tests/test_any_database.py", "-k", "not sqlite",
            "tests/rounds/test_concurrency.py::test_accept_and_decline_at_once_only_one_wins",
            "tests/rounds/test_concurrency.py::"
            "test_without_a_row_lock_the_loser_still_gets_state_changed_not_an_error",
        ],
        env=env, cwd=settings.BASE_DIR, capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert out.returncode == 0, out.stdout[-4000:] + out.stderr[-2000:]
    passed = re.search(r"(\d+) passed", out.stdout)
    assert passed and int(passed.group(1)) >= 13 and " failed" not in out.stdout, out.stdout


@pytest.mark.django_db
@pytest.mark.parametrize("assignee", [str(HUGE), "abc"])
def test_a_huge_or_garbled_assignee_is_refused_with_the_usual_message(client, world, assignee):
    from tests.visits import access_cases as visit_cases

    client.force_login(world.cast.gt_focal_point)
    url = reverse("visits:assign", kwargs=visit_cases.question_kwargs(world, "focal_point"))
    response = client.post(url, {"assignee": assignee}, follow=True)
    assert response.status_code == 200
    assert "Las preguntas se asignan a integrantes del equipo técnico" in response.content.decode()
