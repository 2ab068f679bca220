"""The form classes of the portal's own apps, for tests that walk every form."""

from importlib import import_module

from django import forms
from django.conf import settings


def portal_form_classes() -> list[type[forms.BaseForm]]:
    import_module(settings.ROOT_URLCONF)  # every view, so every form, is imported

    def subclasses(cls):
        for sub in cls.__subclasses__():
            yield sub
            yield from subclasses(sub)

    ours = tuple(app.split(".")[0] for app in settings.INSTALLED_APPS if "." not in app)
    return [c for c in set(subclasses(forms.BaseForm)) if c.__module__.startswith(ours)]
