"""Reporting rounds (secretariat), the municipality's part of a round (its coordinators), and
the status report (secretariat)."""

import datetime as dt

from django.contrib import messages
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from alliance import policy
from alliance.forms import posted
from alliance.models import GeneratedDocument, Job
from alliance.versioning import StaleEdit, save_with_version
from governance.models import Meeting
from municipalities.models import Municipality

from .content import report_context, report_data
from .factsheets import FACTSHEETS_JOB, factsheet_documents, request_factsheets
from .forms import NarrativeForm, RoundForm, SubmitForm, default_round_values
from .models import MunicipalityReport, ReportingRound, StatusReport
from .services import (
    DRAFT_JOB,
    REPORT_JOB,
    RoundRuleError,
    close_round,
    completion,
    mark_reported,
    open_round,
    report_documents,
    request_draft,
    request_report,
    send_round_reminders,
    submit_report,
    to_update,
)


def _round(request: HttpRequest, year: int) -> ReportingRound:
    return policy.get_visible_or_404(request.user, ReportingRound, year=year)


def round_list(request: HttpRequest) -> HttpResponse:
    policy.require(request.user, "manage", ReportingRound)
    rounds = policy.visible(request.user, ReportingRound).select_related("report")
    counts = dict(
        MunicipalityReport.objects.filter(round__in=rounds)
        .values_list("round")
        .annotate(n=Count("pk"))
    )
    for reporting_round in rounds:
        reporting_round.reported = counts.get(reporting_round.pk, 0)
    return render(
        request,
        "reports/round_list.html",
        {"rounds": rounds, "municipality_count": Municipality.objects.count()},
    )


def round_create(request: HttpRequest) -> HttpResponse:
    policy.require_create(request.user, ReportingRound)
    form = RoundForm(posted(request), initial=default_round_values())
    if request.method == "POST" and form.is_valid():
        try:
            reporting_round = open_round(**form.cleaned_data, by=request.user)
        except RoundRuleError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(
                request,
                _("Rapporteringsrunden for %(year)s er åbnet.") % {"year": reporting_round.year},
            )
            return redirect(reporting_round)
    return render(request, "reports/round_form.html", {"form": form})


def round_detail(request: HttpRequest, year: int) -> HttpResponse:
    policy.require(request.user, "manage", ReportingRound)
    reporting_round = _round(request, year)
    rows = completion(reporting_round)
    return render(
        request,
        "reports/round_detail.html",
        {
            "round": reporting_round,
            "rows": rows,
            "reported": sum(1 for row in rows if row["report"]),
            "report": StatusReport.objects.filter(round=reporting_round).first(),
            "drafts": GeneratedDocument.objects.for_subject(reporting_round)
            .filter(kind=DRAFT_JOB)
            .order_by("-version")[:3],
            "draft_job": Job.objects.of_kind(DRAFT_JOB)
            .for_subject(reporting_round)
            .active()
            .first(),
        },
    )


@require_POST
def report_draft(request: HttpRequest, year: int) -> HttpResponse:
    """A watermarked draft of the report before the round closes (a background job)."""
    policy.require(request.user, "manage", ReportingRound)
    reporting_round = _round(request, year)
    try:
        job = request_draft(reporting_round=reporting_round, by=request.user)
    except RoundRuleError as exc:
        messages.error(request, str(exc))
        return redirect(reporting_round)
    if request.htmx:
        return render(request, "alliance/_job.html", {"job": job, "document": job.document})
    messages.info(request, _("Udkastet dannes nu. Siden viser, når det er klart."))
    return redirect(reporting_round)


@require_POST
def round_remind(request: HttpRequest, year: int) -> HttpResponse:
    policy.require(request.user, "manage", ReportingRound)
    reporting_round = _round(request, year)
    try:
        sent = send_round_reminders(reporting_round=reporting_round)
    except RoundRuleError as exc:
        messages.error(request, str(exc))
    else:
        if sent:
            messages.success(request, _("%(n)d påmindelser er sendt.") % {"n": len(sent)})
        else:
            messages.info(
                request,
                _("Ingen påmindelser sendt: alle er rapporteret eller mindet om for nylig."),
            )
    return redirect(reporting_round)


@require_POST
def round_close(request: HttpRequest, year: int) -> HttpResponse:
    policy.require(request.user, "manage", ReportingRound)
    reporting_round = _round(request, year)
    try:
        close_round(reporting_round=reporting_round, by=request.user)
    except RoundRuleError as exc:
        messages.error(request, str(exc))
        return redirect(reporting_round)
    messages.success(
        request, _("Runden er lukket, og kommunernes data er fastfrosset til statusrapporten.")
    )
    return redirect("reports:report-detail", year=year)


def _municipality_and_round(request, year: int, code: int):
    # Only the municipality's own coordinators and the secretariat: everyone else 404, so the
    # round never shows another municipality's unreported data.
    municipality = policy.get_editable_or_404(request.user, Municipality, code=code)
    return municipality, _round(request, year)


def municipality_round(request: HttpRequest, year: int, code: int) -> HttpResponse:
    municipality, reporting_round = _municipality_and_round(request, year, code)
    report = (
        policy.visible(request.user, MunicipalityReport)
        .filter(round=reporting_round, municipality=municipality)
        .select_related("reported_by")
        .first()
    )
    context = {"round": reporting_round, "municipality": municipality, "report": report}
    if reporting_round.is_open:
        context.update(to_update(reporting_round=reporting_round, municipality=municipality))
    return render(request, "reports/municipality_round.html", context)


@require_POST
def municipality_mark(request: HttpRequest, year: int, code: int) -> HttpResponse:
    municipality, reporting_round = _municipality_and_round(request, year, code)
    try:
        mark_reported(reporting_round=reporting_round, municipality=municipality, by=request.user)
    except RoundRuleError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request,
            _("%(name)s er meldt rapporteret for %(year)s. Tak!")
            % {"name": municipality.name, "year": year},
        )
    return redirect("reports:municipality-round", year=year, code=code)


def _report(request: HttpRequest, year: int) -> StatusReport:
    policy.require(request.user, "manage", StatusReport)
    return policy.get_visible_or_404(
        request.user, StatusReport.objects.select_related("round"), round__year=year
    )


def report_detail(request: HttpRequest, year: int) -> HttpResponse:
    report = _report(request, year)
    documents = list(report_documents(report).select_related("job"))
    jobs = Job.objects.for_subject(report).active()
    return render(
        request,
        "reports/report_detail.html",
        {
            "report": report,
            "documents": documents,
            "job": jobs.of_kind(REPORT_JOB).first(),
            "factsheets": factsheet_documents(report)[:3],
            "factsheets_job": jobs.of_kind(FACTSHEETS_JOB).first(),
            **report_context(report_data(report)),
        },
    )


def report_narrative(request: HttpRequest, year: int) -> HttpResponse:
    report = _report(request, year)
    form = NarrativeForm(posted(request), instance=report)
    if request.method == "POST" and form.is_valid():
        report._history_user = request.user
        try:
            save_with_version(
                instance=form.save(commit=False),
                expected_version=form.cleaned_data["lock_version"],
            )
        except StaleEdit as exc:
            form.add_error(None, str(exc))
            form.data = form.data.copy()
            form.data["lock_version"] = exc.current.lock_version
        else:
            messages.success(request, _("Rapportens tekst er gemt."))
            return redirect(report)
    return render(request, "reports/report_narrative.html", {"report": report, "form": form})


@require_POST
def report_build(request: HttpRequest, year: int) -> HttpResponse:
    report = _report(request, year)
    job = request_report(report=report, by=request.user)
    if request.htmx:
        return render(request, "alliance/_job.html", {"job": job, "document": job.document})
    messages.info(request, _("Statusrapporten dannes. Siden viser, hvor langt den er."))
    return redirect(report)


@require_POST
def factsheets_build(request: HttpRequest, year: int) -> HttpResponse:
    report = _report(request, year)
    job = request_factsheets(report=report, by=request.user)
    if request.htmx:
        return render(request, "alliance/_job.html", {"job": job, "document": job.document})
    messages.info(request, _("Faktaarkene dannes. Siden viser, hvor langt de er."))
    return redirect(report)


def _open_meetings(user):
    """Meetings a report can be put before: from a month back, agenda not yet closed."""
    since = timezone.now() - dt.timedelta(days=30)
    return (
        policy.visible(user, Meeting)
        .filter(starts_at__gte=since)
        .exclude(state=Meeting.State.MINUTES_APPROVED)
        .select_related("body")
        .order_by("starts_at")
    )


def report_submit(request: HttpRequest, year: int, pk: int) -> HttpResponse:
    report = _report(request, year)
    document = report_documents(report).filter(pk=pk).first()
    if document is None:
        raise Http404
    form = SubmitForm(posted(request), meetings=_open_meetings(request.user))
    if request.method == "POST" and form.is_valid():
        try:
            item = submit_report(
                document=document, meeting=form.cleaned_data["meeting"], by=request.user
            )
        except RoundRuleError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(
                request,
                _("Version %(version)s er indstillet og sat på dagsordenen som punkt %(n)d.")
                % {"version": document.version, "n": item.position},
            )
            return redirect(item.meeting)
    return render(
        request,
        "reports/report_submit.html",
        {"report": report, "document": document, "form": form},
    )
