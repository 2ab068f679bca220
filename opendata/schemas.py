"""The open-data API's schemas, its pagination and its filters (opendata/api.py): what an answer
holds and which query parameters an operation reads, as the OpenAPI document describes them."""

import re
from datetime import date, datetime
from typing import Annotated, Any, Literal

from ninja import Field, FilterSchema, Schema
from ninja.pagination import PageNumberPagination
from pydantic import BeforeValidator

from actionplans.models import Initiative, Plan, Sector

# --- Schemas --------------------------------------------------------------------------------------


class Error(Schema):
    detail: Any


ERRORS = {401: Error, 403: Error, 404: Error, 422: Error, 429: Error}
PUBLIC_ERRORS = {401: Error, 404: Error, 422: Error, 429: Error}


class MunicipalityOut(Schema):
    code: int
    name: str
    official_name: str
    is_public: bool = Field(description="The secretariat has made its data public")
    plan_status: str | None = Field(description="Status of the current DK2020 plan, if any")
    url: str


class PlanOut(Schema):
    municipality_code: int
    version: int
    title: str
    status: str
    adopted_on: date | None
    capf_approved_on: date | None
    revision_due: date | None
    reduction_target_2030_percent: float | None
    net_zero_year: int | None
    baseline_year: int | None
    baseline_emissions_t_co2e: float | None
    document_url: str


class InitiativeOut(Schema):
    id: int
    municipality_code: int
    title: str
    description: str
    sector: str
    themes: list[str]
    status: str
    phase: str
    percent_done: int
    expected_reduction_t_co2e: float | None
    start_year: int | None
    end_year: int | None
    participant_codes: list[int]
    responsible_unit: str
    updated_at: datetime
    contact_name: str | None = Field(None, description="Only where published")
    contact_email: str | None = Field(None, description="Only where published")


class EmissionOut(Schema):
    municipality_code: int
    year: int
    sector: str
    tonnes_co2e: float


class ThemeOut(Schema):
    slug: str
    name: str
    kind: str
    reference_share_percent: int | None


class NationalInitiative(Schema):
    initiative_id: int
    municipality_code: int
    municipality_name: str
    plan_id: int
    plan_version: int
    title: str
    sector: str
    themes: list[str]
    status: str
    phase: str
    percent_done: int
    expected_reduction_t_co2e: float | None
    start_year: int | None
    end_year: int | None
    participant_codes: list[int]
    responsible_unit: str
    last_update_at: str | None


class NationalIndicatorValue(Schema):
    indicator_id: int
    municipality_code: int
    initiative_id: int | None
    indicator_name: str
    unit: str
    direction: str
    year: int
    value: float


class NationalExport(Schema):
    format_version: int
    generated_at: str
    initiatives: list[NationalInitiative]
    indicator_values: list[NationalIndicatorValue]


# --- Filters --------------------------------------------------------------------------------------

Code = int  # a municipality code, 101–860
Year = int


class Pagination(PageNumberPagination):
    class Input(Schema):
        page: int = Field(1, ge=1, le=100_000)
        page_size: int | None = Field(None, ge=1, le=200)

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(page_size=50, max_page_size=200, **kwargs)


SectorCode = Literal[tuple(Sector.values)]  # type: ignore[valid-type]
StatusCode = Literal[tuple(Initiative.Status.values)]  # type: ignore[valid-type]
PlanStatusCode = Literal[tuple(Plan.Status.values)]  # type: ignore[valid-type]


def _iso_day(value: Any) -> Any:
    """Only YYYY-MM-DD: pydantic would also read a number as a Unix time."""
    if isinstance(value, str) and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        raise ValueError("YYYY-MM-DD")
    return value


IsoDate = Annotated[date, BeforeValidator(_iso_day)]


class InitiativeFilter(FilterSchema):
    municipality: int | None = Field(None, ge=101, le=860, description="Municipality code")
    year: int | None = Field(None, ge=1990, le=2100, description="Running in this year")
    sector: SectorCode | None = None
    theme: str | None = Field(None, max_length=50, pattern=r"^[-a-z0-9_]+$", description="slug")
    status: StatusCode | None = None
    updated_since: IsoDate | None = Field(None, description="Changed on or after this day")


class EmissionFilter(Schema):
    municipality: int | None = Field(None, ge=101, le=860, description="Municipality code")
    year: int | None = Field(None, ge=1990, le=2100)
    sector: SectorCode | None = None


class PlanFilter(Schema):
    municipality: int | None = Field(None, ge=101, le=860, description="Municipality code")
    status: PlanStatusCode | None = None


# --- The API --------------------------------------------------------------------------------------
