"""Shared vocabulary of the access matrix (``tests/test_access.py``): outcomes, the role columns,
``row()`` and ``PostCase``. An area of the product adds its own rows in a module listed in
``tests.test_access.AREAS`` exporting ``EXPECTED`` (and optionally ``KWARGS``, ``POST_EXPECTED``,
``snapshot()``), so new areas never edit the big table itself."""

from dataclasses import dataclass

OK = 200
LOGIN = "302→login"
REDIRECT = 302
FORBIDDEN = 403
NOT_FOUND = 404
NOT_ALLOWED = 405
CONFLICT = 409

# Column order of every row below.
ROLES = (
    "anonymous",  # P: not logged in
    "secretariat",  # S: secretariat staff, not on this round
    "coordinator",  # C: OAS specialist seated as coordinator on the round
    "focal_point",  # F: Guatemala, the beneficiary
    "team_member",  # T: Guatemala's technical team
    "expert_on_panel",  # E: accepted seat (Chile)
    "expert_invited",  # I: invited, not answered (Mexico)
    "other_focal_point",  # O: Honduras
    "other_team_member",  # O: Honduras
    "other_expert",  # O: an expert on no panel
    "former_staff",  # a deactivated secretariat account: treated as anonymous
)

PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]>>endobj\n"
    b"xref\n0 4\n0000000000 65535 f \n0000000009 00000 n \n0000000052 00000 n \n"
    b"0000000101 00000 n \ntrailer<</Size 4/Root 1 0 R>>\nstartxref\n160\n%%EOF\n"
)


def row(*outcomes):
    assert len(outcomes) == len(ROLES), outcomes
    return dict(zip(ROLES, outcomes, strict=True))


def everyone(outcome):
    return row(*([outcome] * len(ROLES)))


@dataclass
class PostCase:
    """A write: where to POST (built on a fresh round in ``state``), what, and who may."""

    url: str
    expected: dict
    state: str = ""  # a fresh Guatemalan round in this state; "" = none needed
    kwargs: object = None  # (world, rnd) -> kwargs of the URL
    data: object = None  # (world, rnd) -> POST data
    done: object = None  # (world, rnd, before, role) -> None; asserts the write happened
