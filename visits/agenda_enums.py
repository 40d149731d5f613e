"""The agenda's vocabulary (R4.1, R4.2) and the time zones of the member states' capitals."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class ItemType(models.TextChoices):
    """Kinds of agenda item. Every kind but "other" is required by R4.2 before the agenda is
    final (``REQUIRED_TYPES``)."""

    PROTOCOL = "protocol", _("Protocol meeting")
    INITIATIVE = "initiative", _("Presentation of the initiative by the beneficiary")
    EXPERIENCES = "experiences", _("Experts' presentations of similar experiences")
    WORKING = "working", _("Technical working meeting")
    INTERVIEW = "interview", _("In-depth interview (partners, civil society, beneficiaries)")
    PANEL_SESSION = "panel_session", _("Internal session of the expert panel")
    OTHER = "other", pgettext_lazy("agenda item type", "Other")


# R4.2 (a)–(f), in the order the methodology lists them.
REQUIRED_TYPES = (
    ItemType.PROTOCOL,
    ItemType.INITIATIVE,
    ItemType.EXPERIENCES,
    ItemType.WORKING,
    ItemType.INTERVIEW,
    ItemType.PANEL_SESSION,
)

# What the checklist says is missing, one sentence per required type.
MISSING_TYPE = {
    ItemType.PROTOCOL: _("an initial protocol meeting on the first day (R4.2 a)"),
    ItemType.INITIATIVE: _("a presentation of the initiative by the beneficiary (R4.2 b)"),
    ItemType.EXPERIENCES: _("the experts' presentations of similar experiences (R4.2 c)"),
    ItemType.WORKING: _("a technical working meeting on the initiative (R4.2 d)"),
    ItemType.INTERVIEW: _(
        "an in-depth interview with partners, civil society or beneficiaries (R4.2 e)"
    ),
    ItemType.PANEL_SESSION: _("an internal session of the expert panel (R4.2 f)"),
}

MIN_VISIT_DAYS = 3  # R4.1
MAX_VISIT_DAYS = 5  # R4.1

# The time zone of each member state's capital (the default time zone of a visit).
CAPITAL_TIMEZONES = {
    "AG": "America/Antigua",
    "AR": "America/Argentina/Buenos_Aires",
    "BS": "America/Nassau",
    "BB": "America/Barbados",
    "BZ": "America/Belize",
    "BO": "America/La_Paz",
    "BR": "America/Sao_Paulo",
    "CA": "America/Toronto",
    "CL": "America/Santiago",
    "CO": "America/Bogota",
    "CR": "America/Costa_Rica",
    "CU": "America/Havana",
    "DM": "America/Dominica",
    "DO": "America/Santo_Domingo",
    "EC": "America/Guayaquil",
    "SV": "America/El_Salvador",
    "US": "America/New_York",
    "GD": "America/Grenada",
    "GT": "America/Guatemala",
    "GY": "America/Guyana",
    "HT": "America/Port-au-Prince",
    "HN": "America/Tegucigalpa",
    "JM": "America/Jamaica",
    "MX": "America/Mexico_City",
    "NI": "America/Managua",
    "PA": "America/Panama",
    "PY": "America/Asuncion",
    "PE": "America/Lima",
    "KN": "America/St_Kitts",
    "VC": "America/St_Vincent",
    "LC": "America/St_Lucia",
    "SR": "America/Paramaribo",
    "TT": "America/Port_of_Spain",
    "UY": "America/Montevideo",
    "VE": "America/Caracas",
}
DEFAULT_TIMEZONE = "America/New_York"  # OAS headquarters (Washington, D.C.)

SPANISH_SPEAKING = frozenset(
    {"AR", "BO", "CL", "CO", "CR", "CU", "DO", "EC", "SV", "GT", "HN", "MX", "NI", "PA", "PY",
     "PE", "UY", "VE"}
)  # fmt: skip


def capital_timezone(country_code):
    return CAPITAL_TIMEZONES.get((country_code or "").upper(), DEFAULT_TIMEZONE)


def timezone_choices():
    names = sorted(set(CAPITAL_TIMEZONES.values()) | {DEFAULT_TIMEZONE})
    return [(name, name.replace("_", " ")) for name in names]
