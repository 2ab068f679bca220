"""Views of fundraising: sources and calls (read by everyone with a role, edited by the
secretariat), applications (the secretariat's, and a coordinator's where their municipality
takes part), the totals and the alliance's financing.

Objects come through the policy: an application outside a user's scope is a 404, and so is the
edit URL of a partner row that is not their municipality's. Pages of actions a role may never
do are 403 (a coordinator registering a call; a body member opening the applications at all),
and 404 for an account with no role, as elsewhere.
"""

from copy import copy
from pathlib import Path

from django.contrib import messages
from django.db.models import Prefetch, QuerySet
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from actionplans.models import Theme
from alliance import exports, policy
from alliance.downloads import file_response
from alliance.forms import posted
from alliance.lists import FilteredTableView
from alliance.versioning import StaleEdit, conflicts
from networks import ical

from . import finances, matching, services, totals
from .filters import ApplicationFilter, CallFilter
from .forms import (
    ApplicationForm,
    CallForm,
    DocumentForm,
    NewApplicationForm,
    PartnerForm,
    ShareForm,
    SourceForm,
    StateForm,
)
from .models import (
    Application,
    ApplicationDocument,
    Call,
    Contribution,
    FundingSource,
    Partner,
)
from .tables import ApplicationTable, CallTable, ContributionTable

FEED_LIMIT = 500
SUBNAV = {"subnav_template": "fundraising/_subnav.html"}


def _stale(request, form_class, typed, current, **kwargs):
    messages.error(
        request,
        _(
            "Nogen har gemt ændringer, siden du åbnede formularen. Dine ændringer er ikke gemt. "
            "Formularen viser nu de nyeste værdier, og dine indtastninger står ved siden af."
        ),
    )
    fresh = form_class(instance=current, **kwargs)
    return fresh, conflicts(typed, fresh)


# --- Sources ------------------------------------------------------------------------------------


def source_list(request: HttpRequest) -> HttpResponse:
    sources = policy.visible(request.user, FundingSource).select_related("organisation")
    context = {"sources": sources, "can_edit": policy.can_create(request.user, FundingSource)}
    return render(request, "fundraising/source_list.html", context)


def source_create(request: HttpRequest) -> HttpResponse:
    policy.require_create(request.user, FundingSource)
    form = SourceForm(posted(request))
    if request.method == "POST" and form.is_valid():
        source = form.save()
        messages.success(request, _("Kilden “%(name)s” er oprettet.") % {"name": source})
        return redirect("fundraising:source-list")
    return render(request, "fundraising/source_form.html", {"form": form})


def source_update(request: HttpRequest, pk: int) -> HttpResponse:
    source = policy.get_editable_or_404(request.user, FundingSource, pk=pk)
    form = SourceForm(posted(request), instance=source)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Kilden “%(name)s” er gemt.") % {"name": source})
        return redirect("fundraising:source-list")
    return render(request, "fundraising/source_form.html", {"form": form, "source": source})


# --- Calls --------------------------------------------------------------------------------------


class CallListView(FilteredTableView):
    """The open calls, soonest deadline first, filterable by theme and source."""

    table_class = CallTable
    filterset_class = CallFilter
    export_name = "opslag"
    heading = gettext_lazy("Åbne opslag")
    intro = gettext_lazy(
        "Opslag fra EU-programmer, nationale og regionale puljer og fonde, hvis frist endnu ikke "
        "er overskredet."
    )

    def get_queryset(self) -> QuerySet:
        calls = Call.objects.open().select_related("source")
        themes = Prefetch("themes", Theme.objects.order_by("name"))
        return policy.visible(self.request.user, calls).prefetch_related(themes)

    def get_context_data(self, **kwargs):
        actions = [
            (_("Finansieringskilder"), reverse("fundraising:source-list")),
            (_("Frister som kalender (.ics)"), reverse("fundraising:call-feed")),
        ]
        if policy.can_create(self.request.user, Call):
            actions.insert(0, (_("Nyt opslag"), reverse("fundraising:call-create")))
        return super().get_context_data(actions=actions, **SUBNAV, subnav_current="calls", **kwargs)


def call_feed(request: HttpRequest) -> HttpResponse:
    """The deadlines of open calls as an iCalendar feed of all-day events; stable UIDs, so a
    calendar updates a moved deadline in place."""
    calls = policy.visible(request.user, Call.objects.open()).select_related("source")
    events = []
    for call in calls[:FEED_LIMIT]:
        stages = [(call.deadline, "1"), (call.second_deadline, "2")]
        for deadline, stage in stages:
            if deadline is None:
                continue
            summary = _("Frist: %(title)s") % {"title": call.title}
            if call.second_deadline:
                summary = _("Frist (%(stage)s. fase): %(title)s") % {
                    "stage": stage,
                    "title": call.title,
                }
            events.append(
                ical.Event(
                    uid=f"call-{call.pk}-{stage}@{ical.UID_DOMAIN}",
                    starts_at=deadline,
                    ends_at=None,
                    summary=summary,
                    url=request.build_absolute_uri(call.get_absolute_url()),
                    description=call.source.name,
                )
            )
    body = ical.calendar(events, name=_("Klimaalliancens ansøgningsfrister"), now=timezone.now())
    return exports.download_response(
        body, content_type="text/calendar; charset=utf-8", filename="frister.ics", inline=True
    )


def call_detail(request: HttpRequest, pk: int) -> HttpResponse:
    calls = Call.objects.select_related("source__organisation").prefetch_related(
        Prefetch("themes", Theme.objects.order_by("name"))
    )
    call = policy.get_visible_or_404(request.user, calls, pk=pk)
    applications = policy.visible(request.user, call.applications.all())
    context = {
        "call": call,
        "next_deadline": call.next_deadline(),
        "can_edit": policy.can_edit(request.user, call),
        "matches": matching.initiatives_for_call(request.user, call),
        "accepts_municipalities": call.accepts(matching.APPLICANT_KIND),
        "applications": applications if policy.can(request.user, "list", Application) else [],
        "history": call.history.select_related("history_user")[:10],
    }
    return render(request, "fundraising/call_detail.html", context)


def call_create(request: HttpRequest) -> HttpResponse:
    policy.require_create(request.user, Call)
    form = CallForm(posted(request))
    if request.method == "POST" and form.is_valid():
        call = services.save_call(
            call=form.save(commit=False),
            themes=form.cleaned_data["themes"],
            expected_version=None,
            by=request.user,
        )
        messages.success(request, _("Opslaget er oprettet."))
        return redirect(call)
    return render(request, "fundraising/call_form.html", {"form": form})


def call_update(request: HttpRequest, pk: int) -> HttpResponse:
    call = policy.get_editable_or_404(request.user, Call, pk=pk)
    form = CallForm(posted(request), instance=copy(call))
    stale = []
    if request.method == "POST" and form.is_valid():
        try:
            services.save_call(
                call=form.save(commit=False),
                themes=form.cleaned_data["themes"],
                expected_version=form.cleaned_data["lock_version"],
                by=request.user,
            )
        except StaleEdit as exc:
            form, stale = _stale(request, CallForm, form, exc.current)
            call = exc.current
        else:
            messages.success(request, _("Opslaget er gemt."))
            return redirect(call)
    context = {"form": form, "call": call, "stale": stale}
    return render(request, "fundraising/call_form.html", context)


# --- Applications -------------------------------------------------------------------------------


def _applications(user) -> QuerySet:
    lead = Prefetch("partners", Partner.objects.select_related("organisation"))
    return (
        policy.visible(user, Application)
        .select_related("call__source", "responsible")
        .prefetch_related(lead)
    )


class ApplicationListView(FilteredTableView):
    table_class = ApplicationTable
    filterset_class = ApplicationFilter
    export_name = "ansoegninger"
    heading = gettext_lazy("Ansøgninger")
    intro = gettext_lazy(
        "Ansøgninger om midler til at gennemføre klimaplanerne, fra idé til bevilling eller "
        "afslag. Eksporten indeholder netop de filtrerede rækker."
    )

    def dispatch(self, request, *args, **kwargs):
        policy.require(request.user, "list", Application)
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self) -> QuerySet:
        return _applications(self.request.user)

    def get_context_data(self, **kwargs):
        actions = [
            (_("Tavle"), reverse("fundraising:application-board")),
            (_("Totaler"), reverse("fundraising:application-totals")),
        ]
        if policy.can_create(self.request.user, Application):
            actions.insert(0, (_("Ny ansøgning"), reverse("fundraising:application-create")))
        return super().get_context_data(
            actions=actions, **SUBNAV, subnav_current="applications", **kwargs
        )


def application_board(request: HttpRequest) -> HttpResponse:
    """The pipeline as columns by state. Moving a card is a small form per allowed state (no
    JavaScript needed)."""
    policy.require(request.user, "list", Application)
    can_move = policy.can(request.user, "move", Application)
    applications = _applications(request.user).order_by("title__lower")
    columns = [
        {"state": value, "label": label, "cards": []} for value, label in Application.State.choices
    ]
    by_state = {column["state"]: column for column in columns}
    labels = dict(Application.State.choices)
    for application in applications:
        moves = services.allowed_next_states(application) if can_move else ()
        application.moves = [(state, labels[state]) for state in moves]
        by_state[application.state]["cards"].append(application)
    context = {"columns": columns, "can_create": policy.can_create(request.user, Application)}
    return render(request, "fundraising/application_board.html", context)


def application_detail(request: HttpRequest, pk: int) -> HttpResponse:
    application = policy.get_visible_or_404(
        request.user,
        Application.objects.select_related("call__source", "responsible").prefetch_related(
            Prefetch("partners", Partner.objects.select_related("organisation")),
            "initiatives__plan__municipality",
            "networks",
            "tracks",
            "documents",
        ),
        pk=pk,
    )
    return _detail(request, application)


def _detail(request, application, state_form=None, status=200) -> HttpResponse:
    user = request.user
    can_edit = policy.can_edit(user, application)
    editable_partners = set(
        policy.editable(user, application.partners.all()).values_list("pk", flat=True)
    )
    if can_edit and state_form is None:
        state_form = StateForm(allowed=services.allowed_next_states(application))
    partners = list(application.partners.all())
    for partner in partners:
        partner.applied_share = partner.share_of(
            application.amount_applied, application.amount_applied
        )
        partner.granted_share = partner.share_of(
            application.amount_granted, application.amount_applied
        )
    context = {
        "application": application,
        "partners": partners,
        "deadline": application.effective_deadline(),
        "can_edit": can_edit,
        "editable_partners": editable_partners,
        "state_form": state_form if can_edit else None,
        "history": application.history.select_related("history_user")[:10],
    }
    return render(request, "fundraising/application_detail.html", context, status=status)


def application_create(request: HttpRequest) -> HttpResponse:
    policy.require_create(request.user, Application)
    initial = {"call": request.GET.get("opslag")} if request.GET.get("opslag") else None
    form = NewApplicationForm(posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        application = services.create_application(
            application=form.save(commit=False),
            applicant=form.cleaned_data["applicant"],
            applicant_name=form.cleaned_data["applicant_name"].strip(),
            by=request.user,
            **form.relations(),
        )
        messages.success(request, _("Ansøgningen er oprettet."))
        return redirect(application)
    return render(request, "fundraising/application_form.html", {"form": form})


def application_update(request: HttpRequest, pk: int) -> HttpResponse:
    application = policy.get_editable_or_404(request.user, Application, pk=pk)
    form = ApplicationForm(posted(request), instance=copy(application))
    stale = []
    if request.method == "POST" and form.is_valid():
        try:
            services.save_application(
                application=form.save(commit=False),
                expected_version=form.cleaned_data["lock_version"],
                by=request.user,
                **form.relations(),
            )
        except StaleEdit as exc:
            form, stale = _stale(request, ApplicationForm, form, exc.current)
            application = exc.current
        except services.ApplicationRuleError as error:
            form.add_error("amount_applied", str(error))
        else:
            messages.success(request, _("Ansøgningen er gemt."))
            return redirect(application)
    context = {"form": form, "application": application, "stale": stale}
    return render(request, "fundraising/application_form.html", context)


@require_POST
def application_state(request: HttpRequest, pk: int) -> HttpResponse:
    application = policy.get_editable_or_404(request.user, Application, pk=pk)
    form = StateForm(request.POST, allowed=services.allowed_next_states(application))
    if form.is_valid():
        try:
            application = services.change_application_state(
                application=application, by=request.user, **form.cleaned_data
            )
        except services.ApplicationRuleError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                _("Ansøgningen har nu status “%(state)s”.")
                % {"state": application.get_state_display()},
            )
            back = request.POST.get("next", "")
            if url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
                return redirect(back)
            return redirect(application)
    return _detail(request, application, state_form=form, status=200)


# --- Partners and documents ---------------------------------------------------------------------


def partner_create(request: HttpRequest, pk: int) -> HttpResponse:
    application = policy.get_editable_or_404(request.user, Application, pk=pk)
    form = PartnerForm(posted(request), instance=Partner(application=application))
    if request.method == "POST" and form.is_valid():
        try:
            services.save_partner(
                partner=form.save(commit=False), expected_version=None, by=request.user
            )
        except services.ApplicationRuleError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Partneren er tilføjet."))
            return redirect(application)
    context = {"form": form, "application": application}
    return render(request, "fundraising/partner_form.html", context)


def partner_update(request: HttpRequest, pk: int) -> HttpResponse:
    """The secretariat edits any partner row; a coordinator only their own municipality's share
    and notes (any other partner's URL is a 404 for them)."""
    partner = policy.get_editable_or_404(
        request.user, Partner.objects.select_related("application", "organisation"), pk=pk
    )
    form_class = PartnerForm if policy.can(request.user, "edit_terms", Partner) else ShareForm
    form = form_class(posted(request), instance=copy(partner))
    stale = []
    if request.method == "POST" and form.is_valid():
        try:
            services.save_partner(
                partner=form.save(commit=False),
                expected_version=form.cleaned_data["lock_version"],
                by=request.user,
            )
        except StaleEdit as exc:
            form, stale = _stale(request, form_class, form, exc.current)
            partner = exc.current
        except services.ApplicationRuleError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Partnerens andel er gemt."))
            return redirect(partner.application)
    context = {"form": form, "application": partner.application, "partner": partner}
    context["stale"] = stale
    return render(request, "fundraising/partner_form.html", context)


@require_POST
def partner_delete(request: HttpRequest, pk: int) -> HttpResponse:
    partner = policy.get_editable_or_404(request.user, Partner, pk=pk)
    policy.require(request.user, "delete", Partner)
    application = partner.application
    partner._history_user = request.user
    partner.delete()
    messages.success(request, _("Partneren er fjernet."))
    return redirect(application)


def document_create(request: HttpRequest, pk: int) -> HttpResponse:
    application = policy.get_editable_or_404(request.user, Application, pk=pk)
    form = DocumentForm(posted(request), request.FILES or None)
    if request.method == "POST" and form.is_valid():
        document = form.save(commit=False)
        document.application = application
        document.uploaded_by = request.user
        document.save()
        messages.success(request, _("Dokumentet er uploadet."))
        return redirect(application)
    context = {"form": form, "application": application}
    return render(request, "fundraising/document_form.html", context)


def document_download(request: HttpRequest, pk: int) -> FileResponse:
    document = policy.get_visible_or_404(request.user, ApplicationDocument, pk=pk)
    filename = f"ansoegning-{document.application_id}-{document.pk}"
    filename += Path(document.file.name).suffix.lower()
    response = file_response(document.file.open("rb"), filename=filename)
    response["Cache-Control"] = "private"
    response["X-Content-Type-Options"] = "nosniff"
    return response


# --- Totals and the alliance's finances -----------------------------------------------------------


def application_totals(request: HttpRequest) -> HttpResponse:
    policy.require(request.user, "list", Application)
    result = totals.compute_totals(policy.visible(request.user, Application))
    return render(request, "fundraising/totals.html", {"totals": result})


def finance_summary(request: HttpRequest) -> HttpResponse:
    policy.require(request.user, "read", Contribution)
    return render(request, "fundraising/finances.html", finances.summary(request.user))


def finance_export(request: HttpRequest) -> HttpResponse:
    policy.require(request.user, "read", Contribution)
    table = ContributionTable(finances.contributions(request.user))
    name = f"alliancens-finansiering-{timezone.localdate():%Y-%m-%d}"
    return exports.table_export_response(table, request.GET.get("format", "csv"), name)
