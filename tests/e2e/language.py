"""Is this page (or PDF) in one language? A check for the browser walks.

A Spanish page fails on English interface words that never occur in Spanish ("the", "Save",
"Notes by"...); an English page on Spanish ones ("Guardar", "Plazo", " del "...). Both lists are
curated: every word is matched as a whole word, case-sensitively where a word is also a Spanish
(or English) one in another case, and chosen so that a correct page never contains it.

What people typed is not the interface: a walk passes the texts it typed (and the proper names
its pages show) as ``allowed``; they are removed from the text before it is checked. A walk in
Spanish types Spanish, so only an English page needs them in practice.
"""

import re

# English words a Spanish page never contains. (?i) words: any case; the others: as written.
ENGLISH_ONLY = [
    r"(?i:the)",
    r"(?i:and)",
    r"(?i:of)",
    r"(?i:with)",
    r"(?i:your)",
    r"(?i:you)",
    r"(?i:this)",
    r"(?i:that)",
    r"(?i:which)",
    r"(?i:from)",
    r"(?i:for)",
    r"(?i:to)",
    r"(?i:is)",
    r"(?i:are)",
    r"(?i:has)",
    r"(?i:have)",
    r"(?i:will)",
    r"(?i:by)",
    r"(?i:not)",
    r"(?i:yet)",
    r"(?i:what)",
    r"(?i:when)",
    r"(?i:who)",
    r"Notes by",
    r"Save",
    r"Saved",
    r"Submit",
    r"Send",
    r"Draft",
    r"Day",
    r"Start",
    r"End",
    r"Place",
    r"Deadline",
    r"Due",
    r"Edit",
    r"Delete",
    r"Remove",
    r"Cancel",
    r"Download",
    r"Upload",
    r"Search",
    r"Back",
    r"Next",
    r"Previous",
    r"Page",
    r"Date",
    r"Time",
    r"Status",
    r"Country",
    r"Report",
    r"Round",
    r"Rounds",
    r"Questionnaire",
    r"Question",
    r"Answer",
    r"Answers",
    r"Findings",
    r"Recommendations",
    r"Logistics",
    r"Visit",
    r"Expert",
    r"Experts",
    r"Secretariat",
    r"Inbox",
    r"Pending",
    r"Done",
    r"Accept",
    r"Decline",
    r"Invite",
    r"Propose",
    r"Approve",
    r"Publish",
    r"Published",
    r"Sign out",
    r"Log out",
    r"My work",
    r"Still missing",
    r"Attendance",
    r"Venue",
    r"Participants",
    r"Responsible",
    r"Morning",
    r"Afternoon",
    r"Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday",
    r"January|February|March|April|June|July|August|September|October|November|December",
]

# Spanish words an English page never contains.
SPANISH_ONLY = [
    r"del",
    r"los",
    r"las",
    r"(?i:el)",
    r"(?i:para)",
    r"(?i:por)",
    r"(?i:una)",
    r"(?i:con)",
    r"(?i:que)",
    r"(?i:su)",
    r"(?i:sus)",
    r"(?i:usted)",
    r"(?i:aún)",
    r"(?i:también)",
    r"Guardar",
    r"Guardado",
    r"Enviar",
    r"Borrador",
    r"Plazo",
    r"Editar",
    r"Eliminar",
    r"Quitar",
    r"Cancelar",
    r"Descargar",
    r"Subir",
    r"Buscar",
    r"Volver",
    r"Siguiente",
    r"Anterior",
    r"Página",
    r"Fecha",
    r"Hora",
    r"Estado",
    r"País",
    r"Informe",
    r"Ronda",
    r"Rondas",
    r"Cuestionario",
    r"Pregunta",
    r"Respuesta",
    r"Respuestas",
    r"Notas",
    r"Hallazgos",
    r"Recomendaciones",
    r"Logística",
    r"Visita",
    r"Experto",
    r"Experta",
    r"Expertos",
    r"Secretaría",
    r"Bandeja",
    r"Pendiente",
    r"Aceptar",
    r"Rechazar",
    r"Invitar",
    r"Proponer",
    r"Aprobar",
    r"Publicar",
    r"Publicado",
    r"Mi trabajo",
    r"Falta",
    r"Faltan",
    r"Salir",
    r"Cerrar sesión",
    r"Día",
    r"Lunes|Martes|Miércoles|Jueves|Viernes|Sábado|Domingo",
    r"enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|octubre|noviembre|diciembre",
]


def _compile(words):
    return re.compile(r"(?<!\w)(?:" + "|".join(f"(?:{w})" for w in words) + r")(?!\w)")


FOREIGN = {"es": _compile(ENGLISH_ONLY), "en": _compile(SPANISH_ONLY)}

# Proper names and codes every page may show in their own language.
PROPER_NAMES = [
    "Español",
    "English",
    "Português",
    "Français",
    "RIPSO",
    "MECIGEP",
    "Port of Spain",  # a time zone (America/Port_of_Spain)
]


def foreign_words(text, lang, allowed=()):
    """The words of ``text`` that are not ``lang`` ("es" or "en"), each with some context."""
    for known in sorted({*allowed, *PROPER_NAMES}, key=len, reverse=True):
        if known:
            text = text.replace(known, " ")
    hits = []
    for match in FOREIGN[lang].finditer(text):
        start, end = max(match.start() - 40, 0), match.end() + 40
        context = " ".join(text[start:end].split())
        hits.append(f"{match.group(0)!r} in “…{context}…”")
    return hits


def assert_language(text, lang, where, allowed=()):
    hits = foreign_words(text, lang, allowed)
    other = {"es": "English", "en": "Spanish"}[lang]
    assert not hits, f"{other} on {where} (a {lang} page):\n  " + "\n  ".join(hits)


# The page's visible text and the texts people read in attributes (titles, placeholders,
# labels for screen readers, confirm questions), without the language switcher (whose entries
# are each in their own language by design).
PAGE_TEXT_JS = """() => {
  const body = document.body.cloneNode(true);
  body.querySelectorAll('.language-switcher, script, style, template, noscript')
      .forEach((e) => e.remove());
  const parts = [body.innerText || body.textContent];
  const attrs = ['title', 'placeholder', 'aria-label', 'alt', 'data-confirm'];
  body.querySelectorAll('*').forEach((e) => {
    for (const a of attrs) { if (e.getAttribute(a)) parts.push(e.getAttribute(a)); }
  });
  parts.push(document.title);
  return parts.join('\\n');
}"""


def page_text(page):
    return page.evaluate(PAGE_TEXT_JS)


def assert_page_language(page, lang, allowed=()):
    """The page ``page`` shows (its html lang included) is in ``lang``."""
    html_lang = page.locator("html").get_attribute("lang")
    assert html_lang == lang, f"{page.url} is in {html_lang!r}, expected {lang!r}"
    assert_language(page_text(page), lang, page.url, allowed)


def pdf_text(data):
    """The text of a PDF (bytes) and its number of pages."""
    import io

    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    return "\n".join(p.extract_text() or "" for p in reader.pages), len(reader.pages)
