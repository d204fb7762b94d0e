"""HTML captures, for now: the page's visible text, one block a line, for the text stripper.

The structural HTML extractor (DOM-based, with page metadata) is a later stage; until
then an HTML capture goes through the same stripper as a browser text copy.
"""
from __future__ import annotations

from selectolax.lexbor import LexborHTMLParser

_INVISIBLE = "script, style, noscript, template, svg, head, iframe, object"
_BLOCKS = ("p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "br", "section", "article",
           "header", "footer", "nav", "aside", "blockquote", "pre", "figcaption", "dd", "dt", "td", "th")


def visible_text(html: str) -> str:
    """The text a browser would show, a line per block element; never raises on bad markup."""
    tree = LexborHTMLParser(html)
    for node in tree.css(_INVISIBLE):
        node.decompose()
    root = tree.body or tree.root
    if root is None:
        return ""
    for tag in _BLOCKS:
        for node in root.css(tag):
            node.insert_before("\n")
            node.insert_after("\n")
    return root.text(separator="", strip=False)
