"""What the OpenAPI document says beyond the handler signatures, declared once.

- The Bearer scheme, and which operations take a key (`KEY`) or take one optionally
  (`KEY_OR_ANONYMOUS`: anonymous reads allowed, a key shows the caller's own things too).
- The error answers each operation can give, all with the one error body (`ErrorOut`):
  `errors(404, 409, …)` adds the named statuses to the ones every operation shares.
- What `ResponseSpec` cannot say, added by the operation class (`ApiOperation`): the
  headers of error answers, more than one media type for a status (JSON or CSV, PNG or
  JPEG, a page or JSON), and request bodies the handler reads itself (import previews).

The conventions: docs/adr/0110-the-openapi-document-tells-the-truth.md.
tests/api/test_openapi.py holds the document to them; tests/fuzz holds the service to the
document.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from litestar._openapi.schema_generation.plugins.struct import StructSchemaPlugin
from litestar.openapi.datastructures import ResponseSpec
from litestar.openapi.spec import (
    Encoding,
    Example,
    OpenAPIFormat,
    OpenAPIHeader,
    OpenAPIMediaType,
    OpenAPIResponse,
    OpenAPIType,
    Operation,
    Parameter,
    Reference,
    RequestBody,
    Schema,
    SecurityRequirement,
    SecurityScheme,
)

from schemas.errors import ErrorOut

if TYPE_CHECKING:
    from litestar._openapi.schema_generation import SchemaCreator
    from litestar.typing import FieldDefinition

API_DESCRIPTION = """\
Keep PC-hardware deals (**listings**) in **collections**; share them as private, unlisted or
public links; discover and copy other people's public collections; render a listing or a
collection as a **card image**; move deals and collections in and out as Deal Brain v1.0.0
files.

**Keys.** Send `Authorization: Bearer dbk_…` (Authorize, above). Reads of public things need
no key; writes do. A malformed, unknown or revoked key is refused with 401 everywhere.

**Errors.** Every error answers JSON `{"status_code", "error", "detail", "field"?,
"errors"?}`: `field` names the value at fault. 400: a value is wrong in itself (a type, a
bound, an unknown field, malformed JSON); 422: a well-formed request breaks a rule;
401/403/404/409/410/413 as usual; 503: busy, try again after `Retry-After`. Share-link
pages (`/s/{token}`) answer HTML unless JSON is asked for.
"""

BEARER = "BearerAuth"
SECURITY_SCHEMES: dict[str, SecurityScheme | Reference] = {
    BEARER: SecurityScheme(
        type="http",
        scheme="bearer",
        bearer_format="API key (dbk_…)",
        description=(
            "An API key made with `dealbrain keys create USER`, sent as "
            "`Authorization: Bearer dbk_…`. No header means anonymous; a malformed, unknown "
            "or revoked key is refused with 401 on every path, reads included."
        ),
    )
}
# The operation needs a key (anonymous callers get 401).
KEY: list[SecurityRequirement] = [{BEARER: []}]
# Anonymous callers are served; with a key the caller also sees what is theirs (or, for an
# admin, everything).
KEY_OR_ANONYMOUS: list[SecurityRequirement] = [{}, {BEARER: []}]

JSON = "application/json"
HTML = "text/html"
CSV = "text/csv"
PNG = "image/png"
JPEG = "image/jpeg"

ERROR_DESCRIPTIONS: dict[int, str] = {
    400: "The request could not be taken as sent: malformed JSON, a body that is not UTF-8, "
    "a wrong type, an unknown field, a value out of its bounds (a `limit` over 100, a text "
    "too long, a NUL character) in the body, the query or the path. `field` names the value "
    "at fault (`performance.ports.ports[0].count`), `errors` lists every problem.",
    401: "A key is needed and none was sent, or the `Authorization` header is malformed "
    "or names an unknown or revoked key (refused on every path, reads included).",
    403: "The caller may see it but not change it: only the owner (for a listing, its "
    "creator) or an admin may.",
    404: "Nothing with that id, or nothing the caller may see (a private or hidden "
    "collection, a revoked or expired share link, someone else's import preview).",
    409: "The change clashes with what is there: the listing is already in the collection, "
    "you already have an open report on it, the preview was already confirmed.",
    410: "The import preview expired (previews are kept 30 minutes): preview the file again.",
    413: "The body is larger than DEALBRAIN_MAX_UPLOAD_BYTES, or the file holds more items "
    "than DEALBRAIN_MAX_IMPORT_ITEMS; `detail` names the limit.",
    422: "A well-formed request breaks a rule: a reorder that does not name every item "
    "once, an expiry in the past, a file of the wrong kind or with a value the catalog "
    "refuses. `field` names the value.",
    503: "Busy: the database or the blob store cannot answer right now. Try again after "
    "`Retry-After` seconds.",
}
# Every operation can meet a bad key: one is refused on every path.
SHARED = (401,)

_ERROR_EXAMPLES: dict[int, dict[str, Any]] = {
    400: {
        "status_code": 400,
        "error": "bad_request",
        "detail": "price_usd: Expected `float` >= 0.0",
        "field": "price_usd",
        "errors": [{"field": "price_usd", "message": "Expected `float` >= 0.0"}],
    },
    401: {"status_code": 401, "error": "unauthorized", "detail": "invalid API key"},
    403: {
        "status_code": 403,
        "error": "forbidden",
        "detail": "only the owner may change this collection",
    },
    404: {"status_code": 404, "error": "not_found", "detail": "collection 7 not found"},
    409: {
        "status_code": 409,
        "error": "conflict",
        "detail": "listing 3 is already in collection 7",
        "field": "listing_id",
    },
    410: {
        "status_code": 410,
        "error": "gone",
        "detail": "import preview 5f0c… expired at 2025-01-01T12:30:00+00:00; preview the "
        "file again",
    },
    413: {
        "status_code": 413,
        "error": "too_large",
        "detail": "the request body is larger than DEALBRAIN_MAX_UPLOAD_BYTES allows "
        "(10,485,760 bytes)",
    },
    422: {
        "status_code": 422,
        "error": "invalid",
        "detail": "listing_ids: must name every item of the collection exactly once",
        "field": "listing_ids",
    },
    503: {
        "status_code": 503,
        "error": "busy",
        "detail": "the database is busy; try again in a moment",
    },
}


def errors(*statuses: int) -> dict[int, ResponseSpec]:
    """The error answers of an operation: the ones named and the shared one (401), each
    with the error body `{status_code, error, detail, field?, errors?}`."""
    wanted = sorted(set(statuses) | set(SHARED))
    return {
        status: ResponseSpec(
            ErrorOut,
            description=ERROR_DESCRIPTIONS[status],
            generate_examples=False,
            examples=[Example(summary=f"{status}", value=_ERROR_EXAMPLES[status])],
        )
        for status in wanted
    }


# Statuses by kind of operation (`errors` adds 401). 503: the store is busy.
# A broken rule (422) is added where one can be broken (a reorder, an expiry, an import);
# everything wrong in a value itself is a 400.
READ_ONE = (404, 503)  # a read by id or through a share link
READ_PAGE = (400, 503)  # a page of a list: a bad `limit`/`offset` or filter
CREATE = (400, 413, 503)  # a JSON body that makes something
CHANGE = (400, 403, 404, 413, 503)  # the owner's change of a thing, with a body
REMOVE = (403, 404, 503)  # the owner's delete or read of what only the owner sees

_HEADER_TEXT = Schema(type=OpenAPIType.STRING)
ERROR_HEADERS: dict[str, dict[str, OpenAPIHeader | Reference]] = {
    "401": {
        "WWW-Authenticate": OpenAPIHeader(
            schema=Schema(type=OpenAPIType.STRING, const="Bearer"),
            required=True,
            description="Always `Bearer`: send an API key.",
        )
    },
    "503": {
        "Retry-After": OpenAPIHeader(
            schema=Schema(type=OpenAPIType.STRING),
            description="Seconds to wait before trying again.",
        )
    },
}


class StrictStructSchemaPlugin(StructSchemaPlugin):
    """A Struct that refuses unknown fields (`forbid_unknown_fields=True`, every request
    body) says so: `additionalProperties: false`. Litestar's own plugin leaves it out, so a
    client (or a fuzzer) would think extra fields are welcome; they are a 400."""

    def to_openapi_schema(
        self, field_definition: FieldDefinition, schema_creator: SchemaCreator
    ) -> Schema:
        schema = super().to_openapi_schema(field_definition, schema_creator)
        config = getattr(field_definition.type_, "__struct_config__", None)
        if config is not None and config.forbid_unknown_fields:
            schema.additional_properties = False
        return schema


def binary(media_type: str) -> OpenAPIMediaType:
    """A file of `media_type` (an image, a CSV download)."""
    return OpenAPIMediaType(
        schema=Schema(
            type=OpenAPIType.STRING, format=OpenAPIFormat.BINARY, content_media_type=media_type
        )
    )


def component(name: str) -> OpenAPIMediaType:
    """JSON whose schema is the component `name` (registered by another operation)."""
    return OpenAPIMediaType(schema=Reference(ref=f"#/components/schemas/{name}"))


def header(description: str, *, required: bool = False) -> OpenAPIHeader:
    return OpenAPIHeader(schema=_HEADER_TEXT, description=description, required=required)


@dataclass
class ApiOperation(Operation):
    """Every API operation: the headers of its error answers, and no 400 it did not declare
    through `errors` (Litestar adds a 400 of its own body shape to any handler with a
    parameter, even where only a path id can be wrong, which answers 404). An answer that
    is one of several bodies (`ListingOut | SkippedOut`) is `anyOf` them: Litestar writes
    `oneOf`, which a body valid as both (every field of `SkippedOut` is optional) breaks."""

    def __post_init__(self) -> None:
        responses = self.responses if self.responses is not None else {}
        if _litestar_default(responses.get("400")):
            # A query, header or body value, or a text in the path, can be refused; a
            # path id that is not a number finds no route (404).
            decodable = self.request_body is not None or any(
                _refusable(parameter) for parameter in self.parameters or []
            )
            shared = responses.get("401")
            if decodable and isinstance(shared, OpenAPIResponse) and shared.content:
                body = OpenAPIMediaType(schema=shared.content[JSON].schema)
                responses["400"] = OpenAPIResponse(
                    description=ERROR_DESCRIPTIONS[400], content={JSON: body}
                )
            else:
                del responses["400"]
        for answer in responses.values():
            if isinstance(answer, OpenAPIResponse):
                for media in (answer.content or {}).values():
                    _any_of(media.schema)
        for status, added in ERROR_HEADERS.items():
            error = responses.get(status)
            if isinstance(error, OpenAPIResponse) and (
                error.description == ERROR_DESCRIPTIONS[int(status)]
            ):
                error.headers = {**(error.headers or {}), **added}
        self.refine(responses)
        self.responses = dict(sorted(responses.items()))

    def refine(self, responses: dict[str, OpenAPIResponse | Reference]) -> None:
        """What a subclass adds (see `operation`)."""


def operation(
    *,
    content: Mapping[int, Mapping[str, OpenAPIMediaType]] | None = None,
    headers: Mapping[int, Mapping[str, OpenAPIHeader]] | None = None,
    request_body: RequestBody | None = None,
    pages: bool = False,
) -> type[ApiOperation]:
    """An `ApiOperation` that also says what `ResponseSpec` cannot:

    - `content`: more media types for a status (`{200: {CSV: binary(CSV)}}`); a status
      not answered yet is added with these media types only;
    - `headers`: response headers of a status (`{200: {"ETag": header(…)}}`);
    - `request_body`: the body of a handler that reads the request itself;
    - `pages`: the operation is a page for people (HTML unless JSON is asked for with
      `Accept`), so every answer may also be `text/html`.
    """

    class Described(ApiOperation):
        def refine(self, responses: dict[str, OpenAPIResponse | Reference]) -> None:
            for status, media in (content or {}).items():
                response = _response(responses, status)
                response.content = {**(response.content or {}), **media}
            for status, named in (headers or {}).items():
                response = _response(responses, status)
                response.headers = {**(response.headers or {}), **named}
            if pages:
                for answer in responses.values():
                    if isinstance(answer, OpenAPIResponse) and answer.content:
                        answer.content = {**answer.content, HTML: _html()}
            if request_body is not None:
                self.request_body = request_body

    return Described


def _any_of(schema: Schema | Reference | None) -> None:
    if (
        isinstance(schema, Schema)
        and schema.one_of
        and all(isinstance(member, Reference) for member in schema.one_of)
    ):
        schema.any_of, schema.one_of = schema.one_of, None


def _refusable(parameter: Parameter | Reference) -> bool:
    if not isinstance(parameter, Parameter):
        return True
    schema = parameter.schema
    any_number = (
        isinstance(schema, Schema)
        and schema.type == OpenAPIType.INTEGER
        and schema.minimum is None
        and schema.maximum is None
    )
    return parameter.param_in != "path" or not any_number


def _litestar_default(response: OpenAPIResponse | Reference | None) -> bool:
    """Litestar's own ValidationException answer `{status_code, detail, extra}`."""
    if not isinstance(response, OpenAPIResponse) or not response.content:
        return False
    schema = response.content.get(JSON, OpenAPIMediaType()).schema
    return isinstance(schema, Schema) and "extra" in (schema.properties or {})


def _response(responses: dict[str, OpenAPIResponse | Reference], status: int) -> OpenAPIResponse:
    response = responses.get(str(status))
    if not isinstance(response, OpenAPIResponse):
        response = OpenAPIResponse(description=_SUCCESS.get(status, "See the description"))
        responses[str(status)] = response
    return response


_SUCCESS = {304: "Not modified: the client's copy (`If-None-Match`) is current; no body."}


def _html() -> OpenAPIMediaType:
    return OpenAPIMediaType(schema=Schema(type=OpenAPIType.STRING))


def upload_body(document: str, description: str) -> RequestBody:
    """An import preview's body: the file itself as JSON, or a multipart upload of it."""
    return RequestBody(
        required=True,
        description=description,
        content={
            JSON: component(document),
            "multipart/form-data": OpenAPIMediaType(
                schema=Schema(
                    type=OpenAPIType.OBJECT,
                    required=["file"],
                    properties={
                        "file": Schema(
                            type=OpenAPIType.STRING,
                            format=OpenAPIFormat.BINARY,
                            description=f"The file: a Deal Brain v1.0.0 {document}.",
                        )
                    },
                ),
                encoding={"file": Encoding(content_type=f"{JSON}, application/octet-stream")},
            ),
        },
    )
