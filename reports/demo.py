"""Demo preparers of the report (rounds/demo.py). ``demo_pdf`` after the drafting preparers: it
renders the text they wrote."""

from . import (
    demo_pdf,  # noqa: F401
    demo_publication,  # noqa: F401
)
