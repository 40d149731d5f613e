"""The round history's rows of the access matrix (tests/test_access.py, AREAS): the history page
of Guatemala's round while its panel is being formed. Everyone on the round reads it (each the
entries meant for them, tested in tests/rounds/test_audit.py); the invited expert, who has not
answered yet, knows the round but not its history (403); others' rounds answer 404."""

from tests.access_table import FORBIDDEN, LOGIN, NOT_FOUND, OK, row

# fmt: off
#                        anon    S          C          F          T          E          I          O-F        O-T        O-E        former
EXPECTED = {
    "rounds:history": row(
                         LOGIN,  OK,        OK,        OK,        OK,        OK,        FORBIDDEN, NOT_FOUND, NOT_FOUND, NOT_FOUND, LOGIN),
    "rounds:history#missing": row(
                         LOGIN,  NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, LOGIN),
}
# fmt: on

KWARGS = {
    "rounds:history": lambda w, role: {"code": w.round.code},
    "rounds:history#missing": lambda w, role: {"code": "RIPSO-1999-999"},
}
