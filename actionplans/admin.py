from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from alliance.admin import GUARDED_CHOICES

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
    formfield_overrides = GUARDED_CHOICES
    list_display = ["title", "plan", "sector", "status", "percent_done", "last_update_at"]
    list_filter = ["sector", "status", "themes", "plan__municipality"]
    search_fields = ["title", "description"]
    filter_horizontal = ["themes", "participants"]
    list_per_page = 25
    inlines = [TaskInline]


@admin.register(ProgressUpdate)
class ProgressUpdateAdmin(SimpleHistoryAdmin):
    list_display = ["initiative", "date", "status", "percent_done", "author"]

    # An update added, moved or deleted here bypasses post_progress_update: recompute the
    # initiatives' last update from what is left, so it never disagrees with their updates.
    def save_model(self, request, obj, form, change):
        before = ProgressUpdate.objects.filter(pk=obj.pk).values_list("initiative_id", flat=True)
        touched = [*before, obj.initiative_id]
        super().save_model(request, obj, form, change)
        Initiative.objects.filter(pk__in=touched).refresh_last_update()

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        Initiative.objects.filter(pk=obj.initiative_id).refresh_last_update()

    def delete_queryset(self, request, queryset):
        touched = list(queryset.values_list("initiative_id", flat=True))
        super().delete_queryset(request, queryset)
        Initiative.objects.filter(pk__in=touched).refresh_last_update()


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
    formfield_overrides = GUARDED_CHOICES
    list_display = ["email", "subject", "sent_at"]
    readonly_fields = ["recipient", "email", "municipality", "sent_at", "subject", "body"]
