"""Demo preparers of the visits app (rounds/demo.py): each module registers its own."""

from . import demo_questionnaire  # noqa: F401
