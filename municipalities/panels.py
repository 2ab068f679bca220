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
