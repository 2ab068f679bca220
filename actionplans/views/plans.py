"""Plans, initiatives, milestones and progress updates: reading them, and editing them for those
who may (the secretariat, and the lead municipality's coordinator).

Objects are always fetched through the policy: an object the user may not see is a 404, and so
is the edit URL of one they may not change. Forms take the plan and municipality from the URL,
never the POST.
"""

from copy import copy

from django.contrib import messages
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from alliance import policy
from alliance.versioning import StaleEdit, conflicts
from municipalities.models import Municipality

from .. import history, services
from ..forms import (
    InitiativeForm,
    NewPlanForm,
    PlanForm,
    ProgressUpdateForm,
    TaskForm,
)
from ..models import Indicator, Initiative, Plan, ProgressUpdate, Task
from ..panels import capf_in_order, initiative_panels_for
from ..rows import label_initiatives

# --- Plans ----------------------------------------------------------------------------------------


def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    plans = Plan.objects.select_related("municipality", "supersedes", "superseded_by")
    plan = policy.get_visible_or_404(request.user, plans, pk=pk)
    initiatives = plan.initiatives.with_freshness().order_by("title__lower")
    context = {
        "plan": plan,
        "capf": capf_in_order(plan),
        "versions": plan.municipality.plans.select_related("superseded_by").order_by("-version"),
        "initiatives": label_initiatives(initiatives),
        "can_edit": policy.can_edit(request.user, plan),
        "history": history.for_plan(plan),
    }
    return render(request, "actionplans/plan_detail.html", context)


def plan_update(request: HttpRequest, pk: int) -> HttpResponse:
    plan = policy.get_editable_or_404(
        request.user, Plan.objects.select_related("municipality"), pk=pk
    )
    if superseded := _superseded(request, plan):
        return superseded
    form = PlanForm(request.POST or None, instance=copy(plan))
    stale = []
    if request.method == "POST" and form.is_valid():
        try:
            services.save_plan(
                plan=form.instance,
                expected_version=form.cleaned_data["lock_version"],
                capf=form.capf_values(),
            )
        except StaleEdit as exc:
            form, stale = _stale_form(PlanForm, form, exc.current, request)
            plan = exc.current
        else:
            messages.success(request, _("Planen er gemt."))
            return redirect(form.instance)
    return render(
        request, "actionplans/plan_form.html", {"form": form, "plan": plan, "stale": stale}
    )


def _superseded(request: HttpRequest, plan: Plan) -> HttpResponse | None:
    """Earlier versions stay as they were: they are read, not edited."""
    if Plan.objects.current().filter(pk=plan.pk).exists():
        return None
    messages.error(request, _("Denne version af planen er erstattet og kan ikke ændres."))
    return redirect(plan)


def _stale_form(form_class, typed, current, request, **kwargs):
    """After a refused save: a form showing the newer stored values, and what this user typed."""
    messages.error(
        request,
        _(
            "Nogen har gemt ændringer, siden du åbnede formularen. Dine ændringer er ikke gemt. "
            "Formularen viser nu de nyeste værdier, og dine indtastninger står ved siden af."
        ),
    )
    fresh = form_class(instance=current, **kwargs)
    return fresh, conflicts(typed, fresh)


@require_POST
def plan_revise(request: HttpRequest, pk: int) -> HttpResponse:
    plan = policy.get_editable_or_404(request.user, Plan, pk=pk)
    try:
        revision = services.revise_plan(plan=plan)
    except ValueError as exc:
        messages.error(request, str(exc))
        return redirect(plan)
    messages.success(
        request,
        _("Version %(version)s er oprettet og erstatter version %(old)s.")
        % {"version": revision.version, "old": plan.version},
    )
    return redirect(revision)


def plan_create(request: HttpRequest, code: int) -> HttpResponse:
    municipality = policy.get_editable_or_404(request.user, Municipality, code=code)
    existing = municipality.plans.current().first()
    if existing:
        messages.info(request, _("Kommunen har allerede en klimaplan."))
        return redirect(existing)
    form = NewPlanForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        form.instance.municipality = municipality
        plan = form.save()
        messages.success(request, _("Klimaplanen er oprettet."))
        return redirect(plan)
    return render(
        request, "actionplans/plan_create.html", {"form": form, "municipality": municipality}
    )


# --- Initiatives ----------------------------------------------------------------------------------


def initiative_detail(request: HttpRequest, pk: int) -> HttpResponse:
    initiatives = (
        Initiative.objects.with_freshness()
        .select_related("plan__municipality")
        .prefetch_related(
            "themes",
            "participants",
            "networks",
            "tasks",
            Prefetch("updates", ProgressUpdate.objects.select_related("author")),
            Prefetch("indicators", Indicator.objects.prefetch_related("goals", "values")),
        )
    )
    initiative = policy.get_visible_or_404(request.user, initiatives, pk=pk)
    context = {
        "initiative": initiative,
        "can_edit": policy.can_edit(request.user, initiative),
        "history": history.for_initiative(initiative),
        "panels": initiative_panels_for(request, initiative),
    }
    return render(request, "actionplans/initiative_detail.html", context)


def initiative_create(request: HttpRequest, pk: int) -> HttpResponse:
    plan = policy.get_editable_or_404(
        request.user, Plan.objects.select_related("municipality"), pk=pk
    )
    if superseded := _superseded(request, plan):
        return superseded
    form = InitiativeForm(
        request.POST or None, instance=Initiative(plan=plan), lead=plan.municipality
    )
    if request.method == "POST" and form.is_valid():
        initiative = services.save_initiative(
            initiative=form.instance, expected_version=None, **_relations(form)
        )
        messages.success(request, _("Indsatsen er oprettet."))
        return redirect(initiative)
    return render(request, "actionplans/initiative_form.html", {"form": form, "plan": plan})


def initiative_update(request: HttpRequest, pk: int) -> HttpResponse:
    initiatives = Initiative.objects.select_related("plan__municipality")
    initiative = policy.get_editable_or_404(request.user, initiatives, pk=pk)
    lead = initiative.plan.municipality
    # The form gets its own copy: what was typed must not show as the page's title if refused.
    form = InitiativeForm(request.POST or None, instance=copy(initiative), lead=lead)
    stale = []
    if request.method == "POST" and form.is_valid():
        try:
            services.save_initiative(
                initiative=form.instance,
                expected_version=form.cleaned_data["lock_version"],
                **_relations(form),
            )
        except StaleEdit as exc:
            form, stale = _stale_form(InitiativeForm, form, exc.current, request, lead=lead)
            initiative = exc.current
        else:
            messages.success(request, _("Indsatsen er gemt."))
            return redirect(form.instance)
    context = {"form": form, "plan": initiative.plan, "initiative": initiative, "stale": stale}
    return render(request, "actionplans/initiative_form.html", context)


def _relations(form: InitiativeForm) -> dict:
    data = form.cleaned_data
    return {
        "themes": data["themes"],
        "participants": data["participants"],
        "networks": data["networks"],
    }


# --- Milestones and progress ----------------------------------------------------------------------


def task_create(request: HttpRequest, pk: int) -> HttpResponse:
    initiatives = Initiative.objects.select_related("plan__municipality")
    initiative = policy.get_editable_or_404(request.user, initiatives, pk=pk)
    form = TaskForm(request.POST or None, instance=Task(initiative=initiative))
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Milepælen er tilføjet."))
        return redirect(initiative)
    return render(request, "actionplans/task_form.html", {"form": form, "initiative": initiative})


@require_POST
def task_complete(request: HttpRequest, pk: int) -> HttpResponse:
    """Mark a milestone done; with `reopen` in the POST, open it again."""
    task = policy.get_editable_or_404(
        request.user, Task.objects.select_related("initiative"), pk=pk
    )
    done = "reopen" not in request.POST
    services.set_task_done(task=task, done=done)
    if done:
        messages.success(
            request, _("Milepælen »%(title)s« er markeret som afsluttet.") % {"title": task.title}
        )
    else:
        messages.success(request, _("Milepælen »%(title)s« er genåbnet.") % {"title": task.title})
    return redirect(task.initiative)


def progress_create(request: HttpRequest, pk: int) -> HttpResponse:
    initiatives = Initiative.objects.select_related("plan__municipality")
    initiative = policy.get_editable_or_404(request.user, initiatives, pk=pk)
    indicators = list(initiative.indicators.order_by("name"))
    form = ProgressUpdateForm(request.POST or None, initiative=initiative, indicators=indicators)
    back = _next_url(request) or initiative.plan.municipality.get_absolute_url()
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        services.post_progress_update(
            initiative=initiative,
            by=request.user,
            status=data["status"],
            percent_done=data["percent_done"],
            note=data["note"],
            date=data["date"],
            indicator_values=form.indicator_values(),
        )
        messages.success(
            request, _("Statusopdateringen af »%(title)s« er gemt.") % {"title": initiative.title}
        )
        return redirect(back)
    context = {"form": form, "initiative": initiative, "back": back}
    return render(request, "actionplans/progress_form.html", context)


def _next_url(request: HttpRequest) -> str | None:
    url = request.POST.get("next") or request.GET.get("next")
    safe = url and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return url if safe else None
