from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from alliance.admin import GUARDED_CHOICES

from .models import (
    Application,
    ApplicationDocument,
    BudgetFigure,
    Call,
    Contribution,
    FundingSource,
    Partner,
)


class PartnerInline(admin.TabularInline):
    model = Partner
    extra = 0


@admin.register(Application)
class ApplicationAdmin(SimpleHistoryAdmin):
    formfield_overrides = GUARDED_CHOICES
    list_display = ["title", "state", "call", "amount_applied", "amount_granted"]
    list_filter = ["state"]
    search_fields = ["title"]
    inlines = [PartnerInline]


@admin.register(Call)
class CallAdmin(SimpleHistoryAdmin):
    formfield_overrides = GUARDED_CHOICES
    list_display = ["title", "source", "deadline"]
    search_fields = ["title"]


admin.site.register(FundingSource, SimpleHistoryAdmin)
admin.site.register(ApplicationDocument, SimpleHistoryAdmin)
admin.site.register(Contribution)
admin.site.register(BudgetFigure)
