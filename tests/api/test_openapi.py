"""The OpenAPI document tells the truth about the API (docs/adr/0110), and Swagger UI loads
from the app alone (docs/adr/0112). tests/fuzz holds the service to the document."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from typing import Any

import pytest
from openapi_spec_validator import validate

from entrypoints.http.swagger import for_swagger_ui_4

Doc = dict[str, Any]
METHODS = ("get", "put", "post", "patch", "delete")
BEARER: list[dict[str, list[str]]] = [{"BearerAuth": []}]
OPTIONAL_BEARER: list[dict[str, list[str]]] = [{}, {"BearerAuth": []}]
# Reads that need a key: the caller's own collections, a collection's links (owner).
KEYED_READS = {"/collections", "/collections/{collection_id}/share-tokens"}
PROBES = {"/health", "/ready"}
ERROR_BODY = {"$ref": "#/components/schemas/ErrorOut"}


@pytest.fixture
async def doc(client) -> Doc:
    response = await client.get("/schema/openapi.json")
    assert response.status_code == 200
    document: Doc = response.json()
    return document


def operations(doc: Doc) -> list[tuple[str, str, Doc]]:
    return [
        (method.upper(), path, operation)
        for path, item in doc["paths"].items()
        for method, operation in item.items()
        if method in METHODS
    ]


def test_the_document_is_valid_openapi_3_1(doc: Doc) -> None:
    validate(doc)
    assert doc["openapi"].startswith("3.1")
    assert doc["info"]["description"]


def test_every_reference_resolves(doc: Doc) -> None:
    refs = set(re.findall(r'"\$ref": ?"#/components/schemas/([^"]+)"', _json(doc)))
    assert refs
    assert refs <= set(doc["components"]["schemas"]), refs - set(doc["components"]["schemas"])


def test_every_operation_has_a_summary_a_description_and_a_tag(doc: Doc) -> None:
    for method, path, operation in operations(doc):
        assert operation.get("summary"), (method, path)
        assert operation.get("description"), (method, path)
        assert operation.get("tags"), (method, path)


def test_a_bearer_scheme_for_the_authorize_button(doc: Doc) -> None:
    scheme = doc["components"]["securitySchemes"]["BearerAuth"]
    assert scheme["type"] == "http" and scheme["scheme"] == "bearer"
    assert "dbk_" in scheme["description"]


def test_writes_need_a_key_and_anonymous_reads_take_one_optionally(doc: Doc) -> None:
    for method, path, operation in operations(doc):
        if path in PROBES:
            assert "security" not in operation, path
        elif method == "GET" and path not in KEYED_READS:
            assert operation["security"] == OPTIONAL_BEARER, (method, path)
        else:
            assert operation["security"] == BEARER, (method, path)


def test_every_error_answer_is_the_error_body(doc: Doc) -> None:
    for method, path, operation in operations(doc):
        responses = operation["responses"]
        assert "401" in responses, (method, path)  # a bad key is refused everywhere
        for status, response in responses.items():
            if int(status) < 400 or (path == "/ready" and status == "503"):
                continue
            assert response["content"]["application/json"]["schema"] == ERROR_BODY, (path, status)
            if status == "401":
                assert response["headers"]["WWW-Authenticate"]["required"] is True
            if status == "503":
                assert "Retry-After" in response["headers"]


def test_the_error_body_is_documented_field_by_field(doc: Doc) -> None:
    error = doc["components"]["schemas"]["ErrorOut"]
    assert sorted(error["required"]) == ["detail", "error", "status_code"]
    assert set(error["properties"]) == {"status_code", "error", "detail", "field", "errors"}
    for name, field in error["properties"].items():
        assert field.get("description"), name


@pytest.mark.parametrize(
    ("component", "fields"),
    [
        ("ListingIn", ["title", "seller", "device_model", "notes", "custom_fields"]),
        ("CollectionIn", ["name", "description"]),
        ("ItemIn", ["listing_id", "notes", "position"]),
        ("ReportIn", ["note"]),
        ("CardMetadataOut", ["cached", "key", "bytes", "generated_at", "expires_at"]),
        ("Health", ["status", "checks"]),
    ],
)
def test_fields_are_described(doc: Doc, component: str, fields: list[str]) -> None:
    properties = doc["components"]["schemas"][component]["properties"]
    for name in fields:
        assert properties[name].get("description"), (component, name)


def test_request_bodies_refuse_unknown_fields(doc: Doc) -> None:
    for name in ("ListingIn", "ListingPatch", "CollectionIn", "ItemIn", "ReportIn"):
        assert doc["components"]["schemas"][name]["additionalProperties"] is False, name
    # The portable format reads what it does not know (ADR 0032): no such promise there.
    assert "additionalProperties" not in doc["components"]["schemas"]["DealDocument"]


@pytest.mark.parametrize(
    ("method", "path", "statuses"),
    [
        ("GET", "/health", {"200", "401"}),
        ("GET", "/ready", {"200", "401", "503"}),
        ("GET", "/listings", {"200", "400", "401", "503"}),
        ("GET", "/listings/{listing_id}", {"200", "401", "404", "503"}),
        ("POST", "/listings", {"201", "400", "401", "413", "503"}),
        (
            "PATCH",
            "/collections/{collection_id}",
            {"200", "400", "401", "403", "404", "413", "503"},
        ),
        ("DELETE", "/collections/{collection_id}", {"204", "401", "403", "404", "503"}),
        (
            "POST",
            "/collections/{collection_id}/items",
            {"201", "400", "401", "403", "404", "409", "413", "503"},
        ),
        (
            "PUT",
            "/collections/{collection_id}/items/order",
            {"200", "400", "401", "403", "404", "413", "422", "503"},
        ),
        (
            "POST",
            "/listings/import/{preview_id}/confirm",
            {"200", "201", "400", "401", "403", "404", "409", "410", "413", "422", "503"},
        ),
        ("GET", "/s/{token}", {"200", "400", "401", "404", "503"}),
        (
            "GET",
            "/listings/{listing_id}/card-image",
            {"200", "304", "400", "401", "404", "503"},
        ),
    ],
)
def test_statuses_an_operation_answers(doc: Doc, method: str, path: str, statuses: set) -> None:
    assert set(doc["paths"][path][method.lower()]["responses"]) == statuses


@pytest.mark.parametrize(
    ("path", "document"),
    [("/listings/import", "DealDocument"), ("/collections/import", "CollectionDocument")],
)
def test_import_previews_take_the_file_as_json_or_multipart(
    doc: Doc, path: str, document: str
) -> None:
    body = doc["paths"][path]["post"]["requestBody"]
    assert body["required"] is True
    assert body["content"]["application/json"]["schema"] == _ref(document)
    form = body["content"]["multipart/form-data"]["schema"]
    assert form["required"] == ["file"]
    assert form["properties"]["file"]["format"] == "binary"


def test_exports_are_typed_as_the_v1_document_or_csv(doc: Doc) -> None:
    deal = doc["paths"]["/listings/{listing_id}/export"]["get"]["responses"]["200"]
    assert deal["content"]["application/json"]["schema"] == _ref("DealDocument")
    assert deal["headers"]["Content-Disposition"]["required"] is True
    for path in ("/collections/{collection_id}/export", "/s/{token}/export"):
        answer = doc["paths"][path]["get"]["responses"]["200"]
        assert answer["content"]["application/json"]["schema"] == _ref("CollectionDocument")
        assert answer["content"]["text/csv"]["schema"]["type"] == "string"
    header = doc["components"]["schemas"]["DealDocument"]["properties"]["deal_brain_export"]
    assert header == _ref("DealHeader")


@pytest.mark.parametrize(
    "path",
    [
        "/listings/{listing_id}/card-image",
        "/collections/{collection_id}/card-image",
        "/s/{token}/card-image",
    ],
)
def test_card_images_are_png_or_jpeg(doc: Doc, path: str) -> None:
    answer = doc["paths"][path]["get"]["responses"]["200"]
    assert set(answer["content"]) == {"image/png", "image/jpeg"}
    for media in answer["content"].values():
        assert media["schema"] == {
            "type": "string",
            "format": "binary",
            "contentMediaType": media["schema"]["contentMediaType"],
        }
    assert answer["headers"]["Cache-Control"]["required"] is True


def test_the_share_link_answers_a_page_or_json(doc: Doc) -> None:
    responses = doc["paths"]["/s/{token}"]["get"]["responses"]
    assert set(responses["200"]["content"]) == {"application/json", "text/html"}
    assert set(responses["404"]["content"]) == {"application/json", "text/html"}


@pytest.mark.parametrize(
    "path", ["/listings", "/collections", "/collections/discover"], ids=lambda p: p
)
def test_page_bounds_are_in_the_schema(doc: Doc, path: str) -> None:
    parameters = {p["name"]: p for p in doc["paths"][path]["get"]["parameters"]}
    assert parameters["limit"]["schema"]["minimum"] == 1
    assert parameters["limit"]["schema"]["maximum"] == 100
    assert parameters["offset"]["schema"]["minimum"] == 0


def test_parameters_are_described(doc: Doc) -> None:
    for method, path, operation in operations(doc):
        for parameter in operation.get("parameters", []):
            if parameter["in"] == "query":
                assert parameter.get("description"), (method, path, parameter["name"])


# -- Swagger UI, offline -------------------------------------------------------------------
class _Assets(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        names = {"script": "src", "link": "href", "img": "src"}
        for name, value in attrs:
            if tag in names and name == names[tag] and value:
                self.urls.append(value)


async def test_swagger_ui_loads_only_from_the_app(client) -> None:
    page = await client.get("/schema/swagger")
    assert page.status_code == 200
    assert "content-security-policy" not in page.headers  # its script is inline
    parser = _Assets()
    parser.feed(page.text)
    assert len(parser.urls) >= 4  # the icon, the style and two scripts
    for url in parser.urls:
        assert url.startswith("/") and not url.startswith("//"), url
        asset = await client.get(url)
        assert asset.status_code == 200, url
        assert asset.content
    assert "SwaggerUIBundle(" in page.text


async def test_swagger_ui_4_is_given_the_document_as_openapi_3_0(client, doc: Doc) -> None:
    # Swagger UI 4.15.5 (what swagger-ui-bundle ships) renders 3.0 only.
    converted = for_swagger_ui_4(doc)
    validate(converted)
    assert converted["openapi"] == "3.0.3"
    assert converted["paths"].keys() == doc["paths"].keys()
    assert '"openapi":"3.0.3"' in (await client.get("/schema/swagger")).text
    assert (await client.get("/schema/openapi.json")).json()["openapi"].startswith("3.1")


def test_the_3_0_wording_says_the_same_things() -> None:
    schema = {
        "type": ["string", "null"],
        "const": "x",
        "examples": [1, 2],
        "exclusiveMinimum": 0,
        "contentMediaType": "image/png",
        "properties": {"a": {"oneOf": [{"$ref": "#/components/schemas/A"}, {"type": "null"}]}},
        "required": [],
    }
    assert for_swagger_ui_4(schema) == {
        "type": "string",
        "nullable": True,
        "enum": ["x"],
        "example": 1,
        "minimum": 0,
        "exclusiveMinimum": True,
        "properties": {"a": {"allOf": [{"$ref": "#/components/schemas/A"}], "nullable": True}},
        "openapi": "3.0.3",
    }


async def test_only_the_swagger_files_are_served(client) -> None:
    assert (await client.get("/schema/assets/index.html")).status_code == 404
    assert (await client.get("/schema/assets/..%2Fpyproject.toml")).status_code == 404
    script = await client.get("/schema/assets/swagger-ui-bundle.js")
    assert script.headers["content-type"].startswith("text/javascript")
    assert "max-age=86400" in script.headers["cache-control"]


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def _json(doc: Doc) -> str:
    import json

    return json.dumps(doc)
