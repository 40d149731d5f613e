"""A report version as a Word document (python-docx), for people who edit offline.

The section bodies are sanitized HTML (reports/html.py: headings, paragraphs, lists, bold,
italics, links, tables, quotes); ``HtmlToDocx`` turns that small vocabulary into Word paragraphs,
runs, list styles and tables. The recommendations become a table; the annexes tables and a list.
"""

import io
from html.parser import HTMLParser

from django.utils import translation
from django.utils.translation import gettext as _

from .enums import SectionKind

BLUE = (0x0A, 0x3D, 0x7A)


class HtmlToDocx(HTMLParser):
    """Writes sanitized HTML into a python-docx ``Document``."""

    HEADINGS = {"h2": 2, "h3": 3, "h4": 4}

    def __init__(self, document):
        super().__init__(convert_charrefs=True)
        self.doc = document
        self.paragraph = None
        self.bold = self.italic = self.underline = self.strike = 0
        self.sub = self.sup = 0
        self.lists = []  # "ul" / "ol"
        self.quote = 0
        self.table = None
        self.row = None
        self.cell = None
        self.header_cell = False
        self.caption = False

    # -- paragraphs ---------------------------------------------------------------------------
    def _new_paragraph(self, style=None):
        self.paragraph = self.doc.add_paragraph(style=style)
        return self.paragraph

    def _current(self):
        return self.paragraph or self._new_paragraph(self._body_style())

    def _body_style(self):
        return "Quote" if self.quote else None

    def handle_starttag(self, tag, attrs):
        if tag in ("strong", "b", "th"):
            self.bold += 1
        elif tag in ("em", "i"):
            self.italic += 1
        elif tag == "u":
            self.underline += 1
        elif tag == "s":
            self.strike += 1
        elif tag == "sub":
            self.sub += 1
        elif tag == "sup":
            self.sup += 1
        if self.cell is not None and tag in ("p", "li", "br", "h2", "h3", "h4", "blockquote"):
            self.paragraph = None  # a new paragraph inside the cell
            return
        if tag == "p":
            self._new_paragraph(self._body_style())
        elif tag in self.HEADINGS and self.cell is None:
            self.paragraph = self.doc.add_heading(level=self.HEADINGS[tag])
        elif tag in ("ul", "ol"):
            self.lists.append(tag)
        elif tag == "li":
            depth = min(len(self.lists), 3)
            base = "List Number" if self.lists and self.lists[-1] == "ol" else "List Bullet"
            style = base if depth <= 1 else f"{base} {depth}"
            self._new_paragraph(style)
        elif tag == "blockquote":
            self.quote += 1
        elif tag == "br":
            self._current().add_run().add_break()
        elif tag == "hr":
            self._new_paragraph().add_run("—" * 10)
            self.paragraph = None
        elif tag == "table":
            self.table = self.doc.add_table(rows=0, cols=0)
            self.table.style = "Table Grid"
            self.paragraph = None
        elif tag == "tr" and self.table is not None:
            self.row = []
        elif tag in ("td", "th") and self.row is not None:
            self.row.append((tag, []))
            self.header_cell = tag == "th"
            self.cell = _CellBuffer()
            self.paragraph = None
        elif tag == "caption":
            self.caption = True
            self.paragraph = self.doc.add_paragraph(style="Caption")

    def handle_endtag(self, tag):
        if tag in ("strong", "b", "th"):
            self.bold = max(0, self.bold - 1)
        elif tag in ("em", "i"):
            self.italic = max(0, self.italic - 1)
        elif tag == "u":
            self.underline = max(0, self.underline - 1)
        elif tag == "s":
            self.strike = max(0, self.strike - 1)
        elif tag == "sub":
            self.sub = max(0, self.sub - 1)
        elif tag == "sup":
            self.sup = max(0, self.sup - 1)
        if tag in ("p", "li", "h2", "h3", "h4", "caption"):
            self.paragraph = None
            self.caption = False if tag == "caption" else self.caption
        elif tag in ("ul", "ol") and self.lists:
            self.lists.pop()
        elif tag == "blockquote":
            self.quote = max(0, self.quote - 1)
        elif tag in ("td", "th") and self.row is not None and self.cell is not None:
            self.row[-1] = (self.row[-1][0], self.cell.paragraphs_runs)
            self.cell = None
            self.paragraph = None
        elif tag == "tr" and self.table is not None and self.row is not None:
            self._flush_row()
        elif tag == "table":
            self.table = None
            self.paragraph = None

    def _flush_row(self):
        cells = self.row
        self.row = None
        if not cells:
            return
        while len(self.table.columns) < len(cells):
            self.table.add_column(_col_width(self.doc) // len(cells))
        word_row = self.table.add_row()
        for index, (_tag, paragraphs) in enumerate(cells):
            target = word_row.cells[index]
            first = True
            for runs in paragraphs or [[]]:
                paragraph = target.paragraphs[0] if first else target.add_paragraph()
                first = False
                for text, fmt in runs:
                    _add_run(paragraph, text, fmt)

    def handle_data(self, data):
        if not data.strip() and self.paragraph is None:
            return
        fmt = {
            "bold": bool(self.bold),
            "italic": bool(self.italic) or bool(self.quote),
            "underline": bool(self.underline),
            "strike": bool(self.strike),
            "sub": bool(self.sub),
            "sup": bool(self.sup),
        }
        if self.cell is not None:
            self.cell.add(data, fmt, new_paragraph=self.paragraph is None)
            self.paragraph = True  # inside the cell's current paragraph
            return
        _add_run(self._current(), data, fmt)


class _CellBuffer:
    """Runs of a table cell, kept until the row ends (python-docx adds cells per row)."""

    def __init__(self):
        self.paragraphs_runs = []

    def add(self, text, fmt, new_paragraph):
        if new_paragraph or not self.paragraphs_runs:
            self.paragraphs_runs.append([])
        self.paragraphs_runs[-1].append((text, fmt))


def _col_width(document):
    section = document.sections[0]
    return section.page_width - section.left_margin - section.right_margin


def _add_run(paragraph, text, fmt):
    run = paragraph.add_run(text)
    run.bold = fmt.get("bold") or None
    run.italic = fmt.get("italic") or None
    run.underline = fmt.get("underline") or None
    run.font.strike = fmt.get("strike") or None
    if fmt.get("sub"):
        run.font.subscript = True
    if fmt.get("sup"):
        run.font.superscript = True
    return run


def _table(document, header, rows):
    from docx.shared import RGBColor

    table = document.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        run = cell.paragraphs[0].add_run(str(text))
        run.bold = True
        run.font.color.rgb = RGBColor(*BLUE)
    for values in rows:
        cells = table.add_row().cells
        for cell, value in zip(cells, values, strict=True):
            cell.paragraphs[0].add_run(str(value or ""))
    return table


def build(version):
    """The DOCX bytes of ``version``."""
    from docx import Document
    from docx.shared import Pt, RGBColor

    from .rendering import NETWORK_NAME, version_label

    data = version.content or {}
    language = data.get("language") or "es"
    rnd = data.get("round") or {}
    with translation.override(language):
        document = Document()
        normal = document.styles["Normal"]
        normal.font.name = "Liberation Serif"
        normal.font.size = Pt(11)
        for level in (1, 2, 3, 4):
            style = document.styles[f"Heading {level}"]
            style.font.color.rgb = RGBColor(*BLUE)
        properties = document.core_properties
        properties.title = data.get("title", "")
        properties.subject = rnd.get("code", "")
        properties.author = _("Technical Secretariat of RIPSO")
        properties.language = language

        document.add_paragraph(_("Organization of American States")).runs[0].bold = True
        document.add_paragraph(NETWORK_NAME)
        label = str(version_label(version.kind))
        if version.number:
            label += " · " + _("Version %(n)s") % {"n": version.number}
        document.add_paragraph(label)
        document.add_heading(data.get("title", ""), level=0)
        facts = [
            (_("Beneficiary country"), rnd.get("country", "")),
            (_("Institution"), rnd.get("institution", "")),
            (_("Round"), rnd.get("code", "")),
        ]
        for name, value in facts:
            if value:
                paragraph = document.add_paragraph()
                paragraph.add_run(f"{name}: ")
                paragraph.add_run(str(value)).bold = True
        if data.get("summary"):
            document.add_heading(_("Summary"), level=2)
            document.add_paragraph(data["summary"])

        annexes = data.get("annexes") or {}
        for number, section in enumerate(data.get("sections") or (), start=1):
            document.add_page_break()
            document.add_heading(f"{number}. {section.get('title', '')}", level=1)
            parser = HtmlToDocx(document)
            parser.feed(section.get("body") or "")
            parser.close()
            if section.get("credit"):
                document.add_paragraph().add_run(section["credit"]).italic = True
            if section.get("kind") == SectionKind.RECOMMENDATIONS:
                _table(
                    document,
                    [
                        _("No."),
                        _("Recommendation"),
                        _("Area"),
                        _("Priority"),
                        _("Responsible institution"),
                        _("Time horizon"),
                    ],
                    [
                        (
                            r.get("number"),
                            r.get("text"),
                            r.get("area"),
                            r.get("priority_label"),
                            r.get("responsible_institution"),
                            r.get("horizon_label"),
                        )
                        for r in data.get("recommendations") or ()
                    ],
                )
            if section.get("kind") == SectionKind.ANNEXES:
                _annexes(document, annexes)
        out = io.BytesIO()
        document.save(out)
        return out.getvalue()


def _annexes(document, annexes):
    from .rendering import _agenda_rows

    if annexes.get("panel"):
        document.add_heading(_("Expert panel"), level=2)
        _table(
            document,
            [_("Name"), _("Country"), _("Role")],
            [(p.get("name"), p.get("country"), p.get("role")) for p in annexes["panel"]],
        )
    agenda = _agenda_rows(annexes.get("agenda"))
    if agenda:
        document.add_heading(_("Agenda of the technical visit"), level=2)
        _table(
            document,
            [_("When"), _("Activity"), _("Where / with whom")],
            [(a["when"], a["what"], a["where"]) for a in agenda],
        )
    if annexes.get("institutions"):
        document.add_heading(_("Institutions met"), level=2)
        for name in annexes["institutions"]:
            document.add_paragraph(str(name), style="List Bullet")
