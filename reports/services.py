"""Workflows of reporting rounds and the status report."""

import datetime as dt
from collections import defaultdict
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from actionplans.models import (
    FreshnessPolicy,
    Indicator,
    Initiative,
    Reminder,
)
from actionplans.selectors import FINISHED
from alliance.models import GeneratedDocument, Job
from alliance.services import enqueue_job
from governance.links import content_type_for
from governance.models import AgendaItem, Meeting
from governance.services.meetings import add_item
from municipalities.models import Coordinator, Municipality

from .models import MunicipalityReport, ReportingRound, StatusReport
from .snapshot import build_snapshot, year_start

REPORT_JOB = "status-report"


class RoundRuleError(Exception):
    """A step the round's or report's state does not allow; the message is for the user."""


# --- Rounds -----------------------------------------------------------------------------------


def open_round(*, year: int, deadline: dt.date, by) -> ReportingRound:
    """Open the reporting round for a year (one round per year)."""
    if ReportingRound.objects.filter(year=year).exists():
        raise RoundRuleError(
            _("Der findes allerede en rapporteringsrunde for %(year)s.") % {"year": year}
        )
    reporting_round = ReportingRound(year=year, deadline=deadline, opened_by=by)
    reporting_round._history_user = by
    reporting_round.save()
    return reporting_round


def mark_reported(
    *, reporting_round: ReportingRound, municipality: Municipality, by
) -> MunicipalityReport:
    """The municipality's data is up to date for the round. Marking twice keeps the first mark."""
    with transaction.atomic():
        locked = ReportingRound.objects.select_for_update().get(pk=reporting_round.pk)
        if not locked.is_open:
            raise RoundRuleError(_("Runden er lukket; der kan ikke længere indrapporteres."))
        report = MunicipalityReport.objects.filter(round=locked, municipality=municipality).first()
        if report is None:
            report = MunicipalityReport(round=locked, municipality=municipality, reported_by=by)
            report._history_user = by
            report.save()
    return report


def close_round(*, reporting_round: ReportingRound, by) -> ReportingRound:
    """Close the round: freeze every municipality's data as it stands now (the snapshot the status
    report is built from) and create the round's status report."""
    with transaction.atomic():
        locked = ReportingRound.objects.select_for_update().get(pk=reporting_round.pk)
        if not locked.is_open:
            raise RoundRuleError(_("Runden er allerede lukket."))
        now = timezone.now()
        locked.snapshot = build_snapshot(locked, now=now)
        locked.state, locked.closed_at, locked.closed_by = ReportingRound.State.CLOSED, now, by
        locked._history_user = by
        locked.save()
        report = StatusReport(round=locked)
        report._history_user = by
        report.save()
    return locked


def to_update(*, reporting_round: ReportingRound, municipality: Municipality) -> dict:
    """What the municipality should bring up to date for the round: the active initiatives of its
    current plan not updated during the year (most stale first, with their freshness), and its
    indicators without a value for the year. Two queries."""
    initiatives = list(
        Initiative.objects.in_current_plans()
        .filter(plan__municipality=municipality)
        .exclude(status__in=FINISHED)
        .with_freshness()
        .exclude(last_update_at__gte=year_start(reporting_round.year))
        .needing_update_first()
    )
    indicators = list(
        Indicator.objects.filter(municipality=municipality)
        .exclude(values__year=reporting_round.year)
        .order_by("name")
    )
    return {"initiatives": initiatives, "indicators": indicators}


def completion(reporting_round: ReportingRound) -> list[dict]:
    """Each municipality and whether (when, by whom) it has reported. Two queries."""
    reports = {r.municipality_id: r for r in reporting_round.reports.select_related("reported_by")}
    return [
        {"municipality": m, "report": reports.get(m.pk)}
        for m in Municipality.objects.order_by("name")
    ]


# --- Reminders --------------------------------------------------------------------------------


def reminder_topic(reporting_round: ReportingRound) -> str:
    return f"reports.round:{reporting_round.pk}"


def send_round_reminders(
    *, reporting_round: ReportingRound, now: dt.datetime | None = None
) -> list[Reminder]:
    """Remind the coordinators of municipalities that have not reported (one e-mail per person,
    about all their municipalities); a municipality without an active coordinator is reported to
    the secretariat. Same cadence as the freshness reminders, on their shared log
    (actionplans.Reminder): nobody gets this round's reminder twice within
    FreshnessPolicy.reminder_interval_days calendar days, however often the button is pressed."""
    if not reporting_round.is_open:
        raise RoundRuleError(_("Runden er lukket; der sendes ikke flere påmindelser."))
    now = now or timezone.now()
    return [
        _send_reminder(
            reporting_round=reporting_round,
            recipient=recipient,
            email=email,
            municipalities=municipalities,
            now=now,
        )
        for recipient, email, municipalities in pending_round_reminders(
            reporting_round=reporting_round, now=now
        )
    ]


def pending_round_reminders(*, reporting_round: ReportingRound, now: dt.datetime) -> list:
    """(user or None for the secretariat, e-mail, municipalities not reported) of everyone due
    this round's reminder now under the cadence of send_round_reminders."""
    rules = FreshnessPolicy.current()
    since = rules.reminder_window_start(now)
    topic = reminder_topic(reporting_round)
    missing = {
        m.pk: m
        for m in Municipality.objects.exclude(round_reports__round=reporting_round).order_by("name")
    }
    if not missing:
        return []
    recent = Reminder.objects.filter(topic=topic, sent_at__gte=since)
    reminded_emails = set(recent.values_list("email", flat=True))
    secretariat_reminded = set(
        recent.filter(recipient__isnull=True).values_list("municipality_id", flat=True)
    )
    coordinators = Coordinator.objects.filter(
        is_active=True, user__is_active=True, municipality_id__in=missing
    ).select_related("user")
    per_person = defaultdict(list)
    for coordinator in coordinators:
        per_person[coordinator.user].append(missing[coordinator.municipality_id])
    pending = [
        (user, user.email, municipalities)
        for user, municipalities in per_person.items()
        if user.email not in reminded_emails
    ]
    covered = {c.municipality_id for c in coordinators}
    for pk, municipality in missing.items():
        if pk not in covered and pk not in secretariat_reminded:
            pending.append((None, settings.SECRETARIAT_EMAIL, [municipality]))
    return pending


ROUND_REMINDERS_FROM_DAYS_BEFORE = 14


def rounds_to_remind(*, now: dt.datetime):
    """Open rounds from two weeks before their deadline, and after it while they stay open."""
    horizon = timezone.localdate(now) + timedelta(days=ROUND_REMINDERS_FROM_DAYS_BEFORE)
    return ReportingRound.objects.filter(state=ReportingRound.State.OPEN, deadline__lte=horizon)


def record_round_reminder(*, reporting_round, recipient, email, municipalities, digest):
    return Reminder.objects.create(
        recipient=recipient,
        email=email,
        municipality=municipalities[0] if len(municipalities) == 1 else None,
        sent_at=digest.sent_at,
        subject=digest.subject,
        body=digest.body,
        topic=reminder_topic(reporting_round),
    )


def _send_reminder(*, reporting_round, recipient, email, municipalities, now) -> Reminder:
    """The row and the e-mail go together: if sending fails, the row is rolled back."""
    with translation.override("da"):
        context = {
            "round": reporting_round,
            "recipient": recipient,
            "municipalities": municipalities,
            "site_url": settings.SITE_URL,
        }
        subject = _("Påmindelse: indrapportering til statusrapporten %(year)s, frist %(date)s") % {
            "year": reporting_round.year,
            "date": date_format(reporting_round.deadline, "SHORT_DATE_FORMAT"),
        }
        body = render_to_string("emails/round_reminder.txt", context)
    with transaction.atomic():
        reminder = Reminder.objects.create(
            recipient=recipient,
            email=email,
            municipality=municipalities[0] if len(municipalities) == 1 else None,
            sent_at=now,
            subject=subject[:200],
            body=body,
            topic=reminder_topic(reporting_round),
        )
        EmailMultiAlternatives(subject, body, to=[email]).send()
    return reminder


# --- The status report ------------------------------------------------------------------------


DRAFT_JOB = "report-draft"


def request_draft(*, reporting_round: ReportingRound, by) -> Job:
    """A watermarked draft of the round's status report, before the round is closed."""
    if not reporting_round.is_open:
        raise RoundRuleError(_("Runden er lukket: dan statusrapporten i stedet for et udkast."))
    return enqueue_job(kind=DRAFT_JOB, subject=reporting_round, requested_by=by)


def request_report(*, report: StatusReport, by) -> Job:
    """Start building the report's PDF (a new draft version)."""
    return enqueue_job(kind=REPORT_JOB, subject=report, requested_by=by)


def report_documents(report: StatusReport):
    return (
        GeneratedDocument.objects.for_subject(report).filter(kind=REPORT_JOB).order_by("-version")
    )


def submit_report(*, document: GeneratedDocument, meeting: Meeting, by) -> AgendaItem:
    """Submit a draft version for approval: it becomes "submitted" and a decision item about it
    (the PDF linked, so the meeting pack shows its figures) goes last on the meeting's agenda.
    Recording "approved" on that item approves and freezes this version
    (governance.services.meetings.record_decision)."""
    if document.kind != REPORT_JOB:
        raise RoundRuleError(_("Dokumentet er ikke en statusrapport."))
    if document.state != GeneratedDocument.State.DRAFT:
        raise RoundRuleError(_("Kun en kladde kan indstilles til godkendelse."))
    if not meeting.is_open_for_agenda:
        raise RoundRuleError(_("Mødets referat er godkendt; der kan ikke tilføjes punkter."))
    report = StatusReport.objects.select_related("round").get(pk=document.subject_id)
    with transaction.atomic():
        document = GeneratedDocument.objects.select_for_update().get(pk=document.pk)
        document.state = GeneratedDocument.State.SUBMITTED
        document.save(update_fields=["state"])
        item = AgendaItem(
            title=_("Godkendelse af statusrapport %(year)s") % {"year": report.round.year},
            kind=AgendaItem.Kind.DECISION,
            case_text=_(
                "Statusrapporten for %(year)s er bygget på rapporteringsrunden, der blev lukket "
                "%(date)s. Rapporten er vedlagt som version %(version)s."
            )
            % {
                "year": report.round.year,
                "date": date_format(
                    timezone.localtime(report.round.closed_at), "SHORT_DATE_FORMAT"
                ),
                "version": document.version,
            },
            recommendation=_("Sekretariatet indstiller, at statusrapporten godkendes."),
            responsible=_("Sekretariatet"),
            linked_type=content_type_for(document),
            linked_id=document.pk,
        )
        add_item(meeting=meeting, item=item, by=by)
    return item
