"""The open-data API: public data without a key, tokens per scope, revoked tokens refused,
filters, 422 on bad values, rate limits and CORS."""

import pytest

from actionplans.models import Initiative
from opendata.models import ApiToken, Publication
from opendata.services import issue_token, revoke_token


def publish(municipality, **groups) -> Publication:
    publication, _ = Publication.objects.update_or_create(
        municipality=municipality, defaults={"is_public": True, **groups}
    )
    return publication


def bearer(key: str) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


def titles(response) -> set[str]:
    return {item["title"] for item in response.json()["items"]}


def test_anonymous_sees_initiatives_of_public_municipalities_only(world, client):
    publish(world.municipality_a)
    response = client.get("/api/v1/initiatives")
    assert response.status_code == 200
    assert titles(response) == {world.initiative_a.title}
    assert response.json()["count"] == 1


def test_a_municipality_not_made_public_shows_name_code_and_plan_status(world, client):
    rows = {m["code"]: m for m in client.get("/api/v1/municipalities").json()}
    b = rows[world.municipality_b.code]
    assert b["name"] == world.municipality_b.name
    assert b["plan_status"] == world.plan_b.status
    assert b["is_public"] is False
    assert client.get("/api/v1/plans").json()["items"] == []
    assert client.get("/api/v1/initiatives").json()["items"] == []


def test_contact_persons_stay_internal_unless_published(world, client):
    world.initiative_a.contact_email = "kontakt@example.invalid"
    world.initiative_a.save()
    publish(world.municipality_a)
    item = client.get("/api/v1/initiatives").json()["items"][0]
    assert item["contact_email"] is None
    publish(world.municipality_a, show_contacts=True)
    item = client.get("/api/v1/initiatives").json()["items"][0]
    assert item["contact_email"] == "kontakt@example.invalid"


def test_the_unpublished_scope_reads_every_municipality_but_no_contact(world, client):
    world.initiative_b.contact_email = "b@example.invalid"
    world.initiative_b.save()
    _, key = issue_token(holder="CONCITO", purpose="", scopes=["unpublished"], by=None)
    items = client.get("/api/v1/initiatives", **bearer(key)).json()["items"]
    assert {i["title"] for i in items} == {world.initiative_a.title, world.initiative_b.title}
    assert all(i["contact_email"] is None for i in items)


def test_the_national_export_needs_its_scope(world, client):
    assert client.get("/api/v1/export/national").status_code == 401
    _, other = issue_token(holder="CONCITO", purpose="", scopes=["unpublished"], by=None)
    assert client.get("/api/v1/export/national", **bearer(other)).status_code == 403
    _, key = issue_token(holder="Nationalt system", purpose="", scopes=["national_export"], by=None)
    response = client.get("/api/v1/export/national", **bearer(key))
    assert response.status_code == 200
    ids = {row["initiative_id"] for row in response.json()["initiatives"]}
    assert ids == {world.initiative_a.pk, world.initiative_b.pk}
    csv = client.get("/api/v1/export/national/initiatives.csv", **bearer(key))
    assert csv.status_code == 200
    assert csv.content.decode().startswith("initiative_id,municipality_code")
    assert ApiToken.objects.get(key_hash=ApiToken.hash_key(key)).last_used_at is not None


def test_a_revoked_token_is_refused_not_read_as_anonymous(world, client):
    token, key = issue_token(holder="CONCITO", purpose="", scopes=["national_export"], by=None)
    revoke_token(token=token)
    assert client.get("/api/v1/export/national", **bearer(key)).status_code == 401
    assert client.get("/api/v1/initiatives", **bearer(key)).status_code == 401
    assert client.get("/api/v1/initiatives", **bearer("ka_made-up")).status_code == 401


def test_only_the_hash_of_a_key_is_stored(db):
    token, key = issue_token(holder="CONCITO", purpose="", scopes=["national_export"], by=None)
    assert key not in token.key_hash
    assert token.key_hash == ApiToken.hash_key(key)


@pytest.mark.parametrize(
    "query",
    [
        "year=abc",
        "year=1200",
        "sector=space",
        "status=done",
        "municipality=99999999999999999999",
        "updated_since=yesterday",
        "page=0",
        "page_size=100000",
        "theme=%3Cscript%3E",
    ],
)
def test_bad_filter_values_get_422_json(world, client, query):
    response = client.get(f"/api/v1/initiatives?{query}")
    assert response.status_code == 422
    assert "detail" in response.json()


def test_filters_narrow_the_list(world, client):
    publish(world.municipality_a)
    publish(world.municipality_b)
    world.initiative_a.themes.add(world.theme)
    world.initiative_b.status = Initiative.Status.COMPLETED
    world.initiative_b.save()
    assert titles(client.get(f"/api/v1/initiatives?municipality={world.municipality_a.code}")) == {
        world.initiative_a.title
    }
    assert titles(client.get(f"/api/v1/initiatives?theme={world.theme.slug}")) == {
        world.initiative_a.title
    }
    assert titles(client.get("/api/v1/initiatives?status=completed")) == {world.initiative_b.title}
    assert titles(client.get("/api/v1/initiatives?updated_since=2999-01-01")) == set()
    assert len(titles(client.get("/api/v1/initiatives?updated_since=2000-01-01"))) == 2


def test_too_many_requests_get_a_clear_429(world, client, monkeypatch):
    from opendata import api

    for throttle in api.api.throttle:
        if isinstance(throttle, api.AddressThrottle):
            monkeypatch.setattr(throttle, "num_requests", 3)
            monkeypatch.setattr(throttle, "duration", 60)
    codes = [client.get("/api/v1/themes").status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    response = client.get("/api/v1/themes")
    assert int(response["Retry-After"]) > 0
    assert "detail" in response.json()


def test_a_token_has_its_own_limit(world, client, monkeypatch):
    from opendata import api

    for throttle in api.api.throttle:
        if isinstance(throttle, api.TokenThrottle):
            monkeypatch.setattr(throttle, "num_requests", 2)
            monkeypatch.setattr(throttle, "duration", 60)
    _, key = issue_token(holder="X", purpose="", scopes=["unpublished"], by=None)
    codes = [client.get("/api/v1/themes", **bearer(key)).status_code for _ in range(3)]
    assert codes == [200, 200, 429]
    assert client.get("/api/v1/themes").status_code == 200  # the address is not yet at its limit


def test_cors_for_the_public_part_only(world, client):
    _, key = issue_token(holder="X", purpose="", scopes=["national_export"], by=None)
    origin = {"HTTP_ORIGIN": "https://example.org"}
    public = client.get("/api/v1/themes", **origin)
    assert public["Access-Control-Allow-Origin"] == "*"
    restricted = client.get("/api/v1/export/national", **origin, **bearer(key))
    assert "Access-Control-Allow-Origin" not in restricted
    page = client.get("/offentlig/", **origin)
    assert "Access-Control-Allow-Origin" not in page


def test_the_openapi_document_lists_every_operation(db, client):
    doc = client.get("/api/v1/openapi.json").json()
    assert doc["openapi"].startswith("3.")
    assert "/api/v1/initiatives" in doc["paths"]
    assert "/api/v1/export/national" in doc["paths"]
