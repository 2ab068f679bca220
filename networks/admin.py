from django.contrib import admin

from alliance.admin import GUARDED_CHOICES

from .models import Network, VipProject


@admin.register(Network)
class NetworkAdmin(admin.ModelAdmin):
    formfield_overrides = GUARDED_CHOICES
    list_display = ["name", "started_year"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(VipProject)
class VipProjectAdmin(admin.ModelAdmin):
    formfield_overrides = GUARDED_CHOICES
    list_display = ["name", "start_year", "end_year", "continued_by"]
    filter_horizontal = ["leads", "participants"]
    prepopulated_fields = {"slug": ["name"]}
