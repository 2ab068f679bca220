"""The DK2020 plan and the initiatives on the municipality page: the coordinator's home.

A coordinator lands here at login, so the panel runs a fixed number of queries however many
initiatives the municipality has (tested), and lists first what most needs an update.
"""

from collections.abc import Callable
from datetime import timedelta
from itertools import zip_longest

from django.core.paginator import Paginator
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.http import HttpRequest
from django.utils import timezone

from alliance import policy
from municipalities.models import Municipality
from municipalities.panels import Panel, register_panel, register_profile_section

from .charts import climate_charts, indicator_chart
from .climate import current_plan, municipality_climate
from .models import CapfElement, Initiative, Plan, Sector, Task
from .rows import label_initiatives

PLAN_PANEL_TEMPLATE = "actionplans/_municipality_panel.html"
CLIMATE_PANEL_TEMPLATE = "actionplans/_climate_panel.html"
REVISION_WARNING_DAYS = 365
PAGE_SIZE = 50  # initiatives a page; a municipality has about 30, the bench data set 150


def capf_in_order(plan: Plan) -> list:
    """The plan's CAPF assessments in the framework's order (prefetched `capf_assessments`)."""
    order = {element.value: n for n, element in enumerate(CapfElement)}
    return sorted(plan.capf_assessments.all(), key=lambda a: order[a.element])


@register_panel(order=10)
def plan_panel(request: HttpRequest, municipality: Municipality) -> Panel | None:
    """The plan and its initiatives, a page at a time (`?side=`). The municipality page caches
    it (alliance/fragments.py): it changes with the data and with the clock (freshness, late
    tasks), which the actionplans clock tells."""
    return Panel(PLAN_PANEL_TEMPLATE, plan_context(request, municipality))


def plan_context(request: HttpRequest, municipality: Municipality) -> dict:
    user = request.user
    today = timezone.localdate()
    plan = current_plan(user, municipality)
    # Late tasks as a subquery and the led initiatives filtered on the municipality directly: no
    # join over tasks or participants, so no DISTINCT and no GROUP BY.
    late_tasks = (
        Task.objects.filter(
            initiative=OuterRef("pk"), completed_on__isnull=True, due_date__lt=today
        )
        .order_by()
        .values("initiative")
        .annotate(n=Count("pk"))
        .values("n")
    )
    initiatives = (
        policy.visible(user, Initiative.objects.in_current_plans())
        .with_freshness()
        .annotate(late_tasks=Coalesce(Subquery(late_tasks), 0))
        .select_related("plan__municipality")
        .needing_update_first()
    )
    # A page at a time: what most needs an update comes first, so the first page is the work list.
    led = Paginator(initiatives.filter(plan__municipality=municipality), PAGE_SIZE).get_page(
        request.GET.get("side")
    )
    joint_ids = Initiative.participants.through.objects.filter(municipality=municipality)
    joint = initiatives.filter(pk__in=joint_ids.values("initiative")).exclude(
        plan__municipality=municipality
    )
    editable = set(
        policy.editable(user, Initiative.objects.filter(plan__municipality=municipality))
        .in_current_plans()
        .values_list("pk", flat=True)
    )
    led.object_list = label_initiatives(led.object_list)
    revision_due = plan.revision_due if plan else None
    return {
        "municipality": municipality,
        "plan": plan,
        "capf": capf_in_order(plan) if plan else [],
        "revision_due": revision_due,
        "revision_warning": bool(
            revision_due and revision_due <= today + timedelta(days=REVISION_WARNING_DAYS)
        ),
        "revision_overdue": bool(revision_due and revision_due < today),
        "led": led,
        "joint": label_initiatives(joint),
        "editable": editable,
        "can_edit_plan": policy.can_edit(user, municipality),
        "next": request.get_full_path(),
    }


@register_panel(order=20)
def climate_panel(request: HttpRequest, municipality: Municipality) -> Panel:
    """Below the work list: the municipality's emissions, reductions and indicators as charts."""
    return Panel(CLIMATE_PANEL_TEMPLATE, climate_context(request.user, municipality))


def climate_context(user, municipality: Municipality) -> dict:
    climate = municipality_climate(user, municipality)
    return {
        "municipality": municipality,
        "climate": climate,
        "charts": climate_charts(climate, name=municipality.name, prefix="municipality"),
        "indicators": [
            {"indicator": i, "chart": indicator_chart(i, key=f"indicator-{i.pk}")}
            for i in climate.indicators
        ],
    }


@register_profile_section(order=10)
def climate_profile_section(municipality: Municipality) -> Panel:
    """The plan, its targets, emissions against the path, initiatives and indicators, in the
    climate profile PDF: the same figures and charts as the municipality page."""
    climate = municipality_climate(None, municipality)
    return Panel(
        "actionplans/_climate_profile.html",
        {
            "municipality": municipality,
            "climate": climate,
            "plan": climate.plan,
            "charts": climate_charts(climate, name=municipality.name, prefix="profile"),
            # Status and sector side by side in one table (WeasyPrint lays out no flexbox of
            # tables): each row a status with its count and a sector with its count and tonnes.
            "initiative_rows": list(
                zip_longest(
                    [
                        (label, climate.by_status.get(value, 0))
                        for value, label in Initiative.Status.choices
                    ],
                    [
                        (
                            label,
                            climate.by_sector.get(value, 0),
                            climate.reduction_by_sector.get(value),
                        )
                        for value, label in Sector.choices
                    ],
                )
            ),
            "indicator_rows": [indicator_row(i) for i in climate.indicators],
        },
    )


def indicator_row(indicator) -> tuple:
    """The indicator, its latest value and its next goal (the last, once all are past)."""
    values, goals = list(indicator.values.all()), list(indicator.goals.all())  # prefetched, by year
    this_year = timezone.localdate().year
    coming = [g for g in goals if g.year >= this_year]
    return (
        indicator,
        (values[-1] if values else None),
        (coming or goals or [None])[0 if coming else -1],
    )


# --- Sections that apps above actionplans add to the initiative page ------------------------------
# Like municipalities.panels for the municipality page: fundraising (matching calls) registers a
# function in its AppConfig.ready(), so this app never imports the apps built on it.

InitiativePanelFunction = Callable[[HttpRequest, Initiative], Panel | None]
_initiative_panels: list[tuple[int, InitiativePanelFunction]] = []


def register_initiative_panel(
    order: int,
) -> Callable[[InitiativePanelFunction], InitiativePanelFunction]:
    def decorator(func: InitiativePanelFunction) -> InitiativePanelFunction:
        _initiative_panels.append((order, func))
        _initiative_panels.sort(key=lambda item: item[0])
        return func

    return decorator


def initiative_panels_for(request: HttpRequest, initiative: Initiative) -> list[Panel]:
    return [
        panel for _, func in _initiative_panels if (panel := func(request, initiative)) is not None
    ]
