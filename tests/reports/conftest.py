import pytest

from .factories import add_reports, report_document


@pytest.fixture
def world(world):
    """The shared world, with an open round (2026) and a closed one (2025) whose status report has
    a draft PDF."""
    add_reports(world)
    report_document(world)
    return world
