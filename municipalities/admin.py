from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Coordinator, Municipality, Organisation


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind"]
    list_filter = ["kind"]
    search_fields = ["name"]


class CoordinatorInline(admin.TabularInline):
    model = Coordinator
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "official_name"]
    search_fields = ["name", "code"]
    inlines = [CoordinatorInline]


@admin.register(Coordinator)
class CoordinatorAdmin(SimpleHistoryAdmin):
    list_display = ["user", "municipality", "is_active", "since"]
    list_filter = ["is_active", "municipality"]
    autocomplete_fields = ["user", "municipality"]
