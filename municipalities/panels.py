"""Sections that apps above municipalities add to the municipality page.

The municipality page (municipalities:detail) is where journeys start, but the data it should show
(the plan, initiatives, networks) lives in apps that build on this one. Rather than import them,
the page asks this registry: each app registers a function in its AppConfig.ready() that returns
the template and context of its section for a municipality, or None to show nothing."""

from collections.abc import Callable
from dataclasses import dataclass

from django.http import HttpRequest

from .models import Municipality


@dataclass(frozen=True)
class Panel:
    template: str
    context: dict


PanelFunction = Callable[[HttpRequest, Municipality], Panel | None]
_panels: list[tuple[int, PanelFunction]] = []


def register_panel(order: int) -> Callable[[PanelFunction], PanelFunction]:
    def decorator(func: PanelFunction) -> PanelFunction:
        _panels.append((order, func))
        _panels.sort(key=lambda item: item[0])
        return func

    return decorator


def panels_for(request: HttpRequest, municipality: Municipality) -> list[Panel]:
    return [panel for _, func in _panels if (panel := func(request, municipality)) is not None]


# --- Sections of the climate profile PDF -----------------------------------------------------------
# The same idea for the profile (services.build_municipality_profile): the plan, emissions and
# initiatives (actionplans) and the networks (networks) are sections their apps register. A
# profile is rendered in a background job, without a request: a section gets the municipality only.

ProfileSectionFunction = Callable[[Municipality], Panel | None]
_profile_sections: list[tuple[int, ProfileSectionFunction]] = []


def register_profile_section(
    order: int,
) -> Callable[[ProfileSectionFunction], ProfileSectionFunction]:
    def decorator(func: ProfileSectionFunction) -> ProfileSectionFunction:
        _profile_sections.append((order, func))
        _profile_sections.sort(key=lambda item: item[0])
        return func

    return decorator


def profile_sections_for(municipality: Municipality) -> list[Panel]:
    return [section for _, func in _profile_sections if (section := func(municipality)) is not None]
