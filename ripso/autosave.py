"""The server side of the autosave pipeline (static/js/autosave.js).

A stale save is never written (each app's service raises its ``Conflict``); the view answers
``conflict_response``: HTTP 409 and a fragment that shows both texts side by side, with the
version to save from next and the person's three choices (keep mine, take theirs, put both
together). The script saves nothing more until the person chooses.
"""

import json

from django.shortcuts import render


def row(field_id, *, mine, theirs, label="", html=False, choices=False,
        mine_display=None, theirs_display=None):  # fmt: skip
    """One field in conflict: ``field_id`` is the id of the input (the first one of a group of
    radios or checkboxes). ``choices``: ``mine``/``theirs`` are lists of chosen values.
    ``*_display``: what the person reads instead of the raw value (a country's name)."""
    if choices:
        mine = list(mine or [])
        theirs = list(theirs or [])
        raw = json.dumps(theirs)
    else:
        mine, theirs = mine or "", theirs or ""
        raw = theirs
    return {
        "field_id": field_id,
        "label": label,
        "mine": ", ".join(mine) if mine_display is None and choices else mine_display or mine,
        "theirs": (
            ", ".join(theirs) if theirs_display is None and choices else theirs_display or theirs
        ),
        "raw": raw,
        "html": html,
        "choices": choices,
        # Plain text: while the person has not chosen, "your text" follows the box (autosave.js).
        "live": not (html or choices or mine_display is not None),
    }


def conflict_response(request, *, message, form_id, version, version_input, rows,
                      saved_by=None, saved_at=None, status=409):  # fmt: skip
    """The conflict fragment (status 409): the message stays until the person chooses."""
    context = {
        "message": message,
        "form_id": form_id,
        "version": version,
        "version_input": version_input,
        "rows": rows,
        "saved_by": saved_by,
        "saved_at": saved_at,
        "can_merge": any(not r.get("choices") for r in rows),
    }
    return render(request, "components/autosave_conflict.html", context, status=status)
