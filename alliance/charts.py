"""Charts for pages and PDFs: the one module that draws the portal's charts (the status report,
the fact sheets, the municipality page, the region's pages, the comparison), as HTML around an
inline SVG, so the page and the PDF (WeasyPrint lays the SVG out as vectors) show the same picture.

Accessible by construction. Each chart is a <figure>: a caption with its title and the finding in
words, one SVG (role="img", a <title> and a <desc> that states the finding and then the numbers:
in a tagged PDF it becomes one Figure whose alternative text is both, see
alliance.pdf.chart_images) and the numbers as a table on request (<details>, not printed).
Colours are the Okabe–Ito palette, distinguishable with the common colour-vision deficiencies, and
never carry meaning alone: every series is named in a legend in the order it is drawn, a reference
is an outline, a goal a dashed line. Text is never drawn in a palette colour.

Cheap to draw, in a PDF above all: labels and values of bars, legends and long text are HTML beside
the SVG (static/css/charts.css), so there are no thousands of SVG <text> elements (they were most
of the status report's drawing time); but the short text of an axis (its ticks and the years under
bars and lines) is a few <text>s in the SVG, one per tick, as lists of HTML boxes laid out with
flex they had made the report's layout three times slower. Shapes are placed in percent of the
width, so a chart fits any width without a viewBox (nothing stretches). No JavaScript, no chart
library.
"""

from collections.abc import Sequence
from decimal import Decimal
from html import escape
from itertools import count, pairwise

from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from alliance.formatting import format_number

TEXT = "#1a1a1a"
MUTED = "#545454"
GRID = "#d9d9d9"
# Okabe–Ito, for fills and strokes only (several are too light for text on white).
PALETTE = ("#0072b2", "#e69f00", "#009e73", "#cc79a7", "#56b4e9", "#d55e00", "#7f7f7f")
ROW = 24  # px per row of a bar chart; static/css/charts.css gives its labels the same height
GROUPED_ROW = 36
SLOT_LINE = 14  # px per line of the names (and totals) under bars and lines over years
FONT = "IBM Plex Sans, DejaVu Sans, Arial, sans-serif"  # of the few <text>s: ticks and years

_ids = count(1)
Number = float | Decimal | int | None


def fmt(value, decimals: int = 0) -> str:
    return format_number(value, decimals)


def _chart_id(key: str | None) -> str:
    return f"chart-{key}" if key else f"chart-{next(_ids)}"


def _f(value) -> float:
    return float(value or 0)


def _with_unit(value, unit: str, decimals: int = 0) -> str:
    if value is None:
        return "–"
    return f"{fmt(value, decimals)} {unit}" if unit else fmt(value, decimals)


def _svg(key: str, title: str, desc: str, height: int, shapes: list[str]) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart__plot" width="100%" '
        f'height="{height}" role="img" aria-labelledby="{key}-title {key}-desc" '
        f'font-family="{FONT}" font-size="11">'
        f'<title id="{key}-title">{escape(title)}</title>'
        f'<desc id="{key}-desc">{escape(desc)}</desc>{"".join(shapes)}</svg>'
    )


def _caption(title: str, finding: str) -> str:
    return (
        f'<figcaption class="chart__caption"><span class="chart__title">{escape(title)}</span> '
        f'<span class="chart__finding">{escape(finding)}</span></figcaption>'
    )


def _swatch(n: int, kind: str = "") -> str:
    kind_class = f" chart__swatch--{kind}" if kind else ""
    return f'<span class="chart__swatch chart__swatch--{n % len(PALETTE)}{kind_class}"></span>'


def _legend(
    names: Sequence[str], kinds: Sequence[str], numbers: Sequence[int] | None = None
) -> str:
    """The series in drawing order; `numbers` are their colours' places in the palette where a
    series is left out (one with nothing to show keeps the others' colours, a sector's the same
    in every chart)."""
    numbers = range(len(names)) if numbers is None else numbers
    items = "".join(
        f"<li>{_swatch(n, kind)}{escape(str(name))}</li>"
        for n, name, kind in zip(numbers, names, kinds, strict=True)
    )
    return f'<ul class="nobullet-list chart__legend">{items}</ul>'


def _table(title: str, head: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """The numbers behind the chart, on request."""
    right = ' class="text-align-right"'
    header = "".join(
        f'<th scope="col"{right if n else ""}>{escape(str(h))}</th>' for n, h in enumerate(head)
    )
    body = "".join(
        f'<tr><th scope="row">{escape(str(row[0]))}</th>'
        + "".join(f'<td class="text-align-right">{escape(cell)}</td>' for cell in row[1:])
        + "</tr>"
        for row in rows
    )
    summary = escape(_("Tallene bag figuren"))  # outside the f-string, where makemessages sees it
    return (
        f'<details class="chart__table"><summary>{summary}</summary>'
        f'<div class="table--responsive-scroll"><table class="table table--compact">'
        f'<caption class="sr-only">{escape(title)}</caption><thead><tr>{header}</tr></thead>'
        f"<tbody>{body}</tbody></table></div></details>"
    )


def _figure(kind: str, key: str, title: str, finding: str, inner: str, table: str) -> SafeString:
    return mark_safe(
        f'<figure class="chart chart--{kind}" id="{key}">'
        f"{_caption(title, finding)}{inner}{table}</figure>"
    )


def _listing(labels: Sequence[str], values: Sequence[Number], unit: str) -> str:
    return "; ".join(
        f"{label}: {_with_unit(v, unit)}" for label, v in zip(labels, values, strict=True)
    )


def _largest(labels: Sequence[str], values: Sequence[Number], unit: str) -> str:
    if not labels or not any(_f(v) for v in values):
        return _("Ingen at vise endnu.")
    index = max(range(len(values)), key=lambda i: _f(values[i]))
    return _("Størst: %(label)s, %(value)s.") % {
        "label": labels[index],
        "value": _with_unit(values[index], unit),
    }


# --- Horizontal bars: one row per label -------------------------------------------------------


def bars(
    *,
    title: str,
    labels: Sequence[str],
    series: Sequence[tuple[str, Sequence[Number]]],
    unit: str = "",
    key: str | None = None,
    finding: str | None = None,
    stacked: bool = False,
    outline: Sequence[bool] = (),
    links: Sequence[str] | None = None,
    decimals: int = 0,
) -> SafeString:
    """Horizontal bars, a row per label: one bar per row with one series; with several, either
    side by side in the row (`outline[n]` draws series n as an outline, e.g. a reference) or
    `stacked` into one bar. Labels (links where given) and values are HTML beside the bars."""
    key = _chart_id(key)
    labels = [str(label) for label in labels]
    grouped = len(series) > 1 and not stacked
    row = GROUPED_ROW if grouped else ROW
    totals = [sum(_f(values[i]) for _n, values in series) for i in range(len(labels))]
    biggest = max(totals if stacked else [_f(v) for _n, vs in series for v in vs], default=0) or 1
    outline = list(outline) + [False] * (len(series) - len(outline))
    shapes = []
    for i in range(len(labels)):
        left = 0.0
        for n, (_name, values) in enumerate(series):
            width = 100 * _f(values[i]) / biggest
            if grouped:
                height = (row - 8) / len(series)
                y, x = 4 + n * height, 0.0
            else:
                height, y, x = row - 8, 4, left
            colour = PALETTE[n % len(PALETTE)]
            paint = (
                f'fill="#fff" stroke="{colour}" stroke-width="2" stroke-dasharray="5 3"'
                if outline[n]
                else f'fill="{colour}" stroke="#fff" stroke-width="1"'
            )
            if width > 0:
                shapes.append(
                    f'<rect class="bar" x="{x:.2f}%" y="{i * row + y:.1f}" width="{width:.2f}%" '
                    f'height="{height:.1f}" {paint}/>'
                )
            left += width
    if grouped:
        shown = [
            " / ".join(_with_unit(vs[i], unit, decimals) for _n, vs in series)
            for i in range(len(labels))
        ]
    elif stacked:
        shown = [_with_unit(t, unit, decimals) for t in totals]
    else:
        shown = [
            _with_unit(series[0][1][i], unit, decimals) if series else ""
            for i in range(len(labels))
        ]
    if len(series) == 1:
        desc_values = _listing(labels, series[0][1], unit)
    else:
        # Side by side every series is named (a missing reference says "–"); of a stacked bar
        # only its parts.
        desc_values = "; ".join(
            f"{label}: "
            + ", ".join(
                f"{name} {_with_unit(vs[i], unit, decimals)}"
                for name, vs in series
                if not stacked or _f(vs[i])
            )
            for i, label in enumerate(labels)
        )
    if finding is None:
        finding = _largest(labels, totals if stacked or len(series) == 1 else series[0][1], unit)
    names = [
        f'<li><a href="{escape(links[i])}">{escape(label)}</a></li>'
        if links and links[i]
        else f"<li>{escape(label)}</li>"
        for i, label in enumerate(labels)
    ]
    values_html = "".join(f"<li>{escape(v)}</li>" for v in shown)
    grid_class = "chart__rows chart__rows--grouped" if grouped else "chart__rows"
    inner = (
        f'<div class="{grid_class}"><ul class="nobullet-list chart__labels">{"".join(names)}</ul>'
        f'<div class="chart__area">{_svg(key, title, f"{finding} {desc_values}", row * max(len(labels), 1), shapes)}</div>'
        f'<ul class="nobullet-list chart__values">{values_html}</ul></div>'
    )
    if len(series) > 1:
        shown = [n for n, (_name, vs) in enumerate(series) if any(_f(v) for v in vs)]
        inner += _legend(
            [series[n][0] for n in shown],
            ["outline" if outline[n] else "" for n in shown],
            numbers=shown,
        )
    head = [_("Kategori")] + ([name for name, _v in series] if len(series) > 1 else [_("Værdi")])
    if unit:
        head[1:] = [f"{h} ({unit})" for h in head[1:]]
    table_rows = [
        [label, *(fmt(vs[i], decimals) for _n, vs in series)] for i, label in enumerate(labels)
    ]
    return _figure("bars", key, title, finding, inner, _table(title, head, table_rows))


def bar_chart(
    *,
    title: str,
    data: Sequence[tuple[str, Number]],
    unit: str = "",
    key: str | None = None,
    finding: str | None = None,
    links: Sequence[str] | None = None,
) -> SafeString:
    """Horizontal bars, one per (label, value)."""
    return bars(
        title=title,
        labels=[label for label, _v in data],
        series=[("", [v for _l, v in data])],
        unit=unit,
        key=key,
        finding=finding,
        links=links,
    )


# --- Vertical bars and lines over years -------------------------------------------------------


def _scale(values: Sequence[float]) -> float:
    """A round top for the axis, whose quarters (the gridlines) are round too."""
    top = max(values, default=0) or 1
    magnitude = 10 ** (len(str(int(top))) - 1)
    return next(m * magnitude for m in (1, 1.2, 1.6, 2, 3, 4, 6, 8, 10) if m * magnitude >= top)


def _gridlines(plot_h: int) -> list[str]:
    return [
        f'<line x1="0" x2="100%" y1="{plot_h * (1 - f) + 0.5:.1f}" y2="{plot_h * (1 - f) + 0.5:.1f}" '
        f'stroke="{GRID if f else TEXT}"/>'
        for f in (0, 0.25, 0.5, 0.75, 1)
    ]


def _axis(top: float, plot_h: int) -> str:
    """The value of each gridline, left of the plot (in the gutter that .chart__columns keeps)."""
    ticks = "".join(
        f'<text x="-6" y="{plot_h * (1 - f) + 4:.1f}">{fmt(top * f)}</text>'
        for f in (1, 0.75, 0.5, 0.25, 0)
    )
    return f'<g class="chart__ticks" fill="{MUTED}" text-anchor="end">{ticks}</g>'


def _slots(
    labels: Sequence,
    plot_h: int,
    totals: Sequence[str] | None = None,
    named: Sequence | None = None,
) -> str:
    """The categories under the plot, centred under their equal slots (as the bars'); only those
    in `named` (all by default) have their name shown, the last always and the others from the
    first on at least an eighth of the width apart, so none overlap however they cluster (the
    table names them all). A total, where given, goes under its category's name."""
    named = set(labels if named is None else named)
    places = [i for i, label in enumerate(labels) if label in named]
    gap = len(labels) / 8
    shown = []
    for i in places[:-1]:
        if places[-1] - i >= gap and (not shown or i - shown[-1] >= gap):
            shown.append(i)
    shown += places[-1:]
    slot = 100 / max(len(labels), 1)
    names, sums = [], []
    for i in shown:
        label = labels[i]
        x = f"{slot * i + slot / 2:.2f}%"
        names.append(f'<text x="{x}" y="{plot_h + SLOT_LINE}">{escape(str(label))}</text>')
        if totals and totals[i]:
            sums.append(f'<text x="{x}" y="{plot_h + 2 * SLOT_LINE}">{escape(totals[i])}</text>')
    return f'<g class="chart__slots" fill="{TEXT}" text-anchor="middle">{"".join(names)}</g>' + (
        f'<g class="chart__totals" fill="{MUTED}" text-anchor="middle">{"".join(sums)}</g>'
        if sums
        else ""
    )


def _columns(
    key: str,
    title: str,
    desc: str,
    *,
    plot_h: int,
    top: float,
    shapes: list[str],
    categories: Sequence,
    totals: Sequence[str] | None = None,
    named: Sequence | None = None,
) -> str:
    """Bars or lines over categories: one SVG whose only text is the axis's ticks and the
    categories' names (and totals), a few <text> elements a chart. As HTML boxes beside the SVG
    they were most of a PDF's layout time."""
    height = plot_h + 1 + (2 if totals else 1) * SLOT_LINE + 4
    labels = [_axis(top, plot_h), _slots(categories, plot_h, totals, named)]
    return f'<div class="chart__columns">{_svg(key, title, desc, height, shapes + labels)}</div>'


def stacked_bars(
    *,
    title: str,
    categories: Sequence,
    series: Sequence[tuple[str, Sequence[Number]]],
    unit: str = "",
    key: str | None = None,
    plot_height: int = 180,
    finding: str | None = None,
    path: tuple[str, Sequence[tuple[object, Number]]] | None = None,
    named: Sequence | None = None,
) -> SafeString:
    """Vertical stacked bars: one bar per category (year), one part per series (sector) stacked
    from the bottom in the legend's order; the totals under the bars. A `path`, (name, [(category,
    value)]), is drawn over the bars on the same scale as a dashed dark line with hollow points (a
    plan's path: baseline, 2030 target, net zero). With `named`, only those categories are named,
    described and tabled (the years with data, of a span of years that is mostly empty)."""
    key = _chart_id(key)
    categories = [str(c) for c in categories]
    path_name, path_points = path or ("", [])
    path_points = [(str(c), v) for c, v in path_points]
    totals = [sum(_f(values[i]) for _n, values in series) for i in range(len(categories))]
    top = _scale(totals + [_f(v) for _c, v in path_points])
    plot_h = plot_height
    slot = 100 / max(len(categories), 1)
    bar_w = slot * 0.6
    shapes = _gridlines(plot_h)
    for i in range(len(categories)):
        x = slot * i + (slot - bar_w) / 2
        y = float(plot_h)
        for n, (_name, values) in enumerate(series):
            h = plot_h * _f(values[i]) / top
            if h <= 0:
                continue
            y -= h
            shapes.append(
                f'<rect class="segment" x="{x:.2f}%" y="{y:.1f}" width="{bar_w:.2f}%" height="{h:.1f}" '
                f'fill="{PALETTE[n % len(PALETTE)]}" stroke="#fff" stroke-width="1"/>'
            )
    coords = [
        (slot * categories.index(c) + slot / 2, plot_h - plot_h * _f(v) / top)
        for c, v in path_points
    ]
    shapes += [
        f'<line class="path" x1="{x1:.2f}%" y1="{y1:.1f}" x2="{x2:.2f}%" y2="{y2:.1f}" '
        f'stroke="{TEXT}" stroke-width="2.5" stroke-dasharray="7 4"/>'
        for (x1, y1), (x2, y2) in pairwise(coords)
    ]
    shapes += [
        f'<circle cx="{x:.2f}%" cy="{y:.1f}" r="4.5" fill="#fff" stroke="{TEXT}" stroke-width="2"/>'
        for x, y in coords
    ]
    if finding is None and categories:
        finding = _("I alt %(total)s i %(last)s.") % {
            "total": _with_unit(totals[-1], unit),
            "last": categories[-1],
        }
        if len(categories) > 1 and totals[0]:
            change = round(100 * (totals[-1] - totals[0]) / totals[0])
            finding += " " + _("%(change)s %% i forhold til %(first)s.") % {
                "change": f"{'+' if change > 0 else ''}{fmt(change)}",
                "first": categories[0],
            }
    finding = finding or _("Ingen at vise endnu.")
    named = categories if named is None else [str(c) for c in named]
    rows = [i for i, c in enumerate(categories) if c in set(named)]
    on_path = dict(path_points)
    in_all = _("i alt")
    described = [
        f"{categories[i]}: "
        + ", ".join(f"{name} {fmt(values[i])}" for name, values in series if _f(values[i]))
        + f" ({in_all} {_with_unit(totals[i], unit)})"
        for i in rows
        if totals[i] or categories[i] not in on_path  # a year only on the path: with the path
    ]
    if path_points:
        described.append(f"{path_name}: " + ", ".join(f"{c} {fmt(v)}" for c, v in path_points))
    desc_values = "; ".join(described)
    shown_totals = [fmt(t) if t else "" for t in totals] if len(rows) <= 8 else None
    shown = [n for n, (_name, values) in enumerate(series) if any(_f(v) for v in values)]
    inner = (
        _columns(
            key,
            title,
            f"{finding} {desc_values}",
            plot_h=plot_h,
            top=top,
            shapes=shapes,
            categories=categories,
            totals=shown_totals,
            named=named,
        )
        + (f'<p class="chart__unit">{escape(unit)}</p>' if unit else "")
        + _legend(
            [series[n][0] for n in shown] + ([path_name] if path_points else []),
            [""] * len(shown) + (["path"] if path_points else []),
            numbers=shown + ([0] if path_points else []),
        )
    )
    head = [_("År"), *(name for name, _v in series), _("I alt")]
    if unit:
        head[1:] = [f"{h} ({unit})" for h in head[1:]]
    if path_points:
        head.append(path_name)
    table_rows = [
        [
            categories[i],
            *(fmt(values[i]) for _n, values in series),
            fmt(totals[i]),
            *([fmt(on_path.get(categories[i]))] if path_points else []),
        ]
        for i in rows
    ]
    return _figure("columns", key, title, finding, inner, _table(title, head, table_rows))


def line_chart(
    *,
    title: str,
    series: Sequence[tuple[str, Sequence[tuple[int, Number]]]],
    unit: str = "",
    key: str | None = None,
    finding: str | None = None,
    plot_height: int = 150,
) -> SafeString:
    """Lines over years, one per series; every second series dashed (e.g. an indicator's goals,
    or a target path), each point a dot."""
    key = _chart_id(key)
    named = {year for _n, points in series for year, _v in points}
    years = list(range(min(named), max(named) + 1)) if named else []
    top = _scale([_f(v) for _n, points in series for _y, v in points])
    plot_h = plot_height
    slot = 100 / max(len(years), 1)

    def x_of(year: int) -> float:
        return slot * years.index(year) + slot / 2

    def y_of(value) -> float:
        return plot_h - plot_h * _f(value) / top

    shapes = _gridlines(plot_h)
    for n, (_name, points) in enumerate(series):
        colour = PALETTE[n % len(PALETTE)]
        dash = ' stroke-dasharray="6 4"' if n % 2 else ""
        coords = [(x_of(year), y_of(v)) for year, v in points]
        shapes += [
            f'<line class="line" x1="{x1:.2f}%" y1="{y1:.1f}" x2="{x2:.2f}%" y2="{y2:.1f}" stroke="{colour}" '
            f'stroke-width="2"{dash}/>'
            for (x1, y1), (x2, y2) in pairwise(coords)
        ]
        # A dashed series' points are hollow: told apart by shape as well as by colour.
        paint = f'fill="#fff" stroke="{colour}" stroke-width="2"' if n % 2 else f'fill="{colour}"'
        shapes += [
            f'<circle class="point" cx="{x:.2f}%" cy="{y:.1f}" r="3.5" {paint}/>' for x, y in coords
        ]
    if finding is None:
        findings = [
            _("%(name)s: %(value)s i %(year)s.")
            % {"name": name, "value": _with_unit(points[-1][1], unit, 1), "year": points[-1][0]}
            for name, points in series
            if points
        ]
        finding = " ".join(findings) or _("Ingen at vise endnu.")
    desc_values = "; ".join(
        f"{name}: " + ", ".join(f"{year} {fmt(v, 1)}" for year, v in points)
        for name, points in series
    )
    inner = (
        _columns(
            key,
            title,
            f"{finding} {desc_values}",
            plot_h=plot_h,
            top=top,
            shapes=shapes,
            categories=years,
            named=named,
        )
        + (f'<p class="chart__unit">{escape(unit)}</p>' if unit else "")
        + _legend(
            [name for name, _p in series],
            ["dashed" if n % 2 else "line" for n in range(len(series))],
        )
    )
    by_year = [dict(points) for _n, points in series]
    rows = [[year, *(fmt(values.get(year), 1) for values in by_year)] for year in sorted(named)]
    head = [_("År"), *(name for name, _p in series)]
    return _figure("lines", key, title, finding, inner, _table(title, head, rows))
