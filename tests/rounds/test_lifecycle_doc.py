from pathlib import Path

from django.conf import settings

from rounds.management.commands.lifecycle_diagram import render_lifecycle


def test_lifecycle_doc_is_generated_from_the_code():
    """docs/lifecycle.md is current: regenerate with `make diagram` after changing the FSM."""
    on_disk = (Path(settings.BASE_DIR) / "docs" / "lifecycle.md").read_text(encoding="utf-8")
    assert on_disk == render_lifecycle()


def test_lifecycle_doc_lists_every_state_with_both_names():
    text = render_lifecycle()
    assert "| `submitted` | Formal request | Submitted | Under review by the Secretariat |" in text
    assert "submitted --> panel_forming: accept" in text
