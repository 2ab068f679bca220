"""The measures of the region's map (municipalities/maps.py) that the plans and initiatives give:
each reads the same selector as the page that lists the values (the scorecard, the overview, the
roll-up), so the map never computes a rule of its own."""

from decimal import Decimal

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from alliance import policy
from alliance.formatting import format_number
from municipalities import maps
from municipalities.maps import MapClass, MapData, MapValue, Measure
from municipalities.models import Municipality

from . import selectors
from .models import Plan, Theme

NO_PLAN = "no-plan"
STALE_BINS = [(0, "0"), (1, "1–2"), (3, "3–5"), (6, "6+")]
SHARE_BINS = [(0, "0–24 %"), (25, "25–49 %"), (50, "50–74 %"), (75, "75–100 %")]
REDUCTION_BINS = [(0, "0"), (1, "1–999"), (1000, "1.000–9.999"), (10000, "10.000+")]


def _visible_codes(user) -> list[int]:
    return list(policy.visible(user, Municipality).values_list("code", flat=True))


def plan_status_data(statuses: dict[int, str | None]) -> MapData:
    """Each municipality's current plan by status (None: no plan registered). Also drawn from a
    closed round's snapshot in the status report."""
    classes = maps.category_classes([*Plan.Status.choices, (NO_PLAN, _("Ingen plan registreret"))])
    labels = {c.key: c.label for c in classes}
    values = {
        code: MapValue(str(labels[status or NO_PLAN]), status or NO_PLAN)
        for code, status in statuses.items()
    }
    return MapData(_("Klimaplanens status"), classes, values)


def plan_status(user) -> MapData:
    statuses: dict[int, str | None] = dict.fromkeys(_visible_codes(user))
    statuses.update(
        policy.visible(user, Plan.objects.current()).values_list("municipality__code", "status")
    )
    return plan_status_data(statuses)


def revision_due(user) -> MapData:
    """The five-year revision of the current plan: overdue, within 12 months (the overview's
    list), later, or without an adoption date."""
    today = timezone.localdate()
    soon = set(selectors.plans_due_for_revision(user).values_list("pk", flat=True))
    later, due, overdue = maps.ordered_classes(
        [("later", _("Senere")), ("soon", _("Inden for 12 måneder")), ("overdue", _("Overskredet"))]
    )
    undated = MapClass("undated", _("Ingen plan eller vedtagelsesdato"), maps.NO_DATA_FILL)
    values = dict.fromkeys(_visible_codes(user), MapValue(undated.label, undated.key))
    plans = policy.visible(user, Plan.objects.current()).select_related("municipality")
    for plan in plans.only("pk", "adopted_on", "municipality__code"):
        if plan.revision_due is None:
            continue
        klass = (overdue if plan.revision_due < today else due) if plan.pk in soon else later
        text = _("Revision senest %(date)s") % {"date": date_format(plan.revision_due)}
        values[plan.municipality.code] = MapValue(f"{text} ({klass.label.lower()})", klass.key)
    return MapData(_("Planens revision"), [later, due, overdue, undated], values)


def updated_share_data(shares: dict[int, int | None]) -> MapData:
    """The share of each municipality's active initiatives updated in the last days (None: no
    active initiatives). Also drawn from a closed round's snapshot in the status report."""
    classes, values = maps.binned(shares, SHARE_BINS, text=lambda share: f"{share} %")
    for code in shares:
        values.setdefault(code, MapValue(_("Ingen aktive indsatser"), maps.NO_DATA))
    return MapData(
        _("Aktive indsatser opdateret de seneste %(days)s dage")
        % {"days": selectors.RECENT_UPDATE_DAYS},
        classes,
        values,
        note=_("Andelen af kommunens aktive indsatser, som scorekortet viser den."),
    )


def updated_share(user) -> MapData:
    shares: dict[int, int | None] = dict.fromkeys(_visible_codes(user))
    shares.update({row["code"]: row["recent_share"] for row in selectors.scorecard_rows(user)})
    return updated_share_data(shares)


def stale_initiatives(user) -> MapData:
    counts = dict.fromkeys(_visible_codes(user), 0)
    counts.update({row["code"]: row["stale"] for row in selectors.stale_municipalities(user)})
    classes, values = maps.binned(counts, STALE_BINS, text=format_number)
    return MapData(
        _("Forældede indsatser"),
        classes,
        values,
        note=_("Aktive indsatser uden statusopdatering i den fastsatte periode."),
    )


def expected_reduction_data(reductions: dict[int, Decimal | None]) -> MapData:
    """The initiatives' expected reductions per municipality. Also drawn from a closed round's
    snapshot in the status report."""
    classes, values = maps.binned(
        reductions,
        REDUCTION_BINS,
        text=lambda tonnes: _("%(n)s ton CO2e/år") % {"n": format_number(tonnes or Decimal(0))},
    )
    return MapData(
        _("Indsatsernes forventede reduktion"),
        classes,
        values,
        note=_("Ton CO2e om året; en fælles indsats tæller hos den ledende kommune."),
    )


def expected_reduction(user) -> MapData:
    return expected_reduction_data(
        {
            row.municipality.code: row.initiative_reduction
            for row in selectors.regional_rollup(user).rows
        }
    )


def theme_membership(user, theme: Theme) -> MapData:
    """The municipalities that lead or take part in an initiative with the theme (the overview's
    rule, `selectors.theme_coverage`)."""
    row = next(r for r in selectors.theme_coverage(user) if r.theme.pk == theme.pk)
    return maps.membership_data(
        _("Temaet %(name)s") % {"name": theme.name},
        dict.fromkeys((m.code for m in row.municipalities), False),
        _visible_codes(user),
    )


@maps.register_measures(10)
def region_measures(user) -> list[Measure]:
    return [
        Measure("planstatus", _("Klimaplanens status"), lambda: plan_status(user)),
        Measure("revision", _("Planens revision"), lambda: revision_due(user)),
        Measure(
            "opdateret",
            _("Andel af indsatserne opdateret de seneste %(days)s dage")
            % {"days": selectors.RECENT_UPDATE_DAYS},
            lambda: updated_share(user),
        ),
        Measure("foraeldede", _("Forældede indsatser"), lambda: stale_initiatives(user)),
        Measure("reduktion", _("Forventet reduktion"), lambda: expected_reduction(user)),
    ]


@maps.register_measures(40)
def theme_measures(user) -> list[Measure]:
    return [
        Measure(
            f"tema-{theme.slug}",
            theme.name,
            lambda theme=theme: theme_membership(user, theme),
            group="themes",
            group_label=_("Temaer"),
        )
        for theme in policy.visible(user, Theme)
    ]
