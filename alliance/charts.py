"""Charts as SVG strings: the one piece of code that draws the status report's charts, used by
the web page (inline SVG) and by the PDF (inline SVG laid out by WeasyPrint as vectors), so both
always show the same picture.

Accessible by construction: every chart is role="img" with a <title> and a <desc> that states the
data in words, and every bar or point carries its value as text, so nothing depends on colour.
No JavaScript, no chart library.
"""

from collections.abc import Sequence
from decimal import Decimal
from html import escape
from itertools import count

from django.utils.safestring import SafeString, mark_safe

from alliance.formatting import format_number

WIDTH = 640
FONT = 'font-family="IBM Plex Sans, DejaVu Sans, Arial, sans-serif"'
TEXT = "#1a1a1a"
MUTED = "#545454"
GRID = "#d9d9d9"
# Distinguishable for the common colour-vision deficiencies (Okabe–Ito), dark enough for white text.
PALETTE = ("#0072b2", "#e69f00", "#009e73", "#cc79a7", "#56b4e9", "#d55e00", "#7f7f7f")

_ids = count(1)


def fmt(value, decimals: int = 0) -> str:
    return format_number(value, decimals)


def _chart_id(key: str | None) -> str:
    return f"chart-{key}" if key else f"chart-{next(_ids)}"


def _open(key: str, title: str, desc: str, height: int) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {WIDTH} {height}" '
        f'width="{WIDTH}" height="{height}" role="img" '
        f'aria-labelledby="{key}-title {key}-desc" {FONT} font-size="12">'
        f'<title id="{key}-title">{escape(title)}</title>'
        f'<desc id="{key}-desc">{escape(desc)}</desc>'
    )


def _text(x, y, text, *, anchor="start", size=12, fill=TEXT, weight="normal") -> str:
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}" font-size="{size}" '
        f'fill="{fill}" font-weight="{weight}">{escape(str(text))}</text>'
    )


def bar_chart(
    *,
    title: str,
    data: Sequence[tuple[str, float | Decimal]],
    unit: str = "",
    key: str | None = None,
) -> SafeString:
    """Horizontal bars, one per (label, value), the value written after each bar."""
    key = _chart_id(key)
    row, top, label_w, value_w = 24, 8, 210, 90
    height = top + row * max(len(data), 1) + 8
    desc = "; ".join(f"{label}: {fmt(value)}{' ' + unit if unit else ''}" for label, value in data)
    parts = [_open(key, title, desc or title, height)]
    biggest = max((float(v) for _, v in data), default=0) or 1
    span = WIDTH - label_w - value_w
    for n, (label, value) in enumerate(data):
        y = top + n * row
        length = span * float(value) / biggest
        parts.append(_text(label_w - 8, y + 16, label, anchor="end"))
        parts.append(
            f'<rect class="bar" x="{label_w}" y="{y + 4}" width="{length:.1f}" height="{row - 8}" '
            f'fill="{PALETTE[0]}"><title>{escape(label)}: {fmt(value)}</title></rect>'
        )
        parts.append(
            _text(label_w + length + 6, y + 16, f"{fmt(value)}{' ' + unit if unit else ''}")
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))


def _scale(values: Sequence[float]) -> tuple[float, list[float]]:
    """A round top for the axis and three grid lines under it."""
    top = max(values, default=0) or 1
    magnitude = 10 ** (len(str(int(top))) - 1)
    nice = next(m * magnitude for m in (1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10) if m * magnitude >= top)
    return nice, [nice * f for f in (0.25, 0.5, 0.75, 1)]


def stacked_bars(
    *,
    title: str,
    categories: Sequence[str],
    series: Sequence[tuple[str, Sequence[float | Decimal]]],
    unit: str = "",
    key: str | None = None,
    plot_height: int = 180,
) -> SafeString:
    """Vertical stacked bars: one bar per category (year), one coloured part per series (sector),
    the total above each bar and a legend in words."""
    key = _chart_id(key)
    left, right, top, plot_h = 70, 10, 22, plot_height
    legend_rows = (len(series) + 2) // 3
    height = top + plot_h + 26 + legend_rows * 18 + 6
    totals = [sum(float(values[i]) for _, values in series) for i in range(len(categories))]
    axis_top, grid = _scale(totals)
    desc = "; ".join(
        f"{category}: "
        + ", ".join(f"{name} {fmt(values[i])}" for name, values in series if float(values[i]))
        + f" (i alt {fmt(totals[i])}{' ' + unit if unit else ''})"
        for i, category in enumerate(categories)
    )
    parts = [_open(key, title, desc or title, height)]
    plot_w = WIDTH - left - right
    base = top + plot_h
    for value in grid:
        y = base - plot_h * value / axis_top
        parts.append(
            f'<line x1="{left}" x2="{WIDTH - right}" y1="{y:.1f}" y2="{y:.1f}" stroke="{GRID}"/>'
        )
        parts.append(_text(left - 6, y + 4, fmt(value), anchor="end", size=10, fill=MUTED))
    parts.append(
        f'<line x1="{left}" x2="{WIDTH - right}" y1="{base}" y2="{base}" stroke="{TEXT}"/>'
    )
    slot = plot_w / max(len(categories), 1)
    bar_w = min(48, slot * 0.6)
    for i, category in enumerate(categories):
        x = left + slot * i + (slot - bar_w) / 2
        y = base
        for n, (name, values) in enumerate(series):
            h = plot_h * float(values[i]) / axis_top
            if h <= 0:
                continue
            y -= h
            parts.append(
                f'<rect class="segment" x="{x:.1f}" y="{y:.1f}" width="{bar_w:.1f}" '
                f'height="{h:.1f}" fill="{PALETTE[n % len(PALETTE)]}">'
                f"<title>{escape(category)}, {escape(name)}: {fmt(values[i])}</title></rect>"
            )
        # Totals above the bars where there is room; otherwise on the first and last (the
        # description has them all).
        if slot >= 56 or i in (0, len(categories) - 1):
            parts.append(_text(x + bar_w / 2, y - 4, fmt(totals[i]), anchor="middle", size=10))
        parts.append(_text(x + bar_w / 2, base + 15, category, anchor="middle", size=11))
    for n, (name, _values) in enumerate(series):
        lx = left + (n % 3) * (plot_w / 3)
        ly = base + 30 + (n // 3) * 18
        parts.append(
            f'<rect x="{lx:.1f}" y="{ly - 9}" width="10" height="10" '
            f'fill="{PALETTE[n % len(PALETTE)]}"/>'
        )
        parts.append(_text(lx + 14, ly, name, size=11))
    if unit:
        parts.append(_text(4, 12, unit, size=10, fill=MUTED))
    parts.append("</svg>")
    return mark_safe("".join(parts))


def line_chart(
    *,
    title: str,
    series: Sequence[tuple[str, Sequence[tuple[int, float | Decimal]]]],
    unit: str = "",
    key: str | None = None,
) -> SafeString:
    """Lines over years, one per series (e.g. an indicator's values and its goals, dashed), each
    point labelled with its value."""
    key = _chart_id(key)
    left, right, top, plot_h = 70, 20, 40, 150
    height = top + plot_h + 26 + 18 * len(series) + 6
    years = sorted({year for _, points in series for year, _v in points})
    values = [float(v) for _, points in series for _y, v in points]
    axis_top, grid = _scale(values)
    desc = "; ".join(
        f"{name}: " + ", ".join(f"{year} {fmt(v, 1)}" for year, v in points)
        for name, points in series
    )
    parts = [_open(key, title, desc or title, height)]
    parts.append(_text(4, 14, title, size=12, weight="600"))
    plot_w = WIDTH - left - right
    base = top + plot_h

    def x_of(year: int) -> float:
        if len(years) == 1:
            return left + plot_w / 2
        return left + plot_w * (year - years[0]) / (years[-1] - years[0])

    for value in grid:
        y = base - plot_h * value / axis_top
        parts.append(
            f'<line x1="{left}" x2="{WIDTH - right}" y1="{y:.1f}" y2="{y:.1f}" stroke="{GRID}"/>'
        )
        parts.append(_text(left - 6, y + 4, fmt(value), anchor="end", size=10, fill=MUTED))
    parts.append(
        f'<line x1="{left}" x2="{WIDTH - right}" y1="{base}" y2="{base}" stroke="{TEXT}"/>'
    )
    for year in years:
        parts.append(_text(x_of(year), base + 15, year, anchor="middle", size=11))
    for n, (name, points) in enumerate(series):
        colour = PALETTE[n % len(PALETTE)]
        dash = ' stroke-dasharray="6 4"' if n % 2 else ""
        coords = [(x_of(year), base - plot_h * float(v) / axis_top) for year, v in points]
        if len(coords) > 1:
            path = " ".join(f"{x:.1f},{y:.1f}" for x, y in coords)
            parts.append(
                f'<polyline class="line" points="{path}" fill="none" stroke="{colour}" '
                f'stroke-width="2"{dash}/>'
            )
        for index, ((x, y), (_year, v)) in enumerate(zip(coords, points, strict=True)):
            parts.append(
                f'<circle class="point" cx="{x:.1f}" cy="{y:.1f}" r="3.5" fill="{colour}"/>'
            )
            # Values on every point when few, else on the first and the last (all are in <desc>).
            if len(points) <= 6 or index in (0, len(points) - 1):
                parts.append(_text(x, y - 7, fmt(v, 1), anchor="middle", size=10))
        ly = base + 30 + n * 18
        parts.append(
            f'<line x1="{left}" x2="{left + 20}" y1="{ly - 4}" y2="{ly - 4}" stroke="{colour}" '
            f'stroke-width="2"{dash}/>'
        )
        parts.append(_text(left + 26, ly, name, size=11))
    if unit:
        parts.append(_text(4, 32, unit, size=10, fill=MUTED))
    parts.append("</svg>")
    return mark_safe("".join(parts))
