from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    CapfAssessment,
    EmissionRecord,
    FreshnessPolicy,
    Indicator,
    IndicatorGoal,
    IndicatorValue,
    Initiative,
    Plan,
    ProgressUpdate,
    Reminder,
    Task,
    Theme,
)


class CapfInline(admin.TabularInline):
    model = CapfAssessment
    extra = 0


@admin.register(Plan)
class PlanAdmin(SimpleHistoryAdmin):
    list_display = ["title", "municipality", "version", "status", "adopted_on"]
    list_filter = ["status", "municipality"]
    inlines = [CapfInline]


class TaskInline(admin.TabularInline):
    model = Task
    extra = 0


@admin.register(Initiative)
class InitiativeAdmin(SimpleHistoryAdmin):
    list_display = ["title", "plan", "sector", "status", "percent_done", "last_update_at"]
    list_filter = ["sector", "status", "themes", "plan__municipality"]
    search_fields = ["title", "description"]
    filter_horizontal = ["themes", "participants"]
    list_per_page = 25
    inlines = [TaskInline]


@admin.register(ProgressUpdate)
class ProgressUpdateAdmin(SimpleHistoryAdmin):
    list_display = ["initiative", "date", "status", "percent_done", "author"]


class GoalInline(admin.TabularInline):
    model = IndicatorGoal
    extra = 0


class ValueInline(admin.TabularInline):
    model = IndicatorValue
    extra = 0


@admin.register(Indicator)
class IndicatorAdmin(SimpleHistoryAdmin):
    list_display = ["name", "unit", "municipality", "initiative"]
    inlines = [GoalInline, ValueInline]


@admin.register(Theme)
class ThemeAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "reference_share"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(EmissionRecord)
class EmissionAdmin(SimpleHistoryAdmin):
    list_display = ["municipality", "year", "sector", "tonnes"]
    list_filter = ["sector", "year"]


admin.site.register(FreshnessPolicy)


@admin.register(Reminder)
class ReminderAdmin(admin.ModelAdmin):
    list_display = ["email", "subject", "sent_at"]
    readonly_fields = ["recipient", "email", "municipality", "sent_at", "subject", "body"]
