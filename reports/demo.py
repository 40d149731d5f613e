"""Demo preparers of the report (rounds/demo.py), in this order: the drafting text, the PDF of
that text (the 20-page check), then publication."""

from . import (
    demo_drafting,  # noqa: F401
    demo_pdf,  # noqa: F401
    demo_publication,  # noqa: F401
)
