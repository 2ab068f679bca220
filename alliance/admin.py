from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin as BaseGroupAdmin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.models import Group
from django.db import models
from django.utils.translation import gettext_lazy as _

from .formfields import ModelMultipleChoiceField
from .models import GeneratedDocument, Job, User

# Every admin with many-to-many fields sets `formfield_overrides = GUARDED_CHOICES`, so an id
# beyond 64 bits is a form error there too, not a server error (alliance/formfields.py).
GUARDED_CHOICES = {models.ManyToManyField: {"form_class": ModelMultipleChoiceField}}

admin.site.unregister(Group)


@admin.register(Group)
class GroupAdmin(BaseGroupAdmin):
    formfield_overrides = GUARDED_CHOICES


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["name"]
    list_display = ["email", "name", "is_secretariat", "is_staff", "is_active"]
    list_filter = ["is_secretariat", "is_staff", "is_active"]
    search_fields = ["email", "name"]
    fieldsets = [
        (None, {"fields": ["email", "name", "password"]}),
        (_("Roller"), {"fields": ["is_secretariat", "is_active", "is_staff", "is_superuser"]}),
        (_("Datoer"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (None, {"classes": ["wide"], "fields": ["email", "name", "password1", "password2"]})
    ]
    filter_horizontal = []


@admin.register(Job)
class JobAdmin(admin.ModelAdmin):
    list_display = ["kind", "subject_id", "state", "progress", "attempts", "created_at"]
    list_filter = ["kind", "state"]
    readonly_fields = [f.name for f in Job._meta.fields]


@admin.register(GeneratedDocument)
class GeneratedDocumentAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "version", "state", "page_count", "generated_at"]
    list_filter = ["kind", "state"]
    readonly_fields = [f.name for f in GeneratedDocument._meta.fields]

    def has_delete_permission(self, request, obj=None):
        return obj is None or not obj.is_frozen
