"""Demo preparers of the reports app (rounds/demo.py): imported by ``rounds.demo.discover``."""

from . import demo_publication  # noqa: F401 — registers the publication preparers
