from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import MunicipalityReport, ReportingRound, StatusReport


@admin.register(ReportingRound)
class ReportingRoundAdmin(SimpleHistoryAdmin):
    list_display = ["year", "deadline", "state", "closed_at"]
    readonly_fields = ["snapshot", "state", "closed_at", "closed_by"]


@admin.register(MunicipalityReport)
class MunicipalityReportAdmin(SimpleHistoryAdmin):
    list_display = ["round", "municipality", "reported_at", "reported_by"]


@admin.register(StatusReport)
class StatusReportAdmin(SimpleHistoryAdmin):
    list_display = ["round"]
