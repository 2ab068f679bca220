"""The map of the region's 29 municipalities, drawn on the server as inline SVG (it works without
JavaScript and prints), shaded by a measure.

The boundaries are DAGI's (fixtures/reference/hovedstaden-kommuner.geojson; the attribution must be
shown wherever the map is). They are projected once per process: longitude scaled by the cosine of
the latitude, so the map is not stretched, and Bornholm drawn as a framed inset in the empty
north-east corner.

Municipalities is a low layer: the values come from the apps above it. A caller passes a `MapData`
(classes and a value per municipality code) to `build_map`, or the apps register measures
(`register_measures`) that the user picks from (`?kort=<key>`, the `{% region_map %}` tag of
`municipalities/templatetags/maps.py`). Meaning is never carried by colour alone: every class has
its label in the legend, every shape names itself and its value, and the same values are a table.
"""

import json
import math
import tomllib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cache, cached_property
from pathlib import Path

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _

GEOJSON = Path(settings.BASE_DIR) / "fixtures" / "reference" / "hovedstaden-kommuner.geojson"
REFERENCE = Path(settings.BASE_DIR) / "fixtures" / "reference" / "municipalities.toml"
BORNHOLM = 400
PIXELS_PER_DEGREE = 800  # of latitude; the main map is about 500 × 520 px
PADDING = 8
INSET_SCALE = 0.6  # Bornholm at 60 % of the main map's scale, to fit the corner

# Colour-blind-safe palettes: viridis for ordered classes (light to dark), Okabe & Ito's for
# categories. Only fills and swatches use them; every text stays in the page's own colours.
SEQUENTIAL = ("#fde725", "#5ec962", "#21918c", "#3b528b", "#440154")
CATEGORICAL = ("#0072b2", "#e69f00", "#009e73", "#cc79a7", "#56b4e9", "#d55e00", "#f0e442")
NO_DATA_FILL = "#ffffff"
OUTSIDE_FILL = "#dddddd"
MEMBER_FILL = "#56b4e9"
LEAD_FILL = "#0072b2"
NO_DATA = "none"


# --- The shapes ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Outline:
    code: int
    path: str  # SVG path data in the map's pixels


@dataclass(frozen=True)
class Geometry:
    outlines: tuple[Outline, ...]
    width: int
    height: int
    inset: tuple[float, float, float, float]  # Bornholm's frame: x, y, width, height


def _rings(geometry: dict) -> list[list[list[float]]]:
    polygons = geometry["coordinates"]
    if geometry["type"] == "Polygon":
        polygons = [polygons]
    return [ring for polygon in polygons for ring in polygon]


def _bounds(rings: Iterable[list[list[float]]]) -> tuple[float, float, float, float]:
    points = [point for ring in rings for point in ring]
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    return min(xs), min(ys), max(xs), max(ys)


def _path(rings, project) -> str:
    parts = []
    for ring in rings:
        points = [project(lon, lat) for lon, lat in ring]
        parts.append("M" + "L".join(f"{x:.1f},{y:.1f}" for x, y in points) + "Z")
    return "".join(parts)


@cache
def geometry() -> Geometry:
    """The outlines in pixels, computed once per process from the GeoJSON file."""
    features = json.loads(GEOJSON.read_text(encoding="utf-8"))["features"]
    rings = {f["properties"]["code"]: _rings(f["geometry"]) for f in features}
    main = [ring for code, rs in rings.items() if code != BORNHOLM for ring in rs]
    west, south, east, north = _bounds(main)
    k = math.cos(math.radians((south + north) / 2))

    def project(lon: float, lat: float) -> tuple[float, float]:
        return (
            PADDING + (lon - west) * k * PIXELS_PER_DEGREE,
            PADDING + (north - lat) * PIXELS_PER_DEGREE,
        )

    # The inset sits north of Tårnby and east of Helsingør, where the main map has only sea.
    b_west, b_south, b_east, b_north = _bounds(rings[BORNHOLM])
    b_k = math.cos(math.radians((b_south + b_north) / 2))
    scale = PIXELS_PER_DEGREE * INSET_SCALE
    inset_w = (b_east - b_west) * b_k * scale + 2 * PADDING
    inset_h = (b_north - b_south) * scale + 2 * PADDING
    helsingor_east = max(p[0] for ring in rings[217] for p in ring)
    inset_x = project(helsingor_east, north)[0] + 2 * PADDING
    inset_y = PADDING

    def project_inset(lon: float, lat: float) -> tuple[float, float]:
        return (
            inset_x + PADDING + (lon - b_west) * b_k * scale,
            inset_y + PADDING + (b_north - lat) * scale,
        )

    outlines = tuple(
        Outline(code, _path(rs, project_inset if code == BORNHOLM else project))
        for code, rs in sorted(rings.items())
    )
    main_w, main_h = project(east, south)
    width = math.ceil(max(main_w, inset_x + inset_w) + PADDING)
    height = math.ceil(main_h + PADDING)
    return Geometry(outlines, width, height, (inset_x, inset_y, inset_w, inset_h))


@cache
def reference_names() -> dict[int, str]:
    """The 29 names of the reference data: a shape whose municipality is not in the database
    (or not visible to the reader) is still named."""
    with REFERENCE.open("rb") as handle:
        return {row["code"]: row["name"] for row in tomllib.load(handle)["municipality"]}


# --- What the map shows ----------------------------------------------------------------------------


@dataclass(frozen=True)
class MapClass:
    key: str
    label: str
    fill: str


@dataclass(frozen=True)
class MapValue:
    text: str  # the value as read: in the shape's title and label and in the table
    klass: str  # the key of its MapClass


@dataclass
class MapData:
    """What a measure says of each municipality (by code), in classes of a legend."""

    title: str
    classes: list[MapClass]
    values: dict[int, MapValue]
    note: str = ""  # how the values are counted, shown under the map


def no_data_class() -> MapClass:
    return MapClass(NO_DATA, _("Ingen data"), NO_DATA_FILL)


def ordered_classes(labels: list[tuple[str, str]]) -> list[MapClass]:
    """Classes of an ordered measure (low to high), in the sequential palette."""
    step = (len(SEQUENTIAL) - 1) / max(len(labels) - 1, 1)
    return [
        MapClass(key, label, SEQUENTIAL[round(n * step)]) for n, (key, label) in enumerate(labels)
    ]


def category_classes(labels: list[tuple[str, str]]) -> list[MapClass]:
    return [MapClass(key, label, CATEGORICAL[n]) for n, (key, label) in enumerate(labels)]


def binned(
    values: dict[int, float | int | None],
    bins: list[tuple[float, str]],
    *,
    text: Callable[[float | int], str],
) -> tuple[list[MapClass], dict[int, MapValue]]:
    """Numbers in ordered classes: `bins` is (lower bound, label), ascending. None is no data."""
    classes = ordered_classes([(f"b{n}", label) for n, (_, label) in enumerate(bins)])
    out = {}
    for code, value in values.items():
        if value is None:
            continue
        n = max(i for i, (lower, _) in enumerate(bins) if value >= lower or i == 0)
        out[code] = MapValue(text(value), classes[n].key)
    return classes, out


def membership_data(
    title: str, members: dict[int, bool], visible: Iterable[int], *, lead_label: str = ""
) -> MapData:
    """Who is in a network or has a theme: `members` maps a member's code to whether it leads
    (only shown with a `lead_label`); the other visible municipalities are outside."""
    outside = MapClass("outside", _("Ikke med"), OUTSIDE_FILL)
    member = MapClass("member", _("Med"), MEMBER_FILL)
    classes = [outside, member]
    if lead_label:
        classes.append(MapClass("lead", lead_label, LEAD_FILL))
    values = {code: MapValue(outside.label, outside.key) for code in visible}
    for code, lead in members.items():
        klass = classes[2] if lead and lead_label else member
        values[code] = MapValue(klass.label, klass.key)
    return MapData(title, classes, values)


# --- The measures the user picks from --------------------------------------------------------------


@dataclass(frozen=True)
class Measure:
    key: str  # the value of ?kort=
    label: str
    compute: Callable[[], MapData]
    group: str = ""  # "" for the region's measures, else a key such as "networks" or "themes"
    group_label: str = ""  # the form's option group ("Netværk")


MeasureSource = Callable[[object], list[Measure]]
_sources: list[tuple[int, MeasureSource]] = []


def register_measures(order: int) -> Callable[[MeasureSource], MeasureSource]:
    """An app above municipalities offers measures: `func(user)` returns them, computed only when
    picked (each reads through the user's policy)."""

    def decorator(func: MeasureSource) -> MeasureSource:
        _sources.append((order, func))
        _sources.sort(key=lambda item: item[0])
        return func

    return decorator


def measures_for(user, *, groups: Iterable[str] | None = None) -> list[Measure]:
    measures = [m for _, source in _sources for m in source(user)]
    if groups is not None:
        wanted = set(groups)
        measures = [m for m in measures if m.group in wanted]
    return measures


# --- The map, ready for the template ---------------------------------------------------------------


@dataclass(frozen=True)
class MapShape:
    code: int
    name: str
    url: str | None
    path: str
    value: MapValue
    klass: MapClass

    @property
    def label(self) -> str:
        return f"{self.name}: {self.value.text}"


@dataclass
class RegionMap:
    uid: str
    data: MapData
    shapes: list[MapShape]
    legend: list[tuple[MapClass, int]]
    width: int
    height: int
    inset: tuple[float, float, float, float]
    choices: list[tuple[str, list[Measure]]] = field(default_factory=list)  # (group label, …)
    chosen: str = ""

    # Cached: the template asks for each of the 29 rows, and a class's label is a lazy translation.
    @cached_property
    def rows(self) -> list[MapShape]:
        return sorted(self.shapes, key=lambda s: s.name)

    @cached_property
    def values_differ_from_classes(self) -> bool:
        return any(s.value.text != s.klass.label for s in self.shapes)

    @property
    def finding(self) -> str:
        """The map's text alternative: how many municipalities are in each class."""
        counts = "; ".join(f"{c.label}: {n}" for c, n in self.legend if n)
        return _("%(title)s i de %(n)s kommuner. %(counts)s.") % {
            "title": self.data.title,
            "n": len(self.shapes),
            "counts": counts,
        }


def build_map(
    data: MapData,
    *,
    names: dict[int, str],
    links: bool = True,
    uid: str = "kort",
    url_name: str = "municipalities:detail",
) -> RegionMap:
    """The map of `data`. `names` are the municipalities the reader may open (code: name); a
    shape of one they may not is named from the reference data and is no link. Each link goes to
    `url_name` with the municipality's code (the public pages link to their own)."""
    geo = geometry()
    none = no_data_class()
    classes = {c.key: c for c in data.classes}
    fallback = reference_names()
    shapes = []
    for outline in geo.outlines:
        value = data.values.get(outline.code) or MapValue(none.label, NO_DATA)
        shapes.append(
            MapShape(
                code=outline.code,
                name=names.get(outline.code) or fallback[outline.code],
                url=reverse(url_name, kwargs={"code": outline.code})
                if links and outline.code in names
                else None,
                path=outline.path,
                value=value,
                klass=classes.get(value.klass, none),
            )
        )
    used = [*data.classes]
    if any(s.klass.key == NO_DATA for s in shapes) and NO_DATA not in classes:
        used.append(none)
    legend = [(c, sum(1 for s in shapes if s.klass.key == c.key)) for c in used]
    return RegionMap(uid, data, shapes, legend, geo.width, geo.height, geo.inset)


def with_choices(region_map: RegionMap, measures: list[Measure], chosen: str) -> RegionMap:
    groups: dict[str, list[Measure]] = {}
    for measure in measures:
        groups.setdefault(measure.group_label, []).append(measure)
    region_map.choices = list(groups.items())
    region_map.chosen = chosen
    return region_map
