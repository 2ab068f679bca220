"""SVG text laid out as one run where nothing positions its characters one by one.

WeasyPrint 70 lays out and draws an SVG <text> one character at a time, each with its own Pango
layout, as SVG lets a text place every glyph (per-character x, y, dx, dy, rotate) and spacing
(letter-spacing, textLength) apart. A chart's ticks and years use none of that, and laying out
their characters one by one was a fifth of a municipality section's time in the status report.
Upstream knows this and names the fix applied here: where no attribute places characters one by
one, the text is one run (https://github.com/Kozea/WeasyPrint/issues/2249). The run is shaped by
Pango as a whole, so it also keeps ligatures and combining marks together.

WeasyPrint's own function still does all the work (style, anchor, bounding box, drawing): it
splits a text into characters by iterating over it, and a text that iterates as one piece is one
run. Applied on import of alliance.pdf, to the WeasyPrint version pyproject.toml pins.
"""

import weasyprint.svg
from weasyprint.svg.utils import normalize

# What places a text's characters one by one (SVG 1.1 §10.4 and §10.11).
PER_CHARACTER = ("dx", "dy", "rotate", "letter-spacing", "textLength")
_draw_text = weasyprint.svg.text


class _Run(str):
    """A text that iterates as one piece: WeasyPrint's character loop lays it out once."""

    def __iter__(self):
        yield str(self)


def is_one_run(node) -> bool:
    """No attribute of the node (its own or inherited) places a character apart from the rest:
    at most one x and one y, none of `PER_CHARACTER`."""
    return (
        bool(node.text)
        and all(node.get(name) is None for name in PER_CHARACTER)
        and all(len(normalize(node.get(name) or "").split()) <= 1 for name in ("x", "y"))
    )


def draw_text(svg, node, font_size):
    if is_one_run(node):
        node._etree_node.text = _Run(node.text)
    return _draw_text(svg, node, font_size)


def install() -> None:
    """Draw SVG text through `draw_text` (idempotent). WeasyPrint tells text nodes apart by
    comparing with its module's `text`, so that name is replaced along with the tag table."""
    weasyprint.svg.text = draw_text
    for tag, function in weasyprint.svg.TAGS.items():
        if function is _draw_text:
            weasyprint.svg.TAGS[tag] = draw_text
