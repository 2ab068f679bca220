"""What the status report says: the data of one build (a closed round's snapshot, the networks'
activities and attendance, the development tracks, the fundraising results and the secretariat's
narrative), and the same data dressed for the templates, with charts. The web page and the PDF
both read `report_context(report_data(...))`, so they show the same figures and charts."""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from actionplans.maps import expected_reduction_data, plan_status_data, updated_share_data
from actionplans.models import Indicator, Initiative, Plan, Sector
from alliance import charts
from fundraising.models import Application
from fundraising.totals import compute_totals
from governance.models import DevelopmentTrack
from municipalities import maps
from networks.models import Activity

from .maps import round_status_data
from .models import ReportingRound, StatusReport
from .snapshot import build_snapshot, recent_share

MUNICIPALITIES_PER_SECTION = 2
KEY_INITIATIVES = 8


def report_data(report: StatusReport, *, now: dt.datetime | None = None) -> dict:
    """Everything a build of the report shows, as JSON. A fixed handful of queries."""
    reporting_round = report.round
    narrative = {
        "introduction": report.introduction,
        "highlights": report.highlights,
        "outlook": report.outlook,
    }
    return round_data(
        reporting_round,
        snapshot=reporting_round.snapshot,
        as_of=reporting_round.closed_at,
        narrative=narrative,
        now=now,
    )


def draft_data(reporting_round: ReportingRound, *, now: dt.datetime | None = None) -> dict:
    """The report of a round not yet closed, on its municipalities' data as they stand now: a
    draft to read before closing (its PDF is watermarked, reports.pdf.run_draft_job)."""
    now = now or timezone.now()
    data = round_data(
        reporting_round,
        snapshot=build_snapshot(reporting_round, now=now),
        as_of=now,
        narrative={"introduction": "", "highlights": "", "outlook": ""},
        now=now,
    )
    data["draft"] = True
    data["title"] = _("Udkast: Statusrapport %(year)s") % {"year": reporting_round.year}
    return data


def round_data(
    reporting_round: ReportingRound,
    *,
    snapshot: dict,
    as_of: dt.datetime,
    narrative: dict,
    now: dt.datetime | None = None,
) -> dict:
    year = reporting_round.year
    now = now or timezone.now()
    activities = (
        Activity.objects.filter(starts_at__year=year)
        .select_related("network")
        .annotate(participants=Sum("attendance__participants"), organisations=Count("attendance"))
        .order_by("network__name", "starts_at")
    )
    networks: dict[str, dict] = {}
    for activity in activities:
        name = activity.network.name if activity.network else _("På tværs af netværkene")
        network = networks.setdefault(name, {"name": name, "activities": [], "participants": 0})
        network["activities"].append(
            {
                "title": activity.title,
                "kind": activity.get_kind_display(),
                "date": timezone.localtime(activity.starts_at).date().isoformat(),
                "participants": activity.participants or 0,
                "organisations": activity.organisations,
            }
        )
        network["participants"] += activity.participants or 0
    tracks = [
        {
            "title": t.title,
            "state": t.get_state_display(),
            "participants": t.n_participants,
            "budget": None if t.budget is None else str(t.budget),
        }
        for t in DevelopmentTrack.objects.annotate(n_participants=Count("participants")).order_by(
            "title"
        )
    ]
    totals = compute_totals(Application.objects.filter(submitted_on__year=year))
    fundraising = {
        "count": totals.overall.count,
        "applied": str(totals.overall.applied),
        "granted": str(totals.overall.granted),
        "granted_count": totals.overall.granted_count,
        "by_theme": [
            {
                "label": t.label,
                "count": t.count,
                "applied": str(t.applied),
                "granted": str(t.granted),
            }
            for t in totals.by_theme
        ],
    }
    return {
        "year": year,
        "title": _("Statusrapport %(year)s") % {"year": year},
        "generated_at": now.isoformat(),
        "round": {
            "deadline": reporting_round.deadline.isoformat(),
            "closed_at": as_of.isoformat(),
        },
        "snapshot": snapshot,
        "narrative": narrative,
        "networks": list(networks.values()),
        "tracks": tracks,
        "fundraising": fundraising,
    }


# --- Dressing the data for the templates ------------------------------------------------------


def _dec(value) -> Decimal | None:
    return None if value in (None, "") else Decimal(value)


def _date(value) -> dt.date | None:
    return dt.date.fromisoformat(value[:10]) if value else None


def _datetime(value) -> dt.datetime | None:
    return dt.datetime.fromisoformat(value) if value else None


def emission_chart(emissions: dict, *, title: str, key: str, plot_height: int = 180):
    """Stacked sectors per year, or None without data."""
    years = sorted(emissions)
    if not years:
        return None
    sectors = [s for s in Sector if any(s.value in emissions[y] for y in years)]
    series = [
        (str(s.label), [_dec(emissions[y].get(s.value)) or Decimal(0) for y in years])
        for s in sectors
    ]
    return charts.stacked_bars(
        title=title,
        categories=years,
        series=series,
        unit=_("ton CO2e"),
        key=key,
        plot_height=plot_height,
    )


def region_context(region: dict, year: int) -> dict:
    rollup = {k: _dec(v) if isinstance(v, str) else v for k, v in region["rollup"].items()}
    return {
        **region,
        "rollup": rollup,
        "status_rows": [
            (str(label), region["by_status"][value]) for value, label in Initiative.Status.choices
        ],
        "sector_rows": [
            (str(label), region["by_sector"][value]) for value, label in Sector.choices
        ],
        "plan_rows": [(str(label), region["plans"][value]) for value, label in Plan.Status.choices],
        "status_chart": charts.bar_chart(
            title=_("Indsatser efter status"),
            data=[(str(label), region["by_status"][v]) for v, label in Initiative.Status.choices],
            key="region-status",
        ),
        "sector_chart": charts.bar_chart(
            title=_("Indsatser efter sektor"),
            data=[(str(label), region["by_sector"][v]) for v, label in Sector.choices],
            key="region-sector",
        ),
        "rollup_chart": charts.bar_chart(
            title=_("Udledning i basisår og i 2030 (ton CO2e)"),
            data=[
                (_("Basisår"), rollup["baseline"]),
                (_("2030 efter planernes mål"), rollup["implied_2030"]),
                (_("2030 efter 70 %-målet"), rollup["national_2030"]),
            ],
            unit=_("t"),
            key="region-rollup",
        ),
        "emission_chart": emission_chart(
            region["emissions"], title=_("Regionens udledning efter sektor"), key="region-emissions"
        ),
    }


@dataclass(frozen=True)
class RegionMaps:
    """The municipalities on the report's maps, and the same values as one table (name, one
    value per map), in the snapshot's order (by name)."""

    maps: list[maps.RegionMap]
    rows: list[tuple[str, list[str]]]


def region_maps(municipalities: list[dict], *, year: int, deadline: str | None) -> RegionMaps:
    """The measures of the region's map that a status report is about, as the snapshot froze
    them: the plans' status, the share of active initiatives updated in the last days, the
    reporting round and the initiatives' expected reductions (each by the live map's own
    rule, drawn from the frozen values)."""
    measures = [
        (
            "planstatus",
            plan_status_data({m["code"]: (m["plan"] or {}).get("status") for m in municipalities}),
        ),
        ("opdateret", updated_share_data({m["code"]: recent_share(m) for m in municipalities})),
        (
            "runde",
            round_status_data(
                year,
                {m["code"]: _datetime(m["reported_at"]) for m in municipalities},
                deadline=_date(deadline),
            ),
        ),
        (
            "reduktion",
            expected_reduction_data(
                {
                    m["code"]: sum(
                        (_dec(i["expected_reduction"]) or 0 for i in m["initiatives"]), Decimal(0)
                    )
                    for m in municipalities
                }
            ),
        ),
    ]
    names = {m["code"]: m["name"] for m in municipalities}
    built = [
        maps.build_map(data, names=names, links=False, uid=f"kort-{key}") for key, data in measures
    ]
    no_data = maps.no_data_class().label
    rows = [
        (m["name"], [getattr(data.values.get(m["code"]), "text", no_data) for _k, data in measures])
        for m in municipalities
    ]
    return RegionMaps(built, rows)


def municipality_context(m: dict, year: int) -> dict:
    plan = m["plan"]
    if plan:
        plan = {
            **plan,
            "status_label": Plan.Status(plan["status"]).label,
            "adopted_on": _date(plan["adopted_on"]),
            "revision_due": _date(plan["revision_due"]),
            "reduction_target_2030": _dec(plan["reduction_target_2030"]),
            "baseline_emissions": _dec(plan["baseline_emissions"]),
        }
    initiatives = [
        {
            **i,
            "status_label": Initiative.Status(i["status"]).label,
            "sector_label": Sector(i["sector"]).label,
            "expected_reduction": _dec(i["expected_reduction"]),
            "last_update": _date(i["last_update"]),
        }
        for i in m["initiatives"]
    ]
    counts = {}
    for i in initiatives:
        counts[i["status_label"]] = counts.get(i["status_label"], 0) + 1
    indicators = []
    for n, ind in enumerate(m["indicators"]):
        values = sorted((int(y), _dec(v)) for y, v in ind["values"].items())
        goals = sorted((int(y), _dec(v)) for y, v in ind["goals"].items())
        series = []
        if values:
            series.append((_("Værdi"), values))
        if goals:
            series.append((_("Mål"), goals))
        indicators.append(
            {
                **ind,
                "direction_label": Indicator.Direction(ind["direction"]).label,
                "value": _dec(ind["values"].get(str(year))),
                "next_goal": next(((y, v) for y, v in goals if y >= year), None),
                "chart": charts.line_chart(
                    title=f"{ind['name']} ({ind['unit']})",
                    series=series,
                    unit=ind["unit"],
                    key=f"m{m['code']}-ind{n}",
                )
                if series
                else None,
            }
        )
    return {
        "code": m["code"],
        "name": m["name"],
        "anchor": f"toc-m{m['code']}",
        "reported_at": _date(m["reported_at"]),
        "reported_by": m["reported_by"],
        "plan": plan,
        "initiative_count": len(initiatives),
        "status_counts": sorted(counts.items()),
        "key_initiatives": initiatives[:KEY_INITIATIVES],
        "more_initiatives": max(len(initiatives) - KEY_INITIATIVES, 0),
        "indicators": indicators,
        "emission_chart": emission_chart(
            m["emissions"],
            title=_("Udledning efter sektor: %(name)s") % {"name": m["name"]},
            key=f"m{m['code']}-emissions",
        ),
    }


def networks_context(networks: list[dict]) -> dict:
    rows = [
        {**n, "activities": [{**a, "date": _date(a["date"])} for a in n["activities"]]}
        for n in networks
    ]
    return {
        "networks": rows,
        "activity_count": sum(len(n["activities"]) for n in networks),
        "participants": sum(n["participants"] for n in networks),
        "chart": charts.bar_chart(
            title=_("Deltagere i netværkenes aktiviteter"),
            data=[(n["name"], n["participants"]) for n in networks],
            key="networks-participants",
        )
        if networks
        else None,
    }


def fundraising_context(fundraising: dict) -> dict:
    return {
        **fundraising,
        "applied": _dec(fundraising["applied"]),
        "granted": _dec(fundraising["granted"]),
        "by_theme": [
            {**t, "applied": _dec(t["applied"]), "granted": _dec(t["granted"])}
            for t in fundraising["by_theme"]
        ],
    }


def report_context(data: dict) -> dict:
    """The whole report, ready for the templates (web page and PDF sections alike)."""
    year = data["year"]
    snapshot = data["snapshot"]
    return {
        "data": data,
        "year": year,
        "title": data["title"],
        "generated_at": dt.datetime.fromisoformat(data["generated_at"]),
        "closed_at": dt.datetime.fromisoformat(data["round"]["closed_at"]),
        "draft": data.get("draft", False),
        "narrative": data["narrative"],
        "region": region_context(snapshot["region"], year),
        "region_maps": region_maps(
            snapshot["municipalities"], year=year, deadline=data["round"].get("deadline")
        ),
        "municipalities": [municipality_context(m, year) for m in snapshot["municipalities"]],
        "network_section": networks_context(data["networks"]),
        "tracks": [{**t, "budget": _dec(t["budget"])} for t in data["tracks"]],
        "fundraising": fundraising_context(data["fundraising"]),
    }


# --- Sections ---------------------------------------------------------------------------------


def section_keys(data: dict) -> list[str]:
    """The report's sections in document order; the municipalities in groups, so that their
    layout spreads over the workers."""
    count = len(data["snapshot"]["municipalities"])
    groups = (count + MUNICIPALITIES_PER_SECTION - 1) // MUNICIPALITIES_PER_SECTION
    return [
        "introduction",
        "region",
        *(f"municipalities-{n}" for n in range(groups)),
        "networks",
        "tracks",
        "fundraising",
        "outlook",
    ]


def chapter_titles() -> dict[str, str]:
    return {
        "introduction": _("Indledning"),
        "region": _("Regionen samlet"),
        "municipalities": _("Kommunerne"),
        "networks": _("Netværkene"),
        "tracks": _("Klimaudviklingsspor"),
        "fundraising": _("Fundraising"),
        "outlook": _("Det næste år"),
    }


def section_context(context: dict, key: str) -> dict:
    """The part of the report one section shows."""
    chapter = key.split("-")[0]
    out = {**context, "section": chapter, "chapter_title": chapter_titles()[chapter]}
    if chapter == "municipalities":
        n = int(key.split("-")[1])
        start = n * MUNICIPALITIES_PER_SECTION
        out["section_municipalities"] = context["municipalities"][
            start : start + MUNICIPALITIES_PER_SECTION
        ]
        out["first_group"] = n == 0
    return out


def toc_entries(context: dict) -> list[tuple[str, str, int]]:
    """(anchor, title, level) of every entry of the contents and the bookmarks, in order."""
    titles = chapter_titles()
    entries = [
        ("toc-introduction", titles["introduction"], 1),
        ("toc-region", titles["region"], 1),
        ("toc-municipalities", titles["municipalities"], 1),
    ]
    entries += [(m["anchor"], m["name"], 2) for m in context["municipalities"]]
    entries += [
        ("toc-networks", titles["networks"], 1),
        ("toc-tracks", titles["tracks"], 1),
        ("toc-fundraising", titles["fundraising"], 1),
        ("toc-outlook", titles["outlook"], 1),
    ]
    return entries
