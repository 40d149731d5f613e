"""The only way HTML written in the report editor reaches the database: ``clean()``.

What people may format (headings, lists, bold, italics, links, tables, quotes) survives; scripts,
styles, event handlers, images from elsewhere and any other attribute are stripped (nh3, the
Rust ``ammonia`` sanitizer).
"""

from html import unescape

import nh3

ALLOWED_TAGS = {
    "p", "br", "h2", "h3", "h4", "strong", "b", "em", "i", "u", "s", "sub", "sup",
    "ul", "ol", "li", "blockquote", "a", "hr",
    "table", "thead", "tbody", "tr", "th", "td", "caption",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "th": {"colspan", "rowspan"},
    "td": {"colspan", "rowspan"},
    "ol": {"start"},
}
URL_SCHEMES = {"http", "https", "mailto"}


def clean(html):
    """Sanitized HTML: safe to store and to render with ``|safe``."""
    return nh3.clean(
        html or "",
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    ).strip()


def to_text(html):
    """Plain text of sanitized HTML (search index, diffs, DOCX fallbacks)."""
    return unescape(nh3.clean(html or "", tags=set(), attributes={})).strip()
