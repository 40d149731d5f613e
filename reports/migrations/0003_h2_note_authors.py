"""The authors of the visit notes leave the report's text (issue 11, item 2).

Findings pre-filled from the visit notes used to end each agenda item with "Notes by ‹name›" (in
English whatever the report's language) and each idea with "(‹name›)"; those lines went on into
the country's version, the PDF and the portal. They are now kept beside the text, for the
secretariat and the panel only (``ReportSection.provenance``), and the report names the authors
only if the secretariat chooses it (``Report.credit_note_authors``).

The data step removes those lines from the drafting text of existing reports and keeps the names
as provenance. Frozen versions are records of what was sent and are left as they are.
"""

import re

from django.db import migrations, models

NOTES_BY = re.compile(r"<p><em>Notes by ([^<]+)</em></p>")
HEADING = re.compile(r"<h3>(.*?)</h3>", re.S)
IDEA = re.compile(r"<li>(.*?) \(([^()<]+)\)</li>", re.S)
IDEAS_HEADINGS = ("Ideas for recommendations", "Ideas para recomendaciones")


def _unescape(text):
    from html import unescape

    return unescape(text).strip()


def strip_authors(apps, schema_editor):
    Section = apps.get_model("reports", "ReportSection")
    User = apps.get_model("accounts", "User")
    for section in Section.objects.filter(kind="findings", body__contains="<em>Notes by "):
        provenance, what = [], ""
        for part in re.split(r"(?=<h3>)", section.body):
            heading = HEADING.search(part)
            if heading:
                what = _unescape(re.sub(r"<[^>]+>", "", heading.group(1)))
            names = [_unescape(n) for n in NOTES_BY.findall(part)]
            if names:
                provenance.append({"what": what, "authors": list(dict.fromkeys(names))})
        section.body = NOTES_BY.sub("", section.body)
        section.provenance = provenance
        section.save(update_fields=["body", "provenance"])
    for section in Section.objects.filter(kind="recommendations").filter(
        models.Q(body__contains=IDEAS_HEADINGS[0]) | models.Q(body__contains=IDEAS_HEADINGS[1])
    ):
        candidates = {_unescape(name) for _idea, name in IDEA.findall(section.body)}
        people = set(User.objects.filter(full_name__in=candidates).values_list("full_name", flat=True))
        provenance = []

        def drop(match):
            idea, name = match.group(1), _unescape(match.group(2))
            if name not in people:
                return match.group(0)
            provenance.append({"what": _unescape(idea), "authors": [name]})
            return f"<li>{idea}</li>"

        body = IDEA.sub(drop, section.body)
        if provenance:
            section.body, section.provenance = body, provenance
            section.save(update_fields=["body", "provenance"])


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("reports", "0002_portal_search_index"),
    ]

    operations = [
        migrations.AddField(
            model_name="report",
            name="credit_note_authors",
            field=models.BooleanField(
                default=False,
                verbose_name="credit the authors of the visit notes in the report",
            ),
        ),
        migrations.AddField(
            model_name="reportsection",
            name="provenance",
            field=models.JSONField(blank=True, default=list, editable=False),
        ),
        migrations.RunPython(strip_authors, migrations.RunPython.noop),
    ]
