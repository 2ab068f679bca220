"""The open-data API, version 1 (Django Ninja): read-only, under /api/v1/, described by the
OpenAPI 3 document at /api/v1/openapi.json and the page at /api/v1/dokumentation/.

Public data needs no key. A token (`Authorization: Bearer ka_…`, issued by the secretariat) opens
what its scopes allow: `national_export` the national monitoring system's export, `unpublished`
the municipalities and field groups not made public (contact persons never, unless published).
An unknown or revoked token is refused (401), never read as anonymous. Every answer is throttled
per address and, with a token, per token (429 with Retry-After). Bad filter values get 422.
"""

import json
from datetime import datetime
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db.models import F, Max, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce, Greatest
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from ninja import NinjaAPI, Path, Query
from ninja.errors import AuthenticationError, HttpError, Throttled
from ninja.pagination import paginate
from ninja.security import HttpBearer
from ninja.throttling import SimpleRateThrottle

from actionplans import exports
from actionplans.models import Initiative, Plan, Theme
from municipalities.models import Municipality

from . import selectors
from .models import ApiToken, FieldGroup
from .schemas import (
    ERRORS,
    PUBLIC_ERRORS,
    EmissionFilter,
    EmissionOut,
    InitiativeFilter,
    InitiativeOut,
    MunicipalityOut,
    NationalExport,
    Pagination,
    PlanFilter,
    PlanOut,
    ThemeOut,
)

VERSION = "1.0.0"


# --- Tokens ---------------------------------------------------------------------------------------


class Anonymous:
    """The reader without a key: public data only."""

    scopes: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return True  # Ninja lets a request through on a truthy result

    def __str__(self) -> str:
        return "anonymous"

    def has_scope(self, scope: str) -> bool:
        return False


ANONYMOUS = Anonymous()


def find_token(key: str) -> ApiToken:
    token = ApiToken.objects.filter(key_hash=ApiToken.hash_key(key)).first()
    if token is None or not token.is_active:
        raise AuthenticationError(401, "Ukendt eller tilbagekaldt nøgle / unknown or revoked token")
    now = timezone.now()
    # At most one write a minute per token: "last used" is a date for people, not a log.
    if token.last_used_at is None or now - token.last_used_at > timezone.timedelta(minutes=1):
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token


class OptionalToken(HttpBearer):
    """No header: anonymous. A header: a valid, unrevoked token, or 401."""

    def __call__(self, request: HttpRequest) -> Any:
        if "Authorization" not in request.headers:
            return ANONYMOUS
        result = super().__call__(request)
        if result is None:
            raise AuthenticationError(401, "Brug 'Authorization: Bearer <nøgle>'")
        return result

    def authenticate(self, request: HttpRequest, token: str) -> ApiToken:
        return find_token(token)


class ScopedToken(HttpBearer):
    """A valid token with the scope, or 401 (no or bad token) / 403 (another scope)."""

    def __init__(self, scope: str) -> None:
        super().__init__()
        self.scope = scope

    def authenticate(self, request: HttpRequest, token: str) -> ApiToken:
        found = find_token(token)
        if not found.has_scope(self.scope):
            raise HttpError(403, f"Nøglen har ikke adgangen '{self.scope}' / token lacks scope")
        return found


# --- Rate limits ------------------------------------------------------------------------------------


class AddressThrottle(SimpleRateThrottle):
    """Every request, per client address (with or without a token)."""

    scope = "address"

    def __init__(self) -> None:
        super().__init__(settings.API_RATE_PER_ADDRESS)

    def get_cache_key(self, request: HttpRequest) -> str:
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


class TokenThrottle(SimpleRateThrottle):
    """Requests with a token, per token, whatever address they come from."""

    scope = "token"

    def __init__(self) -> None:
        super().__init__(settings.API_RATE_PER_TOKEN)

    def get_cache_key(self, request: HttpRequest) -> str | None:
        token = getattr(request, "auth", None)
        if not isinstance(token, ApiToken):
            return None
        return self.cache_format % {"scope": self.scope, "ident": token.pk}


class OpenDataAPI(NinjaAPI):
    def get_openapi_schema(self, *args: Any, **kwargs: Any) -> dict:
        """Say that the public operations work without a key too (an empty security
        requirement), which Ninja's generator cannot express."""
        schema = super().get_openapi_schema(*args, **kwargs)
        for item in schema["paths"].values():
            for operation in item.values():
                if operation.get("tags") == ["public"]:
                    operation["security"] = [*operation.get("security", []), {}]
        return schema


api = OpenDataAPI(
    title="Klimaalliancen i Hovedstadsregionen – åbne data",
    version=VERSION,
    description=(
        "The public data of the 29 municipalities' DK2020 climate action plans in the Capital "
        "Region of Denmark, as the alliance's secretariat has made them public. Read-only."
    ),
    urls_namespace="api-v1",
    docs_url=None,
    auth=OptionalToken(),
    throttle=[AddressThrottle(), TokenThrottle()],
)


@api.exception_handler(Throttled)
def throttled(request: HttpRequest, exc: Throttled) -> HttpResponse:
    return api.create_response(
        request,
        {"detail": "For mange forespørgsler; prøv igen senere / too many requests, retry later"},
        status=429,
    )


def audience_of(request: HttpRequest) -> selectors.Audience:
    if request.auth.has_scope(ApiToken.Scope.UNPUBLISHED):
        return selectors.unpublished_audience()
    return selectors.public_audience()


def _number(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


@api.get(
    "/municipalities",
    response={200: list[MunicipalityOut], **PUBLIC_ERRORS},
    tags=["public"],
    summary="The 29 municipalities, with their plan status",
)
def municipality_list(request: HttpRequest):
    audience = audience_of(request)
    return [_municipality(row) for row in selectors.municipality_rows(audience)]


def _municipality(row: selectors.MunicipalityRow) -> dict:
    m = row.municipality
    return {
        "code": m.code,
        "name": m.name,
        "official_name": m.official_name,
        "is_public": row.is_public,
        "plan_status": row.plan.status if row.plan else None,
        "url": reverse("opendata:municipality", kwargs={"code": m.code}),
    }


@api.get(
    "/municipalities/{code}",
    response={200: MunicipalityOut, **PUBLIC_ERRORS},
    tags=["public"],
    summary="One municipality",
)
def municipality_detail(request: HttpRequest, code: int = Path(..., ge=101, le=860)):
    audience = audience_of(request)
    municipality = get_object_or_404(Municipality, code=code)
    plan = Plan.objects.current().filter(municipality=municipality).first()
    row = selectors.MunicipalityRow(municipality, plan, bool(audience.groups.get(municipality.pk)))
    return _municipality(row)


@api.get(
    "/plans",
    response={200: list[PlanOut], **PUBLIC_ERRORS},
    tags=["public"],
    summary="Current plans whose dates and targets are public",
)
@paginate(Pagination)
def plan_list(request: HttpRequest, filters: Query[PlanFilter]):
    plans = selectors.plans(audience_of(request)).select_related("municipality")
    if filters.municipality is not None:
        plans = plans.filter(municipality__code=filters.municipality)
    if filters.status is not None:
        plans = plans.filter(status=filters.status)
    return [
        {
            "municipality_code": p.municipality.code,
            "version": p.version,
            "title": p.title,
            "status": p.status,
            "adopted_on": p.adopted_on,
            "capf_approved_on": p.capf_approved_on,
            "revision_due": p.revision_due,
            "reduction_target_2030_percent": _number(p.reduction_target_2030),
            "net_zero_year": p.net_zero_year,
            "baseline_year": p.baseline_year,
            "baseline_emissions_t_co2e": _number(p.baseline_emissions),
            "document_url": p.document_url,
        }
        for p in plans.order_by("municipality__code")
    ]


def with_updated_at(qs: QuerySet[Initiative]) -> QuerySet[Initiative]:
    """`updated_at`: the latest of its last change (history), its last progress update and its
    creation."""
    history = Initiative.history.model.objects.filter(id=OuterRef("pk")).order_by()
    changed = Subquery(history.values("id").annotate(at=Max("history_date")).values("at")[:1])
    return qs.annotate(
        updated_at=Greatest(
            Coalesce(changed, F("created_at")), Coalesce(F("last_update_at"), F("created_at"))
        )
    )


@api.get(
    "/initiatives",
    response={200: list[InitiativeOut], **PUBLIC_ERRORS},
    tags=["public"],
    summary="Initiatives in the current plans, where public",
)
@paginate(Pagination)
def initiative_list(request: HttpRequest, filters: Query[InitiativeFilter]):
    audience = audience_of(request)
    qs = with_updated_at(selectors.initiatives(audience))
    if filters.municipality is not None:
        qs = qs.filter(
            Q(plan__municipality__code=filters.municipality)
            | Q(participants__code=filters.municipality)
        )
    if filters.year is not None:
        qs = qs.filter(Q(start_year__isnull=True) | Q(start_year__lte=filters.year)).filter(
            Q(end_year__isnull=True) | Q(end_year__gte=filters.year)
        )
    if filters.sector is not None:
        qs = qs.filter(sector=filters.sector)
    if filters.theme is not None:
        qs = qs.filter(themes__slug=filters.theme)
    if filters.status is not None:
        qs = qs.filter(status=filters.status)
    if filters.updated_since is not None:
        since = timezone.make_aware(datetime.combine(filters.updated_since, datetime.min.time()))
        qs = qs.filter(updated_at__gte=since)
    qs = (
        qs.distinct()
        .select_related("plan__municipality")
        .prefetch_related("themes", "participants")
        .order_by("plan__municipality__code", "pk")
    )
    contacts = set(audience.ids(FieldGroup.CONTACTS))
    return [_initiative(i, show_contact=i.plan.municipality_id in contacts) for i in qs]


def _initiative(i: Initiative, *, show_contact: bool) -> dict:
    return {
        "id": i.pk,
        "municipality_code": i.plan.municipality.code,
        "title": i.title,
        "description": i.description,
        "sector": i.sector,
        "themes": [t.slug for t in i.themes.all()],
        "status": i.status,
        "phase": i.phase,
        "percent_done": i.percent_done,
        "expected_reduction_t_co2e": _number(i.expected_reduction),
        "start_year": i.start_year,
        "end_year": i.end_year,
        "participant_codes": sorted(m.code for m in i.participants.all()),
        "responsible_unit": i.responsible_unit,
        "updated_at": i.updated_at,
        "contact_name": i.contact_name if show_contact else None,
        "contact_email": i.contact_email if show_contact else None,
    }


@api.get(
    "/emissions",
    response={200: list[EmissionOut], **PUBLIC_ERRORS},
    tags=["public"],
    summary="Emission accounts by municipality, year and sector, where public",
)
@paginate(Pagination)
def emission_list(request: HttpRequest, filters: Query[EmissionFilter]):
    qs = selectors.emissions(audience_of(request)).select_related("municipality")
    if filters.municipality is not None:
        qs = qs.filter(municipality__code=filters.municipality)
    if filters.year is not None:
        qs = qs.filter(year=filters.year)
    if filters.sector is not None:
        qs = qs.filter(sector=filters.sector)
    return [
        {
            "municipality_code": e.municipality.code,
            "year": e.year,
            "sector": e.sector,
            "tonnes_co2e": float(e.tonnes),
        }
        for e in qs.order_by("municipality__code", "year", "sector")
    ]


@api.get(
    "/themes",
    response={200: list[ThemeOut], **PUBLIC_ERRORS},
    tags=["public"],
    summary="The vocabulary of themes",
)
def theme_list(request: HttpRequest):
    return [
        {
            "slug": t.slug,
            "name": t.name,
            "kind": t.kind,
            "reference_share_percent": t.reference_share,
        }
        for t in Theme.objects.all()
    ]


# --- Restricted: the national monitoring export (docs/national-export.md) -----------------------

NATIONAL = ScopedToken(ApiToken.Scope.NATIONAL_EXPORT)


@api.get(
    "/export/national",
    response={200: NationalExport, **ERRORS},
    auth=NATIONAL,
    tags=["restricted"],
    summary="The national monitoring export (JSON); token scope national_export",
)
def national_export(request: HttpRequest):
    return exports.national_export_data(None)


def _csv(table: str) -> HttpResponse:
    response = HttpResponse(
        exports.national_export_csv(None, table), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = (
        f'attachment; filename="national-eksport-{table}-{timezone.localdate():%Y-%m-%d}.csv"'
    )
    return response


CSV_RESPONSE = {
    "responses": {
        "200": {"description": "CSV", "content": {"text/csv": {"schema": {"type": "string"}}}}
    }
}


@api.get(
    "/export/national/initiatives.csv",
    response={**ERRORS},
    auth=NATIONAL,
    tags=["restricted"],
    summary="The national export's initiatives as CSV; token scope national_export",
    openapi_extra=CSV_RESPONSE,
)
def national_export_initiatives_csv(request: HttpRequest):
    return _csv("initiatives")


@api.get(
    "/export/national/indicator-values.csv",
    response={**ERRORS},
    auth=NATIONAL,
    tags=["restricted"],
    summary="The national export's indicator values as CSV; token scope national_export",
    openapi_extra=CSV_RESPONSE,
)
def national_export_indicator_values_csv(request: HttpRequest):
    return _csv("indicator_values")


def openapi_document() -> dict:
    return json.loads(json.dumps(api.get_openapi_schema(path_prefix="/api/v1/")))
