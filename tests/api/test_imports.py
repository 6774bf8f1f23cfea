"""Import over HTTP: preview (JSON body or multipart), confirm, round trips, limits, fuzzing."""

from __future__ import annotations

import asyncio
import copy
import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
import uvicorn
from dependency_injector import providers
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from litestar import Litestar
from litestar.testing import AsyncTestClient

from adapters.memory import FixedClock, RecordingEventSink
from entrypoints.app import create_app
from entrypoints.container import Container, build_container
from entrypoints.settings import Settings

from .conftest import FULL_LISTING, check_error

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "portable"
MAX_ITEMS = 25
MAX_BYTES = 64 * 1024
# What a round trip may change: new rows get new ids; imports are private. Times are the
# file's (ADR 0083): every listing's created_at/updated_at, every item's added_at, and the
# collection's own.
CHANGES_ON_IMPORT = frozenset({"id", "visibility"})


def fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def fixture_json(name: str) -> dict[str, Any]:
    return json.loads(fixture(name))


def normalised(data: Any) -> Any:
    """The `data` part without what a round trip may change (CHANGES_ON_IMPORT)."""
    if isinstance(data, dict):
        return {k: normalised(v) for k, v in data.items() if k not in CHANGES_ON_IMPORT}
    if isinstance(data, list):
        return [normalised(item) for item in data]
    return data


def test_the_normaliser_drops_exactly_what_an_import_changes() -> None:
    data = {
        "collection": {"id": 1, "name": "n", "visibility": "public", "created_at": "t"},
        "items": [{"listing": {"listing": {"id": 2, "title": "t", "updated_at": "u"}}, "x": 1}],
    }
    assert normalised(data) == {
        "collection": {"name": "n", "created_at": "t"},
        "items": [{"listing": {"listing": {"title": "t", "updated_at": "u"}}, "x": 1}],
    }


# -- A container with a clock the tests move and small limits --------------------------------
@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(datetime.now(UTC).replace(microsecond=0))


@pytest.fixture
def container(tmp_path: Path, events: RecordingEventSink, clock: FixedClock) -> Container:
    settings = Settings(
        data_dir=tmp_path,
        database_url="unused",
        storage="memory",
        max_import_items=MAX_ITEMS,
        max_upload_bytes=MAX_BYTES,
    )
    container = build_container(settings)
    container.events.override(providers.Object(events))
    container.clock.override(providers.Object(clock))
    return container


@pytest.fixture
async def client(container: Container) -> AsyncIterator[AsyncTestClient[Litestar]]:
    async with AsyncTestClient(create_app(container)) as client:
        yield client


async def preview(client, headers, raw: bytes | dict, kind: str = "listings") -> Any:
    content = json.dumps(raw).encode() if isinstance(raw, dict) else raw
    return await client.post(
        f"/{kind}/import",
        content=content,
        headers={**headers, "Content-Type": "application/json"},
    )


async def previewed(client, headers, raw: bytes | dict, kind: str = "listings") -> dict:
    response = await preview(client, headers, raw, kind)
    assert response.status_code == 200, response.text
    return response.json()


async def confirm(client, headers, preview_id: str, body: dict, kind: str = "listings") -> Any:
    return await client.post(f"/{kind}/import/{preview_id}/confirm", json=body, headers=headers)


async def listing_total(client) -> int:
    return (await client.get("/listings", params={"limit": 1})).json()["total"]


# -- Round trips -----------------------------------------------------------------------------
def every_field(title: str, price: float) -> dict[str, Any]:
    """A listing body with every field of the format set (plus opaque nulls and nesting)."""
    body = copy.deepcopy(FULL_LISTING)
    body.update(title=title, price_usd=price, price_date="2025-11-18T09:30:00Z")
    body["custom_fields"] = {"z": [1, None, {"b": True, "a": 0.5}], "a": None}
    body["valuation"]["valuation_breakdown"] = {"zeta": {"lines": [{"d": -3}]}, "alpha": None}
    body["metadata"]["model_number"] = "SER5-5800H"
    performance = body["performance"]
    performance["cpu"].update(
        tdp_w=45, cpu_mark_multi=21000, cpu_mark_single=3000, igpu_mark=2500,
        release_year=2021, igpu_model="Radeon Vega 8",
    )  # fmt: skip
    performance["gpu"] = {"name": "RTX 3050", "manufacturer": "NVIDIA", "gpu_mark": 12000,
                          "metal_score": 40000}  # fmt: skip
    performance["ram"].update(module_count=2, capacity_per_module_gb=8, notes="dual channel")
    performance["storage_primary"].update(
        interface="PCIe 3.0 x4", form_factor="M.2 2280", performance_tier="fast"
    )
    performance["storage_secondary"] = {"capacity_gb": 1000, "medium": "hdd"}
    performance["metrics"] = {name: 0.5 + i for i, name in enumerate((
        "dollar_per_cpu_mark_single", "dollar_per_cpu_mark_single_adjusted",
        "dollar_per_cpu_mark_multi", "dollar_per_cpu_mark_multi_adjusted", "score_cpu_multi",
        "score_cpu_single", "score_gpu", "score_composite", "perf_per_watt",
    ))}  # fmt: skip
    performance["ports"] = {
        "profile_name": "rear I/O",
        "ports": [{"type": "usb_c", "count": 2, "spec_notes": "USB4"}, {"type": "rj45_2_5g"}],
    }
    performance["components"] = [
        {"component_type": "ram", "name": "SODIMM", "quantity": 2, "metadata": {"p": [1]},
         "adjustment_value_usd": -12.5},
        {"component_type": "os_license"},
    ]  # fmt: skip
    return body


async def test_a_collection_survives_export_import_export(
    client, alice, make_listing, make_collection, add_item, events, clock
) -> None:
    collection = await make_collection(
        alice, name="Mini PCs", description="For the lab", visibility="public"
    )
    for n, (status, notes) in enumerate([("shortlisted", "best"), ("bought", None),
                                         ("rejected", "noisy fan")]):  # fmt: skip
        clock.advance(hours=1)  # every row its own times
        listing = await make_listing(alice, **every_field(f"Beelink SER{n + 5}", 299.0 + n * 40))
        clock.advance(minutes=5)
        await add_item(alice, collection["id"], listing["id"], status=status, notes=notes)
    exported = (await client.get(f"/collections/{collection['id']}/export", headers=alice)).json()
    clock.advance(days=3)  # imported days later: the times must still be the file's

    shown = await previewed(client, alice, exported, "collections")
    assert shown["counts"]["likely_duplicate"] == 3  # each one is already in the catalog
    response = await confirm(client, alice, shown["preview_id"], {"strategy": "create_new"},
                             "collections")  # fmt: skip
    assert response.status_code == 201, response.text
    imported = response.json()
    assert imported["visibility"] == "private" and imported["owner_username"] == "alice"
    assert len(imported["created_listing_ids"]) == 3 and imported["skipped_items"] == []
    again = await client.get(f"/collections/{imported['id']}/export", headers=alice)

    assert normalised(again.json()["data"]) == normalised(exported["data"])
    assert again.json()["data"]["collection"]["visibility"] == "private"
    assert events.names().count("import.previewed") == events.names().count("import.confirmed")
    times = [
        (i["added_at"], i["listing"]["listing"]["created_at"]) for i in exported["data"]["items"]
    ]
    assert len(set(times)) == 3  # distinct, and each kept


async def test_a_deal_survives_export_import_export(client, alice, make_listing, clock) -> None:
    listing = await make_listing(alice, **every_field("Beelink SER5 Pro", 329.0))
    exported = (await client.get(f"/listings/{listing['id']}/export")).json()
    clock.advance(days=3)

    shown = await previewed(client, alice, exported)
    [only] = shown["listings"]
    assert only["candidates"][0]["listing_id"] == listing["id"]
    assert only["candidates"][0]["band"] == "likely" and only["candidates"][0]["reason"]
    response = await confirm(client, alice, shown["preview_id"], {"strategy": "create_new"})
    assert response.status_code == 201, response.text
    created = response.json()
    assert created["id"] != listing["id"] and created["created_by"] == listing["created_by"]
    again = (await client.get(f"/listings/{created['id']}/export")).json()
    assert normalised(again["data"]) == normalised(exported["data"])


# -- Hand-written files ----------------------------------------------------------------------
@pytest.mark.parametrize(
    ("name", "kind", "warned"),
    [
        ("deal-v0.9.0.json", "listings", "upcast from draft 0.9.0"),
        ("collection-v0.9.0.json", "collections", "upcast from draft 0.9.0"),
        ("collection-v0.9.0-no-id.json", "collections", "upcast from draft 0.9.0"),
        ("deal-v1.0.0-nested-data.json", "listings", "$.deal_brain_export.data"),
        ("deal-v1.1.0-extra-field.json", "listings", "newer than 1.0.0"),
        ("deal-v1.0.0-zoneless-times.json", "listings", None),
        ("deal-v1.0.0-explicit-nulls.json", "listings", None),
        ("deal-v1.0.0-unknown-fields.json", "listings", "unknown field"),
        ("collection-v1.0.0.json", "collections", "$.data.items[1].pinned: unknown field"),
    ],
)
async def test_files_from_the_wild_preview(client, alice, name, kind, warned) -> None:
    shown = await previewed(client, alice, fixture(name), kind)
    assert shown["kind"] == ("deal" if kind == "listings" else "collection")
    assert sum(shown["counts"].values()) == len(shown["listings"]) >= 1
    if warned is None:
        assert shown["warnings"] == []
    else:
        assert any(warned in warning for warning in shown["warnings"]), shown["warnings"]
    response = await confirm(client, alice, shown["preview_id"], {"strategy": "create_new"}, kind)
    assert response.status_code == 201, response.text


async def test_a_1_1_0_file_is_read_with_warnings(client, alice) -> None:
    shown = await previewed(client, alice, fixture("deal-v1.1.0-extra-field.json"))
    assert shown["version_found"] == "1.1.0"
    assert any("energy_star" in warning for warning in shown["warnings"])
    assert any("locale" in warning for warning in shown["warnings"])


async def test_a_2_0_0_file_is_refused_naming_the_version(client, alice) -> None:
    response = await preview(client, alice, fixture("deal-v2.0.0.json"))
    body = check_error(response, 422, "invalid", field="$.deal_brain_export.version")
    assert "2.0.0" in body["detail"] and "1.0.0" in body["detail"]


async def test_a_bad_value_is_refused_naming_its_path(client, alice) -> None:
    response = await preview(client, alice, fixture("collection-v1.0.0-bad-condition.json"),
                             "collections")  # fmt: skip
    check_error(response, 422, "invalid", field="$.data.items[2].listing.listing.condition")


@pytest.mark.parametrize(
    "raw", [b"this is not JSON", b"", b"[1, 2]", b"[" * 100 + b"]" * 100, b'{"a": ' * 80 + b"1"]
)
async def test_what_is_not_a_document_is_400(client, alice, raw) -> None:
    check_error(await preview(client, alice, raw), 400, "bad_request", field="$")


async def test_the_wrong_kind_of_file_is_422(client, alice) -> None:
    response = await preview(client, alice, fixture("collection-v1.0.0.json"), "listings")
    check_error(response, 422, "invalid", field="$.deal_brain_export.type")


async def test_too_many_items_is_413_naming_the_setting(client, alice) -> None:
    document = fixture_json("collection-v0.9.0.json")
    items = document["deal_brain_export"]["data"]["items"]
    items *= MAX_ITEMS // len(items) + 1
    response = await preview(client, alice, document, "collections")
    body = check_error(response, 413, "too_large")
    assert "DEALBRAIN_MAX_IMPORT_ITEMS" in body["detail"] and f"{MAX_ITEMS}" in body["detail"]


@pytest.mark.parametrize("multipart", [False, True])
async def test_a_body_over_the_byte_limit_is_413_naming_the_setting(
    client, alice, multipart
) -> None:
    document = fixture_json("deal-v1.0.0-full.json")
    document["data"]["listing"]["notes"] = "x" * MAX_BYTES
    raw = json.dumps(document).encode()
    if multipart:
        response = await client.post(
            "/listings/import", files={"file": ("deal.json", raw)}, headers=alice
        )
    else:
        response = await preview(client, alice, raw)
    body = check_error(response, 413, "too_large")
    assert "DEALBRAIN_MAX_UPLOAD_BYTES" in body["detail"] and f"{MAX_BYTES:,}" in body["detail"]


async def test_a_multipart_upload_previews_like_a_body(client, alice) -> None:
    response = await client.post(
        "/collections/import",
        files={"file": ("lab.json", fixture("collection-v1.0.0.json"), "application/json")},
        headers=alice,
    )
    assert response.status_code == 200, response.text
    assert response.json()["collection"]["name"] == "Proxmox cluster candidates"
    assert len(response.json()["listings"]) == 3


async def test_a_multipart_body_without_a_file_part_is_400(client, alice) -> None:
    response = await client.post("/listings/import", data={"other": "x"}, files={
        "attachment": ("a.json", b"{}")}, headers=alice)  # fmt: skip
    check_error(response, 400, "bad_request", field="file")


# -- Who confirms, once, in time -------------------------------------------------------------
async def test_previews_need_credentials(client, alice) -> None:
    check_error(await preview(client, {}, fixture("deal-v0.9.0.json")), 401, "unauthorized")
    shown = await previewed(client, alice, fixture("deal-v0.9.0.json"))
    response = await confirm(client, {}, shown["preview_id"], {"strategy": "create_new"})
    check_error(response, 401, "unauthorized")


async def test_confirming_twice_is_409(client, alice) -> None:
    shown = await previewed(client, alice, fixture("deal-v0.9.0.json"))
    first = await confirm(client, alice, shown["preview_id"], {"strategy": "create_new"})
    assert first.status_code == 201
    second = await confirm(client, alice, shown["preview_id"], {"strategy": "create_new"})
    check_error(second, 409, "conflict")
    assert await listing_total(client) == 1


async def test_someone_elses_preview_is_404(client, alice, bob) -> None:
    shown = await previewed(client, alice, fixture("deal-v0.9.0.json"))
    response = await confirm(client, bob, shown["preview_id"], {"strategy": "create_new"})
    check_error(response, 404, "not_found")
    check_error(await confirm(client, alice, "nope", {"strategy": "skip"}), 404, "not_found")
    # A deal preview is not found among collection previews.
    response = await confirm(client, alice, shown["preview_id"], {"strategy": "skip"},
                             "collections")  # fmt: skip
    check_error(response, 404, "not_found")


async def test_an_expired_preview_is_410(client, alice, clock) -> None:
    shown = await previewed(client, alice, fixture("deal-v0.9.0.json"))
    expires_at = clock.now() + timedelta(minutes=30)
    assert shown["expires_at"] == expires_at.isoformat().replace("+00:00", "Z")
    clock.advance(minutes=30, seconds=1)
    response = await confirm(client, alice, shown["preview_id"], {"strategy": "create_new"})
    check_error(response, 410, "gone")
    assert await listing_total(client) == 0


# -- Strategies ------------------------------------------------------------------------------
async def test_update_existing_answers_200_with_the_changed_listing(
    client, alice, bob, make_listing
) -> None:
    mine = await make_listing(alice, title="Old")
    theirs = await make_listing(bob, title="Bob's")
    shown = await previewed(client, alice, fixture("deal-v1.0.0-full.json"))
    pid = shown["preview_id"]

    missing = await confirm(client, alice, pid, {"strategy": "update_existing"})
    check_error(missing, 422, "invalid", field="target_listing_id")
    forbidden = await confirm(client, alice, pid, {"strategy": "update_existing",
                                                   "target_listing_id": theirs["id"]})  # fmt: skip
    check_error(forbidden, 403, "forbidden")
    response = await confirm(client, alice, pid, {"strategy": "update_existing",
                                                  "target_listing_id": mine["id"]})  # fmt: skip
    assert response.status_code == 200, response.text
    assert response.json()["id"] == mine["id"]
    assert response.json()["title"].startswith("Dell OptiPlex 7050 Micro")
    assert await listing_total(client) == 2


async def test_skip_answers_200_and_uses_the_preview_up(client, alice) -> None:
    shown = await previewed(client, alice, fixture("collection-v0.9.0.json"), "collections")
    pid = shown["preview_id"]
    response = await confirm(client, alice, pid, {"strategy": "skip"}, "collections")
    assert (response.status_code, response.json()) == (200, {"skipped": True})
    again = await confirm(client, alice, pid, {"strategy": "create_new"}, "collections")
    check_error(again, 409, "conflict")
    assert await listing_total(client) == 0


async def test_merge_into_with_item_choices(
    client, alice, make_listing, make_collection, add_item
) -> None:
    mine = await make_collection(alice, name="Thin clients")
    wyse = await make_listing(alice, title="Dell Wyse 5070 J5005", price_usd=45.0)
    await add_item(alice, mine["id"], wyse["id"])
    shown = await previewed(client, alice, fixture("collection-v0.9.0.json"), "collections")
    body = {
        "strategy": "merge_into",
        "target_collection_id": mine["id"],
        "items": {"0": f"link:{wyse['id']}", "2": "skip"},
    }
    response = await confirm(client, alice, shown["preview_id"], body, "collections")

    assert response.status_code == 200, response.text
    merged = response.json()
    assert merged["id"] == mine["id"] and merged["name"] == "Thin clients"
    assert [item["listing"]["title"] for item in merged["items"]] == [
        "Dell Wyse 5070 J5005",
        "HP t620 Plus",
    ]
    assert merged["skipped_items"] == [0, 2] and len(merged["created_listing_ids"]) == 1


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"strategy": "merge"}, "strategy"),
        ({"strategy": "create_new", "items": {"0": "link:abc"}}, None),
        ({"strategy": "merge_into", "target_collection_id": 0}, "target_collection_id"),
    ],
)
async def test_a_malformed_decision_is_400(client, alice, body, field) -> None:
    shown = await previewed(client, alice, fixture("collection-v0.9.0.json"), "collections")
    response = await confirm(client, alice, shown["preview_id"], body, "collections")
    assert response.status_code == 400, response.text
    if field is not None:
        assert response.json()["field"] == field
    ok = await confirm(client, alice, shown["preview_id"], {"strategy": "skip"}, "collections")
    assert ok.status_code == 200  # a refused decision leaves the preview as it was


@pytest.mark.parametrize("items", [[], [1], None, "skip", 3])
async def test_items_that_are_not_an_object_are_400_naming_items(client, alice, items) -> None:
    """`items` shares its name with a dependency of the app, which made Litestar answer a
    bare 500 with no log line (ADR 0113); it is the client's mistake, so 400."""
    shown = await previewed(client, alice, fixture("collection-v0.9.0.json"), "collections")
    body = {"strategy": "create_new", "items": items}
    response = await confirm(client, alice, shown["preview_id"], body, "collections")
    check_error(response, 400, "bad_request", field="items")
    ok = await confirm(client, alice, shown["preview_id"], {"strategy": "create_new"},
                       "collections")  # fmt: skip
    assert ok.status_code == 201, ok.text  # the refused decision changed nothing


@pytest.mark.parametrize("key", ["3", "x", "-1", "1.0"])
async def test_an_item_choice_naming_no_item_of_the_file_is_422(client, alice, key) -> None:
    shown = await previewed(client, alice, fixture("collection-v0.9.0.json"), "collections")
    body = {"strategy": "create_new", "items": {key: "skip"}}
    response = await confirm(client, alice, shown["preview_id"], body, "collections")
    check_error(response, 422, "invalid", field=f"items.{key}")


async def test_the_import_routes_are_in_the_openapi_schema(client) -> None:
    paths = (await client.get("/schema/openapi.json")).json()["paths"]
    for path in ("/listings/import", "/collections/import"):
        assert "post" in paths[path]
        assert "post" in paths[path + "/{preview_id}/confirm"]


# -- Fuzzing ---------------------------------------------------------------------------------
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=12)
    | st.sampled_from(["1.0.0", "0.9.0", "deal", "collection", "2025-11-19T12:00:00"]),
    lambda children: st.lists(children, max_size=4)
    | st.dictionaries(st.sampled_from(["deal_brain_export", "data", "version", "type", "listing",
                                       "items", "title", "price_usd"]) | st.text(max_size=6),
                      children, max_size=5),
    max_leaves=30,
)  # fmt: skip
documents = json_values | st.fixed_dictionaries(
    {"deal_brain_export": json_values | st.fixed_dictionaries(
        {"version": st.sampled_from(["1.0.0", "0.9.0", "1.4.2"]), "type": st.just("deal"),
         "exported_at": st.just("2025-11-19T12:00:00")}), "data": json_values}
)  # fmt: skip


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(value=documents, kind=st.sampled_from(["listings", "collections"]))
async def test_any_json_answers_a_preview_or_a_4xx_and_writes_nothing(
    client, alice, value, kind
) -> None:
    before = await listing_total(client)
    response = await preview(client, alice, json.dumps(value).encode(), kind)
    assert response.status_code in (200, 400, 413, 422), response.text
    assert response.headers["content-type"].startswith("application/json")
    assert await listing_total(client) == before == 0


# -- The event loop keeps answering while a large file is previewed (issue 11, ADR 0080) -----
LARGE_ITEMS = 3_000


def large_collection_file(size: int) -> bytes:
    """A collection of `size` mini PCs, priced close together, so the preview has real work."""
    document = fixture_json("collection-v1.0.0.json")
    template = document["data"]["items"][0]
    items = []
    for n in range(size):
        item = copy.deepcopy(template)
        listing = item["listing"]["listing"]
        listing.update(
            id=10_000 + n,
            title=f"Dell OptiPlex {3000 + n % 97} Micro i5-{8000 + n % 500}T {8 << n % 3}GB",
            price_usd=100.0 + (n % 400) / 4,
            listing_url=f"https://shop.example/item/{n}",
            seller=f"seller-{n % 40}",
        )
        item["position"] = n
        items.append(item)
    document["data"]["items"] = items
    return json.dumps(document).encode()


@asynccontextmanager
async def serving(app: Litestar) -> AsyncIterator[str]:
    """The app behind a real uvicorn server on this event loop (Litestar's test client runs
    each request to completion before the next, so it cannot show two at once)."""
    server = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=0, log_level="warning", lifespan="on")
    )
    task = asyncio.create_task(server.serve())
    for _ in range(1_000):
        if server.started or task.done():
            break
        await asyncio.sleep(0.01)
    assert server.started, "the test server did not start"
    port = server.servers[0].sockets[0].getsockname()[1]
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        await task


async def test_health_answers_while_a_large_preview_runs(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path, database_url="unused", storage="memory",
                        max_import_items=LARGE_ITEMS, max_upload_bytes=64 * 1024**2)  # fmt: skip
    container = build_container(settings)
    raw = large_collection_file(LARGE_ITEMS)
    await container.user_admin().create_user("alice")
    secret = (await container.api_keys().create("alice")).secret
    headers = {"Authorization": f"Bearer {secret}", "Content-Type": "application/json"}
    async with (
        serving(create_app(container)) as base,
        httpx.AsyncClient(base_url=base, timeout=300) as client,
    ):
        preview_task = asyncio.create_task(
            client.post("/collections/import", content=raw, headers=headers)
        )
        answered_during = 0
        while not preview_task.done():
            health = await client.get("/health")
            assert health.status_code == 200
            answered_during += not preview_task.done()
            await asyncio.sleep(0.01)
        response = await preview_task

    assert response.status_code == 200, response.text
    assert len(response.json()["listings"]) == LARGE_ITEMS
    # Reading, checking and scoring ran on worker threads: /health kept answering meanwhile.
    # (Before, the event loop was busy for the whole preview and answered once it was over.)
    assert answered_during >= 5, answered_during
