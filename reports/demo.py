"""Demo preparers of the report (``rounds.demo``): each part of the report keeps its own module."""

from . import demo_drafting  # noqa: F401
