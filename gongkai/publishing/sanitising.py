"""Sanitising record bodies (rich text) with nh3. Pure: no Django.

Allowed: headings, paragraphs, lists, tables, emphasis, links (http, https, mailto and relative only),
images (http, https and relative). Removed: script/style elements with their content, every on* event
handler, `style` and `class` attributes, javascript:/data:/vbscript: URLs, iframes, forms."""

from __future__ import annotations

import html as html_lib

import nh3

ALLOWED_TAGS = frozenset({
    "p", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "strong", "b", "em", "i", "u", "s", "sub", "sup",
    "blockquote", "pre", "code", "ul", "ol", "li", "dl", "dt", "dd", "table", "caption", "thead", "tbody",
    "tfoot", "tr", "th", "td", "a", "img", "span", "div", "figure", "figcaption",
})
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title", "width", "height"},
    "th": {"colspan", "rowspan", "scope"},
    "td": {"colspan", "rowspan"},
    "ol": {"start"},
}
URL_SCHEMES = frozenset({"http", "https", "mailto"})
CLEAN_CONTENT_TAGS = frozenset({"script", "style"})


def sanitise_html(html: str) -> str:
    """The body as it may be stored and shown: only the allowed tags and attributes, safe links."""
    if not html:
        return ""
    return nh3.clean(
        html,
        tags=set(ALLOWED_TAGS),
        clean_content_tags=set(CLEAN_CONTENT_TAGS),
        attributes={tag: set(attrs) for tag, attrs in ALLOWED_ATTRIBUTES.items()},
        url_schemes=set(URL_SCHEMES),
        link_rel="noopener noreferrer",
        strip_comments=True,
    )


def plain_text(html: str) -> str:
    """Text of a body without any tags (for summaries, search and the privacy scan)."""
    if not html:
        return ""
    text = nh3.clean(html, tags=set(), clean_content_tags=set(CLEAN_CONTENT_TAGS))
    return html_lib.unescape(text)
