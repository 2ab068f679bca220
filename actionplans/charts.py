"""Charts of one municipality's climate data: its emissions against its plan's path, its
initiatives' expected reductions against the gap to its 2030 target, and indicator trends; and the
region's charts. All drawn by alliance/charts.py, the one chart module of pages and PDFs, for the
municipality page, its climate profile PDF and its public page alike.
"""

from decimal import Decimal

from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from alliance import charts
from alliance.charts import bar_chart, fmt, line_chart

from .climate import MunicipalityClimate
from .models import Initiative, Sector


def path_points(climate: MunicipalityClimate) -> list[tuple[int, Decimal]]:
    """The plan's path: the baseline, the 2030 target and zero in the net-zero year, where given."""
    plan = climate.plan
    if not plan or plan.baseline_year is None or plan.baseline_emissions is None:
        return []
    points = [(plan.baseline_year, plan.baseline_emissions)]
    if climate.target_2030 is not None and plan.baseline_year < 2030:
        points.append((2030, climate.target_2030))
    if plan.net_zero_year and plan.net_zero_year > points[-1][0]:
        points.append((plan.net_zero_year, Decimal(0)))
    return points


def emissions_chart(climate: MunicipalityClimate, *, name: str, key: str) -> SafeString | None:
    """The accounted emissions by year, stacked by sector (every sector in its colour of every
    chart), with the plan's path over them, on a span of years from the first to the last of
    both. None without accounts or a path."""
    path = path_points(climate)
    years = list(climate.emissions)
    if not years and not path:
        return None
    span = years + [year for year, _v in path]
    categories = list(range(min(span), max(span) + 1))
    finding = []
    if years:
        finding.append(
            _("Udledningen var %(tonnes)s ton CO2e i %(year)s.")
            % {"tonnes": fmt(climate.latest_emissions), "year": years[-1]}
        )
    if climate.target_2030 is not None:
        finding.append(
            _("Planens mål for 2030 er %(tonnes)s ton CO2e.") % {"tonnes": fmt(climate.target_2030)}
        )
    if climate.plan and climate.plan.net_zero_year:
        finding.append(_("Nettonul i %(year)s.") % {"year": climate.plan.net_zero_year})
    title = _("Udledning efter sektor og år mod planens sti: %(name)s") % {"name": name}
    return charts.stacked_bars(
        title=title,
        categories=categories,
        series=[
            (str(label), [climate.emissions.get(year, {}).get(value) for year in categories])
            for value, label in Sector.choices
        ],
        path=(_("Planens sti: basisår, mål for 2030, nettonul"), path) if path else None,
        named=sorted(set(span)),
        unit=_("ton CO2e"),
        finding=" ".join(finding) or title,
        key=key,
        plot_height=200,
    )


def reduction_chart(climate: MunicipalityClimate, *, name: str, key: str) -> SafeString | None:
    """Two bars on one scale, each with its label: the gap to the 2030 target (an outline), and
    the initiatives' expected reductions stacked by sector. None without a target."""
    gap = climate.gap
    if gap is None:
        return None
    expected = climate.expected_reduction
    covered = round(100 * expected / gap) if gap else None
    finding = _(
        "Der mangler %(gap)s ton CO2e om året til målet for 2030; indsatsernes forventede "
        "reduktioner er %(expected)s ton CO2e om året%(share)s."
    ) % {
        "gap": fmt(gap),
        "expected": fmt(expected),
        "share": (_(", %(percent)s %% af det") % {"percent": covered})
        if covered is not None
        else "",
    }
    # The sectors first, so each keeps its colour of the emissions chart; the gap after them.
    return charts.bars(
        title=_("Indsatsernes forventede reduktioner mod afstanden til 2030-målet: %(name)s")
        % {"name": name},
        labels=[_("Afstand til målet"), _("Forventede reduktioner")],
        series=[
            (str(label), [None, climate.reduction_by_sector.get(value)])
            for value, label in Sector.choices
        ]
        + [(_("Afstand til målet"), [gap, None])],
        stacked=True,
        outline=[False] * len(Sector.choices) + [True],
        unit=_("t/år"),
        finding=finding,
        key=key,
    )


def status_chart(climate: MunicipalityClimate, *, key: str) -> SafeString:
    return bar_chart(
        title=_("Indsatser efter status"),
        data=[(str(label), climate.by_status.get(v, 0)) for v, label in Initiative.Status.choices],
        key=key,
    )


def sector_chart(climate: MunicipalityClimate, *, key: str) -> SafeString:
    return bar_chart(
        title=_("Indsatser efter sektor"),
        data=[(str(label), climate.by_sector.get(v, 0)) for v, label in Sector.choices],
        key=key,
    )


def indicator_chart(indicator, *, key: str) -> SafeString | None:
    """An indicator's values as a line and its goals dashed (prefetched `values` and `goals`);
    None before it has any."""
    values = [(v.year, v.value) for v in indicator.values.all()]
    goals = [(g.year, g.value) for g in indicator.goals.all()]
    series = [(str(_("Værdi")), values)] if values else []
    if goals:
        series.append((str(_("Mål")), goals))
    if not series:
        return None
    return line_chart(
        title=f"{indicator.name} ({indicator.unit})", series=series, unit=indicator.unit, key=key
    )


def climate_charts(climate: MunicipalityClimate, *, name: str, prefix: str) -> dict:
    """Every chart of a municipality, keyed for the templates."""
    return {
        "emissions": emissions_chart(climate, name=name, key=f"{prefix}-emissions"),
        "reductions": reduction_chart(climate, name=name, key=f"{prefix}-reductions"),
        "status": status_chart(climate, key=f"{prefix}-status"),
        "sector": sector_chart(climate, key=f"{prefix}-sector"),
    }


# --- Across the region ----------------------------------------------------------------------------


def theme_share_chart(coverage) -> SafeString:
    """Each theme's share now beside the reference share ("Et blik på tværs"), both of the
    municipalities with an approved plan (the reference's base), so like is compared with like."""
    rows = list(coverage)
    referenced = [r for r in rows if r.theme.reference_share is not None and r.share is not None]
    finding = _(
        "Andelen nu er på højde med eller over referencen i %(n)s af %(total)s temaer med en "
        "reference; begge er af kommunerne med en godkendt plan (%(base)s nu, %(reference)s i "
        "referencen)."
    ) % {
        "n": sum(1 for r in referenced if r.share >= r.theme.reference_share),
        "total": len(referenced),
        "base": coverage.base,
        "reference": coverage.reference_plans,
    }
    return charts.bars(
        title=_("Temaer: andel nu og i 'Et blik på tværs'"),
        labels=[r.theme.name for r in rows],
        series=[
            (_("Andel nu"), [r.share for r in rows]),
            (_("Andel i 'Et blik på tværs'"), [r.theme.reference_share for r in rows]),
        ],
        unit="%",
        outline=[False, True],
        finding=finding,
        key="region-themes",
    )


def scorecard_chart(rows: list[dict]) -> SafeString:
    """Each municipality's initiatives stacked by status (selectors.scorecard_rows)."""
    statuses = Initiative.Status.choices
    delayed = [r["municipality"] for r in rows if r[Initiative.Status.DELAYED]]
    busiest = max(rows, key=lambda r: r["total"], default=None)
    finding = _("%(n)s af %(total)s kommuner har forsinkede indsatser.") % {
        "n": len(delayed),
        "total": len(rows),
    }
    if busiest and busiest["total"]:
        finding += " " + _("Flest indsatser: %(name)s (%(count)s).") % {
            "name": busiest["municipality"],
            "count": fmt(busiest["total"]),
        }
    return charts.bars(
        title=_("Indsatser efter status i hver kommune"),
        labels=[r["municipality"] for r in rows],
        links=[r["url"] for r in rows],
        series=[(str(label), [r[value] for r in rows]) for value, label in statuses],
        stacked=True,
        finding=finding,
        key="scorecard-status",
    )


def rollup_charts(rollup, *, national_target, net_zero_year: int) -> dict:
    """The region's path against the national one (70 % in 2030, net zero in 2050), and each
    municipality's part of the planned reduction (selectors.Rollup)."""
    complete = [r for r in rollup.rows if r.has_target_data]
    if not complete:
        return {}
    years = [r.plan.baseline_year for r in complete if r.plan.baseline_year]
    # The baselines are of different years; the path starts at the most common one.
    start = max(set(years), key=years.count) if years else 1990
    plans = [(start, rollup.baseline), (2030, rollup.implied_2030)]
    if all(r.plan.net_zero_year and r.plan.net_zero_year <= net_zero_year for r in complete):
        plans.append((net_zero_year, Decimal(0)))
    national = [(start, rollup.baseline), (2030, rollup.national_2030), (net_zero_year, 0)]
    finding = _(
        "Kommunernes mål giver %(percent)s %% reduktion i 2030 mod %(target)s %% i det "
        "nationale mål: %(gap)s ton CO2e %(side)s."
    ) % {
        "percent": fmt(rollup.reduction_percent, 1),
        "target": fmt(national_target),
        "gap": fmt(abs(rollup.gap_to_national)),
        "side": _("for meget") if rollup.gap_to_national > 0 else _("til overs"),
    }
    trajectory = charts.line_chart(
        title=_("Regionens udledning: kommunernes mål mod det nationale mål"),
        series=[
            (_("Kommunernes mål"), plans),
            (
                _("%(target)s %% i 2030, nettonul i %(year)s")
                % {"target": fmt(national_target), "year": net_zero_year},
                national,
            ),
        ],
        unit=_("ton CO2e"),
        finding=finding,
        key="rollup-trajectory",
    )
    ordered = sorted(complete, key=lambda r: r.target_reduction, reverse=True)
    top = ordered[:5]
    share = sum((r.contribution_share or 0 for r in top), Decimal(0))
    contribution = charts.bars(
        title=_("Kommunernes bidrag til regionens reduktion i 2030"),
        labels=[r.municipality.name for r in ordered],
        links=[r.municipality.get_absolute_url() for r in ordered],
        series=[(_("Reduktion"), [r.target_reduction for r in ordered])],
        unit=_("t"),
        finding=_(
            "De %(n)s største bidrag er %(share)s %% af den planlagte reduktion; %(missing)s "
            "kommuner mangler basisudledning eller 2030-mål."
        )
        % {"n": len(top), "share": fmt(share), "missing": len(rollup.rows) - len(complete)},
        key="rollup-contribution",
    )
    return {"trajectory": trajectory, "contribution": contribution}


def compare_charts(rows) -> dict:
    """Municipalities side by side (climate.compare_municipalities): the latest accounted
    emissions beside what the plan's 2030 target leaves, and the initiatives by status."""
    names = [r.municipality.name for r in rows]
    links = [r.municipality.get_absolute_url() for r in rows]
    with_both = [r for r in rows if r.latest_emissions is not None and r.target_2030 is not None]
    farthest = max(with_both, key=lambda r: r.latest_emissions - r.target_2030, default=None)
    finding = (
        _("Længst fra planens mål for 2030: %(name)s, %(tonnes)s ton CO2e over.")
        % {
            "name": farthest.municipality.name,
            "tonnes": fmt(farthest.latest_emissions - farthest.target_2030),
        }
        if farthest
        else _("Ingen af kommunerne har både et udledningsregnskab og et mål for 2030.")
    )
    emissions = charts.bars(
        title=_("Udledning i seneste regnskabsår og efter planens mål for 2030"),
        labels=names,
        links=links,
        series=[
            (_("Seneste regnskabsår"), [r.latest_emissions for r in rows]),
            (_("Mål for 2030"), [r.target_2030 for r in rows]),
        ],
        outline=[False, True],
        unit=_("t"),
        finding=finding,
        key="compare-emissions",
    )
    most = max(rows, key=lambda r: r.initiatives, default=None)
    status = charts.bars(
        title=_("Indsatser efter status"),
        labels=names,
        links=links,
        series=[
            (str(label), [r.by_status.get(value, 0) for r in rows])
            for value, label in Initiative.Status.choices
        ],
        stacked=True,
        finding=_("Flest indsatser: %(name)s (%(count)s).")
        % {"name": most.municipality.name, "count": fmt(most.initiatives)}
        if most
        else "",
        key="compare-status",
    )
    return {"emissions": emissions, "status": status}
