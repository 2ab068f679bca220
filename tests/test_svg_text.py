"""SVG text in PDFs is laid out as one run unless something places its characters one by one
(alliance/svg_text.py), and looks the same as when WeasyPrint laid it out a character at a time."""

import io
import subprocess

import pytest
import weasyprint.svg
from PIL import Image, ImageChops
from weasyprint.text import line_break

from alliance import svg_text
from alliance.pdf import html_to_pdf

TICKS = (
    '<text x="10" y="20">0</text>'
    '<text x="50%" y="40" text-anchor="middle">2030</text>'
    '<text x="98%" y="60" text-anchor="end">1.234.567</text>'
)


def chart(texts: str = TICKS) -> str:
    return (
        '<!DOCTYPE html><html lang="da"><head><title>Test</title></head><body>'
        '<svg xmlns="http://www.w3.org/2000/svg" width="400" height="80" font-size="11" '
        f'font-family="IBM Plex Sans, DejaVu Sans, sans-serif">{texts}</svg></body></html>'
    )


def png(pdf: bytes) -> Image.Image:
    out = subprocess.run(
        ["pdftoppm", "-r", "150", "-f", "1", "-l", "1", "-png", "-"],
        input=pdf,
        capture_output=True,
        check=True,
    ).stdout
    return Image.open(io.BytesIO(out)).convert("L")


@pytest.fixture
def laid_out_texts(monkeypatch):
    """The texts WeasyPrint's SVG text function laid out with Pango, in order."""
    texts = []
    split_first_line = line_break.split_first_line

    def spy(text, *args, **kwargs):
        texts.append(text)
        return split_first_line(text, *args, **kwargs)

    # The SVG text function imports it when called; the HTML layout imported it at load.
    monkeypatch.setattr(line_break, "split_first_line", spy)
    return texts


def test_svg_text_is_drawn_through_the_one_run_function():
    assert weasyprint.svg.text is svg_text.draw_text
    assert weasyprint.svg.TAGS["text"] is svg_text.draw_text
    assert weasyprint.svg.TAGS["tspan"] is svg_text.draw_text


def test_a_tick_is_laid_out_once_not_a_character_at_a_time(laid_out_texts):
    html_to_pdf(chart('<text x="10" y="20" text-anchor="end">2030</text>'))
    assert laid_out_texts == ["2030", "2030"]  # the run's width, then the run drawn


def test_characters_placed_one_by_one_are_still_laid_out_one_by_one(laid_out_texts):
    html_to_pdf(chart('<text x="10 20 30" y="20">abc</text><text x="10" y="40" dx="1 2">de</text>'))
    assert laid_out_texts == ["abc", "a", "b", "c", "de", "d", "e"]


def test_a_run_looks_as_the_characters_laid_out_one_by_one(monkeypatch):
    """Ticks anchored at the start, the middle and the end: the same pixels. (A word may differ
    where the font kerns a pair of letters, "Ve": shaped as a run, it is kerned.)"""
    one_run = png(html_to_pdf(chart()).content)
    monkeypatch.setattr(svg_text, "is_one_run", lambda node: False)
    by_character = png(html_to_pdf(chart()).content)
    assert ImageChops.difference(one_run, by_character).getbbox() is None
    assert one_run.getextrema()[0] < 128  # something was drawn
