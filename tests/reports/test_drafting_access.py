"""Runs the report's rows of the access matrix (``tests/reports/drafting_access.py``).

``tests/test_access.py`` merges the rows of its AREAS into its tables after its tests were
parametrised, so its ``test_get``/``test_post`` do not see them; this module runs them with the
same world, outcomes and checks (a GET changes nothing; a refused POST changes nothing; an
allowed one does what it says)."""

import pytest
from django.urls import reverse

from tests.access_table import OK, REDIRECT, ROLES
from tests.reports import drafting_access as area
from tests.test_access import check_outcome, login_as, shared_world, snapshot  # noqa: F401


@pytest.fixture
def world(shared_world, db):  # noqa: F811
    return shared_world


@pytest.mark.parametrize(
    ("key", "role"),
    [pytest.param(k, r, id=f"{k}-{r}") for k in area.EXPECTED for r in ROLES],
)
def test_get(client, world, key, role):
    name = key.split("#")[0]
    kwargs = area.KWARGS[key](world, role) if key in area.KWARGS else {}
    url = reverse(name, kwargs=kwargs)
    login_as(client, world, role)
    before = snapshot()
    response = client.get(url)
    check_outcome(response, area.EXPECTED[key][role], url)
    assert snapshot() == before, "a GET changed something"


@pytest.mark.parametrize(
    ("key", "role"),
    [pytest.param(k, r, id=f"POST {k}-{r}") for k in area.POST_EXPECTED for r in ROLES],
)
def test_post(client, world, key, role):
    case = area.POST_EXPECTED[key]
    rnd = world.fresh(case.state) if case.state else None
    kwargs = case.kwargs(world, rnd) if case.kwargs else {}
    url = reverse(case.url, kwargs=kwargs)
    data = case.data(world, rnd) if case.data else {}
    login_as(client, world, role)
    before = snapshot()
    response = client.post(url, data)
    expected = case.expected[role]
    check_outcome(response, expected, url)
    if expected in (OK, REDIRECT):
        if case.done:
            case.done(world, rnd, before, role)
    else:
        assert snapshot() == before, "a refused POST changed something"
