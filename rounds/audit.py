"""The audit trail's vocabulary: every action recorded on a round has a sentence here.

``rounds.services.log_event`` records an action by its dotted code (``visits.visit_note.created``);
this module says what the code means to people, in their language, with the event's data put in:
"Visit note added to “Session 2: Ministry of Finance”". Each app registers its own actions from
its ``AppConfig.ready()`` (``panels/audit.py``, ``visits/audit.py``, ``reports/audit.py``), so the
layers stay one-way (``accounts ← rounds ← {panels, visits, reports}``).

* ``register(code, sentence, phase=..., refs=..., values=...)``: ``sentence`` is a lazy string
  with ``%(name)s`` placeholders (or a function of the event returning one); ``values(event)``
  gives plain-text placeholders; ``refs`` names placeholders read from objects whose ids are in
  ``event.data`` (``{"person": ("user", "user")}``: the ``user`` key, resolved by the ``user``
  loader). Loaders take a set of keys and answer ``{key: text}`` with one query, so a page of
  events costs one query per kind of object, whatever the number of events.
* ``describe_events(events)`` sets ``event.text`` (safe HTML: every value is escaped) and
  ``event.phase`` on each; ``describe(event)`` does it for one.
* An action without a sentence is a bug: ``check()`` (called by ``log_event``) raises
  ``UnregisteredAction`` when ``settings.AUDIT_STRICT`` is on (development and tests); in
  production the event is still recorded and shows a neutral sentence.
"""

from contextlib import suppress
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.db.models import Q
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .enums import RoundState, phase_of


class AuditPhase(models.TextChoices):
    """The phases the history can be filtered by (publication apart from the closed states)."""

    REQUEST = "request", pgettext_lazy("phase", "Formal request")
    PANEL = "panel", pgettext_lazy("phase", "Expert panel")
    PREPARATION = "preparation", pgettext_lazy("phase", "Pre-visit preparation")
    VISIT = "visit", pgettext_lazy("phase", "On-site visit")
    REPORT = "report", pgettext_lazy("phase", "Final report")
    PUBLICATION = "publication", pgettext_lazy("phase", "Publication and follow-up")


P = AuditPhase
S = RoundState
MISSING = _("(no longer available)")


class UnregisteredAction(LookupError):
    """A service recorded an action that has no sentence in the registry."""


@dataclass(frozen=True)
class AuditAction:
    code: str
    sentence: object  # lazy string with %(name)s placeholders, or event -> such a string
    phase: str | None  # None: from the event's states (lifecycle transitions)
    refs: dict = field(default_factory=dict)  # placeholder -> (data key, loader kind)
    values: object = None  # event -> {placeholder: plain text}


_ACTIONS: dict[str, AuditAction] = {}
_LOADERS: dict = {}


def register(code, sentence, *, phase=None, refs=None, values=None):
    if code in _ACTIONS:
        raise ValueError(f"audit action {code!r} is registered twice")
    if phase is not None and phase not in P.values:
        raise ValueError(f"audit action {code!r}: unknown phase {phase!r}")
    _ACTIONS[code] = AuditAction(code, sentence, phase, dict(refs or {}), values)


def loader(kind):
    """Decorator: ``fn(keys) -> {key: text}`` resolves ids of ``kind`` found in events' data."""

    def decorate(fn):
        _LOADERS[kind] = fn
        return fn

    return decorate


def is_registered(code):
    return code in _ACTIONS


def registered():
    return frozenset(_ACTIONS)


def check(code):
    """Called before an action is recorded: unknown codes fail loudly where it is safe to."""
    if code not in _ACTIONS and getattr(settings, "AUDIT_STRICT", False):
        raise UnregisteredAction(
            f"audit action {code!r} has no sentence: register it in the app's audit.py "
            "(rounds.audit.register) before recording it"
        )


# --- Phases -------------------------------------------------------------------------------------
# Unknown actions (production only) are placed by their prefix.
_PREFIX_PHASES = (
    ("rounds.", P.REQUEST),
    ("panels.", P.PANEL),
    ("visits.visit", P.VISIT),
    ("visits.", P.PREPARATION),
    ("reports.publication.", P.PUBLICATION),
    ("reports.", P.REPORT),
)
_CLOSING_PHASES = {
    S.PUBLISHED: P.PUBLICATION,
    S.CLOSED_INTERNAL: P.PUBLICATION,
    S.DECLINED: P.REQUEST,
    S.WITHDRAWN: P.REQUEST,
}


def state_phase(to_state, from_state=""):
    """The phase a lifecycle step belongs to: the phase of the state it reaches; a closing state
    by what it closes (publication, the request); a cancellation in the phase it interrupts."""
    if to_state in _CLOSING_PHASES:
        return _CLOSING_PHASES[to_state]
    if to_state == S.CANCELLED:
        return state_phase(from_state) if from_state else P.REQUEST
    if to_state in S.values:
        phase = phase_of(to_state)
        return phase if phase in P.values else P.REQUEST
    return P.REQUEST


def event_phase(event):
    action = _ACTIONS.get(event.action)
    if action is not None and action.phase:
        return action.phase
    if action is not None:
        return state_phase(event.to_state, event.from_state)
    return next((p for prefix, p in _PREFIX_PHASES if event.action.startswith(prefix)), P.REQUEST)


def phase_q(phase):
    """A filter on RoundEvent rows for the events of ``phase`` (as ``event_phase`` places them)."""
    fixed = [a.code for a in _ACTIONS.values() if a.phase == phase]
    by_state = [a.code for a in _ACTIONS.values() if a.phase is None]
    states = [s for s in S.values if s != S.CANCELLED and state_phase(s) == phase]
    query = Q(action__in=fixed) | Q(action__in=by_state, to_state__in=states)
    query |= Q(action__in=by_state, to_state=S.CANCELLED, from_state__in=states)
    if phase == P.REQUEST:
        query |= Q(action__in=by_state, to_state=S.CANCELLED, from_state="")
    # Unknown actions (production only): the first matching prefix wins, as in event_phase.
    unknown = ~Q(action__in=list(_ACTIONS))
    for i, (prefix, p) in enumerate(_PREFIX_PHASES):
        if p == phase:
            clause = unknown & Q(action__startswith=prefix)
            for earlier, _p in _PREFIX_PHASES[:i]:
                clause &= ~Q(action__startswith=earlier)
            query |= clause
    return query


# --- Sentences ----------------------------------------------------------------------------------
class _Values(dict):
    def __missing__(self, key):
        return conditional_escape(str(MISSING))


def _resolve(events):
    """One query per kind of referenced object for all ``events``: {kind: {key: text}}."""
    wanted = {}
    for event in events:
        action = _ACTIONS.get(event.action)
        if action is None:
            continue
        data = event.data or {}
        for key, kind in action.refs.values():
            value = data.get(key)
            keys = value if isinstance(value, list) else [value]
            wanted.setdefault(kind, set()).update(k for k in keys if k not in (None, ""))
    return {kind: _LOADERS[kind](keys) if keys else {} for kind, keys in wanted.items()}


def _sentence(event, resolved):
    action = _ACTIONS.get(event.action)
    if action is None:
        return conditional_escape(str(_("Other change to the round")))
    values = _Values()
    data = event.data or {}
    for placeholder, (key, kind) in action.refs.items():
        value = data.get(key)
        found = resolved.get(kind, {})
        if isinstance(value, list):
            names = [str(found[k]) for k in value if k in found]
            if names:
                values[placeholder] = conditional_escape(", ".join(names))
        elif value in found:
            values[placeholder] = conditional_escape(str(found[value]))
    if action.values:
        for placeholder, value in action.values(event).items():
            if value not in (None, ""):
                values[placeholder] = conditional_escape(str(value))
    sentence = action.sentence(event) if callable(action.sentence) else action.sentence
    return mark_safe(str(sentence) % values)  # noqa: S308 — translated text, escaped values


def describe_events(events):
    """Give each event its ``text`` (safe HTML) and ``phase``; returns the list."""
    events = list(events)
    resolved = _resolve(events)
    for event in events:
        event.text = _sentence(event, resolved)
        event.phase = event_phase(event)
        event.phase_label = P(event.phase).label
    return events


def describe(event):
    return describe_events([event])[0].text


# --- The rounds app's own actions ----------------------------------------------------------------
@loader("user")
def _users(keys):
    from accounts.models import User

    return dict(User.objects.filter(pk__in=keys).values_list("pk", "full_name"))


@loader("country")
def _countries(keys):
    from accounts.models import Country

    return {c.code: str(c) for c in Country.objects.filter(code__in=keys)}


def _request_fields(event):
    from .models import Round

    names = []
    for name in (event.data or {}).get("fields", []):
        with suppress(FieldDoesNotExist):  # a form-only field, or one removed since
            names.append(str(Round._meta.get_field(name).verbose_name))
    return {"fields": ", ".join(names)}


def _methodology(event):
    from .enums import Methodology

    value = (event.data or {}).get("methodology")
    return {"methodology": Methodology(value).label if value in Methodology.values else ""}


_TRANSITIONS = {
    "submit": _("Request submitted to the Technical Secretariat"),
    "return_for_changes": _("Request returned to the country for changes"),
    "accept": _("Request accepted (%(methodology)s); the expert panel is being formed"),
    "decline": _("Request declined"),
    "withdraw": _("Request withdrawn by the country"),
    "confirm_panel": _("Expert panel confirmed; preparation of the visit begins"),
    "schedule_visit": _("Visit scheduled"),
    "start_visit": _("Visit started"),
    "complete_visit": _("Visit completed; the report is being drafted"),
    "send_for_review": _("Report sent to the country for review"),
    "request_changes": _("The country asked for changes to the report"),
    "approve": _("Report approved by the country"),
    "publish": _("Report published on the portal"),
    "keep_internal": _("Report kept as an internal working document; round closed"),
    "cancel": _("Round cancelled"),
}
# Which transition reaches a state (report_drafting is reached by two: the data says which).
_TRANSITION_TO = {
    S.SUBMITTED: "submit",
    S.RETURNED: "return_for_changes",
    S.PANEL_FORMING: "accept",
    S.DECLINED: "decline",
    S.WITHDRAWN: "withdraw",
    S.PREPARATION: "confirm_panel",
    S.VISIT_SCHEDULED: "schedule_visit",
    S.VISIT_IN_PROGRESS: "start_visit",
    S.REPORT_DRAFTING: "complete_visit",
    S.COUNTRY_REVIEW: "send_for_review",
    S.APPROVED: "approve",
    S.PUBLISHED: "publish",
    S.CLOSED_INTERNAL: "keep_internal",
    S.CANCELLED: "cancel",
}


def _transition_sentence(event):
    name = (event.data or {}).get("transition") or _TRANSITION_TO.get(event.to_state, "")
    if name == "accept" and not (event.data or {}).get("methodology"):
        return _("Request accepted; the expert panel is being formed")
    return _TRANSITIONS.get(name, _("The round moved on"))


register("rounds.round.created", _("Request created as a draft"), phase=P.REQUEST)
for _state in _TRANSITION_TO:
    register(f"rounds.round.{_state}", _transition_sentence, values=_methodology)
register(
    "rounds.request.edited",
    lambda e: (
        _("Request edited: %(fields)s") if _request_fields(e)["fields"] else _("Request edited")
    ),
    phase=P.REQUEST,
    values=_request_fields,
)
register(
    "rounds.request.countries_changed",
    lambda e: (
        _("Countries of interest changed: %(countries)s")
        if (e.data or {}).get("countries")
        else _("Countries of interest removed")
    ),
    phase=P.REQUEST,
    refs={"countries": ("countries", "country")},
)
register(
    "rounds.request.document_added",
    _("Reference document added: “%(title)s”"),
    phase=P.REQUEST,
    values=lambda e: {"title": (e.data or {}).get("title")},
)
register(
    "rounds.request.document_removed",
    _("Reference document removed: “%(title)s”"),
    phase=P.REQUEST,
    values=lambda e: {"title": (e.data or {}).get("title")},
)
