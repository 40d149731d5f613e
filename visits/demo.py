"""Demo preparers of the visits app (rounds/demo.py)."""

from . import (
    demo_agenda,  # noqa: F401
    demo_logistics,  # noqa: F401
    demo_questionnaire,  # noqa: F401
)
