# ruff: noqa: F811 — pytest fixtures imported from another module are parameters here
"""The PDF rows of the access matrix (tests/reports/pdf_access.py), run on the matrix's own world.

``tests/test_access.py`` merges the areas' rows into its tables after its GET and POST tests
are parametrized, so area rows are checked for presence there but not requested; this module
requests them, with the matrix's helpers, until the matrix collects area rows itself."""

import pytest
from django.urls import reverse

from tests.access_table import OK, REDIRECT, ROLES
from tests.reports import pdf_access
from tests.test_access import (  # noqa: F401 — pytest fixtures
    check_outcome,
    login_as,
    shared_world,
    snapshot,
    world,
)


@pytest.mark.parametrize(
    ("key", "role"),
    [pytest.param(k, r, id=f"{k}-{r}") for k in pdf_access.EXPECTED for r in ROLES],
)
def test_get_pdf_urls(client, world, key, role):
    name = key.split("#")[0]
    kwargs = pdf_access.KWARGS[key](world, role)
    url = reverse(name, kwargs=kwargs)
    login_as(client, world, role)
    before = snapshot()
    response = client.get(url)
    check_outcome(response, pdf_access.EXPECTED[key][role], url)
    assert snapshot() == before, "a GET changed something"


@pytest.mark.parametrize(
    ("key", "role"),
    [pytest.param(k, r, id=f"POST {k}-{r}") for k in pdf_access.POST_EXPECTED for r in ROLES],
)
def test_post_pdf_urls(client, world, key, role):
    case = pdf_access.POST_EXPECTED[key]
    rnd = world.fresh(case.state)
    url = reverse(case.url, kwargs=case.kwargs(world, rnd))
    login_as(client, world, role)
    before = snapshot()
    response = client.post(url, {})
    check_outcome(response, case.expected[role], url)
    if case.expected[role] not in (OK, REDIRECT):
        assert snapshot() == before, "a refused POST changed something"
