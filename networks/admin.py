from django.contrib import admin

from .models import Network, VipProject


@admin.register(Network)
class NetworkAdmin(admin.ModelAdmin):
    list_display = ["name", "started_year"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(VipProject)
class VipProjectAdmin(admin.ModelAdmin):
    list_display = ["name", "start_year", "end_year", "continued_by"]
    filter_horizontal = ["leads", "participants"]
    prepopulated_fields = {"slug": ["name"]}
