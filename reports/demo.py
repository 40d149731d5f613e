"""Demo preparers of the report (rounds/demo.py). ``demo_pdf`` last: it renders the text the
other preparers wrote."""

from . import demo_pdf  # noqa: F401
