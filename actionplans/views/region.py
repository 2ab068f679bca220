"""Across the region (journey 3): the theme overview, the scorecard, peers and the roll-up of
targets; and the freshness reminders (what was sent, and the thresholds behind them).

Everyone with a role reads the regional pages (learning across borders is the point); every query
goes through `actionplans.selectors`, which read through the permission policy."""

from functools import cache

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_tables2 import RequestConfig

from alliance import exports, formfields, policy
from municipalities.models import Municipality

from .. import charts, climate, selectors
from ..models import FreshnessPolicy, Initiative, Reminder
from ..tables import ScorecardTable

# --- Forms (kept here: they serve these views only) ----------------------------------------------


class FreshnessPolicyForm(forms.ModelForm):
    class Meta:
        model = FreshnessPolicy
        formfield_callback = formfields.formfield
        fields = ["due_after_days", "late_after_days", "stale_after_days", "reminder_interval_days"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Whole, positive numbers of days; the model field alone would also allow 0.
        for name, model_field in list(self.fields.items()):
            self.fields[name] = formfields.IntegerField(
                label=model_field.label, min_value=1, max_value=3650
            )

    def clean(self):
        data = super().clean()
        due, late, stale = (data.get(k) for k in self.Meta.fields[:3])
        # Errors go on the fields, which also keeps the database constraint's own (English) message
        # from being added a second time.
        if due and late and late <= due:
            self.add_error("late_after_days", _("Skal være større end antal dage før opdatering."))
        if late and stale and stale <= late:
            self.add_error("stale_after_days", _("Skal være større end antal dage før forsinket."))
        return data


class ReminderFilterForm(forms.Form):
    kommune = forms.ModelChoiceField(
        queryset=Municipality.objects.none(),
        to_field_name="code",
        required=False,
        label=gettext_lazy("Kommune"),
        empty_label=gettext_lazy("Alle kommuner"),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kommune"].queryset = policy.visible(user, Municipality)


class CompareForm(forms.Form):
    """Which municipalities to put side by side: a GET form, so the address can be shared."""

    kommune = forms.TypedMultipleChoiceField(
        coerce=int,
        label=gettext_lazy("Kommuner"),
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "invalid_choice": gettext_lazy("Der er ingen kommune med koden %(value)s, du kan se."),
            "required": gettext_lazy("Vælg mindst to kommuner."),
        },
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kommune"].choices = [
            (m.code, m.name) for m in policy.visible(user, Municipality).order_by("name")
        ]

    def clean_kommune(self):
        codes = list(dict.fromkeys(self.cleaned_data["kommune"]))
        if len(codes) < 2:
            raise forms.ValidationError(_("Vælg mindst to kommuner."))
        if len(codes) > climate.COMPARE_MAX:
            raise forms.ValidationError(
                _("Vælg højst %(n)s kommuner.") % {"n": climate.COMPARE_MAX}
            )
        return codes


# --- Views ----------------------------------------------------------------------------------------


def region_overview(request: HttpRequest) -> HttpResponse:
    """The aggregates are a cached fragment of the page: computed only when it is not cached."""
    user = request.user
    coverage = SimpleLazyObject(lambda: selectors.theme_coverage(user))
    return render(
        request,
        "actionplans/region_overview.html",
        {
            "coverage": coverage,
            "theme_chart": SimpleLazyObject(lambda: charts.theme_share_chart(coverage)),
            "progress": SimpleLazyObject(lambda: selectors.progress_by_sector_and_status(user)),
            "revision_plans": selectors.plans_due_for_revision(user),
            "stale": SimpleLazyObject(lambda: selectors.stale_municipalities(user)),
            "rules": SimpleLazyObject(FreshnessPolicy.current),
            "region_size": selectors.REGION_MUNICIPALITIES,
            "today": timezone.localdate(),
        },
    )


def region_scorecard(request: HttpRequest) -> HttpResponse:
    rows = cache(lambda: selectors.scorecard_rows(request.user))

    def scorecard() -> ScorecardTable:
        table = ScorecardTable(rows())
        RequestConfig(request, paginate=False).configure(table)
        return table

    if "_export" in request.GET:
        name = f"scorecard-{timezone.localdate():%Y-%m-%d}"
        return exports.table_export_response(scorecard(), request.GET["_export"], name)
    # The table is a cached fragment of the page: built only when it is not cached.
    return render(
        request,
        "actionplans/region_scorecard.html",
        {
            "table": SimpleLazyObject(scorecard),
            "chart": SimpleLazyObject(lambda: charts.scorecard_chart(rows())),
        },
    )


def initiative_peers(request: HttpRequest, pk: int) -> HttpResponse:
    initiative = policy.get_visible_or_404(
        request.user, Initiative.objects.select_related("plan__municipality"), pk=pk
    )
    return render(
        request,
        "actionplans/region_peers.html",
        {
            "initiative": initiative,
            "themes": initiative.themes.all(),
            "peers": selectors.peers_for(initiative, request.user),
        },
    )


def region_rollup(request: HttpRequest) -> HttpResponse:
    """The sums and charts are a cached fragment of the page: computed only when not cached."""
    rollup = SimpleLazyObject(lambda: selectors.regional_rollup(request.user))
    return render(
        request,
        "actionplans/region_rollup.html",
        {
            "rollup": rollup,
            "charts": SimpleLazyObject(
                lambda: charts.rollup_charts(
                    rollup,
                    national_target=selectors.NATIONAL_TARGET_2030,
                    net_zero_year=selectors.NATIONAL_NET_ZERO_YEAR,
                )
            ),
            "national_target": selectors.NATIONAL_TARGET_2030,
            "national_net_zero": selectors.NATIONAL_NET_ZERO_YEAR,
        },
    )


def region_compare(request: HttpRequest) -> HttpResponse:
    """Municipalities the user picks, side by side; the address (?kommune=101&kommune=147) is the
    comparison, to share. Codes the user may not see are refused like codes that do not exist.
    The form and the comparison are a cached fragment per address: built only when not cached."""
    form = SimpleLazyObject(lambda: CompareForm(request.GET or None, user=request.user))
    rows = SimpleLazyObject(
        lambda: (
            climate.compare_municipalities(request.user, form.cleaned_data["kommune"])
            if form.is_valid()
            else []
        )
    )
    return render(
        request,
        "actionplans/region_compare.html",
        {
            "form": form,
            "rows": rows,
            "names": SimpleLazyObject(lambda: ", ".join(r.municipality.name for r in rows)),
            "charts": SimpleLazyObject(lambda: charts.compare_charts(rows) if rows else {}),
            "max": climate.COMPARE_MAX,
        },
    )


def reminder_list(request: HttpRequest) -> HttpResponse:
    """A coordinator sees what they were reminded of; the secretariat sees every reminder and may
    filter by municipality (the policy decides which rows each sees)."""
    reminders = policy.visible(request.user, Reminder).select_related("municipality", "recipient")
    form = ReminderFilterForm(request.GET or None, user=request.user)
    if form.is_valid() and (municipality := form.cleaned_data["kommune"]):
        reminders = reminders.filter(
            Q(municipality=municipality)
            | Q(initiatives__plan__municipality=municipality)
            | Q(tasks__initiative__plan__municipality=municipality)
        ).distinct()
    page = Paginator(reminders.prefetch_related("initiatives", "tasks__initiative"), 20).get_page(
        request.GET.get("side")
    )
    return render(
        request,
        "actionplans/reminder_list.html",
        {"page": page, "form": form, "show_filter": policy.can(request.user, "see_all", Reminder)},
    )


def _editable_rules(user) -> FreshnessPolicy:
    rules = FreshnessPolicy.current()
    if rules.pk is None and policy.can_create(user, FreshnessPolicy):
        return rules  # the first save creates the one row
    return policy.get_editable_or_404(user, FreshnessPolicy, pk=rules.pk)


def freshness_update(request: HttpRequest) -> HttpResponse:
    rules = _editable_rules(request.user)
    form = FreshnessPolicyForm(request.POST or None, instance=rules)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Reglerne for opdateringer er gemt."))
        return redirect("actionplans:freshness-update")
    return render(request, "actionplans/reminder_freshness_form.html", {"form": form})
