"""Security events are logged as one JSON line each on ``ripso.security`` (issue 12, item 5)."""

import json
import logging

import pytest
from axes.utils import reset as axes_reset
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from accounts.enums import Role
from rounds.request_services import add_document
from rounds.services import create_round
from tests import factories as f
from tests.rounds.test_request import PDF

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _security_log(caplog):
    axes_reset()
    caplog.set_level(logging.INFO, logger="ripso.security")
    yield
    axes_reset()


def events(caplog, name):
    lines = [r.getMessage() for r in caplog.records if r.name == "ripso.security"]
    return [e for e in map(json.loads, lines) if e["event"] == name]


def login(email, password, ip="198.51.100.90"):
    client = Client(REMOTE_ADDR=ip)
    response = client.post(reverse("accounts:login"), {"username": email, "password": password})
    return client, response


def test_login_success_and_failure_are_logged_without_secrets(cast, caplog):
    login(cast.gt_focal_point.email, "wrong-password")
    login(cast.gt_focal_point.email, f.TEST_PASSWORD)
    [failure] = events(caplog, "login.failure")
    assert failure["ip"] == "198.51.100.90"
    assert cast.gt_focal_point.email not in json.dumps(failure)
    assert "wrong-password" not in caplog.text
    [success] = events(caplog, "login.success")
    assert success["user"] == cast.gt_focal_point.pk
    assert success["time"].endswith("+00:00")


def test_a_lockout_is_logged(cast, caplog):
    for _n in range(10):
        login(cast.gt_team_member.email, "wrong-password", ip="198.51.100.91")
    assert len(events(caplog, "login.lockout")) >= 1


def test_a_refused_action_is_logged(client, cast, caplog):
    draft = create_round(creator=cast.gt_focal_point, institution=cast.mides, title="Bono Rural")
    client.force_login(cast.gt_team_member)
    response = client.post(reverse("rounds:transition", args=[draft.code, "submit"]))
    assert response.status_code == 403
    [denied] = events(caplog, "permission.denied")
    assert denied["user"] == cast.gt_team_member.pk
    assert denied["path"] == reverse("rounds:transition", args=[draft.code, "submit"])


def test_a_role_change_is_logged(cast, caplog):
    person = cast.gt_team_member
    person.role = Role.FOCAL_POINT
    person.save()
    [changed] = events(caplog, "role.changed")
    assert (changed["subject"], changed["before"], changed["after"]) == (
        person.pk,
        Role.TEAM_MEMBER,
        Role.FOCAL_POINT,
    )


def test_a_download_of_an_unpublished_document_is_logged(client, cast, caplog, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    draft = create_round(creator=cast.gt_focal_point, institution=cast.mides, title="Bono Rural")
    document = add_document(
        draft,
        cast.gt_focal_point,
        title="Informe",
        kind="report",
        uploaded=SimpleUploadedFile("informe.pdf", PDF),
    )
    client.force_login(cast.gt_focal_point)
    response = client.get(document.get_download_url())
    assert response.status_code == 200
    [download] = events(caplog, "download")
    assert download["user"] == cast.gt_focal_point.pk
    assert download["path"] == document.get_download_url()
    assert "informe.pdf" in download["disposition"]
