"""Demo preparers of the visits app (see rounds/demo.py)."""

from . import demo_logistics  # noqa: F401
