from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Body, BodyRelation, Meeting, Membership, Seat


class SeatInline(admin.TabularInline):
    model = Seat
    extra = 0


class RelationInline(admin.TabularInline):
    model = BodyRelation
    fk_name = "source"
    extra = 0


@admin.register(Body)
class BodyAdmin(admin.ModelAdmin):
    list_display = ["name", "level", "meetings_per_year"]
    list_filter = ["level"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [SeatInline, RelationInline]


@admin.register(Membership)
class MembershipAdmin(SimpleHistoryAdmin):
    list_display = ["person_name", "body", "role", "start", "end"]
    list_filter = ["body", "role"]
    autocomplete_fields = ["user"]


@admin.register(Meeting)
class MeetingAdmin(SimpleHistoryAdmin):
    list_display = ["title", "body", "starts_at"]
    list_filter = ["body"]
