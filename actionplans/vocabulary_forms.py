"""Forms for the theme vocabulary and for indicators with their goals and yearly values."""

from django import forms
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from alliance import formfields
from alliance.downloads import ascii_text
from alliance.validators import FIRST_YEAR, LAST_YEAR

from .models import Indicator, IndicatorGoal, IndicatorValue, Initiative, Theme

YEAR_MESSAGES = {
    "min_value": _("Året skal ligge mellem 1990 og 2100."),
    "max_value": _("Året skal ligge mellem 1990 og 2100."),
    "invalid": _("Skriv et årstal, fx 2030."),
}


# Paths under /klimaplaner/temaer/ that a theme's slug must not take.
RESERVED_SLUGS = {"nyt"}


def danish_slug(text: str) -> str:
    slug = slugify(ascii_text(text))[:50] or "tema"
    return f"{slug}-tema" if slug in RESERVED_SLUGS else slug


class ThemeForm(forms.ModelForm):
    class Meta:
        model = Theme
        formfield_callback = formfields.formfield
        fields = ["name", "kind", "reference_share", "order"]
        error_messages = {
            "name": {"unique": _("Der findes allerede et tema med det navn.")},
            "reference_share": {
                "max_value": _("Andelen skal være mellem 0 og 100 procent."),
                "min_value": _("Andelen skal være mellem 0 og 100 procent."),
            },
        }

    def clean(self):
        data = super().clean()
        if data.get("reference_share") is not None and data.get("kind") != Theme.Kind.CROSS_VIEW:
            self.add_error(
                "reference_share",
                _("Kun temaer fra 'Et blik på tværs' har en andel fra analysen."),
            )
        name = data.get("name")
        if name:
            slug = danish_slug(name)
            others = Theme.objects.exclude(pk=self.instance.pk)
            if others.filter(name__iexact=name).exists():
                self.add_error("name", _("Der findes allerede et tema med det navn."))
            elif others.filter(slug=slug).exists():
                self.add_error("name", _("Navnet ligner for meget et eksisterende tema."))
            self.instance.slug = slug
        return data


class IndicatorForm(forms.ModelForm):
    class Meta:
        model = Indicator
        formfield_callback = formfields.formfield
        fields = ["name", "unit", "direction", "initiative", "description"]

    def __init__(self, *args, municipality, **kwargs):
        super().__init__(*args, **kwargs)
        # Only the municipality's own initiatives in its current plan: never another's.
        self.fields["initiative"].queryset = (
            Initiative.objects.in_current_plans()
            .filter(plan__municipality=municipality)
            .order_by("title__lower")
        )
        self.fields["initiative"].label = _("Indsats")
        self.fields["initiative"].empty_label = _("Hele kommunen")
        self.fields["initiative"].help_text = _(
            "Vælg en indsats, hvis indikatoren måler den; ellers gælder den hele kommunen."
        )


YEARS = LAST_YEAR - FIRST_YEAR + 1
# A tampered form count is refused with a message, not rendered as a thousand rows.
ONE_ROW_A_YEAR = {"max_num": YEARS, "absolute_max": YEARS, "validate_max": True}


class YearFigureForm(forms.ModelForm):
    year = formfields.IntegerField(
        label=_("År"), min_value=FIRST_YEAR, max_value=LAST_YEAR, error_messages=YEAR_MESSAGES
    )
    value = formfields.DecimalField(
        label=_("Værdi"),
        max_digits=14,
        decimal_places=2,
        localize=True,
        error_messages={"invalid": _("Skriv et tal, fx 1200,5.")},
    )


class YearFigureFormSet(forms.BaseInlineFormSet):
    def clean(self):
        # Our own message first: Django's generic one about "duplicate data" is less clear.
        years = [
            form.cleaned_data.get("year")
            for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]
        if len(years) != len(set(years)):
            raise forms.ValidationError(_("Hvert år må kun stå én gang."))
        super().clean()


GoalFormSet = forms.inlineformset_factory(
    Indicator,
    IndicatorGoal,
    form=YearFigureForm,
    formset=YearFigureFormSet,
    fields=["year", "value"],
    extra=1,
    can_delete=True,
    **ONE_ROW_A_YEAR,
)
ValueFormSet = forms.inlineformset_factory(
    Indicator,
    IndicatorValue,
    form=YearFigureForm,
    formset=YearFigureFormSet,
    fields=["year", "value"],
    extra=1,
    can_delete=True,
    **ONE_ROW_A_YEAR,
)


class IndicatorValueSheetForm(YearFigureForm):
    """One row of the indicator values sheet (actionplans.indicator_sheets): a year's value and
    its note. The indicator comes from the row's ID, checked against what the user may edit."""

    class Meta:
        model = IndicatorValue
        formfield_callback = formfields.formfield
        fields = ["year", "value", "note"]
