"""Writes on the formal request (phase 1): fields, countries of interest, documents, snapshots.

Every function here is called inside a view's POST and keeps the round's invariants: at most two
countries of interest, none of them the requester's own (R1.3); at most four documents (R1.4);
only while the request is editable (draft or returned).
"""

import hashlib
import json

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ripso.uploads import CONTENT_TYPES, check_document

from .models import Round
from .request_models import (
    MAX_COUNTRIES_OF_INTEREST,
    MAX_REFERENCE_DOCUMENTS,
    CountryOfInterest,
    ReferenceDocument,
)
from .services import RoundError, StateChanged, log_event


def lock_editable(rnd, actor):
    """Lock the round's row; refuse if the request can no longer be edited."""
    locked = Round.objects.select_for_update().get(pk=rnd.pk)
    if not locked.request_is_editable:
        raise StateChanged(
            _("The request can no longer be edited: the round is now “%(state)s”.")
            % {"state": locked.state_name_for(actor)}
        )
    return locked


# What the request form edits (besides documents): a digest of it is the form's version, so two
# people editing the same request never overwrite each other unknowingly.
REQUEST_TEXT_FIELDS = (
    "title", "initiative_kind", "stage", "description", "goal", "expected_results",
    "contact_name", "contact_position", "contact_email", "contact_phone",
)  # fmt: skip


def request_values(rnd):
    """The request's stored values: text fields, topic ids, [(country id, note), …]."""
    values = {
        k: v or ""
        for k, v in Round.objects.filter(pk=rnd.pk).values(*REQUEST_TEXT_FIELDS).get().items()
    }
    values["topics"] = sorted(rnd.topics.values_list("pk", flat=True))
    values["countries"] = [
        [str(c), n or ""]
        for c, n in rnd.countries_of_interest.order_by("position").values_list("country_id", "note")
    ]
    return values


def request_version(values):
    """The version of the request a form started from (a digest of ``request_values``)."""
    digest = json.dumps(values, sort_keys=True, default=str).encode()
    return hashlib.sha256(digest).hexdigest()[:20]


def last_editor(rnd):
    """Who last saved the request (the latest "edited" event's actor), or None."""
    event = (
        rnd.events.filter(action__startswith="rounds.request.")
        .select_related("actor")
        .order_by("-created_at", "-pk")
        .first()
    )
    return (event.actor, event.created_at) if event and event.actor else (None, None)


def save_request_fields(rnd, actor, values, topics=None):
    """Save whichever request fields are given (a draft keeps anything valid that was typed)."""
    with transaction.atomic():
        # Compare with the stored row: a bound ModelForm has already copied values onto ``rnd``.
        stored = lock_editable(rnd, actor)
        changed = [f for f, v in values.items() if getattr(stored, f) != v]
        for field, value in values.items():
            setattr(rnd, field, value)
        if changed:
            Round.objects.filter(pk=rnd.pk).update(
                **{f: values[f] for f in changed}, updated_at=timezone.now()
            )
        if topics is not None:
            before = set(rnd.topics.values_list("pk", flat=True))
            after = {t.pk for t in topics}
            if before != after:
                rnd.topics.set(topics)
                changed.append("topics")
        if changed:
            log_event(
                rnd,
                actor,
                "rounds.request.edited",
                data={"fields": sorted(changed)},
                visibility="country",
            )
    return changed


def set_countries_of_interest(rnd, actor, entries):
    """Replace the countries of interest with ``entries`` [(country, note), …] (R1.3)."""
    entries = [(c, (n or "").strip()) for c, n in entries if c is not None]
    if len(entries) > MAX_COUNTRIES_OF_INTEREST:
        raise RoundError(_("Name at most two countries or experiences of interest (R1.3)."))
    codes = [c.pk for c, _n in entries]
    if len(set(codes)) != len(codes):
        raise RoundError(_("Each country of interest can be named only once."))
    if any(c.pk == rnd.country_id for c, _n in entries):
        raise RoundError(
            _("Choose a cooperating country: your own country cannot be a country of interest.")
        )
    with transaction.atomic():
        lock_editable(rnd, actor)
        current = [(c.country_id, c.note) for c in rnd.countries_of_interest.all()]
        wanted = [(c.pk, n) for c, n in entries]
        if current == wanted:
            return False
        rnd.countries_of_interest.all().delete()
        CountryOfInterest.objects.bulk_create(
            CountryOfInterest(round=rnd, country=c, note=n, position=i)
            for i, (c, n) in enumerate(entries)
        )
        log_event(
            rnd,
            actor,
            "rounds.request.countries_changed",
            data={"countries": [c.code for c, _n in entries]},
            visibility="country",
        )
    return True


def add_document(rnd, actor, *, title, kind, uploaded=None, url=""):
    """Attach a reference document (a checked file or an http(s) link) — at most four (R1.4)."""
    if bool(uploaded) == bool(url):
        raise RoundError(_("Give either a file or a web link for each document."))
    detected = check_document(uploaded) if uploaded else None
    with transaction.atomic():
        locked = lock_editable(rnd, actor)
        if locked.documents.count() >= MAX_REFERENCE_DOCUMENTS:
            raise RoundError(
                _(
                    "A request can have at most four reference documents (R1.4). "
                    "Remove one before adding another."
                )
            )
        doc = ReferenceDocument(round=rnd, title=title, kind=kind, url=url, uploaded_by=actor)
        if uploaded:
            doc.original_name = uploaded.name
            doc.size = uploaded.size
            doc.content_type = CONTENT_TYPES[detected]
            doc.file.save("upload", uploaded, save=False)
        doc.save()
        log_event(
            rnd,
            actor,
            "rounds.request.document_added",
            data={"title": title, "link": bool(url)},
            visibility="country",
        )
    return doc


def remove_document(rnd, actor, document_id):
    with transaction.atomic():
        lock_editable(rnd, actor)
        doc = rnd.documents.filter(pk=document_id).first()
        if doc is None:
            return False
        title = doc.title
        stored = doc.file.name if doc.file else ""
        doc.delete()
        if stored:
            storage = ReferenceDocument._meta.get_field("file").storage
            transaction.on_commit(lambda: storage.delete(stored))
        log_event(
            rnd,
            actor,
            "rounds.request.document_removed",
            data={"title": title},
            visibility="country",
        )
    return True
